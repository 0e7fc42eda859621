"""The application layer as a channel meets it: one object, one facade per use case.

Channels (Discord, Teams, the terminal, the web server) receive an `Application` from the
composition root and call only it: asking (`study`), quizzes (`quizzes`), scheduled quizzes
(`schedules`), model budgets (`budgets`), a student's data (`students`), conversation
references and activity claims (`conversations`), comparisons and health. None of them sees
an engine, a pool or a table; who may do what is decided here and in `classroom`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.core import class_schedules, classroom
from bot.core.commands import Command, read_command
from bot.core.compare import compare, compare_names
from bot.core.quizzes import Quizzes
from bot.core.service import StudyService, speaking
from bot.kernel.models import Reply, Turn
from bot.llm.client import DeltaFn
from bot.store import conversations as refs
from bot.store.inbox import Inbox, Pending, Verdict
from bot.store.privacy import export_user, forget_class, forget_user

log = logging.getLogger(__name__)


if TYPE_CHECKING:
    from bot.llm.budget import Allowance, BudgetKeeper

    # `Schedule as Schedule`: channels name the type from here (APScheduler loads lazily).
    from bot.quiz.schedule import QuizPoster, ScheduleService
    from bot.quiz.schedule import Schedule as Schedule
    from bot.rag.store import CourseStore


class Schedules:
    """Scheduled group quizzes of a class: add, list, remove; channels register posters."""

    def __init__(self, load: Callable[[], ScheduleService], default_timezone: str) -> None:
        self._load = load  # the service starts APScheduler's job store: built on first use
        self.default_timezone = default_timezone
        self._loaded: ScheduleService | None = None

    async def _service(self) -> ScheduleService:
        self._loaded = await asyncio.to_thread(self._load)
        return self._loaded

    @property
    def running_here(self) -> bool:
        """Whether this process fires the schedules (it holds the database lock)."""
        return self._loaded is not None and self._loaded.running

    async def add(
        self,
        request: class_schedules.ScheduleRequest,
        *,
        platform: str,
        conversation_id: str,
        class_id: str,
        lang: str,
        created_by: str,
    ) -> Schedule:
        """Store a schedule for this conversation; bad values raise `BadCommand`."""
        service = await self._service()
        return await asyncio.to_thread(
            lambda: class_schedules.add_schedule(
                service,
                request,
                platform=platform,
                conversation_id=conversation_id,
                class_id=class_id,
                lang=lang,
                default_timezone=self.default_timezone,
                created_by=created_by,
            )
        )

    async def of_class(self, class_id: str) -> list[tuple[Schedule, Any]]:
        """This class's schedules with their next due times."""
        service = await self._service()
        return await asyncio.to_thread(class_schedules.class_schedules, service, class_id)

    async def remove(self, schedule_id: str, class_id: str) -> bool:
        """Remove one of this class's schedules (another class's id counts as unknown)."""
        service = await self._service()
        return await asyncio.to_thread(
            class_schedules.remove_schedule, service, schedule_id, class_id
        )

    async def remove_class(self, class_id: str) -> int:
        """Remove every schedule of a class (and its job); how many went."""
        service = await self._service()

        def remove() -> int:
            return sum(
                service.remove(s.id) for s, _ in class_schedules.class_schedules(service, class_id)
            )

        return await asyncio.to_thread(remove)

    async def post_with(self, platform: str, poster: QuizPoster) -> None:
        """Let schedules of `platform` post through `poster` when they fire here."""
        service = await self._service()
        service.posters[platform] = poster

    async def start(self) -> bool:
        """Run the scheduler in this process if it wins the database lock."""
        service = await self._service()
        return await service.start()

    async def shutdown(self) -> None:
        """Stop firing schedules here (the lock passes to another process)."""
        service = await self._service()
        await service.shutdown()


class Budgets:
    """What a student may still spend on models; a class's limits, set by its teachers."""

    def __init__(self, keeper: BudgetKeeper | None) -> None:
        self._keeper = keeper

    @property
    def enabled(self) -> bool:
        """False when StudyBot keeps no budgets (no database for them)."""
        return self._keeper is not None

    def _require(self) -> BudgetKeeper:
        if self._keeper is None:
            raise classroom.BadCommand(
                en="Budgets are not enabled.", ko="예산 기능이 꺼져 있습니다."
            )
        return self._keeper

    async def allowances(self, turn: Turn) -> list[Allowance]:
        """The asker's limits and what is left of each."""
        keeper = self._require()
        return await asyncio.to_thread(keeper.allowances, StudyService.who(turn))

    async def set_limits(
        self, turn: Turn, class_monthly_usd: float | None, student_daily_usd: float | None
    ) -> tuple[float, float]:
        """A teacher sets the class's monthly and/or each student's daily limit."""
        classroom.require_teacher(turn.role in ("teacher", "admin"), turn.platform)
        keeper = self._require()
        return await asyncio.to_thread(
            keeper.set_class_limits,
            turn.class_id,
            turn.user_id,
            class_monthly_usd,
            student_daily_usd,
        )

    async def class_report(self, class_id: str) -> dict[str, Any]:
        """A class's spending this month, by student and by model."""
        keeper = self._require()
        return await asyncio.to_thread(keeper.class_report, class_id)


class StudentData:
    """A student's (or, for teachers, a class's) stored data: exported or forgotten."""

    def __init__(
        self,
        engine: Engine,
        schedules: Schedules,
        people: People,
        settled: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._engine = engine
        self._schedules = schedules
        self._people = people
        # Ledger rows are written after the reply: wait for them, or one could land after
        # the forgetting and name the student again.
        self._settled = settled

    async def export(self, user_id: str) -> dict[str, Any]:
        """Everything stored about the student."""
        return await asyncio.to_thread(export_user, self._engine, user_id)

    async def export_json(self, user_id: str) -> str:
        """The export as indented JSON text (Korean kept readable)."""
        data = await self.export(user_id)
        return json.dumps(data, ensure_ascii=False, indent=1)

    async def forget(self, user_id: str) -> dict[str, int]:
        """Delete the student's rows; counts per kind."""
        if self._settled is not None:
            await self._settled()
        self._people.forget(user_id)
        return await asyncio.to_thread(forget_user, self._engine, user_id)

    async def forget_class(self, turn: Turn) -> dict[str, int]:
        """A teacher deletes their class: its schedules (and jobs), then its rows."""
        classroom.require_teacher(turn.role in ("teacher", "admin"), turn.platform)
        if self._settled is not None:
            await self._settled()
        removed = await self._schedules.remove_class(turn.class_id)
        counts = await asyncio.to_thread(forget_class, self._engine, turn.class_id)
        counts["schedules"] = removed
        return counts


class Conversations:
    """Where each conversation lives (for proactive posts), which activities were handled,
    and the inbox of acknowledged activities (nothing acknowledged is lost in a crash)."""

    def __init__(self, engine: Engine, inbox_lease_s: float = 90.0) -> None:
        self._engine = engine
        self._claims = refs.ActivityClaims(engine)
        self._inbox = Inbox(engine, timedelta(seconds=inbox_lease_s))
        self.inbox_lease_s = inbox_lease_s
        # The inbox write stands between a request and its 202. Arrivals are written in
        # groups (one transaction for all that came in meanwhile) by a thread of their own:
        # one write per activity, each waiting for a worker thread and the GIL behind a
        # burst's searches, put the ack's p50 at 2.3 s with 50 questions at once.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbox")
        self._arrivals: list[tuple[tuple[str, str, str, str], asyncio.Future[Verdict]]] = []
        self._flushing = False
        self._flusher: asyncio.Task[None] | None = None
        self._known: dict[tuple[str, str], str] = {}

    async def accept(
        self, platform: str, conversation_id: str, activity_id: str, activity: str
    ) -> Verdict:
        """Store an activity before it is acknowledged (see `bot.store.inbox`)."""
        future: asyncio.Future[Verdict] = asyncio.get_running_loop().create_future()
        self._arrivals.append(((platform, conversation_id, activity_id, activity), future))
        if not self._flushing:
            self._flushing = True
            # Held here: the loop keeps only a weak reference to a task.
            self._flusher = asyncio.get_running_loop().create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._arrivals:
                batch, self._arrivals = self._arrivals, []
                try:
                    verdicts = await loop.run_in_executor(
                        self._writer, self._inbox.accept_many, [item for item, _ in batch]
                    )
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), verdict in zip(batch, verdicts, strict=True):
                    if not future.done():
                        future.set_result(verdict)
        finally:
            self._flushing = False

    async def done(self, platform: str, conversation_id: str, activity_id: str) -> None:
        """The activity's effect is committed."""
        await asyncio.to_thread(self._inbox.done, platform, conversation_id, activity_id)

    async def failed(self, platform: str, conversation_id: str, activity_id: str) -> None:
        """Processing raised: to be retried (a bounded number of times)."""
        await asyncio.to_thread(self._inbox.failed, platform, conversation_id, activity_id)

    async def unfinished(self, platform: str) -> list[Pending]:
        """Acknowledged activities whose process died before finishing, now claimed here."""
        return await asyncio.to_thread(self._inbox.reclaim, platform)

    async def inbox_counts(self, platform: str) -> dict[str, int]:
        """Inbox rows by status."""
        return await asyncio.to_thread(self._inbox.counts, platform)

    async def remember(self, platform: str, conversation_id: str, reference: str) -> None:
        """Store a conversation's serialised reference (skipped when unchanged)."""
        key = (platform, conversation_id)
        if self._known.get(key) == reference:
            return
        self._known[key] = reference
        await asyncio.to_thread(
            refs.save_reference, self._engine, platform, conversation_id, reference
        )

    async def with_history(self, turn: Turn) -> Turn:
        """`turn` with its conversation's recent questions as its history, where the
        platform gives none (Teams): a follow-up leans on them."""
        if turn.history:
            return turn
        try:
            earlier = await asyncio.to_thread(
                refs.recent_question_texts, self._engine, turn.platform, turn.conversation_id
            )
        except SQLAlchemyError as exc:
            # The memory helps a follow-up; the question is answered without it.
            log.warning("recent questions not read, answered alone: %s", type(exc).__name__)
            return turn
        return replace(turn, history=tuple(("user", text) for text in earlier))

    async def asked(self, turn: Turn) -> None:
        """Keep `turn`'s question for its conversation's follow-ups (see `with_history`).
        Best effort: a database that cannot take it must not hold back the answer."""
        try:
            await asyncio.to_thread(
                refs.remember_question,
                self._engine,
                turn.platform,
                turn.conversation_id,
                turn.user_id,
                turn.class_id,
                turn.text,
            )
        except SQLAlchemyError as exc:
            log.warning("question not kept for follow-ups: %s", type(exc).__name__)

    async def reference(self, platform: str, conversation_id: str) -> str | None:
        """A conversation's stored reference, or None."""
        return await asyncio.to_thread(refs.load_reference, self._engine, platform, conversation_id)

    async def claim(self, platform: str, conversation_id: str, activity_id: str) -> bool:
        """True the first time an activity of this conversation is claimed (any process).

        The key is the conversation and the activity id: ids are unique only within one
        conversation.
        """
        key = f"{platform}:{conversation_id}:{activity_id}"
        return await asyncio.to_thread(self._claims.claim, key)


class People:
    """Display names, so that channels show "Amy", never a platform id."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._known: dict[str, str] = {}

    async def remember(self, user_id: str, name: str | None) -> None:
        """Keep the name the platform sent with this user's message (if it changed)."""
        clean = classroom.clean_name(name or "")
        if not clean or self._known.get(user_id) == clean:
            return
        self._known[user_id] = clean
        await asyncio.to_thread(refs.save_name, self._engine, user_id, clean)

    def forget(self, user_id: str) -> None:
        """Drop a forgotten student's name from this process's cache too."""
        self._known.pop(user_id, None)

    async def names(self, user_ids: Sequence[str]) -> dict[str, str]:
        """user id -> display name, for those that have one."""
        return await asyncio.to_thread(refs.load_names, self._engine, list(dict.fromkeys(user_ids)))


class Health:
    """What `/readyz` reports: the course index, the database, the models."""

    def __init__(self, store: CourseStore, engine: Engine, models: Sequence[str]) -> None:
        self._store = store
        self._engine = engine
        self._models = list(models)

    async def check(self, timeout_s: float = 5.0) -> tuple[bool, dict[str, Any]]:
        """(ready, checks): ready when the store has chunks and the database answers."""

        def database() -> None:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        checks: dict[str, Any] = {}
        probes: dict[str, Callable[[], Any]] = {"store": self._store.count, "database": database}
        for name, probe in probes.items():
            start = time.perf_counter()
            try:
                result = await asyncio.wait_for(asyncio.to_thread(probe), timeout=timeout_s)
                checks[name] = {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
                if name == "store":
                    checks[name]["chunks"] = result
            except Exception as exc:
                checks[name] = {"ok": False, "error": type(exc).__name__}
        checks["models"] = {"ok": True, "configured": self._models or ["offline"]}
        ready = all(c["ok"] for c in checks.values()) and checks["store"].get("chunks", 0) > 0
        return ready, checks


@dataclass
class Application:
    """Everything a channel may call. Built by `bot.app.App.core`."""

    settings: Settings
    study: StudyService
    quizzes: Quizzes
    schedules: Schedules
    budgets: Budgets
    students: StudentData
    conversations: Conversations
    people: People
    health: Health
    models: list[str] = field(default_factory=list)
    close: Callable[[], Awaitable[None]] | None = None

    def is_teacher(self, user_id: str) -> bool:
        """Configured as a teacher (`STUDYBOT_TEACHERS`), whatever the platform says."""
        return self.settings.is_teacher(user_id)

    def read_command(
        self, turn: Turn, words: Mapping[str, str], button: str | None = None
    ) -> Command:
        """A typed message (or a card's `button`) as a request: the use case, its options,
        the reply's language, and the turn with the role configured for its user
        (see `bot.core.commands`)."""
        return read_command(turn, words, button, self.is_teacher(turn.user_id))

    async def ask(self, turn: Turn, on_delta: DeltaFn | None = None) -> Reply:
        """Answer a question (see `StudyService.ask`)."""
        return await self.study.ask(turn, on_delta)

    def refusal(self, turn: Turn) -> str | None:
        """What `ask` would answer instead of an answer right now (bad input, too many or too
        quick questions), in the turn's language; None when the question would be answered.
        Nothing is recorded."""
        refused = self.study.refusal(turn)
        return None if refused is None else refused.message()

    def will_refuse(self, turn: Turn) -> bool:
        """Whether `ask` would refuse this turn now (see `refusal`)."""
        return self.study.will_refuse(turn)

    def compare_models(self, requested: str = "") -> list[str]:
        """The models a comparison uses: `requested` (comma-separated) or the catalog's first
        four; an unknown name raises `BadCommand` naming the known ones."""
        return compare_names(requested, sorted(self.models))

    async def compare(self, turn: Turn, question: str, names: list[str]) -> dict[str, Any]:
        """The same question answered by each model of `names` (see `compare_models`)."""
        with speaking(turn):
            return await compare(self.study, question, names, StudyService.who(turn))

    async def aclose(self) -> None:
        """Close every client of the process (the composition root's)."""
        if self.close is not None:
            await self.close()
