"""Discord's rules for text: 2,000 characters a message, code fences kept whole, no pings.

Pure functions, so they are tested exhaustively without a gateway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.kernel.markdown import Block

MESSAGE_LIMIT = 2000
_FENCE = "```"
_MENTION_RE = re.compile(r"<@[!&]?\d+>|<#\d+>")
_MASS_RE = re.compile(r"@(everyone|here)", re.I)
ZWSP = "\u200b"


def class_id(guild: object | None, user_id: object) -> str:
    """The class of a Discord event: its server, or, in DMs, the student alone (DMs with the
    bot are not one class: a DM leaderboard must not show students from other servers)."""
    guild_id = getattr(guild, "id", None)
    return f"discord:{guild_id}" if guild_id is not None else f"discord:dm:{user_id}"


def neutralise_mentions(text: str) -> str:
    """Make `@everyone`, `@here` and user, role and channel mentions inert (shown, not pinging).

    The client also sends with `AllowedMentions.none()`; this keeps model output from even
    looking like a ping.
    """
    text = _MASS_RE.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _MENTION_RE.sub(lambda m: m.group(0).replace("<", f"<{ZWSP}", 1), text)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split `text` into messages of at most `limit` characters, losing nothing.

    Splits prefer paragraph breaks, then line breaks, then spaces. A code block that spans a
    boundary is closed at the end of one message and reopened (with its language) at the
    start of the next, so every message renders correctly on its own.
    """
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    rest = text
    reopen = ""  # the fence line to start the next part with, if a block is open
    while rest:
        budget = limit - len(reopen)
        if len(rest) <= budget:
            parts.append(reopen + rest)
            break
        # Leave room to close an open code block at the end of this part.
        cut = _cut_point(rest, budget - len(_FENCE) - 1)
        chunk = rest[:cut]
        rest = rest[cut:]
        fence_open, language = _open_fence(reopen + chunk)
        if fence_open:
            parts.append(reopen + chunk.rstrip("\n") + "\n" + _FENCE)
            reopen = f"{_FENCE}{language}\n"
        else:
            parts.append(reopen + chunk)
            reopen = ""
        rest = rest.lstrip("\n") if not fence_open else rest
    return parts


def _cut_point(text: str, limit: int) -> int:
    """Where to cut `text` so the first part is at most `limit` characters."""
    window = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = window.rfind(sep)
        if at > limit // 2:
            return at + len(sep)
    return limit


def _open_fence(text: str) -> tuple[bool, str]:
    """Whether `text` ends inside a code block, and that block's language tag."""
    language = ""
    inside = False
    for match in re.finditer(r"```(\w*)", text):
        inside = not inside
        if inside:
            language = match.group(1)
    return inside, language


def discord_markdown(blocks: Sequence[Block]) -> str:
    """Markdown as Discord shows it: headings as bold lines (embeds show no headings), and
    tables, which Discord does not draw, as aligned text in a code block."""
    from unicodedata import east_asian_width

    def width(cell: str) -> int:
        # Korean (and other wide) characters take two columns in Discord's monospace font.
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in cell)

    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append(f"**{block.text}**")
        elif block.kind == "code":
            out.append(f"{_FENCE}\n{block.text}\n{_FENCE}")
        elif block.kind == "table":
            cells = [[c.replace("`", "'") for c in row] for row in block.rows]
            widths = [max(width(row[i]) for row in cells) for i in range(len(cells[0]))]
            lines = [
                "  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(row)).rstrip()
                for row in cells
            ]
            lines.insert(1, "  ".join("-" * w for w in widths))
            out.append(f"{_FENCE}\n" + "\n".join(lines) + f"\n{_FENCE}")
        else:
            out.append(block.text)
    return "\n\n".join(out)
