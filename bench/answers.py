"""What answer units cost, measured against what they replaced, in one run.

Prints, on the dev questions with the index warm:
- offline `ask` latency p50 / p95 / max: today's answerer (answer units) and, on the same
  search results, the sentence-overlap answerer it replaced (`v1`), plus search alone;
- indexing the course from nothing: chunks only (what indexing did before), chunks plus
  answer units, and both with the scope decision — read from the file shipped beside its
  examples (today) and fitted on them (a course whose examples ship none) — each in a fresh
  store, alternating, best of `--rounds`;
- prompt size for a model: characters and tokens of the sections as sent before (whole
  chunks) and now (each section's best units), over every in-scope dev question.

    python bench/answers.py [--repeat 3] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine, summary, timed_asks

from bot.app import App
from bot.config import load_settings
from bot.evaluation.answers import legacy_answer, load_keyed
from bot.kernel.lang import detect_lang
from bot.llm.tokens import estimate_tokens
from bot.rag import scope
from bot.rag import search as search_module
from bot.rag.e5_onnx import forget_vectors
from bot.rag.ingest import load_corpus
from bot.rag.store import content_version
from bot.rag.units import document_units


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def build(data_dir: Path) -> App:
    settings = load_settings(
        data_dir=data_dir, knowledge_dir=ROOT / "knowledge", llm_provider="offline"
    )
    return App.build(settings, True)


def latency(app: App, questions: list[str], repeat: int) -> None:

    for q in questions[:5]:
        app.search.search(q)  # warm Kiwi, e5 and caches
    ask_ms = asyncio.run(timed_asks(app, questions, repeat))
    search_ms: list[float] = []
    units_ms: list[float] = []
    v1_ms: list[float] = []
    answerer = app.service.answerer
    for _ in range(repeat):
        for q in questions:
            lang = detect_lang(q)
            forget_vectors()
            start = time.perf_counter()
            result = app.search.search(q, None, "hybrid", lang)
            searched = time.perf_counter()
            answerer.extractive(q, result, lang)
            answered = time.perf_counter()
            legacy_answer(q, result, answerer.tokenizer, app.search.idf)
            done = time.perf_counter()
            search_ms.append((searched - start) * 1000)
            units_ms.append((answered - searched) * 1000)
            v1_ms.append((done - answered) * 1000)
    print("| Offline answers, index warm | p50 / p95 / max (ms) |")
    print("|---|---|")
    print(f"| `ask` end to end (search + answer units + output guard) | {summary(ask_ms)} |")
    print(f"| search alone (hybrid) | {summary(search_ms)} |")
    print(f"| choosing answer units (after search) | {summary(units_ms)} |")
    print(f"| v1 sentence overlap (after the same search) | {summary(v1_ms)} |")


def indexing(rounds: int) -> None:
    corpus = load_corpus(ROOT / "knowledge")
    units = [u for d in corpus.documents for u in document_units(d.sections, d.source, d.lang)]
    times: dict[str, list[float]] = {"chunks": [], "units": [], "scope": [], "fit": []}
    shipped_model = search_module.model_path
    for _ in range(rounds):
        for kind in times:
            # "fit": as for a course whose examples ship no decision (a teacher's own).
            search_module.model_path = (
                (lambda p: p.with_name("no-such-decision.npz")) if kind == "fit" else shipped_model
            )
            with tempfile.TemporaryDirectory() as tmp:
                app = build(Path(tmp))
                app.store.embedder(["warm-up"])  # the model load is not indexing
                # Nothing remembered from the previous round: every vector is computed.
                forget_vectors()
                scope.forget_fitted()
                start = time.perf_counter()
                # As `studybot index` does: the units' sentences and the scope examples are
                # embedded on the second core while the chunks are.
                ahead = app.store.embed_units_ahead(units) if kind != "chunks" else None
                examples = (
                    app.search.embed_scope_examples(
                        content_version((c.id for c in corpus.chunks), (u.id for u in units)),
                        [c.text for c in corpus.chunks] + [c.heading for c in corpus.chunks],
                    )
                    if kind in ("scope", "fit")
                    else None
                )
                app.store.sync(corpus.chunks, progress=False)
                if kind != "chunks":
                    app.store.sync_units(units, progress=False, ahead=ahead)
                if kind in ("scope", "fit"):
                    app.search.load()
                    app.search.prepare_scope(examples)
                times[kind].append(time.perf_counter() - start)
    search_module.model_path = shipped_model
    chunks_only, with_units, with_scope = times["chunks"], times["units"], times["scope"]
    fitted = times["fit"]
    print("\n| Indexing the course from nothing (fresh store) | best / median (s) |")
    print("|---|---|")
    print(
        f"| chunks only ({len(corpus.chunks)}), as before | "
        f"{min(chunks_only):.2f} / {statistics.median(chunks_only):.2f} |"
    )
    print(
        f"| chunks + answer units ({len(units)}), today | "
        f"{min(with_units):.2f} / {statistics.median(with_units):.2f} |"
    )
    print(
        f"| chunks + answer units + the scope decision shipped with its examples | "
        f"{min(with_scope):.2f} / {statistics.median(with_scope):.2f} |"
    )
    print(
        f"| chunks + answer units + the scope decision fitted on its examples | "
        f"{min(fitted):.2f} / {statistics.median(fitted):.2f} |"
    )
    print(f"| ratio (best), units | {min(with_units) / min(chunks_only):.2f}× |")
    print(
        f"| ratio (best), units and scope (shipped) | {min(with_scope) / min(chunks_only):.2f}× |"
    )
    print(f"| ratio (best), units and scope (fitted) | {min(fitted) / min(chunks_only):.2f}× |")


def prompts(app: App, questions: list[str]) -> None:
    answerer = app.service.answerer
    before_chars = after_chars = before_tokens = after_tokens = 0
    for q in questions:
        lang = detect_lang(q)
        result = app.search.search(q, None, "hybrid", lang)
        if not result.in_scope:
            continue
        digests = answerer.digests(q, result, lang)
        for hit in answerer.sections(result):
            before_chars += len(hit.text)
            before_tokens += estimate_tokens(hit.text)
        # Now: the hits' best units, and any section the quoted answer leads with besides.
        for hit in answerer.prompt_sections(q, result, lang):
            new = digests.get((hit.source, hit.heading), hit.text)
            after_chars += len(new)
            after_tokens += estimate_tokens(new)
    n = len(questions)
    print("\n| Sections in a model's prompt (mean per question) | characters | tokens (est.) |")
    print("|---|---|---|")
    print(f"| before: whole chunks | {before_chars / n:.0f} | {before_tokens / n:.0f} |")
    print(f"| now: each section's best units | {after_chars / n:.0f} | {after_tokens / n:.0f} |")
    change_chars = after_chars / before_chars - 1
    change_tokens = after_tokens / before_tokens - 1
    print(f"| change | {change_chars:+.0%} | {change_tokens:+.0%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average at start {load()}\n")
    questions = [q.text for q in load_keyed(ROOT / "eval" / "questions.jsonl")]
    with tempfile.TemporaryDirectory() as tmp:
        app = build(Path(tmp))
        app.index(progress=False)
        latency(app, questions, args.repeat)
        prompts(app, [q for q in questions])
    indexing(args.rounds)
    print(f"\nLoad average at end {load()}")


if __name__ == "__main__":
    main()
