"""Stage 3, *retrieve*: the graph's provisions (kb.model, issue 10) with the pipeline's modality (prohibited,
kept, obliged, permitted), and how much of a question's topics each one states, directly or through its
clause and its SKOS topics. The 2020 document's responsibility line (（……牵头负责……）) is left out."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kb.answer.lexicon import Lexicon, config
from kb.answer.textindex import TextIndex
from kb.answer.understand import Topic
from kb.model import Repository

NUMBER = config()["patterns"]["number"]  # Arabic or Chinese numerals


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _period_re() -> re.Pattern[str]:
    cfg = config()
    within = re.escape(cfg["within_suffix"])
    return re.compile(
        rf"{NUMBER}(?:{_alternation(cfg['period_units'])}){within}?|{NUMBER}?(?:{_alternation(cfg['period_phrases'])})"
    )


def _value_re() -> re.Pattern[str]:
    cfg = config()
    units, suffixes = _alternation(cfg["value_units"]), _alternation(cfg["value_suffixes"])
    return re.compile(rf"{NUMBER}(?:{units})(?:{suffixes})?|{_alternation(cfg['value_phrases'])}")


PERIOD_RE = _period_re()
VALUE_RE = _value_re()
EXCEPTION_RE = re.compile(config()["patterns"]["bracketed"])
CITED_TITLE_RE = re.compile(config()["patterns"]["cited_title"])
DURATION_RE = re.compile(
    rf"({NUMBER})(?:{_alternation(config()['duration_units'])}){re.escape(config()['within_suffix'])}?"
)
YEAR_NUMBER_RE = re.compile(r"\d{4}")


def period_kind(period: str) -> str:
    """frequency (每月), duration (6个月内, 一年, 半年) or date (年底前, 2019年, 年内)."""
    if any(m in period for m in config()["frequency_marks"]):
        return "frequency"
    m = DURATION_RE.fullmatch(period)
    if (m and not YEAR_NUMBER_RE.fullmatch(m.group(1))) or period in config()["duration_phrases"]:
        return "duration"
    return "date"


def period_forms(word: str) -> tuple[str, ...]:
    """A period word and the other ways the documents write the same length (半年 → 6个月; frames.yaml
    period_equivalents); any other word alone."""
    for forms in config()["period_equivalents"]:
        if word in forms:
            return (word, *(f for f in forms if f != word))
    return (word,)


def asked_period_kind(text: str) -> str | None:
    """The kind of period a question asks for (frames.yaml period_kinds and period_kind_patterns), if its cues
    say."""
    patterns = config()["period_kind_patterns"]
    for kind, cues in config()["period_kinds"].items():
        if any(c in text for c in cues) or any(re.search(p, text) for p in patterns.get(kind, ())):
            return kind
    return None


def of_asked_kind(text: str, wanted: list[Scored]) -> list[Scored]:
    """The sentences stating the kind of period the question asks for first (多久 → 一年内, 什么时候 → 年底前);
    a duration (多少年, 多久) only from a sentence stating a duration: a calendar year (2020年) is no answer to it."""
    asked = asked_period_kind(text)
    if asked is None:
        return wanted
    stating = [x for x in wanted if any(period_kind(p) == asked for p in x.sentence.periods)]
    if asked in config()["strict_period_kinds"]:
        return stating
    return stating + [x for x in wanted if x not in stating]


@dataclass(frozen=True)
class Sentence:
    doc: str
    clause: str
    index: int  # position in the clause (0 = the clause's title sentence)
    text: str
    modality: str | None  # prohibited | kept | obliged | permitted
    clause_title: str
    section_title: str
    concepts: tuple[str, ...] = ()  # the graph's topic notations of the provision
    graph_modality: str = ""  # the graph's modality notation (obligation, prohibition, …)
    subjects: tuple[str, ...] = ()  # the departments the sentence is about, as the graph's duties name them
    targets: tuple[str, ...] = ()  # the graph's target-group notations of the provision (relocatees, enterprises…)

    @property
    def key(self) -> str:
        return f"{self.doc} {self.clause}"

    @property
    def periods(self) -> list[str]:
        """The periods the sentence states (not the years in the titles of documents it cites)."""
        return PERIOD_RE.findall(CITED_TITLE_RE.sub("", self.text))

    @property
    def values(self) -> list[str]:
        return VALUE_RE.findall(self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "clause": self.clause,
            "index": self.index,
            "text": self.text,
            "modality": self.graph_modality or self.modality,  # the graph's notation (issue 10)
        }


def modality_of(notation: str) -> str | None:
    """The answer pipeline's modality (prohibited, kept, obliged, permitted) of the graph's (issue 10)."""
    return config()["modality_map"].get(notation)


def is_responsibility_line(text: str) -> bool:
    """The 2020 document's "（……牵头负责……）" line: it names who leads and states no provision."""
    return bool(EXCEPTION_RE.fullmatch(text.strip())) and any(m in text for m in config()["responsibility_marks"])


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float  # topic coverage + search bonus
    coverage: float  # share of the question's topic weight stated by the sentence (or its clause, less)
    direct: float  # share stated by the sentence itself
    contradicted: bool  # an asked action is the opposite of what the sentence states (留着 vs 拆)
    negated: bool  # an asked action is negated in the question (不拆), or is the sentence's exception (继承)
    states_main: bool = True  # one of the question's own topics is stated by the sentence itself
    acted: bool = False  # an asked action (a weak topic: 拆, 租) is stated by the sentence as asked
    states_topic: bool = False  # it states a topic word of the question, also one the table writes in one form (入住)
    focused: bool = True  # the sentence itself states a focus topic of the question (thresholds.focus_weight)


class Provisions:
    """Every provision sentence of the corpus, with document frequencies for topic weights."""

    def __init__(self, lexicon: Lexicon, repository: Repository) -> None:
        self.sentences: list[Sentence] = []
        for p in repository.provisions():
            clause = lexicon.clauses.get(p.ref)
            if clause is None or is_responsibility_line(p.text):
                continue
            self.sentences.append(
                Sentence(
                    p.doc,
                    p.clause,
                    p.index,
                    p.text,
                    modality_of(p.modality),
                    clause.title,
                    clause.section_title,
                    p.topics,
                    p.modality,
                    tuple(a.name for a in p.actors if a.role in config()["subject_roles"]),
                    p.targets,
                )
            )
        self.by_clause: dict[str, list[Sentence]] = {}
        for s in self.sentences:
            self.by_clause.setdefault(s.key, []).append(s)
        self._df: dict[tuple[str, ...], int] = {}
        # what scoring tests each topic against, indexed once: the sentence, and its clause with its titles
        self._stated = TextIndex([s.text for s in self.sentences])
        self._linked = TextIndex([self.clause_text[s.key] + s.clause_title + s.section_title for s in self.sentences])
        self._prohibited = frozenset(i for i, s in enumerate(self.sentences) if s.modality == "prohibited")
        self._of_modality: dict[str, frozenset[int]] = {  # 目标 is stated by the graph's goal provisions
            word: frozenset(i for i, s in enumerate(self.sentences) if s.graph_modality == notation)
            for notation, words in config()["modality_words"].items()
            for word in words
        }
        self._by_concept: dict[str, set[int]] = {}
        for i, s in enumerate(self.sentences):
            for concept in s.concepts:
                self._by_concept.setdefault(concept, set()).add(i)

    @cached_property
    def clause_text(self) -> dict[str, str]:
        return {key: "".join(s.text for s in items) for key, items in self.by_clause.items()}

    def _mentions(self, topic: Topic, opposites: list[str]) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """The sentences that state the topic's opposite, the topic itself, and the topic through their clause,
        its titles or their SKOS topics."""
        concept = frozenset(self._by_concept.get(topic.concept, ())) if topic.concept else frozenset()
        linked = self._linked.any_of(topic.alternatives) | concept
        return self._stated.any_of(opposites), self._states(topic.alternatives), linked

    def _states(self, alternatives: tuple[str, ...]) -> frozenset[int]:
        """The sentences writing one of the forms, or of the modality a form names (目标: a goal provision)."""
        of_modality = [self._of_modality[a] for a in alternatives if a in self._of_modality]
        return frozenset(self._stated.any_of(alternatives)).union(*of_modality)

    def weight(self, alternatives: tuple[str, ...]) -> float:
        """IDF of a topic over the sentences; a word the documents never use weighs 1 (it may be a resident's
        word the topic table does not know yet, so it does not sink the question alone)."""
        if alternatives not in self._df:
            self._df[alternatives] = len(self._states(alternatives))
        df = self._df[alternatives]
        if df == 0:
            return 1.0
        return math.log((len(self.sentences) + 1) / (df + 0.5))

    def score(
        self,
        topics: tuple[Topic, ...],
        ranks: dict[str, int],
        boost: dict[str, float] | None = None,
        action_weight: float = 1.0,
    ) -> list[Scored]:
        """Every sentence that states at least one topic, best first (an action topic weighs ``action_weight``
        times its IDF: in a yes/no question the action is what is asked about)."""
        cfg = config()
        th = cfg["thresholds"]
        opposites: dict[str, list[str]] = cfg["opposite_actions"]
        weights = [self.weight(t.alternatives) * (action_weight if t.weak else 1.0) for t in topics]
        total = sum(weights)
        if not total:
            return []
        mentions = [self._mentions(t, opposites.get(t.written, [])) for t in topics]
        # the question's own rare topics and actions (not 搬迁, 安置 of nearly every sentence): what it asks about
        focus = {t.written for t in topics if self.weight(t.alternatives) >= th["focus_weight"]}
        objects = {t.written for t in topics if t.written in focus and not t.weak}  # not the actions (住, 租)
        strong = [
            (w, t, m[1])
            for w, t, m in zip(weights, topics, mentions, strict=True)
            if not t.weak and not t.inherited and self._df[t.alternatives]
        ]
        tabled = [m for _, t, m in strong if len(t.alternatives) > 1 or t.concept]  # topic words, not jieba's words
        own = tabled or [m for _, _, m in strong]  # the sentences stating each of the question's own topics
        named = [m for _, t, m in strong if not t.word]  # … and any topic word of the table (入住: one form)
        marks = cfg["exception_marks"]
        restriction = cfg["restriction_words"]
        out = []
        candidates = frozenset().union(*(o | d | x for o, d, x in mentions))
        if any(t.written in restriction for t in topics):  # a prohibition states the restriction asked about
            candidates |= self._prohibited
        for i in sorted(candidates):
            s = self.sentences[i]
            got, direct, contradicted, negated, acted = 0.0, 0.0, False, False, False
            # the sentence states a focus topic itself; an action (住 of 能住公租房吗？) only when the sentence or
            # its clause also states a focus object (租赁 of 禁止私下交易、租赁 under 安置房使用对象)
            action_said, object_said, object_linked = False, False, False
            for topic, w, (opposed, stated, linked) in zip(topics, weights, mentions, strict=True):
                if topic.written in focus and (i in opposed or i in stated):
                    action_said = action_said or topic.weak
                    object_said = object_said or not topic.weak
                object_linked = object_linked or (topic.written in objects and i in linked)
                if i in opposed:
                    got += w
                    direct += w
                    contradicted = True
                elif i in stated or (
                    s.modality == "prohibited" and topic.written in restriction
                ):  # 受不受限制？ — a prohibition (不得出售) is the restriction asked about
                    got += w
                    direct += w
                    excepted = any(
                        any(m in span for m in marks) and any(a in span for a in topic.alternatives)
                        for span in EXCEPTION_RE.findall(s.text)
                    )
                    negated = negated or topic.negated or excepted
                    acted = acted or topic.weak
                elif i in linked:
                    got += w * th["title_weight"]
            if not got:
                continue
            coverage = got / total
            bonus = th["search_bonus"] / ranks[s.key] if s.key in ranks else 0.0
            bonus += (boost or {}).get(s.key, 0.0)
            states_main = not own or any(i in stated for stated in own)
            states_topic = any(i in stated for stated in named)
            focused = not focus or object_said or (action_said and (object_linked or not objects))
            out.append(
                Scored(
                    s, coverage + bonus, coverage, direct / total, contradicted, negated, states_main, acted,
                    states_topic, focused,
                )
            )
        out.sort(key=lambda x: (-x.score, x.sentence.doc, x.sentence.index))
        return out
