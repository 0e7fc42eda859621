"""Checks before and after the model: what goes in is bounded, what comes out is checked."""

from __future__ import annotations

import unicodedata

from bot.config import Settings
from bot.core.errors import EmptyQuestion, QuestionTooLong


def review_input(text: str, settings: Settings) -> str:
    """The question, normalised; refused when empty or over the size cap.

    The cap is checked before any search or model call, so an oversized message costs
    nothing but this check.
    """
    cleaned = unicodedata.normalize("NFC", text or "").replace("\x00", "").strip()
    if not cleaned:
        raise EmptyQuestion()
    if len(cleaned) > settings.max_question_chars:
        raise QuestionTooLong(len(cleaned), settings.max_question_chars)
    return cleaned
