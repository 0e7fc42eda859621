"""Load on the Teams endpoint: 50 concurrent conversations against a model with 2 s latency.

    python bench/teams_load.py [--conversations 50] [--latency 2.0]

Everything runs on 127.0.0.1 in this process's loop except the bot's worker threads: a
scripted OpenAI-compatible server that waits `--latency` seconds before answering, a capture
server standing in for the Bot Connector, and the bot's aiohttp app (dev mode). Reports the
HTTP acknowledgement time (p50/p99) and the bot's overhead above the model's latency
(time from POST to the answer reaching the connector, minus the model latency; p50/p95).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, TeamsFakes, bench_app, machine, percentile
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.app import App
from bot.channels.web import build_web_app


async def run(conversations: int, latency: float) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # As `studybot serve` does.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    fakes = await asyncio.to_thread(TeamsFakes, latency)
    base_url, service_url = fakes.model_url, fakes.service_url
    questions = [
        json.loads(line)["q"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        app: App = await asyncio.to_thread(bench_app, Path(tmp), base_url)  # type: ignore[assignment]
        bot_server = TestServer(build_web_app(app.core, dev=True), host="127.0.0.1")
        await bot_server.start_server()
        url = str(bot_server.make_url("/api/messages"))
        sent: dict[str, float] = {}
        acks: list[float] = []

        async def converse(session: ClientSession, i: int) -> None:
            conv = f"load-{i}"
            activity: dict[str, Any] = {
                "type": "message",
                "id": f"act-{i}",
                "serviceUrl": service_url,
                "channelId": "msteams",
                "from": {"id": f"29:user{i}"},
                "conversation": {"id": conv},
                "recipient": {"id": "28:bot"},
                "text": questions[i % len(questions)],
                "locale": "en-US",
            }
            start = time.perf_counter()
            sent[conv] = time.time()
            async with session.post(url, json=activity) as resp:
                await resp.read()
                assert resp.status == 202, resp.status
            acks.append((time.perf_counter() - start) * 1000)

        async with ClientSession() as session:
            await converse(session, 10_000)  # warm-up: first embedding, Kiwi, connections
            await asyncio.sleep(latency + 2)
            acks.clear()
            await asyncio.gather(*(converse(session, i) for i in range(conversations)))
            await asyncio.sleep(latency + 15)
        arrived: dict[str, float] = (await asyncio.to_thread(fakes.finish))["by_conv"]
        await bot_server.close()
    # Out-of-scope questions are answered without a model: their overhead is measured
    # against zero model latency.
    overhead = []
    for conv, start in sent.items():
        if conv == "load-10000" or conv not in arrived:
            continue
        overhead.append((arrived[conv] - start) * 1000)
    model_waits = [o - latency * 1000 for o in overhead if o >= latency * 1000]
    print(f"## Teams endpoint load\n\nMachine: {machine()}\n")
    print(
        f"{conversations} concurrent conversations (questions from the dev set), model latency "
        f"{latency:.1f} s, model and connector in a separate process: "
        f"{len(overhead)}/{conversations} answered."
    )
    p50, p99 = percentile(acks, 50), percentile(acks, 99)
    print(f"- HTTP acknowledgement: p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(
        f"- overhead above the model latency, for the {len(model_waits)} answered by the model: "
        f"p50 {percentile(model_waits, 50):.0f} ms, p95 {percentile(model_waits, 95):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--latency", type=float, default=2.0)
    args = parser.parse_args()
    asyncio.run(run(args.conversations, args.latency))


if __name__ == "__main__":
    main()
