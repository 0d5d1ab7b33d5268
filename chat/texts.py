"""The app's texts: ``kb/messages/app.yaml`` (keys ``app.*``) read through the one message catalogue."""

from __future__ import annotations

from typing import Any

from kb.messages import catalogue, msg, msgs

__all__ = ["joined", "msg", "msgs", "table", "text_date"]


def table(prefix: str) -> dict[str, str]:
    """A mapping of the catalogue, ``{leaf key: text}`` under ``prefix`` (``app.render.roles`` → {lead: 牵头, …})."""
    head = prefix + "."
    return {key[len(head) :]: str(value) for key, value in catalogue().items() if key.startswith(head)}


def joined(items: Any) -> str:
    return msg("app.list_sep").join(str(i) for i in items)


def text_date(day: Any) -> str:
    """A date as people write it (2020年1月1日); the ISO text as given when it is not a date."""
    import datetime as dt

    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return day
    return msg("app.date", year=day.year, month=day.month, day=day.day)
