"""Where the project's data lives: corpus/, ontology/ and the build folder.

The project root is the folder holding ``corpus/`` and ``ontology/``; it defaults to the checkout this
package was installed from (editable install) and can be overridden with ``POLICYKB_HOME``. The build
folder defaults to ``<root>/build`` and can be overridden with ``POLICYKB_BUILD``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    env = os.environ.get("POLICYKB_HOME")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def corpus_dir() -> Path:
    return project_root() / "corpus"


def ontology_dir() -> Path:
    return project_root() / "ontology"


def build_dir() -> Path:
    env = os.environ.get("POLICYKB_BUILD")
    return Path(env).resolve() if env else project_root() / "build"


def queries_dir() -> Path:
    return PACKAGE_DIR / "queries"
