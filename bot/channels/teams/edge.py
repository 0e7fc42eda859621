"""The Teams HTTP edge: `POST /api/messages` validated, authenticated, acknowledged, handled once.

Everything Bot Framework-specific stays in this package, so a move to Microsoft's successor
SDK touches nothing else. botbuilder answers a garbage token with a 500 and a wrong content
type with a traceback; this edge answers 401, 415, 400 and 413, and never lets an exception
reach the response. Teams redelivers an activity it thinks timed out, so the edge
acknowledges at once, handles each activity once (claimed in the database), and the answer
is sent proactively when ready.
"""

from __future__ import annotations

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from aiohttp import web
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes

from bot.channels.teams.activities import StudyTeamsBot
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
        self._recent: dict[str, None] = {}

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
        if activity.type == ActivityTypes.invoke:
            # An invoke (a card's Action.Execute, task/fetch…) is answered in the response
            # itself: 200 with the card for the student, 501 for what StudyBot doesn't do.
            return await self._invoke(header, activity)
        key = _activity_key(activity)
        if key is not None:
            # Fast path for redeliveries to this process; the database claim in `_process`
            # makes it exact across processes and restarts.
            if key in self._recent:
                return web.json_response({"status": "duplicate"}, status=200)
            self._recent[key] = None
            while len(self._recent) > 10_000:
                self._recent.pop(next(iter(self._recent)))
        task = asyncio.create_task(self._process(header, activity))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"status": "accepted"}, status=202)

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

    async def _process(self, header: str, activity: Activity) -> None:
        try:
            if activity.id:
                conversation = activity.conversation.id if activity.conversation else ""
                if not await self.core.conversations.claim("teams", conversation, activity.id):
                    log.info("activity %s was already handled", activity.id)
                    return
            await self.adapter.process_activity(header, activity, self.bot.on_turn)
        except Exception:
            log.exception("processing activity %s failed", activity.id)

    async def drain(self, grace_s: float = 10.0) -> None:
        """Let in-flight turns finish (graceful shutdown), within `grace_s` seconds."""
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


def _activity_key(activity: Activity) -> str | None:
    # Activity ids are unique within a conversation, not across conversations.
    if not activity.id:
        return None
    conversation = activity.conversation.id if activity.conversation else ""
    return f"{conversation}\n{activity.id}"


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
