"""Discord: mentions, DMs, cooldowns and embeds, through dpytest (no gateway, no internet)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest

from bot.app import App
from bot.channels.discord.client import StudyDiscordBot, reply_embeds, sources_field
from bot.kernel.models import Citation, Reply
from tests.conftest import make_settings


def _intents() -> discord.Intents:
    # dpytest keeps its fake members in the member cache, which needs the members intent;
    # the production client doesn't ask for it.
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    return intents


async def _configure(bot: StudyDiscordBot) -> None:
    await bot._async_setup_hook()  # dpytest needs the setup hook run first
    dpytest.configure(bot, members=2)
    # Make the bot a member of the test guild, so a mention of it resolves as on Discord.
    assert bot.user is not None
    dpytest.backend.make_member(bot.user, dpytest.get_config().guilds[0])


@pytest.fixture
async def dbot(course_app: App) -> AsyncIterator[StudyDiscordBot]:
    bot = StudyDiscordBot(course_app.core, intents=_intents())
    await _configure(bot)
    yield bot
    await dpytest.empty_queue()


async def test_mention_gets_an_answer_with_sources(dbot: StudyDiscordBot) -> None:
    assert dbot.user is not None
    await dpytest.message(f"<@{dbot.user.id}> What is retrieval augmented generation?")
    reply = dpytest.get_message()
    embed = reply.embeds[0]
    assert "[1]" in (embed.description or "")
    assert embed.fields and embed.fields[0].name == "Sources"
    assert embed.footer.text == "Quoted from the course"


async def test_plain_channel_message_is_ignored(dbot: StudyDiscordBot) -> None:
    await dpytest.message("What is RAG?")  # no mention: not for the bot
    assert dpytest.verify().message().nothing()


async def test_dm_in_korean(dbot: StudyDiscordBot) -> None:
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()
    await dpytest.message("임베딩이 뭐야?", channel=dm, member=member)
    reply = dpytest.get_message()
    embed = reply.embeds[0]
    assert "숫자 형태" in (embed.description or "")
    assert embed.fields[0].name == "출처"
    assert "](https://github.com/microsoft/generative-ai-for-beginners/" in embed.fields[0].value


async def test_cooldown_blocks_rapid_questions(course_app: App, tmp_path: Path) -> None:
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/cooldown.db",
        discord_ask_cooldown_s=60,
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    try:
        bot = StudyDiscordBot(app.core, intents=_intents())
        await _configure(bot)
        assert bot.user is not None
        await dpytest.message(f"<@{bot.user.id}> What is RAG?")
        assert dpytest.get_message().embeds
        await dpytest.message(f"<@{bot.user.id}> 파인튜닝은?")
        second = dpytest.get_message()
        # In the question's language, at once, and the pause is not restarted by asking.
        assert not second.embeds and "초 후에 다시 질문해 주세요" in second.content
        await dpytest.message(f"<@{bot.user.id}> And fine-tuning?")
        assert "please wait" in dpytest.get_message().content
        await dpytest.empty_queue()
    finally:
        await app.aclose()


def test_embeds_neutralise_mentions_and_respect_limits() -> None:
    text = "@everyone look <@123> " + "long text " * 900
    reply = Reply(
        text,
        "en",
        (Citation(1, "en/x.md", "Intro @here", "en"),),
        model="gpt-4o-mini",
        tier="cheap",
        cost_usd=0.0012,
    )
    embeds = reply_embeds(reply)
    # 9,000 characters: two embeds, shortened to Discord's 6,000 per message, and it says so.
    assert len(embeds) == 2 and all(len(e.description or "") <= 4096 for e in embeds)
    assert sum(len(e) for e in embeds) <= 6000
    assert (embeds[-1].description or "").endswith("(shortened to fit Discord)")
    assert "@everyone" not in (embeds[0].description or "") and "<@123>" not in (
        embeds[0].description or ""
    )
    assert "@here" not in embeds[-1].fields[0].value
    # Students read what answered them; costs are for teachers (`/budget`).
    assert embeds[-1].footer.text == "Answered by gpt-4o-mini"
    offline = reply_embeds(Reply("x", "ko", (Citation(1, "ko/x.md", "소개", "ko"),)))
    assert offline[-1].footer.text == "강의 자료에서 인용" and "$" not in offline[-1].footer.text


def test_client_never_pings(course_app: App) -> None:
    bot = StudyDiscordBot(course_app.core)
    mentions = bot.allowed_mentions
    assert mentions is not None
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (
        False,
        False,
        False,
        False,
    )


class _Response:
    """The slice of `discord.InteractionResponse` the quiz buttons use, recorded."""

    def __init__(self, sent: list[dict[str, object]]) -> None:
        self.sent = sent

    async def send_message(self, content: str | None = None, **kwargs: object) -> None:
        self.sent.append({"content": content, **kwargs})


class _Followup(_Response):
    async def send(self, content: str | None = None, **kwargs: object) -> None:
        self.sent.append({"content": content, **kwargs})


class _Interaction:
    """A button click as discord.py hands it to a component callback (no gateway here)."""

    def __init__(self, bot: StudyDiscordBot, user_id: int) -> None:
        self.client = bot
        self.user = discord.Object(id=user_id)
        self.sent: list[dict[str, object]] = []
        self.response = _Response(self.sent)
        self.followup = _Followup(self.sent)


async def test_quiz_buttons_survive_a_restart_and_score_once(
    course_app: App, tmp_path: Path
) -> None:
    from bot.channels.discord.quiz import TEMPLATE, QuizButton, question_message
    from bot.quiz.engine import Player

    settings = make_settings(
        data_dir=course_app.settings.data_dir, database_url=f"sqlite:///{tmp_path}/q.db"
    )
    app = App.build(settings, warm_korean=False)
    quiz = app.quiz
    questions = quiz.pick("en", 2, types=("single", "true_false"), seed=3)
    state = quiz.start(Player("discord:42", "discord:1", "discord", "discord:7"), "en", questions)
    _embed, view = question_message(state)
    q = state.question
    assert q is not None
    right = min(q.correct_indexes) if q.type == "single" else (0 if q.answer else 1)
    custom_id = f"quiz:{state.attempt_id}:{q.id}:{right}"
    assert any(getattr(item, "custom_id", "") == custom_id for item in view.children)

    # "After a restart": a brand-new bot process rebuilds the button from its id alone.
    restarted = StudyDiscordBot(app.core)
    match = TEMPLATE.fullmatch(custom_id)
    assert match is not None
    button = discord.ui.Button(label="x", custom_id=custom_id)
    click = _Interaction(restarted, 42)
    item = await QuizButton.from_custom_id(click, button, match)  # type: ignore[arg-type]
    await item.callback(click)  # type: ignore[arg-type]
    feedback = click.sent[0]["embed"]
    assert isinstance(feedback, discord.Embed) and "Correct" in (feedback.title or "")
    assert click.sent[0]["ephemeral"] is True and "view" in click.sent[1]  # next question

    again = _Interaction(restarted, 42)  # a double click on the old message
    item = await QuizButton.from_custom_id(again, button, match)  # type: ignore[arg-type]
    await item.callback(again)  # type: ignore[arg-type]
    assert "already answered" in (again.sent[0]["embed"].title or "")  # type: ignore[union-attr]
    assert len(again.sent) == 1 and quiz.state(state.attempt_id).score == 1
    await app.aclose()


def test_sources_link_to_the_lesson_within_the_field_limit() -> None:
    url = "https://github.com/x/blob/main/translations/ko/l/README.md#" + "%ED%8C%8C" * 90
    cites = tuple(Citation(n, "ko/l.md", f"섹션 {n}", "ko", url) for n in range(1, 5))
    value = sources_field(cites)
    assert len(value) <= 1024
    lines = value.splitlines()
    assert lines[0] == f"[1] [섹션 1]({url})"  # linked while it fits
    assert lines[-1] == "[4] 섹션 4"  # then the plain label, never a cut link
    assert len(lines) == 4
