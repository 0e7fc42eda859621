"""Load on the Teams endpoint: 50 concurrent conversations against a model with 2 s latency.

    python bench/teams_load.py [--conversations 50] [--latency 2.0] [--workers N]

Everything runs on 127.0.0.1 in this process's loop except the bot's worker threads: a
scripted OpenAI-compatible server that waits `--latency` seconds before answering, a capture
server standing in for the Bot Connector, and the bot's aiohttp app (dev mode). Reports the
HTTP acknowledgement time (p50/p99) and the bot's overhead above the model's latency
(time from POST to the answer reaching the connector, minus the model latency; p50/p95).

With `--workers N` the bot is a real `studybot serve --dev --workers N` process instead (the
course indexed here first), so its CPU is its own and N processes share the port; the
process's CPU seconds per question are printed too.
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
from aiohttp import ClientSession, TCPConnector
from aiohttp.test_utils import TestServer

from bot.app import App
from bot.channels.web import TEAMS_KEY, build_web_app


async def run(conversations: int, latency: float, workers: int = 0, gate: bool = True) -> None:
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
        server: Any
        if workers:
            await app.aclose()
            server = await ServeProcess.start(Path(tmp), base_url, workers)
            url = server.url
        else:
            web_app = build_web_app(app.core, dev=True)
            if not gate:  # turns start at once, as before the arrival gate
                web_app[TEAMS_KEY].arrivals.max_hold_s = 0.0
            server = TestServer(web_app, host="127.0.0.1")
            await server.start_server()
            url = str(server.make_url("/api/messages"))
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

        async with ClientSession(connector=TCPConnector(force_close=bool(workers))) as session:
            # Warm-up: first embedding, Kiwi, connections (each worker, when there are several).
            for w in range(max(workers, 1) * 3):
                await converse(session, 10_000 + w)
            await asyncio.sleep(latency + 2)
            acks.clear()
            cpu_before = server.cpu_s() if workers else 0.0
            await asyncio.gather(*(converse(session, i) for i in range(conversations)))
            await asyncio.sleep(latency + 15)
            cpu_burst = server.cpu_s() - cpu_before if workers else 0.0
        arrived: dict[str, float] = (await asyncio.to_thread(fakes.finish))["by_conv"]
        await server.close()
    # Out-of-scope questions are answered without a model: their overhead is measured
    # against zero model latency.
    overhead = []
    for conv, start in sent.items():
        if int(conv.split("-")[1]) >= 10_000 or conv not in arrived:  # warm-ups
            continue
        overhead.append((arrived[conv] - start) * 1000)
    model_waits = [o - latency * 1000 for o in overhead if o >= latency * 1000]
    import os

    print(f"## Teams endpoint load\n\nMachine: {machine()}; load {os.getloadavg()[0]:.2f}\n")
    where = f"`studybot serve --workers {workers}`" if workers else "the bot in this process"
    where += "" if gate else " (no arrival gate)"
    print(
        f"{conversations} concurrent conversations (questions from the dev set), model latency "
        f"{latency:.1f} s, model and connector in a separate process, {where}: "
        f"{len(overhead)}/{conversations} answered."
    )
    if workers:
        per_question = cpu_burst / conversations * 1000
        print(f"- server CPU during the burst: {cpu_burst:.2f} s ({per_question:.0f} ms/question)")
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
    parser.add_argument(
        "--workers", type=int, default=0, help="run `studybot serve --workers N` (0: in process)"
    )
    parser.add_argument(
        "--no-gate", action="store_true", help="in process: start turns at once (as before)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.conversations, args.latency, args.workers, not args.no_gate))


class ServeProcess:
    """`studybot serve --dev --workers N` over the data dir `bench_app` indexed."""

    def __init__(self, proc: Any, url: str) -> None:
        self.proc, self.url = proc, url

    @classmethod
    async def start(cls, data_dir: Path, model_url: str, workers: int) -> ServeProcess:
        import os
        import socket
        import subprocess
        import sys

        config = data_dir / "studybot.toml"
        config.write_text(
            f'data_dir = "{data_dir}"\nknowledge_dir = "{ROOT / "knowledge"}"\n'
            "llm_timeout_s = 30\nllm_max_retries = 0\n\n[[models]]\n"
            'name = "bench"\nprovider = "openai_compatible"\nmodel = "bench"\ntier = "cheap"\n'
            f'input_per_1m = 0.15\noutput_per_1m = 0.6\nbase_url = "{model_url}"\n'
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [sys.executable, "-m", "bot", "--config", str(config), "serve", "--dev"]
        cmd += ["--port", str(port), "--workers", str(workers)]
        env = dict(os.environ, STUDYBOT_LOG_LEVEL="WARNING")
        proc = await asyncio.to_thread(subprocess.Popen, cmd, env=env, cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        async with ClientSession(connector=TCPConnector(force_close=True)) as session:
            seen: set[int] = set()
            for _ in range(1200):
                try:
                    async with session.get(f"{url}/healthz") as resp:
                        seen.add((await resp.json())["worker"])
                except OSError:
                    pass
                if len(seen) >= workers:
                    break
                await asyncio.sleep(0.1)
        return cls(proc, f"{url}/api/messages")

    def cpu_s(self) -> float:
        """CPU seconds used so far by the supervisor and its workers (from /proc)."""
        import os

        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        pids = [self.proc.pid]
        for child in (
            Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        ):
            pids.append(int(child))
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    async def close(self) -> None:
        self.proc.terminate()
        await asyncio.to_thread(self.proc.wait, 60)


if __name__ == "__main__":
    main()
