"""The corpus layer's data file (corpus_data.yaml beside this module), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent / "corpus_data.yaml"


@cache
def corpus_data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
