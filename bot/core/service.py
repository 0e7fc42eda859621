"""The study service: what every channel calls. It knows nothing about Discord or Teams."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.config import Settings
from bot.core import guards
from bot.core.errors import UpstreamUnavailable
from bot.core.lang import detect_lang, locale_lang
from bot.core.models import Lang, Reply, Turn
from bot.llm.client import ChatModel, DeltaFn
from bot.rag.answer import Answerer, t
from bot.rag.search import SearchEngine, SearchResult

log = logging.getLogger(__name__)


class StudyService:
    """Answers questions about the lesson: search, scope check, answer, citation check."""

    def __init__(
        self,
        settings: Settings,
        search: SearchEngine,
        answerer: Answerer,
        chat_model: ChatModel | None,
    ) -> None:
        self.settings = settings
        self.search = search
        self.answerer = answerer
        self.chat_model = chat_model

    @property
    def model_name(self) -> str:
        """`offline`, or the configured model's name."""
        return self.chat_model.model if self.chat_model else "offline"

    @staticmethod
    def reply_lang(turn: Turn) -> Lang:
        """The language to answer in: the text's own language, else the platform's locale."""
        text_lang = detect_lang(turn.text, default=locale_lang(turn.locale) or "en")
        return text_lang

    async def ask(self, turn: Turn, on_delta: DeltaFn | None = None) -> Reply:
        """Answer one question. Raises `UserFacing` errors for bad input (empty, too long)."""
        started = time.perf_counter()
        question = guards.review_input(turn.text, self.settings)
        lang = self.reply_lang(turn)
        result = await asyncio.to_thread(self.search.search, question, None, "hybrid", lang)

        def elapsed() -> int:
            return int((time.perf_counter() - started) * 1000)

        if not result.in_scope:
            text = self.answerer.refusal(result, lang)
            return Reply(text, lang, (), False, "offline", elapsed())
        if self.chat_model is None:
            draft = await asyncio.to_thread(self.answerer.extractive, question, result, lang)
            return Reply(draft.text, lang, draft.citations, True, "offline", elapsed())
        return await self._generate(question, result, lang, on_delta, started)

    async def _generate(
        self,
        question: str,
        result: SearchResult,
        lang: Lang,
        on_delta: DeltaFn | None,
        started: float,
    ) -> Reply:
        assert self.chat_model is not None
        messages = self.answerer.messages(question, result, lang)
        try:
            completion = await self.chat_model.stream(messages, on_delta)
        except UpstreamUnavailable as exc:
            # The student still gets an answer: the course's own words, said to be so.
            log.warning("model call failed, answering offline: %s", exc.detail)
            draft = await asyncio.to_thread(self.answerer.extractive, question, result, lang)
            latency = int((time.perf_counter() - started) * 1000)
            return Reply(
                draft.text, lang, draft.citations, True, "offline", latency, (t("fallback", lang),)
            )
        draft = self.answerer.validate(completion.text, result)
        notes: tuple[str, ...] = ()
        if draft.dropped_citations:
            notes = (t("dropped", lang, n=draft.dropped_citations),)
        latency = int((time.perf_counter() - started) * 1000)
        return Reply(draft.text, lang, draft.citations, True, completion.model, latency, notes)
