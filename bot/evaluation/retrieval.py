"""Retrieval and scope metrics on the dev set, for hybrid search and its baselines.

Every ranker runs on the same chunks in the same process, so the comparison is fair:
`hybrid` (BM25 over Kiwi/English tokens + dense, reciprocal rank fusion, language fallback),
`dense` (e5 vectors only), `bm25` (Kiwi/English tokens only) and `bm25_ws` (whitespace tokens).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.kernel.jsonl import read_jsonl
from bot.kernel.progress import shown, steps
from bot.rag.search import MODES, Mode, SearchEngine, scope_decision

if TYPE_CHECKING:
    from bot.app import App

MODE_LABELS = {
    "hybrid": "hybrid (BM25-Kiwi + dense, RRF)",
    "dense": "dense only (e5)",
    "bm25": "BM25, Kiwi morphemes",
    "bm25_ws": "BM25, whitespace tokens",
}


@dataclass(frozen=True, slots=True)
class Question:
    """One dev-set question; `gold` is empty for questions the course does not cover."""

    id: str
    text: str
    lang: str
    kind: str
    gold: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        """True when the course covers the question."""
        return bool(self.gold)


def load_questions(path: Path) -> list[Question]:
    """Read the JSON Lines dev set; a malformed line is an error naming the line."""
    return [
        Question(r["id"], r["q"], r["lang"], r["kind"], tuple(r.get("gold", [])))
        for r in read_jsonl(path, ("id", "q", "lang", "kind"))
    ]


@dataclass(frozen=True, slots=True)
class Observation:
    """What one ranker did with one question."""

    question: Question
    rank: int | None
    """1-based rank of the first gold section in the top 10, or None."""
    in_scope: bool
    confidence: float
    novelty: float


def observe(engine: SearchEngine, questions: Iterable[Question], mode: Mode) -> list[Observation]:
    """Run every question through one ranker."""
    out = []
    for q in questions:
        result = engine.search(q.text, 10, mode)
        rank = next((i for i, h in enumerate(result.hits, 1) if h.heading in q.gold), None)
        out.append(Observation(q, rank, result.in_scope, result.confidence, result.novelty))
    return out


def metrics(observations: list[Observation]) -> dict[str, float]:
    """recall@5, MRR@10, out-of-scope refusal accuracy and in-scope false-refusal rate."""
    inside = [o for o in observations if o.question.in_scope]
    outside = [o for o in observations if not o.question.in_scope]
    recall = sum(1 for o in inside if o.rank is not None and o.rank <= 5) / max(len(inside), 1)
    mrr = sum(1 / o.rank for o in inside if o.rank is not None) / max(len(inside), 1)
    refused = sum(1 for o in outside if not o.in_scope) / max(len(outside), 1)
    false_refusal = sum(1 for o in inside if not o.in_scope) / max(len(inside), 1)
    return {
        "recall@5": round(recall, 4),
        "mrr@10": round(mrr, 4),
        "refusal_accuracy": round(refused, 4),
        "false_refusal_rate": round(false_refusal, 4),
    }


def calibrate(observations: list[Observation], max_novelty: float) -> dict[str, float]:
    """Scope thresholds that refuse the most out-of-scope questions with ≤ 3% false refusals.

    Among equally good settings, the middle of the widest run is taken, so the chosen
    thresholds sit away from the nearest mistake on either side.
    """
    inside = [o for o in observations if o.question.in_scope]
    outside = [o for o in observations if not o.question.in_scope]
    grid = [round(0.70 + 0.0025 * i, 4) for i in range(81)]
    best: tuple[float, float, float, float] | None = None
    feasible: list[tuple[float, float, float]] = []
    for hi in grid:
        for lo in (g for g in grid if g <= hi):
            fr = sum(
                1
                for o in inside
                if not scope_decision(o.confidence, o.novelty, hi, lo, max_novelty)
            ) / max(len(inside), 1)
            if fr > 0.03:
                continue
            ra = sum(
                1
                for o in outside
                if not scope_decision(o.confidence, o.novelty, hi, lo, max_novelty)
            ) / max(len(outside), 1)
            feasible.append((ra, hi, lo))
            key = (ra, -fr, hi, lo)
            if best is None or key > best:
                best = key
    if best is None:
        return {}
    top = max(f[0] for f in feasible)
    his = sorted({f[1] for f in feasible if f[0] == top})
    hi = his[len(his) // 2]
    los = sorted(f[2] for f in feasible if f[0] == top and f[1] == hi)
    lo = los[len(los) // 2]
    return {"scope_min_similarity": hi, "scope_lexical_similarity": lo, "refusal_accuracy": top}


def machine() -> str:
    """A one-line description of the machine the numbers come from."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def evaluate(
    app: App, questions: list[Question], do_calibrate: bool = False, show: bool = False
) -> dict[str, Any]:
    """Metrics for every ranker, plus counts and (optionally) calibrated thresholds."""
    engine = app.search
    report: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        "questions": len(questions),
        "in_scope": sum(1 for q in questions if q.in_scope),
        "out_of_scope": sum(1 for q in questions if not q.in_scope),
        "chunks": len(engine.chunks),
        "thresholds": {
            "scope_min_similarity": app.settings.scope_min_similarity,
            "scope_lexical_similarity": app.settings.scope_lexical_similarity,
            "scope_max_novelty": app.settings.scope_max_novelty,
        },
        "modes": {},
        "misses": [],
    }
    for mode in MODES:
        obs = observe(engine, steps(questions, f"eval ({mode})", show), mode)
        report["modes"][mode] = metrics(obs)
        if mode == "hybrid":
            report["misses"] = [
                {
                    "id": o.question.id,
                    "rank": o.rank,
                    "in_scope": o.in_scope,
                    "confidence": round(o.confidence, 4),
                    "novelty": round(o.novelty, 3),
                }
                for o in obs
                if (o.question.in_scope and (o.rank != 1 or not o.in_scope))
                or (not o.question.in_scope and o.in_scope)
            ]
            if do_calibrate:
                report["calibration"] = calibrate(obs, app.settings.scope_max_novelty)
            # The same searches decided by the thresholds alone, for comparison.
            s = app.settings
            rule = [
                scope_decision(
                    o.confidence,
                    o.novelty,
                    s.scope_min_similarity,
                    s.scope_lexical_similarity,
                    s.scope_max_novelty,
                )
                for o in obs
            ]
            inside = [r for o, r in zip(obs, rule, strict=True) if o.question.in_scope]
            outside = [r for o, r in zip(obs, rule, strict=True) if not o.question.in_scope]
            report["thresholds_only"] = {
                "refusal_accuracy": round(sum(not r for r in outside) / max(len(outside), 1), 4),
                "false_refusal_rate": round(sum(not r for r in inside) / max(len(inside), 1), 4),
            }
    model = engine.scope
    report["scope_decision"] = (
        f"learned from {len(model.labels)} examples ({int((~model.labels).sum())} off topic)"
        if model is not None
        else "thresholds"
    )
    return report


def format_table(report: dict[str, Any]) -> str:
    """The report as a Markdown table."""
    lines = [
        f"Dev set: {report['questions']} questions ({report['in_scope']} in scope, "
        f"{report['out_of_scope']} out of scope), {report['chunks']} chunks.",
        "",
        "| Ranker | recall@5 | MRR@10 | out-of-scope refused | in-scope refused |",
        "|---|---|---|---|---|",
    ]
    for mode, m in report["modes"].items():
        lines.append(
            f"| {MODE_LABELS[mode]} | {m['recall@5']:.3f} | {m['mrr@10']:.3f} | "
            f"{m['refusal_accuracy']:.1%} | {m['false_refusal_rate']:.1%} |"
        )
    rule = report.get("thresholds_only")
    if rule:
        lines.append(
            f"| hybrid, scope by the thresholds alone | | | {rule['refusal_accuracy']:.1%} | "
            f"{rule['false_refusal_rate']:.1%} |"
        )
    lines += ["", f"Scope decision (hybrid): {report.get('scope_decision', 'thresholds')}."]
    return "\n".join(lines)


def run_eval(app: App, args: argparse.Namespace) -> int:
    """`studybot eval`: print metrics; optionally write them as the committed baseline."""
    try:
        questions = load_questions(Path(args.questions))
    except (OSError, ValueError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    report = evaluate(app, questions, args.calibrate, show=shown(args.json))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
        print(f"\nMachine: {report['machine']}")
        if report.get("calibration"):
            print(f"Calibrated scope thresholds: {report['calibration']}")
        if report["misses"]:
            print("\nHybrid misses (gold not first, or wrong scope decision):")
            for miss in report["misses"]:
                print(f"  {miss}")
    if args.write_baseline:
        Path(args.write_baseline).write_text(
            json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0
