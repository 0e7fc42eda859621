"""Is a question about the course? A decision learned from students' questions.

Similarity alone does not say: e5 puts an unrelated question at about 0.83 from the course
and a student's everyday wording of a course question ("caption a podcast" for speech
recognition) at 0.83-0.86 too, and the share of words the course never uses punishes exactly
those everyday words. What separates them is what the question resembles: other students'
questions about this lesson, or questions about everything else.

So the decision combines two kinds of signal in a logistic regression:

- how the question meets the course (`Signals`): the best chunk's and the best answer
  unit's similarity, the share of its words the course never uses, how much of it the best
  lexical section covers, the best BM25 score, whether it says a word of a section heading,
  whether it names something the lesson never writes;
- what it resembles: the mean similarity of its nearest in-scope examples and of its
  nearest out-of-scope ones, from `scope-examples.jsonl` in the course folder (labelled
  questions; for this course, the tuning set's).

It is fitted on the examples (an example's neighbours never include itself). Its threshold
is the one that makes the fewest mistakes on examples the fit has not seen: each fifth of
them is scored by a model fitted on the other four fifths (their neighbours taken from those
four fifths only), and the threshold is where those scores are wrong least often, each
score read as uncertain by a little (`_SPREAD`), so that no one example near it decides
where it sits. (It was set just above the most course-like off-topic example; one such
example — "how many tokens per second does GPT-4o generate on Azure?" — then decided alone,
and a fit's scores of its own examples are surer than its scores of new questions: nested
leave-one-batch-out over the tuning set, 7 of 447 course questions refused that way, 5 of 447
this way, for 2 and 4 of 94 off-topic ones accepted.) Without examples (or without both
kinds), the similarity and vocabulary thresholds decide (`bot.rag.search.scope_decision`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.kernel.errors import KnowledgeFileError

log = logging.getLogger(__name__)

SCOPE_VERSION = 3
"""Bump when the signals or the fit change in a way `signals_code` cannot see (a module
outside its list): cached models are then refitted."""
NEIGHBOURS = 5
"""How many nearest examples of each kind a question is compared with. Three, while the
examples were a few hundred; at 1291, one new off-topic example among a question's three
nearest ("what learning rate should I pick when fine-tuning T5-small?") turned a dev question
away ("Why would latency push me toward fine-tuning?", 0.75 -> 0.41). Leaving each tuning
batch out, five refuse 7 of 1047 course questions and accept 5 of 244 off-topic ones; three,
9 and 6 (four: 9 and 6; six: 7 and 5; seven: 10 and 5; a softmax over all examples at
best 7 and 6)."""
FOLDS = 5
"""The threshold is chosen on examples scored by a model fitted without them, a fifth at a
time."""
_STEPS = 3000
_RATE = 0.5
_L2 = 1.0
_MARGIN = 1e-6
_SPREAD = 0.3
_TIE = 0.01
"""How much costlier than the least wrong threshold a lower one may be and still be taken."""
"""How uncertain an example's score is taken to be when the threshold is chosen: the scale
of a logistic spread in log-odds (about 0.5 as a normal's deviation)."""

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Signals:
    """How a question meets the course, as search measured it."""

    confidence: float
    """Best chunk similarity in the language answered from."""
    unit_similarity: float
    """Best answer unit similarity in that language."""
    novelty: float
    """Share of the question's words that the course never uses."""
    coverage: float
    """Share of the question's terms found in the best lexical section."""
    bm25: float
    """The best BM25 score."""
    names_section: float
    """1.0 when a question word is a word of some section heading."""
    names_unknown: float
    """1.0 when the question names something neither version of the lesson writes ("GPT-5",
    "MTEB", "pgvector"; a student word the glossary gives course words for, "GPU", does not
    count). All 26 of the tuning set's questions that do are off topic."""

    def row(self) -> list[float]:
        """The signals in the order the model's weights expect."""
        return [
            self.confidence,
            self.unit_similarity,
            self.novelty,
            self.coverage,
            self.bm25,
            self.names_section,
            self.names_unknown,
        ]


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled question from the examples file."""

    text: str
    in_scope: bool
    key: tuple[tuple[str, ...], ...] = ()
    """What a correct answer says (in-scope examples, optional): facts, each as its
    alternative wordings. The units that say them answered it (`bot.rag.asked_before`)."""
    sections: tuple[str, ...] = ()
    """The headings ("Improving LLM results > Fine-tuned model", either language's) of the
    sections that answer it (optional): of the units that say its key, those in these
    sections answered it. A key as short as "RAG" is said by a dozen units."""


def read_examples(path: Path) -> list[Example]:
    """The examples file: one JSON object per line, `{"q": …, "in_scope": true|false}`,
    with an optional `"key": [["fact", "or its other wording"], …]` and `"sections":
    ["Heading > Subheading", …]` (what answers it) for an in-scope one.

    A broken line is an error naming the file and the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeFileError(str(path), f"cannot be read ({exc})") from exc
    out: list[Example] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise KnowledgeFileError(f"{path}:{number}", f"not JSON ({exc})") from exc
        text = row.get("q") if isinstance(row, dict) else None
        label = row.get("in_scope") if isinstance(row, dict) else None
        if not isinstance(text, str) or not text.strip() or not isinstance(label, bool):
            raise KnowledgeFileError(
                f"{path}:{number}", 'needs "q" (the question) and "in_scope" (true or false)'
            )
        key = row.get("key", [])
        if not (
            isinstance(key, list)
            and all(
                isinstance(g, list) and g and all(isinstance(a, str) and a.strip() for a in g)
                for g in key
            )
        ):
            raise KnowledgeFileError(
                f"{path}:{number}", '"key" must be a list of lists of wordings (non-empty text)'
            )
        if key and not label:
            raise KnowledgeFileError(
                f"{path}:{number}", 'an off-topic example ("in_scope": false) has no answer key'
            )
        sections = row.get("sections", [])
        if not (isinstance(sections, list) and all(isinstance(h, str) for h in sections)):
            raise KnowledgeFileError(
                f"{path}:{number}", '"sections" must be a list of headings ("A > B")'
            )
        if sections and not label:
            raise KnowledgeFileError(
                f"{path}:{number}", 'an off-topic example ("in_scope": false) has no sections'
            )
        out.append(Example(text, label, tuple(tuple(g) for g in key), tuple(sections)))
    return out


@dataclass(frozen=True, slots=True, eq=False)
class ScopeModel:
    """The fitted decision: examples' vectors and labels, the signals' scaling, weights."""

    vectors: Vector
    labels: npt.NDArray[np.bool_]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    bias: float
    threshold: float

    def probability(self, signals: Signals, vector: Vector) -> float:
        """How likely the question is about the course (0..1)."""
        sims = self.vectors @ vector
        row = np.asarray([_features(signals.row(), sims, self.labels, None)], dtype=np.float64)
        return float(_sigmoid(((row - self.mean) / self.scale) @ self.weights + self.bias)[0])

    def in_scope(self, signals: Signals, vector: Vector) -> bool:
        """The decision."""
        return self.probability(signals, vector) >= self.threshold

    def save(self, path: Path, key: str, with_vectors: bool = True) -> None:
        """Write the model for the index and examples `key` (atomically). Without its
        vectors (`with_vectors=False`) when it ships beside the examples, whose own vectors
        file holds them (`load` is then given them)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".scope-", suffix=".npz")
        arrays: dict[str, Any] = {
            "key": np.asarray(key),
            "labels": self.labels,
            "mean": self.mean,
            "scale": self.scale,
            "weights": self.weights,
            "head": np.asarray([self.bias, self.threshold]),
        }
        if with_vectors:
            arrays["vectors"] = self.vectors
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, key: str, vectors: Vector | None = None) -> ScopeModel | None:
        """The model saved for `key`, or None (none saved, another key, or a torn file).
        `vectors`: the examples' vectors, in the file's order, for a model saved without
        them (one per label, or None)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["key"]) != key:
                    return None
                labels = data["labels"].astype(bool)
                if vectors is None:
                    vectors = data["vectors"].astype(np.float32)
                if len(vectors) != len(labels):
                    return None
                head = data["head"]
                return cls(
                    np.asarray(vectors, dtype=np.float32),
                    labels,
                    data["mean"],
                    data["scale"],
                    data["weights"],
                    float(head[0]),
                    float(head[1]),
                )
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None


def fit(signals: list[Signals], vectors: Vector, labels: list[bool]) -> ScopeModel | None:
    """Fit the decision on the examples (None without examples of both kinds).

    Deterministic: plain gradient descent from zero, classes weighted to count equally."""
    y = np.asarray(labels, dtype=bool)
    if len(y) < 2 * NEIGHBOURS or y.all() or not y.any():
        return None
    sims = vectors @ vectors.T
    # The model itself (fitted on every example), then one per fold, fitted without it.
    fold = np.arange(len(y)) % FOLDS
    hidden = [np.zeros(len(y), dtype=bool), *(fold == f for f in range(FOLDS))]
    folds_fit = all(y[~h].any() and not y[~h].all() and h.any() for h in hidden[1:])
    if not folds_fit:  # too few examples to leave a fifth out
        hidden = hidden[:1]
    rows = [_rows(signals, sims, y, h) for h in hidden]
    means = [r[~h].mean(axis=0) for r, h in zip(rows, hidden, strict=True)]
    scales = [r[~h].std(axis=0) + 1e-9 for r, h in zip(rows, hidden, strict=True)]
    z = np.stack([(r - m) / s for r, m, s in zip(rows, means, scales, strict=True)])
    weights, biases = _descend(z, y, ~np.stack(hidden))
    scores = _sigmoid(np.einsum("fnd,fd->fn", z, weights) + biases[:, None])
    p = scores[0]
    if folds_fit:
        unseen = np.empty(len(y))
        for f in range(FOLDS):
            unseen[hidden[f + 1]] = scores[f + 1][hidden[f + 1]]
        threshold = _least_wrong(unseen, y)
    else:  # every off-topic example refused instead
        threshold = float(p[~y].max()) + _MARGIN
    model = ScopeModel(vectors, y, means[0], scales[0], weights[0], float(biases[0]), threshold)
    log.info(
        "scope model fitted on %d examples (%d off topic), threshold %.3f: "
        "of its own examples %d in scope would be refused and %d off topic accepted",
        len(y),
        int((~y).sum()),
        threshold,
        int((p[y] < threshold).sum()),
        int((p[~y] >= threshold).sum()),
    )
    return model


def _rows(
    signals: list[Signals], sims: Vector, y: npt.NDArray[np.bool_], hidden: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Each example's features, its neighbours found among the examples not `hidden` (and
    never itself): `_features` for every row at once (row by row, a third of the fit)."""
    m = sims.astype(np.float64, copy=True)
    m[:, hidden] = -np.inf
    np.fill_diagonal(m, -np.inf)
    near = [_nearest_mean(m[:, y]), _nearest_mean(m[:, ~y])]
    base = np.asarray([s.row() for s in signals], dtype=np.float64)
    return np.column_stack([base, near[0], near[1], near[0] - near[1]])


def _nearest_mean(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per row, the mean of its `NEIGHBOURS` largest finite values (0 when none)."""
    k = min(NEIGHBOURS, m.shape[1])
    if k == 0:
        return np.zeros(m.shape[0])
    top = -np.partition(-m, k - 1, axis=1)[:, :k]
    finite = np.isfinite(top)
    count = finite.sum(axis=1)
    total = np.where(finite, top, 0.0).sum(axis=1)
    out: npt.NDArray[np.float64] = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    return out


def _descend(
    z: npt.NDArray[np.float64], y: npt.NDArray[np.bool_], used: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Logistic regressions by plain gradient descent from zero, classes weighted to count
    equally (deterministic): one per `z[f]`, fitted on the rows `used[f]`, all in one loop
    (a fold's own loop would cost as much again: numpy's per-call time dominates here)."""
    target = y.astype(np.float64)
    mask = used.astype(np.float64)
    counts = mask.sum(axis=1)
    inside = (mask * y).sum(axis=1)
    weight = np.where(y[None, :], 1.0, (inside / (counts - inside))[:, None]) * mask
    zt = np.ascontiguousarray(z.transpose(0, 2, 1))
    w = np.zeros((z.shape[0], z.shape[2], 1))
    b = np.zeros((z.shape[0], 1))
    step = _RATE / counts[:, None]
    for _ in range(_STEPS):
        err = (_sigmoid((z @ w)[:, :, 0] + b) - target) * weight
        w -= step[:, :, None] * (zt @ err[:, :, None] + _L2 * w)
        b -= step * err.sum(axis=1, keepdims=True)
    return w[:, :, 0], b[:, 0]


def _least_wrong(scores: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> float:
    """The threshold wrong least often on these scores (of examples scored by a model
    fitted without them), each score read as uncertain by `_SPREAD` in log-odds.

    A wrong off-topic example counts as much as all the course's examples over the off-topic
    ones (the classes count equally, as in the fit): counted one for one, the 647 course
    questions outvoted the 144 off-topic ones (leaving one batch out at a time: course
    questions refused 7 → 8 of 667, off-topic ones accepted 29 → 23 of 168).

    Counted exactly, the mistakes are flat over a wide range (0.27-0.45 on 791 examples), and
    which point of it was least wrong hung on one or two examples: a change to the token rules
    that moved no decision of the dev set moved the threshold from 0.25 to 0.40. Counted
    smoothly, a score near the threshold is half a mistake either side, and the choice moves
    with the mass of the scores (0.33 and 0.37 for those two fits).

    Smooth, it is still nearly flat: on 891 examples the cost varied by 1 % from 0.30 to
    0.575, and its lowest point moved from 0.36 to 0.52 with a glossary change. Among the
    thresholds about as good as the best (`_TIE` of its cost), the lowest is taken: where the
    examples cannot tell, a course question answered is worth more than an off-topic one
    refused, since an answered one still carries notes of what the lesson does not say."""
    logits = _logit(scores)
    course, off = logits[y], logits[~y]
    off_weight = float(y.sum()) / max(int((~y).sum()), 1)
    grid = np.linspace(-6.0, 6.0, 1201)[:, None]
    cost = _sigmoid((grid - course) / _SPREAD).sum(axis=1) + off_weight * _sigmoid(
        (off - grid) / _SPREAD
    ).sum(axis=1)
    near_best = np.flatnonzero(cost <= float(cost.min()) * (1.0 + _TIE))
    return float(_sigmoid(grid[int(near_best[0]), 0]))


def _logit(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    out: npt.NDArray[np.float64] = np.log(q / (1 - q))
    return out


def _features(
    signals: list[float], sims: Vector, labels: npt.NDArray[np.bool_], itself: int | None
) -> list[float]:
    """The signals, then the mean similarity of the nearest in-scope and out-of-scope
    examples and their difference (without the example itself when fitting)."""
    sims = sims.astype(np.float64, copy=True)
    if itself is not None:
        sims[itself] = -np.inf
    near_in = np.sort(sims[labels])[::-1][:NEIGHBOURS]
    near_out = np.sort(sims[~labels])[::-1][:NEIGHBOURS]
    near_in = near_in[np.isfinite(near_in)]
    near_out = near_out[np.isfinite(near_out)]
    a = float(near_in.mean()) if near_in.size else 0.0
    b = float(near_out.mean()) if near_out.size else 0.0
    return [*signals, a, b, a - b]


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))
    return out


def vectors_path(examples: Path) -> Path:
    """Where the examples' vectors ship beside them (`scope-examples.vectors.npz`)."""
    return examples.with_name(examples.stem + ".vectors.npz")


def model_path(examples: Path) -> Path:
    """Where the decision fitted on the examples ships beside them
    (`scope-examples.model.npz`): used when it was fitted for the same course, embedding,
    examples and signal code (`model_key`), so that indexing from nothing fits nothing."""
    return examples.with_name(examples.stem + ".model.npz")


def write_example_vectors(
    path: Path, examples: bytes, space: str, vectors: dict[str, npt.NDArray[np.float32]]
) -> None:
    """Ship the examples' vectors for the vector space `space`: one byte a dimension (each
    vector scaled by its largest component; cosine to the original ≥ 0.9999), so embedding
    2391 questions (~4 s of CPU) is not part of every index from nothing or after a course
    edit. Tied to the examples file's exact bytes: a changed file makes them unused."""
    texts = sorted(vectors)
    matrix = np.stack([vectors[t] for t in texts]).astype(np.float32)
    scale = np.abs(matrix).max(axis=1, keepdims=True) / 127.0
    quantised = np.round(matrix / scale).astype(np.int8)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vectors-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(
                fh,
                examples=np.asarray(hashlib.sha256(examples).hexdigest()),
                space=np.asarray(space),
                texts=np.asarray(texts),
                vectors=quantised,
                scale=scale.astype(np.float32),
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_example_vectors(
    path: Path, examples: bytes, space: str
) -> dict[str, npt.NDArray[np.float32]]:
    """The shipped vectors by text, or nothing: no file, another examples file, another
    vector space (a teacher's own embedder), or a file that does not read."""
    if not space:
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["examples"]) != hashlib.sha256(examples).hexdigest():
                return {}
            if str(data["space"]) != space:
                return {}
            texts = [str(t) for t in data["texts"]]
            matrix = data["vectors"].astype(np.float32) * data["scale"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
    return {t: matrix[i] for i, t in enumerate(texts)}


_SIGNAL_MODULES = ("search.py", "glossary.py", "tokens.py", "lexical.py", "kinds.py", "scope.py")
"""The code that computes what the decision reads of a search (bot/rag/…)."""


@functools.cache
def signals_code() -> str:
    """A fingerprint of the code the signals come from: a new glossary, token rule or
    search change refits the model at the next start (a cached model fitted on the old
    signals would otherwise be kept, since the index and the examples did not change)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    try:
        sources = [here / name for name in _SIGNAL_MODULES]
        for path in (*sources, here.parent / "kernel" / "talk.py"):
            h.update(path.read_bytes())
    except OSError:  # no source files (a frozen build): the package's version stands for them
        from importlib.metadata import PackageNotFoundError, version

        try:
            h.update(version("studybot").encode())
        except PackageNotFoundError:
            h.update(b"unknown")
    return h.hexdigest()[:16]


def model_key(index_version: str, store_name: str, examples: bytes) -> str:
    """What a fitted model depends on: the index, the embedding, the examples, this code."""
    h = hashlib.sha256()
    for part in (str(SCOPE_VERSION), signals_code(), index_version, store_name):
        h.update(part.encode())
        h.update(b"\0")
    h.update(examples)
    return h.hexdigest()[:32]


# A model cache shared by many data dirs (a test suite's, or replicas' on one volume) keeps
# the fitted models of the last few indexes; older ones are fitted again if ever needed.
KEPT_MODELS = 8


def scope_cache_path(model_cache_dir: Path, key: str) -> Path:
    """Where the model fitted for `key` is kept (the file also records its key)."""
    return model_cache_dir / "scope" / f"{key}.npz"


def prune_scope_cache(folder: Path, keep: int = KEPT_MODELS) -> None:
    """Drop all but the `keep` most recently written models (best effort: another process
    may be pruning too, and a model read as missing is only fitted again)."""
    found: list[tuple[float, Path]] = []
    for path in folder.glob("*.npz"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    found.sort(reverse=True)
    for _mtime, path in found[keep:]:
        path.unlink(missing_ok=True)


# Fitted models by key, shared by every engine in the process: a test suite (or a server
# with several apps) fits once per index and examples.
_fitted: dict[str, ScopeModel | None] = {}
_fitted_lock = threading.Lock()


def remembered(key: str) -> tuple[bool, ScopeModel | None]:
    """(True, model) when a model for `key` was fitted in this process."""
    with _fitted_lock:
        if key in _fitted:
            return True, _fitted[key]
    return False, None


def forget_fitted() -> None:
    """Drop the models fitted in this process (a benchmark measures fitting)."""
    with _fitted_lock:
        _fitted.clear()


def remember(key: str, model: ScopeModel | None) -> None:
    """Keep a fitted model (or the fact that none could be) for `key`."""
    with _fitted_lock:
        _fitted[key] = model
