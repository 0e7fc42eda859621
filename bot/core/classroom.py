"""Class commands shared by every channel: schedules, budgets, comparisons, leaderboards.

Channels parse their own input (slash-command options on Discord, words on Teams) into these
calls and show the text that comes back. Who may do what is decided here, once, and every
listing is limited to the asker's own class: one guild or team never sees another's data.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.kernel.errors import UserFacing

if TYPE_CHECKING:
    from bot.llm.budget import Allowance
    from bot.quiz.schedule import Schedule, ScheduleService

_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60}


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


# Schedules -------------------------------------------------------------------------

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


# Budgets ---------------------------------------------------------------------------

_SCOPE_NAMES = {
    "user": ("오늘 내 예산", "Your budget today"),
    "class": ("이번 달 반 예산", "Your class this month"),
    "global": ("이번 달 전체 예산", "Everyone this month"),
}

BUDGET_USAGE = BadCommand(
    en="Usage: `budget`, or for teachers `budget class <USD per month>` and "
    "`budget student <USD per day>`.",
    ko="사용법: `budget`, 선생님은 `budget class <월 USD>`, `budget student <일 USD>`.",
)


def render_allowances(rows: list[Allowance], lang: str) -> str:
    """A student's remaining allowances, one line per scope."""
    return "\n".join(
        f"{_SCOPE_NAMES[a.scope][0 if lang == 'ko' else 1]}: ${a.left_usd:.4f} / ${a.limit_usd:.2f}"
        for a in rows
    )


def render_class_report(report: dict[str, Any], lang: str, top: int = 10, name: Any = None) -> str:
    """A class's month so far: spent of the limit, the per-student limit, top spenders;
    `name` turns a user id into what the platform shows (never the id itself)."""
    name = name or (lambda _user: someone(lang))
    if lang == "ko":
        lines = [
            f"반 사용액 ({report['month']}): ${report['spent_usd']:.4f} / "
            f"${report['limit_usd']:.2f} · 학생 1인 하루 한도 ${report['student_daily_usd']:.2f}"
        ]
    else:
        lines = [
            f"Class spending ({report['month']}): ${report['spent_usd']:.4f} of "
            f"${report['limit_usd']:.2f} · per student per day ${report['student_daily_usd']:.2f}"
        ]
    for row in report["users"][:top]:
        calls = f"{row['calls']}회" if lang == "ko" else f"{row['calls']} calls"
        lines.append(f"• {name(row['user_id'])}: ${row['cost_usd']:.4f} ({calls})")
    return "\n".join(lines)


def parse_budget_words(words: list[str]) -> tuple[str, float] | None:
    """`class 5` / `student 0.02` -> (scope, usd); no words -> None (just show)."""
    if not words:
        return None
    if len(words) != 2 or words[0].lower() not in ("class", "student", "반", "학생"):
        raise BUDGET_USAGE
    scope = "class" if words[0].lower() in ("class", "반") else "student"
    try:
        usd = float(words[1].lstrip("$"))
    except ValueError:
        raise BUDGET_USAGE from None
    if usd < 0:
        raise BUDGET_USAGE
    return scope, usd


def budget_set_text(monthly: float, daily: float, lang: str) -> str:
    """The confirmation after a teacher sets a budget (capped values, as stored)."""
    if lang == "ko":
        return f"반 예산: 월 ${monthly:.2f}, 학생 1인 하루 ${daily:.2f} (설정 한도 이내)."
    return (
        f"Class budget: ${monthly:.2f} a month, ${daily:.2f} per student a day "
        "(capped at the deployment's limits)."
    )


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


# Leaderboards and comparisons --------------------------------------------------------


def render_leaderboard(
    rows: list[tuple[str, int, int]], lang: str, period: str, name: Any = None
) -> str:
    """Ranked points; `name` turns a user id into what the platform shows."""
    if not rows:
        return "아직 점수가 없습니다." if lang == "ko" else "No scores yet."
    titles = {
        "week": ("이번 주 순위", "This week"),
        "month": ("이번 달 순위", "This month"),
        "all": ("전체 순위", "All time"),
    }
    title = titles.get(period, titles["week"])[0 if lang == "ko" else 1]
    pts = "점" if lang == "ko" else " pts"
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    lines = [f"**{title}**"]
    for i, (user, points, _answers) in enumerate(rows, 1):
        shown = name(user) if name else user
        lines.append(f"{medals.get(i, f'{i}.')} {shown} — {points}{pts}")
    return "\n".join(lines)


def compare_names(requested: str, catalog: list[str]) -> list[str]:
    """The models to compare: the requested comma-separated names, else the whole catalog."""
    names = [n.strip() for n in requested.replace(" ", ",").split(",") if n.strip()]
    if not catalog:
        raise BadCommand(
            en="No models are configured, so there is nothing to compare.",
            ko="설정된 모델이 없어 비교할 수 없습니다.",
        )
    if not names:
        return catalog[:4]
    unknown = [n for n in names if n not in catalog]
    if unknown:
        known = ", ".join(catalog)
        raise BadCommand(
            en=f"Unknown model(s): {', '.join(unknown)}. Available: {known}.",
            ko=f"알 수 없는 모델: {', '.join(unknown)}. 사용 가능: {known}.",
        )
    return names[:4]


def render_compare(report: dict[str, Any], lang: str, answer_chars: int = 600) -> str:
    """Models side by side: latency, tokens, cost, citations, then each answer (shortened)."""
    if report.get("skipped"):
        reason = report["skipped"]
        if lang == "ko":
            return f"비교할 수 없습니다: {'강의 범위 밖의 질문' if 'scope' in reason else reason}."
        return f"Nothing to compare: {reason}."
    head = (
        "| 모델 | 지연 | 토큰 (입력/출력) | 비용 | 인용 |"
        if lang == "ko"
        else "| model | latency | tokens (in/out) | cost | citations |"
    )
    lines = [head, "|---|---|---|---|---|"]
    for r in report["results"]:
        if "latency_ms" not in r:
            lines.append(f"| {r['model']} | — | — | — | {r['outcome']} |")
            continue
        cites = ",".join(str(c) for c in r["citations"]) or "-"
        lines.append(
            f"| {r['model']} | {r['latency_ms']} ms | {r['input_tokens']}/{r['output_tokens']} | "
            f"${r['cost_usd']:.4f} | {cites} |"
        )
    for r in report["results"]:
        if "answer" in r:
            text = r["answer"]
            if len(text) > answer_chars:
                text = text[: answer_chars - 1].rstrip() + "…"
            lines.append(f"\n**{r['model']}**\n{text}")
    return "\n".join(lines)


# Student data ----------------------------------------------------------------------


def forget_prompt(scope: str, lang: str) -> str:
    """The question asked before anything is deleted."""
    if scope == "class":
        if lang == "ko":
            return (
                "이 반의 퀴즈 기록, 답안, 예산 설정을 모두 삭제하고 사용 내역에서 학생 id를 "
                "지웁니다. 되돌릴 수 없습니다. 계속할까요?"
            )
        return (
            "This deletes this class's quizzes, answers and budget settings, and removes "
            "students' ids from its spending records. It cannot be undone. Continue?"
        )
    if lang == "ko":
        return (
            "내 퀴즈 답안, 점수, 복습 일정, 사용 기록 등 StudyBot이 저장한 내 데이터를 모두 "
            "삭제합니다. 되돌릴 수 없습니다. 계속할까요?"
        )
    return (
        "This deletes everything StudyBot stores about you: quiz answers, scores, review "
        "schedule and usage records. It cannot be undone. Continue?"
    )


def forget_button(lang: str) -> str:
    return "삭제" if lang == "ko" else "Delete"


def forget_done(counts: dict[str, int], lang: str) -> str:
    """What was deleted, in one line."""
    total = sum(counts.values())
    if lang == "ko":
        return f"삭제했습니다 ({total}개 항목)."
    return f"Deleted ({total} records)."


# Stats -------------------------------------------------------------------------------

_STATS = {
    "stats": {
        "en": "Answered {answered}, correct {correct} ({pct}). "
        "Streak: {streak} day(s). Due for review: {due}.",
        "ko": "푼 문제 {answered}, 정답 {correct} ({pct}). "
        "연속 학습: {streak}일. 복습 대기: {due}.",
    },
    "weak": {"en": "Weakest sections:", "ko": "약한 섹션:"},
    "none": {
        "en": "No answers yet. Try {hint}.",
        "ko": "아직 푼 문제가 없습니다. {hint}로 시작하세요.",
    },
    "no_due": {
        "en": "Nothing to review right now — well done!",
        "ko": "지금 복습할 문제가 없습니다. 잘하고 있어요!",
    },
}


def stats_text(key: str, lang: str, **values: Any) -> str:
    """A stats or review text in Korean or English."""
    return _STATS[key]["ko" if lang == "ko" else "en"].format(**values)


def render_stats(stats: Any, lang: str, quiz_hint: str = "/quiz") -> str:
    """A student's results, weakest sections first; `quiz_hint` is how to start a quiz here."""
    if not stats.answered:
        return stats_text("none", lang, hint=f"`{quiz_hint}`")
    pct = f"{stats.correct / stats.answered:.0%}"
    lines = [
        stats_text(
            "stats",
            lang,
            answered=stats.answered,
            correct=stats.correct,
            pct=pct,
            streak=stats.streak_days,
            due=stats.due_cards,
        )
    ]
    weak = [s for s in stats.sections if s.accuracy < 1][:3]
    if weak:
        lines.append(stats_text("weak", lang))
        lines.extend(f"  {s.section}: {s.correct}/{s.answered}" for s in weak)
    return "\n".join(lines)
