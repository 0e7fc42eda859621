"""Slash commands, buttons, menus and forms, built from interaction payloads and dispatched by
discord.py itself; every response is a real HTTP request to a local Discord API stand-in."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
from sqlalchemy import update

from bot.app import App
from bot.channels.discord.client import StudyDiscordBot
from bot.channels.discord.commands import KOREAN, Translator
from bot.quiz.engine import Player
from bot.quiz.schedule import Schedule
from bot.store.db import review_cards
from tests.conftest import fake_models, make_settings
from tests.fakes.discord_api import (
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    STUDENT_ID,
    TEACHER_ID,
    Call,
    FakeDiscord,
    message_payload,
    thread_payload,
    user,
)
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture(scope="session")
async def discord_api() -> AsyncIterator[FakeDiscord]:
    api = FakeDiscord()
    await api.start()
    yield api
    await api.stop()


class Bots:
    """Builds logged-in bots on one database (a second one is "the bot after a restart")."""

    def __init__(self, course_app: App, api: FakeDiscord, tmp_path: Path, **settings: Any):
        self.course_app = course_app
        self.api = api
        self.settings = make_settings(
            data_dir=course_app.settings.data_dir,
            database_url=f"sqlite:///{tmp_path}/discord.db",
            **settings,
        )
        self.bots: list[StudyDiscordBot] = []
        self.apps: list[App] = []
        # The data directory (with the course index) is shared by the session; the record of
        # published commands must start empty for each test.
        (Path(self.settings.data_dir) / "discord-commands.sha256").unlink(missing_ok=True)

    async def start(self, cooldown_s: float = 0) -> StudyDiscordBot:
        settings = self.settings.model_copy(update={"discord_ask_cooldown_s": cooldown_s})
        app = App.build(settings, warm_korean=False)
        app.ensure_loaded()
        bot = StudyDiscordBot(app.core, run_scheduler=True)
        await self.api.login(bot)
        self.bots.append(bot)
        self.apps.append(app)
        return bot

    def app(self, bot: StudyDiscordBot) -> App:
        """The composition root behind `bot` (the bot itself holds only the core)."""
        return self.apps[self.bots.index(bot)]

    async def close(self) -> None:
        # Let commands and message handlers still running (a thread hint, a follow-up, an
        # answer being generated) finish before the session and the model client they use
        # are closed: on a busy machine they outlive the test body, and a handler that
        # finds its client closed would log an error into the next test.
        await settle(("CommandTree", "discord-ui", "discord.py: on_"))
        for bot in self.bots:
            await bot.close()
        for app in self.apps:
            await app.aclose()


async def settle(prefixes: tuple[str, ...], limit_s: float = 60.0) -> None:
    """Wait until no task named with one of `prefixes` is running (polls; never asserts)."""
    for _ in range(int(limit_s / 0.05)):
        busy = [
            t
            for t in asyncio.all_tasks()
            if t.get_name().startswith(prefixes) and t is not asyncio.current_task()
        ]
        if not busy:
            return
        await asyncio.sleep(0.05)


@pytest.fixture
async def bots(
    course_app: App, discord_api: FakeDiscord, fake_llm: FakeOpenAI, tmp_path: Path
) -> AsyncIterator[Bots]:
    discord_api.reset()
    fake_llm.reset()
    made = Bots(course_app, discord_api, tmp_path, models=fake_models(fake_llm.base_url))
    yield made
    await made.close()


def kinds(calls: list[Call]) -> list[Any]:
    return [c.json.get("type") for c in calls if c.path.endswith("/callback")]


def texts(calls: list[Call]) -> str:
    return json.dumps([c.body for c in calls], ensure_ascii=False)


async def test_ask_defers_streams_answers_and_opens_a_thread(
    bots: Bots, discord_api: FakeDiscord, fake_llm: FakeOpenAI
) -> None:
    bot = await bots.start()
    words = "Fine-tuning adapts a pre-trained model to your task with your own data [1]. " * 4
    fake_llm.script.append(
        Step(text=words, chunk_delay=0.1, first_token_delay=0.2)  # ~4 s of streaming
    )
    token = discord_api.command(bot, "ask", question="What is fine-tuning?")
    await discord_api.wait_for(lambda calls: any("/threads" in c.path for c in calls))
    calls = discord_api.for_token(token)
    assert kinds(calls) == [5]  # deferred ("thinking…") before any other work
    edits = [c for c in calls if c.method == "PATCH"]
    streamed = [c for c in edits if (c.json.get("content") or "").endswith("▌")]
    final = edits[-1].json
    # Live edits while the model streams, at most about one a second.
    assert 2 <= len(streamed) <= 7, [c.json.get("content") for c in streamed]
    assert final["content"] is None and "[1]" in final["embeds"][0]["description"]
    assert final["embeds"][-1]["fields"][0]["name"] == "Sources"
    assert "fake-" in final["embeds"][-1]["footer"]["text"]  # the cost/model note
    assert final["allowed_mentions"] == {"parse": []}
    thread = next(c for c in discord_api.calls if c.path.endswith("/threads"))
    assert thread.json["name"] == "What is fine-tuning?"
    hint = await discord_api.wait_for(
        lambda calls: any("follow-up" in (c.json.get("content") or "") for c in calls)
    )
    assert hint


async def test_follow_up_in_the_thread_remembers_the_question(
    bots: Bots, discord_api: FakeDiscord, fake_llm: FakeOpenAI
) -> None:
    bot = await bots.start()
    fake_llm.script.append(Step(text="Fine-tuning trains further on your data [1]."))
    token = discord_api.command(bot, "ask", question="What is fine-tuning?")
    await discord_api.wait_for(lambda calls: any("/threads" in c.path for c in calls))
    thread_call = next(c for c in discord_api.calls if c.path.endswith("/threads"))
    thread_id = thread_call.path.split("/")[-2]  # created on the answer message
    assert token
    # The gateway tells the bot about its thread, then a student writes in it (no mention).
    bot._connection.parse_thread_create(thread_payload(thread_id, "What is fine-tuning?"))
    fake_llm.script.append(Step(text="It needs fewer examples than training from scratch [1]."))
    message = message_payload(
        thread_id, "Does it need a lot of data?", author=user(STUDENT_ID, "sam")
    )
    message["guild_id"] = str(GUILD_ID)
    message["member"] = {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "flags": 0}
    before = len(fake_llm.requests)
    bot._connection.parse_message_create(message)
    await discord_api.wait_for(
        lambda calls: any(
            c.path == f"/api/v10/channels/{thread_id}/messages"
            and c.method == "POST"
            and c.json.get("embeds")
            for c in calls
        )
    )
    request = fake_llm.requests[before]
    roles = [m["role"] for m in request["messages"]]
    assert roles[:3] == ["system", "user", "assistant"]  # the thread's opening turn
    assert request["messages"][1]["content"] == "What is fine-tuning?"
    assert "Does it need a lot of data?" in request["messages"][-1]["content"]


async def test_korean_user_gets_korean_help_and_localised_command_names(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    bot = await bots.start()
    token = discord_api.command(bot, "help", locale="ko")
    (call,) = await discord_api.responses(token)
    assert "/질문" in call.json["data"]["content"] and call.json["data"]["flags"] == 64
    translator = Translator()
    payloads = [
        await c.get_translated_payload(bot.tree, translator) for c in bot.tree.get_commands()
    ]
    names = {p["name"]: p.get("name_localizations", {}).get("ko") for p in payloads}
    assert names["ask"] == "질문" and names["quiz"] == "퀴즈" and names["schedule"] == "예약"
    assert all(names.values()), names  # every command has a Korean name
    described = [p.get("description_localizations", {}).get("ko") for p in payloads]
    assert all(described)
    assert all(k == k.lower() for k in KOREAN if " " not in k)  # names are valid as written


async def test_commands_are_published_once_until_they_change(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    await bots.start()
    syncs = [c for c in discord_api.calls if c.method == "PUT" and c.path.endswith("/commands")]
    assert len(syncs) == 1
    published = {c["name"]: c for c in syncs[0].body}
    assert set(published) >= {"ask", "quiz", "review", "stats", "leaderboard", "schedule"}
    assert published["ask"]["name_localizations"]["ko"] == "질문"
    assert int(published["schedule"]["default_member_permissions"]) == 1 << 5  # Manage Server
    await bots.start()  # a restart with the same commands publishes nothing
    syncs = [c for c in discord_api.calls if c.method == "PUT" and c.path.endswith("/commands")]
    assert len(syncs) == 1


async def test_cooldown_answers_at_once_without_a_model_call(
    bots: Bots, discord_api: FakeDiscord, fake_llm: FakeOpenAI
) -> None:
    bot = await bots.start(cooldown_s=60)
    first = discord_api.command(bot, "ask", question="What is RAG?")
    await discord_api.wait_for(
        lambda calls: any(c.method == "PATCH" for c in discord_api.for_token(first))
    )
    calls_to_model = len(fake_llm.requests)
    second = discord_api.command(bot, "ask", question="And fine-tuning?", locale="ko")
    (reply,) = await discord_api.responses(second)
    assert reply.json["type"] == 4 and reply.json["data"]["flags"] == 64  # ephemeral
    assert "초 후에" in reply.json["data"]["content"]
    assert len(fake_llm.requests) == calls_to_model


async def test_solo_quiz_buttons_menus_and_typed_answers(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    bot = await bots.start()
    engine = bots.app(bot).quiz
    bank = engine.banks.questions
    multi = next(q for q in bank.values() if q.type == "multi" and q.lang == "en")
    short = next(q for q in bank.values() if q.type == "short" and q.lang == "en")
    single = next(q for q in bank.values() if q.type == "single" and q.lang == "en")
    player = Player(f"discord:{STUDENT_ID}", f"discord:{GUILD_ID}", "discord", "c")
    state = engine.start(player, "en", [multi, short, single])

    from bot.channels.discord.quiz import question_message

    _embed, view = question_message(state)
    (menu,) = view.children
    assert isinstance(menu, discord.ui.DynamicItem) and menu.item.custom_id.startswith("quizm:")
    right = [str(i) for i in sorted(multi.correct_indexes)]
    token = discord_api.click(
        bot, menu.item.custom_id, values=right, components=view.to_components()
    )
    calls = await discord_api.responses(token, 2)  # feedback, then the next question
    assert "Correct" in texts(calls[:1]) and calls[0].json["data"]["flags"] == 64
    next_q = calls[1].json["components"][0]["components"][0]
    assert next_q["custom_id"].startswith("quizt:")  # the short answer's "type it" button
    token = discord_api.click(bot, next_q["custom_id"])
    (modal,) = await discord_api.responses(token)
    assert modal.json["type"] == 9  # a form
    form_id = modal.json["data"]["custom_id"]
    answer = short.accept[0]
    await bot.close()
    bot = await bots.start()  # a restart between opening the form and sending it
    token = discord_api.submit_modal(bot, form_id, {"answer": answer})
    calls = await discord_api.responses(token, 2)
    assert "Correct" in texts(calls[:1])
    assert engine.state(state.attempt_id).score == 2
    again = discord_api.submit_modal(bot, form_id, {"answer": answer})
    (dup,) = await discord_api.responses(again, 1)
    assert "already" in json.dumps(dup.json)  # sent twice: recorded once


async def test_quiz_button_answers_once_even_after_a_restart(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    from bot.channels.discord.quiz import question_message

    bot = await bots.start()
    token = discord_api.command(bot, "quiz", count=2, language="en")
    calls = await discord_api.responses(token, 2)
    assert kinds(calls) == [5] and calls[1].json["flags"] == 64  # just for the student
    assert calls[1].json["components"][0]["components"][0]["custom_id"].startswith("quiz")
    engine = bots.app(bot).quiz
    single = next(q for q in engine.banks.questions.values() if q.type == "single")
    player = Player(f"discord:{STUDENT_ID}", f"discord:{GUILD_ID}", "discord", "c")
    state = engine.start(player, "en", [single])
    _embed, view = question_message(state)
    components = view.to_components()
    custom_id = components[0]["components"][0]["custom_id"]
    await bot.close()
    restarted = await bots.start()  # a new process: nothing in memory about that quiz
    first = discord_api.click(restarted, custom_id, components=components)
    await discord_api.responses(first, 1)
    again = discord_api.click(restarted, custom_id, components=components)
    (dup,) = await discord_api.responses(again, 1)
    assert "already" in json.dumps(dup.json)
    assert bots.app(restarted).quiz.state(state.attempt_id).score <= 1
    assert bots.app(restarted).quiz.state(state.attempt_id).finished  # one answer, recorded once


async def test_group_quiz_posts_in_the_channel_and_edits_results_in(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    bot = await bots.start()
    engine = bots.app(bot).quiz
    player = Player("schedule:s", f"discord:{GUILD_ID}", "discord", f"discord:{CHANNEL_ID}")
    state = engine.start_group(player, "en", 2, 1.0)
    schedule = Schedule(
        "s", "discord", f"discord:{CHANNEL_ID}", f"discord:{GUILD_ID}", "en", 2, 1.0,
        every_minutes=60,
    )  # fmt: skip
    await bot.groups.post_group_quiz(schedule, state)
    channel = f"/api/v10/channels/{CHANNEL_ID}/messages"
    await discord_api.wait_for(
        lambda calls: len([c for c in calls if c.method == "PATCH" and channel in c.path]) >= 2
    )
    posts = [c for c in discord_api.calls if c.path == channel and c.method == "POST"]
    assert "Group quiz" in (posts[0].json.get("content") or "")
    assert len(posts) == 3  # the announcement and two questions
    edits = [c for c in discord_api.calls if c.method == "PATCH" and channel in c.path]
    assert all(e.json["components"] == [] for e in edits)  # buttons gone once closed
    assert "finished" in json.dumps(edits[-1].json)
    assert engine.state(state.attempt_id).finished


async def test_group_quiz_command_refuses_without_channel_permissions(
    bots: Bots, discord_api: FakeDiscord
) -> None:
    bot = await bots.start()
    token = discord_api.command(bot, "quiz", group=True, app_permissions=1 << 10)  # view only
    (reply,) = await discord_api.responses(token)
    assert "Send Messages" in reply.json["data"]["content"]
    token = discord_api.command(bot, "quiz", group=True, time_limit=10)
    (start,) = await discord_api.responses(token)
    assert "Group quiz: 5 questions, 10 s each" in start.json["data"]["content"]
    await discord_api.wait_for(
        lambda calls: any(c.path == f"/api/v10/channels/{CHANNEL_ID}/messages" for c in calls)
    )


async def test_stats_review_and_leaderboard(bots: Bots, discord_api: FakeDiscord) -> None:
    bot = await bots.start()
    engine = bots.app(bot).quiz
    q = next(q for q in engine.banks.questions.values() if q.type == "single" and q.lang == "en")
    player = Player(f"discord:{STUDENT_ID}", f"discord:{GUILD_ID}", "discord", "c")
    state = engine.start(player, "en", [q])
    (right,) = q.correct_indexes
    engine.answer(state.attempt_id, q.id, player.user_id, (right + 1) % len(q.options()))
    token = discord_api.command(bot, "stats")
    (stats,) = await discord_api.responses(token)
    assert "Answered 1, correct 0" in stats.json["data"]["content"]
    with engine.engine.begin() as conn:  # a day later: the missed question is due
        conn.execute(update(review_cards).values(due=datetime.now(UTC) - timedelta(hours=1)))
    token = discord_api.command(bot, "review")
    calls = await discord_api.responses(token, 2)
    review = json.dumps(calls[1].json, ensure_ascii=False)
    assert calls[1].json["flags"] == 64 and q.prompt[:30] in review
    assert "Nothing to review" not in review
    other = Player(f"discord:{TEACHER_ID}", f"discord:{GUILD_ID}", "discord", "c")
    s2 = engine.start(other, "en", [q])
    engine.answer(s2.attempt_id, q.id, other.user_id, right)
    elsewhere = Player("discord:777", "discord:other-guild", "discord", "c")
    s3 = engine.start(elsewhere, "en", [q])
    engine.answer(s3.attempt_id, q.id, elsewhere.user_id, right)
    token = discord_api.command(bot, "leaderboard", period="all")
    (board,) = await discord_api.responses(token)
    content = board.json["data"]["content"]
    assert f"<@{TEACHER_ID}>" in content and "777" not in content  # this server only
    assert board.json["data"]["allowed_mentions"] == {"parse": []}  # shown, never pinged
    # In a DM the class is the student alone: two students who quizzed in DMs never see
    # each other (they used to share one "direct" class across every server).
    for dm_user in (STUDENT_ID, 778):
        dm_player = Player(
            f"discord:{dm_user}", f"discord:dm:{dm_user}", "discord", f"discord:dm{dm_user}"
        )
        s4 = engine.start(dm_player, "en", [q])
        engine.answer(s4.attempt_id, q.id, dm_player.user_id, right)
    token = discord_api.command(bot, "leaderboard", period="all", dm=True)
    (board,) = await discord_api.responses(token)
    content = board.json["data"]["content"]
    assert f"<@{STUDENT_ID}>" in content and "778" not in content and "777" not in content


async def test_budget_for_students_and_teachers(bots: Bots, discord_api: FakeDiscord) -> None:
    bot = await bots.start()
    token = discord_api.command(bot, "budget")
    (mine,) = await discord_api.responses(token)
    assert "Your budget today" in mine.json["data"]["content"]
    assert "Class spending" not in mine.json["data"]["content"]
    token = discord_api.command(bot, "budget", student_daily_usd=0.02)
    (refused,) = await discord_api.responses(token)
    assert "Only teachers" in refused.json["data"]["content"]
    token = discord_api.command(
        bot, "budget", student_daily_usd=0.02, user_id=TEACHER_ID, manage_guild=True
    )
    (done,) = await discord_api.responses(token)
    assert "$0.02 per student a day" in done.json["data"]["content"]
    token = discord_api.command(bot, "budget", user_id=TEACHER_ID, manage_guild=True)
    (report,) = await discord_api.responses(token)
    assert "Class spending" in report.json["data"]["content"]


async def test_compare(bots: Bots, discord_api: FakeDiscord, fake_llm: FakeOpenAI) -> None:
    bot = await bots.start()
    fake_llm.script.extend([Step(text="One [1]."), Step(text="Two [1].")])
    token = discord_api.command(bot, "compare", question="What is a foundation model?")
    calls = await discord_api.responses(token, 2)
    assert kinds(calls) == [5]
    table = calls[1].json["content"]
    # Discord draws no Markdown tables: an aligned table in a code block, no pipes.
    assert table.startswith("```") and "fake-cheap" in table and "fake-premium" in table
    assert "|---" not in table and "| fake-cheap |" not in table
    token = discord_api.command(bot, "compare", question="What is RAG?", models="nope")
    (bad,) = await discord_api.responses(token)
    assert "Unknown model(s): nope" in bad.json["data"]["content"]


async def test_schedule_commands_for_teachers_only(bots: Bots, discord_api: FakeDiscord) -> None:
    bot = await bots.start()
    token = discord_api.command(bot, "schedule", sub="add", every_minutes=30.0)
    (refused,) = await discord_api.responses(token)
    assert "Only teachers" in refused.json["data"]["content"]
    teacher = {"user_id": TEACHER_ID, "manage_guild": True}
    token = discord_api.command(
        bot, "schedule", sub="add", cron="0 9 * * mon-fri", questions=3, language="ko", **teacher
    )
    (added,) = await discord_api.responses(token)
    assert "cron `0 9 * * mon-fri`" in added.json["data"]["content"]
    (schedule, _next), *_ = bots.app(bot).schedules.list()
    assert schedule.conversation_id == f"discord:{CHANNEL_ID}"
    assert (schedule.class_id, schedule.questions, schedule.lang) == (
        f"discord:{GUILD_ID}",
        3,
        "ko",
    )
    token = discord_api.command(bot, "schedule", sub="list", **teacher)
    (listed,) = await discord_api.responses(token)
    assert schedule.id in listed.json["data"]["content"]
    token = discord_api.command(bot, "schedule", sub="add", cron="99 * * * *", **teacher)
    (bad,) = await discord_api.responses(token)
    assert "doesn't work" in bad.json["data"]["content"]
    token = discord_api.command(bot, "schedule", sub="remove", schedule_id=schedule.id, **teacher)
    (removed,) = await discord_api.responses(token)
    assert removed.json["data"]["content"] == "Removed."
    assert bots.app(bot).schedules.list() == []


async def test_scheduled_quiz_fires_into_the_channel(bots: Bots, discord_api: FakeDiscord) -> None:
    bot = await bots.start()
    service = bots.app(bot).schedules
    assert service.posters["discord"] is bot.groups  # registered by setup_hook
    schedule = Schedule(
        "daily", "discord", f"discord:{CHANNEL_ID}", f"discord:{GUILD_ID}", "en", 1, 1.0,
        cron="* * * * *",
    )  # fmt: skip
    service.add(schedule)
    now = datetime.now(UTC)
    assert await service.fire("daily", now)
    channel = f"/api/v10/channels/{CHANNEL_ID}/messages"
    await discord_api.wait_for(
        lambda calls: any(c.method == "PATCH" and channel in c.path for c in calls)
    )
    assert not await service.fire("daily", now)  # the same due time never posts twice


async def test_errors_are_localised_and_logged_not_shown(
    bots: Bots, discord_api: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await bots.start()

    def boom(*_args: Any) -> Any:
        raise RuntimeError("secret internal detail")

    bots.app(bot).quiz.progress.stats = boom  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR):
        token = discord_api.command(bot, "stats", locale="ko")
        (reply,) = await discord_api.responses(token)
    assert reply.json["data"]["content"] == "문제가 발생했습니다. 잠시 후 다시 시도해 주세요."
    assert "secret" not in json.dumps(reply.json)
    assert "secret internal detail" in caplog.text  # the traceback went to the log


async def test_mention_in_a_channel_without_permissions_is_one_log_line(
    bots: Bots, discord_api: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await bots.start()
    discord_api.forbidden_channels.add(str(CHANNEL_ID))
    for n in range(2):
        message = message_payload(
            str(CHANNEL_ID), f"<@{BOT_ID}> What is RAG? {n}", author=user(STUDENT_ID, "sam")
        )
        message["guild_id"] = str(GUILD_ID)
        message["mentions"] = [user(BOT_ID, "StudyBot", bot=True)]
        message["member"] = {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "flags": 0}
        with caplog.at_level(logging.WARNING):
            bot._connection.parse_message_create(message)
            await discord_api.wait_for(
                lambda calls, n=n: len([c for c in calls if c.method == "POST"]) >= n + 1
            )
            # The handler logs after its refused send returns: wait for it to finish.
            await settle(("discord.py: on_message",))
    assert caplog.text.count("missing permissions in channel") == 1


@pytest.mark.parametrize(
    ("reject_token", "expected"),
    [(True, "Discord rejected the token"), (False, "enable the Message Content intent")],
    ids=["bad-token", "missing-intent"],
)
async def test_bad_token_or_missing_intent_is_one_clear_log_line(
    course_app: App,
    discord_api: FakeDiscord,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    reject_token: bool,
    expected: str,
) -> None:
    import yarl
    from discord.gateway import DiscordWebSocket

    from bot.channels.discord.client import run_discord

    discord_api.reset()
    discord_api.reject_token = reject_token
    discord.http.Route.BASE = discord_api.base
    gateway = discord_api.base.replace("http://", "ws://").replace("/api/v10", "/gateway")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(gateway))
    with caplog.at_level(logging.ERROR):
        # Returns instead of crashing or reconnecting forever.
        await asyncio.wait_for(run_discord(course_app.core, "bad-token", run_scheduler=False), 30)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and expected in errors[0].getMessage()
    assert "bad-token" not in caplog.text  # the token itself never reaches the log


async def test_mydata_and_forget(bots: Bots, discord_api: FakeDiscord) -> None:
    bot = await bots.start()
    engine = bots.app(bot).quiz
    q = next(q for q in engine.banks.questions.values() if q.type == "single")
    me = Player(f"discord:{STUDENT_ID}", f"discord:{GUILD_ID}", "discord", "c")
    other = Player(f"discord:{TEACHER_ID}", f"discord:{GUILD_ID}", "discord", "c")
    for player in (me, other):
        state = engine.start(player, "en", [q])
        engine.answer(state.attempt_id, q.id, player.user_id, 0)
    token = discord_api.command(bot, "mydata")
    calls = await discord_api.responses(token, 2)
    assert kinds(calls) == [5]
    export = json.loads(calls[1].files["studybot-mydata.json"])
    assert export["user_id"] == f"discord:{STUDENT_ID}" and len(export["quiz_answers"]) == 1
    assert str(TEACHER_ID) not in json.dumps(export)  # only the asker's data
    assert calls[1].json["flags"] == 64  # only the asker sees it

    token = discord_api.command(bot, "forget")
    (prompt,) = await discord_api.responses(token)
    button = prompt.json["data"]["components"][0]["components"][0]
    assert button["custom_id"] == f"forget:me:{STUDENT_ID}" and button["style"] == 4
    # Someone else pressing it (it is ephemeral, but ids can be replayed) deletes nothing.
    token = discord_api.click(bot, button["custom_id"], user_id=TEACHER_ID)
    (refused,) = await discord_api.responses(token)
    assert "belongs to someone else" in refused.json["data"]["content"]
    assert engine.progress.stats(f"discord:{STUDENT_ID}").answered == 1
    token = discord_api.click(bot, button["custom_id"])
    (done,) = await discord_api.responses(token)
    assert done.json["type"] == 7 and "Deleted" in done.json["data"]["content"]
    assert engine.progress.stats(f"discord:{STUDENT_ID}").answered == 0
    assert engine.progress.stats(f"discord:{TEACHER_ID}").answered == 1  # others untouched

    token = discord_api.command(bot, "forget", scope="class")
    (refused,) = await discord_api.responses(token)
    assert "Only teachers" in refused.json["data"]["content"]
    token = discord_api.command(bot, "forget", scope="class", user_id=TEACHER_ID, manage_guild=True)
    (prompt,) = await discord_api.responses(token)
    button = prompt.json["data"]["components"][0]["components"][0]
    token = discord_api.click(bot, button["custom_id"], user_id=TEACHER_ID, manage_guild=True)
    await discord_api.responses(token)
    assert engine.progress.leaderboard(f"discord:{GUILD_ID}", "all") == []
