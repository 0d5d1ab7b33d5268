"""Fault injection on the build folder (issue 14): a truncated, flipped, emptied or foreign file is refused
with a clear message and never served; a build killed at any moment leaves the previous build answering."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kb.cli import main
from kb.graph.build_folder import MANIFEST_FILE, verify
from kb.graph.store import GraphStore, StoreError

pytestmark = pytest.mark.integration  # every test builds a real graph into its own folder
ROOT = Path(__file__).resolve().parents[1]
FAKE_EMBEDDER = "hash:64"  # the deterministic fake: these tests are about files, not about the model


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_home(tmp_path, monkeypatch)


def make_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private project (corpus, ontology) with one complete build in ``home/build``."""
    for name in ("corpus", "ontology"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("POLICYKB_HOME", str(tmp_path))
    monkeypatch.setenv("POLICYKB_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("POLICYKB_EMBEDDER", FAKE_EMBEDDER)
    assert main(["build"]) == 0
    return tmp_path


def _refused(folder: Path, *words: str) -> str:
    with pytest.raises(StoreError) as err:
        GraphStore.open(folder)
    text = str(err.value)
    assert "Traceback" not in text and all(word in text for word in words), text
    return text


def test_a_complete_build_verifies(home: Path) -> None:
    build = home / "build"
    assert build.is_symlink() and verify(build)["files"]
    assert GraphStore.open(build).select("build_sanity")[0]["result"] is True


def test_one_flipped_byte_in_the_graph_is_never_served(home: Path) -> None:
    graph = home / "build" / "graph.ttl"
    text = graph.read_text(encoding="utf-8")
    assert "schema:value 6.0" in text  # the 6-month deadline of the bundled corpus
    graph.write_text(text.replace("schema:value 6.0", "schema:value 9.0", 1), encoding="utf-8")
    _refused(home / "build", "graph.ttl", "校验和", "policykb build")


@pytest.mark.parametrize("damage", ["truncate", "empty", "flip"])
def test_damaged_graph_is_refused(home: Path, damage: str) -> None:
    graph = home / "build" / "graph.ttl"
    data = graph.read_bytes()
    if damage == "truncate":
        graph.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        graph.write_bytes(b"")
    else:
        middle = len(data) // 2
        graph.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    _refused(home / "build", "graph.ttl")


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\xff\xfe\x00not utf-8", ("manifest.json", "UTF-8")), (b"", ("manifest.json",)), (b"[]", ("manifest.json",))],
)
def test_bad_manifest_is_refused(home: Path, content: bytes, words: tuple[str, ...]) -> None:
    (home / "build" / MANIFEST_FILE).write_bytes(content)
    _refused(home / "build", *words)


def test_an_edited_manifest_is_refused(home: Path) -> None:
    path = home / "build" / MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"]["graph.ttl"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    _refused(home / "build", "manifest.json")


def test_a_measure_less_graph_is_refused_clearly(home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from kb.corpus import load_corpus
    from kb.graph.build import build_graph, write_build

    documents = load_corpus(home / "corpus")
    graph, report = build_graph(documents)
    from rdflib import URIRef
    from rdflib.namespace import RDF

    measure = URIRef("https://w3id.org/policykb/ontology#Measure")
    for subject in list(graph.subjects(RDF.type, measure)):
        graph.remove((subject, RDF.type, measure))
    target = tmp_path_factory.mktemp("measureless") / "build"
    write_build(graph, report, documents, target)
    _refused(target, "不完整", "policykb build")


def test_build_folder_naming_a_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = home / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    _refused(a_file, "不是文件夹")
    assert main(["build", "--graph-only", "--out", str(a_file)]) == 2
    assert "是一个文件" in capsys.readouterr().err


def test_stale_on_any_metadata_field(home: Path) -> None:
    meta = home / "corpus" / "jinzhengbanfa-2019-57.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: ", "title: 新", 1), encoding="utf-8")
    _refused(home / "build", "已过期")


def test_a_broken_corpus_is_served_from_the_last_good_build(home: Path) -> None:
    (home / "corpus" / "zz-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    store = GraphStore.open(home / "build")
    assert store.notices and "语料目录有错误" in store.notices[0] and "zz-broken.yaml" in store.notices[0]
    assert store.select("build_sanity")[0]["result"] is True


def test_opening_writes_nothing(home: Path) -> None:
    """A read-only build folder is used read-only: opening the graph and the index writes no file."""
    from kb.search import Searcher

    generation = (home / "build").resolve()
    before = {p: p.stat().st_mtime_ns for p in generation.rglob("*")}
    GraphStore.open(home / "build")
    Searcher.open(home / "build", auto_build=False).search("扶贫车间")
    assert {p: p.stat().st_mtime_ns for p in generation.rglob("*")} == before


def test_unwritable_parent_is_refused_clearly(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the permission check sees it (root ignores permissions, so the check itself is what is tested)."""
    import kb.graph.build_folder as build_folder

    with monkeypatch.context() as patch:
        patch.setattr(build_folder.os, "access", lambda path, mode: False)
        assert main(["build", "--graph-only"]) == 2
    err = capsys.readouterr().err
    assert "不可写" in err and "Traceback" not in err
    assert GraphStore.open(home / "build").select("build_sanity")[0]["result"] is True


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_parent_is_refused_clearly(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home.chmod(0o555)
    try:
        assert main(["build", "--graph-only"]) == 2
        assert "不可写" in capsys.readouterr().err
        assert GraphStore.open(home / "build")  # the existing build still answers
    finally:
        home.chmod(0o755)
