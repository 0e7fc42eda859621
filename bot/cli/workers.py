"""`studybot serve --workers N`: N server processes sharing one port, kept running.

One Python process cannot spend more than one core on Python work (search scoring, request
parsing, the OpenAI client's stream handling all hold the GIL). Each worker is a whole
`studybot serve` bound with SO_REUSEPORT, so the kernel spreads connections over them; no
process in front parses a byte. What must happen once still happens once: the scheduler
runs where the database lock is held (the others stand by and take over if it dies), an
activity Teams sends twice is claimed once in the database, and only worker 0 connects to
Discord (one gateway session per token).

This supervisor forwards SIGTERM/SIGINT (each worker drains its turns), and restarts a
worker that dies, with a pause that grows while it keeps dying.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time

log = logging.getLogger(__name__)

RESTART_PAUSE_S = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Pauses before restarting a worker that died, longer each time it dies soon after start."""
STABLE_S = 60.0
"""A worker that ran this long before dying is restarted after the shortest pause."""
STOP_GRACE_S = 20.0
"""How long workers get to drain after SIGTERM before they are killed."""


def worker_command(args: argparse.Namespace, index: int) -> list[str]:
    """The command line of worker `index` (the same `serve`, one worker, port shared)."""
    config = ["--config", args.config] if getattr(args, "config", None) else []
    cmd = [
        sys.executable,
        "-m",
        "bot",
        *config,
        "serve",
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    if args.dev:
        cmd.append("--dev")
    return [*cmd, "--worker-index", str(index)]


async def supervise(args: argparse.Namespace) -> int:
    """Run `args.workers` workers until SIGTERM/SIGINT; 0 after a clean stop."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    print(
        f"StudyBot: {args.workers} workers on http://{args.host}:{args.port}/api/messages",
        file=sys.stderr,
    )
    tasks = [asyncio.create_task(_keep_running(args, i, stopping)) for i in range(args.workers)]
    codes = await asyncio.gather(*tasks)
    return 0 if all(code in (0, -signal.SIGTERM) for code in codes) else 1


async def _keep_running(args: argparse.Namespace, index: int, stopping: asyncio.Event) -> int:
    failures = 0
    while True:
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(*worker_command(args, index))
        waiter = asyncio.create_task(proc.wait())
        stop = asyncio.create_task(stopping.wait())
        await asyncio.wait({waiter, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            stop.cancel()
            return await _stop(proc, waiter)
        stop.cancel()
        code = waiter.result()
        if code == 2:
            return code  # a configuration problem: restarting would only repeat it
        failures = 0 if time.monotonic() - started >= STABLE_S else failures + 1
        pause = RESTART_PAUSE_S[min(failures, len(RESTART_PAUSE_S) - 1)]
        log.error("worker %d exited with %s; restarting in %.0f s", index, code, pause)
        print(f"studybot: worker {index} exited ({code}); restarting", file=sys.stderr)
        try:
            await asyncio.wait_for(stopping.wait(), pause)
            return 0
        except TimeoutError:
            continue


async def _stop(proc: asyncio.subprocess.Process, waiter: asyncio.Task[int]) -> int:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(asyncio.shield(waiter), STOP_GRACE_S)
    except TimeoutError:
        proc.kill()
        return await waiter
