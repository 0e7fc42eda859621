"""Adaptive Cards for Teams: answers with their sources, quiz questions, feedback.

Plain dicts in the Adaptive Card 1.4 schema (what Teams renders), built from the core's
`Reply` and the quiz states, so the Teams adapter itself stays thin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core import compare, results
from bot.core.classroom import someone
from bot.core.quizzes import (
    FEEDBACK,
    Feedback,
    GroupResult,
    Question,
    QuizState,
    feedback_text,
    progress_text,
)
from bot.kernel.markdown import Block, parse
from bot.kernel.models import Reply

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
SUBMIT_KIND = "studybot.quiz"
FORGET_KIND = "studybot.forget"
ANSWER_VERB = "studybot.quiz.answer"
"""The `Action.Execute` verb of a group question's buttons (an `adaptiveCard/action` invoke)."""
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_BUTTON_TITLE = 8
"""Teams never wraps a button title and cuts it at about a dozen narrow characters on a
phone: a button says a letter (or True/False), the choice itself is wrapped text above."""
TRUE_FALSE = {"en": ("True", "False"), "ko": ("참", "거짓")}

LABELS = {
    "sources": {"en": "Sources", "ko": "출처"},
    "late": {"en": "Time was up for that question.", "ko": "해당 문제의 제한 시간이 지났습니다."},
    "short": {"en": "Your answer", "ko": "답"},
    "results": {"en": "{right} answered correctly.", "ko": "{right}명이 맞혔습니다."},
    "first": {"en": "First correct: {who}", "ko": "가장 먼저 맞힌 사람: {who}"},
    "answer": {"en": "Answer: {answer}", "ko": "정답: {answer}"},
    "group_done": {"en": "Group quiz finished.", "ko": "그룹 퀴즈가 끝났습니다."},
    "send": {"en": "Submit", "ko": "제출"},
    "choose": {"en": "Choose all that apply", "ko": "해당하는 것을 모두 고르세요"},
    "yours": {"en": "Your answer: {answer}", "ko": "내 답: {answer}"},
    "yours_right": {"en": "✔ Correct", "ko": "✔ 정답"},
    "yours_wrong": {"en": "✘ Not this time", "ko": "✘ 오답"},
    "wait_results": {
        "en": "Only you see this. The answer and the results come when the time is up.",
        "ko": "나에게만 보입니다. 정답과 결과는 시간이 끝나면 공개됩니다.",
    },
    "already": {
        "en": "You have already answered this question.",
        "ko": "이미 답한 문제입니다.",
    },
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
    """A card declaring the lowest schema version its features need (older Teams clients
    show the rest), with a plain-text fallback for clients that cannot render cards."""
    card: dict[str, Any] = {"type": "AdaptiveCard", "$schema": SCHEMA, "body": body}
    if actions:
        card["actions"] = actions
    card["version"] = lowest_version(card)
    texts = [str(b["text"]) for b in body if b.get("type") == "TextBlock" and b.get("text")]
    card["fallbackText"] = " ".join(" ".join(texts).split())[:300]
    return card


def lowest_version(card: dict[str, Any]) -> str:
    """The lowest Adaptive Card version that has every feature this card uses."""
    needed = (1, 0)

    def visit(node: Any) -> None:
        nonlocal needed
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        if kind == "Action.Execute":
            needed = max(needed, (1, 5))  # Universal Actions: Teams requires 1.5
        if isinstance(kind, str) and kind.startswith("Input.") and "label" in node:
            needed = max(needed, (1, 3))
        if kind == "TextBlock" and "fontType" in node:
            needed = max(needed, (1, 2))
        if kind == "Input.ChoiceSet" and "wrap" in node:
            needed = max(needed, (1, 2))
        if isinstance(kind, str) and kind.startswith("Action.") and "style" in node:
            needed = max(needed, (1, 2))
        for value in node.values():
            visit(value)

    visit(card.get("body"))
    visit(card.get("actions"))
    return f"{needed[0]}.{needed[1]}"


def markdown_body(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Markdown as Teams shows it: paragraphs and lists in TextBlocks (Teams' Markdown
    subset), headings as bold text, code in monospace, tables as a grid of columns."""
    body: list[dict[str, Any]] = []
    for block in blocks:
        if block.kind == "heading":
            size = "Large" if block.level == 1 else "Medium" if block.level == 2 else "Default"
            body.append(
                {"type": "TextBlock", "text": block.text, "weight": "Bolder", "size": size,
                 "wrap": True}
            )  # fmt: skip
        elif block.kind == "code":
            body.append(
                {"type": "TextBlock", "text": block.text or " ", "fontType": "Monospace",
                 "wrap": True}
            )  # fmt: skip
        elif block.kind == "table":
            body.append(table(block.rows))
        else:
            body.append({"type": "TextBlock", "text": block.text, "wrap": True})
    return body or [{"type": "TextBlock", "text": " ", "wrap": True}]


def table(rows: list[list[str]]) -> dict[str, Any]:
    """A grid: one ColumnSet per row (every Teams client shows it), header row bold."""
    return {
        "type": "Container",
        "items": [
            {
                "type": "ColumnSet",
                "spacing": "Small",
                "separator": i == 1,
                "columns": [
                    {
                        "type": "Column",
                        "width": "stretch",
                        "items": [
                            {
                                "type": "TextBlock",
                                "text": cell or " ",
                                "wrap": True,
                                "size": "Small",
                                **({"weight": "Bolder"} if i == 0 else {}),
                            }
                        ],
                    }
                    for cell in row
                ],
            }
            for i, row in enumerate(rows)
        ],
    }


def compare_card(report: dict[str, Any], lang: str) -> dict[str, Any]:
    """Models side by side (a grid), then each model's answer, Markdown rendered."""
    text = compare.render_compare(report, lang)
    return _card(markdown_body(parse(text)))


def answer_card(reply: Reply) -> dict[str, Any]:
    """The answer, the cited sections, and what answered (the course, or a model)."""
    body: list[dict[str, Any]] = markdown_body(reply.blocks)
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
    body.append(
        {"type": "TextBlock", "text": reply.answered_by(), "size": "Small", "isSubtle": True}
    )
    return _card(body)


def letter(i: int) -> str:
    """The label of the i-th choice: A, B, C…"""
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


def choice_titles(question: Question) -> list[str]:
    """The button titles of a question's choices: short enough that Teams never cuts them."""
    if question.type == "true_false":
        return list(TRUE_FALSE["ko" if question.lang == "ko" else "en"])
    return [letter(i) for i in range(len(question.options()))]


def _choices_body(question: Question) -> list[dict[str, Any]]:
    """The choices as lettered, wrapped lines (true/false needs none: its buttons say it)."""
    if question.type not in ("single", "multi"):
        return []
    return [
        {
            "type": "TextBlock",
            "text": f"**{letter(i)}.** {text}",
            "wrap": True,
            "spacing": "Small",
        }
        for i, text in enumerate(question.options())
    ]


def question_card(state: QuizState, group: bool = False) -> dict[str, Any]:
    """The current question: its choices as wrapped lettered text, a short button for each.

    Solo quizzes submit a message (`Action.Submit`); a group question's buttons are
    `Action.Execute` (Universal Actions, card 1.5), so each student's answer comes back as
    an invoke and its feedback goes to that student alone.
    """
    q = state.question
    assert q is not None
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{state.position + 1}/{state.total}", "isSubtle": True},
        {"type": "TextBlock", "text": q.prompt, "wrap": True, "weight": "Bolder"},
    ]
    base = {"kind": SUBMIT_KIND, "attempt": state.attempt_id, "question": q.id}

    def button(title: str, data: dict[str, Any]) -> dict[str, Any]:
        if group:
            return {"type": "Action.Execute", "title": title, "verb": ANSWER_VERB, "data": data}
        return {"type": "Action.Submit", "title": title, "data": data}

    if q.type == "short":
        body.append(
            {
                "type": "Input.Text",
                "id": "answer",
                "label": label("short", q.lang),
                "placeholder": label("short", q.lang),
            }
        )
        return _card(body, [button(label("send", q.lang), base)])
    if q.type == "multi":
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": "choices",
                "label": label("choose", q.lang),
                "isMultiSelect": True,
                "style": "expanded",
                "wrap": True,
                "choices": [
                    {"title": f"{letter(i)}. {t}", "value": str(i)}
                    for i, t in enumerate(q.options())
                ],
            }
        )
        return _card(body, [button(label("send", q.lang), base)])
    body += _choices_body(q)
    actions = [button(title, {**base, "choice": i}) for i, title in enumerate(choice_titles(q))]
    return _card(body, actions)


def answered_card(
    state: QuizState, question: Question, fb: Feedback, answer: Any, lang: str
) -> dict[str, Any]:
    """What one student sees of an open group question once they answered (only them).

    The question stays readable, the buttons are gone, and it says whether they were right
    — never which answer is right: classmates are still answering.
    """
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{state.position + 1}/{state.total}", "isSubtle": True},
        {"type": "TextBlock", "text": question.prompt, "wrap": True, "weight": "Bolder"},
        *_choices_body(question),
    ]
    if fb.late:
        body.append({"type": "TextBlock", "text": label("late", lang), "wrap": True})
        return _card(body)
    if fb.duplicate:
        body.append({"type": "TextBlock", "text": label("already", lang), "wrap": True})
    else:
        body.append(
            {
                "type": "TextBlock",
                "text": label("yours", lang, answer=_answer_label(question, answer)),
                "wrap": True,
            }
        )
        body.append(
            {
                "type": "TextBlock",
                "text": label("yours_right" if fb.correct else "yours_wrong", lang),
                "weight": "Bolder",
                "color": "Good" if fb.correct else "Attention",
            }
        )
    body.append(
        {"type": "TextBlock", "text": label("wait_results", lang), "wrap": True, "isSubtle": True}
    )
    return _card(body)


def _answer_label(question: Question, answer: Any) -> str:
    titles = choice_titles(question)
    if isinstance(answer, bool):
        return titles[0 if answer else 1]
    if isinstance(answer, int) and 0 <= answer < len(titles):
        return titles[answer]
    if isinstance(answer, list):
        return ", ".join(letter(i) for i in answer if isinstance(i, int)) or "—"
    return str(answer)[:200] or "—"


def forget_card(scope: str, lang: str, user_id: str) -> dict[str, Any]:
    """The confirmation of `forget` (or `forget class`); only `user_id` may press it."""
    body = [{"type": "TextBlock", "text": results.forget_prompt(scope, lang), "wrap": True}]
    action = {
        "type": "Action.Submit",
        "title": results.forget_button(lang),
        "style": "destructive",
        "data": {"kind": FORGET_KIND, "scope": scope, "user": user_id},
    }
    return _card(body, [action])


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
    if fb.duplicate:  # a repeated click: nothing changed
        body.insert(0, {"type": "TextBlock", "text": label("duplicate", lang), "isSubtle": True})
    answered = fb.total if fb.finished else fb.position
    body.append({"type": "TextBlock", "text": progress_text(fb.score, answered, fb.total, lang)})
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
        # Names as Teams sent them; never a platform id in a channel.
        who = ", ".join(names.get(u) or someone(lang) for u in result.scorers)
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
