"""Quiz engine throughput and bank loading time.

    python bench/quiz.py [--submissions 500]

500 students submit an answer each, concurrently (threads, as the async service runs the
engine in a thread pool), to a real SQLite database; half of them also double-submit, as a
double click would. Prints answers recorded per second and checks that none was lost or
duplicated. Also times loading and validating every bank, and compares with reading the
YAML alone (the baseline, measured in the same run).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import yaml
from _common import ROOT, machine
from sqlalchemy import func, select

from bot.quiz.bank import load_banks
from bot.quiz.engine import Player, QuizEngine
from bot.store.db import build_engine, quiz_answers


def submissions(count: int) -> None:
    banks = load_banks(ROOT / "quizzes", ROOT / "knowledge")
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        quiz = QuizEngine(engine, banks)
        attempts = [quiz.start_solo(Player(f"s{i}"), "en", 3) for i in range(count)]
        barrier = threading.Barrier(count)
        done: list[bool] = []

        def submit(i: int) -> None:
            state = attempts[i]
            assert state.question is not None
            barrier.wait()
            quiz.answer(state.attempt_id, state.question.id, f"s{i}", 0)
            if i % 2 == 0:  # a double click
                quiz.answer(state.attempt_id, state.question.id, f"s{i}", 0)
            done.append(True)

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        start = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        with engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(quiz_answers)).scalar_one()
        positions = [quiz.state(a.attempt_id).position for a in attempts]
        engine.dispose()
    lost = count - rows
    duplicated = sum(p != 1 for p in positions)
    print(
        f"{count} concurrent submissions (+{count // 2} double clicks) on SQLite: "
        f"{count / elapsed:.0f} answers recorded/s ({elapsed:.2f} s); "
        f"{lost} lost, {duplicated} duplicated"
    )


def bank_loading(repeat: int = 5) -> None:
    files = sorted((ROOT / "quizzes").glob("*.yaml"))
    yaml_only, full = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for f in files:
            yaml.safe_load(f.read_text(encoding="utf-8"))
        yaml_only.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        banks = load_banks(ROOT / "quizzes", ROOT / "knowledge")
        full.append((time.perf_counter() - start) * 1000)
    counts = banks.counts()
    print(
        f"Load and validate {len(files)} banks ({sum(counts.values())} questions, every source "
        f"resolved against knowledge/): median {statistics.median(full):.0f} ms; "
        f"parsing the YAML alone: {statistics.median(yaml_only):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=500)
    args = parser.parse_args()
    print(f"## Quizzes\n\nMachine: {machine()}\n")
    submissions(args.submissions)
    bank_loading()


if __name__ == "__main__":
    main()
