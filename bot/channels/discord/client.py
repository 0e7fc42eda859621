"""StudyBot on Discord: mentions, DMs and `/ask`, answered with embeds that cite the lesson.

A thin adapter: events become `Turn`s, the core answers, and the `Reply` is rendered as a
Discord embed (answer, cited sections, cost note). Nothing pings: the client sends with
`AllowedMentions.none()` and model output has its mentions neutralised as well.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.channels.discord.quiz import QuizButton, question_message
from bot.channels.discord.render import neutralise_mentions, split_message
from bot.core.errors import UserFacing
from bot.core.lang import detect_lang, locale_lang
from bot.core.models import Reply, Turn
from bot.quiz.engine import Player

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

EMBED_DESCRIPTION_LIMIT = 4096
COOLDOWN_TEXT = {
    "en": "You're asking quickly — please wait {s:.0f} s before the next question.",
    "ko": "질문이 너무 빠릅니다. {s:.0f}초 후에 다시 질문해 주세요.",
}
ERROR_TEXT = {
    "en": "Something went wrong. Please try again in a moment.",
    "ko": "문제가 발생했습니다. 잠시 후 다시 시도해 주세요.",
}
HELP_TEXT = {
    "en": (
        "**StudyBot** — lesson 02, *Exploring and comparing different LLMs*.\n"
        "• `/ask question` (or mention me, or DM me): an answer with its sources; "
        "add `premium: True` for the premium model\n• `/help`: this message"
    ),
    "ko": (
        "**StudyBot** — 2강 *다양한 LLM 탐색 및 비교*.\n"
        "• `/ask 질문` (또는 저를 멘션하거나 DM): 출처와 함께 답변, "
        "`premium: True`로 프리미엄 모델\n"
        "• `/help`: 도움말"
    ),
}


class Cooldown:
    """At most one question per user every `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[str, float] = {}

    def wait_left(self, user_id: str) -> float:
        """Seconds the user must still wait (0 when they may ask); records the ask if allowed."""
        now = time.monotonic()
        left = self._last.get(user_id, -1e9) + self.seconds - now
        if left > 0:
            return left
        self._last[user_id] = now
        return 0.0


def reply_embeds(reply: Reply) -> list[discord.Embed]:
    """The reply as embeds: the answer (split at the embed limit), sources, cost note."""
    text = neutralise_mentions(reply.text)
    chunks = split_message(text, EMBED_DESCRIPTION_LIMIT) or [""]
    embeds = [discord.Embed(description=chunk) for chunk in chunks]
    last = embeds[-1]
    if reply.citations:
        name = "출처" if reply.lang == "ko" else "Sources"
        value = "\n".join(neutralise_mentions(c.label()) for c in reply.citations)
        last.add_field(name=name, value=value[:1024], inline=False)
    footer = reply.cost_note()
    if reply.notes:
        footer = " · ".join([*reply.notes, footer])
    last.set_footer(text=footer[:2048])
    return embeds


class StudyDiscordBot(commands.Bot):
    """The Discord client. Built by the composition root with the app's services."""

    def __init__(
        self, app: App, cooldown_s: float = 10.0, intents: discord.Intents | None = None
    ) -> None:
        if intents is None:
            intents = discord.Intents.default()
            intents.message_content = True  # privileged: needed to read mentions and DMs
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )
        self.app = app
        self.cooldown = Cooldown(cooldown_s)

    async def setup_hook(self) -> None:
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        self.tree.add_command(_ask_command(self))
        self.tree.add_command(_help_command())
        self.tree.add_command(_quiz_command(self))
        # Buttons of quizzes sent before a restart still answer: their ids carry the state.
        self.add_dynamic_items(QuizButton)

    def to_turn(self, author: Any, channel: Any, guild: Any, text: str, locale: str | None) -> Turn:
        """A Discord message or interaction as the core's `Turn`."""
        return Turn(
            text=text,
            platform="discord",
            user_id=f"discord:{author.id}",
            conversation_id=f"discord:{channel.id}",
            locale=locale,
            class_id=f"discord:{guild.id}" if guild else "direct",
        )

    async def answer(self, turn: Turn) -> tuple[list[discord.Embed] | None, str | None]:
        """Embeds for an answer, or a short text (cooldown, bad input) instead."""
        lang = detect_lang(turn.text, default=locale_lang(turn.locale) or "en")
        left = self.cooldown.wait_left(turn.user_id)
        if left > 0:
            return None, COOLDOWN_TEXT[lang].format(s=left)
        try:
            reply = await self.app.service.ask(turn)
        except UserFacing as exc:
            return None, exc.message(lang)
        return reply_embeds(reply), None

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        is_dm = message.guild is None
        mentioned = self.user in message.mentions
        if not (is_dm or mentioned):
            return
        text = message.content
        for form in (f"<@{self.user.id}>", f"<@!{self.user.id}>"):
            text = text.replace(form, " ")
        turn = self.to_turn(
            message.author, message.channel, message.guild, " ".join(text.split()), None
        )
        try:
            # One typing signal (it shows for about ten seconds); the answer usually beats it.
            await message.channel.typing()
        except discord.Forbidden:
            log.warning("missing permissions in channel %s", message.channel.id)
            return
        except discord.HTTPException:
            log.info("could not show typing in %s", message.channel.id)
        embeds, note = await self.answer(turn)
        if embeds is None:
            await message.reply(note or "", mention_author=False)
            return
        await message.reply(embeds=embeds[:10], mention_author=False)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """One error boundary for slash commands: a safe, localised message; details to the log."""
        log.exception("slash command failed", exc_info=error)
        lang = locale_lang(str(interaction.locale)) or "en"
        text = ERROR_TEXT[lang]
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


def _ask_command(bot: StudyDiscordBot) -> app_commands.Command[Any, Any, Any]:
    @app_commands.command(name="ask", description="Ask about the lesson / 강의 내용 질문")
    @app_commands.describe(question="Your question / 질문", premium="Use the premium model")
    async def ask(interaction: discord.Interaction, question: str, premium: bool = False) -> None:
        # Acknowledge at once: Discord allows three seconds, an answer can take longer.
        await interaction.response.defer(thinking=True)
        turn = bot.to_turn(
            interaction.user,
            interaction.channel,
            interaction.guild,
            question,
            str(interaction.locale),
        )
        if premium:
            from dataclasses import replace

            turn = replace(turn, tier="premium")
        embeds, note = await bot.answer(turn)
        if embeds is None:
            await interaction.followup.send(note or "", ephemeral=True)
        else:
            await interaction.followup.send(embeds=embeds[:10])

    return ask


def _quiz_command(bot: StudyDiscordBot) -> app_commands.Command[Any, Any, Any]:
    @app_commands.command(name="quiz", description="A quiz on the lesson / 퀴즈")
    @app_commands.describe(count="How many questions (1-10)", language="ko or en")
    async def quiz(
        interaction: discord.Interaction, count: int = 5, language: str | None = None
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        lang = (
            language if language in ("ko", "en") else (locale_lang(str(interaction.locale)) or "en")
        )
        engine = await asyncio.to_thread(lambda: bot.app.quiz)
        turn = bot.to_turn(interaction.user, interaction.channel, interaction.guild, "", None)
        player = Player(turn.user_id, turn.class_id, turn.platform, turn.conversation_id)
        # Buttons suit one-answer questions; multi-select and typed answers come later.
        questions = engine.pick(lang, max(1, min(count, 10)), types=("single", "true_false"))
        state = await asyncio.to_thread(engine.start, player, lang, questions)
        embed, view = question_message(state)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    return quiz


def _help_command() -> app_commands.Command[Any, Any, Any]:
    @app_commands.command(name="help", description="What StudyBot can do / 도움말")
    async def help_(interaction: discord.Interaction) -> None:
        lang = locale_lang(str(interaction.locale)) or "en"
        await interaction.response.send_message(HELP_TEXT[lang], ephemeral=True)

    return help_


async def run_discord(app: App, token: str, cooldown_s: float) -> None:
    """Run the Discord client until cancelled; a bad token or missing intent is one log line."""
    bot = StudyDiscordBot(app, cooldown_s)
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
