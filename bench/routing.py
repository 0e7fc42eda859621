"""Cost-policy speed and savings: router decision time, ledger throughput, routed cost.

    python bench/routing.py [--calls 2000]

Prints the router's decision time (p50/p99, microseconds) on the routing dev set's
questions, ledger throughput on SQLite (reserve + settle of one call, which is what every
model call writes, from one thread and from eight), and the routed cost of the dev set
against always-cheap and always-premium at the example catalog's prices.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, machine, percentile

from bot.app import App
from bot.config import load_settings
from bot.evaluation.routing import evaluate_routing, format_report, load_routing_questions
from bot.kernel.catalog import Budgets, Catalog, RoutingPolicy
from bot.llm.budget import BudgetKeeper, CallRecord, Who
from bot.llm.router import Router, RouteRequest
from bot.store.db import build_engine


def router_timing() -> None:
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-used")
    from bot.kernel.catalog import default_catalog

    router = Router(
        Catalog(default_catalog("openai", "gpt-4o-mini", "gpt-4o", None)), RoutingPolicy(), 700
    )
    rows = [json.loads(x) for x in (ROOT / "eval" / "routing.jsonl").read_text().splitlines()]
    requests = [RouteRequest(r["q"], sections=2, confidence=0.88, prompt_chars=3000) for r in rows]
    for req in requests:
        router.route(req)
    times = []
    for _ in range(20):
        for req in requests:
            start = time.perf_counter_ns()
            router.route(req)
            times.append((time.perf_counter_ns() - start) / 1000)
    print(
        f"Router decision: p50 {percentile(times, 50):.1f} µs, p99 {percentile(times, 99):.1f} µs "
        f"({len(times)} decisions)"
    )


def ledger_throughput(calls: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        unlimited = Budgets(student_daily_usd=1e6, class_monthly_usd=1e6, global_monthly_usd=1e6)
        keeper = BudgetKeeper(engine, unlimited)
        record = CallRecord("gpt-4o-mini", "cheap", "bench", 900, 250, 0.0003, 800, "ok")

        def work(n: int, user: str) -> None:
            who = Who(user, "bench-class")
            for _ in range(n):
                res = keeper.reserve(who, 0.001)
                keeper.settle(res, who, record, "bench")

        start = time.perf_counter()
        work(calls, "solo")
        solo = calls / (time.perf_counter() - start)
        threads = [threading.Thread(target=work, args=(calls // 8, f"u{i}")) for i in range(8)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        multi = (calls // 8 * 8) / (time.perf_counter() - start)
        engine.dispose()
    print(
        f"Ledger on SQLite (reserve + settle + ledger row per call): {solo:.0f} calls/s from one "
        f"thread, {multi:.0f} calls/s from eight threads"
    )


def routed_cost() -> None:
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-used")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge", llm_provider="openai"
        )
        app = App.build(settings)
        app.index(progress=False)
        questions = load_routing_questions(ROOT / "eval" / "routing.jsonl")
        report = asyncio.run(evaluate_routing(app, questions))
        asyncio.run(app.aclose())
    print(format_report(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    print(f"## Routing and ledger\n\nMachine: {machine()}\n")
    router_timing()
    ledger_throughput(args.calls)
    print()
    routed_cost()


if __name__ == "__main__":
    main()
