"""Shared helpers for the benchmark scripts (not part of the bot)."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

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
    from bot.llm.catalog import ModelSpec

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
    return app
