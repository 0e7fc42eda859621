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
