"""Quizzes in the terminal: `studybot quiz`, `studybot review`, `studybot stats`, and
`/quiz`, `/review`, `/stats` inside `studybot chat`. Plain text, Korean or English."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from bot.core import results
from bot.core.quizzes import (
    FEEDBACK,
    Feedback,
    Player,
    Question,
    QuizError,
    QuizState,
    Quizzes,
    Stats,
    feedback_text,
    progress_text,
)

ReadLine = Callable[[str], Awaitable[str | None]]
"""Shows a prompt and returns the typed line, or None at the end of input."""

QUIT = frozenset({"/quit", "/q", "/exit", "/종료", "/stop"})

TEXT = {
    "start": {
        "en": "Quiz: {n} questions. Type the number of your answer (/quit to pause).",
        "ko": "퀴즈: {n}문제. 답의 번호를 입력하세요 (/quit 입력 시 일시 중지).",
    },
    "resume": {
        "en": "Resuming your quiz at question {i} of {n} (score {score}).",
        "ko": "{n}문제 중 {i}번 문제부터 퀴즈를 이어갑니다 (점수 {score}).",
    },
    "multi": {
        "en": "(choose all that apply: numbers separated by commas, e.g. 1,3)",
        "ko": "(해당하는 것을 모두 고르세요: 쉼표로 구분한 번호, 예: 1,3)",
    },
    "short": {"en": "(type a short answer)", "ko": "(짧게 답을 입력하세요)"},
    "invalid": {
        "en": "Please answer with a number from 1 to {n}.",
        "ko": "1부터 {n} 사이의 번호로 답해 주세요.",
    },
    "paused": {
        "en": "Paused. Run the quiz again to continue where you left off.",
        "ko": "일시 중지했습니다. 다시 시작하면 이어서 풀 수 있습니다.",
    },
    "done": {
        "en": "Finished: {score} correct of {n}.",
        "ko": "완료: {n}문제 중 {score}문제 정답.",
    },
    "no_due": {
        "en": "Nothing to review right now — well done!",
        "ko": "지금 복습할 문제가 없습니다. 잘하고 있어요!",
    },
}


def say(key: str, lang: str, **values: Any) -> str:
    """A quiz message in `lang` (feedback lines come from `bot.quiz.texts`)."""
    if key in FEEDBACK:
        return feedback_text(key, lang, **values)
    text = TEXT[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


def render_question(state: QuizState) -> str:
    """The current question with numbered options."""
    q = state.question
    assert q is not None
    lines = [f"\n[{state.position + 1}/{state.total}] {q.prompt}"]
    if q.type == "short":
        lines.append(say("short", q.lang))
    else:
        lines.extend(f"  {i}) {text}" for i, text in enumerate(q.options(), start=1))
        if q.type == "multi":
            lines.append(say("multi", q.lang))
    return "\n".join(lines)


def parse_answer(question: Question, typed: str) -> Any:
    """What the student typed, as the engine's answer; None when it isn't a valid answer."""
    typed = typed.strip()
    if question.type == "short":
        return typed or None
    count = len(question.options())
    numbers = [int(n) for n in re.findall(r"\d+", typed)]
    if question.type == "true_false" and not numbers:
        lowered = typed.lower()
        if lowered in ("t", "true", "o", "참", "예", "yes", "y"):
            return True
        if lowered in ("f", "false", "x", "거짓", "아니오", "no", "n"):
            return False
        return None
    if not numbers or any(not 1 <= n <= count for n in numbers):
        return None
    if question.type == "multi":
        return sorted({n - 1 for n in numbers})
    if len(numbers) != 1:
        return None
    return numbers[0] == 1 if question.type == "true_false" else numbers[0] - 1


def render_feedback(fb: Feedback, lang: str) -> str:
    """Right or wrong, the explanation, and the section to read."""
    head = say("right", lang) if fb.correct else say("wrong", lang, answer=fb.correct_answer)
    lines = [head + (f" {say('duplicate', lang)}" if fb.duplicate else ""), fb.explanation]
    lines.append(say("read", lang, source=fb.source))
    if not fb.finished:  # the end has its own line
        lines.append(progress_text(fb.score, fb.position, fb.total, lang))
    return "\n".join(lines)


async def play(
    quiz: Quizzes,
    player: Player,
    read_line: ReadLine,
    out: TextIO,
    lang: str = "en",
    n: int = 5,
    review: bool = False,
    sections: list[str] | None = None,
) -> QuizState | None:
    """Play (or resume) a quiz until it ends or the student types /quit."""
    state = await quiz.active(player)
    if state is not None and not state.finished:
        lang = state.lang
        print(say("resume", lang, i=state.position + 1, n=state.total, score=state.score), file=out)
    else:
        try:
            state = await quiz.start(player, lang, n, review=review, sections=sections)
        except QuizError as exc:
            print(say("no_due", lang) if review else exc.message(lang), file=out)
            return None
        print(say("start", lang, n=state.total), file=out)
    while state.question is not None:
        question = state.question
        print(render_question(state), file=out, flush=True)
        line = await read_line("› ")
        if line is None or line.strip().lower() in QUIT:
            print(say("paused", lang), file=out)
            return state
        answer = parse_answer(question, line)
        if answer is None:
            print(say("invalid", lang, n=len(question.options())), file=out)
            continue
        fb = await quiz.answer(state.attempt_id, question.id, player.user_id, answer)
        print(render_feedback(fb, lang), file=out, flush=True)
        state = await quiz.state(state.attempt_id)
    print("\n" + say("done", lang, score=state.score, n=state.total), file=out, flush=True)
    return state


def render_stats(stats: Stats, lang: str) -> str:
    """A student's results, weakest sections first (the terminal's quiz command as hint)."""
    return results.render_stats(stats, lang, "studybot quiz")


def stdin_reader(stream: TextIO, out: TextIO) -> ReadLine:
    """A `ReadLine` over a plain stream (piped input, tests)."""

    async def read(prompt: str) -> str | None:
        out.write(prompt)
        out.flush()
        line = await asyncio.to_thread(stream.readline)
        return line.rstrip("\n") if line else None

    return read


class TerminalPoster:
    """Posts scheduled group quizzes to the terminal (for `studybot schedule run`)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    async def post_group_quiz(self, schedule: Any, state: QuizState) -> None:
        """Print the schedule's first question."""
        lang = state.lang
        head = "📣 예약된 퀴즈" if lang == "ko" else "📣 Scheduled quiz"
        print(f"{head} {schedule.id} → {schedule.conversation_id}", file=self.out)
        if state.question is not None:
            print(render_question(state), file=self.out, flush=True)
