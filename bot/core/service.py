"""The study service: what every channel calls. It knows nothing about Discord or Teams."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from bot.config import Settings
from bot.core import guards
from bot.core.commands import usage
from bot.kernel.catalog import Tier
from bot.kernel.errors import UserFacing
from bot.kernel.lang import reply_lang
from bot.kernel.models import Lang, Reply, Turn
from bot.llm.budget import BudgetKeeper, Who
from bot.llm.client import Completion, DeltaFn
from bot.llm.gateway import Gateway
from bot.llm.router import Route, Router, RouteRequest
from bot.rag.answer import Answerer, t
from bot.rag.kinds import follow_up, leans_back
from bot.rag.search import Hit, SearchEngine, SearchResult

log = logging.getLogger(__name__)

# Chat platforms, where many students share one deployment; the terminal and the CLI's
# evaluations are one local user and are not limited.
RATE_LIMITED_PLATFORMS = frozenset({"discord", "teams"})

# Strong hits: within this similarity of the best one count as "needed" by the question.
STRONG_HIT_MARGIN = 0.015


@contextmanager
def speaking(turn: Turn) -> Iterator[None]:
    """`UserFacing` errors raised inside carry `turn`'s reply language (see `UserFacing.lang`)."""
    try:
        yield
    except UserFacing as exc:
        if exc.lang is None:
            exc.lang = reply_lang(turn)
        raise


@dataclass(frozen=True, slots=True)
class Planned:
    """A question ready for a model: retrieval done, prompt built, route chosen."""

    question: str
    lang: Lang
    result: SearchResult
    messages: list[dict[str, str]]
    route: Route
    who: Who
    sections: tuple[Hit, ...] = ()
    """The sections the messages show, in their numbering (what a citation may point at)."""


class StudyService:
    """Answers questions about the lesson: search, scope check, route, answer, citation check."""

    def __init__(
        self,
        settings: Settings,
        search: SearchEngine,
        answerer: Answerer,
        router: Router,
        gateway: Gateway | None,
        budget: BudgetKeeper | None,
    ) -> None:
        self.settings = settings
        self.search = search
        self.answerer = answerer
        self.router = router
        self.gateway = gateway
        self.budget = budget
        self.policy = guards.OutputPolicy.from_settings(settings, answerer.prompt_templates())
        self.limiter = guards.RateLimiter(settings.rate_limit_per_minute)
        # Per-platform pauses between two questions of one user: only Discord has one (its
        # answers land in a channel everyone reads).
        self.cooldowns = {"discord": guards.Cooldown(settings.discord_ask_cooldown_s)}

    @property
    def model_name(self) -> str:
        """`offline`, or the first configured model's name."""
        if self.gateway is None or not self.gateway.pool:
            return "offline"
        return next(iter(self.gateway.pool.models))

    @staticmethod
    def who(turn: Turn) -> Who:
        """Whose budget a turn spends."""
        return Who(turn.user_id, turn.class_id, turn.role, turn.platform, turn.conversation_id)

    def refusal(self, turn: Turn) -> UserFacing | None:
        """The error `ask` would refuse this turn with now (bad input, too many questions, too
        soon after the last one), in the turn's language; None when it would be answered.
        Nothing is recorded: a channel shows "typing…" only for a question it will answer,
        and answers a refused slash command at once, without a model call."""
        refused: UserFacing | None
        try:
            guards.read_question(turn.text, self.settings)
        except UserFacing as exc:
            refused = exc
        else:
            refused = None
            if turn.platform in RATE_LIMITED_PLATFORMS:
                refused = self.limiter.refusal(turn.user_id)
            cooldown = self.cooldowns.get(turn.platform)
            if refused is None and cooldown is not None:
                refused = cooldown.refusal(turn.user_id)
        if refused is not None:
            refused.lang = reply_lang(turn)
        return refused

    def will_refuse(self, turn: Turn) -> bool:
        """Whether `ask` would refuse this turn now (see `refusal`)."""
        return self.refusal(turn) is not None

    def _admit(self, turn: Turn) -> tuple[str, Tier | None]:
        """The question as read, once the input guard, the rate limit and the channel's
        pause between two questions let it through (each raises `UserFacing` if not)."""
        question, forced = guards.read_question(turn.text, self.settings)
        if turn.platform in RATE_LIMITED_PLATFORMS:
            self.limiter.check(turn.user_id)
        cooldown = self.cooldowns.get(turn.platform)
        if cooldown is not None:
            cooldown.check(turn.user_id)
        return question, forced

    async def plan(self, turn: Turn) -> Planned:
        """Check the input, retrieve, build the prompt and route, without calling a model."""
        who = self.who(turn)
        question, forced = self._admit(turn)
        lang = reply_lang(replace(turn, text=question))
        # Search, scoring the units for the prompt and the budget reading are blocking work:
        # off the event loop, in one hand-off (each costs a thread switch and a loop wake-up).
        result, sections, messages, remaining = await asyncio.to_thread(
            self._prepare, turn, question, lang, who
        )
        # (Routing weighs the retrieved hits; the prompt may show more, see `prompt_sections`.)
        strong = {
            (h.source, h.heading)
            for h in self.answerer.sections(result)
            if h.similarity >= result.confidence - STRONG_HIT_MARGIN
        }
        request = RouteRequest(
            question=question,
            role=turn.role,
            force=turn.tier or forced,
            sections=len(strong),
            confidence=result.confidence,
            turns=turn.history_turns or len(turn.history) // 2,
            prompt_chars=sum(len(m["content"]) for m in messages),
            remaining_usd=remaining,
        )
        return Planned(
            question, lang, result, messages, self.router.route(request), who, tuple(sections)
        )

    def _prepare(
        self, turn: Turn, question: str, lang: Lang, who: Who
    ) -> tuple[SearchResult, list[Hit], list[dict[str, str]], float | None]:
        """(blocking) The search result, the sections the prompt shows, the prompt's messages,
        and the smallest allowance left (None when no model could be called: budgets don't
        matter then)."""
        earlier = [text for role, text in turn.history if role == "user"]
        # "what are its downsides?" after "what is RAG?": searched with the subject it leans
        # on, so that it finds RAG's downsides and not any downside (it had found the quiz
        # analogy's "not very good at understanding the topic").
        leaning = follow_up(question, earlier, self.search.names_subject) if earlier else None
        result = self.search.search(leaning or question, None, "hybrid", lang)
        if earlier and not result.in_scope and leans_back(question):
            # A follow-up ("and how much does it cost?") often names its topic only in the
            # previous question: search again with it. (Only one that leans back: "what does a
            # Midjourney subscription cost per month?" after a course question had been
            # answered with that question's passages.)
            retry = self.search.search(f"{earlier[-1]} {question}", None, "hybrid", lang)
            if retry.in_scope:
                result = retry
        sections = (
            self.answerer.prompt_sections(question, result, lang)
            if result.in_scope
            else self.answerer.sections(result)
        )
        messages = self.answerer.messages(question, result, lang, turn.history, sections)
        remaining = None
        if self.budget is not None and self.gateway is not None:
            remaining = self.budget.remaining_usd(who)
        return result, sections, messages, remaining

    async def settled(self) -> None:
        """Wait for the ledger writes of every model call so far (they run after the reply)."""
        if self.gateway is not None:
            await self.gateway.settled()

    async def ask(self, turn: Turn, on_delta: DeltaFn | None = None) -> Reply:
        """Answer one question. Raises `UserFacing` errors for bad input (empty, too long,
        too many). Every reply passes the output guard (`guards.review_output`), streamed
        text included."""
        streams: list[guards.StreamGuard] = []
        with speaking(turn):
            reply = await self._ask(turn, on_delta, streams)
        text = guards.review_output(reply.text, self.policy, reply.lang)
        if on_delta is not None and streams and streams[0].shown:
            # The guard held back the stream's last words; release them now, if the final
            # text continues what was shown (else the channel shows the final text instead).
            shown = streams[0].shown
            if text.startswith(shown) and len(text) > len(shown):
                await on_delta(text[len(shown) :])
        # Every part of a reply passes a guard: the sources' headings too.
        citations = tuple(
            replace(c, heading=guards.review_label(c.heading, self.policy, reply.lang))
            for c in reply.citations
        )
        return replace(reply, text=text, citations=citations)

    async def _ask(
        self, turn: Turn, on_delta: DeltaFn | None, streams: list[guards.StreamGuard]
    ) -> Reply:
        started = time.perf_counter()
        chat = guards.small_talk(turn.text)
        if chat:
            # "hi", "고마워요": a friendly word, not a search that refuses it as off topic.
            # (Rate-limited like a question: a channel must not be flooded with greetings.)
            question, _tier = self._admit(turn)
            lang = reply_lang(replace(turn, text=question))
            return Reply(
                t(chat, lang, **usage(turn.platform, lang)),
                lang,
                (),
                False,
                "offline",
                int((time.perf_counter() - started) * 1000),
                route_reason="small talk",
            )
        planned = await self.plan(turn)
        if on_delta is not None:
            stream = guards.StreamGuard(self.policy, planned.lang)
            streams.append(stream)
            downstream = on_delta

            async def guarded(delta: str) -> None:
                released = stream.feed(delta)
                if released:
                    await downstream(released)

            on_delta = guarded
        lang, result = planned.lang, planned.result

        def elapsed() -> int:
            return int((time.perf_counter() - started) * 1000)

        if not result.in_scope:
            text = self.answerer.refusal(result, lang)
            return Reply(text, lang, (), False, "offline", elapsed(), route_reason="out of scope")
        if self.gateway is None or planned.route.tier == "offline":
            notes: tuple[str, ...] = ()
            if self.gateway is not None:  # models exist, but the budget or config said no
                notes = (t("no_budget", lang),)
            return await asyncio.to_thread(
                self.answerer.offline_reply,
                planned.question,
                result,
                lang,
                started,
                notes,
                planned.route.reason,
            )

        def accept(completion: Completion) -> bool:
            draft = self.answerer.validate(completion.text, planned.sections)
            return bool(draft.citations)

        outcome = await self.gateway.generate(
            planned.route,
            planned.messages,
            planned.who,
            on_delta,
            accept,
            cascade=self.settings.routing.mode == "cascade",
        )
        if outcome.completion is None:
            log.warning("no model could answer (%s); answering offline", outcome.attempts)
            # Others may have spent the last of the budget between routing and reserving.
            out_of_money = all(a.outcome == "budget" for a in outcome.attempts)
            note = t("no_budget" if out_of_money else "fallback", lang)
            return await asyncio.to_thread(
                self.answerer.offline_reply,
                planned.question,
                result,
                lang,
                started,
                (note,),
                planned.route.reason,
                outcome.cost_usd,
            )
        draft = self.answerer.validate(outcome.completion.text, planned.sections)
        notes = ()
        if draft.dropped_citations:
            notes = (t("dropped", lang, n=draft.dropped_citations),)
        if planned.route.tier == "premium" and outcome.tier == "cheap":
            notes = (*notes, t("downgraded", lang))
        elif planned.route.wanted == "premium" and "exceeds" in planned.route.reason:
            notes = (*notes, t("premium_budget", lang))
        notes = (*notes, *self.answerer.unmentioned(result, lang))
        # (Read as searched: a follow-up carries the subject it leans on.)
        notes = (
            *notes,
            *self.answerer.not_given(result.query or planned.question, lang, draft.text),
        )
        return Reply(
            draft.text,
            lang,
            draft.citations,
            True,
            outcome.completion.model,
            elapsed(),
            notes,
            outcome.tier,
            outcome.cost_usd,
            planned.route.reason,
        )
