"""A class's scheduled quizzes as teachers ask for them, in words or options.

`schedule every 30m 5 questions 60s` (Teams) and the `/schedule` options (Discord) become a
`ScheduleRequest`; the schedule is stored for the asker's conversation and class, and listed
or removed only within that class.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.classroom import BadCommand

if TYPE_CHECKING:
    from bot.quiz.schedule import Schedule, ScheduleService


_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60}


SCHEDULE_USAGE = BadCommand(
    en="Usage: `schedule add every <minutes> [n] [ko|en] [time=<seconds>] [mode=everyone] "
    "[tz=<zone>]`, `schedule add cron <min> <hour> <day> <month> <weekday> [...]`, "
    "`schedule list`, `schedule remove <id>`.",
    ko="사용법: `schedule add every <분> [문제 수] [ko|en] [time=<초>] [mode=everyone] "
    "[tz=<시간대>]`, `schedule add cron <분> <시> <일> <월> <요일> [...]`, "
    "`schedule list`, `schedule remove <id>`.",
)


@dataclass(frozen=True, slots=True)
class ScheduleRequest:
    """What a teacher asked for, before it becomes a `Schedule` of their conversation."""

    cron: str | None = None
    every_minutes: float | None = None
    questions: int = 5
    lang: str | None = None
    time_limit_s: float = 60.0
    mode: str = "first_correct"
    timezone: str | None = None


def parse_schedule_words(words: list[str]) -> ScheduleRequest:
    """`every 60 5 ko time=30 mode=everyone tz=Asia/Seoul` or `cron 0 9 * * mon-fri ...`."""
    if not words:
        raise SCHEDULE_USAGE
    cron: str | None = None
    every: float | None = None
    head = words[0].lower()
    if head == "every" and len(words) >= 2:
        every = _number(words[1])
        rest = words[2:]
    elif head == "cron" and len(words) >= 6:
        cron = " ".join(words[1:6])
        rest = words[6:]
    else:
        raise SCHEDULE_USAGE
    fields: dict[str, Any] = {}
    for word in rest:
        key, eq, value = word.partition("=")
        key = key.lower()
        if not eq:
            if word.lower() in ("ko", "en"):
                fields["lang"] = word.lower()
            elif word.isdigit():
                fields["questions"] = int(word)
            elif word.lower() in ("everyone", "first_correct"):
                fields["mode"] = word.lower()
            else:
                raise SCHEDULE_USAGE
        elif key in ("n", "questions"):
            fields["questions"] = int(_number(value))
        elif key in ("lang", "language") and value in ("ko", "en"):
            fields["lang"] = value
        elif key in ("time", "limit"):
            fields["time_limit_s"] = _seconds(value)
        elif key == "mode" and value in ("everyone", "first_correct"):
            fields["mode"] = value
        elif key in ("tz", "timezone"):
            fields["timezone"] = value
        else:
            raise SCHEDULE_USAGE
    return ScheduleRequest(cron=cron, every_minutes=every, **fields)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SCHEDULE_USAGE from None


def _seconds(text: str) -> float:
    for unit, factor in sorted(_UNITS.items(), key=lambda u: -len(u[0])):
        if text.endswith(unit):
            return _number(text[: -len(unit)]) * factor
    return _number(text)


def add_schedule(
    service: ScheduleService,
    request: ScheduleRequest,
    *,
    platform: str,
    conversation_id: str,
    class_id: str,
    lang: str,
    default_timezone: str,
    created_by: str,
) -> Schedule:
    """Store a schedule for this conversation; bad values raise `BadCommand` with the reason."""
    from bot.quiz.schedule import Schedule

    if not 5 <= request.time_limit_s <= 3600:
        raise BadCommand(
            en="A question's time must be between 5 seconds and one hour.",
            ko="문제당 시간은 5초에서 1시간 사이여야 합니다.",
        )
    schedule = Schedule(
        id=f"q{uuid.uuid4().hex[:10]}",
        platform=platform,
        conversation_id=conversation_id,
        class_id=class_id,
        lang=(request.lang or lang),  # type: ignore[arg-type]
        questions=request.questions,
        time_limit_s=request.time_limit_s,
        mode=request.mode,  # type: ignore[arg-type]
        cron=request.cron,
        every_minutes=request.every_minutes,
        timezone=request.timezone or default_timezone,
        created_by=created_by,
    )
    try:
        return service.add(schedule)
    except ValueError as exc:
        raise BadCommand(
            en=f"That schedule doesn't work: {exc}.", ko=f"예약할 수 없습니다: {exc}."
        ) from None


def class_schedules(service: ScheduleService, class_id: str) -> list[tuple[Schedule, Any]]:
    """The schedules of one class, with their next due times."""
    return [(s, when) for s, when in service.list() if s.class_id == class_id]


def remove_schedule(service: ScheduleService, schedule_id: str, class_id: str) -> bool:
    """Remove one of this class's schedules; another class's id is treated as unknown."""
    schedule = service.get(schedule_id)
    if schedule is None or schedule.class_id != class_id:
        return False
    return service.remove(schedule_id)


def render_schedules(rows: list[tuple[Schedule, Any]], lang: str) -> str:
    """One line per schedule: id, when, where, what, next run."""
    if not rows:
        return "예약된 퀴즈가 없습니다." if lang == "ko" else "No scheduled quizzes."
    nxt = "다음" if lang == "ko" else "next"
    return "\n".join(
        f"• `{s.id}` — {_when(s, lang)} · {s.questions} × {s.lang} · {s.time_limit_s:g}s · "
        f"{nxt}: {when.strftime('%Y-%m-%d %H:%M %Z') if when else '-'}"
        for s, when in rows
    )


def _when(schedule: Schedule, lang: str) -> str:
    if schedule.cron:
        return f"cron `{schedule.cron}` ({schedule.timezone})"
    if lang == "ko":
        return f"{schedule.every_minutes:g}분마다"
    return f"every {schedule.every_minutes:g} min"


def schedule_added_text(schedule: Schedule, lang: str) -> str:
    """The confirmation after `schedule add`."""
    if lang == "ko":
        return f"퀴즈를 예약했습니다: `{schedule.id}` — {_when(schedule, lang)}."
    return f"Scheduled quiz `{schedule.id}` — {_when(schedule, lang)}."
