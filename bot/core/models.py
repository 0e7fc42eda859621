"""The typed objects that cross the channel/core boundary: `Turn` in, `Reply` out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ko", "en"]


@dataclass(frozen=True, slots=True)
class Turn:
    """One user message, already stripped of platform details by a channel."""

    text: str
    platform: str = "terminal"
    user_id: str = "local"
    conversation_id: str = "local"
    locale: str | None = None
    """The platform's locale hint (e.g. `ko`, `en-US`); the text's language wins when unset."""
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A section of the course that an answer cites as `[n]`."""

    n: int
    source: str
    heading: str
    lang: str

    def label(self) -> str:
        """`[n] heading (source)`, the way every channel lists sources."""
        return f"[{self.n}] {self.heading} ({self.source})"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the core answers; channels render it in their own idiom."""

    text: str
    lang: Lang
    citations: tuple[Citation, ...] = ()
    in_scope: bool = True
    model: str = "offline"
    latency_ms: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Short remarks for the user (fallbacks taken, dropped citations), already localised."""
