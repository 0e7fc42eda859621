"""How the scope decision does on questions it was not fitted on, batch by batch.

The decision ships fitted on every tuning example, and an example's nearest neighbours are
often its own batch-mates (written the same day, about the same facts): its refusals of the
tuning set (none) say little about a new batch. This fits it once per batch of the tuning
set (its id prefix) on the other batches' examples, decides that batch's questions with it
as search does (the model, then the questions in scope whatever the examples say), and
prints how many course questions were refused and off-topic ones accepted, with their ids
and text (what to read when a refusal rule changes).

    python bench/scope_lobo.py [--examples eval/answers-tune.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from _common import ROOT, machine

from bot.app import App
from bot.config import load_settings
from bot.kernel.lang import detect_lang
from bot.rag import scope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "eval/answers-tune.jsonl")
    args = parser.parse_args()
    print(machine())
    app = App.build(load_settings(), True, True)
    app.ensure_loaded()
    rows = [json.loads(line) for line in args.examples.read_text().splitlines() if line.strip()]
    signals, vectors, labels, batches = [], [], [], []
    for row in rows:
        result = app.search.search(row["q"], None, "hybrid", detect_lang(row["q"]))
        if result.signals is None:
            raise SystemExit("no scope signals: index the course first (`studybot index`)")
        signals.append(result.signals)
        vectors.append(np.asarray(result.vector, dtype=np.float32))
        labels.append(bool(row.get("gold")))
        batches.append(str(row["id"]).split("-")[0])
    matrix = np.stack(vectors)
    y = np.asarray(labels)
    batch = np.asarray(batches)
    shipped = app.search.scope
    refused: list[str] = []
    accepted: list[str] = []
    started = time.perf_counter()
    for name in sorted(set(batches)):
        rest = batch != name
        model = scope.fit(
            [s for s, keep in zip(signals, rest, strict=True) if keep], matrix[rest], list(y[rest])
        )
        if model is None:
            continue
        # Decided as search decides: the fold's model, then the questions in scope whatever
        # the examples say (a term the lesson writes, asked what it is…).
        app.search.scope = model
        for i in np.flatnonzero(~rest):
            question = rows[i]["q"]
            decided = app.search.search(question, None, "hybrid", detect_lang(question)).in_scope
            line = f"  {rows[i]['id']}: {rows[i]['q']}"
            if y[i] and not decided:
                refused.append(line)
            elif not y[i] and decided:
                accepted.append(line)
    app.search.scope = shipped
    print(
        f"{len(set(batches))} batches, each decided by a fit on the others "
        f"({time.perf_counter() - started:.0f} s of fitting):\n"
        f"course questions refused {len(refused)} of {int(y.sum())} "
        f"({len(refused) / max(int(y.sum()), 1):.1%}), off-topic accepted {len(accepted)} of "
        f"{int((~y).sum())} ({len(accepted) / max(int((~y).sum()), 1):.1%})"
    )
    print("refused:", *refused, sep="\n")
    print("accepted:", *accepted, sep="\n")


if __name__ == "__main__":
    main()
