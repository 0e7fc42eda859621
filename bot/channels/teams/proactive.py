"""Sending into Teams: paced per conversation, retried on throttling, and proactive posts
into conversations whose references were stored (scheduled quizzes, results)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, ConversationReference

from bot.core.application import Conversations

log = logging.getLogger(__name__)


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
                    wait = retry_after_429(exc)
                    if wait is None or attempt == 2:
                        raise
                    log.info("connector throttled %s; retrying in %.1fs", conversation, wait)
                    await asyncio.sleep(min(wait, self.max_wait_s))
        return responses


def channel_conversation(conversation_id: str) -> str:
    """A conversation id without its thread (`19:…@thread.tacv2;messageid=1` -> `19:…`)."""
    return conversation_id.split(";messageid=", 1)[0]


def retry_after_429(exc: Exception) -> float | None:
    """Seconds to wait when `exc` is the connector's 429, else None."""
    response = getattr(exc, "response", None)
    if getattr(response, "status_code", None) != 429:
        return None
    header = getattr(response, "headers", {}).get("Retry-After", "1")
    try:
        return max(float(header), 0.0)
    except ValueError:
        return 1.0


class Proactive:
    """Remembers where conversations live and posts cards into them later."""

    def __init__(self, adapter: PacedCloudAdapter, conversations: Conversations, app_id: str):
        self.adapter = adapter
        self.conversations = conversations
        self.app_id = app_id

    async def remember(self, activity: Activity) -> None:
        """Store this activity's conversation reference (service URL, ids)."""
        conversation = activity.conversation.id if activity.conversation else None
        if not conversation:
            return
        ref = TurnContext.get_conversation_reference(activity)
        ref.activity_id = None  # the conversation, not this message
        data = json.dumps(ref.serialize(), sort_keys=True)
        await self.conversations.remember("teams", conversation, data)

    async def post(
        self, conversation_id: str, card: dict[str, Any], replace_id: str | None = None
    ) -> str | None:
        """Post a card into a stored conversation (or update the card `replace_id`);
        returns the posted activity's id."""
        raw = await self.conversations.reference("teams", conversation_id)
        if raw is None:
            log.warning("no stored Teams conversation %s to post into", conversation_id)
            return None
        ref = ConversationReference().deserialize(json.loads(raw))
        if ref.conversation is not None and ref.conversation.id:
            # A channel message's conversation id names its thread (";messageid=…"): posts
            # StudyBot starts itself (a scheduled quiz, its results) are new channel posts,
            # not replies in the thread of the teacher's `schedule add`.
            ref.conversation.id = channel_conversation(ref.conversation.id)
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
