"""StudyBot on Discord: slash commands, mentions, DMs and threads, answered with cited embeds.

A thin adapter: events become `Turn`s, the core answers, and the `Reply` is rendered as a
Discord embed (answer, cited sections, cost note). Nothing pings: the client sends with
`AllowedMentions.none()` and model output has its mentions neutralised as well.

`/ask` acknowledges at once (Discord allows three seconds), streams a generated answer by
editing its message at most once a second, then opens a thread on the answer: messages in a
thread the bot opened are follow-ups, and the thread's recent messages are the memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.channels.discord.quiz import (
    DiscordGroupPoster,
    MultiSelect,
    QuizButton,
    TypedAnswerButton,
    answer_form,
)
from bot.channels.discord.render import (
    MESSAGE_LIMIT,
    class_id,
    discord_markdown,
    neutralise_mentions,
    split_message,
)
from bot.channels.discord.texts import say
from bot.core.application import Application
from bot.core.quizzes import QuizError
from bot.kernel.errors import RateLimited, UserFacing
from bot.kernel.lang import locale_lang
from bot.kernel.models import Citation, Reply, Turn

log = logging.getLogger(__name__)

EMBED_DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
MESSAGE_EMBEDS_LIMIT = 6000
"""Discord's cap on all of one message's embeds together (titles, descriptions, fields, footer)."""
SHORTENED = {"en": " … (shortened to fit Discord)", "ko": " … (Discord 길이 제한으로 줄임)"}
HISTORY_MESSAGES = 8


class StreamEditor:
    """Shows a growing answer by editing one message, at most once every `interval` seconds.

    Discord rate-limits message edits; one edit a second reads as live typing and stays well
    inside the limits. Edits run in the background so the model stream is never held up.
    """

    def __init__(self, edit: Any, interval: float = 1.0) -> None:
        self._edit = edit
        self.interval = interval
        self.text = ""
        self.edits = 0
        self._last = 0.0
        self._task: asyncio.Task[None] | None = None

    async def feed(self, delta: str) -> None:
        """Add streamed text; edit if the last edit is old enough and none is in flight."""
        self.text += delta
        now = time.monotonic()
        if now - self._last < self.interval or (self._task and not self._task.done()):
            return
        self._last = now
        shown = neutralise_mentions(self.text)
        if len(shown) > MESSAGE_LIMIT - 2:
            shown = shown[: MESSAGE_LIMIT - 3] + "…"
        self._task = asyncio.create_task(self._safe_edit(shown + " ▌"))

    async def _safe_edit(self, content: str) -> None:
        try:
            await self._edit(content=content)
            self.edits += 1
        except discord.HTTPException as exc:
            log.info("stream edit failed (%s)", exc.status)

    async def finish(self) -> None:
        """Wait for an edit in flight, so the final message is not overwritten by it."""
        if self._task is not None:
            await self._task


def sources_field(citations: Sequence[Citation]) -> str:
    """The sources as one embed field: each a masked link to its section while the field's
    1,024 characters allow (a Korean section's address alone is ~300), then plain labels."""
    lines: list[str] = []
    size = 0
    for c in citations:
        line = neutralise_mentions(c.markdown())
        if size + len(line) + 1 > FIELD_LIMIT:
            line = neutralise_mentions(c.label())
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:FIELD_LIMIT]


def reply_embeds(reply: Reply) -> list[discord.Embed]:
    """The reply as embeds: the answer (split at the embed limit), sources, cost note."""
    name = "출처" if reply.lang == "ko" else "Sources"
    sources = sources_field(reply.citations) if reply.citations else ""
    footer = " · ".join([*reply.notes, reply.answered_by()])[:FOOTER_LIMIT]
    # One message's embeds hold 6,000 characters in all, whatever `reply_max_chars` says:
    # the answer gets what the sources and footer leave (code fences reopened across
    # embeds need a little more).
    room = MESSAGE_EMBEDS_LIMIT - len(footer) - (len(name) + len(sources) if sources else 0)
    text = neutralise_mentions(discord_markdown(reply.blocks))
    if len(text) > room - 40:
        more = SHORTENED["ko" if reply.lang == "ko" else "en"]
        text = text[: room - 40 - len(more)].rstrip() + more
    chunks = split_message(text, EMBED_DESCRIPTION_LIMIT)[:10] or [""]
    embeds = [discord.Embed(description=chunk) for chunk in chunks]
    last = embeds[-1]
    if sources:
        last.add_field(name=name, value=sources, inline=False)
    last.set_footer(text=footer)
    return embeds


class StudyDiscordBot(commands.Bot):
    """The Discord client. Built by the composition root with the app's services."""

    def __init__(
        self,
        core: Application,
        intents: discord.Intents | None = None,
        run_scheduler: bool = False,
    ) -> None:
        if intents is None:
            intents = discord.Intents.default()
            intents.message_content = True  # privileged: needed to read mentions and DMs
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            chunk_guilds_at_startup=False,
        )
        self.core = core
        self.groups = DiscordGroupPoster(self, core)
        self.run_scheduler = run_scheduler
        self._threads: dict[int, tuple[str, str, int, datetime]] = {}
        """thread id -> (question, answer, asker, opened at): the start of its memory, kept
        in this process only and for `memory_days` at most."""
        self._warned_channels: set[int] = set()

    async def setup_hook(self) -> None:
        from bot.channels.discord.commands import Translator, add_commands

        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        add_commands(self)
        await self.tree.set_translator(Translator())
        await self._sync_commands(Translator())
        # Components of quizzes sent before a restart still answer: their ids carry the state.
        from bot.channels.discord.commands import ForgetButton

        self.add_dynamic_items(QuizButton, MultiSelect, TypedAnswerButton, ForgetButton)
        for task in await self.core.quizzes.resume_groups({"discord": self.groups}):
            self.groups.track(task)
        if self.run_scheduler:
            await self.core.schedules.post_with("discord", self.groups)

    async def _sync_commands(self, translator: app_commands.Translator) -> None:
        """Publish the slash commands to Discord when they changed since the last publish.

        Discord rate-limits global command updates, so the published payload's hash is kept
        in the data directory and an unchanged set is not sent again.
        """
        payload = [
            await command.get_translated_payload(self.tree, translator)
            for command in self.tree.get_commands()
        ]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        marker = Path(self.core.settings.data_dir) / "discord-commands.sha256"
        if marker.exists() and marker.read_text().strip() == digest:
            return
        try:
            await self.tree.sync()
        except discord.HTTPException as exc:
            log.warning("could not publish the slash commands (%s); will retry at start", exc)
            return
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(digest)
        log.info("published %d slash commands", len(payload))

    async def close(self) -> None:
        # Running group quizzes stop here; their state is in the database and the next
        # start resumes them (`resume_group_quizzes` in `setup_hook`).
        self.groups.cancel()
        await super().close()

    def is_teacher(self, user: Any, permissions: discord.Permissions | None = None) -> bool:
        """Manage Server in this guild, or configured in `STUDYBOT_TEACHERS`."""
        if permissions is not None and permissions.manage_guild:
            return True
        return self.core.is_teacher(f"discord:{user.id}")

    def to_turn(
        self,
        author: Any,
        channel: Any,
        guild: Any,
        text: str,
        locale: str | None,
        teacher: bool = False,
        history: tuple[tuple[str, str], ...] = (),
    ) -> Turn:
        """A Discord message or interaction as the core's `Turn`."""
        return Turn(
            text=text,
            platform="discord",
            user_id=f"discord:{author.id}",
            conversation_id=f"discord:{channel.id}" if channel is not None else "discord:dm",
            locale=locale,
            class_id=class_id(guild, author.id),
            role="teacher" if teacher else "student",
            # Interactions carry the user's Discord language, which decides the reply's
            # language; messages don't, so their text's own language does.
            locale_decides=locale is not None,
            history=history,
        )

    async def answer(
        self, turn: Turn, stream: StreamEditor | None = None, always_note: bool = False
    ) -> tuple[Reply | None, str | None]:
        """The core's reply, or a short text instead (bad input, too many or too quick
        questions). Within a flood only the first refusal has a text, unless `always_note`
        (an interaction must be answered)."""
        try:
            reply = await self.core.ask(turn, stream.feed if stream else None)
        except RateLimited as exc:
            return None, exc.message() if exc.notify or always_note else None
        except UserFacing as exc:
            return None, exc.message()
        finally:
            if stream is not None:
                await stream.finish()
        return reply, None

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await answer_form(self.core, interaction)

    # Messages: mentions, DMs, and follow-ups in the bot's threads ----------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        channel = message.channel
        is_dm = message.guild is None
        in_our_thread = isinstance(channel, discord.Thread) and channel.owner_id == self.user.id
        mentioned = self.user in message.mentions
        if not (is_dm or mentioned or in_our_thread):
            return
        text = message.content
        for form in (f"<@{self.user.id}>", f"<@!{self.user.id}>"):
            text = text.replace(form, " ")
        history: tuple[tuple[str, str], ...] = ()
        if is_dm or in_our_thread:
            history = await self._history(message)
        turn = self.to_turn(
            message.author,
            channel,
            message.guild,
            " ".join(text.split()),
            None,
            self.core.is_teacher(f"discord:{message.author.id}"),
            history,
        )
        try:
            if not self.core.will_refuse(turn):
                # One typing signal (it shows for about ten seconds); the answer usually
                # beats it. A refusal (too soon, too many, empty) is answered at once.
                await channel.typing()
            reply, note = await self.answer(turn)
            if reply is None:
                if note:  # (nothing for the rest of a flood)
                    await message.reply(note, mention_author=False)
                return
            await message.reply(embeds=reply_embeds(reply)[:10], mention_author=False)
        except discord.Forbidden:
            if channel.id not in self._warned_channels:  # one line per channel, not per message
                self._warned_channels.add(channel.id)
                log.warning(
                    "missing permissions in channel %s: StudyBot needs Send Messages, Embed "
                    "Links and Read Message History there",
                    channel.id,
                )

    async def _history(self, message: discord.Message) -> tuple[tuple[str, str], ...]:
        """The conversation so far: the thread's opening question and answer, then its
        recent messages (or a DM's recent messages), oldest first."""
        turns: list[tuple[str, str]] = []
        oldest = datetime.now(UTC) - timedelta(days=self.core.settings.memory_days)
        start = self._threads.get(message.channel.id)
        if start is not None and start[3] >= oldest:
            turns += [("user", start[0]), ("assistant", start[1])]
        try:
            recent = [
                m
                async for m in message.channel.history(limit=HISTORY_MESSAGES, before=message)
                if m.created_at >= oldest  # older messages are past the retention period
            ]
        except discord.HTTPException:
            recent = []
        for m in reversed(recent):
            if self.user is not None and m.author.id == self.user.id:
                text = " ".join(e.description or "" for e in m.embeds) or m.content
                if text:
                    turns.append(("assistant", text))
            elif m.content:
                turns.append(("user", m.content))
        return tuple(turns[-HISTORY_MESSAGES:])

    # /ask ------------------------------------------------------------------------------

    async def ask_interaction(
        self, interaction: discord.Interaction[Any], question: str, premium: bool
    ) -> None:
        """`/ask`: defer, stream the answer into the message, then open a follow-up thread."""
        turn = self.to_turn(
            interaction.user,
            interaction.channel,
            interaction.guild,
            question,
            str(interaction.locale),
            self.is_teacher(interaction.user, interaction.permissions),
        )
        if premium:
            turn = replace(turn, tier="premium")
        note = self.core.refusal(turn)
        if note is not None:  # answered at once: no defer, no model call
            await interaction.response.send_message(note, ephemeral=True)
            return
        # Acknowledge at once: Discord allows three seconds, an answer can take longer.
        await interaction.response.defer(thinking=True)
        stream = StreamEditor(interaction.edit_original_response)
        reply, note = await self.answer(turn, stream, always_note=True)
        if reply is None:
            await interaction.edit_original_response(content=note)
            return
        message = await interaction.edit_original_response(
            content=None, embeds=reply_embeds(reply)[:10]
        )
        await self._open_thread(interaction, message, question, reply)

    async def _open_thread(
        self, interaction: discord.Interaction[Any], message: Any, question: str, reply: Reply
    ) -> None:
        channel = interaction.channel
        if not isinstance(channel, discord.TextChannel) or not reply.in_scope:
            return  # DMs and threads have no threads of their own; refusals need none
        if not interaction.app_permissions.create_public_threads:
            return
        try:
            thread = await message.create_thread(name=question[:90] or "StudyBot")
            self._threads[thread.id] = (
                question,
                reply.text,
                interaction.user.id,
                datetime.now(UTC),
            )
            self._expire_memory()
            await thread.send(say("thread_hint", reply.lang))
        except discord.HTTPException as exc:
            log.info("could not open a thread for an answer (%s)", exc.status)

    def _expire_memory(self) -> None:
        oldest = datetime.now(UTC) - timedelta(days=self.core.settings.memory_days)
        self._threads = {k: v for k, v in self._threads.items() if v[3] >= oldest}

    def forget_memory(self, user_id: int) -> None:
        """Drop what this process remembers of a student's threads (`/forget`)."""
        self._threads = {k: v for k, v in self._threads.items() if v[2] != user_id}

    # Errors ----------------------------------------------------------------------------

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """One error boundary for slash commands: a safe, localised message; details to the log."""
        lang = locale_lang(str(interaction.locale)) or "en"
        original = getattr(error, "original", error)
        if isinstance(original, UserFacing | QuizError):
            text = original.message(lang)
        elif isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
            from bot.core.classroom import NotAllowed

            text = NotAllowed().message(lang)
        elif isinstance(original, discord.Forbidden):
            log.warning("missing permissions for /%s: %s", interaction.command, original.text)
            text = say("no_permission", lang)
        else:
            log.exception("slash command failed", exc_info=error)
            text = say("error", lang)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not report an error to the user")


async def run_discord(core: Application, token: str, run_scheduler: bool = True) -> None:
    """Run the Discord client until cancelled; a bad token or missing intent is one log line."""
    bot = StudyDiscordBot(core, run_scheduler=run_scheduler)
    try:
        await bot.start(token)  # discord.py reconnects by itself when the gateway drops
    except discord.LoginFailure:
        log.error("Discord rejected the token: check STUDYBOT_DISCORD_TOKEN")
    except discord.PrivilegedIntentsRequired:
        log.error(
            "Discord: enable the Message Content intent for this bot in the Developer Portal "
            "(Bot > Privileged Gateway Intents)"
        )
    finally:
        await bot.close()
