"""Build hook: the wheel carries the repository's top-level corpus/ and ontology/ as package data (kb/data/).

The folders stay top-level in the repository (one copy, no duplicate committed); ``build_py`` copies them into
the built package, and MANIFEST.in puts them into the sdist that ``python -m build`` makes the wheel from.
Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("corpus", "ontology")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kb" / "data"
        for name in DATA_FOLDERS:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithData})
