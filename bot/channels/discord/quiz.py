"""Quiz buttons on Discord that keep working after a restart.

Each button's `custom_id` is `quiz:<attempt>:<question>:<choice>`: everything needed to
record the answer lives in the id and the database, so a `DynamicItem` registered in
`setup_hook` answers a click on a message sent before the bot restarted — once, because the
engine records an answer per (attempt, question, user) exactly once.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.quiz.engine import Feedback, QuizError, QuizState
from bot.quiz.texts import feedback_text

if TYPE_CHECKING:
    from bot.app import App

CUSTOM_ID = "quiz:{attempt}:{question}:{choice}"
TEMPLATE = re.compile(
    r"quiz:(?P<attempt>[0-9a-f-]{36}):(?P<question>[A-Za-z0-9_.-]{1,64}):(?P<choice>\d{1,2})"
)


def question_message(state: QuizState) -> tuple[discord.Embed, discord.ui.View]:
    """The current question as an embed with one persistent button per choice."""
    q = state.question
    assert q is not None
    embed = discord.Embed(title=f"{state.position + 1}/{state.total}", description=q.prompt)
    view = discord.ui.View(timeout=None)
    for i, text in enumerate(q.options()[:25]):
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=text[:80],
            style=discord.ButtonStyle.secondary,
            custom_id=CUSTOM_ID.format(attempt=state.attempt_id, question=q.id, choice=i),
        )
        view.add_item(QuizButton(button))
    return embed, view


def feedback_embed(fb: Feedback, lang: str) -> discord.Embed:
    """Right or wrong, why, the section to read, and the score so far."""
    head = (
        feedback_text("right", lang)
        if fb.correct
        else feedback_text("wrong", lang, answer=fb.correct_answer)
    )
    if fb.duplicate:
        head = f"{head} {feedback_text('duplicate', lang)}"
    embed = discord.Embed(title=head[:256], description=fb.explanation)
    embed.add_field(name="📖", value=fb.source[:1024], inline=False)
    score = f"{fb.score}/{fb.total}"
    embed.set_footer(text=("점수 " if lang == "ko" else "Score ") + score)
    return embed


class QuizButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A choice button, rebuilt from its custom id whenever it is clicked."""

    def __init__(self, item: discord.ui.Button[Any]) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizButton:
        return cls(item)  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        match = TEMPLATE.fullmatch(self.item.custom_id or "")
        # discord.py builds these items itself: the app comes from the client.
        app = getattr(interaction.client, "app", None)
        if match is None or app is None:
            return
        await answer_click(
            app, interaction, match["attempt"], match["question"], int(match["choice"])
        )


async def answer_click(
    app: App, interaction: Any, attempt: str, question_id: str, choice: int
) -> None:
    """Record a click once, reply with feedback (only to the student), then the next question."""
    quiz = await asyncio.to_thread(lambda: app.quiz)
    question = quiz.banks.questions.get(question_id)
    lang = question.lang if question else "en"
    user = f"discord:{interaction.user.id}"
    answer: Any = choice == 0 if question is not None and question.type == "true_false" else choice
    try:
        fb = await asyncio.to_thread(quiz.answer, attempt, question_id, user, answer)
    except QuizError as exc:
        await interaction.response.send_message(exc.message(lang), ephemeral=True)
        return
    await interaction.response.send_message(embed=feedback_embed(fb, lang), ephemeral=True)
    if fb.duplicate:
        return
    state = await asyncio.to_thread(quiz.state, attempt)
    if state.mode != "group" and state.question is not None:
        embed, view = question_message(state)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)
