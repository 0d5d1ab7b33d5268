"""The question-answering service: one object holding the graph, the search index and the model, loaded
once; ``ask(question, previous_turn)`` → Answer. Nothing is written to disk."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kb.answer import compose, provisions
from kb.answer.compose import Hit
from kb.answer.lexicon import Lexicon, config
from kb.answer.result import Answer, Turn
from kb.answer.understand import QuestionError, Understanding, clean_question, understand
from kb.graph.store import GraphStore

SEARCH_K = 8
# Out-of-scope decision (see docs/benchmarks.md, Q&A): a question that links no topic of the graph is in
# scope only when its words are the documents' words (BM25) and its meaning is close to a clause (dense
# cosine) — thresholds measured on tests/gold/ask_gold.yaml.
MIN_DENSE = 0.875  # a question this close to a clause is about the documents …
MIN_DENSE_KNOWN = 0.85  # … or a bit less close, when most of its words are the documents' words
MIN_KNOWN_WORDS = 0.75


class AskService:
    def __init__(self, store: GraphStore, searcher: Any = None, build_dir: Path | None = None) -> None:
        self.lexicon = Lexicon(store)
        self.corpus_text = self.lexicon.corpus_text()
        self._searcher = searcher
        self._build_dir = build_dir
        self._lock = threading.Lock()

    @classmethod
    def open(cls, build_dir: Path | None = None, searcher: Any = None) -> AskService:
        return cls(GraphStore.open(build_dir), searcher=searcher, build_dir=build_dir)

    @property
    def searcher(self) -> Any:
        with self._lock:
            if self._searcher is None:
                import sys

                from kb.search import Searcher

                # a missing or stale index is rebuilt from the corpus (not from anything a user typed)
                self._searcher = Searcher.open(self._build_dir, on_rebuild=lambda msg: print(msg, file=sys.stderr))
            return self._searcher

    def warm_up(self) -> None:
        """Load the embedding model and jieba now rather than on the first question."""
        self.ask(self.lexicon.measures[0].title)

    # ------------------------------------------------------------------ signals
    def search(self, question: str) -> tuple[list[Hit], dict[str, float]]:
        searcher = self.searcher
        results = searcher.search(question, k=SEARCH_K)
        top = searcher.top_scores(question)  # best raw dense cosine and BM25 score
        dense_top, bm25_top = top["dense"], top["bm25"]
        hits = [Hit(f"{r.doc} {r.clause}", r.rank) for r in results]
        return hits, {"dense": round(dense_top, 4), "bm25": round(bm25_top, 3)}

    def in_scope(self, u: Understanding, signals: dict[str, float]) -> bool:
        if u.foreign_places:
            return False
        if u.topics:
            return True
        known = u.known_share
        signals["known"] = round(known, 3)
        if not u.words or signals["bm25"] <= 0:  # nothing asked about, or not one word of the documents
            return False
        return signals["dense"] >= MIN_DENSE or (signals["dense"] >= MIN_DENSE_KNOWN and known >= MIN_KNOWN_WORDS)

    # ------------------------------------------------------------------ answers
    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        answer = self._ask(question, previous)
        answer.question = (question or "").strip()[:500]
        return answer

    def _ask(self, question: str, previous: Turn | None) -> Answer:
        try:
            text = clean_question(question)
        except QuestionError as exc:
            return Answer((question or "")[:500], False, "invalid", str(exc))
        u = understand(text, self.lexicon, self.corpus_text)
        if u.followup and previous is None:
            u.followup = False
            levels = {w for words in config()["level_words"].values() for w in words}
            if not [w for w in u.words if not set(w) <= set("".join(levels))]:  # "那市县呢？" as a first question
                return self.refuse(u, {}, followup=True)
        if u.followup and previous is not None and u.intent == "search":
            # "那市县呢？": who at that level, for the previous topic; otherwise the previous question again
            u.intent = "who" if u.levels else previous.intent
        hits, signals = self.search(text)
        signals["intent_cues"] = u.cues  # type: ignore[assignment]
        if not (u.followup and previous is not None) and not self.in_scope(u, signals):
            return self.refuse(u, signals)
        answer = self.compose(u, hits, previous)
        if answer is None:
            return self.refuse(u, signals)
        answer.followup = u.followup and previous is not None
        answer.signals = signals
        return answer

    def compose(self, u: Understanding, hits: Sequence[Hit], previous: Turn | None) -> Answer | None:
        lx = self.lexicon
        prev = previous if u.followup else None
        if u.clause_keys:  # 三（十）由谁牵头？ — the named clause is the topic, as in a follow-up
            u.followup, prev = True, Turn(u.intent, clause=u.clause_keys[0])
        if u.intent == "document":
            return compose.answer_document(u, lx, hits, prev)
        if u.intent == "duties":
            return compose.answer_duties(u, lx, hits, prev)
        if u.intent == "who":
            return compose.answer_who(u, lx, hits, prev)
        if u.intent == "fact":
            return provisions.answer_fact(u, lx, hits, prev)
        if u.intent == "entitlement":
            answer = provisions.answer_entitlement(u, lx, hits, prev)
            return answer or compose.answer_search(u, lx, hits, intent="entitlement", prev=prev)
        return compose.answer_search(u, lx, hits, prev=prev)

    def refuse(self, u: Understanding, signals: dict[str, Any], followup: bool = False) -> Answer:
        tpl = compose.tpl
        docs = self.lexicon.documents
        issuers = "、".join(dict.fromkeys(d["issuer"] for d in docs))
        if followup:
            text = tpl("refuse_followup")
        elif u.foreign_places:
            text = tpl("refuse_place", issuers=issuers, places="、".join(u.foreign_places))
        else:
            text = tpl("refuse", docs="、".join(d["doc"] for d in docs))
        text += tpl("refuse_who", issuers=issuers)
        intent = u.intent if u.topics else "out_of_scope"
        return Answer(u.question, False, intent, text, signals=signals)
