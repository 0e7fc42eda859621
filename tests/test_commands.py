"""Reading a typed message as a request: the use case, its options and the reply's language."""

from __future__ import annotations

import pytest

from bot.channels.teams.texts import COMMANDS
from bot.core.commands import read_command
from bot.kernel.models import Turn


def read(text: str, locale: str | None = "en-US", button: str | None = None) -> tuple[str, ...]:
    turn = Turn(text=text, platform="teams", locale=locale)
    command = read_command(turn, COMMANDS, button)
    return command.action, command.rest, command.lang


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        # A question: its own language, whatever the locale.
        ("What is RAG?", "ko-KR", ("ask", "What is RAG?", "en")),
        ("RAG가 뭐야?", "en-US", ("ask", "RAG가 뭐야?", "ko")),
        ("ask  미세 조정이란?", "en-US", ("ask", "미세 조정이란?", "ko")),
        ("질문 What is fine-tuning?", "ko-KR", ("ask", "What is fine-tuning?", "en")),
        # Options: Korean letters, then a Korean command word, then the locale. A language
        # named among them is the quiz's (`schedule add every 60 ko`), not the reply's.
        ("schedule add every 60 ko", "en-US", ("schedule", "add every 60 ko", "en")),
        ("퀴즈 3", "en-US", ("quiz", "3", "ko")),
        ("quiz 3", "ko-KR", ("quiz", "3", "ko")),
        ("quiz 3", "fr-FR", ("quiz", "3", "en")),
        ("budget 반 5", "en-US", ("budget", "반 5", "ko")),
        ("REVIEW", "en-US", ("review", "", "en")),
        # `compare` carries a question: its words decide.
        ("compare models=a,b 임베딩이란?", "en-US", ("compare", "models=a,b 임베딩이란?", "ko")),
        ("비교 What is RAG?", "ko-KR", ("compare", "What is RAG?", "en")),
    ],
)
def test_commands_and_their_language(
    text: str, locale: str, expected: tuple[str, str, str]
) -> None:
    assert read(text, locale) == expected


def test_a_button_is_its_action_and_a_configured_teacher_is_one() -> None:
    assert read("", "ko-KR", button="quiz-answer") == ("quiz-answer", "", "ko")
    turn = Turn(text="schedule list", platform="teams")
    assert read_command(turn, COMMANDS).turn.role == "student"
    command = read_command(turn, COMMANDS, teacher=True)
    assert command.turn.role == "teacher" and command.action == "schedule"
    # The question an `ask` carries is the turn's text from then on.
    assert read_command(Turn(text="ask What is RAG?"), COMMANDS).turn.text == "What is RAG?"
