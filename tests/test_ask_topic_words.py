"""Residents' topic words mapped to the documents' words (frames.yaml topics)."""

from __future__ import annotations

from kb.answer.frame_cues import strip_cues
from kb.answer.topic_words import find_topics, topic_table


def _alternatives(question: str) -> dict[str, tuple[str, ...]]:
    return {t.written: t.alternatives for t in find_topics(strip_cues(question), topic_table())}


def test_wubao_households_are_the_documents_tekun_group() -> None:
    assert "特困" in _alternatives("俺娘是五保户，搬过去咋安置？")["五保"]


def test_selling_online_is_the_documents_e_commerce() -> None:
    found = _alternatives("想在网上卖东西就业，文件里提了哪几种方式？")
    assert "电商" in found["网上卖东西"] and "卖" not in found
    assert "网店" in _alternatives("俺想开网店，文件支持不？")["开网店"]
