"""A local stand-in for Discord's REST API, and gateway events fed straight to the client.

The bot under test is a real `discord.py` client logged in against this server on 127.0.0.1
(`Route.BASE` points here): interaction callbacks, follow-ups, edits, channel messages and
threads are real HTTP requests, recorded for the test to inspect. Gateway events (a guild, an
interaction, a message) are handed to the client's connection state as the gateway would, so
slash commands, buttons, select menus and modals run through discord.py's own dispatch.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import web

BOT_ID = 900_000_000_000_000_001
APP_ID = BOT_ID
GUILD_ID = 910_000_000_000_000_001
CHANNEL_ID = 920_000_000_000_000_001
TEACHER_ID = 930_000_000_000_000_001
STUDENT_ID = 930_000_000_000_000_002

_ids = itertools.count(950_000_000_000_000_000)


def snowflake() -> str:
    """A fresh id."""
    return str(next(_ids))


def user(user_id: int, name: str = "user", bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


@dataclass
class Call:
    """One request the bot made."""

    method: str
    path: str
    body: Any
    at: float = field(default_factory=time.perf_counter)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


class FakeDiscord:
    """Start with `await api.start()`; then `await api.login(bot)`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.forbidden_channels: set[str] = set()
        """Channels where posting answers 403 Missing Permissions."""
        self.history: dict[str, list[dict[str, Any]]] = {}
        """Channel id -> messages returned by GET …/messages (newest first)."""
        self._runner: web.AppRunner | None = None
        self.base = ""
        self.changed = asyncio.Event()
        self.reject_token = False
        """Answer the login with 401 (a revoked or mistyped token)."""
        self.gateway_close_code = 4014
        """How the gateway ends a session after IDENTIFY (4014: privileged intent missing)."""

    async def start(self) -> str:
        app = web.Application()
        r = app.router
        r.add_get("/api/v10/users/@me", self._me)
        r.add_get("/api/v10/oauth2/applications/@me", self._app)
        r.add_post("/api/v10/interactions/{iid}/{token}/callback", self._callback)
        r.add_post("/api/v10/webhooks/{app}/{token}", self._followup)
        r.add_patch("/api/v10/webhooks/{app}/{token}/messages/{mid}", self._edit_webhook)
        r.add_get("/api/v10/webhooks/{app}/{token}/messages/{mid}", self._get_webhook)
        r.add_post("/api/v10/channels/{cid}/messages", self._send)
        r.add_get("/api/v10/channels/{cid}/messages", self._history)
        r.add_patch("/api/v10/channels/{cid}/messages/{mid}", self._edit)
        r.add_post("/api/v10/channels/{cid}/messages/{mid}/threads", self._thread)
        r.add_post("/api/v10/channels/{cid}/typing", self._typing)
        r.add_put("/api/v10/applications/{app}/commands", self._sync)
        r.add_get("/api/v10/gateway/bot", self._gateway_info)
        r.add_get("/gateway", self._gateway)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}/api/v10"
        return self.base

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def reset(self) -> None:
        self.reject_token = False
        self.gateway_close_code = 4014
        self.calls.clear()
        self.forbidden_channels.clear()
        self.history.clear()

    # The client side -------------------------------------------------------------------

    async def login(self, bot: discord.Client) -> None:
        """Log `bot` in against this server and give it a guild with one text channel."""
        discord.http.Route.BASE = self.base
        await bot.login("fake-token")
        state = bot._connection
        state.parse_guild_create(guild_payload())

    def interaction(
        self,
        bot: discord.Client,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int = STUDENT_ID,
        locale: str = "en-US",
        manage_guild: bool = False,
        dm: bool = False,
        app_permissions: int = (1 << 11) | (1 << 14) | (1 << 35),  # send, embed, threads
        message: dict[str, Any] | None = None,
    ) -> str:
        """Dispatch an INTERACTION_CREATE; returns its token (to find the responses)."""
        token = f"tok-{snowflake()}"
        perms = (1 << 5) if manage_guild else 0  # MANAGE_GUILD
        payload: dict[str, Any] = {
            "id": snowflake(),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "app_permissions": str(app_permissions),
            "attachment_size_limit": 8 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {},
        }
        if dm:
            payload["channel"] = {"id": str(CHANNEL_ID + 1), "type": 1, "recipients": []}
            payload["channel_id"] = str(CHANNEL_ID + 1)
            payload["user"] = user(user_id)
            payload["context"] = 1
        else:
            payload["guild_id"] = str(GUILD_ID)
            payload["channel"] = {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID)}
            payload["channel_id"] = str(CHANNEL_ID)
            payload["member"] = {
                "user": user(user_id),
                "roles": [],
                "joined_at": "2026-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(perms),
            }
            payload["guild_locale"] = "en-US"
            payload["context"] = 0
        if message is not None:
            payload["message"] = message
        bot._connection.parse_interaction_create(payload)
        return token

    def command(self, bot: discord.Client, name: str, **options: Any) -> str:
        """A slash command; `sub` picks a subcommand (`/schedule add`)."""
        sub = options.pop("sub", None)
        opts = [
            {"name": k, "type": _option_type(v), "value": v}
            for k, v in options.items()
            if k not in ("user_id", "locale", "manage_guild", "dm", "app_permissions")
        ]
        extra = {
            k: options[k]
            for k in ("user_id", "locale", "manage_guild", "dm", "app_permissions")
            if k in options
        }
        if sub is not None:
            opts = [{"name": sub, "type": 1, "options": opts}]
        data = {"id": snowflake(), "name": name, "type": 1, "options": opts}
        return self.interaction(bot, 2, data, **extra)

    def click(
        self, bot: discord.Client, custom_id: str, values: list[str] | None = None, **extra: Any
    ) -> str:
        """A button click (or a select menu choice, with `values`) on a message."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3 if values else 2}
        if values is not None:
            data["values"] = values
        # Discord sends the message the component is on; find the one that carries it.
        components = extra.pop("components", None)
        message = next(
            (m for m in reversed(self.messages.values()) if custom_id in json.dumps(m)), None
        )
        if message is None or components is not None:
            message = message_payload(str(CHANNEL_ID), "", data={"components": components or []})
        return self.interaction(bot, 3, data, message=message, **extra)

    def submit_modal(
        self, bot: discord.Client, custom_id: str, fields: dict[str, str], **extra: Any
    ) -> str:
        """A modal submitted with text fields."""
        components = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in fields.items()
        ]
        return self.interaction(bot, 5, {"custom_id": custom_id, "components": components}, **extra)

    # Inspecting what the bot did ----------------------------------------------------------

    def for_token(self, token: str) -> list[Call]:
        return [c for c in self.calls if token in c.path]

    async def wait_for(self, predicate: Any, within_s: float = 20.0) -> list[Call]:
        """Wait until `predicate(calls)` is truthy; returns the calls."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            if predicate(self.calls):
                return self.calls
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 0.1)
        raise AssertionError(
            f"condition not met; calls: {[(c.method, c.path) for c in self.calls]}"
        )

    async def responses(self, token: str, count: int = 1) -> list[Call]:
        """The first `count` requests answering the interaction `token`."""
        await self.wait_for(lambda calls: len([c for c in calls if token in c.path]) >= count)
        return self.for_token(token)

    # Handlers ---------------------------------------------------------------------------

    async def _record(self, request: web.Request) -> Call:
        body: Any = None
        files: dict[str, bytes] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                reader = await request.multipart()
                async for part in reader:
                    if part.name == "payload_json":  # type: ignore[union-attr]
                        body = json.loads(await part.text())  # type: ignore[union-attr]
                    elif part.filename:  # type: ignore[union-attr]
                        files[part.filename] = await part.read()  # type: ignore[union-attr]
        call = Call(request.method, request.path, body, files=files)
        self.calls.append(call)
        self.changed.set()
        return call

    async def _me(self, request: web.Request) -> web.Response:
        if self.reject_token:
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json(user(BOT_ID, "StudyBot", bot=True))

    async def _gateway_info(self, request: web.Request) -> web.Response:
        url = self.base.replace("http://", "ws://").replace("/api/v10", "/gateway")
        return _json(
            {
                "url": url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """Say hello, read the IDENTIFY, then end the session with the configured code."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for msg in ws:
            data = json.loads(msg.data) if msg.type == 1 else {}
            self.calls.append(Call("WS", "/gateway", data))
            if data.get("op") == 2:  # IDENTIFY
                await ws.close(code=self.gateway_close_code)
                break
        return ws

    async def _app(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "StudyBot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "00",
                "owner": user(TEACHER_ID, "owner"),
                "flags": 0,
            }
        )

    async def _callback(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        kind = call.json.get("type")
        interaction = {"id": request.match_info["iid"], "type": 2}
        if kind == 5:
            interaction["response_message_loading"] = True
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 7):
            data = call.json.get("data") or {}
            msg = message_payload(str(CHANNEL_ID), data.get("content") or "", data=data)
            self.messages[msg["id"]] = msg
            resource["message"] = msg
            interaction["response_message_id"] = msg["id"]
        return _json({"interaction": interaction, "resource": resource})

    async def _followup(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        data = call.json
        msg = message_payload(str(CHANNEL_ID), data.get("content") or "", data=data)
        self.messages[msg["id"]] = msg
        return _json(msg)

    async def _edit_webhook(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        mid = request.match_info["mid"]
        msg = message_payload(str(CHANNEL_ID), call.json.get("content") or "", data=call.json)
        if mid != "@original":
            msg["id"] = mid
        self.messages[msg["id"]] = msg
        return _json(msg)

    async def _get_webhook(self, request: web.Request) -> web.Response:
        await self._record(request)
        return _json(message_payload(str(CHANNEL_ID), ""))

    async def _send(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        cid = request.match_info["cid"]
        if cid in self.forbidden_channels:
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        msg = message_payload(cid, call.json.get("content") or "", data=call.json)
        self.messages[msg["id"]] = msg
        return _json(msg)

    async def _history(self, request: web.Request) -> web.Response:
        await self._record(request)
        return _json(self.history.get(request.match_info["cid"], []))

    async def _edit(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        msg = message_payload(request.match_info["cid"], call.json.get("content") or "")
        msg["id"] = request.match_info["mid"]
        return _json(msg)

    async def _thread(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        cid = request.match_info["cid"]
        if cid in self.forbidden_channels:
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        return _json(thread_payload(request.match_info["mid"], call.json.get("name", "thread")))

    async def _sync(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        commands = call.body if isinstance(call.body, list) else []
        return _json(
            [
                {"id": snowflake(), "application_id": str(APP_ID), "version": "1", **c}
                for c in commands
            ]
        )

    async def _typing(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.Response(status=204)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body only when the content type is exactly `application/json`.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def guild_payload() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "Class 2-B",
        "owner_id": str(TEACHER_ID),
        "roles": [
            {
                "id": str(GUILD_ID),
                "name": "@everyone",
                "permissions": str((1 << 11) | (1 << 10)),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "channels": [
            {
                "id": str(CHANNEL_ID),
                "type": 0,
                "name": "study",
                "position": 0,
                "permission_overwrites": [],
                "guild_id": str(GUILD_ID),
            }
        ],
        "members": [
            {
                "user": user(BOT_ID, "StudyBot", bot=True),
                "roles": [],
                "joined_at": "2026-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        ],
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 3,
        "unavailable": False,
        "large": False,
        "preferred_locale": "en-US",
    }


def message_payload(
    channel_id: str,
    content: str,
    data: dict[str, Any] | None = None,
    author: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data = data or {}
    return {
        "id": snowflake(),
        "channel_id": channel_id,
        "author": author or user(BOT_ID, "StudyBot", bot=True),
        "content": content,
        "timestamp": "2026-11-29T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": data.get("flags", 0),
    }


def thread_payload(thread_id: str, name: str) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": 11,
        "guild_id": str(GUILD_ID),
        "parent_id": str(CHANNEL_ID),
        "owner_id": str(BOT_ID),
        "name": name,
        "last_message_id": None,
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-11-29T00:00:00+00:00",
            "locked": False,
        },
        "flags": 0,
    }
