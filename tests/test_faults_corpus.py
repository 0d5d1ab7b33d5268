"""A careless corpus (issue 14): every metadata field is type-checked, ``source_file`` stays inside the
corpus folder, and a broken new document does not take ask/serve down (they answer from the last build)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.cli import main
from kb.corpus import CorpusError, load_corpus

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[1]
GOOD = (ROOT / "corpus" / "jinzhengbanfa-2019-57.yaml").read_text(encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def _with(corpus: Path, old: str, new: str) -> None:
    (corpus / "jinzhengbanfa-2019-57.yaml").write_text(GOOD.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("cites: []", "cites: 5", "cites"),
        ("cites: []", "cites: [1, 2]", "cites"),
        ("short_title: 实施意见", "short_title: [实施意见]", "short_title"),
        ("issuer: 山西省人民政府办公厅", "issuer: 12", "issuer"),
        ("layout: paragraphs", "layout: [pdf]", "layout"),
        ("date: 2019-07-22", "date: 2019-13-45", "date"),
        ("source_file: jinzhengbanfa-2019-57.txt", "source_file: /etc/passwd", "source_file"),
        ("source_file: jinzhengbanfa-2019-57.txt", "source_file: ../../../etc/passwd", "source_file"),
        ("source_file: jinzhengbanfa-2019-57.txt", "source_file: .", "source_file"),
    ],
)
def test_bad_metadata_is_a_corpus_error_naming_the_field(corpus: Path, old: str, new: str, words: str) -> None:
    assert old in GOOD
    _with(corpus, old, new)
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus)
    assert words in str(err.value) and "jinzhengbanfa-2019-57.yaml" in str(err.value)


def test_a_link_out_of_the_corpus_is_refused(corpus: Path) -> None:
    (corpus / "outside.txt").symlink_to("/etc/hostname")
    _with(corpus, "source_file: jinzhengbanfa-2019-57.txt", "source_file: outside.txt")
    with pytest.raises(CorpusError, match="source_file"):
        load_corpus(corpus)


def test_ask_keeps_answering_from_the_last_good_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("corpus", "ontology"):
        shutil.copytree(ROOT / name, tmp_path / name, dirs_exist_ok=True)
    monkeypatch.setenv("POLICYKB_HOME", str(tmp_path))
    monkeypatch.setenv("POLICYKB_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("POLICYKB_EMBEDDER", "hash:64")
    assert main(["build"]) == 0
    (tmp_path / "corpus" / "zz-new.yaml").write_text(GOOD.replace("cites: []", "cites: 5"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 2
    assert "未改动" in capsys.readouterr().err
    assert main(["ask", "--json", "搬迁后原来的低保还能享受吗"]) in (0, 1)  # answered or refused: not an error
    captured = capsys.readouterr()
    assert '"answered"' in captured.out and "语料目录有错误" in captured.err and "zz-new.yaml" in captured.err
    assert main(["entitle", "--questions"]) == 0
