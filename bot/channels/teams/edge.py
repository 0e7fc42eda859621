"""The Teams HTTP edge: `POST /api/messages` validated, authenticated, acknowledged, handled once.

Everything Bot Framework-specific stays in this package, so a move to Microsoft's successor
SDK touches nothing else. botbuilder answers a garbage token with a 500 and a wrong content
type with a traceback; this edge answers 401, 415, 400 and 413, and never lets an exception
reach the response.

Nothing acknowledged is lost: each activity is stored in the inbox (keyed by conversation
and activity id) *before* the 202, processed, and marked done only after its effect is
committed. A process killed in between leaves it pending; Teams' redelivery or the recovery
sweep (at start-up and every few seconds, once its lease has run out) runs it again, and
effects are idempotent (a quiz answer is recorded once), so it takes effect once.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from aiohttp import web
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes

from bot.channels.teams.activities import StudyTeamsBot
from bot.channels.teams.arrivals import ArrivalGate
from bot.channels.teams.groups import TeamsGroupQuizzes
from bot.channels.teams.proactive import ConversationPacer, PacedCloudAdapter, Proactive
from bot.core.application import Application

if TYPE_CHECKING:
    from bot.core.application import Schedule
    from bot.core.quizzes import QuizState

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024


class TeamsChannel:
    """The `/api/messages` endpoint, the adapter, and the Teams side of group quizzes."""

    def __init__(self, core: Application, dev: bool = False) -> None:
        settings = core.settings
        self.core = core
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
        self.proactive = Proactive(self.adapter, core.conversations, self.app_id)
        self.groups = TeamsGroupQuizzes(core.quizzes, core.people, self.proactive)
        self.bot = StudyTeamsBot(core, self.proactive, dev)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._inflight: set[tuple[str, str]] = set()
        """(conversation, activity id) being processed by this process."""
        self._sweeper: asyncio.Task[None] | None = None
        self.arrivals = ArrivalGate()
        self._last: dict[str, asyncio.Task[Any]] = {}
        """The latest turn spawned in each conversation: the next one waits for it."""

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
        number = self.arrivals.arrived()
        try:
            return await self._acknowledge(request, number)
        finally:
            self.arrivals.answered()

    async def _acknowledge(self, request: web.Request, number: int) -> web.Response:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _error(415, "Content-Type must be application/json")
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "request body is over 1 MiB")
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError, RecursionError):
            # RecursionError: JSON nested thousands deep, refused without a traceback.
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
            if not _expires(header.removeprefix("Bearer ").strip()):
                # botframework-connector accepts a token that never expires; we do not.
                return _error(401, "a token must carry an expiry")
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
        if activity.type == ActivityTypes.invoke:
            # An invoke (a card's Action.Execute, task/fetch…) is answered in the response
            # itself: 200 with the card for the student, 501 for what StudyBot doesn't do.
            return await self._invoke(header, activity)
        key = _activity_key(activity)
        if key is not None:
            if key in self._inflight:  # a redelivery while this process is on it
                return web.json_response({"status": "duplicate"}, status=200)
            # Stored before the 202: from here on a crash cannot lose it.
            verdict = await self.core.conversations.accept(
                "teams", key[0], key[1], json.dumps(body)
            )
            if verdict in ("busy", "done"):
                return web.json_response({"status": "duplicate"}, status=200)
        self._spawn(activity, key, number)
        return web.json_response({"status": "accepted"}, status=202)

    def _spawn(
        self, activity: Activity, key: tuple[str, str] | None, arrival: int | None = None
    ) -> None:
        if key is not None:
            self._inflight.add(key)
        after = self.arrivals.seen if arrival is None else arrival
        # One conversation's turns run in the order they were acknowledged (a student's two
        # quick messages are answered in order; "bot added" and "bot installed" welcome in a
        # fixed order); different conversations run side by side.
        conversation = activity.conversation.id if activity.conversation else ""
        before = self._last.get(conversation) if conversation else None
        task = asyncio.create_task(self._process(activity, key, after, before))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if conversation:
            self._last[conversation] = task

            def forget(done: asyncio.Task[Any], conversation: str = conversation) -> None:
                if self._last.get(conversation) is done:
                    del self._last[conversation]

            task.add_done_callback(forget)

    async def recover(self) -> int:
        """Run the acknowledged activities whose process died before finishing them."""
        count = 0
        for pending in await self.core.conversations.unfinished("teams"):
            key = (pending.conversation_id, pending.activity_id)
            if key in self._inflight:
                continue
            try:
                activity = Activity().deserialize(json.loads(pending.activity))
            except Exception:
                log.exception("inbox activity %s cannot be read; set aside", key)
                await self.core.conversations.failed("teams", *key)
                continue
            log.info("finishing activity %s of %s after a crash", key[1], key[0])
            self._spawn(activity, key)
            count += 1
        return count

    def start_recovery(self) -> None:
        """Sweep the inbox now and then every half lease (until `drain`)."""

        async def sweep() -> None:
            interval = max(0.5, min(30.0, self.core.conversations.inbox_lease_s / 2))
            while True:
                try:
                    await self.recover()
                except Exception:
                    log.exception("inbox recovery sweep failed")
                await asyncio.sleep(interval)

        if self._sweeper is None:
            self._sweeper = asyncio.create_task(sweep())

    async def _invoke(self, header: str, activity: Activity) -> web.Response:
        try:
            response = await self.adapter.process_activity(header, activity, self.bot.on_turn)
        except Exception:
            log.exception("invoke %s failed", activity.name)
            return _error(500, "the invoke could not be handled")
        if response is None:
            return web.json_response({}, status=200)
        body = response.body if response.body is not None else {}
        return web.json_response(body, status=response.status or 200)

    async def _process(
        self,
        activity: Activity,
        key: tuple[str, str] | None,
        arrival: int = 0,
        before: asyncio.Task[Any] | None = None,
    ) -> None:
        # The token was checked in `handle` (or the activity came from the inbox, where only
        # checked activities are stored): the turn runs as the bot, as a proactive turn
        # does, which also works long after the request's token has expired.
        # Acknowledge first, then work: a burst's 202s resolve together when their inbox
        # rows commit, and each turn's set-up is synchronous work on this loop. A timer (not
        # `sleep(0)`) lets the loop serve pending I/O — those 202s, new arrivals — before the
        # turns start (measured: ack p50 1.7 s → see bench/RESULTS.md, "Teams endpoint"),
        # and the turn waits while requests are still arriving (`ArrivalGate`).
        await asyncio.sleep(0.005)
        await self.arrivals.wait_quiet(after=arrival)
        if before is not None:
            await asyncio.wait({before})  # its outcome is its own: finished is enough
        identity = self.adapter.create_claims_identity(self.app_id or None)
        ok = False
        try:
            await self.adapter.process_proactive(identity, activity, None, self.bot.on_turn)
            ok = True
        except Exception:
            log.exception("processing activity %s failed", activity.id)
        finally:
            if key is not None:
                self._inflight.discard(key)
        if key is None:
            return
        try:
            if ok:
                await self.core.conversations.done("teams", *key)
            else:
                await self.core.conversations.failed("teams", *key)
        except Exception:
            log.exception("could not record the outcome of activity %s", key[1])

    async def drain(self, grace_s: float = 10.0) -> None:
        """Let in-flight turns finish (graceful shutdown), within `grace_s` seconds."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=grace_s)
        await self.groups.drain(0)

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        """`QuizPoster`: run a scheduled group quiz in a stored conversation."""
        await self.groups.post_group_quiz(schedule, state)

    async def resume_group_quizzes(self) -> None:
        """Carry on the Teams group quizzes that a restart interrupted."""
        await self.groups.resume()


def _activity_key(activity: Activity) -> tuple[str, str] | None:
    # Activity ids are unique within a conversation, not across conversations.
    conversation = activity.conversation.id if activity.conversation else ""
    if not activity.id or not conversation:
        return None
    return conversation, activity.id


def _expires(token: str) -> bool:
    """Whether a JWT's payload names an expiry (`exp`). Only read here: the signature,
    issuer, audience and the expiry itself are checked by the Bot Framework library."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(payload, dict) and isinstance(payload.get("exp"), int | float)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
