"""The Teams channel: Bot Framework activities in, Adaptive Cards out.

Everything Bot Framework-specific stays in this module (and `teams_cards.py`), so a move to
Microsoft's successor SDK touches nothing else. The HTTP edge is hardened here too:
botbuilder answers a garbage token with a 500 and a wrong content type with a traceback;
we answer 401, 415, 400 and 413, and never let an exception reach the response.

Teams redelivers an activity it thinks timed out, so the edge acknowledges at once, handles
each activity id once (persisted, with expiry), and sends the answer proactively when ready.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from aiohttp import web
from botbuilder.core import ActivityHandler, CardFactory, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, ConversationReference
from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from bot.channels.teams_cards import (
    SUBMIT_KIND,
    answer_card,
    feedback_card,
    question_card,
    results_card,
    submitted_answer,
)
from bot.core import classroom
from bot.kernel.errors import RateLimited, UserFacing
from bot.kernel.lang import detect_lang, is_hangul, locale_lang
from bot.kernel.models import Turn
from bot.quiz.engine import GroupResult, Player, QuizError, QuizState
from bot.quiz.group import resume_group_quizzes, run_group_quiz
from bot.store.db import conversation_refs, processed_activities, write_transaction

if TYPE_CHECKING:
    from bot.app import App
    from bot.quiz.schedule import Schedule

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
ACTIVITY_TTL = timedelta(hours=24)

HELP = {
    "en": (
        "**StudyBot** — lesson 02, *Exploring and comparing different LLMs*.\n\n"
        "- `ask <question>` (or just type it): an answer with its sources; end with `premium` "
        "for the premium model\n- `quiz [ko|en] [n]`: a quiz with buttons\n"
        "- `review`: your due review cards\n- `stats`: your results\n"
        "- `leaderboard [week|month|all]`\n- `budget`: what you may still spend on models\n"
        "- `compare <question>`: the same question answered by several models\n"
        "- `mydata`: what StudyBot stores about you (personal chat) · `forget`: delete it\n"
        "- `help`\n\nTeachers: `budget class <USD>`, `budget student <USD>`, "
        "`schedule add every <minutes> [n] [ko|en] [time=<s>]`, "
        "`schedule add cron <m h dom mon dow> …`, `schedule list`, `schedule remove <id>`, "
        "`forget class`"
    ),
    "ko": (
        "**StudyBot** — 2강 *다양한 LLM 탐색 및 비교*.\n\n"
        "- `ask <질문>` (또는 질문만 입력): 출처와 함께 답변, 끝에 `premium`을 붙이면 프리미엄 "
        "모델\n- `quiz [ko|en] [n]`: 버튼으로 푸는 퀴즈\n- `review`: 복습할 문제\n"
        "- `stats`: 내 결과\n- `leaderboard [week|month|all]`: 순위\n"
        "- `budget`: 남은 모델 사용 예산\n"
        "- `compare <질문>`: 같은 질문을 여러 모델로 비교\n"
        "- `mydata`: 내 데이터 보기 (개인 채팅) · `forget`: 내 데이터 삭제\n- `help`: 도움말\n\n"
        "선생님: `budget class <USD>`, `budget student <USD>`, "
        "`schedule add every <분> [문제 수] [ko|en] [time=<초>]`, "
        "`schedule add cron <분 시 일 월 요일> …`, `schedule list`, `schedule remove <id>`, "
        "`forget class`"
    ),
}
COMMANDS = {
    "help": "help", "도움말": "help", "ask": "ask", "질문": "ask", "quiz": "quiz", "퀴즈": "quiz",
    "review": "review", "복습": "review", "stats": "stats", "통계": "stats",
    "leaderboard": "leaderboard", "순위": "leaderboard", "budget": "budget", "예산": "budget",
    "compare": "compare", "비교": "compare", "schedule": "schedule", "예약": "schedule",
    "mydata": "mydata", "내데이터": "mydata", "forget": "forget", "데이터삭제": "forget",
}  # fmt: skip
FORGET_KIND = "studybot.forget"


class StudyTeamsBot(ActivityHandler):  # type: ignore[misc]  # untyped SDK base
    """Turns Teams messages into core calls and renders the results as Adaptive Cards."""

    def __init__(self, app: App, refs: ConversationRefs) -> None:
        self.app = app
        self.refs = refs
        self._pending: set[asyncio.Future[Any]] = set()

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        await self.refs.save(turn_context.activity)

    async def on_installation_update(self, turn_context: TurnContext) -> None:
        await self.refs.save(turn_context.activity)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        # Remembering the conversation must not delay the answer.
        self._background(self.refs.save(activity))
        turn = to_turn(activity)
        if self.app.settings.is_teacher(turn.user_id):
            # Teams activities carry no roles: teachers are configured (STUDYBOT_TEACHERS).
            turn = replace(turn, role="teacher")
        lang = detect_lang(turn.text, default=locale_lang(turn.locale) or "en")
        try:
            value = activity.value if isinstance(activity.value, dict) else None
            if value and value.get("kind") == SUBMIT_KIND:
                await self._quiz_answer(turn_context, turn, value, lang)
                return
            if value and value.get("kind") == FORGET_KIND:
                await self._forget_confirmed(turn_context, turn, value, lang)
                return
            command, _, rest = turn.text.strip().partition(" ")
            action = COMMANDS.get(command.lower())
            if action is not None and action != "ask":
                # Command words are mostly English: the words after them, a Korean command
                # word, or else the user's Teams locale decide the language of the reply.
                fallback = "ko" if not command.isascii() else locale_lang(turn.locale) or "en"
                if action == "compare":  # the rest is a question, in its own language
                    lang = detect_lang(rest, default=fallback)
                else:  # options such as `class 5`: Korean only if they are written in it
                    lang = "ko" if any(is_hangul(ch) for ch in rest) else fallback
            if action is None:
                await self._ask(turn_context, turn, turn.text)
            elif action == "help":
                await turn_context.send_activity(MessageFactory.text(HELP[lang]))
            elif action == "ask":
                await self._ask(turn_context, turn, rest)
            elif action in ("quiz", "review"):
                await self._quiz(turn_context, turn, rest, review=action == "review")
            elif action == "stats":
                await self._stats(turn_context, turn, lang)
            elif action == "leaderboard":
                await self._leaderboard(turn_context, turn, rest, lang)
            elif action == "budget":
                await self._budget(turn_context, turn, rest, lang)
            elif action == "compare":
                await self._compare(turn_context, turn, rest, lang)
            elif action == "schedule":
                await self._schedule(turn_context, turn, rest, lang)
            elif action == "mydata":
                await self._mydata(turn_context, turn, lang)
            elif action == "forget":
                await self._forget(turn_context, turn, rest, lang)
        except RateLimited as exc:
            if exc.notify:  # one notice per window; the rest of a flood gets no reply
                await turn_context.send_activity(MessageFactory.text(exc.message(lang)))
        except UserFacing as exc:
            await turn_context.send_activity(MessageFactory.text(exc.message(lang)))
        except QuizError as exc:
            await turn_context.send_activity(MessageFactory.text(exc.message(lang)))

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _ask(self, ctx: TurnContext, turn: Turn, text: str) -> None:
        # Show "typing…" while the answer is prepared, without waiting for the round trip.
        typing = asyncio.ensure_future(ctx.send_activity(Activity(type=ActivityTypes.typing)))
        try:
            reply = await self.app.service.ask(_with_text(turn, text))
        finally:
            await typing  # keep the order: typing, then the answer (or the error)
        await ctx.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(answer_card(reply)))
        )

    async def _quiz(self, ctx: TurnContext, turn: Turn, rest: str, review: bool) -> None:
        words = rest.split()
        lang = next((w for w in words if w in ("ko", "en")), None) or (
            locale_lang(turn.locale) or "en"
        )
        n = next((int(w) for w in words if w.isdigit()), 5)
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        player = _player(turn)
        start = quiz.start_review if review else quiz.start_solo
        state = await asyncio.to_thread(start, player, lang, max(1, min(n, 20)))
        await self._send_question(ctx, state)

    async def _send_question(self, ctx: TurnContext, state: QuizState) -> None:
        if state.question is not None:
            card = CardFactory.adaptive_card(question_card(state))
            await ctx.send_activity(MessageFactory.attachment(card))

    async def _quiz_answer(
        self, ctx: TurnContext, turn: Turn, value: dict[str, Any], lang: str
    ) -> None:
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        question = quiz.banks.questions.get(str(value.get("question")))
        if question is None:
            raise QuizError(
                "unknown_question", "That question no longer exists.", "해당 문제가 없습니다."
            )
        answer = submitted_answer(value, question.type)
        fb = await asyncio.to_thread(
            quiz.answer, str(value.get("attempt")), question.id, turn.user_id, answer
        )
        await ctx.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(feedback_card(fb, question.lang)))
        )
        if not fb.duplicate:
            state = await asyncio.to_thread(quiz.state, fb.attempt_id)
            if state.mode != "group":
                await self._send_question(ctx, state)

    async def _stats(self, ctx: TurnContext, turn: Turn, lang: str) -> None:
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        stats = await asyncio.to_thread(quiz.stats, turn.user_id)
        await _text(ctx, classroom.render_stats(stats, lang, "quiz"))

    async def _budget(self, ctx: TurnContext, turn: Turn, rest: str, lang: str) -> None:
        from bot.core.service import StudyService

        budget = self.app.service.budget
        if budget is None:
            return
        change = classroom.parse_budget_words(rest.split())
        teacher = turn.role in ("teacher", "admin")
        if change is not None:
            classroom.require_teacher(teacher)
            scope, usd = change
            monthly, daily = await asyncio.to_thread(
                budget.set_class_limits,
                turn.class_id,
                turn.user_id,
                usd if scope == "class" else None,
                usd if scope == "student" else None,
            )
            await _text(ctx, classroom.budget_set_text(monthly, daily, lang))
            return
        rows = await asyncio.to_thread(budget.allowances, StudyService.who(turn))
        text = classroom.render_allowances(rows, lang)
        if teacher:
            report = await asyncio.to_thread(budget.class_report, turn.class_id)
            text += "\n\n" + classroom.render_class_report(report, lang)
        await _text(ctx, text)

    async def _leaderboard(self, ctx: TurnContext, turn: Turn, rest: str, lang: str) -> None:
        period = next((w for w in rest.split() if w in ("week", "month", "all")), "week")
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        rows = await asyncio.to_thread(quiz.leaderboard, turn.class_id, period)  # type: ignore[arg-type]
        await _text(ctx, classroom.render_leaderboard(rows, lang, period, _short_id))

    async def _compare(self, ctx: TurnContext, turn: Turn, rest: str, lang: str) -> None:
        from bot.core.compare import compare
        from bot.core.service import StudyService

        words = rest.split()
        # `compare models=a,b question…`; without `models=`, the whole catalog (up to four).
        requested = ""
        if words and words[0].startswith("models="):
            requested, words = words[0].removeprefix("models="), words[1:]
        names = classroom.compare_names(requested, sorted(self.app.pool.models))
        question = " ".join(words)
        typing = asyncio.ensure_future(ctx.send_activity(Activity(type=ActivityTypes.typing)))
        try:
            report = await compare(self.app.service, question, names, StudyService.who(turn))
        finally:
            await typing
        await _text(ctx, classroom.render_compare(report, lang))

    async def _schedule(self, ctx: TurnContext, turn: Turn, rest: str, lang: str) -> None:
        classroom.require_teacher(turn.role in ("teacher", "admin"))
        words = rest.split()
        action = words[0].lower() if words else "list"
        service = await asyncio.to_thread(lambda: self.app.schedules)
        if action == "list":
            rows = await asyncio.to_thread(classroom.class_schedules, service, turn.class_id)
            await _text(ctx, classroom.render_schedules(rows, lang))
        elif action == "remove" and len(words) == 2:
            gone = await asyncio.to_thread(
                classroom.remove_schedule, service, words[1], turn.class_id
            )
            if lang == "ko":
                text = "삭제했습니다." if gone else f"`{words[1]}` 예약을 찾을 수 없습니다."
            else:
                text = "Removed." if gone else f"No schedule `{words[1]}` in this class."
            await _text(ctx, text)
        elif action == "add":
            request = classroom.parse_schedule_words(words[1:])
            schedule = await asyncio.to_thread(
                lambda: classroom.add_schedule(
                    service,
                    request,
                    platform="teams",
                    conversation_id=turn.conversation_id,
                    class_id=turn.class_id,
                    lang=lang,
                    default_timezone=self.app.settings.timezone,
                    created_by=turn.user_id,
                )
            )
            await _text(ctx, classroom.schedule_added_text(schedule, lang))
        else:
            raise classroom.SCHEDULE_USAGE

    async def _mydata(self, ctx: TurnContext, turn: Turn, lang: str) -> None:
        conversation = ctx.activity.conversation
        if getattr(conversation, "conversation_type", None) != "personal":
            # Personal data goes to the student alone, never into a team channel or group.
            await _text(
                ctx,
                "개인 채팅에서 `mydata`를 보내 주세요."
                if lang == "ko"
                else "Please send `mydata` to me in a personal chat.",
            )
            return
        data = await asyncio.to_thread(classroom.mydata_json, self.app, turn.user_id)
        head = "StudyBot이 저장한 내 데이터:" if lang == "ko" else "What StudyBot stores about you:"
        for i in range(0, len(data), 20_000):
            await _text(
                ctx, (head + "\n\n" if i == 0 else "") + f"```\n{data[i : i + 20_000]}\n```"
            )

    async def _forget(self, ctx: TurnContext, turn: Turn, rest: str, lang: str) -> None:
        scope = "class" if rest.strip().lower() in ("class", "반") else "me"
        if scope == "class":
            classroom.require_teacher(turn.role in ("teacher", "admin"))
        card = {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.5",
            "body": [
                {"type": "TextBlock", "text": classroom.forget_prompt(scope, lang), "wrap": True}
            ],
            "actions": [
                {
                    "type": "Action.Submit",
                    "title": classroom.forget_button(lang),
                    "style": "destructive",
                    "data": {"kind": FORGET_KIND, "scope": scope, "user": turn.user_id},
                }
            ],
        }
        await ctx.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _forget_confirmed(
        self, ctx: TurnContext, turn: Turn, value: dict[str, Any], lang: str
    ) -> None:
        # Only the student who asked may confirm (a card in a group chat is seen by all).
        if value.get("user") != turn.user_id:
            raise classroom.NotYours
        if value.get("scope") == "class":
            classroom.require_teacher(turn.role in ("teacher", "admin"))
            counts = await asyncio.to_thread(
                classroom.forget_class_everywhere, self.app, turn.class_id
            )
        else:
            counts = await asyncio.to_thread(classroom.forget_everywhere, self.app, turn.user_id)
        await _text(ctx, classroom.forget_done(counts, lang))


async def _text(ctx: TurnContext, text: str) -> None:
    await ctx.send_activity(MessageFactory.text(text))


def _short_id(user_id: str) -> str:
    # Teams ids are long opaque strings; a short tail is enough to tell students apart.
    tail = user_id.split(":", 1)[-1]
    return tail if len(tail) <= 12 else f"…{tail[-8:]}"


def to_turn(activity: Activity) -> Turn:
    """A Teams activity as the core's `Turn` (mention removed, class from the team)."""
    text = activity.text or ""
    if activity.recipient is not None:
        text = TurnContext.remove_recipient_mention(activity) or text
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = (channel_data.get("team") or {}).get("id")
    sender = activity.from_property
    user = (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None)) or "unknown"
    conversation = activity.conversation.id if activity.conversation else "unknown"
    return Turn(
        text=" ".join(text.split()),
        platform="teams",
        user_id=f"teams:{user}",
        conversation_id=conversation,
        locale=activity.locale,
        idempotency_key=activity.id,
        class_id=f"teams:{team}" if team else f"teams:{conversation}",
    )


def _with_text(turn: Turn, text: str) -> Turn:
    return replace(turn, text=text)


def _player(turn: Turn) -> Player:
    return Player(turn.user_id, turn.class_id, turn.platform, turn.conversation_id)


class ConversationRefs:
    """Conversation references, stored so scheduled quizzes can post proactively."""

    def __init__(self, app: App) -> None:
        self.engine = app.engine
        self._known: dict[str, str] = {}

    async def save(self, activity: Activity) -> None:
        """Remember where this conversation lives (service URL, ids)."""
        ref = TurnContext.get_conversation_reference(activity)
        ref.activity_id = None  # the conversation, not this message
        data = json.dumps(ref.serialize(), sort_keys=True)
        conv = activity.conversation.id if activity.conversation else None
        if not conv or self._known.get(conv) == data:
            return  # unchanged since we last wrote it
        self._known[conv] = data

        def write() -> None:
            values = {"reference": data, "updated_at": datetime.now(UTC)}
            dialect = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
            stmt = dialect(conversation_refs).values(
                platform="teams", conversation_id=conv, **values
            )
            with write_transaction(self.engine) as c:
                c.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["platform", "conversation_id"], set_=values
                    )
                )

        await asyncio.to_thread(write)

    async def get(self, conversation_id: str) -> ConversationReference | None:
        """The stored reference of a conversation."""

        def read() -> str | None:
            with self.engine.connect() as c:
                row = c.execute(
                    select(conversation_refs.c.reference).where(
                        conversation_refs.c.platform == "teams",
                        conversation_refs.c.conversation_id == conversation_id,
                    )
                ).first()
            return row[0] if row else None

        raw = await asyncio.to_thread(read)
        return ConversationReference().deserialize(json.loads(raw)) if raw else None


class ConversationPacer:
    """At most `rate` messages per second into one conversation (Teams throttles above ~7).

    The clock and the sleep are injectable, so tests check the schedule the pacer computes
    instead of timing a busy machine.
    """

    def __init__(
        self,
        rate: float = 7.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.interval = 1.0 / rate
        self.clock = clock or time.monotonic
        self.sleep = sleep or asyncio.sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, conversation_id: str) -> float:
        """Sleep until this conversation may receive the next message; returns the time
        (on `clock`) at which the send was granted."""
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        async with lock:
            now = self.clock()
            ready = self._next.get(conversation_id, now)
            if ready > now:
                await self.sleep(ready - now)
            granted = max(ready, now)
            self._next[conversation_id] = granted + self.interval
            return granted


class PacedCloudAdapter(CloudAdapter):  # type: ignore[misc]  # untyped SDK base
    """A CloudAdapter that paces sends per conversation and honours Retry-After on 429."""

    def __init__(self, auth: Any, pacer: ConversationPacer, max_wait_s: float = 10.0) -> None:
        super().__init__(auth)
        self.pacer = pacer
        self.max_wait_s = max_wait_s

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[Any]:
        conversation = (
            context.activity.conversation.id if context.activity.conversation else "unknown"
        )
        responses: list[Any] = []
        for activity in activities:
            if activity.type != ActivityTypes.typing:
                await self.pacer.wait(conversation)
            for attempt in range(3):
                try:
                    responses.extend(await super().send_activities(context, [activity]))
                    break
                except Exception as exc:
                    wait = _retry_after_429(exc)
                    if wait is None or attempt == 2:
                        raise
                    log.info("connector throttled %s; retrying in %.1fs", conversation, wait)
                    await asyncio.sleep(min(wait, self.max_wait_s))
        return responses


def _retry_after_429(exc: Exception) -> float | None:
    """Seconds to wait when `exc` is the connector's 429, else None."""
    response = getattr(exc, "response", None)
    if getattr(response, "status_code", None) != 429:
        return None
    header = getattr(response, "headers", {}).get("Retry-After", "1")
    try:
        return max(float(header), 0.0)
    except ValueError:
        return 1.0


class TeamsChannel:
    """The `/api/messages` endpoint, the adapter, and proactive posting."""

    def __init__(self, app: App, dev: bool = False) -> None:
        settings = app.settings
        self.app = app
        self.dev = dev
        self.app_id = settings.teams_app_id or ""
        config = SimpleNamespace(
            APP_ID=self.app_id,
            APP_PASSWORD=settings.teams_app_password.get_secret_value()
            if settings.teams_app_password
            else "",
            APP_TYPE="SingleTenant" if settings.teams_tenant_id else "MultiTenant",
            APP_TENANTID=settings.teams_tenant_id or "",
            TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=settings.teams_openid_metadata_url,
            TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=settings.teams_token_issuer,
        )
        self.auth = ConfigurationBotFrameworkAuthentication(config)
        self.adapter = PacedCloudAdapter(self.auth, ConversationPacer())
        self.adapter.on_turn_error = self._on_error
        self.refs = ConversationRefs(app)
        self.bot = StudyTeamsBot(app, self.refs)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._recent: dict[str, None] = {}
        self._purged = datetime.min.replace(tzinfo=UTC)
        self._question_cards: dict[str, str] = {}
        """attempt id -> the activity id of its open question's card (updated with results)."""

    async def _on_error(self, ctx: TurnContext, error: Exception) -> None:
        log.exception("teams turn failed", exc_info=error)
        lang = "ko" if (ctx.activity.locale or "").startswith("ko") else "en"
        text = (
            "문제가 발생했습니다. 잠시 후 다시 시도해 주세요."
            if lang == "ko"
            else "Something went wrong. Please try again."
        )
        try:
            await ctx.send_activity(MessageFactory.text(text))
        except Exception:
            log.warning("could not tell the user about the error")

    async def handle(self, request: web.Request) -> web.Response:
        """`POST /api/messages`: validate, authenticate, acknowledge, process once."""
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _error(415, "Content-Type must be application/json")
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "request body is over 1 MiB")
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
            return _error(400, "malformed JSON")
        if not isinstance(body, dict) or not body.get("type"):
            return _error(400, "an activity needs a type")
        try:
            activity = Activity().deserialize(body)
        except Exception:
            return _error(400, "not a Bot Framework activity")
        header = request.headers.get("Authorization", "")
        if self.app_id:
            if not header.startswith("Bearer ") or len(header) < 20:
                return _error(401, "missing or malformed Authorization header")
            try:
                # botframework-connector fetches signing keys with blocking `requests` calls
                # when its cache is cold; validating on a worker thread keeps the loop free
                # (and warms the cache for the adapter's own check that follows).
                await asyncio.to_thread(
                    asyncio.run, self.auth.authenticate_request(activity, header)
                )
            except Exception as exc:
                log.info("rejected a request: %s", type(exc).__name__)
                return _error(401, "invalid token")
        if activity.id:
            # Fast path for redeliveries to this process; the database claim in `_process`
            # makes it exact across processes and restarts.
            if activity.id in self._recent:
                return web.json_response({"status": "duplicate"}, status=200)
            self._recent[activity.id] = None
            while len(self._recent) > 10_000:
                self._recent.pop(next(iter(self._recent)))
        task = asyncio.create_task(self._process(header, activity))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"status": "accepted"}, status=202)

    async def _process(self, header: str, activity: Activity) -> None:
        try:
            if activity.id and not await self._first_time(activity.id):
                log.info("activity %s was already handled", activity.id)
                return
            await self.adapter.process_activity(header, activity, self.bot.on_turn)
        except Exception:
            log.exception("processing activity %s failed", activity.id)

    async def _first_time(self, activity_id: str) -> bool:
        def claim() -> bool:
            now = datetime.now(UTC)
            # Expired ids are purged at most once a minute, not on every message.
            purge = now - self._purged > timedelta(minutes=1)
            try:
                with write_transaction(self.app.engine) as conn:
                    conn.execute(insert(processed_activities).values(id=activity_id, seen_at=now))
                    if purge:
                        self._purged = now
                        conn.execute(
                            delete(processed_activities).where(
                                processed_activities.c.seen_at < now - ACTIVITY_TTL
                            )
                        )
                return True
            except IntegrityError:
                return False

        return await asyncio.to_thread(claim)

    async def drain(self, grace_s: float = 10.0) -> None:
        """Let in-flight turns finish (graceful shutdown), within `grace_s` seconds."""
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=grace_s)

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        """Run a scheduled group quiz in a stored conversation: questions, then results."""
        quiz = await asyncio.to_thread(lambda: self.app.quiz)

        async def run() -> None:
            try:
                await run_group_quiz(
                    quiz, self, schedule.conversation_id, state, schedule.time_limit_s
                )
            except Exception:
                log.exception(
                    "group quiz %s in %s failed", state.attempt_id, schedule.conversation_id
                )

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(
        self, conversation_id: str, card: dict[str, Any], replace_id: str | None = None
    ) -> str | None:
        """Post a card into a stored conversation (or update the card `replace_id`)."""
        ref = await self.refs.get(conversation_id)
        if ref is None:
            log.warning("no stored Teams conversation %s to post into", conversation_id)
            return None
        sent: list[str | None] = []

        async def send(ctx: TurnContext) -> None:
            message = MessageFactory.attachment(CardFactory.adaptive_card(card))
            if replace_id is not None:
                message.id = replace_id
                await ctx.update_activity(message)
                sent.append(replace_id)
            else:
                response = await ctx.send_activity(message)
                sent.append(getattr(response, "id", None))

        await self.adapter.continue_conversation(ref, send, self.app_id or None)
        return sent[0] if sent else None

    async def post_question(self, target: Any, state: QuizState) -> None:
        """`GroupPoster`: the current question, with its buttons."""
        if state.question is not None:
            activity_id = await self._post(str(target), question_card(state))
            if activity_id:
                self._question_cards[state.attempt_id] = activity_id

    async def post_results(self, target: Any, result: GroupResult, state: QuizState) -> None:
        """`GroupPoster`: a closed question's results, shown in place of its question card."""
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        question = quiz.banks.questions.get(result.question_id)
        card_id = self._question_cards.pop(state.attempt_id, None)
        if card_id is not None:
            card = results_card(result, state.lang, prompt=question.prompt if question else None)
            try:
                await self._post(str(target), card, replace_id=card_id)
                return
            except Exception as exc:
                # An edited or deleted card can't be updated: post the results instead.
                log.info("could not update the question card (%s); posting", type(exc).__name__)
        await self._post(str(target), results_card(result, state.lang))

    async def resume_group_quizzes(self) -> None:
        """Carry on the Teams group quizzes that a restart interrupted."""
        quiz = await asyncio.to_thread(lambda: self.app.quiz)
        for task in await resume_group_quizzes(quiz, {"teams": self}):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
