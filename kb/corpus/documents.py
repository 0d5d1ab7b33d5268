"""Policy documents: metadata (``<id>.yaml``) + raw text (``<id>.txt``) → cleaned, segmented document."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.corpus.clean import CorpusError, cut_front_matter, normalise, read_lines, split_tail
from kb.corpus.segment import Clause, Section, segment
from kb.messages import msg

REQUIRED_FIELDS = ("id", "doc_number", "title", "issuer", "date", "source_file", "layout")
OPTIONAL_FIELDS = ("short_title", "attachment_title", "date_note", "body_starts_after", "cites")
LAYOUTS = ("paragraphs", "pdf")
FULL_WIDTH_OPEN, FULL_WIDTH_CLOSE = chr(0xFF08), chr(0xFF09)  # the brackets of clause labels
FULL_WIDTH_BRACKETS = str.maketrans({"(": FULL_WIDTH_OPEN, ")": FULL_WIDTH_CLOSE})
MAX_FIELD_CHARS = 2000  # a metadata text field (titles, notes); far above any real title


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
    meta_path: Path | None = None  # the metadata file (``<id>.yaml``)
    meta_sha256: str = ""  # of the metadata file
    colophon: tuple[str, ...] = ()  # the dated signature lines (落款) as the source states them, cleaned

    @property
    def items(self) -> list[Clause]:
        return [c for c in self.clauses if c.kind == "item"]

    def clause(self, label: str) -> Clause:
        """Look a clause up by its label: ``六（一）``, ``六(一)``; ``（十）`` alone when numbering is continuous."""
        wanted = label.strip().translate(FULL_WIDTH_BRACKETS).replace(" ", "")
        for clause in self.clauses:
            if clause.label == wanted:
                return clause
        if wanted.startswith(FULL_WIDTH_OPEN):
            matches = [c for c in self.items if c.marker == wanted]
            if len(matches) == 1 and self.continuous_numbering:
                return matches[0]
            if len(matches) > 1:
                options = msg("errors.corpus.list_separator").join(c.label for c in matches)
                raise KeyError(
                    msg("errors.corpus.ambiguous_clause", doc=self.doc_number, label=wanted, options=options)
                )
        raise KeyError(msg("errors.corpus.no_clause", doc=self.doc_number, label=label))

    def citation(self, clause: Clause) -> str:
        return f"{self.doc_number} {clause.label}"


def _without_timestamps() -> dict[Any, Any]:
    """SafeLoader's implicit resolvers less the timestamp one (a class attribute, as PyYAML reads it)."""
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class MetadataLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: ``date`` is checked below, with an error naming the field."""

    yaml_implicit_resolvers = _without_timestamps()


def _type_name(value: object) -> str:
    text = repr(value) if isinstance(value, int | float | bool) else type(value).__name__
    return text[:40]


def _check_types(meta: dict, meta_path: Path) -> None:
    """Every metadata field has the type it is read as (a ``cites: 5`` is an error naming the field)."""
    for key in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS):
        value = meta.get(key)
        if value is None or key == "date":
            continue
        if key == "cites":
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                expected = msg("errors.corpus.expected_list")
                raise CorpusError(
                    meta_path, 1, msg("errors.corpus.type", field=key, expected=expected, actual=_type_name(value))
                )
        elif not isinstance(value, str):
            expected = msg("errors.corpus.expected_text")
            raise CorpusError(
                meta_path, 1, msg("errors.corpus.type", field=key, expected=expected, actual=_type_name(value))
            )
        elif len(value) > MAX_FIELD_CHARS:
            raise CorpusError(meta_path, 1, msg("errors.corpus.too_long", field=key, limit=MAX_FIELD_CHARS))


def read_metadata(meta_path: Path) -> dict:
    try:
        meta = yaml.load(meta_path.read_bytes().decode("utf-8"), Loader=MetadataLoader)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: UnicodeDecodeError, 2019-13-45
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise CorpusError(meta_path, line, msg("errors.corpus.meta_unreadable", reason=exc)) from exc
    if not isinstance(meta, dict):
        raise CorpusError(meta_path, 1, msg("errors.corpus.meta_not_mapping"))
    missing = [key for key in REQUIRED_FIELDS if not meta.get(key)]
    if missing:
        raise CorpusError(meta_path, 1, msg("errors.corpus.missing_fields", fields=", ".join(missing)))
    unknown = sorted(str(key) for key in set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise CorpusError(meta_path, 1, msg("errors.corpus.unknown_fields", fields=", ".join(unknown)))
    _check_types(meta, meta_path)
    if meta["layout"] not in LAYOUTS:
        options = msg("errors.corpus.layout_separator").join(LAYOUTS)
        raise CorpusError(meta_path, 1, msg("errors.corpus.layout", options=options, actual=repr(meta["layout"])[:40]))
    if isinstance(meta["date"], dt.datetime):
        meta["date"] = meta["date"].date()
    if not isinstance(meta["date"], dt.date):
        try:
            meta["date"] = dt.date.fromisoformat(str(meta["date"]))
        except ValueError as exc:
            raise CorpusError(meta_path, 1, msg("errors.corpus.date", actual=repr(meta["date"])[:40])) from exc
    return meta


def source_path(meta_path: Path, source_file: str) -> Path:
    """The source file named by the metadata; it must lie inside the corpus folder (no ``/etc/passwd``)."""
    folder = meta_path.parent.resolve()
    source = (folder / source_file).resolve()
    if not source.is_relative_to(folder) or source == folder:
        raise CorpusError(meta_path, 1, msg("errors.corpus.outside", path=source_file))
    return meta_path.parent / source.relative_to(folder)


def load_document(meta_path: Path) -> Document:
    meta = read_metadata(meta_path)
    source = source_path(meta_path, meta["source_file"])
    try:
        meta_bytes = meta_path.read_bytes()
        raw_bytes = source.read_bytes()
        raw = raw_bytes.decode("utf-8")
    except OSError as exc:
        raise CorpusError(meta_path, 1, msg("errors.corpus.no_source", name=source.name, reason=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise CorpusError(source, line, msg("errors.corpus.not_utf8")) from exc
    lines = read_lines(raw)
    if not lines:
        raise CorpusError(source, 1, msg("errors.corpus.empty"))
    front_cut = cut_front_matter(lines, meta.get("body_starts_after"), source)
    body_lines, colophon = split_tail(front_cut, str(meta["issuer"]))
    if not body_lines:
        raise CorpusError(source, lines[-1].number, msg("errors.corpus.no_body"))
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
        meta_path=meta_path,
        meta_sha256=hashlib.sha256(meta_bytes).hexdigest(),
        colophon=tuple(line.text for line in colophon),
    )


def load_corpus(directory: Path | None = None) -> list[Document]:
    """Every document of a corpus folder: one ``<id>.yaml`` per document, in file-name order."""
    if directory is None:
        from kb.paths import corpus_dir

        directory = corpus_dir()
    metas = sorted(Path(directory).glob("*.yaml"))
    if not metas:
        raise CorpusError(directory, 0, msg("errors.corpus.no_documents"))
    documents = [load_document(path) for path in metas]
    seen: dict[str, Path] = {}
    for doc, path in zip(documents, metas, strict=True):
        for key in (doc.id, doc.doc_number):
            if key in seen:
                raise CorpusError(path, 1, msg("errors.corpus.duplicate", other=seen[key].name, wanted=key))
            seen[key] = path
    return documents


def load_serving_corpus(build: Path | None = None) -> list[Document]:
    """The live corpus; when it does not load, the snapshot the build was made from (``<build>/corpus/``),
    so that a broken new document never takes the service down (GraphStore.open checks the snapshot and
    tells the user)."""
    try:
        return load_corpus()
    except CorpusError:
        if build is None:
            from kb.paths import build_dir

            build = build_dir()
        snapshot = Path(build) / "corpus"
        if snapshot.is_dir():
            return load_corpus(snapshot)
        raise


def corpus_hash(documents: list[Document]) -> str:
    """A fingerprint of the corpus (every source and every metadata file, byte for byte, plus the fields as
    parsed), for stale-build detection: a changed ``title`` or ``cites`` makes the build stale."""
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.id}|{doc.doc_number}|{doc.sha256}|{doc.meta_sha256}|{doc.date}|{doc.layout}\n".encode())
    return digest.hexdigest()


def find_document(documents: list[Document], key: str) -> Document:
    """A document by id, 文号 (spaces ignored) or short title."""
    wanted = normalise(key).replace(" ", "")
    for doc in documents:
        if wanted in (doc.id, doc.doc_number, doc.short_title):
            return doc
    raise KeyError(msg("errors.corpus.no_document", wanted=key))
