"""Question text → its parts (part of stage 2, *understand*): the asked part of a long story, dialect and typo
forms rewritten, and the topic words with their documents' words (the frame cues: frame_cues.py). Every word
comes from kb/answer/frames.yaml and the graph's topic scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from kb.answer.frame_cues import frames_of, strip_cues
from kb.answer.lexicon import config

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Topic:
    """A topic of the question: the words it was written with and the documents' words for it."""

    written: str
    alternatives: tuple[str, ...]
    weak: bool = False  # an action (拆, 租): no topic of its own for follow-ups
    negated: bool = False  # 不拆
    inherited: bool = False  # from the previous answered turn (a follow-up)
    concept: str = ""  # the graph's topic notation, when the word is one of its labels
    word: bool = False  # one of the question's other words (jieba's), not a topic word of the table


def asked_part(text: str, table: tuple[TopicRow, ...] = ()) -> str:
    """A long story with the question at the end: the last sentence (with the one before it when the last is
    short) is what is asked; the story is context. Statements after the last question (老屋非得拆不？俺想留着
    放点杂物。) are context too, whatever the length: sentences after the last question mark with no frame cue.
    A short story is split as a long one (俺们一家是前年从山上搬下来的。安置区里都设了哪些办事窗口？): its sentences
    name words (搬, 新区, 低保) that are no part of what is asked."""
    cfg = config()["long_question"]
    text = without_intro(text)
    parts = [p for p in re.split(config()["patterns"]["sentence_end"], text) if p.strip()]
    marks = tuple(config()["patterns"]["question_marks"])
    asking = [i for i, p in enumerate(parts) if p.rstrip().endswith(marks)]
    if asking and asking[-1] < len(parts) - 1 and not any(frames_of(p)[0] for p in parts[asking[-1] + 1 :]):
        parts = parts[: asking[-1] + 1]
        text = "".join(parts)
    asked = parts[-1] if parts else text
    # a short last question with a cue and a topic of its own (这安置房能往外租不？) needs no sentence before it
    # (after a statement, other words of its own do too; after a question it goes on asking that one: 能续聘不？)
    told = len(parts) > 1 and not parts[-2].rstrip().endswith(marks)
    alone = bool(frames_of(asked)[0]) and _names_something(strip_cues(asked), table, told)
    # … and one asking what happens then (要是被查出来，会怎么处理？) with no topic at all asks about the story's act
    blank = any(c in asked for c in config()["consequence_cues"]) and not find_topics(strip_cues(asked), table)
    if ((len(asked) < cfg["min_asked_chars"] and not alone) or blank) and len(parts) > 1:
        asked = parts[-2] + asked
    return asked if CJK_RE.search(asked) else text  # the question is the part with Chinese in it


def _names_something(stripped: str, table: tuple[TopicRow, ...], words: bool) -> bool:
    """The cue-stripped question names a thing of its own: a topic, or (``words``) other words (财政部门, 现场调度,
    派出所) of at least ``long_question.alone_min_chars`` characters once actions (卖, 领) and function words (我家)
    are gone."""
    topics = find_topics(stripped, table)
    if any(not t.weak for t in topics):
        return True
    if not words:
        return False
    for word in sorted((*(t.written for t in topics), *config()["function_words"]), key=len, reverse=True):
        stripped = stripped.replace(word, " ")
    return len(CJK_RE.findall(stripped)) >= config()["long_question"]["alone_min_chars"]


def without_intro(text: str) -> str:
    """The text without the parts in which the asker says where they work (我在县扶贫办工作，…): they tell who
    asks, not what is asked (the office they name is no topic, department or frame of the question)."""
    parts = re.split(f"({config()['patterns']['clause_marks']})", text)
    kept, dropped = [], False
    for i in range(0, len(parts), 2):
        part, mark = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
        if mark and any(re.search(r, part.strip()) for r in config()["long_question"]["asker_intro"]):
            dropped = True
            continue
        kept.append(part + mark)
    return "".join(kept) if dropped and CJK_RE.search("".join(kept)) else text


def focus_part(text: str, cues: tuple[str, ...], table: tuple[TopicRow, ...]) -> str:
    """Drop the comma-separated parts that hold neither a cue word nor a topic of their own (俺搬到县城了，老家的
    承包地还是俺的不？ → 老家的承包地还是俺的不？): they tell the story, not what is asked."""
    parts = [p for p in re.split(config()["patterns"]["clause_marks"], text) if p.strip()]
    if len(parts) < 2 or not cues:
        return text
    acted = _asked_act(parts, cues, table)
    if acted is not None:
        return config()["patterns"]["clause_mark"].join(acted)
    kept = [p for p in parts if any(c in p for c in cues) or any(not t.weak for t in find_topics(p, table))]
    if not any(not t.weak for t in find_topics("".join(kept), table)):
        return text  # the asked part names no topic: the story does
    return config()["patterns"]["clause_mark"].join(kept)


def _asked_act(parts: list[str], cues: tuple[str, ...], table: tuple[TopicRow, ...]) -> list[str] | None:
    """A cue written alone after the act it asks of (想把这房子卖了凑点钱，能成不？): the act's part, the cue's and,
    when the act names its thing only by pointing at it (这房子), the topic word of the story naming the thing
    pointed at (安置房 of 俺家安置房住了五六年了: frames.yaml long_question.referent, a character in common) — not the
    story's other topics (娃要去城里念书). None when the last cue's part names a topic itself, the part before it names
    no action, or no part names what it points at."""
    asking = [i for i, p in enumerate(parts) if any(c in p for c in cues)]
    if not asking or asking[-1] == 0 or find_topics(strip_cues(parts[asking[-1]]), table):
        return None
    at = asking[-1]
    act = find_topics(parts[at - 1], table)
    if not any(t.weak for t in act):
        return None
    if any(not t.weak for t in act):
        return parts[at - 1 : at + 1]
    pointed = set(re.findall(config()["long_question"]["referent"], parts[at - 1]))
    for i in range(at - 2, -1, -1):
        named = [t for t in find_topics(parts[i], table) if not t.weak]
        thing = next((t for t in named if any(c in f for f in (t.written, *t.alternatives) for c in pointed)), None)
        if thing is not None:  # the thing's own word, not what the story tells of it (住了五六年了)
            return [thing.written, *parts[at - 1 : at + 1]]
    return None  # no part names it (钥匙都拿到了，我就是不搬，可以吗？): the story's topics stay


def rewrite(text: str) -> str:
    """Dialect, colloquial and typo forms → the documents' words (longest first)."""
    for source, target in _rewrites():
        text = text.replace(source, target)
    return text


@cache
def _rewrites() -> tuple[tuple[str, str], ...]:
    items = config()["rewrites"].items()
    return tuple(sorted(((str(k), str(v)) for k, v in items), key=lambda kv: -len(kv[0])))


TopicRow = tuple[str, tuple[str, ...], bool, str]  # word, the documents' words, weak, concept notation


def topic_table(concepts: tuple[Any, ...] = ()) -> tuple[TopicRow, ...]:
    """Every topic word, longest first: the words of frames.yaml, then the labels of the graph's SKOS topic
    scheme (issue 10: residents' words as altLabels, the documents' words as prefLabel and hiddenLabels)."""
    rows: list[TopicRow] = []
    for entry in config()["topics"]:
        doc = tuple(entry["doc"])
        for word in entry["words"]:
            rows.append((word, doc, bool(entry.get("weak")), ""))
    known = {r[0] for r in rows}
    for concept in concepts:
        doc = (concept.label, *concept.hidden_labels)
        for word in (concept.label, *concept.alt_labels):
            if word not in known and len(word) >= 2:
                rows.append((word, doc, False, concept.notation))
                known.add(word)
    # a word of frames.yaml that names a graph topic is linked to it too
    by_label = {label: c.notation for c in concepts for label in (c.label, *c.alt_labels)}
    rows = [(w, d, weak, n or by_label.get(w, "")) for w, d, weak, n in rows]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def find_topics(text: str, table: tuple[TopicRow, ...]) -> tuple[Topic, ...]:
    """Topic words of the (rewritten, cue-stripped) question, longest first, without overlaps."""
    taken = [False] * len(text)
    found: list[tuple[int, Topic]] = []
    negations = tuple(config()["negation_prefixes"])
    for word, doc, weak, concept in table:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                negated = start > 0 and (text[start - 1] in negations or _negated_object(text[:start]))
                # the documents' words only: a resident's word may mean something else there (工作 ≠ 就业)
                found.append((start, Topic(word, doc, weak, negated, concept=concept)))
            start = text.find(word, end)
    found = [(i, t) for i, t in found if not _own_object(text, i, t, taken)]
    found = [(i, replace(t, weak=True) if _recipient(text, i, t) else t) for i, t in found]
    # a word asked both plainly and negated (能不能不拆？还是非拆不可？) is not negated
    plain = {t.written for _, t in found if not t.negated}
    found = [(i, t) for i, t in found if not (t.negated and t.written in plain)]
    if not found:
        return bare_topic(text)
    return tuple(dict.fromkeys(t for _, t in sorted(found, key=lambda x: x[0])))  # a word asked twice is one topic


@cache
def _amount_re() -> re.Pattern[str]:
    units = sorted(config()["value_units"], key=len, reverse=True)
    return re.compile("\\d+(?:\\.\\d+)?(?:" + "|".join(re.escape(u) for u in units) + ")")


def amount_topics(text: str) -> tuple[Topic, ...]:
    """Amounts the question writes in figures with a unit (800人): a follow-up naming one (那800人以上的呢？) asks
    about what the documents say of that amount, not the last answer's."""
    return tuple(Topic(m, (m,)) for m in dict.fromkeys(_amount_re().findall(text)))


def bare_topic(text: str) -> tuple[Topic, ...]:
    """A question that is nothing but one short word once its cues are gone (那地呢？ → 地) names that word as its
    topic (frames.yaml ``followup.bare_words``); inside other text the word is part of other words (当地, 地方)."""
    bare = "".join(CJK_RE.findall(text))
    docs = config()["followup"]["bare_words"].get(bare)
    return (Topic(bare, tuple(docs)),) if docs else ()


def _negated_object(before: str) -> bool:
    """The text before a topic ends in a negated verb taking it as object (不签那个…): frames.yaml negated_verbs."""
    cfg = config()
    demonstratives = sorted(cfg["object_demonstratives"], key=len, reverse=True)
    before = before.rstrip()  # a demonstrative may be cut with the follow-up cues (那个 → " ")
    for dem in ["", *demonstratives]:
        if dem and not before.endswith(dem):
            continue
        head = before[: len(before) - len(dem)].rstrip()
        for verb in cfg["negated_verbs"]:
            if head.endswith(verb) and head[: len(head) - len(verb)][-1:] in cfg["negation_prefixes"]:
                return True
    return False


def _recipient(text: str, start: int, topic: Topic) -> bool:
    """A person word written as who receives or inherits the thing (留给孩子, 子女继承, 娃能继承): frames.yaml
    recipients."""
    cfg, end = config()["recipients"], start + len(topic.written)
    if topic.written not in cfg["persons"]:
        return False
    after = text[end:]
    for modal in sorted(cfg["between"], key=len, reverse=True):  # 娃能继承不？ — a modal verb may stand between
        if after.startswith(modal) and after[len(modal) :].startswith(tuple(cfg["after"])):
            return True
    return text[:start].endswith(tuple(cfg["before"])) or after.startswith(tuple(cfg["after"]))


def _own_object(text: str, start: int, topic: Topic, taken: list[bool]) -> bool:
    """An action with an object of its own that is no topic (卖菜, 卖点杂粮, 租个门面) is trade, not the action the
    documents govern on the asked thing (卖 安置房): it is no topic of the question (frames.yaml object_actions)."""
    cfg = config()["object_actions"]
    if not topic.weak or topic.written not in cfg["actions"]:
        return False
    end = start + len(topic.written)
    if end >= len(text) or taken[end] or not CJK_RE.match(text[end]):
        return False
    return text[end] not in cfg["free_after"]
