"""Speed of the knowledge engine on this machine, with baselines measured in the same run.

Prints, with the index warm: search p50/p95 (hybrid, and dense-only and BM25-only for
comparison), offline `ask` p95; then a fresh `studybot ask` process, a re-index with no
change (in-process and as a fresh process), peak memory of `studybot chat`, and, with
10,000 chunks in the store, indexing throughput and search p95 (see `synthetic_numbers`).

    python bench/latency.py [--synthetic 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, forget_vectors, machine, summary, timed_asks

from bot.app import App
from bot.config import load_settings
from bot.evaluation.retrieval import load_questions
from bot.rag.ingest import Chunk, chunk_id, load_corpus, split_sentences


def timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def warm_numbers(app: App, questions: list[str], repeat: int) -> None:
    for q in questions[:5]:
        app.search.search(q)  # warm caches, Kiwi, e5
    print("| Operation (index warm, in process) | p50 / p95 / max (ms) |")
    print("|---|---|")
    for mode in ("hybrid", "dense", "bm25"):
        times = []
        for _ in range(repeat):
            for q in questions:
                forget_vectors()
                times.append(timed(app.search.search, q, 5, mode))
        label = {
            "hybrid": "search, hybrid",
            "dense": "search, dense only",
            "bm25": "search, BM25 only",
        }
        print(f"| {label[mode]} | {summary(times)} |")

    ask_ms = asyncio.run(timed_asks(app, questions, repeat))
    print(f"| ask, offline (search + extractive answer) | {summary(ask_ms)} |")


def env_for(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        STUDYBOT_DATA_DIR=str(data_dir),
        STUDYBOT_KNOWLEDGE_DIR=str(ROOT / "knowledge"),
        STUDYBOT_LLM_PROVIDER="offline",
        ANONYMIZED_TELEMETRY="False",
    )
    return env


def process_numbers(data_dir: Path) -> None:
    env = env_for(data_dir)
    cmd = [sys.executable, "-m", "bot"]
    print("\n| Fresh process | runs | median / max (s) |")
    print("|---|---|---|")
    for label, args in (
        ("`studybot ask` (English question)", ["ask", "What is a foundation model?", "--json"]),
        ("`studybot ask` (Korean question)", ["ask", "파운데이션 모델이 뭐야?", "--json"]),
        ("`studybot index` with no change", ["index"]),
    ):
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(cmd + args, env=env, check=True, capture_output=True, cwd=ROOT)
            walls.append(time.perf_counter() - start)
        print(f"| {label} | 5 | {sorted(walls)[2]:.2f} / {max(walls):.2f} |")

    questions = "\n".join(
        ["What is RAG?", "임베딩이 뭐야?", "When should I fine-tune?", "오픈 소스 모델의 단점은?"]
        * 3
    )
    proc = subprocess.Popen(
        [*cmd, "chat"], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT
    )
    assert proc.stdin is not None
    proc.stdin.write((questions + "\n/quit\n").encode())
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    print(
        f"\nPeak memory (max RSS) of `studybot chat` answering 12 questions: "
        f"{usage.ru_maxrss / 1024:.0f} MB"
    )


def synthetic_numbers(count: int, questions: list[str], embed_sample: int) -> None:
    """Scale: search with `count` chunks in the store; indexing throughput on a real sample.

    Embedding 10,000 chunks with e5 on two cores takes longer than a benchmark should, and
    search latency does not depend on what the vectors mean. So `embed_sample` synthetic
    chunks are embedded for real (that measures throughput), and the rest get the vector of
    a real chunk plus noise, with real BM25 tokens.
    """
    import numpy as np

    corpus = load_corpus(ROOT / "knowledge")
    sentences = {
        lang: [s for c in corpus.chunks if c.lang == lang for s in split_sentences(c.text)]
        for lang in ("en", "ko")
    }
    rng = random.Random(7)
    chunks: list[Chunk] = []
    while len(chunks) < count - len(corpus.chunks):
        lang = rng.choice(("en", "ko"))
        text = " ".join(rng.sample(sentences[lang], 4))
        heading = f"Synthetic {len(chunks)}"
        source = f"{lang}/synthetic-{len(chunks) // 50}.md"
        cid = chunk_id(source, heading, text)
        chunks.append(Chunk(cid, source, heading, lang, "synthetic", "Synthetic", text, 0))
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge", llm_provider="offline"
        )
        app = App.build(settings)
        app.index(progress=False)
        sample = chunks[:embed_sample]
        start = time.perf_counter()
        app.store.sync([*corpus.chunks, *sample], progress=False)
        elapsed = time.perf_counter() - start
        base = app.store.collection.get(include=["embeddings"])["embeddings"]
        noise = np.random.default_rng(7)
        rest = chunks[embed_sample:]
        for i in range(0, len(rest), 1000):
            batch = rest[i : i + 1000]
            vecs = np.asarray([base[noise.integers(len(base))] for _ in batch], dtype=np.float32)
            vecs += noise.normal(0, 0.02, vecs.shape).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            app.store.collection.add(
                ids=[c.id for c in batch],
                embeddings=vecs,
                documents=[c.text for c in batch],
                metadatas=[app.store._metadata(c) for c in batch],
            )
        total = app.store.count()
        app.search.load()
        for q in questions[:5]:
            app.search.search(q)
        times = [timed(app.search.search, q) for q in questions]
        dense = [timed(app.search.search, q, 5, "dense") for q in questions]
        no_change = timed(app.store.sync, [*corpus.chunks, *chunks], False) / 1000
    print(f"\nWith {total:,} chunks in the store ({count - len(corpus.chunks):,} synthetic):")
    print(
        f"- indexing throughput (Kiwi tokens + e5 embedding + add, {len(sample)} real chunks): "
        f"{len(sample) / elapsed:.1f} chunks/s"
    )
    print(f"- hybrid search p50 / p95 / max: {summary(times)} ms")
    print(f"- dense-only search p50 / p95 / max (same run): {summary(dense)} ms")
    print(f"- sync with no change: {no_change:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--embed-sample", type=int, default=200)
    args = parser.parse_args()
    questions = [q.text for q in load_questions(ROOT / "eval" / "questions.jsonl")]
    print(f"## Latency\n\nMachine: {machine()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        app = App.build(
            load_settings(
                data_dir=data_dir, knowledge_dir=ROOT / "knowledge", llm_provider="offline"
            )
        )
        start = time.perf_counter()
        report = app.index(progress=False)
        build = time.perf_counter() - start
        print(
            f"Course index: {report.added} chunks embedded in {build:.1f} s "
            f"({report.added / build:.0f} chunks/s).\n"
        )
        no_change = [timed(app.index, False, False) for _ in range(3)]
        warm_numbers(app, questions, args.repeat)
        print(f"| re-index with no change (in process) | {summary(no_change)} |")
        process_numbers(data_dir)
    if args.synthetic:
        synthetic_numbers(args.synthetic, questions, args.embed_sample)


if __name__ == "__main__":
    main()
