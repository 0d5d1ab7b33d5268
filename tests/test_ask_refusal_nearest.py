"""Refusals from the question itself (an errand, after the period, who qualifies, the asker's own case) still
quote the nearest provision when one states enough of the question's topics: what the documents do not state
first (a personal case: the local office first), then that provision, cited, with no number or department of
its own; no provision when several tie or none states enough."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.lexicon import config
from kb.answer.scope import cue_spans, outside_cues, refuse_kind
from kb.answer.understand import clean_question, understand
from kb.messages import msg


@pytest.mark.unit
def test_the_cue_spans_cover_the_words_of_the_refusal_cue() -> None:
    text = "不动产权证找哪个窗口？"
    spans = cue_spans(text, "errand")
    assert spans and all(text[a:b] in text for a, b in spans)
    assert any(text[a:b].endswith("窗口") for a, b in spans)
    assert not cue_spans(text, "after_period")
    assert any(
        "年以后" in "安置房20年以后能卖吗？"[a:b] for a, b in cue_spans("安置房20年以后能卖吗？", "after_period")
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, sign",
    [
        ("补贴怎么还没打过来，给查查？", "没打过来"),  # a case sign …
        ("低保金这个月没打到卡上，怎么回事啊？", "没打到"),
        ("我家安置房的房本多久能拿到手？", "多久能拿到手"),
        ("护林员工资一直拖着不给？", "工资一直拖着"),
        ("退耕还林的补助，帮我查一下？", "帮我查一下"),  # … and a request (case_requests)
    ],
)
def test_the_cue_spans_cover_the_case_signs_and_requests_refuse_kind_reads(text: str, sign: str) -> None:
    assert refuse_kind(text, (), "", set()) == "personal_case"
    spans = cue_spans(text, "personal_case")
    assert any(text[a:b] == sign for a, b in spans), [text[a:b] for a, b in spans]
    outside = outside_cues(text, "personal_case")
    assert not outside(sign[-2:]) and outside("补贴" if "补贴" in text else "城镇")



def _refused_with_nearest(service: AskService, question: str, kind: str) -> dict:
    answer = service.ask(question)
    assert not answer.answered and answer.polarity is None
    assert answer.signals["refuse_kind"] == kind
    assert len(answer.citations) == 1 and len(answer.provisions) == 1
    nearest = answer.provisions[0]
    assert answer.citations[0].key == f"{nearest['doc']} {nearest['clause']}"
    assert msg("answer.refuse.nearest", doc=nearest["doc"], clause=nearest["clause"], text=nearest["text"]) in (
        answer.answer
    )
    assert service.grounding.check(answer).ok  # no number or department of its own
    data = answer.to_json()
    assert data["answered"] is False and data["citations"] and data["provisions"]
    return nearest


@pytest.mark.slow
@pytest.mark.parametrize("question", ["不动产权证去哪儿办？找哪个窗口？", "不動產權證去哪裡辦？", "不动产权症去哪儿办"])
def test_an_errand_refusal_quotes_the_provision_on_its_topic(service: AskService, question: str) -> None:
    nearest = _refused_with_nearest(service, question, "errand")
    assert "不动产权" in nearest["text"]  # the question's topic, not the errand's window
    assert service.ask(question).answer.startswith(msg("answer.refuse.errand"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["那20年以后是不是就能随便卖了？", "安置房住满二十年能抵押不？", "安置房過了這個年限就能賣了？"]
)
def test_an_after_the_period_refusal_quotes_a_sentence_stating_the_period(service: AskService, question: str) -> None:
    nearest = _refused_with_nearest(service, question, "after_period")
    sentence = next(s for s in service.provisions.sentences if s.doc == nearest["doc"] and s.text == nearest["text"])
    assert sentence.periods
    assert config()["refuse_with_nearest"]["after_period"] == "period"


@pytest.mark.slow
def test_a_personal_case_names_the_local_office_before_the_nearest_provision(service: AskService) -> None:
    _refused_with_nearest(service, "我的护林员续聘了没有？", "personal_case")
    text = service.ask("我的护林员续聘了没有？").answer
    issuers = msg("answer.list_sep").join(dict.fromkeys(d["issuer"] for d in service.lexicon.documents))
    office = msg("answer.refuse.personal_case") + msg("answer.refuse.personal_where", issuers=issuers)
    assert text.startswith(office) and text.index(office) < text.index(msg("answer.refuse.nearest_mark"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "补贴咋还没打过来，给查查",
        "补贴怎么还没发下来？帮我查查",
        "护林员补助咋还没打到卡上？",
        "我家护林员工资一直拖着不给",
    ],
)
def test_the_words_of_a_case_sign_score_no_nearest_provision(service: AskService, question: str) -> None:
    q = understand(clean_question(question), service.lexicon, service.corpus_text, table=service.topic_table)
    assert q.refuse_kind == "personal_case"
    outside = outside_cues(q.text, "personal_case")
    scored = [w for w in (*(t.written for t in q.topics), *q.words) if outside(w)]
    assert scored and not any(w in ("过来", "查查", "打到", "工资", "一直") for w in scored), scored
    assert service.ask(question).signals["refuse_kind"] == "personal_case"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "俺家安置房漏水了找谁修？",  # every sentence on 安置房 alike: a tie
        "我家的安置房补贴到账了没有？",
        "俺们村啥条件才能纳入易地扶贫搬迁范围？",  # beside the cue's words only 条件 is left, no topic
    ],
)
def test_no_provision_when_several_state_the_topic_alike_or_no_topic_is_left(
    service: AskService, question: str
) -> None:
    answer = service.ask(question)
    assert not answer.answered and not answer.citations and not answer.provisions
    assert msg("answer.refuse.nearest_mark") not in answer.answer
