"""Quiz feedback wording, shared by every channel so students read the same words everywhere."""

from __future__ import annotations

from typing import Any

FEEDBACK = {
    "right": {"en": "✔ Correct!", "ko": "✔ 정답입니다!"},
    "wrong": {"en": "✘ Not quite. The answer: {answer}", "ko": "✘ 아쉽네요. 정답: {answer}"},
    "read": {"en": "📖 Read: {source}", "ko": "📖 다시 읽기: {source}"},
    "duplicate": {"en": "(already answered)", "ko": "(이미 답한 문제입니다)"},
    # Progress, not a grade: "Score 1/2" after the first of two questions read as a failure.
    "progress": {
        "en": "{score} correct of {answered} answered, {left} to go",
        "ko": "{answered}문제 중 {score}문제 정답, {left}문제 남음",
    },
    "finished": {
        "en": "Quiz finished: {score} correct of {total}",
        "ko": "퀴즈 완료: {total}문제 중 {score}문제 정답",
    },
}


def feedback_text(key: str, lang: str, **values: Any) -> str:
    """One feedback line in `ko` or `en`."""
    text = FEEDBACK[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


def progress_text(score: int, answered: int, total: int, lang: str) -> str:
    """Where a quiz stands after an answer, as progress ("1 correct of 1 answered, 1 to go")."""
    if answered >= total:
        return feedback_text("finished", lang, score=score, total=total)
    return feedback_text("progress", lang, score=score, answered=answered, left=total - answered)
