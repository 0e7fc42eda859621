"""Who may do what in a class, and what a person is called.

Who may do what is decided here, once, for every channel: teachers schedule, set budgets and
compare models; a student acts only on what is theirs. Class commands themselves live beside
this file (`class_schedules.py`, `class_budgets.py`, `compare.py`, `results.py`): channels
parse their own input (slash-command options on Discord, words on Teams) into those calls and
show the text that comes back, and every listing is limited to the asker's own class.
"""

from __future__ import annotations

import re
from typing import Any

from bot.kernel.errors import UserFacing


class NotAllowed(UserFacing):
    """Only teachers may do this."""

    code = "not_allowed"

    def __init__(self, platform: str = "discord") -> None:
        # Each platform's own way of making someone a teacher, in its own words.
        if platform == "teams":
            super().__init__(
                en="Only teachers can do that. Ask whoever runs StudyBot for your school to "
                "add you as a teacher.",
                ko="선생님만 사용할 수 있는 기능입니다. 학교의 StudyBot 관리자에게 선생님으로 "
                "등록해 달라고 요청하세요.",
            )
        else:
            super().__init__(
                en="Only teachers can do that: members with the Manage Server permission, "
                "or those the bot's admin added as teachers.",
                ko="선생님만 사용할 수 있는 기능입니다: 서버 관리 권한이 있거나 봇 관리자가 "
                "선생님으로 등록한 사람만 가능합니다.",
            )


class NotYours(UserFacing):
    """A confirmation meant for someone else."""

    code = "not_yours"

    def __init__(self) -> None:
        super().__init__(
            en="That button belongs to someone else: only the person who asked can confirm.",
            ko="다른 사람의 버튼입니다. 요청한 사람만 확인할 수 있습니다.",
        )


class BadCommand(UserFacing):
    """A command's arguments could not be understood; the message shows the right form."""

    code = "bad_command"


def require_teacher(is_teacher: bool, platform: str = "discord") -> None:
    """Raise `NotAllowed` (in `platform`'s words) unless the asker is a teacher."""
    if not is_teacher:
        raise NotAllowed(platform)


# People -----------------------------------------------------------------------------

_NAME_JUNK = re.compile(
    r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\[\]()<>*_`~|#\\]"
)


def clean_name(name: str, limit: int = 64) -> str:
    """A display name safe to show in Markdown and cards: no markup, links or controls."""
    return " ".join(_NAME_JUNK.sub("", name).split())[:limit].strip()


def someone(lang: str) -> str:
    """What a person without a known name is called (a platform id is never shown)."""
    return "학생" if lang == "ko" else "a student"


def name_of(names: dict[str, str], lang: str) -> Any:
    """`user id -> shown name` over stored names, never falling back to the id."""
    return lambda user_id: names.get(user_id) or someone(lang)
