"""Every Adaptive Card StudyBot can send to Teams, built from the real banks and real answers.

Used by the card tests (Microsoft's SDK validates each one) and by `tools/render_cards.py`
(Microsoft's renderer draws each one in headless Chromium, for people to look at).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.app import App
from bot.channels.teams.cards import (
    answer_card,
    answered_card,
    compare_card,
    feedback_card,
    forget_card,
    question_card,
    results_card,
)
from bot.kernel.models import Turn
from bot.quiz.engine import Feedback, GroupResult, QuizState

QUESTIONS = (
    "What is RAG?",
    "파인튜닝은 언제 써?",
    "Give examples of encoder-decoder models.",
    "강아지 훈련 방법 알려줘",  # refused: not in the course material
    "What will I be able to do after finishing this lesson?",
    # With a note beside the answer, and talk that is not a question.
    "Is fine-tuning with LoRA the preferred approach when latency matters?",
    "hi!",
    "이 봇은 누가 만들었어?",
    # Two questions in one message, one the course does not answer (a note quoting it), and
    # asking the bot for a quiz (its command named in the reply).
    "what is LoRA? what is RAG?",
    "퀴즈 내줘",
)


async def every_card(app: App) -> dict[str, dict[str, Any]]:
    """name -> card: each kind of card, over every bank question and a few real answers."""
    quiz = app.quiz
    cards: dict[str, dict[str, Any]] = {}
    for q in quiz.banks.questions.values():
        state = QuizState("a" * 36, "solo", q.lang, 0, 5, 0, q, False)
        cards[f"question/{q.id}"] = question_card(state)
        cards[f"group-question/{q.id}"] = question_card(state, group=True)
        correct = min(q.correct_indexes) if q.correct_indexes else 0
        answer: Any = q.answer if q.type == "true_false" else correct
        fb = Feedback(state.attempt_id, q.id, True, 1, "X", q.explanation, q.source, 1, 0, 5, False)
        cards[f"answered/{q.id}"] = answered_card(state, q, fb, answer, q.lang)
        cards[f"feedback/{q.id}"] = feedback_card(fb, q.lang)
    q = next(iter(quiz.banks.questions.values()))
    state = QuizState("a" * 36, "group", q.lang, 0, 5, 0, q, False)
    base = Feedback(state.attempt_id, q.id, False, 0, "B", "why", "src", 0, 0, 5, False)
    variants = {
        "wrong": base,
        "late": replace(base, late=True),
        "duplicate": replace(base, duplicate=True),
        "finished": replace(base, finished=True, correct=True),
    }
    for name, fb in variants.items():
        cards[f"answered-{name}"] = answered_card(state, q, fb, 1, "ko")
        cards[f"feedback-{name}"] = feedback_card(fb, "en")
    result = GroupResult(q.id, ("teams:a", "teams:b"), ("teams:a",), "B", "why", "src", True)
    cards["results"] = results_card(result, "en", {"teams:a": "Amy"}, prompt=q.prompt)
    cards["results-unnamed"] = results_card(result, "ko")
    for scope in ("me", "class"):
        for lang in ("en", "ko"):
            cards[f"forget-{scope}-{lang}"] = forget_card(scope, lang, "teams:aad-amy")
    for i, text in enumerate(QUESTIONS):
        reply = await app.service.ask(Turn(text=text, user_id=f"cards-{i}"))
        cards[f"answer/{i}"] = answer_card(reply)
    report = {
        "question": "What is a foundation model?",
        "results": [
            {"model": "gpt-4o-mini", "latency_ms": 812, "input_tokens": 1200,
             "output_tokens": 180, "cost_usd": 0.0003, "citations": [1, 2],
             "answer": "### Foundation models\nLarge models pre-trained on broad data [1]."},
            {"model": "gpt-4o", "latency_ms": 1630, "input_tokens": 1200,
             "output_tokens": 240, "cost_usd": 0.0054, "citations": [1],
             "answer": "A foundation model is trained once and adapted to many tasks [1]."},
        ],
    }  # fmt: skip
    cards["compare-en"] = compare_card(report, "en")
    cards["compare-ko"] = compare_card(report, "ko")
    return cards
