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

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, and_, func, insert, select, update

from bot.quiz.bank import BankSet, Question, correct_text, grade
from bot.quiz.progress import Progress
from bot.quiz.review import Reviews
from bot.store.db import quiz_answers, quiz_attempts, write_transaction

Mode = Literal["solo", "review", "group"]
GroupMode = Literal["first_correct", "everyone"]


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
        self.progress = Progress(engine, timezone)
        self.reviews = Reviews(engine, banks, self.progress, fuzz)

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
        return self.start(player, lang, self.reviews.questions(player.user_id, lang, n), "review")

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
            self.reviews.record(conn, user_id, question_id, correct, now)
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
