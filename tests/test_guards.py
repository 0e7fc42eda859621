"""The output guard, the rate limiter and small talk, on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from bot.core import guards
from bot.core.guards import (
    Cooldown,
    OutputPolicy,
    RateLimiter,
    StreamGuard,
    review_input,
    review_output,
)
from bot.kernel.errors import RateLimited, TooSoon
from bot.kernel.models import Turn

ROOT = Path(__file__).resolve().parent.parent

POLICY = OutputPolicy(
    secrets=("sk-live-SECRETVALUE-123456",),
    allowed_hosts=("learn.microsoft.com", "github.com"),
    max_chars=300,
    protected=("You are StudyBot, a study assistant",),
)


def test_links_only_to_allowed_hosts() -> None:
    text = (
        "Read https://learn.microsoft.com/azure/x and https://docs.github.com/y, not "
        "https://evil.example.com/a or www.phish.example. See [guide](http://bad.example/g) "
        "and [repo](https://github.com/microsoft/generative-ai-for-beginners)."
    )
    out = review_output(text, POLICY)
    assert "https://learn.microsoft.com/azure/x" in out and "https://docs.github.com/y" in out
    assert "evil.example" not in out and "phish.example" not in out and "bad.example" not in out
    assert "See guide and [repo](https://github.com/" in out  # a bad link keeps its text
    assert "[링크 삭제됨]" in review_output("https://evil.example.com", POLICY, "ko")


def test_secrets_prompts_mentions_and_length() -> None:
    out = review_output(
        "key sk-live-SECRETVALUE-123456 and sk-abcdefghijklmnopqrstu. You are StudyBot, a "
        "study assistant. @everyone @here <@123> <@&5> <at>Amy</at> " + "x" * 400,
        POLICY,
    )
    assert "SECRETVALUE" not in out and "sk-abc" not in out and out.count("[redacted]") == 3
    assert "@everyone" not in out and "@here" not in out and "<@123>" not in out
    assert "<at>" not in out and "Amy" in out
    assert len(out) == 300 and out.endswith("…")


@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_stream_never_shows_a_secret_or_bad_link_even_in_part(chunk: int) -> None:
    raw = "The key is sk-live-SECRETVALUE-123456 and see https://evil.example.com/login now ok"
    guard = StreamGuard(POLICY)
    shown = ""
    for i in range(0, len(raw), chunk):
        shown += guard.feed(raw[i : i + chunk])
        assert "sk-live" not in shown and "evil" not in shown, shown
    assert shown.startswith("The key is [redacted] and see [link removed]")


def test_rate_limiter_slides() -> None:
    limiter = RateLimiter(3)
    for t in (0.0, 1.0, 2.0):
        limiter.check("u", now=t)
    with pytest.raises(RateLimited) as info:
        limiter.check("u", now=30.0)
    assert 29 <= info.value.retry_after_s <= 31 and "초 후에" in info.value.message("ko")
    limiter.check("other", now=30.0)  # others are not affected
    limiter.check("u", now=60.5)  # the first one slid out of the window


def test_refusal_peeks_without_recording() -> None:
    limiter = RateLimiter(2)
    limiter.check("u", now=0.0)
    assert limiter.refusal("u", now=1.0) is None
    limiter.check("u", now=1.0)
    refused = limiter.refusal("u", now=10.0)
    assert refused is not None and 49 <= refused.retry_after_s <= 51
    assert limiter.refusal("u", now=10.0) is not None  # asking again changes nothing
    assert limiter.refusal("u", now=61.0) is None  # the first one slid out


def test_cooldown_one_question_per_pause() -> None:
    cooldown = Cooldown(10)
    assert cooldown.refusal("u", now=100.0) is None
    cooldown.check("u", now=100.0)
    with pytest.raises(TooSoon) as info:
        cooldown.check("u", now=103.0)
    assert info.value.message("en").startswith("You're asking quickly — please wait 7 s")
    assert "7초 후에" in info.value.message("ko")
    # A refused question does not restart the pause; another student has their own.
    cooldown.check("other", now=103.0)
    peek = cooldown.refusal("u", now=109.6)
    assert peek is not None and "1 s" in peek.message()
    cooldown.check("u", now=110.0)
    assert Cooldown(0).refusal("u", now=0.0) is None


def test_a_question_of_only_invisible_characters_is_empty() -> None:
    from bot.kernel.errors import EmptyQuestion
    from tests.conftest import make_settings

    settings = make_settings()
    for text in ("\u200b\u200b", "\ufeff \u200d\u2060", "\u00ad", "\x00\u200e"):
        with pytest.raises(EmptyQuestion):
            review_input(text, settings)
    assert review_input("RA\u200bG?", settings) == "RAG?"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://github.com/microsoft/generative-ai-for-beginners", True),
        ("https://docs.github.com/a", True),
        ("HTTPS://GITHUB.COM./x", True),
        ("https://evil.example\\@github.com", False),  # a browser goes to evil.example
        ("https://evil.example\\\\github.com", False),
        ("https://user:pw@github.com/", False),  # user info
        ("https://github.com@evil.example/", False),
        ("https://gіthub.com/", False),  # Cyrillic і: a look-alike
        ("https://ｇｉｔｈｕｂ.com/", False),  # full-width letters
        ("https://xn--gthub-n4a.com/", False),  # punycode not on the list
        ("https://github.com%2eevil.example/", False),
        ("https://github.com.evil.example/", False),
        ("javascript://github.com/%0aalert(1)", False),
        ("https://git\thub.com/", False),
    ],
)
def test_links_are_read_the_way_a_browser_reads_them(url: str, allowed: bool) -> None:
    policy = OutputPolicy(allowed_hosts=("github.com",))
    assert policy.host_allowed(url) is allowed
    shown = review_output(f"See [the lesson]({url}) .", policy)
    assert (f"]({url})" in shown) is allowed  # a refused link keeps its text, not its target


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("안녕하세요~", "greeting"),
        ("thanks a lot!", "thanks"),
        ("고마워요 ㅎㅎ", "thanks"),
        ("hi, what is RAG?", ""),
        ("thank you for the RAG explanation, what is fine-tuning?", ""),
        ("what is RAG?", ""),
        ("who made you?", "about_bot"),
        ("이 봇은 누가 만들었어?", "about_bot"),
        ("너는 누구야?", "about_bot"),
        ("who made BERT?", ""),
        ("파운데이션 모델이라는 용어는 누가 만들었어?", ""),
        ("GPT-4o는 뭘 할 수 있어?", ""),
        # Asking the bot for what its commands do ("quiz me" had got the quiz analogy).
        ("quiz me", "quiz"),
        ("how do I start a quiz?", "quiz"),
        ("퀴즈 내줘", "quiz"),
        ("퀴즈 답 알려줘", ""),  # the knowledge check's answer: a question
        ("is the quiz reviewer good at writing?", ""),
        ("help", "help"),
        ("도와줘", "help"),
        ("help me understand RAG", ""),
        ("what's my score?", "score"),
        ("내 점수 알려줘", "score"),
        ("score models on our data", ""),
        ("ok", "ack"),
        ("ㅋㅋㅋ", "ack"),
        ("okay so what is RAG?", ""),
        ("what?", "unclear"),
        ("??", "unclear"),
        # Talk that opens a message: what follows decides ("hi! i'm new here, what can
        # you do?" had got the fine-tuning section, "ㅇㅋ 고마워" a refusal).
        ("hi! i'm new here, what can you do?", "about_bot"),
        ("안녕하세요! 처음 왔는데 뭐 할 수 있어?", "about_bot"),
        ("ㅇㅋ 고마워", "thanks"),
        ("ok thanks!", "thanks"),
        ("okay so quiz me", "quiz"),
        ("hey, what is RAG?", ""),
        ("네 RAG가 뭐예요?", ""),
        # How the class is run: the teacher's to answer ("이 강좌 수료증은 어디서 받아?" had
        # been answered from the lesson's outline).
        ("이 강좌 수료증은 어디서 받아?", "logistics"),
        ("is this on the exam?", "logistics"),
        ("시험에 RAG 나와?", "logistics"),
        ("when is the assignment due?", "logistics"),
        ("what happens in the final step of fine-tuning?", ""),
        ("how does the model grade answers?", ""),
        ("과제로 오픈소스 모델 하나 골라야 하는데 강의에 나온 거 뭐 있어?", ""),
    ],
)
def test_small_talk_is_a_message_of_talk_alone_not_a_question_that_opens_with_it(
    text: str, kind: str
) -> None:
    assert guards.small_talk(text) == kind


async def test_a_greeting_gets_a_greeting_not_a_refusal(course_app: App) -> None:
    """ "hi" had been searched and refused as "not in the course material"."""
    hello = await course_app.service.ask(Turn(text="hi!"))
    assert (
        not hello.in_scope
        and hello.text.startswith("Hi!")
        and "not in the course" not in hello.text
    )
    thanks = await course_app.service.ask(Turn(text="고마워요"))
    assert thanks.lang == "ko" and thanks.text.startswith("천만에요")
    question = await course_app.service.ask(Turn(text="hi, what is RAG?"))
    assert question.in_scope and question.citations
    certificate = await course_app.service.ask(Turn(text="이 강좌 수료증은 어디서 받아?"))
    assert certificate.lang == "ko" and "선생님" in certificate.text and not certificate.citations


@pytest.mark.parametrize(
    ("text", "platform", "says"),
    [
        ("quiz me", "discord", "`/quiz`"),
        ("퀴즈 내줘", "discord", "`/퀴즈` 명령으로"),
        ("quiz me", "teams", "“quiz”"),
        ("퀴즈 내줘", "teams", "“퀴즈” 명령으로"),
        ("quiz me", "terminal", "/quiz;"),
        ("help", "discord", "`/help` lists everything"),
        ("what's my score?", "teams", "“stats” shows"),
        ("what?", "terminal", "start a quiz with /quiz"),
    ],
)
async def test_asked_for_a_quiz_help_or_a_score_the_bot_names_its_command(
    course_app: App, text: str, platform: str, says: str
) -> None:
    reply = await course_app.service.ask(Turn(text=text, platform=platform, user_id=platform))
    assert says in reply.text and not reply.citations, reply.text


def test_the_commands_a_reply_names_are_the_channels_own() -> None:
    """`bot.core.commands.USAGE` names each channel's commands for replies; the channels own
    them. A renamed command must not leave replies pointing at one that no longer exists."""
    from bot.channels import terminal
    from bot.channels.discord import commands as discord_commands
    from bot.channels.teams import texts as teams_texts
    from bot.core.commands import USAGE

    source = (ROOT / "bot" / "channels" / "discord" / "commands.py").read_text(encoding="utf-8")
    for lang, names in USAGE["discord"].items():
        for action, shown in names.items():
            name = shown.strip("`/")
            english = (
                name
                if lang == "en"
                else next(k for k, v in discord_commands.KOREAN.items() if v == name)
            )
            assert f'tree.command(name="{english}"' in source and english == action
    for names in USAGE["teams"].values():
        for action, shown in names.items():
            assert teams_texts.COMMANDS[shown.strip("“”")] == action
    for lang, names in USAGE["terminal"].items():
        for shown in names.values():
            assert shown.split()[0] in terminal.HELP[lang]


async def test_greetings_are_rate_limited_like_questions(course_app: App) -> None:
    """A greeting costs no search, but a channel must not be flooded with replies to "hi".
    (One message per window no test run can outlast: nothing here depends on the clock.)"""
    service = course_app.service
    kept = service.limiter
    service.limiter = RateLimiter(1, window_s=1e9)
    try:
        first = await service.ask(Turn(text="hi", platform="teams", user_id="greeter"))
        assert first.text.startswith("Hi!")
        with pytest.raises(RateLimited):
            await service.ask(Turn(text="hi", platform="teams", user_id="greeter"))
    finally:
        service.limiter = kept
