"""Quizzes as the channels use them: start, answer, follow, results and group quizzes.

A facade over the quiz engine (`bot/quiz/`): every method is a coroutine that runs the
blocking engine work (SQL, bank loading on first use) in a worker thread, so a channel never
blocks its event loop and never holds the engine itself. The result types a channel renders
(`QuizState`, `Feedback`, `GroupResult`, `Stats`, `Question`) are re-exported from here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from bot.quiz.bank import Question
from bot.quiz.engine import (
    Feedback,
    GroupResult,
    Player,
    QuizEngine,
    QuizError,
    QuizState,
)
from bot.quiz.group import GroupPoster, resume_group_quizzes, run_group_quiz
from bot.quiz.progress import Period, SectionStat, Stats
from bot.quiz.texts import FEEDBACK, feedback_text, progress_text

__all__ = [
    "FEEDBACK",
    "Feedback",
    "GroupPoster",
    "GroupResult",
    "Period",
    "Player",
    "Question",
    "QuizError",
    "QuizState",
    "Quizzes",
    "SectionStat",
    "Stats",
    "feedback_text",
    "progress_text",
]


class Quizzes:
    """Solo quizzes, reviews, group quizzes, stats and leaderboards."""

    def __init__(
        self,
        load: Callable[[], QuizEngine],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # The engine validates every bank when built; `load` builds it on first use.
        self._load = load
        self.group_sleep = sleep
        """How a group question's time is waited out (tests drive it instead of the clock)."""

    async def _engine(self) -> QuizEngine:
        return await asyncio.to_thread(self._load)

    async def start(
        self,
        player: Player,
        lang: str,
        n: int = 5,
        *,
        review: bool = False,
        sections: Sequence[str] | None = None,
    ) -> QuizState:
        """A solo quiz of `n` questions, or a review of the student's due cards."""
        engine = await self._engine()
        if review:
            return await asyncio.to_thread(engine.start_review, player, lang, n)
        return await asyncio.to_thread(engine.start_solo, player, lang, n, None, sections)

    async def start_group(
        self, player: Player, lang: str, n: int = 5, time_limit_s: float = 30.0
    ) -> QuizState:
        """A timed group quiz in the player's conversation (run it with `run_group`)."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.start_group, player, lang, n, time_limit_s)

    async def active(self, player: Player) -> QuizState | None:
        """The player's unfinished solo or review quiz in this conversation."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.active, player)

    async def question(self, question_id: str) -> Question | None:
        """A bank question by id (None when the banks no longer hold it)."""
        engine = await self._engine()
        return engine.banks.questions.get(question_id)

    async def answer(
        self, attempt_id: str, question_id: str, user_id: str, answer: Any
    ) -> Feedback:
        """Grade and record an answer, once per (attempt, question, user)."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.answer, attempt_id, question_id, user_id, answer)

    async def state(self, attempt_id: str) -> QuizState:
        """Where an attempt stands: its current question, score, whether it finished."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.state, attempt_id)

    async def due(self, user_id: str, lang: str | None = None) -> list[str]:
        """The ids of the student's review cards that are due now."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.reviews.due, user_id, lang)

    async def stats(self, user_id: str) -> Stats:
        """A student's results: answers, accuracy per section, streak, due cards."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.progress.stats, user_id)

    async def leaderboard(
        self, class_id: str, period: Period = "week"
    ) -> list[tuple[str, int, int]]:
        """(user, points, answers) of one class, best first."""
        engine = await self._engine()
        return await asyncio.to_thread(engine.progress.leaderboard, class_id, period)

    async def run_group(
        self, poster: GroupPoster, target: Any, state: QuizState, time_limit_s: float
    ) -> QuizState:
        """Run a started group quiz to its end: each question, its time, its results."""
        engine = await self._engine()
        return await run_group_quiz(
            engine, poster, target, state, time_limit_s, sleep=self.group_sleep
        )

    async def resume_groups(
        self, posters: Mapping[str, GroupPoster]
    ) -> list[asyncio.Task[QuizState]]:
        """Carry on the group quizzes of these platforms that a restart interrupted."""
        engine = await self._engine()
        return await resume_group_quizzes(engine, posters, self.group_sleep)
