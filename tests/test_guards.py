"""The output guard and the rate limiter, on their own."""

from __future__ import annotations

import pytest

from bot.core.guards import OutputPolicy, RateLimiter, StreamGuard, review_output
from bot.kernel.errors import RateLimited

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
