"""The graph layer's cue words and patterns come from kb/graph/text_cues.yaml, and the extraction reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph

from kb.graph.cues import CUES_FILE, cue, fill, pattern
from kb.graph.departments import canonical_name, split_area_list
from kb.graph.quantities import find_quantities
from kb.graph.responsibility import parse_note
from kb.graph.vocab import Vocabulary, load_vocabulary
from kb.paths import ontology_dir

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    graph = Graph()
    for name in ("vocabularies.ttl", "curated/departments.ttl"):  # levels, roles, units; functional areas
        graph.parse(ontology_dir() / name, format="turtle")
    return load_vocabulary(graph)


def test_fill_sets_the_slots_and_keeps_the_repeat_counts() -> None:
    assert fill("departments.levels_together", levels="ABC") == "^" + cue(
        "departments.every"
    ) + "([ABC]{2,})(?=[^ABC" + (cue("departments.list_separator") + "])")


def test_an_unknown_cue_is_named() -> None:
    with pytest.raises(KeyError, match=r"departments\.nothing"):
        cue("departments.nothing")


def test_every_pattern_compiles(vocab: Vocabulary) -> None:
    levels = "".join(t.notation for t in vocab.level_terms())
    for key in ("clause_label.pattern", "clause_label.numeral_run", "enumerations.phrase_split", "responsibility.note"):
        assert pattern(key).pattern == cue(key)
    for key in ("departments.levels_together", "responsibility.unit_prefix"):
        assert "{" + "levels}" not in fill(key, levels=levels)
    assert CUES_FILE.name == "text_cues.yaml"


def test_clause_labels_match_as_users_type_them() -> None:
    label = pattern("clause_label.pattern")
    # the sample labels are built from the data, so the test reads no Chinese from Python
    numerals = pattern("clause_label.numeral_run").pattern.strip("[]+")
    open_, close = cue("clause_label.open"), cue("clause_label.close")
    assert label.match(numerals[2] + open_ + numerals[9] + close).group("item") == numerals[9]
    assert label.match(f"({numerals[1]})").group("section") == ""
    assert label.match(numerals[2] + numerals[9]) is None


def test_departments_written_two_ways_get_one_spelling(vocab: Vocabulary) -> None:
    every, sep, suffix = cue("departments.every"), cue("departments.list_separator"), cue("departments.generic_suffix")
    levels = [t.notation for t in vocab.level_terms() if t.notation != vocab.level_terms()[0].notation][:2]
    area = vocab.areas[0].label
    together = every + "".join(levels) + area + suffix
    assert canonical_name(together, vocab) == every + sep.join(levels) + area + suffix
    joiners = cue("departments.area_joiners")
    plain = [t.label for t in vocab.areas if not set(joiners) & set(t.label)][:2]
    assert split_area_list(joiners[-1].join(plain) + suffix, vocab) == [label + suffix for label in plain]
    assert split_area_list(joiners[-1].join(plain) + suffix, vocab, joiners=joiners[0]) == [
        joiners[-1].join(plain) + suffix
    ]


def test_quantities_read_numerals_and_fractions_from_the_data(vocab: Vocabulary) -> None:
    half = next(iter(cue("quantities.fractions")))
    year = next(t for t in vocab.units if t.notation == "year")
    at_most = next(t for t in vocab.comparators if t.notation == ">")
    found = find_quantities(at_most.label + half + year.label, vocab)
    assert [(q.value, q.unit.notation, q.comparator.notation) for q in found] == [(Decimal("0.5"), "year", ">")]
    assert find_quantities(cue("quantities.numerals")[0] + year.label, vocab) == []  # no comparator, no quantity


def test_a_responsibility_note_is_split_at_the_data_separators(vocab: Vocabulary) -> None:
    lead = next(t for t in vocab.roles if t.notation == "lead")
    implement = next(t for t in vocab.roles if t.notation == "implement")
    note = "A" + lead.label + cue("responsibility.phrase_separator") + "B" + implement.label
    parts = parse_note(note, vocab)
    assert parts is not None
    assert [(p.units, p.role.notation) for p in parts] == [(["A"], "lead"), (["B"], "implement")]
