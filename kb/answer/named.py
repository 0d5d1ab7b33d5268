"""Part of stage 4, *decide*: a question asking what a term states or requires (具体怎么规定的？ 怎么实施？:
frames.yaml content_cues) about a term the documents only name — every sentence using it has it right after an
enacting verb (严格落实质量终身负责制, 实施“人人持证，技能社会”工程, 研究出台…指导意见: frames.yaml
not_definition_before) or inside another document's title (《…》) — is refused naming the term: nothing in the
documents says what it is. A term a sentence says something of (加大扶贫小额信贷支持力度，符合条件的可多次发放)
or a clause's title (its body spells it out: 严格落实“一户一宅”政策。) is answered as before."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.answer.decision import Decision
from kb.answer.lexicon import config
from kb.answer.sentences import Scored, Sentence
from kb.answer.understand import Question

MIN_TERM_CHARS = 4  # a term asked about without quotes is a phrase this long (质量终身负责制), not 点长制
MIN_HEAD_CHARS = 3  # the shortest end of a term that still names it (点长制 of 集中安置点点长制)
QUOTED_RE = re.compile(r"“([^”]{2,12})”")
# 两不愁、三保障 is 两不愁三保障
UNQUOTED_RE = re.compile("[" + config()["patterns"]["term_marks"] + config()["patterns"]["list_mark"] + "]")


def _plain(text: str) -> str:
    return UNQUOTED_RE.sub("", text)


def asked_term(q: Question, corpus: str) -> str:
    """The term the question asks about: a quoted one, else the longest phrase of the question outside the cue
    (at least MIN_TERM_CHARS) the documents write; "" when there is none."""
    quoted = [_plain(t) for t in QUOTED_RE.findall(q.text)]
    if quoted:
        return max(quoted, key=len)
    text = _plain(q.text)
    for cue in config()["content_cues"]:
        text = text.replace(cue, "|")
    best = ""
    for i in range(len(text)):
        for j in range(len(text), i + max(MIN_TERM_CHARS, len(best)), -1):
            if text[i:j] in corpus:
                best = text[i:j]
                break
    return best


def _only_names(term: str, s: Sentence) -> bool:
    """Every use of the term in the sentence names it only: right after an enacting verb, or inside 《…》."""
    if s.index == 0 and s.text.rstrip(config()["patterns"]["sentence_tail"]) == s.clause_title:
        return False  # a clause's title: its body says what it means
    text = _plain(s.text)
    verbs = tuple(config()["not_definition_before"])
    for m in re.finditer(re.escape(term), text):
        before = text[: m.start()]
        opening, closing = config()["patterns"]["book_title"]
        if not (before.endswith(verbs) or before.rfind(opening) > before.rfind(closing)):
            return False
    return True


def _said_nearby(term: str, using: list[Sentence], sentences: Sequence[Sentence]) -> bool:
    """Another sentence of a clause naming the term says something of its end (严格落实集中安置点点长制。…加强对点长制
    落实情况的督导检查): the clause is about it."""
    heads = [term[i:] for i in range(1, len(term) - MIN_HEAD_CHARS + 1)]
    keys = {s.key for s in using}
    near = [s for s in sentences if s.key in keys and s not in using]
    return any(head in _plain(s.text) and not _only_names(head, s) for s in near for head in heads)


def named_only(q: Question, sentences: Sequence[Sentence], scored: list[Scored]) -> Decision | None:
    """An undefined_term refusal when the question asks what a term states (a content cue, or a term it quotes
    asked in a frame of frames.yaml quoted_content_frames) and the documents only name it, citing the
    best-scored sentence naming it; else None."""
    quoted_asked = q.frame in config()["quoted_content_frames"] and QUOTED_RE.search(q.text)
    if not quoted_asked and not any(c in q.text for c in config()["content_cues"]):
        return None
    corpus = "\n".join(_plain(s.text) for s in sentences)
    term = asked_term(q, corpus)
    if not term:
        return None
    using = [s for s in sentences if term in _plain(s.text)]
    if not using or not all(_only_names(term, s) for s in using) or _said_nearby(term, using, sentences):
        return None
    ranked = [x.sentence for x in scored if x.sentence in using]
    written = next((t for t in QUOTED_RE.findall(q.text) if _plain(t) == term), term)
    return Decision(False, refuse_kind="undefined_term", nearest=(ranked or using)[0], term=written)
