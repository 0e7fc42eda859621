"""Error hierarchy. Channels map `UserFacing` errors to localised messages in one place."""

from __future__ import annotations


class StudyBotError(Exception):
    """Base class of every error StudyBot raises on purpose."""


class ConfigError(StudyBotError):
    """The settings are invalid; the message says which one and why."""


class KnowledgeFileError(StudyBotError):
    """A course file cannot be read (not UTF-8, unreadable); other files are unaffected."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UserFacing(StudyBotError):
    """An error whose message is safe to show a student, in Korean and English."""

    code = "error"

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.en = en
        self.ko = ko
        self.lang: str | None = None
        """The language of the turn it refused, when the core knew it (it stamps what it
        raises), so a channel shows `message()` without working the language out again."""

    def message(self, lang: str | None = None) -> str:
        """The message in `lang`, else in the refused turn's language, else in English."""
        lang = lang or self.lang
        return self.ko if lang == "ko" else self.en


class EmptyQuestion(UserFacing):
    """The question has no text."""

    code = "empty_question"

    def __init__(self) -> None:
        super().__init__(
            en="Please type a question about the lesson.",
            ko="강의 내용에 대한 질문을 입력해 주세요.",
        )


class QuestionTooLong(UserFacing):
    """The question is over the size cap; it is refused before any search or model call."""

    code = "question_too_long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            en=f"Your question is {length:,} characters long; please keep it under {limit:,}.",
            ko=f"질문이 {length:,}자입니다. {limit:,}자 이내로 줄여 주세요.",
        )
        self.length = length
        self.limit = limit


class UpstreamUnavailable(UserFacing):
    """The model provider failed (timeout, error, cut stream) and no fallback was possible."""

    code = "upstream_unavailable"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            en="The language model is not reachable right now. Please try again in a moment.",
            ko="지금은 언어 모델에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
        )
        self.detail = detail


class TooSoon(UserFacing):
    """The user asked again before the platform's cooldown ran out (on Discord, one question
    every `discord_ask_cooldown_s`: a busy channel is not a chat with the bot)."""

    code = "too_soon"

    def __init__(self, wait_s: float) -> None:
        seconds = max(1, round(wait_s))
        super().__init__(
            en=f"You're asking quickly — please wait {seconds} s before the next question.",
            ko=f"질문이 너무 빠릅니다. {seconds}초 후에 다시 질문해 주세요.",
        )
        self.wait_s = wait_s


class RateLimited(UserFacing):
    """The user sent more questions in the last minute than the limit allows."""

    code = "rate_limited"

    def __init__(self, retry_after_s: float, notify: bool = True) -> None:
        seconds = max(1, round(retry_after_s))
        super().__init__(
            en=f"That's a lot of questions at once — please wait {seconds} s and ask again.",
            ko=f"질문이 너무 많습니다. {seconds}초 후에 다시 질문해 주세요.",
        )
        self.retry_after_s = retry_after_s
        self.notify = notify
        """False after the first refusal in a window: a flood gets one reply, not one each."""
