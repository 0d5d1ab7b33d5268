"""Answers about households and numbers: thresholds and deadlines (with period and unit checks),
entitlements and obligations (with the yes/no polarity of the question), the 「五个不变」."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.answer.compose import MAX_CITATIONS, Hit, citations, hit_bonus, measure_departments, tpl
from kb.answer.lexicon import Lexicon, bigrams, config
from kb.answer.result import Answer, Turn
from kb.answer.understand import Understanding

# Minimum IDF-weighted overlap between a question and a fact / provision for it to be the answer.
MIN_FACT_OVERLAP = 0.3
MIN_PROVISION_OVERLAP = 0.2


# ---------------------------------------------------------------------------------------- fact
def answer_fact(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer | None:
    """The threshold or deadline the question asks about; None when the documents set none (a refusal
    naming the clause for a follow-up about a clause that sets none)."""
    facts = lx.facts
    units = [unit for unit, cues in config()["unit_cues"].items() if any(c in u.question for c in cues)]
    if units:
        facts = [f for f in facts if any(unit in f.unit for unit in units)]
    within = u.followup and prev is not None and prev.clause is not None
    if within:
        facts = [f for f in facts if f"{f.doc} {f.clause}" == prev.clause]
    min_overlap = 0.0 if within else MIN_FACT_OVERLAP
    scored = rank_facts(u, lx, hits, facts)
    if any(c in u.question for c in config()["period_cues"]):
        deadlines = [(score, i) for score, i in scored if facts[i].kind == "deadline"]
        if within or (deadlines and deadlines[0][0] >= min_overlap):
            scored = deadlines  # a period is asked for: a deadline, if one fits
    if not scored or scored[0][0] < min_overlap:
        if within and prev is not None and prev.clause:
            return fact_none(u, lx, prev.clause)
        return None
    best = facts[scored[0][1]]
    key = f"{best.doc} {best.clause}"
    same = [
        f for f in facts if f"{f.doc} {f.clause}" == key and f.quote != best.quote and lx.overlap(u.grams, f.quote) > 0
    ]
    parts = [best, *same]
    text = "".join(
        tpl("fact", quote=f.quote)[:-1]
        + tpl("fact_value", comparator=f.comparator, value=f"{f.value:g}", unit=f.unit)
        + "。"
        for f in parts
    )
    return Answer(
        u.question,
        True,
        "fact",
        text,
        departments=measure_departments(lx, key),
        citations=citations(lx, [key], hits),
        turn=Turn("fact", clause=key),
    )


# ---------------------------------------------------------------------------------------- entitlement
def rank_facts(u: Understanding, lx: Lexicon, hits: Sequence[Hit], facts: list[Any]) -> list[tuple[float, int]]:
    """(score, index) of each fact, best first: overlap with its phrase and its clause's title, search rank."""
    return sorted(
        (
            (
                lx.overlap(u.grams, f.quote)
                + 0.5 * lx.overlap(u.grams, f.clause_title)
                + hit_bonus(f"{f.doc} {f.clause}", hits),
                i,
            )
            for i, f in enumerate(facts)
        ),
        reverse=True,
    )


def fact_none(u: Understanding, lx: Lexicon, key: str) -> Answer:
    issuers = "、".join(dict.fromkeys(d["issuer"] for d in lx.documents))
    asks_period = any(c in u.question for c in config()["period_cues"])
    what = tpl("fact_none_period" if asks_period else "fact_none_any")
    text = tpl("fact_none", where=key, what=what) + tpl("refuse_who", issuers=issuers)
    return Answer(u.question, False, "fact", text, turn=Turn("fact", clause=key))


def answer_entitlement(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer | None:
    if u.of_kind("scheme"):
        return answer_scheme(u, lx, hits)
    linked = [lx.provisions[e.node] for e in u.of_kind("entitlement", "obligation") if e.node in lx.provisions]
    top = {h.key for h in hits[:MAX_CITATIONS]}
    if u.followup and prev and prev.clause:
        top = {prev.clause}
    best, best_score = None, MIN_PROVISION_OVERLAP
    for prov in linked or lx.provisions.values():
        if not linked and not top & set(prov.clauses):
            continue
        text = prov.label + prov.definition + "".join(prov.labels)
        score = lx.overlap(u.grams, text) + max(hit_bonus(k, hits) for k in prov.clauses) + (1.0 if linked else 0)
        if score > best_score:
            best, best_score = prov, score
    if best is None:
        return None
    if best.kind == "obligation":
        prohibits = any(cue in best.label for cue in config()["prohibition_cues"])
        head = tpl("answer_no") if prohibits else tpl("answer_must")
    else:
        head = entitlement_head(u.question, best.label + best.definition)
    # the plain-language definition when the rules give one, else the label
    if best.definition:
        text = head + tpl("provision_definition", definition=best.definition)
    else:
        text = head + tpl("provision", label=best.label)
    key = best.clauses[0]
    facts = [f for f in lx.facts if f"{f.doc} {f.clause}" in best.clauses and lx.overlap(bigramless(best), f.quote) > 0]
    for f in facts[:2]:
        text += tpl("fact", quote=f.quote)
    text += tpl("entitle_hint")
    return Answer(
        u.question,
        True,
        "entitlement",
        text,
        departments=measure_departments(lx, key),
        citations=citations(lx, best.clauses, hits),
        turn=Turn("entitlement", clause=key),
    )


def entitlement_head(question: str, provision_text: str) -> str:
    """可以。 / 不会。 / nothing, from the polarity of the question (see intents.yaml)."""
    polarity = config()["polarity"]
    if any(c in question for c in polarity["loss"]) and any(c in provision_text for c in polarity["keep"]):
        return tpl("answer_not_lost")
    if any(c in question for c in polarity["ability"]):
        return tpl("answer_yes")
    return ""


def bigramless(prov: Any) -> set[str]:
    return bigrams(prov.label + prov.definition)


def answer_scheme(u: Understanding, lx: Lexicon, hits: Sequence[Hit]) -> Answer:
    rows = lx.schemes
    items = "；".join(f"{r['order']}. {r['label']}" for r in rows)
    key = f"{rows[0]['doc']} {rows[0]['clause']}"
    text = tpl("scheme", scheme=rows[0]["schemeLabel"], items=items)
    return Answer(
        u.question,
        True,
        "entitlement",
        text,
        citations=citations(lx, [key], hits),
        turn=Turn("entitlement", clause=key),
    )
