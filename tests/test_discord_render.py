"""Discord message rules: splitting at 2,000 characters without breaking code, no pings."""

from __future__ import annotations

import pytest

from bot.channels.discord.render import MESSAGE_LIMIT, ZWSP, neutralise_mentions, split_message


def _rejoin(parts: list[str]) -> str:
    """Undo the fences the splitter added, to compare with the original text."""
    out = []
    for i, part in enumerate(parts):
        if i > 0 and part.startswith("```") and parts[i - 1].endswith("\n```"):
            part = part.split("\n", 1)[1]
            out[-1] = out[-1][: -len("\n```")]
        out.append(part)
    return "".join(out)


@pytest.mark.parametrize("length", [2001, 4500, 12000])
def test_split_keeps_every_character_and_the_limit(length: int) -> None:
    words = ("Retrieval augmented generation adds chunks. " * 400)[: length - 200]
    code = "```python\n" + "\n".join(f"print({i})  # line {i}" for i in range(40)) + "\n```\n"
    text = (words[: length // 2] + "\n\n" + code + words)[:length]
    parts = split_message(text)
    assert all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert len(parts) >= -(-length // MESSAGE_LIMIT)
    for part in parts:
        assert part.count("```") % 2 == 0, part[-80:]  # every message renders on its own
    assert "".join(_rejoin(parts).split()) == "".join(text.split())


def test_code_block_across_a_boundary_is_closed_and_reopened() -> None:
    text = "Intro\n\n```python\n" + "x = 1\n" * 600 + "```\nDone."
    parts = split_message(text)
    assert len(parts) >= 2
    assert parts[0].endswith("\n```") and parts[1].startswith("```python\n")
    assert parts[-1].endswith("Done.")


def test_short_text_is_one_message() -> None:
    assert split_message("hello") == ["hello"]
    assert split_message("") == []


def test_mentions_are_neutralised() -> None:
    text = "Hi @everyone and @HERE, ping <@123>, <@!456>, role <@&789>, channel <#42>."
    safe = neutralise_mentions(text)
    assert "@everyone" not in safe and "@HERE" not in safe
    for raw in ("<@123>", "<@!456>", "<@&789>", "<#42>"):
        assert raw not in safe
    assert safe.replace(ZWSP, "") == text


def test_every_discord_limit_holds_with_long_korean_text() -> None:
    """One place per documented limit, whatever the settings or the class size."""
    import discord

    from bot.channels.discord.client import reply_embeds
    from bot.channels.discord.quiz import (
        TypedAnswerModal,
        component_id,
        mentions,
        results_embed,
    )
    from bot.core.quizzes import GroupResult
    from bot.kernel.models import Citation, Reply

    korean = "대규모 언어 모델은 방대한 텍스트로 학습된 모델입니다. " * 400  # ~12,000 chars
    cites = tuple(Citation(i, f"ko/{i}.md", "섹션 " * 20, "ko") for i in range(1, 6))
    embeds = reply_embeds(Reply(korean, "ko", cites))
    total = sum(len(e) for e in embeds)  # discord.py counts exactly what Discord counts
    assert total <= 6000 and len(embeds) <= 10
    assert all(len(e.description or "") <= 4096 for e in embeds)
    assert (embeds[-1].description or "").endswith("(Discord 길이 제한으로 줄임)")
    # A class of 200 answering right: the results still fit one embed.
    everyone = tuple(f"discord:{930_000_000_000_000_000 + i}" for i in range(200))
    result = GroupResult("q1", everyone, everyone, "GPT-3.5", "설명 " * 300, "소개", True)
    embed = results_embed(result, "ko", "질문 " * 200)
    assert len(embed.description or "") <= 4096 and len(embed) <= 6000
    assert "외 160명" in mentions(everyone, "ko")
    # Component ids over 100 characters are refused where they are built.
    with pytest.raises(ValueError):
        component_id("quizform:" + "a" * 36 + ":" + "q" * 60)
    # The typed-answer form: a short title, the whole question in its body.
    long_question = "다음 중 파운데이션 모델과 대규모 언어 모델의 관계를 가장 잘 설명한 것은? " * 3
    form = TypedAnswerModal("a" * 36, "q1", "ko", long_question)
    assert len(form.title) <= 45
    texts = [c for c in form.children if isinstance(c, discord.ui.TextDisplay)]
    assert texts and texts[0].content == long_question
