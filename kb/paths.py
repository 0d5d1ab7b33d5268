"""Where the project's data lives: the corpus, the ontology and the build folder.

- **Data** (``corpus/`` and ``ontology/``): a checkout (or editable install) reads the repository's own folders;
  an installed wheel reads the copies it carries as package data (``kb/data/``). ``POLICYKB_HOME`` (or
  ``policykb --home DIR``) points to a user's own folder: ``DIR/corpus`` holds the documents, and
  ``DIR/ontology`` the ontology when the folder has one (otherwise the bundled ontology is used).
- **Build folder** (graph, manifest, search index): ``POLICYKB_BUILD`` (or ``build --out``) when set; else
  ``DIR/build`` for a ``POLICYKB_HOME``; else the per-user data folder
  ``$XDG_DATA_HOME/policykb/build`` (``~/.local/share/policykb/build``). Nothing is written next to the package.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent  # the repository, when running from a checkout
BUNDLED_DIR = PACKAGE_DIR / "data"  # corpus/ and ontology/ inside an installed wheel
HOME_ENV, BUILD_ENV = "POLICYKB_HOME", "POLICYKB_BUILD"


def bundled_root() -> Path:
    """The folder holding the bundled ``corpus/`` and ``ontology/``: the checkout, else the wheel's copies."""
    if (CHECKOUT_DIR / "corpus").is_dir() and (CHECKOUT_DIR / "ontology").is_dir():
        return CHECKOUT_DIR
    return BUNDLED_DIR


def user_home() -> Path | None:
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser().resolve() if env else None


def project_root() -> Path:
    """The user's folder (``POLICYKB_HOME``) or the bundled data."""
    return user_home() or bundled_root()


def corpus_dir() -> Path:
    return project_root() / "corpus"


def ontology_dir() -> Path:
    home = user_home()
    if home and (home / "ontology").is_dir():
        return home / "ontology"
    return bundled_root() / "ontology"


def user_data_dir() -> Path:
    """The per-user data folder (XDG base directories)."""
    base = os.environ.get("XDG_DATA_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".local" / "share") / "policykb"


def default_build_dir() -> Path:
    """The build folder when ``POLICYKB_BUILD`` is not set."""
    home = user_home()
    return home / "build" if home else user_data_dir() / "build"


def build_dir() -> Path:
    env = os.environ.get(BUILD_ENV)
    return Path(env).expanduser().resolve() if env else default_build_dir()


def queries_dir() -> Path:
    return PACKAGE_DIR / "queries"
