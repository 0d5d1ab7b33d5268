"""Rule queries through the Python API and the CLI, bad input, and the SPARQL endpoint mode."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kb.cli import main
from kb.graph.api import PolicyQueries, QueryInputError
from kb.graph.store import GraphStore, StoreError

INJECTIONS = [
    '") } ; DROP ALL ; #',
    "'} UNION { ?s ?p ?o } #",
    '护林员" . } INSERT DATA { <a:b> <c:d> <e:f> } #',
    "<script>alert(1)</script>",
]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_who_json(policy: PolicyQueries, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["who", "扶贫车间", "--json"], capsys)
    assert code == 0
    measures = json.loads(out)["measures"]
    assert measures and measures == [m.to_json() for m in policy.who("扶贫车间")]
    assert all(m["participants"] and m["participants"][0]["role"] == "lead" for m in measures)


def test_cli_duties_and_fact(built_graph_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["duties", "水利部门"], capsys)
    assert code == 0 and "晋政办发〔2019〕57号 八（二）" in out and "安全饮水" in out
    code, out, _ = run(["fact", "复垦", "--json"], capsys)
    facts = json.loads(out)["facts"]
    assert code == 0 and any(f["unit"] == "年" and f["clause"] == "七（二）" for f in facts)


def test_unknown_department_gives_empty_result_and_message(
    policy: PolicyQueries, built_graph_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert policy.duties("火星移民局").items == []
    code, out, _ = run(["duties", "火星移民局"], capsys)
    assert code == 1 and "没有名为「火星移民局」" in out


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_attempts_are_plain_text(policy: PolicyQueries, store: GraphStore, text: str) -> None:
    triples_before = len(store.run("SELECT * WHERE { ?s ?p ?o }"))
    assert policy.who(text) == []
    assert policy.duties(text).items == []
    assert policy.facts(text) == []
    assert len(store.run("SELECT * WHERE { ?s ?p ?o }")) == triples_before


def test_empty_and_huge_input(policy: PolicyQueries, built_graph_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(QueryInputError):
        policy.who("   ")
    with pytest.raises(QueryInputError):
        policy.duties("部" * 10_000)
    code, _, err = run(["who", ""], capsys)
    assert code == 2 and "为空" in err


def test_sparql_command_is_read_only(built_graph_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], capsys)
    assert code == 0 and json.loads(out)[0]["n"] > 1000
    query = tmp_path / "q.rq"
    query.write_text("ASK { ?s a <https://w3id.org/policykb/ontology#Measure> }", encoding="utf-8")
    code, out, _ = run(["sparql", str(query)], capsys)
    assert code == 0 and json.loads(out) == [{"result": True}]
    code, _, err = run(["sparql", "DELETE WHERE { ?s ?p ?o }"], capsys)
    assert code == 2 and "只读" in err


def test_missing_build_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="policykb build"):
        GraphStore.open(tmp_path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(built_graph_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    oxigraph = Path(__import__("sys").executable).parent / "oxigraph"
    if not oxigraph.exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    data = tmp_path_factory.mktemp("oxigraph")
    subprocess.run(
        [str(oxigraph), "load", "--location", str(data), "--file", str(built_graph_dir / "graph.ttl")],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    command = [str(oxigraph), "serve-read-only", "--location", str(data), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_endpoint_mode_gives_the_same_answers(endpoint: str, policy: PolicyQueries) -> None:
    remote = PolicyQueries(GraphStore.remote(endpoint))
    assert [m.to_json() for m in remote.who("扶贫车间")] == [m.to_json() for m in policy.who("扶贫车间")]
    assert remote.duties("人社").to_json() == policy.duties("人社").to_json()
    assert [f.to_json() for f in remote.facts("拆旧")] == [f.to_json() for f in policy.facts("拆旧")]
    assert remote.who(INJECTIONS[0]) == []


def test_endpoint_flag_on_the_cli(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["who", "（十）", "--json", "--endpoint", endpoint], capsys)
    assert code == 0 and json.loads(out)["measures"][0]["clause"] == "三（十）"
    code, _, err = run(["who", "扶贫车间", "--endpoint", "http://127.0.0.1:9/query"], capsys)
    assert code == 2 and "无法访问" in err
