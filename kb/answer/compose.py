"""Stage 5, *compose*, for answers the graph states: who leads a measure, what a department must do, the
「五个不变」 scheme (a document's metadata: documents.py). Every name, number and clause label comes from the
lexicon (the graph) or the search hits; the wording from kb/messages/answer.yaml."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kb.answer.grams import new_words, stated, word_grams
from kb.answer.lexicon import Lexicon, bigrams, config
from kb.answer.result import Answer, Citation, Turn
from kb.answer.sentences import Sentence
from kb.answer.subjects import assigned, level_own
from kb.answer.understand import Question
from kb.messages import msg

MAX_CITATIONS = config()["thresholds"]["max_citations"]
# Minimum IDF-weighted overlap between a question and a duty statement for it to be the answer.
MIN_DUTY_OVERLAP = 0.35
DUTY_MARGIN = 1.2  # a duty statement answers "who" over a measure only when it matches clearly better


@dataclass
class Hit:
    """A search hit as the composer needs it (clause key and rank)."""

    key: str
    rank: int


def tpl(name: str, **slots: Any) -> str:
    return msg(f"answer.{name}", **slots)


def role_code(role: str) -> str:
    return config()["role_map"].get(role, role)


def cite(lx: Lexicon, key: str) -> Citation | None:
    clause = lx.clauses.get(key)
    return Citation(clause.doc, clause.label, clause.text, clause.title) if clause else None


def citations(lx: Lexicon, primary: Sequence[str], hits: Sequence[Hit], limit: int = MAX_CITATIONS) -> list[Citation]:
    """The answer's own clauses first, then the search hits, without repeats."""
    keys: list[str] = []
    for key in [*primary, *(h.key for h in hits)]:
        if key not in keys and key in lx.clauses:
            keys.append(key)
    return [c for c in (cite(lx, k) for k in keys[:limit]) if c]


def hit_bonus(key: str, hits: Sequence[Hit]) -> float:
    rank = next((h.rank for h in hits if h.key == key), None)
    return 0.0 if rank is None else 0.3 / rank


# ---------------------------------------------------------------------------------------- who
def pick_measure(u: Question, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> str | None:
    linked = [e for e in u.of_kind("measure")]
    if linked:
        return next((m.key for m in lx.measures if m.node == linked[0].node), None)
    named = bool(u.clause_keys)  # 四（十一）由谁牵头？ — the clause named is the measure, whatever else is written
    if u.followup and prev and prev.clause in lx.measure_by_clause and (named or not new_words(u, lx, prev.clause)):
        return prev.clause
    best, best_score = None, config()["thresholds"]["min_measure"]
    grams = set(u.grams)
    if u.followup:  # 这事谁牵头？ — the previous turn's topics in the documents' words
        for topic in u.topics:
            grams |= bigrams(topic.written)
    u_grams = frozenset(grams)
    for m in lx.measures:
        clause = lx.clauses[m.key]
        score = lx.overlap(u_grams, m.title) + 0.5 * lx.overlap(u_grams, clause.text) + hit_bonus(m.key, hits)
        if score > best_score:
            best, best_score = m.key, score
    return best


def answer_who(
    u: Question, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None, by_clause: Mapping[str, Sequence[Sentence]]
) -> Answer | None:
    key = pick_measure(u, lx, hits, prev)
    forms = [(t.written, *t.alternatives) for t in u.own_topics] + [(w,) for w in u.words]
    leads = any(c in u.question for c in config()["lead_cues"])  # 谁牵头？ asks the measure's lead
    task = assigned(forms, by_clause.get(key, ())) if key and not leads else None
    every = [s for ss in by_clause.values() for s in ss]
    if task is None and u.levels and not leads:  # 县级林草主管部门…要做什么？ — that level's own duty sentence
        own = level_own(u.levels, u.words, every)
        task = own[0] if own else None
    if task is not None:  # the clause (or the level named) assigns the asked task to a department of a sentence
        return _assigned_answer(u, lx, hits, task)
    duty = best_duty(u, lx, hits)
    following = u.followup and prev is not None and prev.clause == key
    if duty and f"{duty[0]['doc']} {duty[0]['clause']}" == key:
        duty = None  # the clause's measure names every department, the lead first
    if (
        duty
        and not following
        and (
            key is None
            or duty[1] > DUTY_MARGIN * measure_score(u, lx, key, hits)
            or _duty_states_more(u, lx, duty[0], key)
        )
    ):
        return answer_duty_statement(u, lx, hits, duty[0])
    said = lx.clauses[key].text if key else ""
    if not leads and not all(any(f in said for f in fs) for fs in forms):
        task = assigned(forms, every)  # 遗留问题谁来管？ — a sentence elsewhere assigns what the measure never writes
        if task is not None:
            return _assigned_answer(u, lx, hits, task)
    if key is None:
        return None
    measure = lx.measure_by_clause[key]
    participants = lx.participants(key)
    if u.followup and u.levels:
        participants = [p for p in participants if lx.levels.get(p.name, set()) & set(u.levels)]
        levels = msg("answer.list_sep").join(u.levels)
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
        turn=Turn("who", clause=key, frame="who", topics=u.topics, clauses=(key,)),
    )


def _assigned_answer(u: Question, lx: Lexicon, hits: Sequence[Hit], task: Sentence) -> Answer:
    return Answer(
        u.question,
        True,
        "who",
        msg("answer.quote", text=task.text),
        departments=[{"name": name, "role": role_code("responsible")} for name in task.subjects],
        citations=citations(lx, [task.key], hits),
        turn=Turn("who", clause=task.key, frame="who", topics=u.topics, clauses=(task.key,)),
    )


def _duty_states_more(u: Question, lx: Lexicon, row: dict[str, Any], key: str) -> bool:
    """The duty statement names a topic of the question that the measure's clause never mentions, and not the
    other way round (安置社区饮水安全归谁管？ — 水利部门's duty, not the community-governance measure)."""
    topics = [(t.written, *t.alternatives) for t in u.own_topics] + [(w,) for w in u.words]
    measure_text = lx.measure_by_clause[key].title + lx.clauses[key].text

    def states(text: str) -> set[int]:
        return {i for i, forms in enumerate(topics) if any(f in text for f in forms)}

    duty, measure = states(row["task"]), states(measure_text)
    return bool(duty - measure) and not measure - duty


def measure_score(u: Question, lx: Lexicon, key: str, hits: Sequence[Hit]) -> float:
    """The measure's match, in the duty statements' terms (best_duty): the question's word bigrams, its topics
    counted in any of their forms."""
    measure = lx.measure_by_clause[key]
    clause = lx.clauses[key]
    grams = word_grams(u)
    title = lx.overlap(grams, measure.title, stated(u, measure.title))
    return title + 0.5 * lx.overlap(grams, clause.text, stated(u, clause.text)) + hit_bonus(key, hits)


def who_parts(participants: Sequence[Any]) -> str:
    by_role: dict[str, list[str]] = {}
    for p in participants:
        names = by_role.setdefault(p.role_label, [])
        if p.name not in names:
            names.append(p.name)
    return config()["patterns"]["clause_mark"].join(
        tpl("who_part", names=msg("answer.list_sep").join(n), role=role) for role, n in by_role.items()
    )


def best_duty(u: Question, lx: Lexicon, hits: Sequence[Hit]) -> tuple[dict[str, Any], float] | None:
    """The duty statement matching the question best; of a follow-up (乡镇的集中安置点呢？ after 县城安置点的点长由
    谁担任？), the one matching its own words best, the previous turn's words only breaking ties."""
    said = (*u.words, *(t.written for t in u.own_topics))  # its own words, not the particles between (的集)
    own = frozenset(g for w in said for g in bigrams(w)) if u.followup else frozenset()
    best, best_key = None, (0.0, MIN_DUTY_OVERLAP)
    grams = word_grams(u)
    for row in lx.duty_rows:
        task = row["task"]
        score = lx.overlap(grams, task, stated(u, task)) + hit_bonus(f"{row['doc']} {row['clause']}", hits)
        key = (lx.overlap(own, row["task"]) if own else 0.0, score)
        if score > MIN_DUTY_OVERLAP and key > best_key:
            best, best_key = row, key
    return (best, best_key[1]) if best else None


def answer_duty_statement(u: Question, lx: Lexicon, hits: Sequence[Hit], row: dict[str, Any]) -> Answer:
    key = f"{row['doc']} {row['clause']}"
    text = tpl(
        "duty_statement",
        dept=row["deptName"],
        role=row["roleLabel"],
        task=row["task"],
        doc=row["doc"],
        clause=row["clause"],
    )
    return Answer(
        u.question,
        True,
        "who",
        text,
        departments=[{"name": row["deptName"], "role": role_code(row["role"])}],
        citations=citations(lx, [key], hits),
        turn=Turn("who", clause=key, department=row["deptName"], frame="who", topics=u.topics, clauses=(key,)),
    )


# ---------------------------------------------------------------------------------------- duties
def answer_duties(
    u: Question, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None, sentences: Sequence[Sentence] = ()
) -> Answer | None:
    asked = list(dict.fromkeys(e.label for e in u.of_kind("department", "area")))  # 省发展改革委、省扶贫办
    name = asked[0] if asked else (prev.department if prev else None)
    if not name:
        return None
    items = [i for n in asked or [name] for i in lx.queries.duties(n).items]
    items = [i for k, i in enumerate(items) if i not in items[:k]]  # a duty both departments share, once
    if any(c in u.text for c in config()["lead_cues"]):
        items = [i for i in items if role_code(i.role) == "lead"] or items
    if u.levels:  # 县里的林草部门…: that level's departments (各市、县林草部门), not 省林草局
        items = [i for i in items if lx.levels.get(i.department, set()) & set(u.levels)] or items
    own = level_own(u.levels, u.words, sentences) if u.levels else None  # 县级林草主管部门加强对合作社的…
    if own and any(i.kind == "duty" and i.quote in own[0].text for i in items):
        own = None  # the graph read that sentence as the department's duty: one line, not two
    if not items and own is None:
        return None
    heads = ([own[1]] if own else []) + [i.department for i in items]
    lines = [tpl("duties_head", dept=msg("answer.list_sep").join(dict.fromkeys(heads)))]
    departments: list[dict[str, str]] = []
    keys: list[str] = []
    if own is not None:
        lines.append(tpl("duty_own", i=1, text=own[0].text, doc=own[0].doc, clause=own[0].clause))
        departments.append({"name": own[1], "role": role_code("responsible")})
        keys.append(own[0].key)
    for i, item in enumerate(items, start=len(lines)):
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
    named = {f"{i.doc} {i.clause}" for i in items if i.department in (asked or [name])}  # as the question names it
    named |= {own[0].key} if own else set()
    ranked = sorted(
        dict.fromkeys(keys),
        key=lambda k: -((k in named) + lx.overlap(u.grams, lx.clauses[k].text) + hit_bonus(k, hits)),
    )
    return Answer(
        u.question,
        True,
        "duties",
        "\n".join(lines),
        departments=departments,
        citations=citations(lx, ranked, [], limit=len(ranked)),
        turn=Turn("duties", clause=ranked[0], department=name, frame="duties", clauses=tuple(ranked)),
    )


def measure_departments(lx: Lexicon, key: str) -> list[dict[str, str]]:
    measure = lx.measure_by_clause.get(key)
    if not measure:
        return []
    return [{"name": p.name, "role": role_code(p.role)} for p in lx.participants(key)]


# ---------------------------------------------------------------------------------------- scheme
def answer_scheme(u: Question, lx: Lexicon, hits: Sequence[Hit]) -> Answer:
    rows = lx.schemes
    items = config()["patterns"]["item_sep"].join(tpl("scheme_item", order=r["order"], label=r["label"]) for r in rows)
    key = f"{rows[0]['doc']} {rows[0]['clause']}"
    return Answer(
        u.question,
        True,
        "entitlement",
        tpl("scheme", scheme=rows[0]["schemeLabel"], items=items),
        citations=citations(lx, [key], hits),
        turn=Turn("entitlement", clause=key, frame=u.frame, topics=u.topics, clauses=(key,)),
    )
