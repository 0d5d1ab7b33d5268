"""One typed model of the knowledge graph: ``Repository`` over a build, returning frozen dataclasses."""

from kb.model.household import (
    HouseholdDetail,
    HouseholdProvision,
    RequirementEdge,
    RuleBasis,
    RuleHead,
    RuleThreshold,
)
from kb.model.repository import Repository, normalise_word
from kb.model.types import (
    Actor,
    Clause,
    Concept,
    Department,
    Document,
    Fact,
    ListItem,
    Measure,
    Participant,
    Provision,
    Quantity,
    SchemeItem,
    TargetGroup,
    Topic,
)

__all__ = [
    "Actor",
    "Clause",
    "Concept",
    "Department",
    "Document",
    "Fact",
    "HouseholdDetail",
    "HouseholdProvision",
    "ListItem",
    "Measure",
    "Participant",
    "Provision",
    "Quantity",
    "Repository",
    "RequirementEdge",
    "RuleBasis",
    "RuleHead",
    "RuleThreshold",
    "SchemeItem",
    "TargetGroup",
    "Topic",
    "normalise_word",
]
