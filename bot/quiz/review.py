"""Spaced review: each answer updates the student's FSRS card; due cards come back first.

A miss brings a question back sooner, a hit later (`fsrs`). A review quiz serves due cards
first, then new questions from the student's weakest sections, then sections not tried.
All methods block; async callers use `asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler
from sqlalchemy import Engine, and_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.quiz.bank import BankSet, Question
from bot.quiz.progress import Progress
from bot.store.db import review_cards


class Reviews:
    """Review cards per (student, question), and what a review quiz asks next."""

    def __init__(
        self, engine: Engine, banks: BankSet, progress: Progress, fuzz: bool = False
    ) -> None:
        self.engine = engine
        self.banks = banks
        self.progress = progress
        # Fuzzing spreads due dates randomly; off by default so a class sees predictable
        # review dates (and tests can check them).
        self.scheduler = Scheduler(enable_fuzzing=fuzz)

    def record(
        self, conn: Any, user_id: str, question_id: str, correct: bool, now: datetime
    ) -> None:
        """Update the student's card for one answer, inside the answer's transaction."""
        row = conn.execute(
            select(review_cards.c.card, review_cards.c.reps, review_cards.c.lapses).where(
                and_(review_cards.c.user_id == user_id, review_cards.c.question_id == question_id)
            )
        ).first()
        if row:
            card = Card.from_dict(json.loads(row[0]))
        else:
            # An explicit id: without one, fsrs derives it from the clock and sleeps a
            # millisecond per card to keep ids unique, which caps answers per second.
            digest = hashlib.sha256(f"{user_id}\x00{question_id}".encode()).digest()
            card = Card(card_id=int.from_bytes(digest[:6], "big"))
        rating = Rating.Good if correct else Rating.Again
        card, _log = self.scheduler.review_card(card, rating, now)
        reps = (row[1] if row else 0) + 1
        lapses = (row[2] if row else 0) + (0 if correct else 1)
        values = {
            "card": json.dumps(card.to_dict()),
            "due": card.due,
            "reps": reps,
            "lapses": lapses,
        }
        dialect_insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        stmt = dialect_insert(review_cards).values(
            user_id=user_id, question_id=question_id, **values
        )
        conn.execute(
            stmt.on_conflict_do_update(index_elements=["user_id", "question_id"], set_=values)
        )

    def due(self, user_id: str, lang: str | None = None, now: datetime | None = None) -> list[str]:
        """Question ids whose review is due for `user_id`, most overdue first."""
        now = now or datetime.now(UTC)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(review_cards.c.question_id)
                .where(and_(review_cards.c.user_id == user_id, review_cards.c.due <= now))
                .order_by(review_cards.c.due)
            ).all()
        ids = [r[0] for r in rows if r[0] in self.banks.questions]
        return [i for i in ids if lang is None or self.banks.questions[i].lang == lang]

    def questions(
        self, user_id: str, lang: str, n: int, now: datetime | None = None
    ) -> list[Question]:
        """Due cards first, then new questions from the weakest sections, then untried ones."""
        picked = [self.banks.questions[i] for i in self.due(user_id, lang, now)][:n]
        if len(picked) < n:
            weakest = [s.section for s in self.progress.stats(user_id).sections]
            untried = [q.source for q in self.banks.by_lang(lang) if q.source not in set(weakest)]
            seen = {q.id for q in picked} | self.answered_ids(user_id)
            for section in dict.fromkeys([*weakest, *untried]):
                for q in self.banks.by_lang(lang):
                    if q.source == section and q.id not in seen and len(picked) < n:
                        picked.append(q)
                        seen.add(q.id)
        return picked

    def answered_ids(self, user_id: str) -> set[str]:
        """Every question the student has a card for (has answered at least once)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(review_cards.c.question_id).where(review_cards.c.user_id == user_id)
            ).all()
        return {r[0] for r in rows}
