"""Which language a text is in. The course has Korean and English; that is all we decide."""

from __future__ import annotations

from bot.kernel.models import Lang, Turn


def is_hangul(ch: str) -> bool:
    """True for Hangul syllables and jamo."""
    code = ord(ch)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def detect_lang(text: str, default: Lang = "en") -> Lang:
    """`ko` when Hangul makes up a fair share of the letters, else `en`.

    Korean questions routinely carry English terms ("RAG가 뭐야?"), so a modest share of
    Hangul is enough, and a text whose last word is Korean is Korean however long its English
    terms ("proprietary model 단점"); an English question with one Korean word inside it
    stays English.
    """
    hangul = latin = 0
    for ch in text:
        if is_hangul(ch):
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if hangul == 0 and latin == 0:
        return default
    # Korean puts its predicate last: a text whose last word is Korean is a Korean sentence
    # around English terms ("proprietary model 단점", "fine-tuning 설명해줘"), however many
    # Latin letters those terms have.
    words = [w for w in text.split() if any(ch.isalpha() or is_hangul(ch) for ch in w)]
    if hangul and words and any(is_hangul(ch) for ch in words[-1]):
        return "ko"
    # A Hangul syllable carries about as much as three Latin letters.
    return "ko" if hangul * 3 >= latin * 0.5 else "en"


def locale_lang(locale: str | None) -> Lang | None:
    """`ko`/`en` from a platform locale such as `ko-KR` or `en-US`; None when it is neither."""
    if not locale:
        return None
    head = locale.lower().split("-")[0].split("_")[0]
    if head == "ko":
        return "ko"
    if head == "en":
        return "en"
    return None


def reply_lang(turn: Turn) -> Lang:
    """The language to answer a turn in: the user's chosen client language when the channel
    says the locale is one (`Turn.locale_decides`), else the text's own language, else the
    platform's locale."""
    chosen = locale_lang(turn.locale)
    if turn.locale_decides and chosen is not None:
        return chosen
    return detect_lang(turn.text, default=chosen or "en")
