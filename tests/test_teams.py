"""The Teams endpoint over real HTTP on 127.0.0.1, with replies captured at the serviceUrl."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from bot.app import App
from bot.channels.teams.edge import TeamsChannel
from bot.channels.teams.proactive import ConversationPacer
from bot.channels.web import TEAMS_KEY, build_web_app, check_serve_args
from bot.quiz.engine import Player
from bot.quiz.schedule import Schedule
from tests.conftest import ROOT, fake_models, make_settings
from tests.fakes.openai_server import FakeOpenAI, Step


class Capture:
    """A local stand-in for the Bot Connector service: records every activity the bot sends."""

    def __init__(self) -> None:
        self.activities: list[dict[str, Any]] = []
        self.server: TestServer | None = None
        self.throttle_next = 0
        """How many of the next posts to refuse with 429 and Retry-After."""
        self.times: list[float] = []
        self.updates: list[tuple[str, dict[str, Any]]] = []
        """Cards updated in place: (activity id, new activity)."""
        self.delay_s = 0.0
        """How long the stand-in connector takes to answer each post (a slow Teams)."""
        self.uploads: list[tuple[str, bytes, str]] = []
        """Files uploaded: (name, bytes, Content-Range)."""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conv}/activities/{reply}", self._post)
        app.router.add_post("/v3/conversations/{conv}/activities", self._post)
        app.router.add_put("/v3/conversations/{conv}/activities/{id}", self._put)
        app.router.add_get("/v3/conversations/{conv}/members/{member}", self._member)
        app.router.add_put("/upload/{name}", self._upload)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return str(self.server.make_url("")).rstrip("/")

    async def _post(self, request: web.Request) -> web.Response:
        if self.throttle_next > 0:
            self.throttle_next -= 1
            return web.json_response(
                {"error": "slow down"}, status=429, headers={"Retry-After": "0.3"}
            )
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.activities.append(await request.json())
        self.times.append(asyncio.get_running_loop().time())
        return web.json_response({"id": f"sent-{len(self.activities)}"})

    async def _put(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.updates.append((request.match_info["id"], body))
        return web.json_response({"id": request.match_info["id"]})

    async def _upload(self, request: web.Request) -> web.Response:
        """A stand-in for OneDrive's upload URL (the file-consent flow)."""
        body = await request.read()
        range_ = request.headers.get("Content-Range", "")
        self.uploads.append((request.match_info["name"], body, range_))
        return web.json_response({"id": "file-1"}, status=201)

    async def _member(self, request: web.Request) -> web.Response:
        member = request.match_info["member"]
        return web.json_response({"id": member, "name": member, "userRole": "user"})

    async def wait_for_updates(self, count: int, within_s: float = 30) -> list[Any]:
        for _ in range(int(within_s * 20)):
            if len(self.updates) >= count:
                return self.updates
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} card updates, got {self.updates}")

    def messages(self) -> list[dict[str, Any]]:
        return [a for a in self.activities if a.get("type") == "message"]

    async def wait_for_conversations(self, count: int, within_s: float = 60) -> set[str]:
        """The conversations that received a message, once there are `count` of them."""
        seen: set[str] = set()
        for _ in range(int(within_s * 20)):
            seen = {m["conversation"]["id"] for m in self.messages()}
            if len(seen) >= count:
                return seen
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} conversations with messages, got {len(seen)}")

    async def wait_for(self, count: int, within_s: float = 30) -> list[dict[str, Any]]:
        for _ in range(int(within_s * 20)):
            if len(self.messages()) >= count:
                return self.messages()
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {self.messages()}")


@dataclass
class Harness:
    """The bot server under test, its Teams channel, and the capture server."""

    session: ClientSession
    url: str
    capture: Capture
    app: App
    channel: TeamsChannel


@pytest.fixture
async def harness(course_app: App, tmp_path: Path) -> AsyncIterator[Harness]:
    capture = Capture()
    await capture.start()
    settings = make_settings(
        data_dir=course_app.settings.data_dir, database_url=f"sqlite:///{tmp_path}/t.db"
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    web_app = build_web_app(app.core, dev=True)
    server = TestServer(web_app, host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as session:
        url = str(server.make_url("/api/messages"))
        yield Harness(session, url, capture, app, web_app[TEAMS_KEY])
    await server.close()
    assert capture.server is not None
    await capture.server.close()


@pytest.fixture
def teams(harness: Harness) -> tuple[ClientSession, str, Capture]:
    return harness.session, harness.url, harness.capture


def invoke(service_url: str, data: dict[str, Any], activity_id: str) -> dict[str, Any]:
    """The invoke Teams sends when a student presses an `Action.Execute` button."""
    body = activity(service_url, "", activity_id)
    body.update(
        type="invoke",
        name="adaptiveCard/action",
        value={
            "action": {"type": "Action.Execute", "verb": "studybot.quiz.answer", "data": data},
            "trigger": "manual",
        },
    )
    body["from"] = {"id": "29:bo", "name": "Bo", "aadObjectId": "aad-bo"}
    return body


def activity(
    service_url: str, text: str = "What is RAG?", activity_id: str = "a-1", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "id": activity_id,
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": "29:amy", "name": "Amy", "aadObjectId": "aad-amy"},
        "conversation": {"id": "conv-1", "conversationType": "personal"},
        "recipient": {"id": "28:studybot", "name": "StudyBot"},
        "text": text,
        "locale": "en-US",
        **extra,
    }


def service_url_of(capture: Capture) -> str:
    assert capture.server is not None
    return str(capture.server.make_url("")).rstrip("/")


async def test_answer_arrives_as_adaptive_card(teams: tuple[ClientSession, str, Capture]) -> None:
    session, url, capture = teams
    async with session.post(
        url, json=activity(service_url_of(capture), "<at>StudyBot</at> What is RAG?")
    ) as resp:
        assert resp.status == 202
    (reply,) = await capture.wait_for(1)
    card = reply["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    texts = [b.get("text", "") for b in card["content"]["body"]]
    assert any("[1]" in t for t in texts) and "Sources" in texts
    assert "Quoted from the course" in texts  # what answered, in words
    assert not any("$" in t for t in texts)  # costs are for teachers
    assert reply["replyToId"] == "a-1"


async def test_a_follow_up_leans_on_the_conversations_last_question(
    teams: tuple[ClientSession, str, Capture],
) -> None:
    """Teams gives the bot no history: "give me an example" after "what is an embedding?"
    had been answered alone (LAION-5B's image models). The conversation's last questions
    are kept briefly in the database, so any replica finds them."""
    session, url, capture = teams
    base = service_url_of(capture)
    async with session.post(url, json=activity(base, "what is an embedding?", "f-1")) as resp:
        assert resp.status == 202
    await capture.wait_for(1)
    async with session.post(url, json=activity(base, "give me an example", "f-2")) as resp:
        assert resp.status == 202
    second = (await capture.wait_for(2))[1]
    texts = json.dumps(second["attachments"][0]["content"]["body"], ensure_ascii=False)
    assert "OpenAI embeddings" in texts and "LAION" not in texts


async def test_a_question_is_answered_when_the_follow_up_memory_cannot_be_used(
    harness: Harness,
) -> None:
    """Keeping the last questions is a help for follow-ups, not part of the answer: with
    their table gone from the database (a real error from SQLite), the student is still
    answered, twice."""
    with harness.app.engine.begin() as conn:
        conn.execute(text("DROP TABLE recent_questions"))
    base = service_url_of(harness.capture)
    for n, question in enumerate(["what is an embedding?", "give me an example"], 1):
        body = activity(base, question, f"m-{n}")
        async with harness.session.post(harness.url, json=body) as resp:
            assert resp.status == 202
        await harness.capture.wait_for(n)
    first, second = harness.capture.messages()[:2]
    assert "numerical" in json.dumps(first["attachments"][0]["content"], ensure_ascii=False)
    assert second["attachments"][0]["content"]["type"] == "AdaptiveCard"


async def test_redelivered_activity_is_answered_once(
    teams: tuple[ClientSession, str, Capture],
) -> None:
    session, url, capture = teams
    body = activity(service_url_of(capture), "임베딩이 뭐야?", "dup-1")
    statuses = await asyncio.gather(*(session.post(url, json=body) for _ in range(5)))
    codes = sorted(r.status for r in statuses)
    assert codes == [200, 200, 200, 200, 202]
    await capture.wait_for(1)
    await asyncio.sleep(1.0)
    assert len(capture.messages()) == 1
    texts = json.dumps(capture.messages()[0], ensure_ascii=False)
    assert "숫자 형태" in texts


async def test_quiz_card_submit_records_once(teams: tuple[ClientSession, str, Capture]) -> None:
    session, url, capture = teams
    svc = service_url_of(capture)
    async with session.post(url, json=activity(svc, "quiz en 2", "q-1")) as resp:
        assert resp.status == 202
    (question,) = await capture.wait_for(1)
    actions = question["attachments"][0]["content"]["actions"]
    data = actions[0]["data"]
    assert data["kind"] == "studybot.quiz" and data["attempt"] and data["question"]
    submit = activity(svc, "", "q-2", value=data)
    async with session.post(url, json=submit) as resp:
        assert resp.status == 202
    messages = await capture.wait_for(3)  # feedback, then the next question
    feedback = json.dumps(messages[1])
    assert "Read:" in feedback and "correct of 1 answered, 1 to go" in feedback
    # The same button clicked again (a new activity id): no second score.
    async with session.post(url, json=activity(svc, "", "q-3", value=data)) as resp:
        assert resp.status == 202
    messages = await capture.wait_for(4)
    assert "already" in json.dumps(messages[3]) or "answered" in json.dumps(messages[3])


@pytest.mark.parametrize(
    ("headers", "payload", "status"),
    [
        ({"Content-Type": "text/plain"}, b"hello", 415),
        ({"Content-Type": "application/json"}, b"{not json", 400),
        ({"Content-Type": "application/json"}, json.dumps({"text": "no type"}).encode(), 400),
        ({"Content-Type": "application/json"}, b"[1, 2]", 400),
        (
            {"Content-Type": "application/json"},
            b'{"type": "message", "text": "' + b"x" * (1024 * 1024 + 10) + b'"}',
            413,
        ),
    ],
    ids=["content-type", "malformed", "no-type", "not-object", "too-large"],
)
async def test_bad_requests_get_4xx_and_no_traceback(
    teams: tuple[ClientSession, str, Capture], headers: dict[str, str], payload: bytes, status: int
) -> None:
    session, url, _capture = teams
    async with session.post(url, data=payload, headers=headers) as resp:
        assert resp.status == status
        body = await resp.text()
        assert "Traceback" not in body and "error" in body


async def test_health_and_readiness(teams: tuple[ClientSession, str, Capture]) -> None:
    session, url, _capture = teams
    base = url.rsplit("/api/messages", 1)[0]
    async with session.get(f"{base}/healthz") as resp:
        assert resp.status == 200
    async with session.get(f"{base}/readyz") as resp:
        data = await resp.json()
        assert resp.status == 200 and data["ready"] and data["checks"]["store"]["chunks"] > 0


def test_serve_refuses_unsafe_settings() -> None:
    assert check_serve_args(None, "127.0.0.1", dev=False) is not None  # no app id, no --dev
    assert "loopback" in (check_serve_args(None, "0.0.0.0", dev=True) or "")
    assert check_serve_args(None, "127.0.0.1", dev=True) is None
    assert check_serve_args("app-id", "0.0.0.0", dev=False) is None


async def test_scheduled_group_quiz_runs_in_the_conversation(harness: Harness) -> None:
    session, url, capture = harness.session, harness.url, harness.capture
    # The bot learns where the conversation lives when spoken to (or installed).
    async with session.post(url, json=activity(service_url_of(capture), "help", "h-1")) as resp:
        assert resp.status == 202
    await capture.wait_for(1)
    # Each question's time runs out when the test says so, not on a clock.
    time_up: asyncio.Queue[None] = asyncio.Queue()

    async def wait_for_time_up(_seconds: float) -> None:
        await time_up.get()

    harness.app.core.quizzes.group_sleep = wait_for_time_up
    quiz = harness.app.quiz
    player = Player("schedule:s1", "teams:conv-1", "teams", "conv-1")
    questions = quiz.pick("en", 2, types=("single",), seed=5)
    state = quiz.start(player, "en", questions, "group", "first_correct", 600.0)
    question = state.question
    assert question is not None
    schedule = Schedule(
        "s1", "teams", "conv-1", lang="en", questions=2, time_limit_s=600.0, every_minutes=60
    )
    await harness.channel.post_group_quiz(schedule, state)
    first_question = (await capture.wait_for(2))[1]["attachments"][0]["content"]
    action = first_question["actions"][0]
    assert action["type"] == "Action.Execute" and first_question["version"] == "1.5"
    assert action["data"]["attempt"] == state.attempt_id
    # A student answers through the card, inside the time limit: Teams sends an invoke.
    wrong = next(i for i in range(len(question.options())) if i not in question.correct_indexes)
    data = {**action["data"], "choice": wrong}
    click = invoke(service_url_of(capture), data, "g-1")
    async with session.post(url, json=click) as resp:
        assert resp.status == 200  # an invoke is answered in its response, not with 202
        body = await resp.json()
    # The student's own view: their answer and whether it was right, never the right answer.
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    mine = json.dumps(body["value"], ensure_ascii=False)
    assert "Your answer" in mine and "Not this time" in mine and "Only you see this" in mine
    assert question.explanation not in mine and "Action." not in mine
    # Time is up for Q1: its card shows the results, and Q2 is posted; then Q2's time.
    time_up.put_nowait(None)
    await capture.wait_for(3)
    time_up.put_nowait(None)
    # Each question's card is updated with its results; nothing else reaches the channel.
    updates = await capture.wait_for_updates(2, within_s=20)
    assert [u[0] for u in updates] == ["sent-2", "sent-3"]  # the two question cards
    texts = [json.dumps(u[1], ensure_ascii=False) for u in updates]
    assert all("answered correctly" in t for t in texts)
    assert "Group quiz finished" in texts[-1]
    assert '"Action.' not in texts[0]  # closed: no more buttons
    channel = json.dumps(capture.messages(), ensure_ascii=False)
    # No student's feedback reached the channel.
    assert "Only you see this" not in channel and "Not this time" not in channel
    assert "Read:" not in channel
    assert len(capture.messages()) == 3  # the help, then the two question cards
    assert quiz.state(state.attempt_id).finished


async def test_an_invoke_studybot_does_not_handle_gets_501(harness: Harness) -> None:
    body = invoke(service_url_of(harness.capture), {}, "t-1")
    body["name"] = "task/fetch"
    async with harness.session.post(harness.url, json=body) as resp:
        assert resp.status == 501


async def test_a_malformed_card_action_gets_400_not_a_traceback(harness: Harness) -> None:
    body = invoke(service_url_of(harness.capture), {}, "t-2")
    body["value"] = {"action": {"type": "Action.Execute", "verb": "nope", "data": {}}}
    async with harness.session.post(harness.url, json=body) as resp:
        assert resp.status == 200  # the invoke itself was fine; its answer carries the error
        answer = await resp.json()
    assert answer["statusCode"] == 400 and "Traceback" not in json.dumps(answer)


async def test_throttled_connector_is_retried_and_sends_are_paced(harness: Harness) -> None:
    session, url, capture = harness.session, harness.url, harness.capture
    pacer = harness.channel.adapter.pacer
    # A clock that moves only when the pacer sleeps: the test checks the schedule the pacer
    # computes, never how long a busy machine took.
    clock = FakeClock()
    pacer.clock, pacer.sleep = clock.now, clock.sleep
    granted: list[float] = []
    wait = pacer.wait

    async def recording_wait(conversation_id: str) -> float:
        at = await wait(conversation_id)
        granted.append(at)
        return at

    pacer.wait = recording_wait  # type: ignore[method-assign]
    capture.throttle_next = 1  # the connector answers the first send with 429, Retry-After 0.3
    async with session.post(url, json=activity(service_url_of(capture), "help", "t-1")) as resp:
        assert resp.status == 202
    (first,) = await capture.wait_for(1)
    assert "StudyBot" in first["text"]
    # Three quick sends into one conversation are spaced at ≤ 7 per second.
    for i in range(3):
        async with session.post(
            url, json=activity(service_url_of(capture), "help", f"t-{i + 2}")
        ) as resp:
            assert resp.status == 202
    await capture.wait_for(4)
    gaps = [b - a for a, b in itertools.pairwise(granted)]
    assert gaps == pytest.approx([1 / 7] * 3)
    assert clock.slept == pytest.approx([1 / 7] * 3)  # each send waited exactly its turn


class FakeClock:
    """A monotonic clock that advances only by what is slept on it."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds
        await asyncio.sleep(0)


async def test_pacer_schedule_per_conversation() -> None:
    clock = FakeClock()
    pacer = ConversationPacer(rate=5.0, clock=clock.now, sleep=clock.sleep)
    a = [await pacer.wait("a") for _ in range(3)]
    b = await pacer.wait("b")  # another conversation is not held up by the first
    assert a == pytest.approx([1000.0, 1000.2, 1000.4]) and b == pytest.approx(1000.4)
    clock.t += 5.0  # after a quiet spell the next send goes at once
    assert await pacer.wait("a") == pytest.approx(1005.4) and clock.slept == pytest.approx(
        [0.2, 0.2]
    )


async def test_budget_command(teams: tuple[ClientSession, str, Capture]) -> None:
    session, url, capture = teams
    async with session.post(url, json=activity(service_url_of(capture), "budget", "b-1")) as resp:
        assert resp.status == 202
    (reply,) = await capture.wait_for(1)
    assert "Your budget today: $0.0500 / $0.05" in reply["text"]
    assert "Your class this month" in reply["text"]


async def test_shutdown_lets_in_flight_answers_finish(
    course_app: App, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fake_llm.reset()
    fake_llm.script.append(Step(text="A slow but complete answer [1].", first_token_delay=1.0))
    capture = Capture()
    await capture.start()
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/s.db",
        models=fake_models(fake_llm.base_url),
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    server = TestServer(build_web_app(app.core, dev=True), host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as session:
        body = activity(service_url_of(capture), "What is a fine-tuned model?", "slow-1")
        async with session.post(str(server.make_url("/api/messages")), json=body) as resp:
            assert resp.status == 202
    await server.close()  # shutdown while the model is still thinking
    texts = json.dumps(capture.messages())
    assert "A slow but complete answer" in texts  # the answer went out before the exit
    assert capture.server is not None
    await capture.server.close()


async def test_no_teams_endpoint_without_app_id_when_serving_discord_only(
    course_app: App, tmp_path: Path
) -> None:
    assert check_serve_args(None, "0.0.0.0", dev=False, discord=True) is None
    settings = make_settings(
        data_dir=course_app.settings.data_dir, database_url=f"sqlite:///{tmp_path}/d.db"
    )
    app = App.build(settings, warm_korean=False)
    server = TestServer(build_web_app(app.core, teams_enabled=False), host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as session:
        async with session.post(
            str(server.make_url("/api/messages")), json={"type": "message"}
        ) as resp:
            assert resp.status in (404, 405)
        async with session.get(str(server.make_url("/healthz"))) as resp:
            assert resp.status == 200
    await server.close()


async def test_handled_activities_are_kept_a_day_then_purged(harness: Harness) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert, select

    from bot.store.db import inbox

    old = datetime.now(UTC) - timedelta(days=2)
    with harness.app.engine.begin() as conn:
        conn.execute(
            insert(inbox).values(
                platform="teams",
                conversation_id="conv-1",
                activity_id="ancient",
                activity="{}",
                status="done",
                attempts=1,
                received_at=old,
                done_at=old,
            )
        )
    async with harness.session.post(
        harness.url, json=activity(service_url_of(harness.capture), "help", "fresh-1")
    ) as resp:
        assert resp.status == 202
    await harness.capture.wait_for(1)
    await harness.channel.drain()  # the turn has finished and recorded its outcome
    with harness.app.engine.connect() as conn:
        rows = conn.execute(select(inbox.c.activity_id, inbox.c.status)).all()
    # The day-old row is gone; the new one is kept, done, under its conversation and id.
    assert [tuple(r) for r in rows] == [("fresh-1", "done")]


async def test_the_same_activity_id_in_two_conversations_is_answered_in_both(
    harness: Harness,
) -> None:
    # Activity ids are unique within a conversation only: keying on the id alone lost one.
    url = service_url_of(harness.capture)
    for conversation in ("conv-1", "conv-2"):
        body = activity(url, "help", "same-id", conversation={"id": conversation})
        async with harness.session.post(harness.url, json=body) as resp:
            assert resp.status == 202
    messages = await harness.capture.wait_for(2)
    assert sorted(m["conversation"]["id"] for m in messages) == ["conv-1", "conv-2"]


async def test_a_solo_quiz_continues_after_a_crash_between_answer_and_next_question(
    harness: Harness,
) -> None:
    # The state a crash leaves: the answer is saved, the next question was never sent.
    quiz = harness.app.quiz
    questions = quiz.pick("en", 2, types=("single",), seed=3)
    state = quiz.start(Player("teams:aad-amy", "teams:conv-1", "teams", "conv-1"), "en", questions)
    first = state.question
    assert first is not None
    right = min(first.correct_indexes)
    quiz.answer(state.attempt_id, first.id, "teams:aad-amy", right)
    # The student clicks again: feedback ("already answered"), then the next question.
    data = {"kind": "studybot.quiz", "attempt": state.attempt_id, "question": first.id}
    body = activity(service_url_of(harness.capture), "", "again-1", value={**data, "choice": right})
    async with harness.session.post(harness.url, json=body) as resp:
        assert resp.status == 202
    feedback, question = await harness.capture.wait_for(2)
    assert "already answered" in json.dumps(feedback)
    card = question["attachments"][0]["content"]
    assert questions[1].prompt in json.dumps(card, ensure_ascii=False)
    assert card["actions"][0]["data"]["question"] == questions[1].id


async def test_the_manifest_links_lead_to_real_pages(harness: Harness) -> None:
    manifest = json.loads((ROOT / "deploy" / "teams" / "manifest.json").read_text())
    base = harness.url.rsplit("/api/messages", 1)[0]
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        path = manifest["developer"][key].replace("https://{{DOMAIN}}", "") or "/"
        async with harness.session.get(base + path) as resp:
            assert resp.status == 200, key
            assert resp.content_type == "text/html"
            page = await resp.text()
        assert 'lang="ko"' in page and 'lang="en"' in page  # both languages
    async with harness.session.get(base + "/privacy") as resp:
        page = await resp.text()
    for words in ("mydata", "forget", "24 hours", "24시간", "No message text is kept"):
        assert words in page
