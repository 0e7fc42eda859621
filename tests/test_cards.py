"""Every Adaptive Card StudyBot sends to Teams, checked the way Teams meets it.

- Microsoft's Adaptive Cards SDK (the `adaptivecards` npm package under Node, installed by
  `make test` into tests/cards/) parses, validates and renders each card: no unknown
  element, invalid value, duplicate or missing id.
- Platform limits, checked on the payload as built: Teams never wraps a button title, so
  every quiz button is a short label and every choice's text is wrapped in the body;
  Universal Actions (`Action.Execute`) need card version 1.5; a message stays under Teams'
  ~40 KB.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.channels.teams.cards import (
    MAX_BUTTON_TITLE,
    answered_card,
)
from bot.quiz.engine import Feedback, QuizState

CARDS = Path(__file__).parent / "cards"
TEAMS_MESSAGE_LIMIT = 28_000
"""Teams refuses a message over about 40 KB (the whole activity, as JSON); cards stay under
28 KB, leaving room for what Teams adds around them."""


def validate(cards: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """name -> the SDK's errors, for each card (Node and tests/cards/node_modules needed)."""
    node = shutil.which("node")
    assert node, "Node.js is needed to validate cards with Microsoft's SDK"
    assert (CARDS / "node_modules" / "adaptivecards").is_dir(), (
        "run `make test` (it installs tests/cards/ with npm ci)"
    )
    lines = "".join(json.dumps({"name": n, "card": c}) + "\n" for n, c in cards.items())
    out = subprocess.run(
        [node, str(CARDS / "validate.js")],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    results = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [r["name"] for r in results] == list(cards)  # every card was checked
    return {r["name"]: r["errors"] for r in results}


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in card.get("actions", []) if a["type"].startswith("Action.")]


def activity_bytes(card: dict[str, Any]) -> int:
    """The size of the message Teams receives for this card (attachment envelope included)."""
    activity = {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }
    return len(json.dumps(activity, ensure_ascii=False).encode())


@pytest.fixture(scope="module")
def every_card(course_app: App) -> dict[str, dict[str, Any]]:
    """One of each card StudyBot builds, over every bank question and real answers."""
    import asyncio

    from bot.evaluation.cards import every_card

    return asyncio.run(every_card(course_app))


def test_every_card_passes_microsofts_sdk(every_card: dict[str, dict[str, Any]]) -> None:
    errors = {name: e for name, e in validate(every_card).items() if e}
    assert not errors, errors


def test_the_sdk_check_catches_a_broken_card() -> None:
    broken = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlok", "text": "typo"}, {"type": "Input.Text"}],
    }
    (errors,) = validate({"broken": broken}).values()
    assert any("TextBlok" in e for e in errors) and any("Id" in e for e in errors)


def test_quiz_buttons_are_short_and_choices_are_wrapped_text(
    every_card: dict[str, dict[str, Any]], course_app: App
) -> None:
    for q in course_app.quiz.banks.questions.values():
        for kind in ("question", "group-question"):
            card = every_card[f"{kind}/{q.id}"]
            titles = [b["title"] for b in buttons(card)]
            assert titles and all(len(t) <= MAX_BUTTON_TITLE for t in titles), (q.id, titles)
            body = json.dumps(card["body"], ensure_ascii=False)
            if q.type in ("single", "multi"):
                for text in q.options():
                    assert text in body, (q.id, text)  # the whole choice is readable
                wrapped = [
                    b
                    for b in card["body"]
                    if b["type"] == "Input.ChoiceSet" or text_of(b) in q.options()
                ]
                assert all(b.get("wrap") for b in wrapped)
            if kind == "group-question":
                assert card["version"] == "1.5"
                assert {b["type"] for b in buttons(card)} == {"Action.Execute"}


def text_of(block: dict[str, Any]) -> str:
    text = str(block.get("text", ""))
    return text.split("** ", 1)[-1] if text.startswith("**") else text


def test_cards_declare_their_lowest_version_a_fallback_and_labelled_inputs(
    every_card: dict[str, dict[str, Any]],
) -> None:
    for name, card in every_card.items():
        assert card["fallbackText"].strip(), name  # what a client without cards shows
        text = json.dumps(card)
        expected = "1.5" if "Action.Execute" in text else None
        if expected:
            assert card["version"] == expected, name
        elif '"Input.' not in text and '"style"' not in text:
            assert card["version"] == "1.0", name  # plain cards need nothing newer
        for block in card["body"]:
            if block["type"].startswith("Input."):
                assert block.get("label"), name  # screen readers announce the input


def test_no_card_is_over_teams_message_limit(every_card: dict[str, dict[str, Any]]) -> None:
    sizes = {name: activity_bytes(card) for name, card in every_card.items()}
    assert max(sizes.values()) < TEAMS_MESSAGE_LIMIT, max(sizes.items(), key=lambda kv: kv[1])


def test_answered_card_never_gives_the_answer_away(course_app: App) -> None:
    for q in course_app.quiz.banks.questions.values():
        if q.type != "single":
            continue
        state = QuizState("a" * 36, "group", q.lang, 0, 5, 0, q, False)
        wrong = next(i for i in range(len(q.options())) if i not in q.correct_indexes)
        fb = Feedback(
            state.attempt_id, q.id, False, 0, "SECRET", q.explanation, "s", 0, 0, 5, False
        )
        card = json.dumps(answered_card(state, q, fb, wrong, q.lang), ensure_ascii=False)
        assert "SECRET" not in card and q.explanation not in card
        assert not buttons(json.loads(card))
