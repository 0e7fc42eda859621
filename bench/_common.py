"""Shared helpers for the benchmark scripts (not part of the bot)."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(values: list[float]) -> str:
    """`p50 / p95 / max` in milliseconds."""
    return f"{statistics.median(values):.1f} / {percentile(values, 95):.1f} / {max(values):.1f}"


def forget_vectors() -> None:
    """Drop the encoder's recent vectors: a repeated question must be measured as the first
    time a student asks it, not as a lookup of the previous round's vector."""
    from bot.rag import e5_onnx

    getattr(e5_onnx, "forget_vectors", lambda: None)()


async def timed_asks(app: Any, questions: list[str], repeat: int) -> list[float]:
    """Milliseconds of `service.ask` for every question, `repeat` times over, one at a time
    (each question's vector computed afresh)."""
    import time

    from bot.kernel.models import Turn

    out = []
    for _ in range(repeat):
        for q in questions:
            forget_vectors()
            start = time.perf_counter()
            await app.service.ask(Turn(text=q))
            out.append((time.perf_counter() - start) * 1000)
    return out


def machine() -> str:
    """CPU model, cores, memory and Python version."""
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        mem = "?"
    return f"{cpu}, {os.cpu_count()} cores, {mem} RAM, Python {platform.python_version()}"


def bench_app(data_dir: Path, model_url: str, **overrides: object) -> object:
    """An `App` over the real course with one cheap model at `model_url`, indexed.

    Shared by the load benchmarks; `overrides` are settings (budgets, embeddings, …).
    """
    from bot.app import App
    from bot.config import load_settings
    from bot.kernel.catalog import ModelSpec

    model = ModelSpec(
        name="bench",
        provider="openai_compatible",
        model="bench",
        tier="cheap",
        input_per_1m=0.15,
        output_per_1m=0.6,
        base_url=model_url,
    )
    values: dict[str, object] = {
        "data_dir": data_dir,
        "knowledge_dir": ROOT / "knowledge",
        "models": [model],
        "llm_timeout_s": 30,
        "llm_max_retries": 0,
    }
    values.update(overrides)
    app = App.build(load_settings(**values))
    app.index(False, False)
    app.warm_answers().join()  # as `serve` does at start, before the first question
    return app


def _teams_fakes(latency: float, ready: Any, stop: Any, results: Any) -> None:
    """Child process: a model server answering after `latency` seconds and a Bot Connector
    stand-in that notes when each reply arrives, off the bot's CPU budget."""
    import asyncio
    import time

    from aiohttp import web

    from tests.fakes.openai_server import FakeOpenAI, Step

    async def serve() -> None:
        fake = FakeOpenAI()
        fake.default = Step(
            text="Foundation models are pre-trained [1].", first_token_delay=latency
        )
        model_url = await fake.start()
        by_conv: dict[str, float] = {}
        by_reply: dict[str, float] = {}

        async def capture(request: web.Request) -> web.Response:
            body = await request.json()
            if body.get("type") == "message":
                now = time.time()
                by_conv[request.match_info["conv"]] = now
                by_reply[request.match_info["reply"]] = now
            return web.json_response({"id": "x"})

        connector = web.Application()
        connector.router.add_post("/v3/conversations/{conv}/activities/{reply}", capture)
        runner = web.AppRunner(connector)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.put((model_url, f"http://127.0.0.1:{port}"))
        await asyncio.to_thread(stop.wait)
        results.put({"by_conv": by_conv, "by_reply": by_reply, "model_calls": len(fake.requests)})
        await runner.cleanup()
        await fake.stop()

    asyncio.run(serve())


class TeamsFakes:
    """The child process of `_teams_fakes`: start it, read its URLs, stop it for the results."""

    def __init__(self, latency: float) -> None:
        import multiprocessing as mp

        self._ready: Any = mp.Queue()
        self._results: Any = mp.Queue()
        self._stop = mp.Event()
        self._child = mp.Process(
            target=_teams_fakes,
            args=(latency, self._ready, self._stop, self._results),
            daemon=True,
        )
        self._child.start()
        self.model_url, self.service_url = self._ready.get(True, 30)

    def finish(self) -> dict[str, Any]:
        """Stop the child; returns arrival times by conversation and by reply, and the
        number of model calls."""
        self._stop.set()
        results: dict[str, Any] = self._results.get(True, 30)
        self._child.join(10)
        return results
