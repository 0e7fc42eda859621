"""Question banks: the shipped banks, validation errors with file and line, grading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.quiz.bank import Question, grade, lesson_sections, load_banks, normalise_answer
from tests.conftest import KNOWLEDGE, ROOT

GOOD = """lesson: 02-exploring-and-comparing-different-llms
lang: en
questions:
  - id: t-1
    type: single
    prompt: What does RAG add?
    choices:
      - text: Retrieved chunks
        correct: true
      - text: New weights
    explanation: RAG adds chunks.
    source: Improving LLM results > Retrieval Augmented Generation (RAG)
"""


def test_shipped_banks_are_valid_and_cover_every_section() -> None:
    banks = load_banks(ROOT / "quizzes", KNOWLEDGE)
    assert banks.errors == []
    assert banks.counts()["en"] >= 30 and banks.counts()["ko"] >= 30
    sections = lesson_sections(KNOWLEDGE)
    for (lesson, lang), headings in sections.items():
        covered = {q.source for q in banks.by_lang(lang, lesson)}
        assert headings <= covered, f"{lang}: untested sections {headings - covered}"
    types = {q.type for q in banks.questions.values()}
    assert types == {"single", "multi", "true_false", "short"}
    # The lesson's own knowledge check carries its caveat.
    check = banks.questions["en-check-01"]
    assert "RAG first" in check.explanation and "time" in check.explanation


def _write(tmp: Path, name: str, text: str) -> None:
    (tmp / name).write_text(text, encoding="utf-8")


def test_errors_name_file_line_and_problem(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    _write(quizzes, "good.yaml", GOOD)
    _write(quizzes, "syntax.yaml", "lesson: x\nquestions:\n  - id: a\n    prompt: [unclosed\n")
    two_correct = GOOD.replace(
        "      - text: New weights", "      - text: New weights\n        correct: true"
    )
    _write(quizzes, "two.yaml", two_correct.replace("t-1", "t-2"))
    _write(quizzes, "zdupe.yaml", GOOD)  # same id as good.yaml, read after it
    _write(quizzes, "source.yaml", GOOD.replace("t-1", "t-3").replace("(RAG)", "(NOPE)"))
    _write(
        quizzes,
        "missing.yaml",
        GOOD.replace("t-1", "t-4").replace("    explanation: RAG adds chunks.\n", ""),
    )
    long_id = "q" * 55  # a Discord component id would pass 100 characters
    _write(quizzes, "long.yaml", GOOD.replace("t-1", long_id))
    banks = load_banks(quizzes, KNOWLEDGE)
    assert set(banks.questions) == {"t-1"}  # every broken bank still let the good one load
    errors = {e.file.split("/")[-1]: e for e in banks.errors}
    syntax = errors["syntax.yaml"]
    assert syntax.line == 5 and "not valid YAML" in syntax.message and "line 4" in syntax.message
    assert (
        errors["two.yaml"].line == 4
        and "exactly one correct choice (found 2)" in errors["two.yaml"].message
    )
    assert "duplicate id" in errors["zdupe.yaml"].message and errors["zdupe.yaml"].question == "t-1"
    assert errors["source.yaml"].line == 12 and "not a section" in errors["source.yaml"].message
    assert errors["missing.yaml"].line == 4 and "explanation" in errors["missing.yaml"].message
    assert str(errors["two.yaml"]).startswith("quizzes/two.yaml:4: t-2: ")
    assert errors["long.yaml"].line == 4 and "id" in errors["long.yaml"].message


def test_validate_cli_json(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "quiz", "validate", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert (
        report["errors"] == []
        and report["questions"]["en"] >= 30
        and report["questions"]["ko"] >= 30
    )
    assert sorted(report["banks"]) == ["lesson02.en.yaml", "lesson02.ko.yaml"]


def _q(**fields: object) -> Question:
    base: dict[str, object] = {"id": "q", "prompt": "p", "explanation": "e", "source": "s"}
    return Question.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        (
            _q(type="single", choices=[{"text": "a"}, {"text": "b", "correct": True}]),
            [1],
            [0, True, "1", None],
        ),
        (
            _q(
                type="multi",
                choices=[
                    {"text": "a", "correct": True},
                    {"text": "b", "correct": True},
                    {"text": "c"},
                ],
            ),
            [[0, 1], (1, 0)],
            [[0], [0, 1, 2], "01", None],
        ),
        (_q(type="true_false", answer=False), [False, 1], [True, 0, "false"]),
        (
            _q(type="short", accept=["Retrieval Augmented Generation", "RAG"]),
            ["rag", " R.A.G ", "retrieval-augmented generation", "ＲＡＧ"],
            ["", "fine-tuning", 3],
        ),
    ],
    ids=["single", "multi", "true_false", "short"],
)
def test_grading(question: Question, right: list[object], wrong: list[object]) -> None:
    assert all(grade(question, a) for a in right)
    assert not any(grade(question, a) for a in wrong)


def test_korean_short_answer_ignores_spacing() -> None:
    q = _q(type="short", accept=["전이 학습"])
    assert grade(q, "전이학습") and grade(q, " 전이  학습 ")
    assert normalise_answer("Fine-Tuning!", ["case", "punctuation", "spaces"]) == "finetuning"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    _write(quizzes, "bomb.yaml", "\n".join(levels) + "\nlesson: *a11\n")  # 10^12 nodes
    _write(quizzes, "huge.yaml", "# " + "x" * 1_100_000 + "\n")
    banks = load_banks(quizzes, KNOWLEDGE)  # returns at once instead of hanging
    errors = {e.file.split("/")[-1]: e for e in banks.errors}
    assert errors["bomb.yaml"].line == 2 and "aliases" in errors["bomb.yaml"].message
    assert "at most 1,000,000" in errors["huge.yaml"].message
