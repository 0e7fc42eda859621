"""Quizzes in the terminal: playing, pausing and resuming, review, stats, and inside the chat."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import App
from bot.channels.terminal import run_chat
from bot.channels.terminal_quiz import parse_answer, play, stdin_reader
from bot.core.quizzes import Quizzes
from bot.quiz.bank import load_banks
from bot.quiz.engine import Player, QuizEngine
from bot.store.db import build_engine
from tests.conftest import KNOWLEDGE, ROOT


@pytest.fixture
def quiz(tmp_path: Path) -> QuizEngine:
    banks = load_banks(ROOT / "quizzes", KNOWLEDGE)
    return QuizEngine(build_engine(f"sqlite:///{tmp_path}/q.db", tmp_path), banks)


def test_parse_answer() -> None:
    banks = load_banks(ROOT / "quizzes", KNOWLEDGE)
    single, multi = banks.questions["en-types-01"], banks.questions["en-types-02"]
    tf, short = banks.questions["ko-goals-01"], banks.questions["en-types-03"]
    assert parse_answer(single, " 2 ") == 1 and parse_answer(single, "9") is None
    assert parse_answer(single, "1,2") is None and parse_answer(single, "x") is None
    assert parse_answer(multi, "2, 1") == [0, 1] and parse_answer(multi, "1 5") is None
    assert parse_answer(tf, "1") is True and parse_answer(tf, "거짓") is False
    assert parse_answer(short, "  gpt-4 ") == "gpt-4" and parse_answer(short, "  ") is None


async def test_play_pause_resume_and_finish(quiz: QuizEngine) -> None:
    player = Player("pat", conversation_id="t")
    ids = ["en-types-01", "en-types-02", "en-goals-01"]  # single, multi, true/false
    quiz.start(player, "en", [quiz.banks.questions[i] for i in ids])
    out = io.StringIO()
    await play(
        Quizzes(lambda: quiz), player, stdin_reader(io.StringIO("1\n/quit\n"), out), out, "en", 3
    )
    assert "Resuming your quiz at question 1 of 3" in out.getvalue()
    assert "✔ Correct!" in out.getvalue() and "Paused" in out.getvalue()
    state = quiz.active(player)
    assert state is not None and (state.position, state.score) == (1, 1)
    out2 = io.StringIO()
    typed = "oops\n1,2\n1\n"  # invalid, then the two right choices, then "True"
    final = await play(
        Quizzes(lambda: quiz), player, stdin_reader(io.StringIO(typed), out2), out2, "ko", 3
    )
    text = out2.getvalue()
    assert "Resuming your quiz at question 2 of 3 (score 1)" in text
    assert "Please answer with a number" in text and "📖 Read:" in text
    assert (
        final is not None
        and final.finished
        and final.score == 3
        and "Finished: 3 correct of 3." in text
    )


async def test_review_with_nothing_due(quiz: QuizEngine) -> None:
    out = io.StringIO()
    player = Player("new", conversation_id="r")
    # A new student has no due cards: review offers untried sections instead.
    state = await play(
        Quizzes(lambda: quiz),
        player,
        stdin_reader(io.StringIO("/quit\n"), out),
        out,
        "ko",
        2,
        review=True,
    )
    assert state is not None and state.mode == "review" and state.total == 2


async def test_quiz_inside_chat(course_app: App, tmp_path: Path) -> None:
    quiz = QuizEngine(
        build_engine(f"sqlite:///{tmp_path}/c.db", tmp_path),
        load_banks(ROOT / "quizzes", KNOWLEDGE),
    )
    stdin = io.StringIO("/quiz ko 2\n1\n1\n/stats ko\nRAG가 뭐야?\n/quit\n")
    out = io.StringIO()
    await run_chat(course_app.service, None, stdin, out, quiz=Quizzes(lambda: quiz))
    text = out.getvalue()
    assert "퀴즈: 2문제" in text and "완료:" in text
    assert "푼 문제 2" in text  # /stats after the quiz
    assert "외부 데이터로 프롬프트를 보강" in text  # and questions still work


def test_quiz_validate_reports_errors_with_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "quizzes"
    bad.mkdir()
    (bad / "broken.yaml").write_text("lesson: [\n", encoding="utf-8")
    env = dict(os.environ, STUDYBOT_QUIZZES_DIR=str(bad), STUDYBOT_KNOWLEDGE_DIR=str(KNOWLEDGE))
    out = subprocess.run(
        [sys.executable, "-m", "bot", "quiz", "validate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert out.returncode == 1
    assert (
        "broken.yaml:" in out.stderr
        and "not valid YAML" in out.stderr
        and "Traceback" not in out.stderr
    )


async def test_chat_commands_explain_themselves(course_app: App, quiz: QuizEngine) -> None:
    stdin = io.StringIO("/help\n/foo\n임베딩이 뭐야?\n/help\n/bar\n/quiz 1\n1\n/stats\n/quit\n")
    out = io.StringIO()
    await run_chat(course_app.service, None, stdin, out, quiz=Quizzes(lambda: quiz))
    text = out.getvalue()
    # English until the student writes Korean; commands never reach the course search.
    assert "/quiz [ko|en] [n]  a knowledge-check quiz" in text
    assert "Unknown command /foo. Type /help" in text
    assert "not in the course material" not in text and "강의 자료에 없어" not in text
    assert "/퀴즈 [ko|en] [n]   지식 점검 퀴즈" in text  # /help after a Korean question
    assert "알 수 없는 명령어입니다: /bar" in text
    assert "퀴즈: 1문제" in text  # the quiz follows the conversation's language
    assert "푼 문제 1" in text  # and so do the stats


async def test_a_follow_up_in_the_chat_leans_on_the_question_before(course_app: App) -> None:
    """ "give me an example" after "what is an embedding?" asks for an embedding example;
    alone it had got LAION-5B's image models."""
    stdin = io.StringIO("what is an embedding?\ngive me an example\n/quit\n")
    out = io.StringIO()
    await run_chat(course_app.service, None, stdin, out)
    second = out.getvalue().split("you › ")[2]
    assert "OpenAI embeddings" in second and "LAION" not in second
