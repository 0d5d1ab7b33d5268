"""The real app: ``policykb serve`` started as a subprocess on a free port, driven through
``gradio_client`` (named endpoints, follow-ups, limits, queueing) and through a real Chromium (the chat
answers with its citation, the household form gives cards); screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from chromium import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve, yes_words

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FORESTER = "护林员搬迁后还能继续当吗？"


@pytest.fixture(scope="module")
def server(built_graph_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``policykb serve`` on 127.0.0.1, run from an empty folder (nothing may appear in it)."""
    cwd = tmp_path_factory.mktemp("serve-cwd")
    with serve(cwd) as url:
        yield url
    assert list(cwd.iterdir()) == [], "the app wrote files into its working folder"


@pytest.fixture(scope="module")
def client(server: str):
    from gradio_client import Client

    return Client(server, verbose=False)


# ------------------------------------------------------------------ gradio_client
def test_ask_endpoint_gives_the_cli_contract(client):
    data = client.predict(FORESTER, api_name="/ask")
    assert data["answered"] is True and data["answer"].startswith(yes_words())
    assert (data["citations"][0]["doc"], data["citations"][0]["clause"]) == ("晋脱贫攻坚组〔2020〕12号", "三（十）")
    refused = client.predict("北京明天天气怎么样", api_name="/ask")
    assert refused["answered"] is False and refused["citations"] == []


def test_ask_endpoint_bounds_the_question(client):
    data = client.predict("护" * 501, api_name="/ask")
    assert data["answered"] is False and "500" in data["answer"]


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def test_chat_endpoint_keeps_the_conversation(client):
    box, history = client.predict("护林员的事由谁负责？", [], api_name="/chat")
    assert box == "" and len(history) == 2
    first = _text(history[-1])
    assert "三（十）" in first and "<details" in first
    box, history = client.predict("那市县呢？", history, api_name="/chat")
    follow = _text(history[-1])
    assert len(history) == 4 and "三（十）" in follow and "林草部门" in follow and "牵头" not in follow.split("依据")[0]


def test_duties_endpoint_gives_a_table_and_a_csv(client):
    table, csv_path = client.predict("省林草局", api_name="/duties")
    rows = table["data"]
    assert rows and all(row[0] == "省林草局" or "林草" in row[0] for row in rows)
    assert any(row[4] == "三（十）" for row in rows)
    text = Path(csv_path).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "部门,角色,职责,文号,条款" and "三（十）" in text


def test_clause_and_entitle_endpoints(client):
    clause = client.predict("晋脱贫攻坚组〔2020〕12号", "三（十）", api_name="/clause")
    assert clause["text"].startswith(clause["title"]) and "护林员" in clause["text"]
    report = client.predict({"registered_poor": True, "members": [{"forest_ranger": True}]}, api_name="/entitle")
    assert any(item["basis"] for item in report["entitlements"])


def test_concurrent_users_are_queued_and_all_answered(client):
    questions = ["旧房多久要拆除？", "人社部门负责什么？", FORESTER, "五个不变是哪五个？"] * 2
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(pool.map(lambda q: client.predict(q, api_name="/ask"), questions))
    assert [r["question"] for r in results] == questions and all(r["answered"] for r in results)


# ------------------------------------------------------------------ real browser
@pytest.fixture(scope="module")
def page(server: str):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
            page.set_default_timeout(60_000)
            page.goto(server)
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_browser_chat_answers_with_the_cited_clause(page):
    box = page.locator("#qa-input textarea")
    box.fill(FORESTER)
    box.press("Enter")
    answer = page.locator("#qa-chat .answer-text").last
    answer.wait_for()
    assert answer.inner_text().startswith(yes_words())
    citation = page.locator("#qa-chat details.citation").first
    assert "晋脱贫攻坚组〔2020〕12号 三（十）" in citation.locator("summary").inner_text()
    assert "人均管护面积不少于500亩" in citation.locator(".clause-text").inner_text()  # opened: the full clause
    page.locator("#qa-chat details.more-citations > summary").first.click()  # the other citations are folded
    second = page.locator("#qa-chat details.citation").nth(1)
    second.locator("summary").click()
    assert second.locator(".clause-text").is_visible()
    second.locator("summary").click()
    page.screenshot(path=str(ARTIFACTS / "app-chat.png"), full_page=False)
    box.fill("那市县呢？")  # a follow-up on the same measure
    box.press("Enter")
    page.locator("#qa-chat .answer-text").nth(1).wait_for()
    follow = page.locator("#qa-chat .answer-text").nth(1).inner_text()
    assert "林草部门" in follow and "三（十）" in follow
    page.screenshot(path=str(ARTIFACTS / "app-chat-followup.png"), full_page=False)


@pytest.mark.browser
def test_browser_household_form_gives_cards(page):
    page.get_by_role("tab", name="我家能享受什么").click()
    page.locator("#hh-registered_poor").get_by_label("是", exact=True).check()
    page.locator("#hh-move_in_date textarea, #hh-move_in_date input").first.fill("2020-01-01")
    page.locator("#hh-old_house_demolished").get_by_label("否", exact=True).check()
    page.locator("#m0-age input, #m0-age textarea").first.fill("45")
    page.locator("#hh-submit").click()
    page.locator("#hh-result .card").first.wait_for()
    ranger = page.locator("#m0-forest_ranger")  # asked now, like a clerk would: it can change the result
    ranger.wait_for()
    ranger.get_by_label("是", exact=True).check()
    page.locator("#hh-submit").click()
    page.locator("#hh-result .card[data-id='forest-ranger-keeps-post'] .status-applies").wait_for()
    text = page.locator("#hh-result").inner_text()
    assert "可以享受的权益" in text and "应当履行的义务" in text and "依据" in text
    assert "生态护林员" in text
    assert page.locator("#hh-result .due").count() >= 1  # the demolition deadline is highlighted
    page.locator("#hh-result").screenshot(path=str(ARTIFACTS / "app-household.png"))
