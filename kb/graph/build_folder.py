"""The build folder: complete generations switched in one step, a manifest with checksums, verification.

``<parent>/<name>`` (``kb.paths.build_dir()``) is a symbolic link to one generation
``<parent>/<name>.builds/<stamp>-<pid>/``. A build writes a fresh generation (graph, search index, a
snapshot of the corpus it was built from, the manifest last) and only then replaces the link with
``os.replace``, so a build killed at any moment leaves the previous generation answering. The manifest
records the SHA-256 of every file of the generation and of itself; ``verify`` checks them on opening.
See docs/build-folder.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from kb.messages import msg
from kb.paths import PACKAGE_DIR

MANIFEST_FILE = "manifest.json"
GENERATIONS = ".builds"  # suffix of the sibling folder that holds the generations
CORPUS_SNAPSHOT = "corpus"
SKIPPED = ("search/cache/",)  # the embedding cache is reused across builds, not part of a build's content
KEEP = 2  # complete generations kept: the current one and the one before (a reader may still hold it)
ABANDONED_SECONDS = 3600  # an unfinished generation this old is a killed build's leftover
CODE_PARTS = ("corpus", "graph")  # the packages whose code decides what a build contains …
NOT_BUILD_CODE = ("graph/api.py", "graph/store.py", "graph/sparql_guard.py", "graph/build_folder.py")  # … but these
FORMAT = 2


class BuildFolderError(Exception):
    """The build folder cannot be written, read or trusted; the message says what to do."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_hash() -> str:
    """A fingerprint of the code that decides a build's content (``kb/corpus``, ``kb/graph`` but the reading side)."""
    digest = hashlib.sha256()
    for part in CODE_PARTS:
        for path in sorted((PACKAGE_DIR / part).rglob("*")):
            name = path.relative_to(PACKAGE_DIR).as_posix()
            if path.is_file() and path.suffix in (".py", ".yaml") and name not in NOT_BUILD_CODE:
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def link_of(target: Path) -> Path:
    """The build folder link for ``target``: ``target`` itself, or the link when ``target`` is already one of
    its generations (``kb.paths.build_dir()`` resolves symbolic links)."""
    target = Path(target)
    if target.parent.name.endswith(GENERATIONS) and len(target.parent.name) > len(GENERATIONS):
        return target.parent.parent / target.parent.name[: -len(GENERATIONS)]
    return target


def generations_dir(target: Path) -> Path:
    target = link_of(target)
    return target.parent / (target.name + GENERATIONS)


def check_target(target: Path) -> None:
    """A usable build folder path: not a file, and its parent writable."""
    target = link_of(target)
    if target.is_file() or (target.exists() and not target.is_dir()):
        raise BuildFolderError(msg("errors.build.not_a_folder", path=target))
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFolderError(msg("errors.build.read_only", path=parent, reason=exc.strerror or exc)) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BuildFolderError(msg("errors.build.read_only", path=parent, reason="Permission denied"))


def new_generation(target: Path) -> Path:
    """A fresh, empty generation folder beside ``target``, seeded with the embedding cache of the current one."""
    target = link_of(target)
    check_target(target)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = generations_dir(target) / f"{stamp}-{os.getpid()}"
    try:
        folder.mkdir(parents=True)
        _seed_cache(target / "search" / "cache", folder / "search" / "cache")
    except OSError as exc:
        raise BuildFolderError(msg("errors.build.read_only", path=folder.parent, reason=exc.strerror or exc)) from None
    return folder


def _seed_cache(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file() and not path.name.endswith(".tmp.npz"):
            try:
                os.link(path, target / path.name)  # the cache is replaced, never written in place: links are safe
            except OSError:
                shutil.copy2(path, target / path.name)


def snapshot_corpus(documents: list[Any], folder: Path) -> None:
    """Copy each document's metadata and source into ``<generation>/corpus/``: the build can then answer
    (and be checked) even when the live corpus is later broken."""
    snapshot = folder / CORPUS_SNAPSHOT
    snapshot.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        for path in (doc.meta_path, doc.source_path):
            if path is not None:
                relative = Path(path).resolve().relative_to(Path(doc.meta_path).resolve().parent)
                (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, snapshot / relative)


def _described_files(folder: Path) -> dict[str, str]:
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        described = relative != MANIFEST_FILE and not relative.startswith(SKIPPED) and not path.name.endswith(".tmp")
        if described and path.is_file():
            files[relative] = sha256_file(path)
    return files


def _self_hash(manifest: dict[str, Any]) -> str:
    body = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def write_manifest(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write ``manifest.json`` (atomically) with the checksums of every file of the generation and its own."""
    manifest = {**manifest, "format": FORMAT, "files": _described_files(folder)}
    manifest["manifest_sha256"] = _self_hash(manifest)
    tmp = folder / f"{MANIFEST_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST_FILE)
    return manifest


def switch(target: Path, folder: Path) -> None:
    """Make ``target`` point at the complete generation ``folder``, in one step; prune old generations."""
    target = link_of(target)
    link = target.parent / f".{target.name}.switch-{os.getpid()}"
    relative = folder.relative_to(target.parent)
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(relative, link, target_is_directory=True)
    if target.is_dir() and not target.is_symlink():
        # a build folder of the old layout (a plain folder): keep it as a generation, then link
        os.rename(target, generations_dir(target) / f"legacy-{folder.name}")
    os.replace(link, target)
    prune(target)


def prune(target: Path) -> None:
    """Remove complete generations beyond the newest ``KEEP`` and unfinished ones left by killed builds."""
    target = link_of(target)
    folder = generations_dir(target)
    if not folder.is_dir():
        return
    current = target.resolve()
    complete = sorted((p for p in folder.iterdir() if (p / MANIFEST_FILE).is_file()), key=lambda p: p.stat().st_mtime)
    old = [p for p in complete[:-KEEP] if p != current]
    now = time.time()
    old += [
        p
        for p in folder.iterdir()
        if p.is_dir()
        and not (p / MANIFEST_FILE).is_file()
        and p != current
        and now - p.stat().st_mtime > ABANDONED_SECONDS
    ]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a build folder; BuildFolderError when missing, not UTF-8 JSON, or altered."""
    path = folder / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise BuildFolderError(msg("errors.build.no_manifest", path=path)) from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise BuildFolderError(msg("errors.build.bad_manifest", path=path)) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BuildFolderError(msg("errors.build.old_manifest", path=path))
    if manifest.get("manifest_sha256") != _self_hash(manifest):
        raise BuildFolderError(msg("errors.build.bad_manifest", path=path))
    return manifest


def verify(folder: Path, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Check the manifest and the checksum of each described file (or of ``names`` only)."""
    manifest = read_manifest(folder)
    files: dict[str, str] = manifest["files"]
    for name in names if names is not None else tuple(files):
        path = folder / name
        if name not in files:
            raise BuildFolderError(msg("errors.build.undescribed", path=path))
        try:
            actual = sha256_file(path)
        except OSError:
            raise BuildFolderError(msg("errors.build.missing_file", path=path)) from None
        if actual != files[name]:
            raise BuildFolderError(msg("errors.build.checksum", path=path))
    return manifest
