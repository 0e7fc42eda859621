"""Other back ends by configuration: a real `chroma run` server, an embeddings endpoint."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bot.app import App
from tests.conftest import make_settings
from tests.fakes.openai_server import FakeOpenAI

LESSON = """# Lesson

## Encoders

BERT is an encoder-only model that understands context.

## Decoders

GPT models are decoder-only models that write new text.
"""


def _knowledge(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    (knowledge / "en").mkdir(parents=True)
    (knowledge / "en" / "lesson.md").write_text(LESSON, encoding="utf-8")
    return knowledge


def test_chroma_server_path(chroma_server: str, tmp_path: Path) -> None:
    settings = make_settings(
        data_dir=tmp_path / "data", knowledge_dir=_knowledge(tmp_path), chroma_url=chroma_server
    )
    app = App.build(settings, warm_korean=False)
    assert app.index(progress=False).added == 2
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded locally
    hit = app.search.search("Which model is encoder-only?").hits[0]
    assert hit.heading == "Encoders"
    # A second process sees the same server-side index and embeds nothing.
    other = App.build(settings, warm_korean=False)
    assert other.index(progress=False).added == 0


async def test_openai_compatible_embeddings(tmp_path: Path, fake_llm: FakeOpenAI) -> None:
    fake_llm.reset()
    os.environ["STUDYBOT_EMBEDDING_API_KEY"] = "test-key"
    try:
        settings = make_settings(
            data_dir=tmp_path / "data",
            knowledge_dir=_knowledge(tmp_path),
            embedding_provider="openai",
            embedding_model="fake-embed",
            embedding_base_url=fake_llm.base_url,
        )
        app = App.build(settings, warm_korean=False)
        assert app.store.name.startswith("course-openai-fake-embed")
        assert (await app.aindex(progress=False)).added == 2
        assert (
            fake_llm.embedding_requests and fake_llm.embedding_requests[0]["model"] == "fake-embed"
        )
        # Searching embeds the query over HTTP: off the loop, as the service does it.
        result = await asyncio.to_thread(app.search.search, "decoder-only GPT models write text")
        assert result.hits[0].heading == "Decoders"
    finally:
        del os.environ["STUDYBOT_EMBEDDING_API_KEY"]


def test_a_replica_follows_a_reindex_of_the_shared_chroma_server(
    chroma_server: str, tmp_path: Path
) -> None:
    # Two processes on one Chroma server (each its own data dir): one re-indexes after the
    # course changed; the other's in-memory copies (BM25, units, the dense matrix) follow.
    knowledge = _knowledge(tmp_path)
    shared = {"knowledge_dir": knowledge, "chroma_url": chroma_server, "collection": "follow"}
    writer = App.build(make_settings(data_dir=tmp_path / "a", **shared), warm_korean=False)
    writer.index(progress=False)
    reader = App.build(make_settings(data_dir=tmp_path / "b", **shared), warm_korean=False)
    reader.ensure_loaded()
    question = "Which model family uses attention masks for diffusion?"
    assert reader.search.search(question).hits[0].heading != "Diffusion"
    assert reader.search.refresh_if_changed() is False  # nothing changed yet: no reload

    (knowledge / "en" / "lesson.md").write_text(
        LESSON + "\n## Diffusion\n\nDiffusion models use attention masks to denoise images.\n",
        encoding="utf-8",
    )
    assert writer.index(progress=False).added >= 1
    assert reader.search.refresh_if_changed() is True
    hit = reader.search.search(question).hits[0]
    assert hit.heading == "Diffusion" and hit.similarity > 0
    assert reader.search.refresh_if_changed() is False
