"""Stage 2, *understand*: the question frame (yes/no, must, loss, period, quantity, list, who, duties, what,
document), its topics (residents' words mapped to the documents' words, graph entities), the asked action
and its negation, the asker's own facts and the refusal kind the question itself shows. Every word comes
from kb/answer/frames.yaml; the result (question.Question) is immutable."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kb.answer.doc_names import other_words, refers_to_document
from kb.answer.inner_words import outside_words
from kb.answer.lexicon import TOPIC_KINDS, Entity, Lexicon, bigrams, config
from kb.answer.question import INTENT_OF_FRAME, Question
from kb.answer.scope import foreign_places, refuse_kind
from kb.answer.topic_words import (
    CJK_RE,
    Topic,
    TopicRow,
    asked_part,
    find_topics,
    focus_part,
    frames_of,
    rewrite,
    strip_cues,
    topic_table,
)
from kb.answer.typos import fix_homophones
from kb.messages import msg
from kb.normalise import normalise

MAX_QUESTION_CHARS = 500
CLAUSE_REF_RE = re.compile(config()["patterns"]["clause_label"])


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, too long, not Chinese)."""


def clean_question(text: str | None) -> str:
    """Stage 1, *normalise*: the shared normaliser plus the checks a question must pass (QuestionError with a
    Chinese message otherwise)."""
    text = normalise(text)
    if not text:
        raise QuestionError(msg("answer.invalid.empty"))
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(msg("answer.invalid.too_long", n=len(text), limit=MAX_QUESTION_CHARS))
    if not CJK_RE.search(text):
        raise QuestionError(msg("answer.invalid.not_chinese"))
    return text


QUOTED_RE = re.compile(r"“([^”]{2,12})”")


def asks_definition(text: str, corpus_text: str) -> bool:
    """The question asks what a term means: a definition cue, or a weaker one with a term the documents quote."""
    cfg = config()
    if any(c in text for c in cfg["definition_cues"]):
        return True
    quoted = set(QUOTED_RE.findall(corpus_text)) | set(QUOTED_RE.findall(text))
    named = any(term in text or term.replace(config()["patterns"]["list_mark"], "") in text for term in quoted)
    return named and any(c in text for c in cfg["definition_quoted_cues"])


@cache
def own_fact_re() -> re.Pattern[str]:
    """我家5口人, 我们家有3亩地: what the asker says about themselves (units in frames.yaml)."""
    units = "|".join(re.escape(u) for u in config()["own_fact_units"])
    return re.compile(config()["patterns"]["own_fact"].format(units=units))


def content_words(text: str, topics: tuple[Topic, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """Other content words (jieba) of the cue-stripped question: topics the topic table does not know."""
    for topic in topics:
        text = text.replace(topic.written, " ")
    ignored = set(config()["function_words"]) | set(config()["asking_words"]) | lexicon.role_labels
    words = [w for w in lexicon.words(text) if len(w) >= 2 and CJK_RE.search(w) and w not in ignored]
    return tuple(dict.fromkeys(words))


def choose_frame(frames: tuple[str, ...], entities: list[Entity], text: str) -> tuple[str, ...]:
    """Drop frames the question cannot have: duties needs a department; document needs no clause asked for."""
    has_department = any(e.kind in ("department", "area") for e in entities)
    kept = [f for f in frames if f != "duties" or has_department]
    if not kept and has_department and not any(e.kind in ("measure", "entitlement", "obligation") for e in entities):
        kept = ["duties"]
    if not kept and "duties" in frames and not mentioned_levels(text):
        kept = ["what"]  # 学了能干啥？ — what one can do asks what the documents say, not a department's duties
    if (
        "document" not in kept
        and not CLAUSE_REF_RE.search(text)
        and all(e.kind == "document" for e in entities if e.kind in TOPIC_KINDS)
    ) and (any(e.kind == "document" for e in entities) or refers_to_document(text)):
        kept.insert(0, "document")  # 57号文件是什么时候印发的？ 这文件是哪天发的？
    return tuple(kept) or ("open",)


def about_document(
    frames: tuple[str, ...],
    cues: tuple[str, ...],
    entities: list[Entity],
    topics: tuple[Topic, ...],
    words: tuple[str, ...],
) -> tuple[str, ...]:
    """A document question asks about a document (its number, issuer, date): it names one of the documents, or
    nothing else. One that names something else with a cue the next frame shares (按实施意见，安置点配套的时间节点
    是什么时候？ 指导意见啥时候出台？) asks what the documents say about that: its other frames. A cue of the
    document alone (文号) keeps the frame."""
    if frames[0] != "document" or len(frames) < 2:
        return frames
    doc_cues = [c for c in cues if c in config()["frames"]["document"]]
    other_cues = [c for c in cues if c not in doc_cues]
    if not all(any(o in c for o in other_cues) for c in doc_cues):
        return frames
    labels = [e.label for e in entities if e.kind == "document"]
    other = [w for w in words if not any(w in label or label in w for label in labels)]
    other = other_words(other)  # 发布, 印发, 这文: words of the document cues and references ask about the document
    named_else = other or (any(not t.weak for t in topics) if labels else topics)
    return frames if not named_else else frames[1:]


def clause_references(question: str, entities: list[Entity], lexicon: Lexicon) -> tuple[str, ...]:
    """Clauses the question names by label (三（十）, or （十） of a continuously numbered document), within
    the documents it names, if any."""
    docs = {lexicon.documents_by_iri[e.node] for e in entities if e.kind == "document"}
    keys = []
    for match in CLAUSE_REF_RE.finditer(question):
        label = match.group(0)
        for clause in lexicon.clauses.values():
            if (
                clause.label == label
                or (label.startswith(config()["patterns"]["item_open"]) and clause.label.endswith(label))
            ) and (not docs or clause.doc in docs):
                keys.append(clause.key)
    return tuple(dict.fromkeys(keys))


def mentioned_levels(question: str) -> tuple[str, ...]:
    return tuple(level for level, words in config()["level_words"].items() if any(w in question for w in words))


def asked_units(text: str) -> tuple[str, ...]:
    return tuple(unit for unit, cues in config()["unit_cues"].items() if any(c in text for c in cues))


def alternative_first(text: str, frames: tuple[str, ...]) -> tuple[str, ...]:
    """A double question whose last part offers the alternative (能不能私下转给亲戚？还是非得等够年限？) asks the
    first part: its frames come first."""
    parts = [p for p in re.split(config()["patterns"]["sentence_end"], text) if p.strip()]
    if len(parts) < 2 or not parts[-1].startswith(tuple(config()["alternative_marks"])):
        return frames
    lead = [f for f in frames_of("".join(parts[:-1]))[0] if f in frames]
    return tuple(dict.fromkeys([*lead, *frames]))


def ended(question: str) -> str:
    """A question typed without its question mark (安置房能卖不) ends in one: the yes/no cues and the asked
    sentence of a long story are read off it."""
    marks = config()["patterns"]
    if question.endswith(tuple(marks["end_marks"])) or any(m in question for m in marks["question_marks"]):
        return question  # a statement after the question (…能卖了不？俺想换点钱) stays a statement
    return question + marks["question_mark"]


def understand(
    question: str,
    lexicon: Lexicon,
    corpus_text: str,
    raw: str | None = None,
    table: tuple[TopicRow, ...] | None = None,
) -> Question:
    table = table if table is not None else topic_table()
    words_of_topics = (*(row[0] for row in table), *config()["homophone_words"])
    # rewritten again once the typos are fixed: a typo hid a rewrite's form (没法复恳 → 没法复垦 → 不具备复垦条件)
    whole = rewrite(fix_homophones(rewrite(ended(question)), corpus_text, lexicon.tokenizer, words_of_topics))
    text = asked_part(whole, table)
    entities = lexicon.link(text)
    frames, cues = frames_of(text)
    frames = alternative_first(text, choose_frame(frames, entities, text))
    units = asked_units(text)
    if "quantity" in frames and config()["money_unit"] in units:  # a money question asks for the amount first
        frames = ("quantity", *(f for f in frames if f != "quantity"))
    stripped = strip_cues(focus_part(text, cues, table))
    topics = outside_words(find_topics(stripped, table), stripped, corpus_text)  # not 租 of 公租房
    words = content_words(stripped, topics, lexicon)
    frames = about_document(frames, cues, entities, topics, words)
    if frames[0] != "document":  # a provision question naming its document (实施意见要求…): the name is no topic
        labels = [e.label for e in entities if e.kind == "document"]
        words = tuple(w for w in words if not any(w in label or label in w for label in labels))
    cfg = config()["followup"]
    followup_cue = len(question) <= cfg["max_chars"] and any(c in question for c in cfg["cues"])
    places = foreign_places(text, corpus_text)
    return Question(
        raw=raw if raw is not None else question,
        question=question,
        text=text,
        frame=frames[0],
        frames=frames,
        cues=cues,
        topics=topics,
        entities=tuple(entities),
        units=units if "quantity" in frames else (),
        asks_definition=asks_definition(text, corpus_text),
        own_facts=tuple(m.group(0) for m in own_fact_re().finditer(text)),
        refuse_kind=refuse_kind(
            text,
            places,
            corpus_text,
            {d["doc"] for d in lexicon.documents},
            whole,
            department=any(e.kind == "department" for e in entities),
        ),
        foreign_places=places,
        levels=mentioned_levels(text),
        clause_keys=clause_references(text, entities, lexicon),
        followup_cue=followup_cue,
        grams=frozenset(_grams(stripped)),
        words=words,
        intent=INTENT_OF_FRAME[frames[0]],
    )


def _grams(text: str) -> set[str]:
    return set().union(*(bigrams(part) for part in text.split()))


def describe(q: Question) -> dict[str, Any]:
    """What the pipeline understood (for ``ask --debug``)."""
    return {
        "frame": q.frame,
        "frames": list(q.frames),
        "cues": list(q.cues),
        "topics": [t.written + ("(-)" if t.negated else "") for t in q.topics],
        "words": list(q.words),
        "refuse_kind": q.refuse_kind,
        "own_facts": list(q.own_facts),
        "followup": q.followup,
    }
