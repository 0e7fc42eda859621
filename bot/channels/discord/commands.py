"""The slash commands, with Korean names and descriptions for Korean Discord clients.

Each command turns its options into a core call and renders the result; permissions and
wording shared with Teams live in `bot.core.classroom`. Errors raised here reach the tree's
error handler (`StudyDiscordBot.on_app_command_error`), which answers in the user's language.
"""

from __future__ import annotations

import io
import re
from typing import Any, Literal

import discord
from discord import app_commands

from bot.channels.discord.host import CommandHost
from bot.channels.discord.quiz import FromCustomId, question_message, say
from bot.channels.discord.render import (
    class_id,
    discord_markdown,
    neutralise_mentions,
    split_message,
)
from bot.channels.discord.texts import TEXT
from bot.core import class_budgets, class_schedules, classroom, compare, results
from bot.core.quizzes import Player
from bot.kernel.errors import UserFacing
from bot.kernel.lang import locale_lang
from bot.kernel.markdown import parse
from bot.kernel.models import Turn

HELP_TEXT = {
    "en": (
        "**StudyBot** — lesson 02, *Exploring and comparing different LLMs*.\n"
        "• `/ask question` (or mention me, or DM me): an answer with its sources, then a "
        "thread for follow-ups; `premium: True` for the premium model\n"
        "• `/quiz`: a quiz just for you · `/quiz group: True`: a timed quiz for the channel\n"
        "• `/review`: your due review questions · `/stats`: your results\n"
        "• `/leaderboard`: this server's ranking · `/budget`: what you may still spend\n"
        "• `/compare question`: the same question answered by several models\n"
        "• `/mydata`: what StudyBot stores about you · `/forget`: delete it\n"
        "• Teachers (Manage Server): `/schedule add|list|remove`, `/budget` with limits, "
        "`/forget scope: class`"
    ),
    "ko": (
        "**StudyBot** — 2강 *다양한 LLM 탐색 및 비교*.\n"
        "• `/질문` (또는 멘션, DM): 출처와 함께 답변, 이어지는 질문은 스레드에서; "
        "`premium: True`로 프리미엄 모델\n"
        "• `/퀴즈`: 나만의 퀴즈 · `/퀴즈 group: True`: 채널 전체가 함께 푸는 시간제 퀴즈\n"
        "• `/복습`: 복습할 문제 · `/통계`: 내 결과\n"
        "• `/순위`: 이 서버의 순위 · `/예산`: 남은 모델 사용 예산\n"
        "• `/비교`: 같은 질문을 여러 모델로 비교\n"
        "• `/내데이터`: 저장된 내 데이터 받기 · `/데이터삭제`: 내 데이터 삭제\n"
        "• 선생님(서버 관리 권한): `/예약 add|list|remove`, `/예산`으로 한도 설정, "
        "`/데이터삭제 scope: class`"
    ),
}

KOREAN = {
    # command names (lowercase, as Discord requires) and descriptions
    "ask": "질문",
    "Ask about the lesson": "강의 내용에 대해 질문하기",
    "help": "도움말",
    "What StudyBot can do": "StudyBot 사용법",
    "quiz": "퀴즈",
    "A quiz (group: the whole channel, timed)": "강의 퀴즈 (group: 채널 전체, 시간제)",
    "review": "복습",
    "Review the questions you got wrong": "틀린 문제 복습하기",
    "stats": "통계",
    "Your quiz results and streak": "내 퀴즈 결과와 연속 학습일",
    "leaderboard": "순위",
    "This server's quiz ranking": "이 서버의 퀴즈 순위",
    "compare": "비교",
    "The same question answered by several models": "같은 질문을 여러 모델로 답하기",
    "budget": "예산",
    "Your model budget (teachers: class limits)": "모델 사용 예산 (선생님: 반 한도)",
    "schedule": "예약",
    "Scheduled group quizzes in this channel": "이 채널의 예약 그룹 퀴즈",
    "Schedule a group quiz here": "이 채널에 그룹 퀴즈 예약",
    "Scheduled quizzes of this server": "이 서버의 예약 퀴즈",
    "Remove a scheduled quiz": "예약 퀴즈 삭제",
    # option descriptions
    "Your question": "질문 내용",
    "Use the premium model": "프리미엄 모델 사용",
    "How many questions (1-10)": "문제 수 (1-10)",
    "ko or en": "ko 또는 en",
    "A timed quiz for the whole channel": "채널 전체가 함께 푸는 시간제 퀴즈",
    "Seconds per question (group)": "문제당 초 (그룹)",
    "week, month or all": "week, month 또는 all",
    "Models, comma-separated (default: all)": "모델, 쉼표로 구분 (기본: 전체)",
    "Teachers: the class's monthly limit in USD": "선생님: 반의 월 한도 (USD)",
    "Teachers: each student's daily limit in USD": "선생님: 학생 1인 하루 한도 (USD)",
    "Every N minutes": "N분마다",
    "Or a crontab: minute hour day month weekday": "또는 crontab: 분 시 일 월 요일",
    "Questions per quiz": "퀴즈당 문제 수",
    "first_correct or everyone": "first_correct 또는 everyone",
    "The schedule's id (see /schedule list)": "예약 id (/schedule list 참고)",
    "mydata": "내데이터",
    "Download what StudyBot stores about you": "StudyBot이 저장한 내 데이터 받기",
    "forget": "데이터삭제",
    "Delete your data (teachers: the class's)": "내 데이터 삭제 (선생님: 반 데이터)",
    "me, or class (teachers)": "me 또는 class (선생님)",
}


class Translator(app_commands.Translator):
    """Korean names and descriptions for Korean clients; English everywhere else."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is not discord.Locale.korean:
            return None
        return KOREAN.get(string.message)


def lang_of(interaction: discord.Interaction[Any]) -> str:
    """The user's Discord language: Korean or English."""
    return locale_lang(str(interaction.locale)) or "en"


def mention(user_id: str) -> str:
    """A stored `discord:<id>` as a mention; other ids (a forgotten student) as "a student"."""
    raw = user_id.removeprefix("discord:")
    return f"<@{raw}>" if raw.isdigit() else classroom.someone("en")


async def send_text(
    interaction: discord.Interaction[Any], text: str, ephemeral: bool, neutralise: bool = True
) -> None:
    """Send possibly long text as one or more messages (2,000 characters each).

    `neutralise=False` keeps mentions we wrote ourselves (a leaderboard shows names that way;
    the client's `AllowedMentions.none()` still keeps them from pinging anyone).
    """
    parts = split_message(neutralise_mentions(text) if neutralise else text) or ["…"]
    if not interaction.response.is_done():
        await interaction.response.send_message(parts[0], ephemeral=ephemeral)
        parts = parts[1:]
    for part in parts:
        await interaction.followup.send(part, ephemeral=ephemeral)


class CannotPostHere(UserFacing):
    """The bot lacks what it needs to post quiz messages in this channel."""

    code = "cannot_post_here"

    def __init__(self) -> None:

        super().__init__(en=TEXT["no_permission"]["en"], ko=TEXT["no_permission"]["ko"])


def require_posting(interaction: discord.Interaction[Any]) -> None:
    """Raise `CannotPostHere` unless the bot may post embeds in the interaction's channel
    (group quizzes and schedules post there, not as replies to the interaction)."""
    perms = interaction.app_permissions
    if not (perms.send_messages and perms.embed_links):
        raise CannotPostHere


def player_of(bot: CommandHost, interaction: discord.Interaction[Any]) -> Player:
    """The quiz player behind an interaction: user, server (class) and channel."""
    turn = bot.to_turn(interaction.user, interaction.channel, interaction.guild, "", None)
    return Player(turn.user_id, turn.class_id, turn.platform, turn.conversation_id)


def add_commands(bot: CommandHost) -> None:
    """Register every slash command on the bot's tree."""
    tree = bot.tree

    @tree.command(name="ask", description="Ask about the lesson")
    @app_commands.describe(question="Your question", premium="Use the premium model")
    async def ask(
        interaction: discord.Interaction[Any], question: str, premium: bool = False
    ) -> None:
        await bot.ask_interaction(interaction, question, premium)

    @tree.command(name="help", description="What StudyBot can do")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(HELP_TEXT[lang_of(interaction)], ephemeral=True)

    @tree.command(name="quiz", description="A quiz (group: the whole channel, timed)")
    @app_commands.describe(
        count="How many questions (1-10)",
        language="ko or en",
        group="A timed quiz for the whole channel",
        time_limit="Seconds per question (group)",
    )
    async def quiz(
        interaction: discord.Interaction[Any],
        count: app_commands.Range[int, 1, 10] = 5,
        language: Literal["ko", "en"] | None = None,
        group: bool = False,
        time_limit: app_commands.Range[int, 10, 600] = 30,
    ) -> None:
        lang = language or lang_of(interaction)
        quizzes = bot.core.quizzes
        player = player_of(bot, interaction)
        if group:
            if interaction.guild is None:
                raise classroom.BadCommand(
                    en="Group quizzes run in server channels.",
                    ko="그룹 퀴즈는 서버 채널에서만 할 수 있습니다.",
                )
            require_posting(interaction)
            state = await quizzes.start_group(player, lang, count, float(time_limit))
            await interaction.response.send_message(
                say("group_start", lang, n=state.total, s=float(time_limit))
            )
            bot.groups.run(player.conversation_id, state, float(time_limit))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        state = await quizzes.start(player, lang, count)
        embed, view = question_message(state)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    @tree.command(name="review", description="Review the questions you got wrong")
    async def review(interaction: discord.Interaction[Any]) -> None:
        lang = lang_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        player = player_of(bot, interaction)
        due = await bot.core.quizzes.due(player.user_id, lang)
        state = await bot.core.quizzes.start(player, lang, 5, review=True)
        embed, view = question_message(state)
        if not due:
            embed.set_author(name=results.stats_text("no_due", lang)[:256])
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    @tree.command(name="stats", description="Your quiz results and streak")
    async def stats(interaction: discord.Interaction[Any]) -> None:
        result = await bot.core.quizzes.stats(f"discord:{interaction.user.id}")
        text = results.render_stats(result, lang_of(interaction), "/quiz")
        await send_text(interaction, text, ephemeral=True)

    @tree.command(name="leaderboard", description="This server's quiz ranking")
    @app_commands.describe(period="week, month or all")
    async def leaderboard(
        interaction: discord.Interaction[Any], period: Literal["week", "month", "all"] = "week"
    ) -> None:
        rows = await bot.core.quizzes.leaderboard(
            class_id(interaction.guild, interaction.user.id), period
        )
        text = results.render_leaderboard(rows, lang_of(interaction), period, mention)
        await send_text(interaction, text, ephemeral=False, neutralise=False)

    @tree.command(name="compare", description="The same question answered by several models")
    @app_commands.describe(
        question="Your question", models="Models, comma-separated (default: all)"
    )
    async def compare_(
        interaction: discord.Interaction[Any], question: str, models: str = ""
    ) -> None:
        lang = lang_of(interaction)
        names = bot.core.compare_models(models)  # an unknown name is answered at once
        turn = bot.to_turn(
            interaction.user,
            interaction.channel,
            interaction.guild,
            question,
            str(interaction.locale),
            bot.is_teacher(interaction.user, interaction.permissions),
        )
        note = bot.core.refusal(turn)
        if note is not None:  # answered at once: no defer, no model call
            await interaction.response.send_message(note, ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        report = await bot.core.compare(turn, question, names)
        text = discord_markdown(parse(compare.render_compare(report, lang)))
        await send_text(interaction, text, ephemeral=False)

    @tree.command(name="budget", description="Your model budget (teachers: class limits)")
    @app_commands.describe(
        class_monthly_usd="Teachers: the class's monthly limit in USD",
        student_daily_usd="Teachers: each student's daily limit in USD",
    )
    async def budget(
        interaction: discord.Interaction[Any],
        class_monthly_usd: app_commands.Range[float, 0, 100_000] | None = None,
        student_daily_usd: app_commands.Range[float, 0, 1_000] | None = None,
    ) -> None:
        lang = lang_of(interaction)
        budgets = bot.core.budgets
        teacher = bot.is_teacher(interaction.user, interaction.permissions)
        turn = bot.to_turn(
            interaction.user, interaction.channel, interaction.guild, "", None, teacher
        )
        if class_monthly_usd is not None or student_daily_usd is not None:
            classroom.require_teacher(teacher and interaction.guild is not None)
            monthly, daily = await budgets.set_limits(turn, class_monthly_usd, student_daily_usd)
            await send_text(interaction, class_budgets.budget_set_text(monthly, daily, lang), True)
            return
        text = class_budgets.render_allowances(await budgets.allowances(turn), lang)
        if teacher and interaction.guild is not None:
            report = await budgets.class_report(turn.class_id)
            # Students as mentions, which Discord shows as their names (never an id); the
            # ids come from our ledger, so the text needs no neutralising.
            text += "\n\n" + class_budgets.render_class_report(report, lang, name=mention)
        await send_text(interaction, text, ephemeral=True, neutralise=False)

    @tree.command(name="mydata", description="Download what StudyBot stores about you")
    async def mydata(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = f"discord:{interaction.user.id}"
        data = await bot.core.students.export_json(user)
        file = discord.File(io.BytesIO(data.encode()), filename="studybot-mydata.json")
        text = (
            "StudyBot이 저장한 내 데이터입니다."
            if lang_of(interaction) == "ko"
            else "Here is everything StudyBot stores about you."
        )
        await interaction.followup.send(text, file=file, ephemeral=True)

    @tree.command(name="forget", description="Delete your data (teachers: the class's)")
    @app_commands.describe(scope="me, or class (teachers)")
    async def forget(
        interaction: discord.Interaction[Any], scope: Literal["me", "class"] = "me"
    ) -> None:
        lang = lang_of(interaction)
        if scope == "class":
            classroom.require_teacher(
                interaction.guild is not None
                and bot.is_teacher(interaction.user, interaction.permissions)
            )
        view = discord.ui.View(timeout=None)
        view.add_item(ForgetButton.make(scope, interaction.user.id, lang))
        await interaction.response.send_message(
            results.forget_prompt(scope, lang), view=view, ephemeral=True
        )

    tree.add_command(_schedule_group(bot))


def _schedule_group(bot: CommandHost) -> app_commands.Group:
    group = app_commands.Group(
        name="schedule",
        description="Scheduled group quizzes in this channel",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def teacher_only(interaction: discord.Interaction[Any]) -> None:
        # Default permissions only hide the command; a server can re-grant it, so check here.
        classroom.require_teacher(bot.is_teacher(interaction.user, interaction.permissions))

    def class_of(interaction: discord.Interaction[Any]) -> str:
        return class_id(interaction.guild, interaction.user.id)

    @group.command(name="add", description="Schedule a group quiz here")
    @app_commands.describe(
        every_minutes="Every N minutes",
        cron="Or a crontab: minute hour day month weekday",
        questions="Questions per quiz",
        language="ko or en",
        time_limit="Seconds per question (group)",
        mode="first_correct or everyone",
    )
    async def add(
        interaction: discord.Interaction[Any],
        every_minutes: app_commands.Range[float, 1, 100_000] | None = None,
        cron: str | None = None,
        questions: app_commands.Range[int, 1, 20] = 5,
        language: Literal["ko", "en"] | None = None,
        time_limit: app_commands.Range[int, 10, 600] = 60,
        mode: Literal["first_correct", "everyone"] = "first_correct",
    ) -> None:
        teacher_only(interaction)
        lang = lang_of(interaction)
        require_posting(interaction)
        request = class_schedules.ScheduleRequest(
            cron=cron,
            every_minutes=every_minutes,
            questions=questions,
            lang=language,
            time_limit_s=float(time_limit),
            mode=mode,
        )
        schedule = await bot.core.schedules.add(
            request,
            platform="discord",
            conversation_id=f"discord:{interaction.channel_id}",
            class_id=class_of(interaction),
            lang=lang,
            created_by=f"discord:{interaction.user.id}",
        )
        await send_text(interaction, class_schedules.schedule_added_text(schedule, lang), True)

    @group.command(name="list", description="Scheduled quizzes of this server")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        teacher_only(interaction)
        rows = await bot.core.schedules.of_class(class_of(interaction))
        text = class_schedules.render_schedules(rows, lang_of(interaction))
        await send_text(interaction, text, ephemeral=True)

    @group.command(name="remove", description="Remove a scheduled quiz")
    @app_commands.describe(schedule_id="The schedule's id (see /schedule list)")
    async def remove(interaction: discord.Interaction[Any], schedule_id: str) -> None:
        teacher_only(interaction)
        lang = lang_of(interaction)
        gone = await bot.core.schedules.remove(schedule_id, class_of(interaction))
        if lang == "ko":
            text = "삭제했습니다." if gone else f"`{schedule_id}` 예약을 찾을 수 없습니다."
        else:
            text = "Removed." if gone else f"No schedule `{schedule_id}` in this server."
        await send_text(interaction, text, ephemeral=True)

    return group


FORGET_TEMPLATE = re.compile(r"forget:(?P<scope>me|class):(?P<user>\d{1,22})")


class ForgetButton(FromCustomId[discord.ui.Button[Any]], template=FORGET_TEMPLATE):
    """The confirmation of `/forget`; only the person who asked can press it."""

    @classmethod
    def make(cls, scope: str, user_id: int, lang: str) -> ForgetButton:
        return cls(
            discord.ui.Button(
                label=results.forget_button(lang),
                style=discord.ButtonStyle.danger,
                custom_id=f"forget:{scope}:{user_id}",
            )
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        match = FORGET_TEMPLATE.fullmatch(self.item.custom_id or "")
        bot = interaction.client
        app = getattr(bot, "core", None)
        lang = lang_of(interaction)
        if match is None or app is None or int(match["user"]) != interaction.user.id:
            await interaction.response.send_message(
                classroom.NotYours().message(lang), ephemeral=True
            )
            return
        if match["scope"] == "class":
            teacher = getattr(bot, "is_teacher", None)
            if (
                interaction.guild is None
                or teacher is None
                or not teacher(interaction.user, interaction.permissions)
            ):
                await interaction.response.send_message(
                    classroom.NotAllowed().message(lang), ephemeral=True
                )
                return
            teacher_turn = Turn(
                text="",
                platform="discord",
                user_id=f"discord:{interaction.user.id}",
                class_id=f"discord:{interaction.guild.id}",
                role="teacher",
            )
            counts = await app.students.forget_class(teacher_turn)
        else:
            user = f"discord:{interaction.user.id}"
            counts = await app.students.forget(user)
            forget_memory = getattr(bot, "forget_memory", None)
            if forget_memory is not None:
                forget_memory(interaction.user.id)
        await interaction.response.edit_message(
            content=results.forget_done(counts, lang), view=None
        )
