"""Composition root: Settings -> clients -> stores -> services. Nothing else builds clients.

`App` owns every long-lived client (Chroma, the embedder, the tokenizer, the OpenAI client)
and closes them in `aclose`. Channels and the CLI receive the services from here.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.config import Settings
from bot.core.application import (
    Application,
    Budgets,
    Conversations,
    Health,
    People,
    Schedules,
    StudentData,
)
from bot.core.quizzes import Quizzes
from bot.core.service import StudyService
from bot.kernel.errors import KnowledgeFileError
from bot.llm.budget import BudgetKeeper
from bot.llm.client import ModelPool
from bot.llm.gateway import Gateway
from bot.llm.router import Router
from bot.quiz.bank import load_banks
from bot.quiz.engine import QuizEngine
from bot.rag.answer import Answerer
from bot.rag.embed import build_embedder
from bot.rag.glossary import warm_english_words
from bot.rag.ingest import HEADING_SEP, load_corpus
from bot.rag.search import SearchEngine
from bot.rag.store import CourseStore, IndexReport, connect_chroma, content_version
from bot.rag.tokens import (
    KoreanTokenizer,
    Tokenizer,
    load_known_tokens,
    save_known_tokens,
)
from bot.rag.units import document_units
from bot.store.db import open_database

if TYPE_CHECKING:
    from bot.quiz.schedule import ScheduleService

log = logging.getLogger(__name__)


@dataclass
class App:
    """Every service of one StudyBot process, built once from `Settings`."""

    settings: Settings
    store: CourseStore
    search: SearchEngine
    engine: Engine
    budget: BudgetKeeper
    pool: ModelPool
    router: Router
    service: StudyService
    _closed: bool = field(default=False, repr=False)
    warmers: list[threading.Thread] = field(default_factory=list, repr=False)
    """Threads loading Kiwi or the encoder: `aclose` waits for them, since a process that
    exits while native code is still loading a model aborts ("terminate called…")."""

    @classmethod
    def build(
        cls, settings: Settings, warm_korean: bool = True, warm_embedding: bool = True
    ) -> App:
        """Build every client (blocking: loads models; Chroma connects on first use)."""
        korean = KoreanTokenizer(load_known_tokens(known_tokens_path(settings)))
        warmers: list[threading.Thread] = []
        if warm_korean:
            # Kiwi takes about two seconds to load; do it while Chroma and e5 start up.
            warmers.append(
                threading.Thread(target=korean.warm_up, name="kiwi-warm-up", daemon=True)
            )
        tokenizer = Tokenizer(korean)
        embedder, space_id = build_embedder(settings)
        warm_up = getattr(embedder, "warm_up", None)
        if warm_embedding and warm_up is not None:
            # The encoder's session (~0.2 s, mostly outside the GIL) starts while the rest loads.
            warmers.append(threading.Thread(target=warm_up, name="e5-warm-up", daemon=True))
        for thread in warmers:
            thread.start()
        # Chroma connects on first use: a command served from the search copies on disk
        # (see `ensure_loaded`) never imports it.
        name = f"{settings.collection}-{space_id}"
        store = CourseStore(lambda: connect_chroma(settings), name, embedder, tokenizer)
        search = SearchEngine(store, tokenizer, settings, snapshot_path(settings))
        engine = open_database(settings)
        budget = BudgetKeeper(engine, settings.budgets)
        charged = budget.release_stale()
        if charged:
            log.warning(
                "charged in full %d budget reservation(s) an earlier process never settled",
                charged,
            )
        pool = ModelPool(settings)
        router = Router(pool.catalog, settings.routing, settings.llm_max_output_tokens)
        # One deadline (`llm_timeout_s`) bounds the whole fallback chain, not each model.
        gateway = (
            Gateway(pool, budget, settings.llm_max_output_tokens, settings.llm_timeout_s)
            if pool
            else None
        )
        answerer = Answerer(settings, tokenizer, search)
        service = StudyService(settings, search, answerer, router, gateway, budget)
        return cls(settings, store, search, engine, budget, pool, router, service, warmers=warmers)

    def index(self, rebuild: bool = False, progress: bool | None = None) -> IndexReport:
        """Bring the store in line with `knowledge/` (blocking). `rebuild` re-embeds everything."""
        fingerprint = index_fingerprint(self.settings, self.store.name)
        if not rebuild:
            done = _last_index(self.settings, fingerprint)
            if done is not None and self.store.count() > 0:
                # Nothing changed since the last index (course files, the code that reads
                # them, the embedding): skip reading the course (its injection scan alone
                # is 0.25 s) and the comparison (which needs Kiwi); reload the search
                # copies only if another process changed the store meanwhile.
                if self.search.loaded:
                    self.search.refresh_if_changed()
                else:
                    self.search.load(self._snapshot_key(fingerprint))
                return done
        # Whatever happens next, the last index's record no longer describes the store.
        _last_index_path(self.settings).unlink(missing_ok=True)
        corpus = load_corpus(self.settings.knowledge_dir)
        if not corpus.chunks and not rebuild:
            # An empty (or mistyped, or not yet mounted) folder would delete every chunk.
            raise KnowledgeFileError(
                str(self.settings.knowledge_dir),
                "no lesson text found; the index is left as it is "
                f"({self.store.count()} chunks). Check the folder (knowledge_dir), or run "
                "`studybot index --rebuild` to empty the index on purpose",
            )
        if rebuild:
            self.store.forget_collections()
        units = [u for d in corpus.documents for u in document_units(d.sections, d.source, d.lang)]
        # While the chunks are embedded, the second core embeds the new units' sentences and
        # (the course changed, so the scope decision is fitted again) the scope examples.
        ahead = self.store.embed_units_ahead(units)
        examples = self.search.embed_scope_examples(
            content_version((c.id for c in corpus.chunks), (u.id for u in units)),
            [c.text for c in corpus.chunks] + [c.heading for c in corpus.chunks],
        )
        try:
            report = self.store.sync(corpus.chunks, progress=progress)
            units_added = self.store.sync_units(units, progress=progress, ahead=ahead)
            self.search.load(self._snapshot_key(fingerprint))
            # Fitted now (it searches every example), so that a fresh process reads it back.
            self.search.prepare_scope(examples)
        finally:
            # (Unused when the decision was read back from the cache, or sync failed.)
            for started in (ahead, examples):
                if started is not None:
                    started.close()
        # The Korean texts a question can pull in without being Korean itself: tokenized
        # now, so an English question in a fresh process never loads Kiwi.
        glossary = self.search.glossary.terms
        save_known_tokens(
            known_tokens_path(self.settings),
            self.store.tokenizer.korean,
            [*glossary, *(v for values in glossary.values() for v in values)]
            + [part for c in corpus.chunks for part in c.heading.split(HEADING_SEP)],
        )
        problems = corpus.problems
        if self.search.scope_problem:
            problems = (*problems, f"scope examples ignored: {self.search.scope_problem}")
        result = IndexReport(
            report.added,
            report.removed,
            report.unchanged,
            problems,
            len(units),
            units_added,
        )
        _save_last_index(self.settings, fingerprint, result)
        return result

    async def aindex(self, rebuild: bool = False, progress: bool | None = None) -> IndexReport:
        """`index` without blocking the event loop."""
        return await asyncio.to_thread(self.index, rebuild, progress)

    @cached_property
    def quiz(self) -> QuizEngine:
        """The quiz engine over the validated banks (built on first use: blocking)."""
        banks = load_banks(self.settings.quizzes_dir, self.settings.knowledge_dir)
        for error in banks.errors:
            log.warning("quiz bank: %s", error)
        return QuizEngine(self.engine, banks, self.settings.timezone)

    @cached_property
    def schedules(self) -> ScheduleService:
        """Scheduled group quizzes; channels register their posters, `serve` starts it."""
        from bot.quiz.schedule import ScheduleService

        return ScheduleService(
            self.engine,
            self.settings.sqlalchemy_url,
            self.quiz,
            {},
            misfire_grace_s=self.settings.schedule_misfire_grace_s,
            lock_ttl_s=self.settings.schedule_lock_ttl_s,
        )

    @cached_property
    def core(self) -> Application:
        """The application layer the channels talk to (they never see this `App`)."""
        schedules = Schedules(lambda: self.schedules, self.settings.timezone)
        people = People(self.engine)
        return Application(
            settings=self.settings,
            study=self.service,
            quizzes=Quizzes(lambda: self.quiz),
            schedules=schedules,
            budgets=Budgets(self.service.budget),
            students=StudentData(self.engine, schedules, people, self.service.settled),
            conversations=Conversations(self.engine, self.settings.inbox_lease_s),
            people=people,
            health=Health(self.store, self.engine, sorted(self.pool.models)),
            models=sorted(self.pool.models),
            close=self.aclose,
        )

    def ensure_loaded(self) -> None:
        """Load the search copies if they have not been (blocking): from the copy on disk
        when it was written for the index the store holds now, else from the store."""
        if self.search.loaded:
            return
        fingerprint = index_fingerprint(self.settings, self.store.name)
        key = self._snapshot_key(fingerprint)
        if key is not None and _last_index(self.settings, fingerprint) is not None:
            if not self.search.load_snapshot(key):
                self.search.load(key)  # (and write the copy the next process will read)
        else:
            self.search.load()
        self.search.prepare_scope()

    def warm_answers(self) -> threading.Thread:
        """Prepare what answering reads from every unit, and the English word list that
        tells a typo from a word, in a thread (for `serve` and the chat, after
        `ensure_loaded`; a one-shot `ask` would only pay for it)."""
        extractor = self.service.answerer.extractor

        def warm() -> None:
            extractor.warm()
            warm_english_words()

        thread = threading.Thread(target=warm, name="answer-warm-up", daemon=True)
        self.warmers.append(thread)
        thread.start()
        return thread

    def _snapshot_key(self, fingerprint: str) -> str | None:
        """The key the search copies on disk are saved under; None for a Chroma server,
        which another machine may re-index without this data dir knowing."""
        if self.settings.chroma_url:
            return None
        return fingerprint

    async def aclose(self) -> None:
        """Close every client this app opened."""
        if self._closed:
            return
        self._closed = True
        for thread in self.warmers:
            await asyncio.to_thread(thread.join)
        await self.service.settled()  # the ledger rows of the last calls, then the clients
        await self.pool.aclose()
        self.engine.dispose()

    async def __aenter__(self) -> App:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def snapshot_path(settings: Settings) -> Path:
    """Where the search copies are saved for a fresh process (`bot.rag.snapshot`)."""
    return settings.data_dir / "search-copies.npz"


def known_tokens_path(settings: Settings) -> Path:
    """Where the course's Korean query-time tokens are saved (beside the index)."""
    return settings.data_dir / "korean-tokens.json"


def index_fingerprint(settings: Settings, collection: str) -> str:
    """What the index is built from: every course file, the source of `bot/rag/` (chunking,
    units, tokens), and the collection (which names the embedding)."""
    digest = hashlib.sha256(f"{collection}\x00{Tokenizer.VERSION}".encode())
    sources = sorted(Path(__file__).parent.joinpath("rag").glob("*.py"))
    knowledge = sorted(p for p in settings.knowledge_dir.rglob("*") if p.is_file())
    for path in [*sources, *knowledge]:
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def _last_index_path(settings: Settings) -> Path:
    return settings.data_dir / "last-index.json"


def _last_index(settings: Settings, fingerprint: str) -> IndexReport | None:
    """The last index's report (nothing added or removed now) if it was built from exactly
    this fingerprint, and the Korean tokens it saved are still there."""
    try:
        saved = json.loads(_last_index_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("fingerprint") != fingerprint or not load_known_tokens(
        known_tokens_path(settings)
    ):
        return None
    return IndexReport(0, 0, int(saved["chunks"]), tuple(saved["problems"]), int(saved["units"]), 0)


def _save_last_index(settings: Settings, fingerprint: str, report: IndexReport) -> None:
    record = {
        "fingerprint": fingerprint,
        "chunks": report.added + report.unchanged,
        "units": report.units,
        "problems": list(report.problems),
    }
    path = _last_index_path(settings)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
