"""The Discord client's own texts (thread hints, errors, permissions), in Korean and English."""

from __future__ import annotations

from typing import Any

TEXT = {
    "error": {
        "en": "Something went wrong. Please try again in a moment.",
        "ko": "문제가 발생했습니다. 잠시 후 다시 시도해 주세요.",
    },
    "thread_hint": {
        "en": "Ask follow-up questions here — I remember the last few messages of this thread.",
        "ko": "이 스레드에서 이어서 질문하세요. 최근 메시지 몇 개를 기억합니다.",
    },
    "no_permission": {
        "en": "I can't post in this channel: I need the Send Messages, Embed Links and "
        "Create Public Threads permissions here.",
        "ko": "이 채널에 글을 쓸 수 없습니다. 메시지 보내기, 링크 첨부, 공개 스레드 만들기 "
        "권한이 필요합니다.",
    },
}


def say(key: str, lang: str, **values: Any) -> str:
    """A Discord text in Korean or English."""
    return TEXT[key]["ko" if lang == "ko" else "en"].format(**values)
