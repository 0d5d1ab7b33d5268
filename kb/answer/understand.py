"""Understanding a question: validation, entity linking, intent, follow-up detection, and the signals the
out-of-scope decision uses (topical vocabulary, place names the documents never mention)."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

from kb.answer.lexicon import TOPIC_KINDS, Entity, Lexicon, bigrams, config

MAX_QUESTION_CHARS = 500
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
MARKUP_RE = re.compile(r"<[^>]{0,200}>|[{}<>`;$\\]")
DOC_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]{2,8})\s*[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]\s*(\d+)\s*号")
INTENT_ORDER = ("document", "duties", "who", "fact", "entitlement")
CLAUSE_REF_RE = re.compile(r"[一二三四五六七八九十]*（[一二三四五六七八九十]+）")

_posseg_lock = threading.Lock()


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, too long, not Chinese)."""


def clean_question(text: str | None) -> str:
    """Normalise a resident's text; raise QuestionError with a Chinese message when it cannot be used."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()
    if not text:
        raise QuestionError("问题不能为空，请输入您想了解的政策问题。")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题太长（{len(text)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。")
    if not CJK_RE.search(text):
        raise QuestionError("请用中文提问：问题中没有汉字，而政策文件是中文的。")
    text = MARKUP_RE.sub(" ", text)  # markup and query syntax are never meaningful here
    text = DOC_NUMBER_RE.sub(lambda m: f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", text)
    # NFKC turned full-width brackets into ASCII ones; clause labels use the full-width forms
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Understanding:
    question: str
    entities: list[Entity]
    intent: str
    cues: list[str]
    grams: set[str]  # the question's content bigrams (cue words removed)
    words: list[str] = field(default_factory=list)  # content words (jieba), cue and function words removed
    known_words: list[str] = field(default_factory=list)  # those the documents use
    foreign_places: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    followup: bool = False
    clause_keys: list[str] = field(default_factory=list)  # clauses named by label (三（十）)

    def of_kind(self, *kinds: str) -> list[Entity]:
        return [e for e in self.entities if e.kind in kinds]

    @property
    def topics(self) -> list[Entity | str]:
        return [*self.of_kind(*TOPIC_KINDS), *self.clause_keys]

    @property
    def known_share(self) -> float:
        """How much of the question is the documents' vocabulary (0 when it has no content word)."""
        return len(self.known_words) / len(self.words) if self.words else 0.0


def matched_cues(question: str, intent: str) -> list[str]:
    return [cue for cue in config()["intents"][intent] if cue in question]


def classify(question: str, entities: list[Entity]) -> tuple[str, list[str]]:
    """The intent and the cue words that decided it."""
    has_department = any(e.kind in ("department", "area") for e in entities)
    for intent in INTENT_ORDER:
        cues = matched_cues(question, intent)
        if intent == "document" and not cues:
            if (
                any(e.kind == "document" for e in entities)
                and all(e.kind == "document" for e in entities if e.kind in TOPIC_KINDS)
                and not CLAUSE_REF_RE.search(question)
            ):
                return intent, []  # 《…》是哪个单位印发的？ asks about the document itself
            continue
        if intent == "duties" and not (cues and has_department):
            continue
        if (
            intent == "entitlement"
            and not cues
            and not any(e.kind in ("entitlement", "obligation", "scheme") for e in entities)
        ):
            continue
        if cues or intent == "entitlement":
            return intent, cues
    if has_department and not any(e.kind in ("measure", "entitlement", "obligation") for e in entities):
        return "duties", []
    return "search", []


def content_grams(question: str, entities: list[Entity]) -> set[str]:
    """Bigrams of the question without cue words (cue words say what is asked, not what about)."""
    text = question
    cues = sorted({c for words in config()["intents"].values() for c in words}, key=len, reverse=True)
    for cue in cues + config()["followup"]["cues"]:
        text = text.replace(cue, " ")
    grams = set()
    for part in text.split():
        grams |= bigrams(part)
    return grams


def content_words(question: str, lexicon: Lexicon) -> list[str]:
    cfg = config()
    ignored = {c for words in cfg["intents"].values() for c in words}
    ignored |= set(cfg["followup"]["cues"]) | set(cfg["function_words"]) | lexicon.role_labels
    return [w for w in lexicon.words(question) if len(w) >= 2 and CJK_RE.search(w) and w not in ignored]


def foreign_places(question: str, corpus_text: str) -> list[str]:
    """Place names (jieba part-of-speech ``ns``) the documents never mention, with or without the
    administrative suffix: the documents cannot say anything about them."""
    import jieba.posseg

    with _posseg_lock:
        words = list(jieba.posseg.cut(question))
    places = []
    for word in words:
        if word.flag != "ns" or len(word.word) < 2:
            continue
        stem = word.word.rstrip("省市县区")
        if word.word not in corpus_text and (len(stem) < 2 or stem not in corpus_text):
            places.append(word.word)
    return places


def clause_references(question: str, entities: list[Entity], lexicon: Lexicon) -> list[str]:
    """Clauses the question names by label (三（十）, or （十） of a continuously numbered document), within
    the documents it names, if any."""
    docs = {lexicon.documents_by_label[e.label] for e in entities if e.kind == "document"}
    keys = []
    for match in CLAUSE_REF_RE.finditer(question):
        label = match.group(0)
        for clause in lexicon.clauses.values():
            if (clause.label == label or (label.startswith("（") and clause.label.endswith(label))) and (
                not docs or clause.doc in docs
            ):
                keys.append(clause.key)
    return list(dict.fromkeys(keys))


def mentioned_levels(question: str) -> list[str]:
    levels = []
    for level, words in config()["level_words"].items():
        if any(w in question for w in words):
            levels.append(level)
    return levels


def is_followup(question: str, entities: list[Entity]) -> bool:
    cfg = config()["followup"]
    if len(question) > cfg["max_chars"]:
        return False
    if any(e.kind in ("measure", "entitlement", "obligation", "scheme", "document") for e in entities):
        return False
    return any(cue in question for cue in cfg["cues"])


def understand(question: str, lexicon: Lexicon, corpus_text: str) -> Understanding:
    entities = lexicon.link(question)
    intent, cues = classify(question, entities)
    words = content_words(question, lexicon)
    return Understanding(
        question=question,
        entities=entities,
        intent=intent,
        cues=cues,
        grams=content_grams(question, entities),
        words=words,
        known_words=[w for w in words if w in corpus_text],
        foreign_places=foreign_places(question, corpus_text),
        levels=mentioned_levels(question),
        followup=is_followup(question, entities),
        clause_keys=clause_references(question, entities, lexicon),
    )
