"""Quiz feedback wording, shared by every channel so students read the same words everywhere."""

from __future__ import annotations

from typing import Any

FEEDBACK = {
    "right": {"en": "✔ Correct!", "ko": "✔ 정답입니다!"},
    "wrong": {"en": "✘ Not quite. The answer: {answer}", "ko": "✘ 아쉽네요. 정답: {answer}"},
    "read": {"en": "📖 Read: {source}", "ko": "📖 다시 읽기: {source}"},
    "duplicate": {"en": "(already answered)", "ko": "(이미 답한 문제입니다)"},
}


def feedback_text(key: str, lang: str, **values: Any) -> str:
    """One feedback line in `ko` or `en`."""
    text = FEEDBACK[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text
