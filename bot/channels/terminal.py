"""The terminal chat: the same core service as Discord and Teams, rendered as plain text."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.channels.terminal_quiz import ReadLine, play, render_stats, stdin_reader
from bot.core.quizzes import Player, Quizzes
from bot.core.service import StudyService
from bot.kernel.errors import UserFacing
from bot.kernel.lang import detect_lang, reply_lang
from bot.kernel.models import Lang, Reply, Turn

QUIT_WORDS = frozenset({"/quit", "/exit", "/q", "/종료"})
HISTORY_TURNS = 3
"""Exchanges of the chat a question may lean on (as a Discord thread's last messages)."""

WELCOME = (
    "StudyBot · Generative AI for Beginners, lesson 02 — ask in English or Korean.\n"
    "StudyBot · 생성형 AI 입문 2강 — 한국어나 영어로 질문하세요.\n"
    "/help · /quiz [ko|en] [n] · /review · /stats · /quit"
)

HELP = {
    "en": (
        "Ask anything about lesson 02 in English or Korean; answers quote the lesson and link "
        "to its sections.\n"
        "  /quiz [ko|en] [n]  a knowledge-check quiz (n questions, 5 by default)\n"
        "  /review            the questions you got wrong, when they are due again\n"
        "  /stats             your answers, score and streak\n"
        "  /help              this list\n"
        "  /quit              leave the chat"
    ),
    "ko": (
        "2강 내용을 한국어나 영어로 자유롭게 질문하세요. 답변은 강의 내용을 인용하고 해당 섹션 "
        "링크를 함께 보여 줍니다.\n"
        "  /퀴즈 [ko|en] [n]   지식 점검 퀴즈 (n문제, 기본 5문제)\n"
        "  /복습               틀린 문제를 복습할 때가 되면 다시 풀기\n"
        "  /stats              내 답변 수, 점수, 연속 기록\n"
        "  /도움말             이 목록\n"
        "  /종료               채팅 끝내기"
    ),
}
UNKNOWN = {
    "en": "Unknown command {command}. Type /help to see what the chat can do.",
    "ko": "알 수 없는 명령어입니다: {command}. /도움말 을 입력하면 사용할 수 있는 명령어를 볼 수 "
    "있습니다.",
}
QUIZ_COMMANDS = frozenset({"/quiz", "/review", "/stats", "/퀴즈", "/복습"})
HELP_COMMANDS = frozenset({"/help", "/도움말", "/?"})


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
    quiz: Quizzes | None = None,
) -> int:
    """Read questions until `/quit` or end of input; answer each one.

    On a real terminal the prompt has line editing and history (arrow keys); piped input is
    read line by line, so the chat can also be scripted. `/quiz`, `/review` and `/stats`
    play quizzes in the same session (`quiz` loads the banks on first use).
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty() and out.isatty()
    read_line = _prompt_reader(history_file) if interactive else stdin_reader(stdin, out)
    print(WELCOME, file=out, flush=True)
    mode, why = service.settings.answer_mode()
    if mode == "offline":
        print(
            f"Answer mode: offline — {why}.\n"
            "답변 방식: 오프라인 — 설정된 모델이 없어 강의 자료를 그대로 인용합니다.",
            file=out,
            flush=True,
        )
    else:
        print(f"Answer mode: {why} · 답변 방식: 모델 사용", file=out, flush=True)
    player = Player("local", platform="terminal", conversation_id="chat")
    lang: Lang = "en"  # the conversation's language: that of the last question asked
    # The chat's recent turns: "what are its downsides?" leans on the question before it.
    history: list[tuple[str, str]] = []
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
        if command.startswith("/"):
            # Commands never go to the course search: "/foo" is not a question.
            name = command.lower()
            if name in HELP_COMMANDS:
                print(HELP["ko" if name == "/도움말" else lang], file=out, flush=True)
            elif quiz is not None and name in QUIZ_COMMANDS:
                await _quiz_command(name, rest, quiz, player, read_line, out, lang)
            else:
                print(UNKNOWN[lang].format(command=command), file=out, flush=True)
            continue
        lang = detect_lang(question, default=lang)
        await answer_and_print(service, question, out, history=history)
    print("Bye! · 안녕히 가세요!", file=out, flush=True)
    return 0


async def answer_and_print(
    service: StudyService,
    question: str,
    out: TextIO,
    err: TextIO | None = None,
    history: list[tuple[str, str]] | None = None,
) -> bool:
    """Answer one question on `out`, streaming a generated answer as it arrives.

    `history`: the conversation so far (`user` / `assistant` turns, oldest first); the
    question and its answer are added to it. Returns False when the question was refused as
    bad input (empty, too long).
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
        turn = Turn(text=question, history=tuple(history[-HISTORY_TURNS * 2 :]) if history else ())
        reply = await service.ask(turn, on_delta=on_delta)
    except UserFacing as exc:
        lang = reply_lang(Turn(text=question))
        print(exc.message(lang), file=err or out, flush=True)
        return False
    if streamed:
        out.write("\n")
        if "".join(shown) != reply.text:
            # The streamed text was replaced (fallback) or corrected: show the final answer.
            print(reply.text, file=out)
    print(render_reply(reply, streamed=streamed) + "\n", file=out, flush=True)
    if history is not None:
        history += [("user", question), ("assistant", reply.text)]
        del history[: -HISTORY_TURNS * 2]
    return True


async def _quiz_command(
    command: str,
    args: list[str],
    quiz: Quizzes,
    player: Player,
    read_line: ReadLine,
    out: TextIO,
    conversation_lang: Lang = "en",
) -> None:
    # Korean command names, or the language the conversation is in, unless one is given.
    default: Lang = "ko" if command in ("/퀴즈", "/복습") else conversation_lang
    lang = next((a for a in args if a in ("ko", "en")), default)
    n = next((int(a) for a in args if a.isdigit()), 5)
    if command == "/stats":
        stats = await quiz.stats(player.user_id)
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
