"""Group quizzes in Teams channels: each question as a card, replaced by its results when
it closes; scheduled quizzes start here, and quizzes a restart interrupted resume here."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from bot.channels.teams.cards import question_card, results_card
from bot.channels.teams.proactive import Proactive
from bot.core.application import People
from bot.core.quizzes import GroupResult, QuizState, Quizzes

if TYPE_CHECKING:
    from bot.core.application import Schedule

log = logging.getLogger(__name__)


class TeamsGroupQuizzes:
    """`GroupPoster` and `QuizPoster` for Teams conversations."""

    def __init__(self, quizzes: Quizzes, people: People, proactive: Proactive) -> None:
        self.quizzes = quizzes
        self.people = people
        self.proactive = proactive
        self._question_cards: dict[str, str] = {}
        """attempt id -> the activity id of its open question's card (updated with results)."""
        self._tasks: set[asyncio.Task[Any]] = set()

    def _track(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        """Run a scheduled group quiz in a stored conversation: questions, then results."""

        async def run() -> None:
            try:
                await self.quizzes.run_group(
                    self, schedule.conversation_id, state, schedule.time_limit_s
                )
            except Exception:
                log.exception(
                    "group quiz %s in %s failed", state.attempt_id, schedule.conversation_id
                )

        self._track(asyncio.create_task(run()))

    async def post_question(self, target: Any, state: QuizState) -> None:
        """`GroupPoster`: the current question, with its buttons."""
        if state.question is not None:
            activity_id = await self.proactive.post(str(target), question_card(state, group=True))
            if activity_id:
                self._question_cards[state.attempt_id] = activity_id

    async def post_results(self, target: Any, result: GroupResult, state: QuizState) -> None:
        """`GroupPoster`: a closed question's results, shown in place of its question card."""
        question = await self.quizzes.question(result.question_id)
        names = await self.people.names(result.scorers)
        card_id = self._question_cards.pop(state.attempt_id, None)
        if card_id is not None:
            prompt = question.prompt if question else None
            card = results_card(result, state.lang, names, prompt=prompt)
            try:
                await self.proactive.post(str(target), card, replace_id=card_id)
                return
            except Exception as exc:
                # An edited or deleted card can't be updated: post the results instead.
                log.info("could not update the question card (%s); posting", type(exc).__name__)
        await self.proactive.post(str(target), results_card(result, state.lang, names))

    async def resume(self) -> None:
        """Carry on the Teams group quizzes that a restart interrupted."""
        for task in await self.quizzes.resume_groups({"teams": self}):
            self._track(task)

    async def drain(self, grace_s: float) -> None:
        """Wait (bounded) for running quizzes; they resume after a restart anyway."""
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=grace_s)
