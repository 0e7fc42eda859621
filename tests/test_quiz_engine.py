"""The quiz engine on real SQLite: exactly-once answers, resume, FSRS, stats, leaderboards."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.quiz.bank import BankSet, load_banks
from bot.quiz.engine import Player, QuizEngine, QuizError
from bot.quiz.progress import _streak
from bot.store.db import build_engine, quiz_answers, review_cards
from tests.conftest import KNOWLEDGE, ROOT


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_banks(ROOT / "quizzes", KNOWLEDGE)


@pytest.fixture
def quiz(tmp_path: Path, banks: BankSet) -> QuizEngine:
    engine = build_engine(f"sqlite:///{tmp_path}/quiz.db", tmp_path)
    return QuizEngine(engine, banks, "Asia/Seoul")


def right_answer(q):  # type: ignore[no-untyped-def]
    if q.type == "single":
        return min(q.correct_indexes)
    if q.type == "multi":
        return sorted(q.correct_indexes)
    if q.type == "true_false":
        return bool(q.answer)
    return q.accept[0]


def wrong_answer(q):  # type: ignore[no-untyped-def]
    if q.type == "single":
        return min(set(range(len(q.choices))) - q.correct_indexes)
    if q.type == "multi":
        return [min(q.correct_indexes)]
    if q.type == "true_false":
        return not q.answer
    return "definitely not it"


def test_solo_quiz_scores_and_finishes(quiz: QuizEngine) -> None:
    state = quiz.start_solo(Player("amy"), "en", 4)
    assert state.total == 4 and state.position == 0 and state.question is not None
    sections = {q.source for q in quiz.pick("en", 4, seed=1)}
    assert len(sections) == 4  # a short quiz spreads over sections
    score = 0
    for i in range(4):
        q = quiz.state(state.attempt_id).question
        assert q is not None
        answer = right_answer(q) if i % 2 == 0 else wrong_answer(q)
        fb = quiz.answer(state.attempt_id, q.id, "amy", answer)
        score += i % 2 == 0
        assert fb.correct == (i % 2 == 0) and fb.score == score and fb.source == q.source
        assert fb.explanation == q.explanation and fb.correct_answer
    final = quiz.state(state.attempt_id)
    assert final.finished and final.score == 2 and final.question is None


def test_double_click_scores_once(quiz: QuizEngine) -> None:
    state = quiz.start_solo(Player("bo"), "ko", 3)
    q = state.question
    assert q is not None
    first = quiz.answer(state.attempt_id, q.id, "bo", right_answer(q))
    again = quiz.answer(state.attempt_id, q.id, "bo", wrong_answer(q))  # a redelivered click
    assert first.correct and again.duplicate and again.correct and again.score == 1
    assert quiz.state(state.attempt_id).position == 1


def test_concurrent_duplicate_submissions_record_once(quiz: QuizEngine) -> None:
    state = quiz.start_solo(Player("cy"), "en", 2)
    q = state.question
    assert q is not None
    results = []
    barrier = threading.Barrier(20)

    def click() -> None:
        barrier.wait()
        results.append(quiz.answer(state.attempt_id, q.id, "cy", right_answer(q)))

    threads = [threading.Thread(target=click) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not r.duplicate for r in results) == 1
    with quiz.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(quiz_answers)).scalar_one() == 1
    assert quiz.state(state.attempt_id).score == 1


def test_crash_mid_quiz_resumes_same_question_same_score(tmp_path: Path, banks: BankSet) -> None:
    url = f"sqlite:///{tmp_path}/crash.db"
    first = QuizEngine(build_engine(url, tmp_path), banks)
    player = Player("dee", conversation_id="term")
    state = first.start_solo(player, "en", 3)
    q = state.question
    assert q is not None
    first.answer(state.attempt_id, q.id, "dee", right_answer(q))
    expected = first.state(state.attempt_id)
    first.engine.dispose()  # the process dies here

    second = QuizEngine(build_engine(url, tmp_path), banks)
    resumed = second.active(player)
    assert resumed is not None and resumed.attempt_id == state.attempt_id
    assert (resumed.position, resumed.score, resumed.question) == (1, 1, expected.question)
    with pytest.raises(QuizError) as info:  # an old button for a closed question
        second.answer(state.attempt_id, q.id, "other", right_answer(q))
    assert info.value.code == "not_current"


def test_fsrs_due_dates_move(quiz: QuizEngine) -> None:
    state = quiz.start_solo(Player("eve"), "en", 2)
    q1 = state.question
    assert q1 is not None
    quiz.answer(state.attempt_id, q1.id, "eve", right_answer(q1))
    q2 = quiz.state(state.attempt_id).question
    assert q2 is not None
    quiz.answer(state.attempt_id, q2.id, "eve", wrong_answer(q2))
    with quiz.engine.connect() as conn:
        due = dict(conn.execute(select(review_cards.c.question_id, review_cards.c.due)).all())
    now = datetime.now(UTC)
    good_due = due[q1.id].replace(tzinfo=UTC)
    again_due = due[q2.id].replace(tzinfo=UTC)
    assert again_due < good_due  # a miss comes back sooner than a hit
    assert timedelta(0) < good_due - now <= timedelta(days=2)
    # Later, both are due: the review serves them, most overdue first.
    later = now + timedelta(days=3)
    assert quiz.reviews.due("eve", "en", later) == [q2.id, q1.id]
    review = quiz.reviews.questions("eve", "en", 5, later)
    assert [q.id for q in review[:2]] == [q2.id, q1.id] and len(review) == 5
    # A second correct answer pushes the card further out.
    state2 = quiz.start(Player("eve"), "en", [q1], "review")
    quiz.answer(state2.attempt_id, q1.id, "eve", right_answer(q1))
    with quiz.engine.connect() as conn:
        new_due = conn.execute(
            select(review_cards.c.due).where(review_cards.c.question_id == q1.id)
        ).scalar_one()
    assert new_due.replace(tzinfo=UTC) > good_due


def test_stats_streaks_and_weak_sections(quiz: QuizEngine) -> None:
    state = quiz.start_solo(Player("fay", class_id="c1"), "en", 3)
    answers = []
    for i in range(3):
        q = quiz.state(state.attempt_id).question
        assert q is not None
        answers.append(q)
        quiz.answer(state.attempt_id, q.id, "fay", wrong_answer(q) if i == 0 else right_answer(q))
    stats = quiz.progress.stats("fay")
    assert (stats.answered, stats.correct, stats.streak_days) == (3, 2, 1)
    assert stats.sections[0].section == answers[0].source and stats.sections[0].accuracy == 0
    today = datetime(2026, 11, 28).date()
    days = {today, today - timedelta(days=1), today - timedelta(days=2), today - timedelta(days=4)}
    assert _streak(days, today) == 3
    assert _streak(days - {today}, today) == 2  # not yet today: yesterday's streak still counts
    assert _streak(set(), today) == 0


def test_leaderboards_by_period(quiz: QuizEngine) -> None:
    for user, right in (("gil", 3), ("hana", 1)):
        state = quiz.start_solo(Player(user, class_id="class-a"), "en", 3)
        for i in range(3):
            q = quiz.state(state.attempt_id).question
            assert q is not None
            quiz.answer(
                state.attempt_id, q.id, user, right_answer(q) if i < right else wrong_answer(q)
            )
    other = quiz.start_solo(Player("ivy", class_id="class-b"), "en", 1)
    q = other.question
    assert q is not None
    quiz.answer(other.attempt_id, q.id, "ivy", right_answer(q))
    assert quiz.progress.leaderboard("class-a", "week") == [("gil", 3, 3), ("hana", 1, 3)]
    assert [u for u, _, _ in quiz.progress.leaderboard("class-b", "all")] == [
        "ivy"
    ]  # classes isolated
    # Answers from two months ago count for all time only.
    with quiz.engine.begin() as conn:
        conn.execute(
            update(quiz_answers)
            .where(quiz_answers.c.user_id == "hana")
            .values(answered_at=datetime.now(UTC) - timedelta(days=62))
        )
    assert [u for u, _, _ in quiz.progress.leaderboard("class-a", "month")] == ["gil"]
    assert [u for u, _, _ in quiz.progress.leaderboard("class-a", "all")] == ["gil", "hana"]


def test_group_quiz_first_correct_and_time_limit(quiz: QuizEngine) -> None:
    room = Player("teacher", class_id="c9", conversation_id="room-1")
    state = quiz.start_group(room, "en", 2, time_limit_s=60, group_mode="first_correct")
    q = state.question
    assert q is not None
    a = quiz.answer(state.attempt_id, q.id, "s1", wrong_answer(q))
    b = quiz.answer(state.attempt_id, q.id, "s2", right_answer(q))
    c = quiz.answer(state.attempt_id, q.id, "s3", right_answer(q))
    assert (a.points, b.points, c.points) == (0, 1, 0) and c.correct
    result = quiz.close_question(state.attempt_id)
    assert result.correct_users == ("s2", "s3") and result.scorers == ("s2",)
    q2 = quiz.state(state.attempt_id).question
    assert q2 is not None and q2.id != q.id
    with quiz.engine.begin() as conn:  # the question opened two minutes ago: time is up
        from bot.store.db import quiz_attempts

        conn.execute(
            update(quiz_attempts).values(
                question_opened_at=datetime.now(UTC) - timedelta(minutes=2)
            )
        )
    late = quiz.answer(state.attempt_id, q2.id, "s1", right_answer(q2))
    assert late.late and late.points == 0
    assert quiz.close_question(state.attempt_id).finished


def test_group_everyone_scores(quiz: QuizEngine) -> None:
    room = Player("teacher", class_id="c9", conversation_id="room-2")
    state = quiz.start_group(room, "ko", 1, time_limit_s=60, group_mode="everyone")
    q = state.question
    assert q is not None
    points = [quiz.answer(state.attempt_id, q.id, u, right_answer(q)).points for u in ("x", "y")]
    assert points == [1, 1]
    assert quiz.close_question(state.attempt_id).scorers == ("x", "y")
