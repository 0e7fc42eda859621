"""A student's progress and a class's standings, read from the recorded answers.

Stats (totals, the streak of days in a row, sections weakest first, cards due) and
leaderboards (a class over a week, a month or all time, in the configured timezone).
All methods block; async callers use `asyncio.to_thread`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, select

from bot.store.db import quiz_answers, review_cards

Period = Literal["week", "month", "all"]


@dataclass(frozen=True, slots=True)
class SectionStat:
    """A student's results on one section."""

    section: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share answered correctly."""
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    """A student's results: totals, streak, and sections from weakest to strongest."""

    user_id: str
    answered: int
    correct: int
    streak_days: int
    sections: tuple[SectionStat, ...]
    due_cards: int


class Progress:
    """Stats and leaderboards over the answers the quiz engine recorded."""

    def __init__(self, engine: Engine, timezone: str = "UTC") -> None:
        self.engine = engine
        # Days (streaks) and weeks (leaderboards) are the school's, not UTC's.
        self.tz = ZoneInfo(timezone)

    def stats(self, user_id: str, now: datetime | None = None) -> Stats:
        """Totals, the streak of days in a row with an answer, and sections weakest first."""
        now = now or datetime.now(UTC)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    quiz_answers.c.section, quiz_answers.c.correct, quiz_answers.c.answered_at
                ).where(quiz_answers.c.user_id == user_id)
            ).all()
            due = conn.execute(
                select(func.count()).where(
                    and_(review_cards.c.user_id == user_id, review_cards.c.due <= now)
                )
            ).scalar_one()
        per: dict[str, list[int]] = {}
        days: set[Any] = set()
        for section, correct, at in rows:
            counts = per.setdefault(section, [0, 0])
            counts[0] += 1
            counts[1] += int(bool(correct))
            if at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
            days.add(at.astimezone(self.tz).date())
        sections = sorted(
            (SectionStat(s, c[0], c[1]) for s, c in per.items()),
            key=lambda st: (st.accuracy, -st.answered, st.section),
        )
        return Stats(
            user_id,
            sum(c[0] for c in per.values()),
            sum(c[1] for c in per.values()),
            _streak(days, now.astimezone(self.tz).date()),
            tuple(sections),
            int(due),
        )

    def leaderboard(
        self, class_id: str, period: Period = "week", limit: int = 10, now: datetime | None = None
    ) -> list[tuple[str, int, int]]:
        """(user, points, answers) for one class, best first, over a week, a month or all time."""
        now = now or datetime.now(UTC)
        local = now.astimezone(self.tz)
        start: datetime | None = None
        if period == "week":
            monday = local.date() - timedelta(days=local.weekday())
            start = datetime(monday.year, monday.month, monday.day, tzinfo=self.tz)
        elif period == "month":
            start = datetime(local.year, local.month, 1, tzinfo=self.tz)
        cond = quiz_answers.c.class_id == class_id
        if start is not None:
            cond = and_(cond, quiz_answers.c.answered_at >= start.astimezone(UTC))
        points = func.sum(quiz_answers.c.points).label("points")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(quiz_answers.c.user_id, points, func.count().label("answers"))
                .where(cond)
                .group_by(quiz_answers.c.user_id)
                .order_by(points.desc(), quiz_answers.c.user_id)
                .limit(limit)
            ).all()
        return [(r[0], int(r[1] or 0), int(r[2])) for r in rows]


def _streak(days: set[Any], today: Any) -> int:
    """Days in a row with at least one answer, ending today (or yesterday, if not yet today)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
