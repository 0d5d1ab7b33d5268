"""The deciding part of a long provision sentence (kb/answer/parts.py): a yes/no answer quotes the part(s) that
state the asked object or action, names a kept object in its first sentence in the document's words, and keeps
the full sentence in provisions[].text. Expectations come from the corpus sentences, not written answers."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from questions import understood

from kb.answer import AskService
from kb.answer.lexicon import config
from kb.answer.parts import _name, deciding_cut, part_spans
from kb.answer.sentences import PERIOD_RE, Sentence
from kb.graph.store import GraphStore
from kb.messages import msg

pytestmark = pytest.mark.unit
CFG = config()["deciding_part"]




def kept_sentence(service: AskService) -> Sentence:
    """The kept sentence of the most parts (the 「五个不变」 one)."""
    kept = [s for s in service.provisions.sentences if s.modality == "kept"]
    return max(kept, key=lambda s: len(part_spans(s.text)))


def part_of(s: Sentence, word: str) -> str:
    return next(s.text[a:b] for a, b in part_spans(s.text) if word in s.text[a:b])


def unquoted(text: str) -> str:
    return text.replace(msg("answer.omitted"), "")


def test_parts_are_the_sentence_split_at_its_marks_outside_brackets(service: AskService) -> None:
    for s in service.provisions.sentences:
        spans = part_spans(s.text)
        tail = s.text.rstrip(config()["patterns"]["sentence_tail"])
        assert spans[0][0] == 0 and spans[-1][1] == len(tail)
        for (_, b), (c, _) in pairwise(spans):
            assert c == b + 1 and tail[b] in CFG["part_marks"]
        for a, b in spans:
            part = s.text[a:b]
            assert part.count("（") == part.count("）"), part


@pytest.mark.parametrize(
    ("question", "word"),
    [("低保还有吗？", "低保"), ("搬迁后宅基地会不会被收回？", "宅基地"), ("搬了以后医保还能报吗？", "医保")],
)
def test_a_kept_object_is_named_and_its_part_quoted(service: AskService, question: str, word: str) -> None:
    s = kept_sentence(service)
    part = part_of(s, word)
    answer = service.ask(question)
    first, _, quote = answer.answer.partition(msg("answer.quote", text="").split("「")[0])
    assert word in first and first.rstrip(config()["patterns"]["full_stop"]).endswith(CFG["kept_ends"][0])
    assert part in quote
    assert all(s.text[a:b] not in quote for a, b in part_spans(s.text) if word not in s.text[a:b])
    main = answer.provisions[0]
    assert main["text"] == s.text  # the full sentence stays in the JSON
    assert unquoted(main["quoted"]) in s.text and len(main["quoted"]) < len(s.text)


def test_an_object_the_sentence_does_not_state_leaves_it_whole(service: AskService, store: GraphStore) -> None:
    s = next(x for x in service.provisions.sentences if x.modality == "kept" and "低保" not in x.text)
    assert deciding_cut(understood(store, "低保还有吗？"), s) is None
    answer = service.ask("低保还有吗？")
    assert answer.answer.startswith(msg("answer.polarity_word.keep_yes"))  # 是的, not 可以


def test_a_may_answer_leads_with_the_rule_stating_the_asked_action(service: AskService) -> None:
    prohibited = [s for s in service.provisions.sentences if s.modality == "prohibited" and len(part_spans(s.text)) > 1]
    for question, action in (("安置房能卖吗？", "出售"), ("安置房可以抵押吗？", "抵押")):
        answer = service.ask(question)
        assert answer.polarity == "no"
        s = next(x for x in prohibited if action in x.text)
        rule = part_of(s, action)
        assert any(c in rule for c in CFG["rule_cues"]["prohibited"])
        quote = answer.provisions[0]["quoted"]
        assert unquoted(quote).startswith(rule) and quote.startswith(msg("answer.omitted"))
        assert all(s.text[a:b] not in answer.answer for a, b in part_spans(s.text)[:1])


def test_a_cut_keeps_the_period_a_question_also_asks(service: AskService) -> None:
    answer = service.ask("增减挂钩节余指标从什么时候起允许在省域内流转？")
    main = answer.provisions[0]["text"]
    assert all(p in answer.answer for p in PERIOD_RE.findall(main))


def test_a_name_runs_to_the_end_of_its_list_item(service: AskService) -> None:
    s = kept_sentence(service)
    checked = 0
    for a, b in part_spans(s.text):
        part = s.text[a:b]
        body = next((part[: part.rfind(k)] for k in CFG["kept_ends"] if part.endswith(k)), part)
        for item in re.split(f"[{CFG['item_marks']}]", body):
            if len(item) < 3 or any(m in item for m in CFG["class_marks"]):
                continue
            at = part.find(item)
            assert _name(part, at, at + 2) == item, (part, item)  # 承包 → 承包地
            checked += 1
    assert checked


def test_a_cut_keeps_a_period_the_question_writes(service: AskService) -> None:
    answer = service.ask("国家扶贫开发工作重点县的增减挂钩节余指标，2020年后能在省内流转吗？")
    main = answer.provisions[0]["text"]
    written = [p for p in PERIOD_RE.findall(main) if p in answer.question]
    assert written and all(p in answer.answer for p in written)
