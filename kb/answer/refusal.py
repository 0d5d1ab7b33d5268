"""Refusals that help: what the documents do not state, the nearest provision they do state (cited, never a
number of its own; of an undefined term, the part of the sentence using it), and whom to ask. A personal case
names the local office first, then the issuers."""

from __future__ import annotations

from kb.answer.compose import citations
from kb.answer.lexicon import Lexicon, config
from kb.answer.result import Answer, Turn
from kb.answer.sentences import Sentence
from kb.answer.understand import Question
from kb.messages import msg

SEP = msg("answer.list_sep")
WITH_NEAREST = ("amount", "not_stated", "undefined_term", *config()["refuse_with_nearest"])


def refuse(
    q: Question,
    lx: Lexicon,
    kind: str,
    previous: Turn | None,
    nearest: Sentence | None = None,
    term: str = "",
) -> Answer:
    docs = lx.documents
    issuers = SEP.join(dict.fromkeys(d["issuer"] for d in docs))
    if kind == "personal_case":
        text = msg("answer.refuse.personal_case") + msg("answer.refuse.personal_where", issuers=issuers)
    elif kind == "other_region":
        text = msg("answer.refuse.other_region", issuers=issuers, places=SEP.join(q.foreign_places))
    elif kind == "later_policy":
        text = msg("answer.refuse.later_policy", docs=SEP.join(d["doc"] for d in docs))
    elif kind == "other_document":
        text = msg("answer.refuse.other_document", docs=SEP.join(d["doc"] for d in docs))
    elif kind in ("eligibility", "hukou", "followup", "errand", "after_period"):
        text = msg(f"answer.refuse.{kind}")
    elif kind == "amount":
        what = next((t.written for t in q.own_topics), "") or msg("answer.refuse.amount_what")
        text = msg("answer.refuse.amount", what=what)
    elif kind == "undefined_term":
        text = msg("answer.refuse.undefined_term", term=term)
    elif kind == "not_stated" and q.frame in ("period", "where") and nearest is not None:
        text = msg("answer.refuse.fact_none", where=nearest.key, what=msg(f"answer.refuse.fact_none_{q.frame}"))
    elif kind == "not_stated":
        text = msg("answer.refuse.not_stated")
    else:
        kind = "unrelated"
        text = msg("answer.refuse.unrelated", docs=SEP.join(d["doc"] for d in docs))
    cited: list = []
    provisions: list = []
    if kind == "amount" and nearest is not None and (nearest.values or nearest.periods):
        # its numbers are about something else (a quota, a share): named by its clause, not quoted as an amount
        text += msg("answer.refuse.nearest_clause", doc=nearest.doc, clause=nearest.clause, title=nearest.clause_title)
        cited = citations(lx, [nearest.key], [], limit=1)
        provisions = [nearest.to_json()]
    elif kind in WITH_NEAREST and nearest is not None:
        quoted = using_part(nearest.text, term) if kind == "undefined_term" else nearest.text
        text += msg("answer.refuse.nearest", doc=nearest.doc, clause=nearest.clause, text=quoted)
        cited = citations(lx, [nearest.key], [], limit=1)
        provisions = [nearest.to_json()]
    if kind != "personal_case":
        text += msg("answer.refuse.who_to_ask")
    return Answer(
        q.question,
        False,
        q.intent if q.has_topic else "out_of_scope",
        text,
        citations=cited,
        turn=previous,  # a follow-up after a refusal still refers to the last answered turn
        polarity=None,
        provisions=provisions,
        frame=q.frame,
        signals={"refuse_kind": kind},
    )


def using_part(text: str, term: str) -> str:
    """The parts of a sentence (between commas) that use an undefined term: the rest states other things, and
    their numbers (800人以上) would read as what the term means."""
    mark = config()["patterns"]["clause_mark"]
    parts = text.split(mark)
    kept = [p for p in parts if term and term in p]
    if not kept or len(kept) == len(parts):
        return text
    part = mark.join(kept)
    return part if parts[-1] == kept[-1] else part + msg("answer.refuse.omitted")
