"""Teams activities in, the application's answers out: commands, questions and quiz clicks.

Each message becomes a core `Turn`; the words at its start pick a use case of the
`Application`; the result is rendered as an Adaptive Card or Markdown text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import (
    ActivityHandler,
    CardFactory,
    InvokeResponse,
    MessageFactory,
    TurnContext,
)
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
)

from bot.channels.teams.cards import (
    ANSWER_VERB,
    FORGET_KIND,
    SUBMIT_KIND,
    answer_card,
    answered_card,
    compare_card,
    feedback_card,
    forget_card,
    question_card,
    submitted_answer,
)
from bot.channels.teams.files import (
    MYDATA,
    MYDATA_DECLINED,
    MYDATA_KIND,
    MYDATA_SENT,
    file_consent,
    file_info,
    upload,
)
from bot.channels.teams.proactive import Proactive
from bot.channels.teams.texts import COMMANDS, HELP, WELCOME
from bot.core import class_budgets, class_schedules, classroom, results
from bot.core.application import Application
from bot.core.commands import Command
from bot.core.quizzes import Player, QuizError, QuizState
from bot.kernel.errors import RateLimited, UserFacing
from bot.kernel.lang import locale_lang
from bot.kernel.models import Turn

# What a clicked card button stands for (its `kind`), as an action of the router.
QUIZ_ANSWER = "quiz-answer"
FORGET_CONFIRMED = "forget-confirmed"
BUTTONS = {SUBMIT_KIND: QUIZ_ANSWER, FORGET_KIND: FORGET_CONFIRMED}


class StudyTeamsBot(ActivityHandler):  # type: ignore[misc]  # untyped SDK base
    """Turns Teams messages into core calls and renders the results as Adaptive Cards."""

    def __init__(self, core: Application, proactive: Proactive, dev: bool = False) -> None:
        self.core = core
        self.proactive = proactive
        self.dev = dev
        self._pending: set[asyncio.Future[Any]] = set()
        # One handler per use case, each given the context and the request it serves.
        self._handlers: dict[str, Callable[[TurnContext, Command], Awaitable[None]]] = {
            "ask": self._ask,
            "help": self._help,
            "quiz": self._quiz,
            "review": self._quiz,
            "stats": self._stats,
            "leaderboard": self._leaderboard,
            "budget": self._budget,
            "compare": self._compare,
            "schedule": self._schedule,
            "mydata": self._mydata,
            "forget": self._forget,
            QUIZ_ANSWER: self._quiz_answer,
            FORGET_CONFIRMED: self._forget_confirmed,
        }

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        await self.proactive.remember(activity)
        bot_id = getattr(activity.recipient, "id", None)
        added = [getattr(m, "id", None) for m in activity.members_added or []]
        if bot_id and bot_id in added:  # StudyBot itself joined; nothing when others join
            await self._welcome(turn_context)

    async def on_installation_update(self, turn_context: TurnContext) -> None:
        await self.proactive.remember(turn_context.activity)
        if turn_context.activity.action in ("add", "add-upgrade"):
            await self._welcome(turn_context)

    async def _welcome(self, ctx: TurnContext) -> None:
        # Installing into a team sends both an installationUpdate and a conversationUpdate
        # (and Teams may redeliver either): the conversation is welcomed once.
        activity = ctx.activity
        conversation = activity.conversation.id if activity.conversation else ""
        if not conversation or not await self.core.conversations.claim(
            "teams", conversation, "#welcome"
        ):
            return
        lang = locale_lang(activity.locale) or "en"
        await ctx.send_activity(MessageFactory.text(WELCOME[lang]))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        turn = to_turn(activity)
        await self._remember(activity, turn)
        # A clicked card button carries its kind instead of words; anything else is read as
        # a command word and its options, or a question.
        value = activity.value if isinstance(activity.value, dict) else {}
        command = self.core.read_command(turn, COMMANDS, BUTTONS.get(str(value.get("kind"))))
        try:
            await self._handlers[command.action](turn_context, command)
        except RateLimited as exc:
            if exc.notify:  # one notice per window; the rest of a flood gets no reply
                await turn_context.send_activity(MessageFactory.text(exc.message(command.lang)))
        except (UserFacing, QuizError) as exc:
            await turn_context.send_activity(MessageFactory.text(exc.message(command.lang)))

    async def on_invoke_activity(self, turn_context: TurnContext) -> Any:
        if turn_context.activity.name == "fileConsent/invoke":
            return await self._file_consent(turn_context)
        value = turn_context.activity.value
        if isinstance(value, dict):
            # botbuilder 4.17's AdaptiveCardInvokeValue has no `trigger` (Teams sends
            # "manual" or "automatic") and logs a warning on every click: drop it first.
            value.pop("trigger", None)
        return await super().on_invoke_activity(turn_context)

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """A group question's button (`Action.Execute`): record the answer, and answer the
        invoke with a card for this student alone (the channel sees only the results)."""
        activity = turn_context.activity
        turn = to_turn(activity)
        await self._remember(activity, turn)
        action: dict[str, Any] = (
            invoke_value.action if isinstance(invoke_value.action, dict) else {}
        )
        raw = action.get("data")
        data: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if action.get("verb") != ANSWER_VERB or data.get("kind") != SUBMIT_KIND:
            return _invoke_error(400, "BadRequest", f"unknown verb {action.get('verb')!r}")
        quizzes = self.core.quizzes
        question = await quizzes.question(str(data.get("question")))
        if question is None:
            return _invoke_error(404, "NotFound", "that question no longer exists")
        lang: str = question.lang
        answer = submitted_answer(data, question.type)
        try:
            fb = await quizzes.answer(str(data.get("attempt")), question.id, turn.user_id, answer)
        except QuizError as exc:
            return _invoke_message(exc.message(lang))
        state = await quizzes.state(fb.attempt_id)
        return AdaptiveCardInvokeResponse(
            status_code=200,
            type="application/vnd.microsoft.card.adaptive",
            value=answered_card(state, question, fb, answer, lang),
        )

    async def _remember(self, activity: Activity, turn: Turn) -> None:
        self._background(self.proactive.remember(activity))
        # Awaited (a write only when the name changed): a reply in this turn, such as a
        # leaderboard, already shows the name Teams just sent.
        await self.core.people.remember(turn.user_id, getattr(activity.from_property, "name", None))

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _help(self, ctx: TurnContext, command: Command) -> None:
        await _text(ctx, HELP[command.lang])

    async def _ask(self, ctx: TurnContext, command: Command) -> None:
        turn = command.turn
        # Show "typing…" while the answer is prepared, without waiting for the round trip;
        # not for a message that is refused at once (empty, too long, too many).
        typing: asyncio.Future[Any] | None = None
        if not self.core.will_refuse(turn):
            typing = asyncio.ensure_future(ctx.send_activity(Activity(type=ActivityTypes.typing)))
            # Teams keeps no history the bot can read: the conversation's last questions are
            # kept briefly, so that "what are its downsides?" leans on "what is RAG?". (Not
            # read for a message refused at once: a flood costs no database reads.)
            turn = await self.core.conversations.with_history(turn)
        try:
            reply = await self.core.ask(turn)
        finally:
            if typing is not None:
                await typing  # keep the order: typing, then the answer (or the error)
        if reply.in_scope:
            await self.core.conversations.asked(turn)
        await ctx.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(answer_card(reply)))
        )

    async def _quiz(self, ctx: TurnContext, command: Command) -> None:
        words = command.rest.lower().split()
        # `quiz ko 3` names the questions' language; else the reply's (`퀴즈`, the locale).
        lang = next((w for w in words if w in ("ko", "en")), command.lang)
        n = next((int(w) for w in words if w.isdigit()), 5)
        state = await self.core.quizzes.start(
            _player(command.turn),
            lang,
            max(1, min(n, 20)),
            review=command.action == "review",
        )
        await self._send_question(ctx, state)

    async def _send_question(self, ctx: TurnContext, state: QuizState) -> None:
        if state.question is not None:
            card = CardFactory.adaptive_card(question_card(state))
            await ctx.send_activity(MessageFactory.attachment(card))

    async def _quiz_answer(self, ctx: TurnContext, command: Command) -> None:
        value = _dict(ctx.activity.value)
        quizzes = self.core.quizzes
        question = await quizzes.question(str(value.get("question")))
        if question is None:
            raise QuizError(
                "unknown_question", "That question no longer exists.", "해당 문제가 없습니다."
            )
        answer = submitted_answer(value, question.type)
        fb = await quizzes.answer(
            str(value.get("attempt")), question.id, command.turn.user_id, answer
        )
        await ctx.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(feedback_card(fb, question.lang)))
        )
        state = await quizzes.state(fb.attempt_id)
        if state.mode == "group" or state.question is None:
            return
        # A repeated click normally needs no new question; but if the process died after
        # recording the answer and before sending the next one, the student clicks again
        # and must get it: the attempt has moved on from the question they clicked.
        if not fb.duplicate or state.question.id != question.id:
            await self._send_question(ctx, state)

    async def _stats(self, ctx: TurnContext, command: Command) -> None:
        stats = await self.core.quizzes.stats(command.turn.user_id)
        await _text(ctx, results.render_stats(stats, command.lang, "quiz"))

    async def _budget(self, ctx: TurnContext, command: Command) -> None:
        budgets = self.core.budgets
        if not budgets.enabled:
            return
        turn, lang = command.turn, command.lang
        change = class_budgets.parse_budget_words(command.rest.split())
        if change is not None:
            scope, usd = change
            monthly, daily = await budgets.set_limits(
                turn, usd if scope == "class" else None, usd if scope == "student" else None
            )
            await _text(ctx, class_budgets.budget_set_text(monthly, daily, lang))
            return
        text = class_budgets.render_allowances(await budgets.allowances(turn), lang)
        if turn.role in ("teacher", "admin"):
            report = await budgets.class_report(turn.class_id)
            names = await self.core.people.names([u["user_id"] for u in report["users"]])
            text += "\n\n" + class_budgets.render_class_report(
                report, lang, name=classroom.name_of(names, lang)
            )
        await _text(ctx, text)

    async def _leaderboard(self, ctx: TurnContext, command: Command) -> None:
        lang = command.lang
        period = next((w for w in command.rest.split() if w in ("week", "month", "all")), "week")
        rows = await self.core.quizzes.leaderboard(command.turn.class_id, period)  # type: ignore[arg-type]
        names = await self.core.people.names([user for user, _, _ in rows])
        text = results.render_leaderboard(rows, lang, period, classroom.name_of(names, lang))
        await _text(ctx, text)

    async def _compare(self, ctx: TurnContext, command: Command) -> None:
        words = command.rest.split()
        # `compare models=a,b question…`; without `models=`, the whole catalog (up to four).
        requested = ""
        if words and words[0].startswith("models="):
            requested, words = words[0].removeprefix("models="), words[1:]
        names = self.core.compare_models(requested)  # an unknown name: no "typing…" first
        typing = asyncio.ensure_future(ctx.send_activity(Activity(type=ActivityTypes.typing)))
        try:
            report = await self.core.compare(command.turn, " ".join(words), names)
        finally:
            await typing
        await ctx.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(compare_card(report, command.lang)))
        )

    async def _schedule(self, ctx: TurnContext, command: Command) -> None:
        turn, lang = command.turn, command.lang
        classroom.require_teacher(turn.role in ("teacher", "admin"), "teams")
        words = command.rest.split()
        action = words[0].lower() if words else "list"
        schedules = self.core.schedules
        if action == "list":
            rows = await schedules.of_class(turn.class_id)
            await _text(ctx, class_schedules.render_schedules(rows, lang))
        elif action == "remove" and len(words) == 2:
            gone = await schedules.remove(words[1], turn.class_id)
            if lang == "ko":
                text = "삭제했습니다." if gone else f"`{words[1]}` 예약을 찾을 수 없습니다."
            else:
                text = "Removed." if gone else f"No schedule `{words[1]}` in this class."
            await _text(ctx, text)
        elif action == "add":
            schedule = await schedules.add(
                class_schedules.parse_schedule_words(words[1:]),
                platform="teams",
                conversation_id=turn.conversation_id,
                class_id=turn.class_id,
                lang=lang,
                created_by=turn.user_id,
            )
            await _text(ctx, class_schedules.schedule_added_text(schedule, lang))
        else:
            raise class_schedules.SCHEDULE_USAGE

    async def _mydata(self, ctx: TurnContext, command: Command) -> None:
        lang = command.lang
        conversation = ctx.activity.conversation
        if getattr(conversation, "conversation_type", None) != "personal":
            # Personal data goes to the student alone, never into a team channel or group.
            await _text(
                ctx,
                "개인 채팅에서 `mydata`를 보내 주세요."
                if lang == "ko"
                else "Please send `mydata` to me in a personal chat.",
            )
            return
        # A file, whatever its size (a message is capped at about 40 KB): Teams asks the
        # student to accept it, then StudyBot uploads it to their OneDrive (fileConsent).
        data = await self.core.students.export_json(command.turn.user_id)
        await ctx.send_activity(
            MessageFactory.attachment(file_consent(len(data.encode()), lang), text=MYDATA[lang])
        )

    async def _file_consent(self, ctx: TurnContext) -> InvokeResponse:
        """The student accepted (or declined) the `mydata` file: upload it, then show it."""
        activity = ctx.activity
        value: dict[str, Any] = activity.value if isinstance(activity.value, dict) else {}
        context = _dict(value.get("context"))
        lang = "ko" if context.get("lang") == "ko" else "en"
        if context.get("kind") != MYDATA_KIND:
            return InvokeResponse(status=400, body={"error": "not a StudyBot file"})
        if value.get("action") != "accept":
            await _text(ctx, MYDATA_DECLINED[lang])
            return InvokeResponse(status=200)
        info = _dict(value.get("uploadInfo"))
        upload_url = str(info.get("uploadUrl") or "")
        if not self._may_upload_to(upload_url):
            return InvokeResponse(status=400, body={"error": "bad upload URL"})
        # Exported again now: the file holds what is stored at the moment it is accepted.
        data = (await self.core.students.export_json(to_turn(activity).user_id)).encode()
        await upload(upload_url, data)
        await ctx.send_activity(
            MessageFactory.attachment(
                file_info(str(info.get("contentUrl") or ""), info), text=MYDATA_SENT[lang]
            )
        )
        return InvokeResponse(status=200)

    def _may_upload_to(self, url: str) -> bool:
        # Teams gives a OneDrive https URL; plain http only for local tests (--dev).
        return url.startswith("https://") or (self.dev and url.startswith("http://127.0.0.1"))

    async def _forget(self, ctx: TurnContext, command: Command) -> None:
        turn = command.turn
        scope = "class" if command.rest.lower() in ("class", "반") else "me"
        if scope == "class":
            classroom.require_teacher(turn.role in ("teacher", "admin"), "teams")
        card = forget_card(scope, command.lang, turn.user_id)
        await ctx.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _forget_confirmed(self, ctx: TurnContext, command: Command) -> None:
        turn, value = command.turn, _dict(ctx.activity.value)
        # Only the student who asked may confirm (a card in a group chat is seen by all).
        if value.get("user") != turn.user_id:
            raise classroom.NotYours
        if value.get("scope") == "class":
            counts = await self.core.students.forget_class(turn)
        else:
            counts = await self.core.students.forget(turn.user_id)
        await _text(ctx, results.forget_done(counts, command.lang))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _invoke_error(status: int, code: str, message: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(
        status_code=status,
        type="application/vnd.microsoft.error",
        value={"code": code, "message": message},
    )


def _invoke_message(text: str) -> AdaptiveCardInvokeResponse:
    # Shown by Teams as a short notice to the student who clicked.
    return AdaptiveCardInvokeResponse(
        status_code=200, type="application/vnd.microsoft.activity.message", value=text
    )


async def _text(ctx: TurnContext, text: str) -> None:
    await ctx.send_activity(MessageFactory.text(text))


def to_turn(activity: Activity) -> Turn:
    """A Teams activity as the core's `Turn` (mention removed, class from the team)."""
    text = activity.text or ""
    if activity.recipient is not None:
        text = TurnContext.remove_recipient_mention(activity) or text
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = (channel_data.get("team") or {}).get("id")
    sender = activity.from_property
    user = (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None)) or "unknown"
    conversation = activity.conversation.id if activity.conversation else "unknown"
    return Turn(
        text=" ".join(text.split()),
        platform="teams",
        user_id=f"teams:{user}",
        conversation_id=conversation,
        locale=activity.locale,
        idempotency_key=activity.id,
        class_id=f"teams:{team}" if team else f"teams:{conversation}",
    )


def _player(turn: Turn) -> Player:
    return Player(turn.user_id, turn.class_id, turn.platform, turn.conversation_id)
