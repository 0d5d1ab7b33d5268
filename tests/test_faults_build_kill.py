"""A build killed with SIGKILL at any moment leaves the previous build answering (issue 14). Eight real build
processes (with the fake embedder): seconds each, so this is an integration test, not a unit test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_faults_build import FAKE_EMBEDDER, make_home

from kb.graph.build_folder import MANIFEST_FILE, generations_dir, verify
from kb.graph.store import GraphStore

pytestmark = pytest.mark.integration


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_home(tmp_path, monkeypatch)


def _build_process(home: Path) -> subprocess.Popen:
    env = {**os.environ, "POLICYKB_HOME": str(home), "POLICYKB_BUILD": str(home / "build")}
    env["POLICYKB_EMBEDDER"] = FAKE_EMBEDDER
    code = "import sys; from kb.cli import main; sys.exit(main(['build']))"
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_any_moment_leaves_the_previous_build(home: Path) -> None:
    build = home / "build"
    source = home / "corpus" / "jinzhengbanfa-2019-57.txt"
    original = source.read_text(encoding="utf-8")
    source.write_text(original + "\n", encoding="utf-8")  # a changed corpus: the build has work to do
    started = time.perf_counter()
    process = _build_process(home)
    process.wait(timeout=120)
    full = time.perf_counter() - started
    assert process.returncode == 0
    previous, manifest = build.resolve(), verify(build)
    kills = 0
    for step in range(1, 9):
        # each step changes the corpus again, so each build has work to do whatever the last one did
        source.write_text(original + "\n" * (step + 1), encoding="utf-8")
        process = _build_process(home)
        time.sleep(full * step / 9)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        current = build.resolve()
        # the previous generation, or (the kill came after the switch) the new one, complete with its manifest
        assert current == previous or process.returncode == 0 or (current / MANIFEST_FILE).exists()
        assert verify(build)  # whichever generation is current is complete: every checksum holds
        assert GraphStore.open(build, check_stale=False).select("build_sanity")[0]["result"] is True
        if current != previous:  # the build got as far as the switch: the new generation is the previous one now
            previous, manifest = current, verify(build)
    assert kills >= 4
    source.write_text(original, encoding="utf-8")
    assert build.resolve() == previous and verify(build) == manifest
    assert GraphStore.open(build, check_stale=False).select("build_sanity")[0]["result"] is True
    # a killed build may leave an unfinished generation beside the build (when it was killed after staging
    # began), never in it: the current generation is always a complete one
    unfinished = [p for p in generations_dir(build).iterdir() if not (p / MANIFEST_FILE).exists()]
    assert build.resolve() not in {p.resolve() for p in unfinished}
