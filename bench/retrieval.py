"""Retrieval quality on the dev set: hybrid search against three baselines, same chunks.

Builds a fresh index of knowledge/ in a temporary data dir, then prints recall@5, MRR@10
and the scope metrics for every ranker. `--write-baseline` also writes eval/baseline.json.

    python bench/retrieval.py [--write-baseline]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import ROOT, machine

from bot.app import App
from bot.config import load_settings
from bot.evaluation.retrieval import evaluate, format_table, load_questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge", llm_provider="offline"
        )
        app = App.build(settings)
        app.index(progress=False)
        questions = load_questions(ROOT / "eval" / "questions.jsonl")
        report = evaluate(app, questions, do_calibrate=True)
    report["machine"] = machine()
    print(f"## Retrieval (dev set)\n\nMachine: {report['machine']}\n")
    print(format_table(report))
    print(f"\nScope thresholds in use: {report['thresholds']}")
    print(f"Calibrated on this run: {report.get('calibration')}")
    kinds: dict[str, int] = {}
    for q in questions:
        kinds[q.kind] = kinds.get(q.kind, 0) + 1
    print(f"Question kinds: {kinds}")
    if args.write_baseline:
        path = ROOT / "eval" / "baseline.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
