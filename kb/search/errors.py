"""Errors of the search package; messages are meant for the user (Chinese)."""

from __future__ import annotations


class SearchError(Exception):
    """Base class: anything the user can fix (bad query, index to build, model to change)."""


class QueryError(SearchError):
    """The question itself is unusable (empty, too long, no Chinese, unknown document filter)."""


class IndexNeedsBuild(SearchError):
    """The index is missing, stale or corrupt: (re)building it fixes this."""

    reason_key = "needs_build"

    @property
    def reason(self) -> str:
        from kb.messages import msg

        return msg(f"search.reason.{self.reason_key}")


class IndexMissing(IndexNeedsBuild):
    reason_key = "missing"


class IndexStale(IndexNeedsBuild):
    reason_key = "stale"


class IndexCorrupt(IndexNeedsBuild):
    reason_key = "corrupt"


class ModelMismatch(SearchError):
    """The index was built with another embedding model; it is not rebuilt silently."""
