"""Dates as people write them: 2026年4月1日, 2026/4/1, 2026.4.1, 2026-04-01 (full-width digits too).

``parse_date`` is the one parser of the CLI, the API and the app form; years are bounded by
``limits.yaml`` so that date arithmetic (a deadline 20 years on) can never overflow.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb.entitle.errors import ProfileError, limits, preview
from kb.messages import msg

FORMS_PATH = Path(__file__).with_name("date_forms.yaml")


@cache
def date_pattern() -> re.Pattern[str]:
    """The written forms of a date (``date_forms.yaml``), as one regular expression with year, month, day."""
    return re.compile(yaml.safe_load(FORMS_PATH.read_text(encoding="utf-8"))["pattern"])


def _in_range(date: dt.date, where: str) -> dt.date:
    bounds = limits()
    if not bounds["year_min"] <= date.year <= bounds["year_max"]:
        raise ProfileError(
            msg(
                "entitle.date.out_of_range",
                where=where,
                value=date.isoformat(),
                min=bounds["year_min"],
                max=bounds["year_max"],
            ),
            where,
        )
    return date


def parse_date(value: Any, where: str | None = None) -> dt.date:
    """A date from a ``date``/``datetime`` or a text in one of the usual forms; ProfileError otherwise."""
    where = where or msg("entitle.date.default_where")
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), where)
    if isinstance(value, dt.date):
        return _in_range(value, where)
    if isinstance(value, str) and len(value) <= limits()["string_chars"]:
        text = unicodedata.normalize("NFKC", value).strip()
        match = date_pattern().fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                date = dt.date(year, month, day)
            except ValueError:
                raise ProfileError(msg("entitle.date.no_such_day", where=where, value=preview(value)), where) from None
            return _in_range(date, where)
    raise ProfileError(msg("entitle.date.invalid", where=where, value=preview(value)), where)
