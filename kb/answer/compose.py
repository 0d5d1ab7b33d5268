"""Composing answers per intent from graph facts and the clauses that state them. Every name, number and
clause label comes from the lexicon (the graph) or the search hits; only the templates live here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kb.answer.lexicon import Clause, Lexicon, config
from kb.answer.result import Answer, Citation, Turn
from kb.answer.understand import Understanding

MAX_CITATIONS = 3
# Minimum IDF-weighted overlap between a question and a duty statement for it to be the answer.
MIN_DUTY_OVERLAP = 0.35
DUTY_MARGIN = 1.2  # a duty statement answers "who" over a measure only when it matches clearly better


@dataclass
class Hit:
    """A search hit as the composer needs it (clause key and rank)."""

    key: str
    rank: int


def tpl(name: str, **slots: Any) -> str:
    return config()["templates"][name].format(**slots)


def role_code(role: str) -> str:
    return config()["role_map"].get(role, role)


def cite(lx: Lexicon, key: str) -> Citation | None:
    clause = lx.clauses.get(key)
    return Citation(clause.doc, clause.label, clause.text, clause.title) if clause else None


def citations(lx: Lexicon, primary: Sequence[str], hits: Sequence[Hit]) -> list[Citation]:
    """The answer's own clauses first, then the search hits, without repeats."""
    keys: list[str] = []
    for key in [*primary, *(h.key for h in hits)]:
        if key not in keys and key in lx.clauses:
            keys.append(key)
    return [c for c in (cite(lx, k) for k in keys[:MAX_CITATIONS]) if c]


def hit_bonus(key: str, hits: Sequence[Hit]) -> float:
    rank = next((h.rank for h in hits if h.key == key), None)
    return 0.0 if rank is None else 0.3 / rank


# ---------------------------------------------------------------------------------------- who
def pick_measure(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> str | None:
    linked = [e for e in u.of_kind("measure")]
    if linked:
        return next((m.key for m in lx.measures if m.node == linked[0].node), None)
    if u.followup and prev and prev.clause in lx.measure_by_clause:
        return prev.clause
    best, best_score = None, 0.0
    for m in lx.measures:
        clause = lx.clauses[m.key]
        score = lx.overlap(u.grams, m.title) + 0.5 * lx.overlap(u.grams, clause.text) + hit_bonus(m.key, hits)
        if score > best_score:
            best, best_score = m.key, score
    return best


def answer_who(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer:
    key = pick_measure(u, lx, hits, prev)
    duty = best_duty(u, lx, hits)
    following = u.followup and prev is not None and prev.clause == key
    if duty and f"{duty[0]['doc']} {duty[0]['clause']}" == key:
        duty = None  # the clause's measure names every department, the lead first
    if duty and not following and (key is None or duty[1] > DUTY_MARGIN * measure_score(u, lx, key, hits)):
        return answer_duty_statement(u, lx, hits, duty[0])
    if key is None:
        return answer_search(u, lx, hits)
    measure = lx.measure_by_clause[key]
    participants = lx.participants(key)
    if u.followup and u.levels:
        participants = [p for p in participants if lx.levels.get(p.name, set()) & set(u.levels)]
        levels = "、".join(u.levels)
        text = (
            tpl("who_level", levels=levels, parts=who_parts(participants))
            if participants
            else tpl("who_level_none", levels=levels)
        )
    else:
        text = tpl("who", parts=who_parts(participants))
    text += tpl("measure_note", title=measure.title, doc=measure.doc, clause=measure.clause)
    return Answer(
        u.question,
        True,
        "who",
        text,
        departments=[{"name": p.name, "role": role_code(p.role)} for p in participants],
        citations=citations(lx, [key], hits),
        turn=Turn("who", clause=key),
    )


def measure_score(u: Understanding, lx: Lexicon, key: str, hits: Sequence[Hit]) -> float:
    measure = lx.measure_by_clause[key]
    clause = lx.clauses[key]
    return lx.overlap(u.grams, measure.title) + 0.5 * lx.overlap(u.grams, clause.text) + hit_bonus(key, hits)


def who_parts(participants: Sequence[Any]) -> str:
    by_role: dict[str, list[str]] = {}
    for p in participants:
        names = by_role.setdefault(p.role_label, [])
        if p.name not in names:
            names.append(p.name)
    return "，".join(tpl("who_part", names="、".join(n), role=role) for role, n in by_role.items())


def best_duty(u: Understanding, lx: Lexicon, hits: Sequence[Hit]) -> tuple[dict[str, Any], float] | None:
    best, best_score = None, MIN_DUTY_OVERLAP
    for row in lx.duty_rows:
        score = lx.overlap(u.grams, row["task"]) + hit_bonus(f"{row['doc']} {row['clause']}", hits)
        if score > best_score:
            best, best_score = row, score
    return (best, best_score) if best else None


def answer_duty_statement(u: Understanding, lx: Lexicon, hits: Sequence[Hit], row: dict[str, Any]) -> Answer:
    key = f"{row['doc']} {row['clause']}"
    text = f"{row['deptName']}{row['roleLabel']}{row['task']}。（{row['doc']} {row['clause']}）"
    return Answer(
        u.question,
        True,
        "who",
        text,
        departments=[{"name": row["deptName"], "role": role_code(row["role"])}],
        citations=citations(lx, [key], hits),
        turn=Turn("who", clause=key, department=row["deptName"]),
    )


# ---------------------------------------------------------------------------------------- duties
def answer_duties(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer:
    entity = next(iter(u.of_kind("department", "area")), None)
    name = entity.label if entity else (prev.department if prev else None)
    if not name:
        return answer_search(u, lx, hits)
    result = lx.queries.duties(name)
    if not result.items:
        return answer_search(u, lx, hits)
    lines = [tpl("duties_head", dept="、".join(result.departments), n=len(result.items))]
    departments: list[dict[str, str]] = []
    keys: list[str] = []
    for i, item in enumerate(result.items, start=1):
        lines.append(
            tpl(
                "duty_line",
                i=i,
                role=f"{item.department}{item.role_label}",
                task=item.task,
                doc=item.doc,
                clause=item.clause,
            )
        )
        entry = {"name": item.department, "role": role_code(item.role)}
        if entry not in departments:
            departments.append(entry)
        keys.append(f"{item.doc} {item.clause}")
    # rank the department's clauses by how well they match the rest of the question
    ranked = sorted(dict.fromkeys(keys), key=lambda k: -(lx.overlap(u.grams, lx.clauses[k].text) + hit_bonus(k, hits)))
    return Answer(
        u.question,
        True,
        "duties",
        "\n".join(lines),
        departments=departments,
        citations=citations(lx, ranked, []),
        turn=Turn("duties", clause=ranked[0], department=name),
    )


def measure_departments(lx: Lexicon, key: str) -> list[dict[str, str]]:
    measure = lx.measure_by_clause.get(key)
    if not measure:
        return []
    return [{"name": p.name, "role": role_code(p.role)} for p in lx.participants(key)]


# ---------------------------------------------------------------------------------------- document
def answer_document(u: Understanding, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer:
    linked = {e.label for e in u.of_kind("document")}
    docs = [d for d in lx.documents if linked & {d["doc"], d["title"], d["shortTitle"]}]
    if not docs and prev and prev.doc:
        docs = [d for d in lx.documents if d["doc"] == prev.doc]
    if not docs:  # a question about "the document" of the best hit
        docs = [d for d in lx.documents if hits and d["doc"] == hits[0].key.split(" ")[0]] or lx.documents
    lines, keys = [], []
    for d in docs:
        line = tpl(
            "document",
            doc=d["doc"],
            title=d["title"],
            issuer=d["issuer"],
            date=f"{d['date'].year}年{d['date'].month}月{d['date'].day}日",
        )
        if d.get("cites"):
            line += tpl("document_cites", cites=d["cites"])
        lines.append(line)
        first = lx.preamble(d["doc"])
        if first:
            keys.append(first.key)
    return Answer(
        u.question,
        True,
        "document",
        "\n".join(lines),
        citations=citations(lx, keys, []),
        turn=Turn("document", doc=docs[0]["doc"]),
    )


# ---------------------------------------------------------------------------------------- search
def answer_search(
    u: Understanding, lx: Lexicon, hits: Sequence[Hit], intent: str | None = None, prev: Turn | None = None
) -> Answer:
    if u.followup and prev and prev.clause in lx.clauses:  # 三（十）是什么内容？ / a follow-up
        clause: Clause = lx.clauses[prev.clause]
        text = tpl("clause", doc=clause.doc, clause=clause.label, title=clause.title)
        hits = [Hit(clause.key, 0), *hits]
    else:
        clause = lx.clauses[hits[0].key]
        text = tpl("search", doc=clause.doc, clause=clause.label, title=clause.title)
    return Answer(
        u.question,
        True,
        intent or "search",
        text,
        departments=measure_departments(lx, clause.key),
        citations=citations(lx, [], hits),
        turn=Turn(intent or "search", clause=clause.key),
    )
