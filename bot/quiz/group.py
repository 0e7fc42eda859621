"""Running a group quiz to the end: post a question, wait its time limit, post the results.

Channel-neutral: the channel supplies a `GroupPoster`. The quiz's position and answers are in
the database, so a question's results are the same whichever process closes it, and a quiz
interrupted by a restart resumes with what was left of its open question's time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
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
    quiz: QuizEngine,
    poster: GroupPoster,
    target: Any,
    state: QuizState,
    time_limit_s: float,
    first_wait_s: float | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> QuizState:
    """Drive a started group quiz through all its questions.

    `first_wait_s` resumes a quiz whose current question is already posted: wait what is
    left of its time, then carry on as usual. `sleep` waits out a question's time (tests
    drive it instead of the clock).
    """
    wait = first_wait_s
    while state.question is not None:
        if wait is None:
            await poster.post_question(target, state)
            wait = time_limit_s
        await sleep(wait)
        wait = None
        result = await asyncio.to_thread(quiz.close_question, state.attempt_id, state.position)
        if result is None:
            log.info("group quiz %s: question closed by another runner", state.attempt_id)
            return state
        state = await asyncio.to_thread(quiz.state, state.attempt_id)
        await poster.post_results(target, result, state)
    return state


async def resume_group_quizzes(
    quiz: QuizEngine,
    posters: Mapping[str, GroupPoster],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[asyncio.Task[QuizState]]:
    """Resume the group quizzes that were running on these platforms when the process stopped.

    Safe with several processes: each question is closed by exactly one runner.
    """
    open_quizzes = await asyncio.to_thread(quiz.open_group_quizzes, list(posters))
    tasks = []
    for open_quiz in open_quizzes:
        poster = posters[open_quiz.platform]
        log.info(
            "resuming group quiz %s in %s (%.0f s left on question %d)",
            open_quiz.state.attempt_id,
            open_quiz.conversation_id,
            open_quiz.seconds_left,
            open_quiz.state.position + 1,
        )
        tasks.append(
            asyncio.create_task(
                run_group_quiz(
                    quiz,
                    poster,
                    open_quiz.conversation_id,
                    open_quiz.state,
                    open_quiz.time_limit_s,
                    first_wait_s=open_quiz.seconds_left,
                    sleep=sleep,
                )
            )
        )
    return tasks
