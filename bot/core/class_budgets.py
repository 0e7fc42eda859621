"""Budgets as students and teachers see them: allowances left, a class's month, new limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core.classroom import BadCommand, someone

if TYPE_CHECKING:
    from bot.llm.budget import Allowance


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
