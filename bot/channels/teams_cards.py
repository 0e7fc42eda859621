"""Adaptive Cards for Teams: answers with their sources, quiz questions, feedback.

Plain dicts in the Adaptive Card 1.4 schema (what Teams renders), built from the core's
`Reply` and the quiz engine's states, so the Teams adapter itself stays thin.
"""

from __future__ import annotations

from typing import Any

from bot.kernel.models import Reply
from bot.quiz.engine import Feedback, GroupResult, QuizState
from bot.quiz.texts import FEEDBACK, feedback_text

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
SUBMIT_KIND = "studybot.quiz"

LABELS = {
    "sources": {"en": "Sources", "ko": "출처"},
    "score": {"en": "Score {score}/{total}", "ko": "점수 {score}/{total}"},
    "done": {
        "en": "Quiz finished: {score}/{total}",
        "ko": "퀴즈 완료: {total}문제 중 {score}문제 정답",
    },
    "late": {"en": "Time was up for that question.", "ko": "해당 문제의 제한 시간이 지났습니다."},
    "short": {"en": "Your answer", "ko": "답"},
    "results": {"en": "{right} answered correctly.", "ko": "{right}명이 맞혔습니다."},
    "first": {"en": "First correct: {who}", "ko": "가장 먼저 맞힌 사람: {who}"},
    "answer": {"en": "Answer: {answer}", "ko": "정답: {answer}"},
    "group_done": {"en": "Group quiz finished.", "ko": "그룹 퀴즈가 끝났습니다."},
    "send": {"en": "Submit", "ko": "제출"},
}


def label(key: str, lang: str, **values: Any) -> str:
    """A card label in `lang` (feedback lines come from `bot.quiz.texts`)."""
    if key in FEEDBACK:
        return feedback_text(key, lang, **values)
    text = LABELS[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


def _card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.4",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def answer_card(reply: Reply) -> dict[str, Any]:
    """The answer, the cited sections, and the cost/model note."""
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": reply.text, "wrap": True}]
    if reply.citations:
        body.append(
            {
                "type": "TextBlock",
                "text": label("sources", reply.lang),
                "weight": "Bolder",
                "spacing": "Medium",
            }
        )
        body.extend(
            {
                "type": "TextBlock",
                "text": c.markdown(),
                "wrap": True,
                "isSubtle": True,
                "spacing": "None",
            }
            for c in reply.citations
        )
    for note in reply.notes:
        body.append({"type": "TextBlock", "text": f"_{note}_", "wrap": True, "isSubtle": True})
    body.append({"type": "TextBlock", "text": reply.cost_note(), "size": "Small", "isSubtle": True})
    return _card(body)


def question_card(state: QuizState) -> dict[str, Any]:
    """The current question with one Submit button per choice (or a text box)."""
    q = state.question
    assert q is not None
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{state.position + 1}/{state.total}", "isSubtle": True},
        {"type": "TextBlock", "text": q.prompt, "wrap": True, "weight": "Bolder"},
    ]
    base = {"kind": SUBMIT_KIND, "attempt": state.attempt_id, "question": q.id}
    if q.type == "short":
        body.append({"type": "Input.Text", "id": "answer", "placeholder": label("short", q.lang)})
        return _card(
            body, [{"type": "Action.Submit", "title": label("send", q.lang), "data": base}]
        )
    if q.type == "multi":
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": "choices",
                "isMultiSelect": True,
                "style": "expanded",
                "choices": [{"title": t, "value": str(i)} for i, t in enumerate(q.options())],
            }
        )
        return _card(
            body, [{"type": "Action.Submit", "title": label("send", q.lang), "data": base}]
        )
    actions = [
        {"type": "Action.Submit", "title": text, "data": {**base, "choice": i}}
        for i, text in enumerate(q.options())
    ]
    return _card(body, actions)


def submitted_answer(value: dict[str, Any], question_type: str) -> Any:
    """The engine's answer from a card submit: a choice index, a list, a bool or text."""
    if question_type == "short":
        return str(value.get("answer", ""))
    if question_type == "multi":
        raw = str(value.get("choices", ""))
        return sorted({int(x) for x in raw.split(",") if x.strip().isdigit()})
    choice = value.get("choice")
    if not isinstance(choice, int) or isinstance(choice, bool):
        return None
    return choice == 0 if question_type == "true_false" else choice


def feedback_card(fb: Feedback, lang: str) -> dict[str, Any]:
    """Right or wrong, why, where to read, and the score so far."""
    if fb.late:
        return _card([{"type": "TextBlock", "text": label("late", lang), "wrap": True}])
    head = label("right", lang) if fb.correct else label("wrong", lang, answer=fb.correct_answer)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": head, "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": fb.explanation, "wrap": True},
        {
            "type": "TextBlock",
            "text": label("read", lang, source=fb.source),
            "wrap": True,
            "isSubtle": True,
        },
    ]
    key = "done" if fb.finished else "score"
    body.append({"type": "TextBlock", "text": label(key, lang, score=fb.score, total=fb.total)})
    return _card(body)


def results_card(
    result: GroupResult, lang: str, names: dict[str, str] | None = None, prompt: str | None = None
) -> dict[str, Any]:
    """A closed group question: how many got it, who scored, the answer and where to read.

    With `prompt`, the card replaces the question's own card (updated in place): the
    question stays readable, its buttons are gone.
    """
    names = names or {}
    body: list[dict[str, Any]] = []
    if prompt:
        body.append({"type": "TextBlock", "text": prompt, "wrap": True, "isSubtle": True})
    body += [
        {
            "type": "TextBlock",
            "text": label("answer", lang, answer=result.correct_answer),
            "weight": "Bolder",
            "wrap": True,
        },
        {
            "type": "TextBlock",
            "text": label("results", lang, right=len(result.correct_users)),
            "wrap": True,
        },
    ]
    if result.scorers:
        who = ", ".join(names.get(u, u.split(":")[-1]) for u in result.scorers)
        body.append({"type": "TextBlock", "text": label("first", lang, who=who), "wrap": True})
    body.append({"type": "TextBlock", "text": result.explanation, "wrap": True, "isSubtle": True})
    body.append(
        {
            "type": "TextBlock",
            "text": label("read", lang, source=result.source),
            "wrap": True,
            "isSubtle": True,
        }
    )
    if result.finished:
        body.append({"type": "TextBlock", "text": label("group_done", lang), "weight": "Bolder"})
    return _card(body)
