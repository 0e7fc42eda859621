"""Running a group quiz to the end: post a question, wait its time limit, post the results.

Channel-neutral: the channel supplies a `GroupPoster`. The quiz's position and answers are in
the database, so a question's results are the same whichever process closes it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from bot.quiz.engine import GroupResult, QuizEngine, QuizState

log = logging.getLogger(__name__)


class GroupPoster(Protocol):
    """What a channel implements to host group quizzes."""

    async def post_question(self, target: Any, state: QuizState) -> None:
        """Post the current question (with its answer buttons) into the conversation."""

    async def post_results(self, target: Any, result: GroupResult, state: QuizState) -> None:
        """Post a closed question's results; `state` is the quiz after it (maybe finished)."""


async def run_group_quiz(
    quiz: QuizEngine, poster: GroupPoster, target: Any, state: QuizState, time_limit_s: float
) -> QuizState:
    """Drive a started group quiz through all its questions."""
    while state.question is not None:
        await poster.post_question(target, state)
        await asyncio.sleep(time_limit_s)
        result = await asyncio.to_thread(quiz.close_question, state.attempt_id)
        state = await asyncio.to_thread(quiz.state, state.attempt_id)
        await poster.post_results(target, result, state)
    return state
