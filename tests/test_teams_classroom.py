"""Teachers and classes in Teams: schedules, budgets, comparisons; group quizzes after a restart."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import insert, update

from bot.app import App
from bot.channels.web import TEAMS_KEY, build_web_app
from bot.quiz.engine import Player
from bot.store.db import quiz_answers, quiz_attempts
from tests.conftest import fake_models, make_settings
from tests.fakes.openai_server import FakeOpenAI, Step
from tests.test_teams import Capture, Harness, activity, service_url_of

TEACHER = {"id": "29:tess", "name": "Tess", "aadObjectId": "aad-tess"}
STUDENT = {"id": "29:sam", "name": "Sam", "aadObjectId": "aad-sam"}
TEAMS_MESSAGE_LIMIT = 40_000
TEAM = {"tenant": {"id": "t"}, "team": {"id": "team-42"}}

Say = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def classroom(
    course_app: App, fake_llm: FakeOpenAI, tmp_path: Path
) -> AsyncIterator[tuple[Harness, Say]]:
    fake_llm.reset()
    capture = Capture()
    await capture.start()
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/c.db",
        models=fake_models(fake_llm.base_url),
        teachers=["teams:aad-tess"],
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    web_app = build_web_app(app.core, dev=True)
    server = TestServer(web_app, host="127.0.0.1")
    await server.start_server()
    counter = iter(range(1, 1000))
    async with ClientSession() as session:
        harness = Harness(
            session, str(server.make_url("/api/messages")), capture, app, web_app[TEAMS_KEY]
        )

        async def say(text: str, sender: dict[str, str] = STUDENT, **extra: Any) -> dict[str, Any]:
            n = next(counter)
            body = activity(service_url_of(capture), text, f"c-{n}", **extra)
            body["from"] = sender
            body["channelData"] = TEAM
            before = len(capture.messages())
            async with session.post(harness.url, json=body) as resp:
                assert resp.status == 202
            return (await capture.wait_for(before + 1))[before]

        yield harness, say
    await server.close()
    assert capture.server is not None
    await capture.server.close()


async def test_students_cannot_schedule_or_set_budgets(classroom: tuple[Harness, Say]) -> None:
    harness, say = classroom
    reply = await say("schedule add every 60")
    # In Teams' words: no Discord permission, no environment variable.
    assert "Only teachers" in reply["text"] and "Manage Server" not in reply["text"]
    assert "STUDYBOT_" not in reply["text"]
    reply = await say("budget class 1", locale="ko-KR")
    assert "선생님만" in reply["text"] and "서버 관리" not in reply["text"]
    assert harness.app.schedules.list() == []


async def test_teacher_schedules_lists_and_removes(classroom: tuple[Harness, Say]) -> None:
    harness, say = classroom
    reply = await say("schedule add every 90 3 ko time=20s", TEACHER)
    assert "Scheduled quiz" in reply["text"]
    (schedule, next_at), *_ = harness.app.schedules.list()
    assert (schedule.every_minutes, schedule.questions, schedule.lang) == (90, 3, "ko")
    assert schedule.time_limit_s == 20 and schedule.class_id == "teams:team-42"
    assert schedule.conversation_id == "conv-1" and schedule.created_by == "teams:aad-tess"
    assert next_at is not None
    listed = await say("schedule list", TEACHER)
    assert schedule.id in listed["text"] and "every 90 min" in listed["text"]
    cron = await say("schedule add cron 0 9 * * mon-fri 5 en", TEACHER)
    assert "cron `0 9 * * mon-fri`" in cron["text"]
    bad = await say("schedule add cron 0 99 * * *", TEACHER)
    assert "doesn't work" in bad["text"]
    usage = await say("schedule add sometimes", TEACHER)
    assert "Usage" in usage["text"]
    removed = await say(f"schedule remove {schedule.id}", TEACHER)
    assert removed["text"] == "Removed."
    assert len(harness.app.schedules.list()) == 1


async def test_a_scheduled_quiz_is_a_new_channel_post_not_a_reply_in_the_thread(
    classroom: tuple[Harness, Say],
) -> None:
    harness, say = classroom
    thread = {"id": "19:ch@thread.tacv2;messageid=1700000000000", "conversationType": "channel"}
    await say("schedule add every 60", TEACHER, conversation=thread)
    (schedule, _), *_ = harness.app.schedules.list()
    assert schedule.conversation_id == thread["id"]
    time_up: asyncio.Queue[None] = asyncio.Queue()  # the question stays open

    async def never(_seconds: float) -> None:
        await time_up.get()

    harness.app.core.quizzes.group_sleep = never
    player = Player(f"schedule:{schedule.id}", schedule.class_id, "teams", thread["id"])
    state = harness.app.quiz.start_group(player, "en", 1, 60.0)
    before = len(harness.capture.messages())
    await harness.channel.post_group_quiz(schedule, state)
    posted = (await harness.capture.wait_for(before + 1))[before]
    assert posted["conversation"]["id"] == "19:ch@thread.tacv2"  # the channel, no thread
    assert posted["attachments"][0]["content"]["actions"][0]["type"] == "Action.Execute"
    time_up.put_nowait(None)


async def test_another_class_sees_none_of_our_schedules(classroom: tuple[Harness, Say]) -> None:
    harness, say = classroom
    await say("schedule add every 60", TEACHER)
    (schedule, _), *_ = harness.app.schedules.list()
    other = {"tenant": {"id": "t"}, "team": {"id": "team-other"}}
    # `say` speaks for our team; the other team's activities are sent by hand.
    body = activity(service_url_of(harness.capture), "schedule list", "o-1")
    body["from"], body["channelData"] = TEACHER, other
    before = len(harness.capture.messages())
    async with harness.session.post(harness.url, json=body) as resp:
        assert resp.status == 202
    listed = (await harness.capture.wait_for(before + 1))[before]
    assert schedule.id not in listed["text"] and "No scheduled quizzes" in listed["text"]
    body["id"], body["text"] = "o-2", f"schedule remove {schedule.id}"
    async with harness.session.post(harness.url, json=body) as resp:
        assert resp.status == 202
    refused = (await harness.capture.wait_for(before + 2))[before + 1]
    assert "No schedule" in refused["text"]
    assert harness.app.schedules.get(schedule.id) is not None


async def test_teacher_sets_and_sees_class_budget(classroom: tuple[Harness, Say]) -> None:
    _harness, say = classroom
    reply = await say("budget student 0.01", TEACHER)
    assert "$0.01 per student a day" in reply["text"]
    reply = await say("budget class 500", TEACHER)  # above the configured $10: capped
    assert "$10.00 a month" in reply["text"]
    student = await say("budget")
    assert "Your budget today: $0.0100 / $0.01" in student["text"]
    assert "Class spending" not in student["text"]  # students see only their own
    await say("What is a foundation model?")  # spends from the class budget
    teacher = await say("budget", TEACHER)
    assert "Class spending" in teacher["text"] and "• Sam: $" in teacher["text"]
    assert "aad-sam" not in teacher["text"]  # people by name, never by platform id


async def test_leaderboard_shows_names_and_follows_a_rename(
    classroom: tuple[Harness, Say],
) -> None:
    harness, say = classroom
    quiz = harness.app.quiz
    question = quiz.pick("en", 1, types=("single",), seed=1)[0]
    right = min(question.correct_indexes)
    for who, sender in (("teams:aad-sam", STUDENT), ("teams:aad-tess", TEACHER)):
        await say("help", sender)  # the bot learns the name from the activity
        state = quiz.start(Player(who, "teams:team-42", "teams", "conv-1"), "en", [question])
        quiz.answer(state.attempt_id, question.id, who, right)
    board = (await say("leaderboard"))["text"]
    assert "Sam" in board and "Tess" in board and "aad-" not in board
    await say("help", {**STUDENT, "name": "Samantha"})  # renamed in Teams
    board = (await say("leaderboard", TEACHER))["text"]
    assert "Samantha" in board and "aad-" not in board
    # A student the bot never saw a name for is "a student", not an id.
    state = quiz.start(
        Player("teams:aad-zed", "teams:team-42", "teams", "conv-1"), "en", [question]
    )
    quiz.answer(state.attempt_id, question.id, "teams:aad-zed", right)
    board = (await say("leaderboard", TEACHER))["text"]
    assert "a student" in board and "zed" not in board


async def test_the_bot_says_welcome_once_when_added_and_not_when_others_join(
    classroom: tuple[Harness, Say],
) -> None:
    harness, _say = classroom
    url = service_url_of(harness.capture)

    async def post(**fields: Any) -> None:
        body = activity(url, "", **fields)
        body.pop("text")
        body["channelData"] = TEAM
        async with harness.session.post(harness.url, json=body) as resp:
            assert resp.status == 202

    # Added to a team: a conversationUpdate naming the bot and an installationUpdate.
    await post(type="conversationUpdate", activity_id="w-1", membersAdded=[{"id": "28:studybot"}])
    await post(type="installationUpdate", activity_id="w-2", action="add", locale="ko-KR")
    # Someone else joins later: no message.
    await post(type="conversationUpdate", activity_id="w-3", membersAdded=[{"id": "29:new"}])
    await harness.channel.drain()  # every activity above has been handled
    (welcome,) = harness.capture.messages()
    assert "StudyBot" in welcome["text"] and "quiz" in welcome["text"]


async def test_one_conversations_turns_run_in_order_and_others_beside_them(
    classroom: tuple[Harness, Say], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A turn waits for its conversation's previous one; another conversation's does not.

    Driven by events, not by counting the loop's turns (which depended on how fast the
    HTTP round trips were): conv-a's turns hold at a gate until conv-b's turn has started,
    so b1 provably ran while a1 was unfinished, and a2 (acknowledged before b1) must not
    have started by then."""
    harness, _say = classroom
    events: list[tuple[str, str]] = []
    gate = asyncio.Event()
    b_started = asyncio.Event()

    async def turn(_identity: Any, act: Any, _callback: Any, _logic: Any) -> None:
        events.append(("start", act.id))
        if act.id.startswith("a"):
            await gate.wait()
        else:
            b_started.set()
        for _ in range(20):  # room to interleave, were turns of one conversation side by side
            await asyncio.sleep(0)
        events.append(("end", act.id))

    monkeypatch.setattr(harness.channel.adapter, "process_proactive", turn)
    url = service_url_of(harness.capture)
    for activity_id, conversation in (
        ("a1", "conv-a"),
        ("a2", "conv-a"),
        ("b1", "conv-b"),
        ("a3", "conv-a"),
    ):
        body = activity(url, "hello", activity_id, conversation={"id": conversation})
        async with harness.session.post(harness.url, json=body) as resp:
            assert resp.status == 202
    # (A timeout only so that a broken ordering fails instead of hanging.)
    await asyncio.wait_for(b_started.wait(), timeout=60)
    assert ("start", "a2") not in events and ("end", "a1") not in events
    gate.set()
    await harness.channel.drain()
    mine = [e for e in events if e[1].startswith("a")]
    assert mine == [(k, a) for a in ("a1", "a2", "a3") for k in ("start", "end")]


async def test_compare_shows_models_side_by_side(
    classroom: tuple[Harness, Say], fake_llm: FakeOpenAI
) -> None:
    _harness, say = classroom
    fake_llm.script.extend(
        [Step(text="Cheap answer [1]."), Step(text="Premium answer [1].", first_token_delay=0.1)]
    )
    reply = await say("compare What is a foundation model?")
    card = reply["attachments"][0]["content"]
    text = json.dumps(card, ensure_ascii=False)
    # Side by side as a grid Teams draws (a Markdown table would show its pipes).
    assert "|" not in text and '"ColumnSet"' in text
    assert "fake-cheap" in text and "fake-premium" in text
    assert " ms" in text and "$0." in text
    assert "answer [1]" in text
    unknown = await say("compare models=gpt-9 What is RAG?")
    assert "Unknown model(s): gpt-9" in unknown["text"]


async def test_group_quiz_resumes_after_a_restart(course_app: App, tmp_path: Path) -> None:
    """A quiz whose server stopped mid-question is closed and carried on by the next start."""
    capture = Capture()
    await capture.start()
    settings = make_settings(
        data_dir=course_app.settings.data_dir, database_url=f"sqlite:///{tmp_path}/r.db"
    )
    # The first server: spoken to (so it knows the conversation), then a quiz starts... and
    # the process "dies" with the first question open (no runner survives).
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    server = TestServer(build_web_app(app.core, dev=True), host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as session:
        async with session.post(
            str(server.make_url("/api/messages")),
            json=activity(service_url_of(capture), "help", "r-1"),
        ) as resp:
            assert resp.status == 202
        await capture.wait_for(1)
    await server.close()
    quiz = App.build(settings, warm_korean=False).quiz
    state = quiz.start_group(Player("schedule:s", "teams:conv-1", "teams", "conv-1"), "en", 2, 1.0)
    with quiz.engine.begin() as conn:  # its time ran out while the server was down
        conn.execute(
            update(quiz_attempts)
            .where(quiz_attempts.c.id == state.attempt_id)
            .values(question_opened_at=datetime.now(UTC) - timedelta(seconds=30))
        )
    # The next start resumes it: results of Q1 at once, then Q2, its results, finished.
    app2 = App.build(settings, warm_korean=False)
    app2.ensure_loaded()
    server2 = TestServer(build_web_app(app2.core, dev=True), host="127.0.0.1")
    await server2.start_server()
    messages = await capture.wait_for(3, within_s=20)
    texts = [json.dumps(m, ensure_ascii=False) for m in messages[1:]]
    assert "answered correctly" in texts[0]  # Q1's results (its card id was lost: posted)
    assert "2/2" in texts[1]  # the second question
    (card_id, results), *_ = await capture.wait_for_updates(1, within_s=20)
    assert card_id == "sent-3" and "Group quiz finished" in json.dumps(results)
    await server2.close()
    assert quiz.state(state.attempt_id).finished
    assert capture.server is not None
    await capture.server.close()


async def test_mydata_arrives_as_a_file_even_after_a_thousand_answers(
    classroom: tuple[Harness, Say],
) -> None:
    harness, say = classroom
    quiz = harness.app.quiz
    q = next(q for q in quiz.banks.questions.values() if q.type == "single")
    state = quiz.start(Player("teams:aad-sam", "teams:team-42", "teams", "conv-1"), "en", [q])
    now = datetime.now(UTC)
    rows = [
        {
            "attempt_id": state.attempt_id,
            "question_id": f"{q.id}-{i}",
            "user_id": "teams:aad-sam",
            "class_id": "teams:team-42",
            "answer": "0",
            "correct": i % 2 == 0,
            "points": i % 2,
            "section": q.source,
            "lang": "en",
            "answered_at": now,
        }
        for i in range(1000)
    ]
    with quiz.engine.begin() as conn:
        conn.execute(insert(quiz_answers), rows)
    offer = await say("mydata")
    consent = offer["attachments"][0]
    assert consent["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    assert consent["content"]["sizeInBytes"] > TEAMS_MESSAGE_LIMIT  # too big for a message
    assert len(json.dumps(offer, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT
    # The student accepts: Teams invokes the bot with a OneDrive upload URL.
    upload_url = service_url_of(harness.capture) + "/upload/studybot-mydata.json"
    accept = activity(service_url_of(harness.capture), "", "fc-1")
    accept.update(
        type="invoke",
        name="fileConsent/invoke",
        value={
            "type": "fileUpload",
            "action": "accept",
            "context": consent["content"]["acceptContext"],
            "uploadInfo": {
                "name": "studybot-mydata.json",
                "uploadUrl": upload_url,
                "contentUrl": "https://onedrive.example/studybot-mydata.json",
                "uniqueId": "file-1",
                "fileType": "json",
            },
        },
    )
    accept["from"] = STUDENT
    before = len(harness.capture.messages())
    async with harness.session.post(harness.url, json=accept) as resp:
        assert resp.status == 200
    ((name, body, content_range),) = harness.capture.uploads
    assert name == "studybot-mydata.json"
    exported = json.loads(body)
    assert exported["user_id"] == "teams:aad-sam" and len(exported["quiz_answers"]) == 1000
    assert content_range == f"bytes 0-{len(body) - 1}/{len(body)}"
    shown = (await harness.capture.wait_for(before + 1))[before]
    assert shown["attachments"][0]["contentType"].endswith("card.file.info")
    assert all(
        len(json.dumps(m, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT
        for m in harness.capture.messages()
    )
    # Declining sends nothing but a short note.
    decline = {**accept, "id": "fc-2", "value": {**accept["value"], "action": "decline"}}
    async with harness.session.post(harness.url, json=decline) as resp:
        assert resp.status == 200
    assert len(harness.capture.uploads) == 1


async def test_mydata_only_in_personal_chat_and_forget_needs_the_students_own_click(
    classroom: tuple[Harness, Say],
) -> None:
    harness, say = classroom
    quiz = harness.app.quiz
    q = next(q for q in quiz.banks.questions.values() if q.type == "single")
    state = quiz.start(Player("teams:aad-sam", "teams:team-42", "teams", "conv-1"), "en", [q])
    quiz.answer(state.attempt_id, q.id, "teams:aad-sam", 0)
    channel = {"id": "19:channel", "conversationType": "channel"}
    refused = await say("mydata", conversation=channel)
    assert "personal chat" in refused["text"]
    offer = await say("mydata")  # the fixture's conversation is personal
    assert offer["attachments"][0]["contentType"].endswith("card.file.consent")
    card = await say("forget")
    action = card["attachments"][0]["content"]["actions"][0]
    assert action["data"] == {"kind": "studybot.forget", "scope": "me", "user": "teams:aad-sam"}
    stolen = await say("", TEACHER, value=action["data"])  # someone else submits it
    assert "belongs to someone else" in stolen["text"]
    assert quiz.progress.stats("teams:aad-sam").answered == 1
    done = await say("", value=action["data"])
    assert done["text"].startswith("Deleted")
    assert quiz.progress.stats("teams:aad-sam").answered == 0


async def test_a_korean_command_word_starts_a_korean_quiz(classroom: tuple[Harness, Say]) -> None:
    harness, say = classroom
    korean = await say("퀴즈 1")  # the activity's locale is en-US: the word decides
    english = await say("quiz 1")
    named = await say("퀴즈 en 1")  # a language asked for by name wins

    def lang_of(reply: dict[str, Any]) -> str:
        attempt = reply["attachments"][0]["content"]["actions"][0]["data"]["attempt"]
        return str(harness.app.quiz.state(attempt).lang)

    assert (lang_of(korean), lang_of(english), lang_of(named)) == ("ko", "en", "en")
