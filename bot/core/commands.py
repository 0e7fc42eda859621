"""A text message read as a request: which use case it asks for, with what, in which language.

Teams (and any channel where commands are typed words) hands the message and its own command
words here once; the channel then only dispatches on `Command.action` and renders. The rule
for the reply's language lives here, so every use case answers in the same language:

- a question (no command word, or `ask …`) is answered in its own language (`reply_lang`);
- `compare …` carries a question too: its words decide;
- other commands (`quiz 5`, `budget class 1`) have options, not sentences: Korean letters in
  them, then a Korean command word (`퀴즈`), then the platform's locale decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.kernel.lang import detect_lang, is_hangul, locale_lang, reply_lang
from bot.kernel.models import Lang, Turn

ASK = "ask"

USAGE: dict[str, dict[str, dict[str, str]]] = {
    "discord": {
        "en": {"quiz": "`/quiz`", "review": "`/review`", "stats": "`/stats`", "help": "`/help`"},
        "ko": {"quiz": "`/퀴즈`", "review": "`/복습`", "stats": "`/통계`", "help": "`/도움말`"},
    },
    "teams": {
        "en": {"quiz": "“quiz”", "review": "“review”", "stats": "“stats”", "help": "“help”"},
        "ko": {"quiz": "“퀴즈”", "review": "“복습”", "stats": "“통계”", "help": "“도움말”"},
    },
    "terminal": {
        "en": {"quiz": "/quiz", "review": "/review", "stats": "/stats", "help": "/help"},
        "ko": {"quiz": "/퀴즈", "review": "/복습", "stats": "/stats", "help": "/도움말"},
    },
}
"""How a student starts each use case on each platform, as a reply names it ("quiz me" gets
"Start a knowledge-check quiz with `/quiz`"). The channels own these names; a test checks
that each is one of its channel's commands."""


def usage(platform: str, lang: Lang) -> dict[str, str]:
    """The command names to show a student of `platform` (the terminal's elsewhere)."""
    return USAGE.get(platform, USAGE["terminal"])["ko" if lang == "ko" else "en"]


@dataclass(frozen=True, slots=True)
class Command:
    """One message as a request for a use case."""

    action: str
    """The use case (a value of the channel's command words), `ask` for a question, or the
    action a card's button stands for."""
    rest: str
    """The words after the command word: the options, or for `ask` and `compare` the
    question."""
    lang: Lang
    """The language to answer in (and to show refusals and errors in)."""
    turn: Turn
    """The message with its role as configured (teachers) and, for `ask`, the question as
    its text."""


def read_command(
    turn: Turn, words: Mapping[str, str], button: str | None = None, teacher: bool = False
) -> Command:
    """Read `turn` with the channel's command `words` (`{"퀴즈": "quiz", …}`, lower-case).
    `button` is the action a clicked card button stands for (it has no words to read);
    `teacher` is whether the user is configured as one (the platform may not say)."""
    if teacher:
        turn = replace(turn, role="teacher")
    if button is not None:
        return Command(button, "", reply_lang(turn), turn)
    word, _, rest = turn.text.strip().partition(" ")
    action = words.get(word.lower())
    if action is None:
        return Command(ASK, turn.text, reply_lang(turn), turn)
    rest = rest.strip()
    if action == ASK:
        asked = replace(turn, text=rest)
        return Command(ASK, rest, reply_lang(asked), asked)
    # Command words are mostly English: the words after them, a Korean command word, or
    # else the user's locale decide the language of the reply.
    fallback: Lang = "ko" if not word.isascii() else locale_lang(turn.locale) or "en"
    if action == "compare":  # the rest is a question, in its own language
        return Command(action, rest, detect_lang(rest, default=fallback), turn)
    # Options such as `class 5`: Korean only if they are written in it. (A `ko` among them,
    # as in `schedule add every 60 ko`, names the quiz's language, not the reply's.)
    lang: Lang = "ko" if any(is_hangul(ch) for ch in rest) else fallback
    return Command(action, rest, lang, turn)
