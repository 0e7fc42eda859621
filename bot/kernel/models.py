"""The typed objects that cross the channel/core boundary: `Turn` in, `Reply` out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.kernel.markdown import Block, parse

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
    class_id: str = "direct"
    """The class the conversation belongs to (Discord guild, Teams team); `direct` otherwise."""
    role: Literal["student", "teacher", "admin"] = "student"
    tier: Literal["cheap", "premium"] | None = None
    """An explicit request for a tier (`/ask … premium`)."""
    history_turns: int = 0
    """How many earlier turns the conversation has (for the router's depth feature)."""
    locale_decides: bool = False
    """`locale` is the language the user chose for their client (a Discord interaction
    carries it), so it decides the reply's language over the text's own; otherwise the text
    decides and `locale` only breaks a tie (see `bot.kernel.lang.reply_lang`)."""
    history: tuple[tuple[str, str], ...] = ()
    """Recent turns of this conversation, oldest first, as (`user`|`assistant`, text): the
    memory of a Discord thread or DM. Channels keep it short; it is never stored by the core."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A section of the course that an answer cites as `[n]`."""

    n: int
    source: str
    heading: str
    lang: str
    url: str = ""
    """The section in the public lesson (empty when no course URL is configured)."""

    def label(self) -> str:
        """`[n] heading`, the way every channel names a source (the file path means nothing
        to a student)."""
        return f"[{self.n}] {self.heading}"

    def markdown(self) -> str:
        """`[n] [heading](url)`: the label as a link where the channel renders Markdown."""
        if not self.url:
            return self.label()
        text = self.heading.replace("[", "(").replace("]", ")")
        return f"[{self.n}] [{text}]({self.url})"


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
    tier: str = "offline"
    """`cheap`, `premium` or `offline`: what actually answered."""
    cost_usd: float = 0.0
    """What this answer cost, failed attempts included."""
    route_reason: str = ""
    """The router's reason, in words (for logs, admins and `--json`)."""
    blocks: tuple[Block, ...] = field(init=False, repr=False, compare=False)
    """`text` read once into paragraphs, headings, code and tables, which each channel shows
    in its own idiom (Teams TextBlocks and grids, Discord's Markdown)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(parse(self.text)))

    def answered_by(self) -> str:
        """What answered, in the student's words: quoted from the course, or which model.
        (Costs are for teachers: `budget`, `studybot costs`.)"""
        if not self.in_scope:
            return "StudyBot"
        if self.tier == "offline":
            return "강의 자료에서 인용" if self.lang == "ko" else "Quoted from the course"
        return f"{self.model} 답변" if self.lang == "ko" else f"Answered by {self.model}"

    def cost_note(self) -> str:
        """The operator's note (terminal, logs), e.g. `premium · gpt-4o · $0.0031`."""
        if self.tier == "offline":
            return "offline · $0"
        return f"{self.tier} · {self.model} · ${self.cost_usd:.4f}"
