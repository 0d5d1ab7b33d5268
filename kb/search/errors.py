"""Errors of the search package; messages are meant for the user (Chinese)."""

from __future__ import annotations


class SearchError(Exception):
    """Base class: anything the user can fix (bad query, index to build, model to change)."""


class QueryError(SearchError):
    """The question itself is unusable (empty, too long, no Chinese, unknown document filter)."""


class IndexNeedsBuild(SearchError):
    """The index is missing, stale or corrupt: (re)building it fixes this."""

    reason = "需要重建"


class IndexMissing(IndexNeedsBuild):
    reason = "不存在"


class IndexStale(IndexNeedsBuild):
    reason = "已过期"


class IndexCorrupt(IndexNeedsBuild):
    reason = "已损坏"


class ModelMismatch(SearchError):
    """The index was built with another embedding model; it is not rebuilt silently."""
