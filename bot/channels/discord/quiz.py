"""Quizzes on Discord: buttons, select menus and typed answers that keep working after a restart.

Every component's `custom_id` carries what is needed to record the answer:
`quiz:<attempt>:<question>:<choice>` for a choice button, `quizm:<attempt>:<question>` for a
multi-select menu, `quizt:<attempt>:<question>` for the button that opens the short-answer
form. They are `DynamicItem`s registered in `setup_hook`, so a click on a message sent before
the bot restarted still answers the right question of the right attempt — once, because the
engine records an answer per (attempt, question, user) exactly once.

Group quizzes post into the channel; a question's message is edited in place with its results
when its time is up (`DiscordGroupPoster`), and the next question follows.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, Self, TypeVar

import discord

from bot.core.quizzes import (
    Feedback,
    GroupResult,
    QuizError,
    QuizState,
    feedback_text,
    progress_text,
)

if TYPE_CHECKING:
    from bot.core.application import Application, Schedule

log = logging.getLogger(__name__)

_ATTEMPT = r"(?P<attempt>[0-9a-f-]{36})"
_QUESTION = r"(?P<question>[A-Za-z0-9_.-]{1,64})"
CUSTOM_ID = "quiz:{attempt}:{question}:{choice}"
TEMPLATE = re.compile(rf"quiz:{_ATTEMPT}:{_QUESTION}:(?P<choice>\d{{1,2}})")
MULTI_TEMPLATE = re.compile(rf"quizm:{_ATTEMPT}:{_QUESTION}")
TYPED_TEMPLATE = re.compile(rf"quizt:{_ATTEMPT}:{_QUESTION}")

TEXT = {
    "choose": {"en": "Choose all that apply", "ko": "해당하는 것을 모두 고르세요"},
    "type": {"en": "Type your answer", "ko": "답 입력하기"},
    "answer": {"en": "Your answer", "ko": "내 답"},
    "results": {
        "en": "Answer: {answer} · {right} answered correctly",
        "ko": "정답: {answer} · 정답자 {right}명",
    },
    "first": {"en": "Points: {who}", "ko": "득점: {who}"},
    "finished": {"en": "Group quiz finished — well done!", "ko": "그룹 퀴즈가 끝났습니다!"},
    "group_start": {
        "en": "📣 Group quiz: {n} questions, {s:g} s each. Answer with the buttons!",
        "ko": "📣 그룹 퀴즈: {n}문제, 문제당 {s:g}초. 버튼으로 답하세요!",
    },
}


def say(key: str, lang: str, **values: Any) -> str:
    """A quiz text in Korean or English."""
    return TEXT[key]["ko" if lang == "ko" else "en"].format(**values)


CUSTOM_ID_LIMIT = 100
MODAL_TITLE_LIMIT = 45
TEXT_DISPLAY_LIMIT = 4000
EMBED_DESCRIPTION_LIMIT = 4096
MENTIONS_SHOWN = 40
"""A class of 200 all answering right would need about 4,700 characters of mentions."""


def component_id(custom_id: str) -> str:
    """A component's id, refused here (not by Discord, mid-quiz) when over Discord's limit."""
    if len(custom_id) > CUSTOM_ID_LIMIT:
        raise ValueError(f"component id over {CUSTOM_ID_LIMIT} characters: {custom_id!r}")
    return custom_id


def mentions(user_ids: tuple[str, ...] | list[str], lang: str) -> str:
    """Students as mentions (shown as names, never pinging), the first `MENTIONS_SHOWN`;
    the rest counted."""
    shown = [f"<@{u.split(':')[-1]}>" for u in user_ids[:MENTIONS_SHOWN]]
    rest = len(user_ids) - len(shown)
    if rest > 0:
        shown.append(f"외 {rest}명" if lang == "ko" else f"and {rest} more")
    return ", ".join(shown)


def question_message(state: QuizState) -> tuple[discord.Embed, discord.ui.View]:
    """The current question as an embed with persistent components for its type."""
    q = state.question
    assert q is not None
    embed = discord.Embed(title=f"{state.position + 1}/{state.total}", description=q.prompt)
    view = discord.ui.View(timeout=None)
    options = q.options()
    if q.type == "multi":
        # Menus show every option in full (buttons cut labels at 80 characters).
        for i, text in enumerate(options):
            embed.add_field(name=f"{i + 1}", value=text[:1024], inline=False)
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=component_id(f"quizm:{state.attempt_id}:{q.id}"),
            placeholder=say("choose", q.lang),
            min_values=1,
            max_values=len(options[:25]),
            options=[
                discord.SelectOption(label=f"{i + 1}. {text}"[:100], value=str(i))
                for i, text in enumerate(options[:25])
            ],
        )
        view.add_item(MultiSelect(select))
    elif q.type == "short":
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=say("type", q.lang),
            style=discord.ButtonStyle.primary,
            custom_id=component_id(f"quizt:{state.attempt_id}:{q.id}"),
        )
        view.add_item(TypedAnswerButton(button))
    else:
        for i, text in enumerate(options[:25]):
            choice: discord.ui.Button[Any] = discord.ui.Button(
                label=text[:80],
                style=discord.ButtonStyle.secondary,
                custom_id=component_id(
                    CUSTOM_ID.format(attempt=state.attempt_id, question=q.id, choice=i)
                ),
            )
            view.add_item(QuizButton(choice))
    return embed, view


def feedback_embed(fb: Feedback, lang: str) -> discord.Embed:
    """Right or wrong, why, the section to read, and the score so far."""
    if fb.late:
        return discord.Embed(description=feedback_text("late", lang))
    head = (
        feedback_text("right", lang)
        if fb.correct
        else feedback_text("wrong", lang, answer=fb.correct_answer)
    )
    if fb.duplicate:
        head = f"{head} {feedback_text('duplicate', lang)}"
    embed = discord.Embed(title=head[:256], description=fb.explanation)
    embed.add_field(name="📖", value=fb.source[:1024], inline=False)
    answered = fb.total if fb.finished else fb.position
    embed.set_footer(text=progress_text(fb.score, answered, fb.total, lang))
    return embed


def results_embed(result: GroupResult, lang: str, prompt: str | None) -> discord.Embed:
    """A closed group question: the answer, how many got it, who scored, where to read."""
    lines = [say("results", lang, answer=result.correct_answer, right=len(result.correct_users))]
    if result.scorers:
        lines.append(say("first", lang, who=mentions(result.scorers, lang)))
    lines.append(result.explanation)
    description = "\n".join(lines)
    if len(description) > EMBED_DESCRIPTION_LIMIT:
        description = description[: EMBED_DESCRIPTION_LIMIT - 1] + "…"
    embed = discord.Embed(title=(prompt or "")[:256] or None, description=description)
    embed.add_field(name="📖", value=result.source[:1024], inline=False)
    if result.finished:
        embed.set_footer(text=say("finished", lang))
    return embed


ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])


class FromCustomId(discord.ui.DynamicItem[ItemT], template=r"(?!)"):
    """A component rebuilt from its custom id on every click: the id carries all the state.

    A base only (its template never matches); subclasses give their template and callback.
    """

    def __init__(self, item: ItemT) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(item)  # type: ignore[arg-type]


class _AnswerItem:
    """Shared by the persistent components: record an answer and reply."""

    @staticmethod
    def app_of(interaction: discord.Interaction[Any]) -> Application | None:
        # discord.py builds these items itself: the application comes from the client.
        return getattr(interaction.client, "core", None)


class QuizButton(FromCustomId[discord.ui.Button[Any]], template=TEMPLATE):
    """A choice button, rebuilt from its custom id whenever it is clicked."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        match = TEMPLATE.fullmatch(self.item.custom_id or "")
        app = _AnswerItem.app_of(interaction)
        if match is None or app is None:
            return
        await answer_click(
            app, interaction, match["attempt"], match["question"], int(match["choice"])
        )


class MultiSelect(FromCustomId[discord.ui.Select[Any]], template=MULTI_TEMPLATE):
    """A choose-all-that-apply menu; the chosen values are the answer."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        match = MULTI_TEMPLATE.fullmatch(self.item.custom_id or "")
        app = _AnswerItem.app_of(interaction)
        if match is None or app is None:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        values = data.get("values") or []
        chosen = sorted({int(v) for v in values if str(v).isdigit()})
        await answer_click(app, interaction, match["attempt"], match["question"], chosen)


class TypedAnswerButton(FromCustomId[discord.ui.Button[Any]], template=TYPED_TEMPLATE):
    """Opens a short form for a typed answer."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        match = TYPED_TEMPLATE.fullmatch(self.item.custom_id or "")
        app = _AnswerItem.app_of(interaction)
        if match is None or app is None:
            return
        question = await app.quizzes.question(match["question"])
        lang = question.lang if question else "en"
        prompt = question.prompt if question else ""
        await interaction.response.send_modal(
            TypedAnswerModal(match["attempt"], match["question"], lang, prompt)
        )


class TypedAnswerModal(discord.ui.Modal):
    """The short-answer form. Its id names the question, like the buttons' ids do.

    A form's title holds 45 characters: the title says "Your answer" and the whole question
    is text in the form's body.
    """

    def __init__(self, attempt: str, question_id: str, lang: str, prompt: str) -> None:
        super().__init__(
            title=say("answer", lang)[:MODAL_TITLE_LIMIT],
            custom_id=component_id(f"quizform:{attempt}:{question_id}"),
            timeout=900,
        )
        self.attempt = attempt
        self.question_id = question_id
        if prompt:
            self.add_item(discord.ui.TextDisplay(prompt[:TEXT_DISPLAY_LIMIT]))
        self.answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=say("answer", lang), custom_id="answer", max_length=200
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        # Answered by `answer_form` (from the client's `on_interaction`) instead: it also
        # handles forms opened before a restart, which discord.py no longer knows.
        return


FORM_TEMPLATE = re.compile(rf"quizform:{_ATTEMPT}:{_QUESTION}")


async def answer_form(app: Application, interaction: discord.Interaction[Any]) -> bool:
    """Record a submitted short-answer form; False if the interaction is not one."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return False
    data: dict[str, Any] = dict(interaction.data or {})
    match = FORM_TEMPLATE.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return False
    typed = ""
    for row in data.get("components") or []:
        for field in row.get("components") or []:
            if field.get("custom_id") == "answer":
                typed = str(field.get("value") or "")
    await answer_click(app, interaction, match["attempt"], match["question"], typed)
    return True


async def answer_click(
    app: Application, interaction: Any, attempt: str, question_id: str, answer: Any
) -> None:
    """Record an answer once, reply with feedback (only to the student), then the next question.

    `answer` is a choice index for buttons (turned into True/False for true/false questions),
    a list of indexes for menus, or text for typed answers.
    """
    quiz = app.quizzes
    question = await quiz.question(question_id)
    lang = question.lang if question else "en"
    user = f"discord:{interaction.user.id}"
    if question is not None and question.type == "true_false" and isinstance(answer, int):
        answer = answer == 0
    try:
        fb = await quiz.answer(attempt, question_id, user, answer)
    except QuizError as exc:
        await interaction.response.send_message(exc.message(lang), ephemeral=True)
        return
    await interaction.response.send_message(embed=feedback_embed(fb, lang), ephemeral=True)
    if fb.duplicate or fb.late:
        return
    state = await quiz.state(attempt)
    if state.mode != "group" and state.question is not None:
        embed, view = question_message(state)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)


class DiscordGroupPoster:
    """Hosts group quizzes in Discord channels (on demand and scheduled)."""

    def __init__(self, client: discord.Client, core: Application) -> None:
        self.client = client
        self.core = core
        self._open: dict[str, discord.Message] = {}
        """attempt id -> the open question's message (edited with its results)."""
        self._tasks: set[asyncio.Task[Any]] = set()

    def _channel(self, target: Any) -> discord.abc.Messageable:
        channel_id = int(str(target).removeprefix("discord:"))
        return self.client.get_partial_messageable(channel_id)

    async def post_question(self, target: Any, state: QuizState) -> None:
        """`GroupPoster`: the current question, with its buttons."""
        if state.question is None:
            return
        embed, view = question_message(state)
        message = await self._channel(target).send(embed=embed, view=view)
        self._open[state.attempt_id] = message

    async def post_results(self, target: Any, result: GroupResult, state: QuizState) -> None:
        """`GroupPoster`: the question's message becomes its results (buttons removed)."""
        question = await self.core.quizzes.question(result.question_id)
        embed = results_embed(result, state.lang, question.prompt if question else None)
        message = self._open.pop(state.attempt_id, None)
        if message is not None:
            try:
                await message.edit(embed=embed, view=None)
                return
            except discord.HTTPException as exc:
                log.info("could not edit the question message (%s); posting", exc.status)
        await self._channel(target).send(embed=embed)

    def run(self, target: Any, state: QuizState, time_limit_s: float) -> None:
        """Run a started group quiz to its end in the background."""

        async def go() -> None:
            try:
                await self.core.quizzes.run_group(self, target, state, time_limit_s)
            except discord.Forbidden:
                log.warning("group quiz %s: missing permissions in %s", state.attempt_id, target)
            except Exception:
                log.exception("group quiz %s in %s failed", state.attempt_id, target)

        task = asyncio.create_task(go())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        """`QuizPoster`: a scheduled quiz, announced, then run to its end."""
        try:
            await self._channel(schedule.conversation_id).send(
                say("group_start", state.lang, n=state.total, s=schedule.time_limit_s)
            )
        except discord.HTTPException as exc:
            log.warning(
                "schedule %s: cannot post in %s (%s)", schedule.id, schedule.conversation_id, exc
            )
            return
        self.run(schedule.conversation_id, state, schedule.time_limit_s)

    def cancel(self) -> None:
        """Stop every running quiz (shutdown)."""
        for task in list(self._tasks):
            task.cancel()

    def track(self, task: asyncio.Task[Any]) -> None:
        """Keep a resumed quiz's task alive until it ends."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
