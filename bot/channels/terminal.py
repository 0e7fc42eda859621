"""The terminal chat: the same core service as Discord and Teams, rendered as plain text."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TextIO

from bot.channels.terminal_quiz import ReadLine, play, render_stats, stdin_reader
from bot.core.service import StudyService
from bot.kernel.errors import UserFacing
from bot.kernel.models import Reply, Turn
from bot.quiz.engine import Player, QuizEngine

QUIT_WORDS = frozenset({"/quit", "/exit", "/q", "/종료"})

WELCOME = (
    "StudyBot · Generative AI for Beginners, lesson 02 — ask in English or Korean.\n"
    "StudyBot · 생성형 AI 입문 2강 — 한국어나 영어로 질문하세요.\n"
    "/quiz [ko|en] [n] · /review · /stats · /quit"
)


def render_reply(reply: Reply, streamed: bool = False) -> str:
    """A reply as terminal text: the answer (unless already streamed), sources, model note."""
    lines: list[str] = []
    if not streamed:
        lines.append(reply.text)
    if reply.citations:
        lines.append("")
        lines.append("출처:" if reply.lang == "ko" else "Sources:")
        for c in reply.citations:
            lines.append(f"  {c.label()}")
            if c.url:
                lines.append(f"      {c.url}")
    lines.extend(f"({note})" for note in reply.notes)
    lines.append(f"· {reply.cost_note()} · {reply.latency_ms} ms")
    return "\n".join(lines)


async def run_chat(
    service: StudyService,
    history_file: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    quiz: Callable[[], QuizEngine] | None = None,
) -> int:
    """Read questions until `/quit` or end of input; answer each one.

    On a real terminal the prompt has line editing and history (arrow keys); piped input is
    read line by line, so the chat can also be scripted. `/quiz`, `/review` and `/stats`
    play quizzes in the same session (`quiz` builds the engine on first use).
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty() and out.isatty()
    read_line = _prompt_reader(history_file) if interactive else stdin_reader(stdin, out)
    print(WELCOME, file=out, flush=True)
    player = Player("local", platform="terminal", conversation_id="chat")
    while True:
        try:
            line = await read_line("you › ")
        except (EOFError, KeyboardInterrupt):
            break
        if line is None:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT_WORDS:
            break
        command, *rest = question.split()
        if quiz is not None and command.lower() in ("/quiz", "/review", "/stats", "/퀴즈", "/복습"):
            await _quiz_command(command.lower(), rest, quiz, player, read_line, out)
            continue
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
    shown: list[str] = []

    async def on_delta(delta: str) -> None:
        nonlocal streamed
        streamed = True
        shown.append(delta)
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
        if "".join(shown) != reply.text:
            # The streamed text was replaced (fallback) or corrected: show the final answer.
            print(reply.text, file=out)
    print(render_reply(reply, streamed=streamed) + "\n", file=out, flush=True)
    return True


async def _quiz_command(
    command: str,
    args: list[str],
    make_quiz: Callable[[], QuizEngine],
    player: Player,
    read_line: ReadLine,
    out: TextIO,
) -> None:
    quiz = await asyncio.to_thread(make_quiz)
    lang = next((a for a in args if a in ("ko", "en")), "en")
    n = next((int(a) for a in args if a.isdigit()), 5)
    if command == "/stats":
        stats = await asyncio.to_thread(quiz.stats, player.user_id)
        print(render_stats(stats, lang), file=out, flush=True)
        return
    await play(
        quiz,
        player,
        read_line,
        out,
        lang,
        max(1, min(n, 20)),
        review=command in ("/review", "/복습"),
    )


def _prompt_reader(history_file: str | None) -> ReadLine:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    history = FileHistory(history_file) if history_file else InMemoryHistory()
    session: PromptSession[str] = PromptSession(history=history)

    async def read(prompt: str) -> str | None:
        return await session.prompt_async(prompt)

    return read
