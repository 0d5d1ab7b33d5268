"""The question-answering service: one object holding the graph, the provision sentences, the search index
and the model, loaded once; ``ask(question, previous_turn)`` → Answer. Nothing is written to disk.

The stages, each a module with an immutable result: normalise (kb/normalise.py, clean_question) →
understand (understand.Question) → follow-up resolution (followup.resolve) → retrieve (hybrid search +
sentences.Provisions.score) → decide (decide.Decision) → compose (compose / provisions / refusal) → check
grounding (grounding.Grounding)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb.answer import compose, documents, grounding, provisions
from kb.answer.compose import Hit
from kb.answer.decide import Decision, decide
from kb.answer.followup import amount_frame, asked, asks_more, names_items, resolve
from kb.answer.lexicon import Lexicon, config
from kb.answer.means import asks_means
from kb.answer.refusal import refuse
from kb.answer.result import Answer, Turn
from kb.answer.scope import outside_cues
from kb.answer.sentences import Provisions, Scored, Sentence, period_forms
from kb.answer.understand import (
    CJK_RE,
    INTENT_OF_FRAME,
    Question,
    QuestionError,
    Topic,
    clean_question,
    describe,
    topic_table,
    understand,
)
from kb.graph.store import GraphStore
from kb.messages import msg
from kb.model import Repository

SEARCH_K = 8


class AskService:
    def __init__(self, store: GraphStore, searcher: Any = None, build_dir: Path | None = None) -> None:
        self.lexicon = Lexicon(store)
        self.corpus_text = self.lexicon.corpus_text()
        self.repository = Repository(store)
        self.provisions = Provisions(self.lexicon, self.repository)
        self.topic_table = topic_table(tuple(self.repository.topics()))
        self.grounding = grounding.Checker.from_rows(store.select("department_sources"), self.lexicon.documents)
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
                self._searcher = Searcher.open(self._build_dir, on_rebuild=lambda m: print(m, file=sys.stderr))
            return self._searcher

    def warm_up(self) -> None:
        """Load the embedding model, jieba and OpenCC now rather than on the first question."""
        self.ask(self.lexicon.measures[0].title)

    # ------------------------------------------------------------------ retrieve
    def search(self, text: str) -> tuple[list[Hit], dict[str, float]]:
        from kb.search.errors import QueryError

        searcher = self.searcher
        try:
            results = searcher.search(text, k=SEARCH_K)
            top = searcher.top_scores(text)  # best raw dense cosine and BM25 score
        except QueryError:  # nothing searchable left once markup is removed (issue 14 fuzz): nothing found
            return [], {"dense": 0.0, "bm25": 0.0}
        hits = [Hit(f"{r.doc} {r.clause}", r.rank) for r in results]
        return hits, {"dense": round(top["dense"], 4), "bm25": round(top["bm25"], 3)}

    # ------------------------------------------------------------------ answers
    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        answer = self.grounded(self._ask(question, previous))
        answer.question = (question or "").strip()[:500]
        return answer

    def _ask(self, question: str, previous: Turn | None) -> Answer:
        try:
            text = clean_question(question)
        except QuestionError as exc:
            return Answer((question or "")[:500], False, "invalid", str(exc), turn=previous)
        q = understand(text, self.lexicon, self.corpus_text, raw=question, table=self.topic_table)
        if q.refuse_kind:
            return self.refused(self.refuse_early(q, text, previous), q, previous)
        if previous is None and q.followup_cue and q.only_levels and q.frame != "document":  # 这个文件是谁下的？ asks
            return refuse(q, self.lexicon, "followup", previous)  # "那市县呢？" as a first question
        q = resolve(q, previous)
        hits, signals = self.search(self.search_text(q, text))
        signals["understood"] = describe(q)  # type: ignore[assignment]
        answer = self.compose(q, hits, previous, signals)
        answer.followup = q.followup
        if answer.answered and answer.turn is not None:  # what a follow-up's 这事 refers to besides the topics
            words = tuple(dict.fromkeys(q.words + q.inherited_words))
            answer.turn = replace(answer.turn, words=words, amount_frame=amount_frame(q, previous))
        answer.frame = answer.frame or q.frame
        answer.signals = {**signals, **answer.signals}
        return self.refused(answer, q, previous)

    def refuse_early(self, q: Question, text: str, previous: Turn | None) -> Answer:
        """A question the question itself shows out of scope (an errand, after the period, who qualifies, the
        asker's own case): refused, with the nearest provision stating enough of its topics (frames.yaml
        refuse_with_nearest: the kinds of which the documents state something near)."""
        kind = q.refuse_kind or "unrelated"
        if kind not in config()["refuse_with_nearest"]:
            return refuse(q, self.lexicon, kind, previous)
        hits, signals = self.search(self.search_text(q, text))
        answer = refuse(q, self.lexicon, kind, previous, self.nearest(q, hits))
        answer.signals = {**signals, **answer.signals}
        return answer

    def nearest(self, q: Question, hits: list[Hit]) -> Sentence | None:
        """The best sentence stating at least min_focus of the question's topic weight (the words of the
        refusal cue left out), as a provision answering it must (decide.py); of a clause's title and body
        scoring the same, the body; after a period, a sentence stating one (frames.yaml refuse_with_nearest).
        None when several sentences tie, or when no topic the documents name is left beside the cue's words."""
        asked = outside_cues(q.text, q.refuse_kind or "")  # not a word of the refusal cue (窗口 of 哪个窗口)
        own = tuple(t for t in q.topics if asked(t.written))
        if not own:  # only words of jieba's left (条件 of 啥条件才能纳入…范围？): nothing the documents' topics name
            return None
        scored = self.provisions.score(
            own + tuple(Topic(w, (w,), word=True) for w in q.words if asked(w)), {h.key: h.rank for h in hits}
        )
        if config()["refuse_with_nearest"][q.refuse_kind or ""] == "period":  # 20年以后: the period it states
            scored = [x for x in scored if x.sentence.periods]
        if not scored:
            return None
        best = [x for x in scored if x.score == scored[0].score and x.coverage >= config()["thresholds"]["min_focus"]]
        bodies = [x for x in best if x.sentence.index > 0] if len(best) > 1 else best
        return bodies[0].sentence if len(bodies) == 1 else None  # a tie: no sentence is nearer than another

    @staticmethod
    def linked(q: Question) -> bool:
        """The question names a topic or a provision of the graph; a where question, also a body the documents name
        (领导小组办公室设在哪？: frames.yaml where.body_kinds), whose place they may not state."""
        bodies = config()["where"]["body_kinds"] if q.frame == "where" else ()
        return bool(q.topics or q.of_kind("measure", "entitlement", "obligation", *bodies))

    def close(self, q: Question, signals: dict[str, Any], scored: list[Scored]) -> bool:
        """A question linking no topic is in scope when close to a passage (dense cosine) or when the
        documents know its words and a sentence states enough of them."""
        th = config()["thresholds"]
        known = [w for w in q.words if self.provisions.weight((w,)) != 1.0 or w in self.corpus_text]
        share = len(known) / len(q.words) if q.words else 0.0
        stated = scored[0].direct if scored else 0.0
        return signals["dense"] >= th["min_dense"] or min(share, stated) >= th["min_words"]

    @staticmethod
    def search_text(q: Question, text: str) -> str:
        """What is searched: the understood text, after the inherited topics of a follow-up (这事谁牵头？ after
        扶贫车间的岗位… searches the workshop's jobs too)."""
        own = q.text if CJK_RE.search(q.text) else text
        inherited = [t.written for t in q.topics if t.inherited and t.written not in own]
        inherited += [w for w in q.inherited_words if w not in own]
        return "".join(inherited) + own if q.followup and inherited else own

    @staticmethod
    def refused(answer: Answer, q: Question, previous: Turn | None) -> Answer:
        """A refusal carries the last answered turn, or (nothing answered yet) the refused question's topic."""
        if not answer.answered:
            answer.turn = asked(q, previous)
        return answer

    def compose(self, q: Question, hits: list[Hit], previous: Turn | None, signals: dict[str, Any]) -> Answer:
        lx = self.lexicon
        prev = previous if q.followup else None
        if q.clause_keys:  # 三（十）由谁牵头？ — the named clause is the topic, as in a follow-up
            q = replace(q, followup=True)
            prev = Turn(q.intent, clause=q.clause_keys[0], clauses=q.clause_keys)
        if prev is not None and self.strays(q, signals):
            return refuse(q, lx, "unrelated", previous)  # 个人所得税咋交？ after an answer: not a follow-up
        graph_answer: Answer | None = None
        if q.frame == "document":
            instead = self.provision_instead_of_document(q, hits, previous, signals)
            if instead is not None:
                return instead
            graph_answer = documents.answer_document(q, lx, hits, prev)
        elif q.frame == "duties":
            graph_answer = compose.answer_duties(q, lx, hits, prev, self.provisions.sentences)
        elif q.frame == "who" and not asks_means(q.text):  # 找哪个窗口？ is no department's measure
            graph_answer = compose.answer_who(q, lx, hits, prev, self.provisions.by_clause)
        elif q.of_kind("scheme") and q.frame in ("list", "what", "open", "yes_no"):
            graph_answer = compose.answer_scheme(q, lx, hits)
        if graph_answer is not None:
            return graph_answer
        if q.clause_keys and not q.own_topics and q.frame in ("what", "open", "list"):  # 三（十）是什么内容？
            in_clause = [x for x in self.provisions.by_clause[q.clause_keys[0]] if x.index > 0]
            return provisions.compose(q, Decision(True, tuple(in_clause)), lx, hits)
        anchored = prev is not None and bool(prev.clauses)  # a follow-up is about the clauses last answered
        if q.frame == "who" or not (q.has_topic or q.words or anchored):
            return refuse(q, lx, "unrelated" if not q.has_topic else "not_stated", previous)
        th = config()["thresholds"]
        topics = q.topics + tuple(Topic(w, period_forms(w), word=True) for w in q.words)  # 半年 is stated as 6个月
        ranks = {h.key: h.rank for h in hits}
        boost: dict[str, float] = {}
        leaning = previous if q.leans else prev
        own_items = names_items(q)  # 都有啥岗位？ — the follow-up's own word chooses the list
        if leaning is not None:
            weight = th["followup_boost"] if prev is not None and not own_items else th["followup_tiebreak"]
            keys = (leaning.clause,) if asks_more(q) and leaning.clause else leaning.clauses or (leaning.clause,)
            boost = {key: weight for key in keys if key}
        yes_no = q.asks is not None
        scored = self.provisions.score(topics, ranks, boost, config()["action_weight"] if yes_no else 1.0)
        if not (self.linked(q) or anchored or self.close(q, signals, scored)):
            return refuse(q, lx, "unrelated", previous)  # neither the documents' topics nor their words
        prefer = frozenset(boost) if prev is not None and not own_items else frozenset()
        decision = decide(q, scored, prefer, self.provisions.sentences)
        if not decision.answered:
            return refuse(q, lx, decision.refuse_kind or "unrelated", previous, decision.nearest, decision.term)
        return provisions.compose(q, decision, lx, hits)

    @staticmethod
    def strays(q: Question, signals: dict[str, Any]) -> bool:
        """A follow-up without a topic of its own whose own words the documents never use (no BM25 match at
        all) and share no character with the inherited topic (能贷几回？ after 小额信贷 does): it changes the
        subject to something the documents do not cover, rather than following up."""
        own = [t for t in q.topics if not t.inherited]
        if not q.words or own or q.clause_keys or signals.get("bm25", 1.0) > 0:
            return False
        said = {c for t in q.topics for a in (t.written, *t.alternatives) for c in a if CJK_RE.match(c)}
        return not any(c in said for w in q.words for c in w)

    def provision_instead_of_document(
        self, q: Question, hits: list[Hit], previous: Turn | None, signals: dict[str, Any]
    ) -> Answer | None:
        """A question that names a document but asks what one of its provisions states (实施意见要求…在哪一年
        解决？ …指导意见什么时候出台？): the provision's answer, when a sentence outside the preambles decides it
        with the question's other frame; else None (the document's metadata is the answer)."""
        docs = self.lexicon.documents
        labels = "".join(f"{d['doc']}{d['title']}{d['shortTitle']}" for d in docs)
        labels += "".join(e.label for e in q.of_kind("document"))
        words = tuple(w for w in q.words if w not in labels)
        rest = tuple(f for f in q.frames[1:] if f != "document")
        if not (q.own_topics or words) or any(f in ("who", "duties") for f in rest):
            return None
        frame = rest[0] if rest else "open"
        alt = replace(
            q,
            frame=frame,
            frames=rest or (frame,),
            words=words,
            intent=INTENT_OF_FRAME[frame],
            entities=tuple(e for e in q.entities if e.kind != "document"),
        )
        answer = self.compose(alt, hits, previous, signals)
        preambles = {c.key for c in (self.lexicon.preamble(d["doc"]) for d in docs) if c}
        main = answer.provisions[0] if answer.provisions else None
        if answer.answered and main and f"{main['doc']} {main['clause']}" not in preambles:
            answer.frame = frame
            return answer
        return None

    def grounded(self, answer: Answer) -> Answer:
        """Every answer as composed when every number and department name it writes is in a cited clause (the
        scorer's rule, kb/answer/grounding.py); else an answer says only the quoted provisions of its cited
        clauses (verbatim, so grounded), and a refusal its plain wording, without what it echoed."""
        check = self.grounding.check(answer)
        answer.signals["grounding"] = list(check.missing)
        if check.ok:
            return answer
        cited = {c.key for c in answer.citations}
        quotes = [p["text"] for p in answer.provisions if f"{p['doc']} {p['clause']}" in cited]
        quotes = quotes or [c.text for c in answer.citations[:1]]
        answer.polarity = None
        answer.answer = "".join(msg("answer.quote", text=t) for t in quotes)
        if not answer.answered or not answer.answer or not self.grounding.check(answer).ok:
            answer.answered = False  # a refusal, or nothing grounded to say: the plain refusal
            answer.answer = msg("answer.refuse.not_stated") + msg("answer.refuse.who_to_ask")
        return answer
