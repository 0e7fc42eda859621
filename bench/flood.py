"""A flood through the Teams endpoint: one user at 1,000 messages a minute beside 20 students.

    python bench/flood.py [--seconds 60] [--latency 0.5]

Twenty students each ask a question every twelve seconds (staggered) for `--seconds`; the
run is measured twice in this process, without and with a flooder sending 1,000 messages a
minute from one account. Model server and Bot Connector stand-in run in a child process.
Reports the students' reply latency (POST to reply at the connector) in both runs, how many
of the flooder's messages reached a model, and whether any budget was overspent.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import TeamsFakes, bench_app, machine, percentile
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import App
from bot.channels.web import build_web_app
from bot.kernel.catalog import Budgets
from bot.store.db import spend

INTERVAL = 12.0
"""Seconds between two questions of one student (5 a minute, under the limit of 6)."""
QUESTIONS = [
    "What is a foundation model?",
    "How do LLMs differ from foundation models?",
    "What is fine-tuning?",
    "What is retrieval augmented generation?",
    "What are open source models?",
    "How do I choose a model for my use case?",
]


async def one_run(seconds: float, latency: float, flood: bool) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    fakes = await asyncio.to_thread(TeamsFakes, latency)
    model_url, service_url = fakes.model_url, fakes.service_url
    sent: dict[str, tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app: App = await asyncio.to_thread(  # type: ignore[assignment]
            bench_app, Path(tmp), model_url, budgets=Budgets(student_daily_usd=0.002)
        )
        settings = app.settings
        server = TestServer(build_web_app(app.core, dev=True), host="127.0.0.1")
        await server.start_server()
        url = str(server.make_url("/api/messages"))
        counter = iter(range(10**9))

        async def post(session: ClientSession, user: str, text: str) -> None:
            activity_id = f"a{next(counter)}"
            body = {
                "type": "message",
                "id": activity_id,
                "serviceUrl": service_url,
                "channelId": "msteams",
                "from": {"id": f"29:{user}", "aadObjectId": user},
                "conversation": {"id": f"conv-{user}", "conversationType": "personal"},
                "recipient": {"id": "28:bot"},
                "text": text,
                "locale": "en-US",
            }
            sent[activity_id] = (time.time(), user)
            async with session.post(url, json=body) as resp:
                await resp.read()

        async def student(session: ClientSession, i: int) -> None:
            await asyncio.sleep(i * INTERVAL / 20)  # staggered over the first interval
            end = time.monotonic() + seconds
            n = 0
            while time.monotonic() < end:
                await post(session, f"student{i}", QUESTIONS[(i + n) % len(QUESTIONS)])
                n += 1
                await asyncio.sleep(INTERVAL)

        async def flooder(session: ClientSession) -> None:
            end = time.monotonic() + seconds
            tasks = []
            while time.monotonic() < end:
                tasks.append(asyncio.create_task(post(session, "flooder", "What is an LLM?")))
                await asyncio.sleep(60 / 1000)
            await asyncio.gather(*tasks)

        async with ClientSession() as session:
            await post(session, "warmup", "What is RAG?")
            await asyncio.sleep(latency + 2)
            sent.clear()
            jobs = [student(session, i) for i in range(20)]
            if flood:
                jobs.append(flooder(session))
            await asyncio.gather(*jobs)
            await asyncio.sleep(latency + 5)
        results = await asyncio.to_thread(fakes.finish)
        arrived, model_calls = results["by_reply"], results["model_calls"]
        with app.engine.connect() as conn:
            rows = conn.execute(select(spend)).all()
        limits = {
            "user": settings.budgets.student_daily_usd,
            "class": settings.budgets.class_monthly_usd,
            "global": settings.budgets.global_monthly_usd,
        }
        overspent = [
            r for r in rows if (r.spent_micros + r.reserved_micros) / 1e6 > limits[r.scope] + 1e-9
        ]
        await server.close()
    student_latency = [
        (arrived[a] - t) * 1000 for a, (t, u) in sent.items() if u != "flooder" and a in arrived
    ]
    flood_sent = sum(1 for _t, u in sent.values() if u == "flooder")
    flood_answered = sum(1 for a, (_t, u) in sent.items() if u == "flooder" and a in arrived)
    return {
        "students_sent": sum(1 for _t, u in sent.values() if u != "flooder"),
        "students_answered": len(student_latency),
        "p50": percentile(student_latency, 50),
        "p95": percentile(student_latency, 95),
        "flood_sent": flood_sent,
        "flood_replies": flood_answered,
        "model_calls": model_calls,
        "overspent": len(overspent),
    }


async def run(seconds: float, latency: float) -> None:
    calm = await one_run(seconds, latency, flood=False)
    flooded = await one_run(seconds, latency, flood=True)
    print(f"## Flood through the Teams endpoint\n\nMachine: {machine()}\n")
    print(
        f"20 students asking every {INTERVAL:.0f} s for {seconds:.0f} s, model latency "
        f"{latency:.1f} s; "
        "then the same with one account sending 1,000 messages a minute.\n"
    )
    print("| run | students answered | student p50 | student p95 | flooder sent | "
          "flooder replies | model calls | budgets overspent |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, r in (("calm", calm), ("flooded", flooded)):
        print(
            f"| {name} | {r['students_answered']}/{r['students_sent']} | {r['p50']:.0f} ms | "
            f"{r['p95']:.0f} ms | {r['flood_sent']} | {r['flood_replies']} | "
            f"{r['model_calls']} | {r['overspent']} |"
        )
    change = (flooded["p95"] - calm["p95"]) / calm["p95"] * 100
    print(f"\nStudents' p95 with the flood: {change:+.0f}% (target within 20%).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--latency", type=float, default=0.5)
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.latency))


if __name__ == "__main__":
    main()
