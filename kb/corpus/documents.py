"""Policy documents: metadata (``<id>.yaml``) + raw text (``<id>.txt``) → cleaned, segmented document."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.corpus.clean import CorpusError, cut_front_matter, cut_tail, normalise, read_lines
from kb.corpus.segment import Clause, Section, segment

REQUIRED_FIELDS = ("id", "doc_number", "title", "issuer", "date", "source_file", "layout")
OPTIONAL_FIELDS = ("short_title", "attachment_title", "date_note", "body_starts_after", "cites")
LAYOUTS = ("paragraphs", "pdf")


@dataclass(frozen=True)
class Document:
    id: str
    doc_number: str  # 文号, without spaces
    title: str
    short_title: str
    attachment_title: str
    issuer: str
    date: dt.date
    date_note: str
    source_path: Path
    layout: str
    cites: tuple[str, ...]
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]
    continuous_numbering: bool
    body: str  # the cleaned body, paragraphs joined by "\n"
    sha256: str  # of the raw source file

    @property
    def items(self) -> list[Clause]:
        return [c for c in self.clauses if c.kind == "item"]

    def clause(self, label: str) -> Clause:
        """Look a clause up by its label: ``六（一）``, ``六(一)``; ``（十）`` alone when numbering is continuous."""
        wanted = label.strip().replace("(", "（").replace(")", "）").replace(" ", "")
        for clause in self.clauses:
            if clause.label == wanted:
                return clause
        if wanted.startswith("（"):
            matches = [c for c in self.items if c.marker == wanted]
            if len(matches) == 1 and self.continuous_numbering:
                return matches[0]
            if len(matches) > 1:
                options = "、".join(c.label for c in matches)
                raise KeyError(f"{self.doc_number} 中「{wanted}」不唯一，请写明所属部分：{options}")
        raise KeyError(f"{self.doc_number} 中没有条款「{label}」")

    def citation(self, clause: Clause) -> str:
        return f"{self.doc_number} {clause.label}"


def read_metadata(meta_path: Path) -> dict:
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(
            meta_path, getattr(getattr(exc, "problem_mark", None), "line", 0) + 1, f"元数据无法读取：{exc}"
        ) from exc
    if not isinstance(meta, dict):
        raise CorpusError(meta_path, 1, "元数据应为键值对（YAML mapping）")
    missing = [key for key in REQUIRED_FIELDS if not meta.get(key)]
    if missing:
        raise CorpusError(meta_path, 1, f"元数据缺少字段：{', '.join(missing)}")
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise CorpusError(meta_path, 1, f"元数据有未知字段：{', '.join(unknown)}")
    if meta["layout"] not in LAYOUTS:
        raise CorpusError(meta_path, 1, f"layout 应为 {' 或 '.join(LAYOUTS)}，实际 {meta['layout']!r}")
    if not isinstance(meta["date"], dt.date):
        try:
            meta["date"] = dt.date.fromisoformat(str(meta["date"]))
        except ValueError as exc:
            raise CorpusError(meta_path, 1, f"date 应为 YYYY-MM-DD，实际 {meta['date']!r}") from exc
    return meta


def load_document(meta_path: Path) -> Document:
    meta = read_metadata(meta_path)
    source = meta_path.parent / str(meta["source_file"])
    try:
        raw_bytes = source.read_bytes()
        raw = raw_bytes.decode("utf-8")
    except OSError as exc:
        raise CorpusError(meta_path, 1, f"找不到原文文件 {source.name}：{exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise CorpusError(source, line, "原文不是 UTF-8 编码") from exc
    lines = read_lines(raw)
    if not lines:
        raise CorpusError(source, 1, "原文为空")
    body_lines = cut_tail(cut_front_matter(lines, meta.get("body_starts_after"), source), str(meta["issuer"]))
    if not body_lines:
        raise CorpusError(source, lines[-1].number, "去掉文头和文尾后没有正文")
    sections, clauses, continuous = segment(body_lines, str(meta["layout"]), source)
    body = "\n".join(line.text for line in body_lines)
    return Document(
        id=str(meta["id"]),
        doc_number=normalise(str(meta["doc_number"])).replace(" ", ""),
        title=str(meta["title"]),
        short_title=str(meta.get("short_title") or meta["title"]),
        attachment_title=str(meta.get("attachment_title") or ""),
        issuer=str(meta["issuer"]),
        date=meta["date"],
        date_note=str(meta.get("date_note") or ""),
        source_path=source,
        layout=str(meta["layout"]),
        cites=tuple(str(c) for c in meta.get("cites") or ()),
        sections=tuple(sections),
        clauses=tuple(clauses),
        continuous_numbering=continuous,
        body=body,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
    )


def load_corpus(directory: Path | None = None) -> list[Document]:
    """Every document of a corpus folder: one ``<id>.yaml`` per document, in file-name order."""
    if directory is None:
        from kb.paths import corpus_dir

        directory = corpus_dir()
    metas = sorted(Path(directory).glob("*.yaml"))
    if not metas:
        raise CorpusError(directory, 0, "语料目录中没有文档元数据（*.yaml）")
    documents = [load_document(path) for path in metas]
    seen: dict[str, Path] = {}
    for doc, path in zip(documents, metas, strict=True):
        for key in (doc.id, doc.doc_number):
            if key in seen:
                raise CorpusError(path, 1, f"与 {seen[key].name} 重复：{key}")
            seen[key] = path
    return documents


def corpus_hash(documents: list[Document]) -> str:
    """A fingerprint of the corpus (sources and metadata as parsed), for stale-build detection."""
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.id}|{doc.doc_number}|{doc.sha256}|{doc.date}|{doc.layout}\n".encode())
    return digest.hexdigest()


def find_document(documents: list[Document], key: str) -> Document:
    """A document by id, 文号 (spaces ignored) or short title."""
    wanted = normalise(key).replace(" ", "")
    for doc in documents:
        if wanted in (doc.id, doc.doc_number, doc.short_title):
            return doc
    raise KeyError(f"没有这个文档：{key}")
