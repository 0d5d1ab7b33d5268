"""Follow-ups: a question without a topic of its own inherits the topic (and, when it has none, the frame) of
the last answered turn; a question naming its own topic keeps it and only borrows a missing frame (and leans on
the last clauses when it names no topic the last turn did not). A refusal leaves the last answered turn, or,
when nothing was answered yet, its own frame and topics (``Turn.answered`` False)."""

from __future__ import annotations

from dataclasses import replace

from kb.answer.inner_words import spans
from kb.answer.lexicon import bigrams, config
from kb.answer.result import Turn
from kb.answer.topic_words import Topic, amount_topics
from kb.answer.understand import INTENT_OF_FRAME, Question


def asked(q: Question, previous: Turn | None) -> Turn | None:
    """The turn a refused question leaves: the last answered turn when there is one, else the refused
    question's own frame and topics (no clause: nothing was stated)."""
    if previous is not None and previous.answered:
        return previous
    if not q.topics and previous is not None:
        return previous
    return Turn(q.intent, frame=q.frame, topics=q.topics, answered=False)


def resolve(q: Question, previous: Turn | None) -> Question:
    if previous is None:
        return q
    amounts = [t for t in amount_topics(q.text) if t not in q.topics and t.written not in previous.words]
    if q.followup_cue and amounts:  # 那800人以上的呢？ — an amount of its own is its own topic
        q = replace(q, topics=q.topics + tuple(amounts))
    if q.has_topic:
        if q.frame == "open" and q.followup_cue and previous.frame:  # 那医保呢？ — the frame, not the topic
            # 那800人以上的呢？ after 3000人以上的…有什么帮扶？ 谁牵头？ — asked as the question of the amount
            last = (previous.amount_frame if amounts else None) or previous.frame
            frame = "what" if any(c in q.question for c in config()["followup"]["condition_cues"]) else last
            return replace(q, frame=frame, frames=(frame,), intent=INTENT_OF_FRAME[frame], leans=True)
        said = {t.written for t in previous.topics}
        if previous.clauses and all(t.written in said for t in q.own_topics):
            # 都有啥补贴？ after 培训有补贴吗？ — no new topic: ties go to the last answered clauses
            return replace(q, leans=True)
        return q
    q = replace(q, words=q.words + contrast_words(q, previous))
    if more_cue(q):  # 还有别的没？ 还有其他的吗？ — more of the list, not whether there is more (no yes/no)
        q = replace(q, frame="list", frames=("list",), words=tuple(w for w in q.words if not more_cue_word(w)))
    frame = q.frame
    said = {t.written for t in previous.topics}
    if frame == "open" and q.levels and (previous.frame in ("who", None) or q.only_levels):
        frame = "who"  # 那市县呢？ — levels are where departments sit: who at that level, whatever came before
    elif frame == "open" and any(t.weak and t.written not in said for t in q.topics):
        frame = "yes_no"  # 那继承呢？ — a new action asked about: may one? (拆完那块地呢？ after 多会儿拆？ is not new)
    elif frame == "open" and puts_case(q):
        frame = "what"  # 要是验收不合格呢？ 验收不合格呢？ — a case put: what then, not the last frame (who) again
    elif frame == "open":
        frame = previous.frame or "open"
    frames = (frame, *(f for f in q.frames if f not in (frame, "open")))
    # the previous action (卖, 留着) goes with the previous frame: 甘肃的安置房能卖不？ → 那咱山西的呢？ asks
    # the same; a question with a frame or an action of its own (要多久？, 那继承呢？) asks about its own
    borrows = q.frame == "open" and frame == previous.frame and not any(t.weak for t in q.topics)
    inherited = tuple(
        replace(t, inherited=True) for t in previous.topics if (borrows or not t.weak) and t not in q.topics
    )
    inherited = named_items(q, inherited)
    # 这事谁牵头？ after 扶贫车间的岗位要留多少给贫困劳动力？ — the matter is the whole last question, its other
    # words (岗位, 贫困劳动力) too: they are searched and weigh in the choice of a measure or a duty
    words = tuple(w for w in (*previous.words,) if w not in q.words)
    return replace(
        q,
        frame=frame,
        frames=frames,
        topics=q.topics + inherited,
        inherited_words=words,
        grams=q.grams.union(*(bigrams(w) for w in words)),
        followup=True,
        intent=INTENT_OF_FRAME.get(frame, previous.intent),
    )


def amount_frame(q: Question, previous: Turn | None) -> str | None:
    """The frame a later 那800人以上的呢？ asks in: this question's when it writes an amount, else (a follow-up)
    the one its previous turn carried."""
    if amount_topics(q.text):
        return q.frame
    return previous.amount_frame if previous is not None and q.followup else None


def contrast_words(q: Question, previous: Turn) -> tuple[str, ...]:
    """快的呢？ 那进度快的呢？ after 拆旧复垦进度慢的县会怎么样？ — a follow-up with no topic and no word the last
    question did not say, whose one-character adjective (jieba's flags in frames.yaml followup.contrast_flags) is
    what it asks about: that character is its word (the sentence stating 进度快 leads, not 进度缓慢)."""
    if q.has_topic or not q.followup_cue or any(w not in previous.words for w in q.words):
        return ()
    flags = tuple(config()["followup"]["contrast_flags"])
    return tuple(dict.fromkeys(q.text[s:e] for s, e, f in spans(q.text) if e - s == 1 and f in flags))


def more_cue(q: Question) -> bool:
    return any(c in q.text for c in config()["followup"]["more_cues"])


def more_cue_word(word: str) -> bool:
    return any(word in c for c in config()["followup"]["more_cues"])


def asks_more(q: Question) -> bool:
    """还有啥？ 别的呢？ — a follow-up without a topic of its own asking for more of the last answer: more of its
    first clause (the one answered), not of every clause it cited (frames.yaml followup.more_cues)."""
    own = any(not t.inherited for t in q.own_topics)
    return q.followup and not own and more_cue(q)


def puts_case(q: Question) -> bool:
    """A follow-up putting a case: a condition cue (要是, 如果), or one of its own words negated (验收不合格)."""
    if any(c in q.question for c in config()["followup"]["condition_cues"]):
        return True
    negations = tuple(config()["negation_prefixes"])
    return any(q.text[i - 1 : i] in negations for w in q.words for i in [q.text.find(w)] if i > 0)


def _naming(words: tuple[str, ...], topic: Topic) -> bool:
    return any(w in a for w in words for a in (topic.written, *topic.alternatives))


def named_items(q: Question, inherited: tuple[Topic, ...]) -> tuple[Topic, ...]:
    """都有啥岗位？ after 公益性岗位兜底就业是哪个厅牵头？ — a list follow-up whose own word is part of an
    inherited topic asks for the items of that topic: the other inherited topics (就业) do not choose the list."""
    if q.frame != "list" or not q.words:
        return inherited
    return tuple(t for t in inherited if _naming(q.words, t)) or inherited


def names_items(q: Question) -> bool:
    """A resolved list follow-up that names the items it asks for (岗位 of the inherited 公益性岗位): its own words
    choose the clause, the previous answer's clauses only break ties."""
    return q.followup and q.frame == "list" and any(_naming(q.words, t) for t in q.topics if t.inherited)
