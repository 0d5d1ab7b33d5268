"""The graph built from the real corpus: extraction checked against the source text."""

from __future__ import annotations

import re

from kb.corpus import Document, find_document
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore

RAW_NOTE = re.compile(r"（([^（）]*?)牵头负责")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def raw_items(doc: Document) -> dict[int, str]:
    """Item number → raw text of that item, split on the item markers of the whitespace-free source."""
    raw = squeeze(doc.source_path.read_text(encoding="utf-8"))
    parts = re.split(r"（([一二三四五六七八九十]+)）(?=[^（）]{2,}?。)", raw)
    from kb.corpus.numerals import cn_to_int

    return {cn_to_int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_all_26_measures_have_the_leads_the_source_names(corpus: list[Document], policy: PolicyQueries) -> None:
    doc = find_document(corpus, "晋脱贫攻坚组〔2020〕12号")
    raw = raw_items(doc)
    assert len(raw) == 26
    for number, item_text in raw.items():
        clause = next(c for c in doc.items if c.item_no == number)
        measures = policy.who(clause.label)
        assert len(measures) == 1, clause.label
        leads = measures[0].leads
        assert leads, clause.label
        notes = RAW_NOTE.findall(item_text)
        assert notes, clause.label
        assert "、".join(leads) == notes[-1], clause.label


def test_every_participant_of_a_note_is_written_in_the_note(corpus: list[Document], policy: PolicyQueries) -> None:
    doc = find_document(corpus, "晋脱贫攻坚组〔2020〕12号")
    for clause in doc.items:
        (measure,) = policy.who(clause.label)
        note = clause.text[clause.text.rindex("（") :]
        for participant in measure.participants:
            assert participant.as_written in note
            assert participant.role_label in note
        roles = {p.role for p in measure.participants}
        assert "lead" in roles and roles <= {"lead", "implement", "assist", "co-implement"}


def test_roles_seen_in_the_2020_document(policy: PolicyQueries) -> None:
    (finance,) = policy.who("（十九）")
    assert {p.role for p in finance.participants} == {"lead", "co-implement"}
    assert len(policy.who("（二十三）")[0].participants) == 4
    assert "assist" in {p.role for p in policy.who("（二十三）")[0].participants}


def test_water_duty_of_the_2019_document(policy: PolicyQueries, corpus: list[Document]) -> None:
    result = policy.duties("水利部门")
    (item,) = result.items
    assert (item.doc, item.clause) == ("晋政办发〔2019〕57号", "八（二）")
    assert "安全饮水" in item.task
    assert item.quote in find_document(corpus, item.doc).clause(item.clause).text


def test_a_department_sentence_with_jiaqiang_is_a_duty(policy: PolicyQueries, corpus: list[Document]) -> None:
    # 三（八）: 县级林草主管部门加强对合作社的技术培训和指导 — a duty in the body, besides the clause's note
    items = [i for i in policy.duties("县级林草主管部门").items if i.clause == "三（八）" and i.kind == "duty"]
    assert items and all(i.task.startswith("加强") for i in items)
    assert items[0].quote in find_document(corpus, items[0].doc).clause(items[0].clause).text
    # a 公司's 加强 sentence restating its clause's lead (六（十九）) is no duty of its own
    assert not [i for i in policy.duties("扶贫开发投资公司").items if i.clause == "六（十九）" and i.kind == "duty"]


def test_human_resources_duties_span_both_documents(policy: PolicyQueries) -> None:
    for alias in ("人社", "人社厅", "人力资源社会保障"):
        result = policy.duties(alias)
        assert result.documents == ["晋政办发〔2019〕57号", "晋脱贫攻坚组〔2020〕12号"], alias


def test_forestry_alias_links_province_and_local_departments(policy: PolicyQueries) -> None:
    result = policy.duties("林草局")
    leads = {i.clause for i in result.items if i.role == "lead"}
    assert {"三（八）", "三（九）", "三（十）"} <= leads
    assert any(i.role == "implement" for i in result.items)


def test_other_responsibility_statements_of_2019(policy: PolicyQueries) -> None:
    (registration,) = policy.who("六（四）")
    assert registration.doc == "晋政办发〔2019〕57号" and registration.leads
    assert registration.leads[0] in registration.text
    point_heads = [i for i in policy.duties("县处级负责人").items if i.clause == "八（三）"]
    assert point_heads and "点长" in point_heads[0].task


def test_thresholds_and_deadlines_quote_their_clause(policy: PolicyQueries, corpus: list[Document]) -> None:
    facts = policy.facts()
    assert len(facts) >= 12
    for fact in facts:
        clause_text = find_document(corpus, fact.doc).clause(fact.clause).text
        assert fact.quote in clause_text
        number = f"{fact.value:g}"
        assert number in fact.quote or fact.quote[0] not in "0123456789"
    found = {(f.clause, f.display) for f in facts}
    expected = {("七（二）", "6个月"), ("七（二）", "1年"), ("六（四）", "20年"), ("三（三）", "3个"),
                ("二（五）", "3000人"), ("七（二十二）", "800人"), ("八（三）", "500人"),
                ("三（十）", "500亩"), ("三（八）", "60%")}  # fmt: skip
    assert expected <= found


def test_deadlines_are_periods(policy: PolicyQueries) -> None:
    kinds = {f.display: f.kind for f in policy.facts("拆旧")}
    assert kinds.get("6个月") == "deadline"
    assert all(f.kind == "threshold" for f in policy.facts("安置区") if f.unit_code == "person")


def test_five_unchanged_come_from_clause_six_one(store: GraphStore, corpus: list[Document]) -> None:
    rows = store.select("five_unchanged")
    assert len(rows) == 5
    text = find_document(corpus, "晋政办发〔2019〕57号").clause("六（一）").text
    for row in rows:
        assert row["clause"] == "六（一）" and row["label"] in text and row["label"].endswith("保持不变")
        assert row["aliases"]


def test_every_fact_node_cites_a_clause(store: GraphStore) -> None:
    rows = store.run(
        """PREFIX pkb: <https://w3id.org/policykb/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX cv: <http://data.europa.eu/m8g/>
        SELECT ?node WHERE {
          VALUES ?class { pkb:Measure cv:Participation pkb:Duty pkb:Threshold pkb:Deadline
                          pkb:Entitlement pkb:Obligation pkb:Department }
          ?node a ?class .
          FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?clause . ?clause a pkb:Clause }
        }"""
    )
    assert rows == []


def test_document_metadata(store: GraphStore) -> None:
    rows = {r["doc"]: r for r in store.select("documents")}
    assert set(rows) == {"晋政办发〔2019〕57号", "晋脱贫攻坚组〔2020〕12号"}
    assert str(rows["晋政办发〔2019〕57号"]["date"]) == "2019-07-22"
    assert "晋政办发〔2019〕57号" in rows["晋脱贫攻坚组〔2020〕12号"]["cites"]


def test_one_office_written_two_ways_is_one_department(policy: PolicyQueries, corpus: list[Document]) -> None:
    doc = find_document(corpus, "晋脱贫攻坚组〔2020〕12号")
    assert "各市县发展改革" in doc.clause("七（二十）").text and "各市、县发展改革" in doc.clause("一（二）").text
    one = {d for d in policy.resolve_departments("各市县发展改革部门") if "各市" in d[1]}
    other = {d for d in policy.resolve_departments("各市、县发展改革部门") if "各市" in d[1]}
    assert len(one) == 1 and one == other
    (measure,) = policy.who("七（二十）")
    assert any(p.as_written == "各市县发展改革、扶贫部门" for p in measure.participants)
