"""The quiz engine: solo, review and group quizzes, recorded once, resumable, with FSRS review.

Every answer is one transaction keyed by (attempt, question, user): the answer row, the
attempt's score and position, and the student's review card change together or not at all.
A repeated answer (double click, redelivered event) hits the key and returns the first
answer's feedback unchanged; a crash between answers loses nothing, since the attempt's
position and score are in the database.

Grading is `bank.grade`: deterministic code. No answer key ever goes near a model.
All methods block; async callers use `asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, Scheduler
from sqlalchemy import Engine, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.quiz.bank import BankSet, Question, correct_text, grade
from bot.store.db import quiz_answers, quiz_attempts, review_cards, write_transaction

Mode = Literal["solo", "review", "group"]
GroupMode = Literal["first_correct", "everyone"]
Period = Literal["week", "month", "all"]


class QuizError(Exception):
    """A request the engine refuses (unknown attempt, wrong question, no questions)."""

    def __init__(self, code: str, en: str, ko: str) -> None:
        super().__init__(en)
        self.code = code
        self.en = en
        self.ko = ko

    def message(self, lang: str) -> str:
        """The message in `ko` or `en`."""
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True, slots=True)
class Player:
    """Who is playing, and where."""

    user_id: str
    class_id: str = "direct"
    platform: str = "terminal"
    conversation_id: str = "local"


@dataclass(frozen=True, slots=True)
class QuizState:
    """Where an attempt stands: the current question (None when finished) and the score."""

    attempt_id: str
    mode: str
    lang: str
    position: int
    total: int
    score: int
    question: Question | None
    finished: bool


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a student sees after answering: right or wrong, why, and where to read more."""

    attempt_id: str
    question_id: str
    correct: bool
    points: int
    correct_answer: str
    explanation: str
    source: str
    """The lesson section the question tests (heading path), for the citation."""
    score: int
    position: int
    total: int
    finished: bool
    duplicate: bool = False
    """True when this answer had already been recorded: nothing changed."""
    late: bool = False
    """True when a group question's time was up: nothing was recorded."""


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


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A closed group question: who got it right and who scored."""

    question_id: str
    correct_users: tuple[str, ...]
    scorers: tuple[str, ...]
    correct_answer: str
    explanation: str
    source: str
    finished: bool


@dataclass(frozen=True, slots=True)
class OpenGroupQuiz:
    """A group quiz that was running when the process stopped."""

    state: QuizState
    platform: str
    conversation_id: str
    time_limit_s: float
    seconds_left: float
    """What is left of the open question's time (0 when it is overdue)."""


class QuizEngine:
    """Runs quizzes from the banks and keeps every answer in the SQL store."""

    def __init__(
        self, engine: Engine, banks: BankSet, timezone: str = "UTC", fuzz: bool = False
    ) -> None:
        self.engine = engine
        self.banks = banks
        self.tz = ZoneInfo(timezone)
        # Fuzzing spreads due dates randomly; off by default so a class sees predictable
        # review dates (and tests can check them).
        self.scheduler = Scheduler(enable_fuzzing=fuzz)

    # Starting ----------------------------------------------------------------------

    def pick(
        self,
        lang: str,
        n: int,
        lesson: str | None = None,
        sections: Sequence[str] | None = None,
        seed: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[Question]:
        """`n` questions in `lang` (optionally of a lesson, sections or types), spread out."""
        pool = [
            q
            for q in self.banks.by_lang(lang, lesson)
            if (
                not sections
                or any(q.source == s or q.source.startswith(s + " > ") for s in sections)
            )
            and (not types or q.type in types)
        ]
        rng = random.Random(seed)
        rng.shuffle(pool)
        # Round-robin over sections so a short quiz doesn't test one section five times.
        by_section: dict[str, list[Question]] = {}
        for q in pool:
            by_section.setdefault(q.source, []).append(q)
        picked: list[Question] = []
        while len(picked) < n and any(by_section.values()):
            for source in list(by_section):
                if by_section[source] and len(picked) < n:
                    picked.append(by_section[source].pop())
        return picked

    def start(
        self,
        player: Player,
        lang: str,
        questions: Sequence[Question],
        mode: Mode = "solo",
        group_mode: GroupMode | None = None,
        time_limit_s: float | None = None,
    ) -> QuizState:
        """Begin an attempt over `questions`, in that order."""
        if not questions:
            raise QuizError(
                "no_questions",
                "There are no quiz questions for that choice yet.",
                "해당 조건에 맞는 퀴즈 문제가 아직 없습니다.",
            )
        attempt_id = str(uuid.uuid4())
        owner = f"group:{player.conversation_id}" if mode == "group" else player.user_id
        now = datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            conn.execute(
                insert(quiz_attempts).values(
                    id=attempt_id,
                    mode=mode,
                    owner_id=owner,
                    class_id=player.class_id,
                    platform=player.platform,
                    conversation_id=player.conversation_id,
                    lang=lang,
                    question_ids=json.dumps([q.id for q in questions]),
                    position=0,
                    score=0,
                    status="active",
                    group_mode=group_mode,
                    time_limit_s=time_limit_s,
                    question_opened_at=now if mode == "group" else None,
                    created_at=now,
                )
            )
        return self.state(attempt_id)

    def start_solo(
        self,
        player: Player,
        lang: str,
        n: int = 5,
        lesson: str | None = None,
        sections: Sequence[str] | None = None,
    ) -> QuizState:
        """A solo quiz of `n` questions."""
        return self.start(player, lang, self.pick(lang, n, lesson, sections))

    def start_review(self, player: Player, lang: str, n: int = 5) -> QuizState:
        """A review: the student's due cards first, then questions from their weakest sections."""
        return self.start(player, lang, self.review_questions(player.user_id, lang, n), "review")

    def start_group(
        self,
        player: Player,
        lang: str,
        n: int = 5,
        time_limit_s: float = 30.0,
        group_mode: GroupMode = "first_correct",
        lesson: str | None = None,
    ) -> QuizState:
        """A group quiz in a conversation: one question at a time, timed."""
        return self.start(
            player, lang, self.pick(lang, n, lesson), "group", group_mode, time_limit_s
        )

    def active(self, player: Player) -> QuizState | None:
        """The player's unfinished solo or review attempt in this conversation (to resume)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(quiz_attempts.c.id)
                .where(
                    and_(
                        quiz_attempts.c.owner_id == player.user_id,
                        quiz_attempts.c.conversation_id == player.conversation_id,
                        quiz_attempts.c.status == "active",
                        quiz_attempts.c.mode != "group",
                    )
                )
                .order_by(quiz_attempts.c.created_at.desc())
                .limit(1)
            ).first()
        return self.state(row[0]) if row else None

    # State -------------------------------------------------------------------------

    def _row(self, conn: Any, attempt_id: str) -> Any:
        row = conn.execute(select(quiz_attempts).where(quiz_attempts.c.id == attempt_id)).first()
        if row is None:
            raise QuizError(
                "unknown_attempt",
                "That quiz no longer exists. Start a new one with /quiz.",
                "해당 퀴즈를 찾을 수 없습니다. /quiz로 새 퀴즈를 시작하세요.",
            )
        return row

    def _question(self, qid: str) -> Question:
        q = self.banks.questions.get(qid)
        if q is None:
            raise QuizError(
                "unknown_question",
                "That question was removed from the bank.",
                "해당 문제는 문제 은행에서 삭제되었습니다.",
            )
        return q

    def state(self, attempt_id: str) -> QuizState:
        """Where the attempt stands now."""
        with self.engine.connect() as conn:
            row = self._row(conn, attempt_id)
        ids = json.loads(row.question_ids)
        finished = row.status == "finished" or row.position >= len(ids)
        question = None if finished else self._question(ids[row.position])
        return QuizState(
            row.id, row.mode, row.lang, row.position, len(ids), row.score, question, finished
        )

    # Answering ---------------------------------------------------------------------

    def answer(self, attempt_id: str, question_id: str, user_id: str, answer: Any) -> Feedback:
        """Record one answer exactly once and return the feedback."""
        return self._answer(attempt_id, question_id, user_id, answer)

    def _answer(self, attempt_id: str, question_id: str, user_id: str, answer: Any) -> Feedback:
        now = datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            row = self._row(conn, attempt_id)
            if self.engine.dialect.name == "postgresql":
                # Serialise answers to one attempt (score, position, first-correct).
                conn.execute(
                    select(quiz_attempts.c.id)
                    .where(quiz_attempts.c.id == attempt_id)
                    .with_for_update()
                )
                row = self._row(conn, attempt_id)
            ids: list[str] = json.loads(row.question_ids)
            question = self._question(question_id)
            if question_id not in ids:
                raise QuizError(
                    "wrong_question",
                    "That question is not part of this quiz.",
                    "이 퀴즈에 포함되지 않은 문제입니다.",
                )
            index = ids.index(question_id)
            previous = conn.execute(
                select(quiz_answers.c.correct, quiz_answers.c.points).where(
                    and_(
                        quiz_answers.c.attempt_id == attempt_id,
                        quiz_answers.c.question_id == question_id,
                        quiz_answers.c.user_id == user_id,
                    )
                )
            ).first()
            if previous is not None:
                return self._feedback(
                    row, question, bool(previous[0]), int(previous[1]), ids, duplicate=True
                )
            is_group = row.mode == "group"
            if index != row.position or row.status == "finished":
                raise QuizError(
                    "not_current",
                    "That question is closed; answer the current one.",
                    "이미 지난 문제입니다. 현재 문제에 답해 주세요.",
                )
            if is_group and row.time_limit_s and row.question_opened_at is not None:
                opened = row.question_opened_at
                if opened.tzinfo is None:
                    opened = opened.replace(tzinfo=UTC)
                if now > opened + timedelta(seconds=row.time_limit_s):
                    return self._feedback(row, question, False, 0, ids, late=True)
            correct = grade(question, answer)
            points = int(correct)
            if is_group and correct and row.group_mode == "first_correct":
                first = conn.execute(
                    select(func.count()).where(
                        and_(
                            quiz_answers.c.attempt_id == attempt_id,
                            quiz_answers.c.question_id == question_id,
                            quiz_answers.c.points > 0,
                        )
                    )
                ).scalar_one()
                points = 0 if first else 1
            conn.execute(
                insert(quiz_answers).values(
                    attempt_id=attempt_id,
                    question_id=question_id,
                    user_id=user_id,
                    class_id=row.class_id,
                    answer=json.dumps(answer, ensure_ascii=False, default=str),
                    correct=correct,
                    points=points,
                    section=question.source,
                    lang=question.lang,
                    answered_at=now,
                )
            )
            score, position, status = row.score, row.position, row.status
            if not is_group:
                score, position = row.score + points, row.position + 1
                status = "finished" if position >= len(ids) else "active"
                conn.execute(
                    update(quiz_attempts)
                    .where(quiz_attempts.c.id == attempt_id)
                    .values(
                        score=quiz_attempts.c.score + points,
                        position=position,
                        status=status,
                        finished_at=now if status == "finished" else None,
                    )
                )
            self._review(conn, user_id, question_id, correct, now)
        return Feedback(
            attempt_id,
            question.id,
            correct,
            points,
            correct_text(question),
            question.explanation,
            question.source,
            score,
            position,
            len(ids),
            status == "finished" or position >= len(ids),
        )

    def _feedback(
        self,
        row: Any,
        question: Question,
        correct: bool,
        points: int,
        ids: list[str],
        duplicate: bool = False,
        late: bool = False,
    ) -> Feedback:
        finished = row.status == "finished" or row.position >= len(ids)
        return Feedback(
            row.id,
            question.id,
            correct,
            points,
            correct_text(question),
            question.explanation,
            question.source,
            row.score,
            row.position,
            len(ids),
            finished,
            duplicate,
            late,
        )

    # Group flow ----------------------------------------------------------------------

    def close_question(self, attempt_id: str, position: int | None = None) -> GroupResult | None:
        """End the current group question: tally it, score the class, open the next one.

        With `position`, only that question is closed: a runner resumed after a restart and
        the original one cannot both close it (the loser gets None and stops).
        """
        now = datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            row = self._row(conn, attempt_id)
            ids = json.loads(row.question_ids)
            if position is not None and row.position != position:
                return None
            if row.position >= len(ids):
                raise QuizError("finished", "This quiz is over.", "이 퀴즈는 끝났습니다.")
            question = self._question(ids[row.position])
            answers = conn.execute(
                select(quiz_answers.c.user_id, quiz_answers.c.correct, quiz_answers.c.points)
                .where(
                    and_(
                        quiz_answers.c.attempt_id == attempt_id,
                        quiz_answers.c.question_id == question.id,
                    )
                )
                .order_by(quiz_answers.c.answered_at)
            ).all()
            position = row.position + 1
            done = position >= len(ids)
            conn.execute(
                update(quiz_attempts)
                .where(
                    and_(quiz_attempts.c.id == attempt_id, quiz_attempts.c.position == row.position)
                )
                .values(
                    position=position,
                    score=quiz_attempts.c.score + sum(a[2] for a in answers),
                    status="finished" if done else "active",
                    finished_at=now if done else None,
                    question_opened_at=None if done else now,
                )
            )
        return GroupResult(
            question.id,
            tuple(a[0] for a in answers if a[1]),
            tuple(a[0] for a in answers if a[2]),
            correct_text(question),
            question.explanation,
            question.source,
            done,
        )

    def open_group_quizzes(self, platforms: Sequence[str]) -> list[OpenGroupQuiz]:
        """Unfinished group quizzes on `platforms`, with what is left of the open question."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(quiz_attempts).where(
                    and_(
                        quiz_attempts.c.mode == "group",
                        quiz_attempts.c.status == "active",
                        quiz_attempts.c.platform.in_(list(platforms)),
                    )
                )
            ).all()
        now = datetime.now(UTC)
        out = []
        for row in rows:
            limit = row.time_limit_s or 30.0
            opened = row.question_opened_at or now
            if opened.tzinfo is None:  # SQLite returns naive UTC datetimes
                opened = opened.replace(tzinfo=UTC)
            left = max(0.0, limit - (now - opened).total_seconds())
            out.append(
                OpenGroupQuiz(self.state(row.id), row.platform, row.conversation_id, limit, left)
            )
        return out

    # Spaced review (FSRS) ----------------------------------------------------------

    def _review(
        self, conn: Any, user_id: str, question_id: str, correct: bool, now: datetime
    ) -> None:
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

    def review_questions(
        self, user_id: str, lang: str, n: int, now: datetime | None = None
    ) -> list[Question]:
        """Due cards first, then new questions from the weakest sections, then untried ones."""
        picked = [self.banks.questions[i] for i in self.due(user_id, lang, now)][:n]
        if len(picked) < n:
            weakest = [s.section for s in self.stats(user_id).sections]
            untried = [q.source for q in self.banks.by_lang(lang) if q.source not in set(weakest)]
            seen = {q.id for q in picked} | self._answered_ids(user_id)
            for section in dict.fromkeys([*weakest, *untried]):
                for q in self.banks.by_lang(lang):
                    if q.source == section and q.id not in seen and len(picked) < n:
                        picked.append(q)
                        seen.add(q.id)
        return picked

    def _answered_ids(self, user_id: str) -> set[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(review_cards.c.question_id).where(review_cards.c.user_id == user_id)
            ).all()
        return {r[0] for r in rows}

    # Results -----------------------------------------------------------------------

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
