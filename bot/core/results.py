"""What students read about results: stats, leaderboards, deleted data.

Texts shared by every channel, in Korean and English; a platform id is never shown (names
come through `name`).
"""

from __future__ import annotations

from typing import Any


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
