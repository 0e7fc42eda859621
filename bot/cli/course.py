"""Course commands: `index`, `search`, `ask` (one answer per input line with `-`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterator
from typing import Any

from bot.kernel.errors import UserFacing


async def index(app: Any, args: argparse.Namespace) -> int:
    report = await app.aindex(rebuild=args.rebuild)
    if args.json:
        print(
            json.dumps(
                {
                    "added": report.added,
                    "removed": report.removed,
                    "unchanged": report.unchanged,
                    "chunks": app.store.count(),
                    "units": report.units,
                    "units_embedded": report.units_added,
                    "problems": list(report.problems),
                },
                ensure_ascii=False,
            )
        )
    else:
        for problem in report.problems:
            print(f"warning: {problem}", file=sys.stderr)
        print(
            f"indexed {app.store.count()} chunks: {report.added} added, "
            f"{report.removed} removed, {report.unchanged} unchanged; "
            f"{report.units} answer units ({report.units_added} embedded)"
        )
    return 0


def input_lines(arg: str) -> Iterator[str]:
    """The argument, or with `-` every line of standard input, blank ones included: each
    input line gets exactly one output line (an error line for a blank one)."""
    if arg != "-":
        yield arg
        return
    for line in sys.stdin:
        yield line.rstrip("\n")


async def search(app: Any, args: argparse.Namespace) -> int:
    status = 0
    for query in input_lines(args.query):
        if not query.strip():
            status = 2
            if args.query == "-":
                print(json.dumps({"error": "empty_query", "message": "empty query"}), flush=True)
            else:
                print("studybot: empty query", file=sys.stderr)
            continue
        result = await asyncio.to_thread(app.search.search, query, args.k, args.mode)
        if args.json or args.query == "-":
            print(json.dumps([h.as_json() for h in result.hits], ensure_ascii=False), flush=True)
        else:
            for n, hit in enumerate(result.hits, start=1):
                print(f"{n}. [{hit.lang}] {hit.heading}  ({hit.source}, score {hit.score:.4f})")
                print(f"   {hit.text[:160].replace(chr(10), ' ')}…")
            if not result.in_scope:
                print("(no confident match: the question looks out of the course's scope)")
    return status


async def ask(app: Any, args: argparse.Namespace) -> int:
    from bot.kernel.lang import reply_lang
    from bot.kernel.models import Turn

    as_json = args.json or args.question == "-"
    status = 0
    for question in input_lines(args.question):
        if not as_json:
            from bot.channels.terminal import answer_and_print

            if not await answer_and_print(app.service, question, sys.stdout, sys.stderr):
                status = 2
            continue
        turn = Turn(text=question, platform="cli")
        try:
            reply = await app.service.ask(turn)
        except UserFacing as exc:
            status = 2
            lang = reply_lang(turn)
            print(json.dumps({"error": exc.code, "message": exc.message(lang)}, ensure_ascii=False))
            continue
        payload = {
            "answer": reply.text,
            "citations": [
                {"n": c.n, "source": c.source, "heading": c.heading, "lang": c.lang, "url": c.url}
                for c in reply.citations
            ],
            "in_scope": reply.in_scope,
            "notes": list(reply.notes),
            "model": reply.model,
            "latency_ms": reply.latency_ms,
        }
        print(json.dumps(payload, ensure_ascii=False), flush=True)
    return status
