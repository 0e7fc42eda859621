"""Markdown in replies, shown as each platform can: Teams cards, Discord text."""

from __future__ import annotations

import json

from bot.channels.discord.render import discord_markdown
from bot.channels.teams.cards import markdown_body
from bot.kernel.markdown import parse

ANSWER = """### Fine-tuning
Fine-tuning adapts a model [1].

```python
print("hi")
```

| 모델 | 비용 |
|---|---|
| gpt-4o | $0.01 |
| 작은 모델 | $0.001 |

- one
- two"""


def test_blocks_are_read_in_order() -> None:
    kinds = [b.kind for b in parse(ANSWER)]
    assert kinds == ["heading", "text", "code", "table", "text"]
    table = parse(ANSWER)[3]
    assert table.rows == [["모델", "비용"], ["gpt-4o", "$0.01"], ["작은 모델", "$0.001"]]


def test_teams_gets_bold_headings_monospace_code_and_a_grid() -> None:
    body = markdown_body(parse(ANSWER))
    text = json.dumps(body, ensure_ascii=False)
    assert "###" not in text and "```" not in text and "|---" not in text
    assert body[0]["weight"] == "Bolder" and body[0]["text"] == "Fine-tuning"
    assert body[2]["fontType"] == "Monospace" and 'print("hi")' in body[2]["text"]
    grid = body[3]
    assert grid["type"] == "Container" and len(grid["items"]) == 3  # header + two rows
    assert body[4]["text"] == "- one\n- two"  # lists stay Markdown: Teams shows them


def test_discord_gets_bold_headings_and_an_aligned_table_in_a_code_block() -> None:
    text = discord_markdown(parse(ANSWER))
    assert text.startswith("**Fine-tuning**") and "###" not in text
    table = text.split("```")[3]
    lines = [line for line in table.strip("\n").splitlines()]
    assert lines[0].startswith("모델") and set(lines[1]) <= {"-", " "}
    # Columns line up even with Korean (two columns wide) in the first column.
    assert columns(lines[2].split("$")[0]) == columns(lines[3].split("$")[0])


def columns(text: str) -> int:
    """Display width in a monospace font: Korean characters take two columns."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def test_plain_text_passes_through() -> None:
    assert discord_markdown(parse("RAG retrieves [1].\n\nThen it answers.")) == (
        "RAG retrieves [1].\n\nThen it answers."
    )
