"""Reading the Markdown a model (or a table we build) writes, so each channel can show it in
its own idiom: Teams TextBlocks and ColumnSets, Discord's Markdown, plain terminal text.

Only what answers contain is recognised: paragraphs and lists, `#` headings, fenced code
blocks and pipe tables. Anything else stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "heading", "code", "table"]
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Block:
    """A piece of a reply: a paragraph run, a heading, a code block or a table."""

    kind: Kind
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    """Table cells, header row first."""


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def parse(text: str) -> list[Block]:
    """The reply's blocks, in order."""
    blocks: list[Block] = []
    lines = text.splitlines()
    paragraph: list[str] = []

    def flush() -> None:
        body = "\n".join(paragraph).strip("\n")
        if body.strip():
            blocks.append(Block("text", body))
        paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            flush()
            fence = _FENCE.match(line)
            assert fence is not None
            code: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(fence.group(1)):
                code.append(lines[i])
                i += 1
            blocks.append(Block("code", "\n".join(code)))
            i += 1  # the closing fence (or the end)
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
            i += 1
            continue
        if line.strip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            flush()
            rows = [_cells(line)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            width = len(rows[0])
            blocks.append(Block("table", rows=[(r + [""] * width)[:width] for r in rows]))
            continue
        paragraph.append(line)
        i += 1
    flush()
    return blocks
