"""Stage 2, *understand*: the question frame (yes/no, must, loss, period, quantity, list, who, duties, what,
document), its topics (residents' words mapped to the documents' words, graph entities), the asked action
and its negation, the asker's own facts and the refusal kind the question itself shows. Every word comes
from kb/answer/frames.yaml; the result is immutable."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kb.answer.lexicon import TOPIC_KINDS, Entity, Lexicon, bigrams, config
from kb.messages import msg
from kb.normalise import normalise

MAX_QUESTION_CHARS = 500
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_REF_RE = re.compile(config()["patterns"]["clause_label"])
YEAR_RE = re.compile(config()["patterns"]["year"])
_posseg_lock = threading.Lock()


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


@dataclass(frozen=True)
class Topic:
    """A topic of the question: the words it was written with and the documents' words for it."""

    written: str
    alternatives: tuple[str, ...]
    weak: bool = False  # an action (拆, 租): no topic of its own for follow-ups
    negated: bool = False  # 不拆
    inherited: bool = False  # from the previous answered turn (a follow-up)
    concept: str = ""  # the graph's topic notation, when the word is one of its labels


@dataclass(frozen=True)
class Question:
    raw: str
    question: str  # normalised
    text: str  # normalised, dialect and typo forms rewritten
    frame: str  # document | duties | who | list | must | loss | yes_no | period | quantity | what | open
    frames: tuple[str, ...]  # every frame matched, the first is the frame
    cues: tuple[str, ...]
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]
    units: tuple[str, ...] = ()  # units a how-much question asks for
    own_facts: tuple[str, ...] = ()  # what the asker says about themselves (我家5口人)
    refuse_kind: str | None = None  # personal_case | eligibility | hukou | later_policy | other_region
    foreign_places: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    clause_keys: tuple[str, ...] = ()  # clauses named by label (三（十）)
    followup_cue: bool = False
    asks_definition: bool = False  # 是什么意思 / 怎么界定
    grams: frozenset[str] = field(default_factory=frozenset)
    words: tuple[str, ...] = ()
    intent: str = "search"  # the answer contract's intent (who, duties, document, fact, entitlement, search)
    followup: bool = False  # resolved against the previous turn
    leans: bool = False  # own topic, the previous turn's frame: its clauses break ties

    def of_kind(self, *kinds: str) -> list[Entity]:
        return [e for e in self.entities if e.kind in kinds]

    @property
    def own_topics(self) -> tuple[Topic, ...]:
        """Topics that give the question a topic of its own (not only an action)."""
        return tuple(t for t in self.topics if not t.weak)

    @property
    def has_topic(self) -> bool:
        graph = [e for e in self.entities if e.kind in TOPIC_KINDS]
        return bool(self.own_topics or graph or self.clause_keys)

    @property
    def only_levels(self) -> bool:
        """Nothing but administrative levels is asked about (那市县呢？)."""
        chars = "".join(w for ws in config()["level_words"].values() for w in ws)
        return not self.has_topic and all(set(w) <= set(chars) for w in self.words)

    @property
    def asks(self) -> str | None:
        """may | must | loss for a yes/no question, else None."""
        for frame in self.frames:
            if frame in config()["asks"]:
                return config()["asks"][frame]
        return None


INTENT_OF_FRAME = {
    "document": "document",
    "duties": "duties",
    "who": "who",
    "list": "search",
    "must": "entitlement",
    "loss": "entitlement",
    "keep": "entitlement",
    "yes_no": "entitlement",
    "period": "fact",
    "quantity": "fact",
    "what": "search",
    "open": "search",
}


def asked_part(text: str) -> str:
    """A long story with the question at the end: the last sentence (with the one before it when the last is
    short) is what is asked; the story is context."""
    cfg = config()["long_question"]
    if len(text) <= cfg["min_chars"]:
        return text
    parts = [p for p in re.split(config()["patterns"]["sentence_end"], text) if p.strip()]
    asked = parts[-1] if parts else text
    if len(asked) < cfg["min_asked_chars"] and len(parts) > 1:
        asked = parts[-2] + asked
    return asked if CJK_RE.search(asked) else text  # the question is the part with Chinese in it


def focus_part(text: str, cues: tuple[str, ...], table: tuple[TopicRow, ...]) -> str:
    """Drop the comma-separated parts that hold neither a cue word nor a topic of their own (俺搬到县城了，老家的
    承包地还是俺的不？ → 老家的承包地还是俺的不？): they tell the story, not what is asked."""
    parts = [p for p in re.split(config()["patterns"]["clause_marks"], text) if p.strip()]
    if len(parts) < 2 or not cues:
        return text
    kept = [p for p in parts if any(c in p for c in cues) or any(not t.weak for t in find_topics(p, table))]
    if not any(not t.weak for t in find_topics("".join(kept), table)):
        return text  # the asked part names no topic: the story does
    return config()["patterns"]["clause_mark"].join(kept)


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


def frames_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    frames, cues = [], []
    for frame, words in config()["frames"].items():
        hit = [w for w in words if w in text]
        if hit:
            frames.append(frame)
            cues.extend(hit)
    return tuple(frames), tuple(cues)


def choose_frame(frames: tuple[str, ...], entities: list[Entity], text: str) -> tuple[str, ...]:
    """Drop frames the question cannot have: duties needs a department; document needs no clause asked for."""
    has_department = any(e.kind in ("department", "area") for e in entities)
    kept = [f for f in frames if f != "duties" or has_department]
    if not kept and has_department and not any(e.kind in ("measure", "entitlement", "obligation") for e in entities):
        kept = ["duties"]
    if (
        "document" not in kept
        and not CLAUSE_REF_RE.search(text)
        and all(e.kind == "document" for e in entities if e.kind in TOPIC_KINDS)
    ) and any(e.kind == "document" for e in entities):
        kept.insert(0, "document")
    return tuple(kept) or ("open",)


def strip_cues(text: str) -> str:
    cfg = config()
    words = {w for ws in cfg["frames"].values() for w in ws} | set(cfg["followup"]["cues"])
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


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
                negated = start > 0 and text[start - 1] in negations
                # the documents' words only: a resident's word may mean something else there (工作 ≠ 就业)
                found.append((start, Topic(word, doc, weak, negated, concept=concept)))
            start = text.find(word, end)
    return tuple(t for _, t in sorted(found, key=lambda x: x[0]))


def content_words(text: str, topics: tuple[Topic, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """Other content words (jieba) of the cue-stripped question: topics the topic table does not know."""
    for topic in topics:
        text = text.replace(topic.written, " ")
    ignored = set(config()["function_words"]) | lexicon.role_labels
    words = [w for w in lexicon.words(text) if len(w) >= 2 and CJK_RE.search(w) and w not in ignored]
    return tuple(dict.fromkeys(words))


def foreign_places(question: str, corpus_text: str) -> tuple[str, ...]:
    """Place names (jieba part-of-speech ``ns``) the documents never mention, with or without the
    administrative suffix: the documents cannot say anything about them."""
    import jieba.posseg

    with _posseg_lock:
        words = list(jieba.posseg.cut(question))
    places = []
    cfg = config()
    for word in words:
        if word.flag != "ns" or len(word.word) < 2:
            continue
        if word.word not in cfg["regions"] and not word.word.endswith(tuple(cfg["region_suffixes"])):
            continue  # jieba calls many words places (里弄, 下山)
        stem = word.word.rstrip("".join(cfg["region_suffixes"]))
        if word.word not in corpus_text and (len(stem) < 2 or stem not in corpus_text):
            places.append(word.word)
    return tuple(places)


DOC_NUMBER_RE = re.compile(config()["patterns"]["doc_number"])


def refuse_kind(text: str, places: tuple[str, ...], corpus_text: str, documents: set[str]) -> str | None:
    if places:
        return "other_region"
    if any(number not in documents for number in DOC_NUMBER_RE.findall(text)):
        return "other_document"
    for kind, cues in config()["refuse_cues"].items():
        if any(str(c) in text for c in cues):
            return kind
    if any(year not in corpus_text for year in YEAR_RE.findall(text)):
        return "later_policy"
    latest = max((int(y) for y in YEAR_RE.findall(corpus_text)), default=0)
    for match in YEAR_RE.finditer(text):
        after = text[match.end() : match.end() + 2]
        if int(match.group(1)) >= latest and after.startswith(tuple(config()["after_year"])):
            return "later_policy"
    return None


def clause_references(question: str, entities: list[Entity], lexicon: Lexicon) -> tuple[str, ...]:
    """Clauses the question names by label (三（十）, or （十） of a continuously numbered document), within
    the documents it names, if any."""
    docs = {lexicon.documents_by_label[e.label] for e in entities if e.kind == "document"}
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


def understand(
    question: str,
    lexicon: Lexicon,
    corpus_text: str,
    raw: str | None = None,
    table: tuple[TopicRow, ...] | None = None,
) -> Question:
    text = asked_part(rewrite(question))
    entities = lexicon.link(text)
    frames, cues = frames_of(text)
    frames = choose_frame(frames, entities, text)
    units = asked_units(text)
    if "quantity" in frames and config()["money_unit"] in units:  # a money question asks for the amount first
        frames = ("quantity", *(f for f in frames if f != "quantity"))
    table = table if table is not None else topic_table()
    stripped = strip_cues(focus_part(text, cues, table))
    topics = find_topics(stripped, table)
    words = content_words(stripped, topics, lexicon)
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
        refuse_kind=refuse_kind(text, places, corpus_text, {d["doc"] for d in lexicon.documents}),
        foreign_places=places,
        levels=mentioned_levels(text),
        clause_keys=clause_references(text, entities, lexicon),
        followup_cue=followup_cue,
        grams=frozenset(_grams(stripped)),
        words=words,
        intent=INTENT_OF_FRAME[frames[0]],
    )


def _grams(text: str) -> set[str]:
    grams: set[str] = set()
    for part in text.split():
        grams |= bigrams(part)
    return grams


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
