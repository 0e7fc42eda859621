"""Discord's rules for text: 2,000 characters a message, code fences kept whole, no pings.

Pure functions, so they are tested exhaustively without a gateway.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 2000
_FENCE = "```"
_MENTION_RE = re.compile(r"<@[!&]?\d+>|<#\d+>")
_MASS_RE = re.compile(r"@(everyone|here)", re.I)
ZWSP = "\u200b"


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
