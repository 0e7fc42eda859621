"""The terminal chat: the same core service as Discord and Teams, rendered as plain text."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.core.errors import UserFacing
from bot.core.models import Reply, Turn
from bot.core.service import StudyService

QUIT_WORDS = frozenset({"/quit", "/exit", "/q", "/종료"})

WELCOME = (
    "StudyBot · Generative AI for Beginners, lesson 02 — ask in English or Korean.\n"
    "StudyBot · 생성형 AI 입문 2강 — 한국어나 영어로 질문하세요.  (/quit 종료)"
)


def render_reply(reply: Reply, streamed: bool = False) -> str:
    """A reply as terminal text: the answer (unless already streamed), sources, model note."""
    lines: list[str] = []
    if not streamed:
        lines.append(reply.text)
    if reply.citations:
        lines.append("")
        lines.append("출처:" if reply.lang == "ko" else "Sources:")
        lines.extend(f"  {c.label()}" for c in reply.citations)
    lines.extend(f"({note})" for note in reply.notes)
    lines.append(f"· {reply.cost_note()} · {reply.latency_ms} ms")
    return "\n".join(lines)


async def run_chat(
    service: StudyService,
    history_file: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Read questions until `/quit` or end of input; answer each one.

    On a real terminal the prompt has line editing and history (arrow keys); piped input is
    read line by line, so the chat can also be scripted.
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    read_line = _prompt_reader(history_file) if stdin.isatty() and out.isatty() else None
    print(WELCOME, file=out, flush=True)
    while True:
        try:
            if read_line is not None:
                line = await read_line()
            else:
                raw = stdin.readline()
                if not raw:
                    break
                line = raw
        except (EOFError, KeyboardInterrupt):
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT_WORDS:
            break
        await answer_and_print(service, question, out)
    print("Bye! · 안녕히 가세요!", file=out, flush=True)
    return 0


async def answer_and_print(
    service: StudyService, question: str, out: TextIO, err: TextIO | None = None
) -> bool:
    """Answer one question on `out`, streaming a generated answer as it arrives.

    Returns False when the question was refused as bad input (empty, too long).
    """
    streamed = False

    async def on_delta(delta: str) -> None:
        nonlocal streamed
        streamed = True
        out.write(delta)
        out.flush()

    try:
        reply = await service.ask(Turn(text=question), on_delta=on_delta)
    except UserFacing as exc:
        lang = StudyService.reply_lang(Turn(text=question))
        print(exc.message(lang), file=err or out, flush=True)
        return False
    if streamed:
        out.write("\n")
        if reply.notes or reply.model == "offline":
            # The streamed text was replaced (fallback) or corrected: show the final answer.
            print(reply.text, file=out)
    print(render_reply(reply, streamed=streamed) + "\n", file=out, flush=True)
    return True


def _prompt_reader(history_file: str | None) -> Callable[[], Awaitable[str]]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    history = FileHistory(history_file) if history_file else InMemoryHistory()
    session: PromptSession[str] = PromptSession(history=history)

    async def read() -> str:
        return await session.prompt_async("you › ")

    return read
