"""Household entitlements and obligations as rules over the knowledge graph (rules as code).

    from kb.entitle import entitle
    report = entitle({"registered_poor": True, "move_in_date": "2020-01-01", ...}, as_of="2020-08-01")
    report.to_json()  # {"as_of", "entitlements": [...], "obligations": [...], "questions": [...]}

The rules (labels, criteria, clauses, quotes, thresholds, periods) are read from the built graph through
``kb/queries/entitle_*.rq``; this package only holds the generic mechanism.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kb.entitle.dates import parse_date
from kb.entitle.errors import ProfileError, preview
from kb.entitle.evaluate import add_period, evaluate
from kb.entitle.profile import Profile, load_profile, profile_questions, validate_profile
from kb.entitle.result import STATUS_LABELS, Basis, Question, Report, Result
from kb.entitle.rules import Provision, RuleError, Store, load_rules
from kb.messages import msg

__all__ = [
    "STATUS_LABELS",
    "Basis",
    "Profile",
    "ProfileError",
    "Provision",
    "Question",
    "Report",
    "Result",
    "RuleError",
    "add_period",
    "entitle",
    "load_profile",
    "load_rules",
    "parse_date",
    "profile_questions",
    "validate_profile",
]


def entitle(
    profile: Profile | dict[str, Any] | str | Path,
    store: Store | None = None,
    as_of: dt.date | str | None = None,
    include_not_applicable: bool = False,
) -> Report:
    """Evaluate every household rule for ``profile`` (a Profile, a mapping, or a YAML/JSON file path).

    ``as_of`` overrides the profile's date; ``store`` defaults to the built graph (``GraphStore.open()``).
    Raises ProfileError (a ValueError) for an invalid profile, RuleError for inconsistent rules, StoreError
    without a build.
    """
    if isinstance(profile, str | Path):
        profile = load_profile(profile, as_of=as_of)
    elif isinstance(profile, dict):
        profile = validate_profile(profile, as_of=as_of)
    elif not isinstance(profile, Profile):
        raise ProfileError(msg("entitle.check.not_a_profile", value=preview(profile)))
    elif as_of is not None:
        raise ProfileError(msg("entitle.check.as_of_with_profile"))
    if store is None:
        from kb.graph.store import GraphStore

        store = GraphStore.open()
    return evaluate(load_rules(store), profile, include_not_applicable=include_not_applicable)
