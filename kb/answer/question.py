"""The result of stage 2, *understand* (understand.py): the question's frames, cues, topics, graph entities,
asked units, the asker's own facts and the refusal kind the question itself shows; immutable."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.answer.lexicon import TOPIC_KINDS, Entity, config
from kb.answer.topic_words import Topic


@dataclass(frozen=True)
class Question:
    raw: str
    question: str  # normalised
    text: str  # normalised, dialect and typo forms rewritten
    frame: str  # document | where | duties | who | list | must | loss | yes_no | period | quantity | what | open
    frames: tuple[str, ...]  # every frame matched, the first is the frame
    cues: tuple[str, ...]
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]
    units: tuple[str, ...] = ()  # units a how-much question asks for
    own_facts: tuple[str, ...] = ()  # what the asker says about themselves (我家5口人)
    refuse_kind: str | None = None  # personal_case | eligibility | hukou | later_policy | errand | after_period …
    foreign_places: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    clause_keys: tuple[str, ...] = ()  # clauses named by label (三（十）)
    followup_cue: bool = False
    asks_definition: bool = False  # 是什么意思 / 怎么界定
    grams: frozenset[str] = field(default_factory=frozenset)
    words: tuple[str, ...] = ()
    inherited_words: tuple[str, ...] = ()  # a follow-up without a topic: the last answered question's words
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
    "where": "fact",
    "what": "search",
    "open": "search",
}
