"""Hybrid search: BM25 over Kiwi/English tokens plus dense e5 vectors, fused by reciprocal rank.

A question is answered from sections in its own language first. When the other language's
sections match clearly better (content that only one translation has), the search falls back
to them: that is how cross-lingual questions work.

The in-scope decision ("is this about the course at all?") combines two signals. e5's cosine
similarities are compressed (an unrelated question still scores about 0.8), so similarity
alone cannot tell "weather in Seoul" from a loose paraphrase of the lesson. Vocabulary can:
an off-topic question is made of words the course never uses ("kimchi", "Kubernetes",
"날씨"). A question is in scope when its best section is very similar, or fairly similar
and most of its content words occur in the course. Thresholds are calibrated on the dev set
by `studybot eval --calibrate`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from bot.config import Settings
from bot.kernel.errors import KnowledgeFileError
from bot.kernel.lang import detect_lang, is_hangul
from bot.kernel.models import Lang
from bot.kernel.talk import without_opening
from bot.rag import snapshot
from bot.rag.asked_before import AskedBefore
from bot.rag.embed import Ahead
from bot.rag.glossary import (
    SCENE_END,
    STUDENT_TERMS,
    Glossary,
    Speller,
    asks_after_training,
    asks_after_training_of_a_person,
    describes_task,
    expand_tokens,
    mine_pairs,
    programming_language,
    task_of_its_model,
    task_words,
)
from bot.rag.kinds import (
    ASKS_ABOUT_LESSON,
    ASKS_IF_MENTIONED,
    ASKS_LICENCE,
    EDITION,
    REFERS_TO_LESSON,
    UNIT_FEATURES,
    asked_acronym,
    asks_about_fabrication,
    asks_how_to_improve,
    asks_without_retraining,
    called_terms,
    classified_term,
    compared_sides,
    defined_term,
    kind_or_use_term,
    lessons_in_digits,
    name_of,
    named_terms,
    question_kinds,
    reported_claim,
    split_questions,
)
from bot.rag.lexical import Lexical
from bot.rag.scope import (
    Example,
    ScopeModel,
    Signals,
    fit,
    model_key,
    model_path,
    prune_scope_cache,
    read_example_vectors,
    read_examples,
    remember,
    remembered,
    scope_cache_path,
    vectors_path,
)
from bot.rag.store import CourseStore, StoredChunk, content_version
from bot.rag.tokens import Tokenizer, whitespace_tokens
from bot.rag.unit_index import UnitIndex

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25", "bm25_ws"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25", "bm25_ws")

_LINK_TARGET_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# How the answer should look is not what it is about: the "3" of "summarize the lesson in 3
# bullets" had found "Head over to Lesson 3".
_FORMAT_RE = re.compile(
    r"\b(in|with|as|using)\s+(\d+|one|two|three|four|five|a few|few|short)\s+"
    r"(bullets?|bullet points?|points?|sentences?|lines?|words?|paragraphs?)\b"
    r"|(\d+|한|두|세|네|다섯)\s*(줄|문장|단락|문단)\s*(로|으로)?(?=\s|$|[.?!,])"
    # How simply: "쉽게 설명해 주세요" had found "사용하기 쉬운" (easier to use) by its "쉽".
    r"|\b(in (simple|plain|easy|layman'?s) (words|terms|english|language)"
    r"|like i'?m (five|5|a (kid|child|beginner)))\b"
    r"|(쉽게|간단히|짧게|한마디로)(?=\s*(말해|설명|알려|정리))"
    # A summary asked for: "tl;dr of open source vs proprietary?" (a side had read "of open
    # source").
    r"|^\s*tl;?\s?dr\b(\s+(of|on|for))?\s*:?"
    # A statement to judge, asked as a quiz does: "T/F: Whisper only recognizes English
    # speech" was refused (p 0.35; the statement alone 0.82).
    r"|^\s*(t\s?/\s?f|true\s+or\s+false|o\s?/\s?x|참\s?/?\s?거짓|맞아\s?/?\s?틀려|맞(는지|나)"
    r"\s?틀(린지|리나)|(이 문장 )?틀린 (곳|데|부분)\S* (찾아|고쳐|알려)\S*( ?줘| ?주세요)?)"
    r"\s*[:?]\s*"
    # How fast, after the question: "what is a model card, quick" had got the proprietary
    # models, its "quick" searched as a word of the question.
    r"|(?<=[,?])\s*(real |super |very )?(quick(ly)?|fast|briefly|in short)\s*[?!.]*\s*$",
    re.I,
)
# How lost the student feels is not what the question is about either: "the encoder
# decoder thing went over my head" and "처음부터 학습시키는 건 언제 하는 건지 감이 안 와" were
# refused, their feeling's words read as words the course never uses.
_FEELING_RE = re.compile(
    r"\b((went|goes|going) over my head|i('m| am)? (still |really |so )?(confused|lost)"
    r"( about| by| on)?|(still |so )?confused (about|by)|i (still |just |really )?(don'?t|do not"
    r"|can'?t|cannot) (get|understand|follow)( it| this)?|i wish i knew|makes? no sense"
    r"( to me)?|idk|honestly|tbh)\b"
    r"|((아직도?|여전히|도무지|전혀) )?(감이 안 (와|오네|옴|잡혀|잡히네)"
    r"|이해가 (잘 )?안 (가|감|가요|돼|되네|됨|돼요)|(잘 )?모르겠(어요|어|음|다|네|습니다)"
    r"|헷갈(려요|려|림|리네|린다))",
    re.I,
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")

# A heading word this rare names its section: "fine-tun", "servic", "foundat", not
# "train" or "학습" ("trained on", "학습 데이터": at 0.7, "Trained model" had been named by 42
# questions of the dev and tuning sets, 10 of them about it). A heading with no such word
# ("Trained model", "학습된 모델") is named by its own phrase, as the glossary writes it for
# "from zero" or "자체 언어 모델".
DISTINCTIVE_IDF = 1.4

# Candidates taken from each ranker before fusion.
CANDIDATES = 60
GENERIC_TERM_SHARE = 0.6
"""A glossary term found in this share of the course's sections is the course's subject, not a
clue: its translation does not choose the answer's units."""
RARE_WORD_SECTIONS = 4
"""A word in at most this many sections (of both versions) is one the lesson says in passing,
a name or a thing it mentions ("Claude", "video", "BookCorpus"): whether the lesson mentions
it is answered by the passages that do."""
# A question after a person or a year ("who", "what year", "누구", "몇 년"). (Not "when" or
# "언제": "BERT는 언제 써?" asks in which case to use it, which the lesson answers.)
_ASKS_WHO_OR_WHAT_YEAR = re.compile(r"\b(who|whom|whose|what year|which year)\b|누구|몇 년", re.I)
# The question words themselves as tokens (Kiwi keeps "누구", which the lesson's "누구나"
# also gives; "몇 년" gives "년").
_QUESTION_WORDS = frozenset({"누구", "년", "몇"})
FULL_COVERAGE = 0.999
"""A question every one of whose words the best lexical section writes (`lexical.coverage`
is IDF-weighted, a float, so not exactly 1.0)."""
DENSE_IN_MEMORY_MAX = 20_000
"""Up to this many chunks, dense scores are one matrix product in memory (0.02 ms for the
course's 52 chunks, against 1.7 ms of CPU for a Chroma query with the same results); Chroma
stays the store of record and answers for larger collections."""
# The other language must beat ours by this much similarity before we answer from it.
FALLBACK_MARGIN = 0.02


@dataclass(frozen=True, slots=True)
class Hit:
    """One section found for a query (the best-matching chunk of that section)."""

    chunk_id: str
    source: str
    heading: str
    lang: str
    lesson: str
    text: str
    score: float
    """The fused score used for ranking (higher is better)."""
    similarity: float
    """Cosine similarity between the question and the chunk (0 when not in dense results)."""
    anchor: str = ""
    """The section's anchor in the public lesson."""
    path: str = ""
    """The lesson's path in the public course repository."""
    section: int = 0
    """The section's place in its document."""

    def as_json(self) -> dict[str, Any]:
        """The CLI's hit shape: `{"source", "heading", "lang", "score", "text"}`."""
        return {
            "source": self.source,
            "heading": self.heading,
            "lang": self.lang,
            "score": round(self.score, 6),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits, best first, and whether the question is about the course at all."""

    query: str
    lang: Lang
    hits: tuple[Hit, ...]
    in_scope: bool
    confidence: float
    """Best cosine similarity among the sections answered from."""
    coverage: float
    """Share of the question's distinctive terms found in the best lexical match (0..1)."""
    novelty: float = 1.0
    """Share of the question's content words that never occur in the course (0..1)."""
    fallback: bool = False
    """True when the hits come from the other language's sections."""
    timings: dict[str, float] = field(default_factory=dict)
    vector: tuple[float, ...] = ()
    """The question's embedding (empty for lexical-only modes): answers reuse it."""
    tokens: tuple[str, ...] = ()
    """The question's lexical tokens, glossary expansions included."""
    searched: str = ""
    """The question as searched: with misspelled course words repaired."""
    other: tuple[Hit, ...] = ()
    """The best sections of the other language's version of the lesson (for facts that
    only one translation has)."""
    named: tuple[Hit, ...] = ()
    """Sections the question names by their heading's words ("the knowledge check")."""
    only_other: tuple[str, ...] = ()
    """Question tokens that only the other language's version uses ("gpt-4o" in a Korean
    question: the Korean lesson never says it, the English one does)."""
    signals: Signals | None = None
    """What the scope decision read (hybrid search only)."""
    unmentioned: tuple[str, ...] = ()
    """Technical names in the question ("LoRA", "RLHF") that neither version of the lesson
    mentions, as the student wrote them: an answer says so rather than let the closest
    section pass for an answer about them."""


_MARKED_KINDS = frozenset({"first", "video"})
"""Question kinds whose answer a section's text marks plainly (`UNIT_FEATURES`): where to
begin ("…the most cost-effective approach to kick-off with") and the lesson's video ("Click
the image above to view video of this lesson"). Search considers such sections even when
neither the question's words nor its meaning found them."""


class SearchEngine:
    """Search over the course store. Blocking; call from a worker thread in async code."""

    def __init__(
        self,
        store: CourseStore,
        tokenizer: Tokenizer,
        settings: Settings,
        snapshot_path: Path | None = None,
    ) -> None:
        self.store = store
        self.snapshot_path = snapshot_path
        """Where `load` saves the search copies for a fresh process (`bot.rag.snapshot`)."""
        self.tokenizer = tokenizer
        self.settings = settings
        self._lock = threading.Lock()
        self.chunks: list[StoredChunk] = []
        self._by_id: dict[str, int] = {}
        self._lexical: Lexical | None = None
        self._lexical_ws: Lexical | None = None
        self._matrix: np.ndarray | None = None
        """Unit chunk vectors, one row per chunk in `chunks` order (None: ask Chroma)."""
        self._langs: set[str] = set()
        self.units = UnitIndex([])
        self.vocab: dict[str, frozenset[str]] = {}
        self._texts: dict[str, str] = {}
        """Each language's text, lower-cased (does this version say a phrase at all?)."""
        self._shape_cache: dict[tuple[str, str], tuple[int, ...]] | None = None
        self._heading_tokens: dict[str, frozenset[str]] = {}
        self._pointer_tokens: frozenset[str] | None = None
        self._frame_tokens: frozenset[str] | None = None
        # Every section's distinctive heading words, for the chunk list they were read from.
        self._named_words: tuple[list[StoredChunk], frozenset[str]] | None = None
        self._proper_names: frozenset[str] = frozenset()
        self._proper_lower: tuple[frozenset[str], frozenset[str]] | None = None
        self._name_tokens: tuple[frozenset[str], frozenset[str]] | None = None
        self._folded: tuple[list[StoredChunk], tuple[str, ...]] | None = None
        self.glossary = Glossary()
        self.speller = Speller([])
        self.version = ""
        """`CourseStore.version` of what was loaded (empty: nothing yet)."""
        self.scope: ScopeModel | None = None
        """The learned scope decision for what is loaded (None: the thresholds decide)."""
        self._own_headings: tuple[list[StoredChunk], frozenset[str]] | None = None
        """Each section's own heading, lower case, for the chunks it was read from."""
        self._video_tokens: frozenset[str] | None = None
        """The tokens of asking where a video is ("video", "영상", "어디")."""
        self.asked_before: AskedBefore | None = None
        """The scope examples with answer keys, and the units that answered them."""
        self._scope_for = ""
        """The `version` the scope decision was prepared for."""
        self._scope_lock = threading.Lock()
        self.scope_problem = ""
        """Why the examples could not be used (empty: they could, or there are none)."""
        self._heading_vocab: frozenset[str] | None = None
        self._compact_by_lang: dict[str, str] = {}
        """Each version's text and headings, lower case, without spaces, hyphens or dots."""

    def refresh_if_changed(self) -> bool:
        """Reload when the store no longer holds what was loaded (blocking); True if it did.

        Chroma is the store of record; the lexical index, the answer units and the dense
        matrix are copies in memory. Another process (a replica, `studybot index` run
        beside the server) may re-index a shared store: this notices and reloads.
        """
        if self.store.version() == self.version:
            return False
        self.load()
        return True

    def load(self, snapshot_key: str | None = None) -> None:
        """(Re)build the lexical indexes, answer units and vocabulary from the store; with
        `snapshot_key` (the index they belong to), also save them to `snapshot_path`."""
        chunks = self.store.all_chunks()
        vectors = self.store.chunk_vectors() if len(chunks) <= DENSE_IN_MEMORY_MAX else None
        copies = snapshot.Copies(
            chunks, self.store.all_units(), vectors, self.store.sentence_vectors()
        )
        self._install(copies)
        if snapshot_key and self.snapshot_path is not None:
            snapshot.save(self.snapshot_path, snapshot_key, copies)

    def load_snapshot(self, key: str) -> bool:
        """Load the copies saved for the index `key`, without touching the store; False (and
        nothing loaded) when there are none for it."""
        if self.snapshot_path is None:
            return False
        copies = snapshot.load(self.snapshot_path, key)
        if copies is None or not copies.chunks:
            return False
        self._install(copies)
        return True

    def _install(self, copies: snapshot.Copies) -> None:
        chunks, stored_units = copies.chunks, copies.units
        lexical = Lexical([list(c.tokens) for c in chunks])
        version = content_version((c.id for c in chunks), (u.id for u in stored_units))
        units = UnitIndex(stored_units, copies.sentences)
        matrix = _matrix(chunks, copies.vectors) if copies.vectors is not None else None
        texts = [c.text for c in chunks] + [c.heading for c in chunks]
        glossary = Glossary(mine_pairs(texts))
        speller = Speller(texts)
        with self._lock:
            self.chunks = chunks
            self._by_id = {c.id: i for i, c in enumerate(chunks)}
            self._lexical = lexical
            self._lexical_ws = None
            self._matrix = matrix
            self._langs = {c.lang for c in chunks}
            self.units = units
            self._heading_tokens = {}
            self.vocab = {
                lang: frozenset(t for c in chunks if c.lang == lang for t in c.tokens)
                for lang in {c.lang for c in chunks}
            }
            self._texts = {
                lang: _fold(" ".join(c.text for c in chunks if c.lang == lang))
                for lang in self._langs
            }
            raw = " ".join(c.text for c in chunks)
            # The names the lesson writes with a capital inside a sentence and never in
            # lower case ("Whisper", "Midjourney", "Alpaca"; not "Model", which it also
            # writes as "model"): a question that writes one names its subject.
            capitalised = re.findall(
                r"(?<=[a-z0-9,가-힣] )[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", raw
            )
            self._proper_names = frozenset(
                name
                for name in capitalised
                if not re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", raw)
            )
            self._shape_cache = None
            self._compact_by_lang = {
                lang: _compact(
                    " ".join(t for c in chunks if c.lang == lang for t in (c.heading, c.text))
                )
                for lang in self._langs
            }
            self.glossary = glossary
            self.speller = speller
            self.version = version
            self.scope = None
            self.asked_before = None
            self._scope_for = ""
            self._heading_vocab = None

    def embed_scope_examples(self, version: str, course: Sequence[str] = ()) -> Ahead | None:
        """Start embedding the scope examples in a thread of their own, if the embedder runs
        calls side by side (the ONNX encoder does; one call holds one core): `index` starts
        this before the course's own embedding, so the examples' 500 questions take the
        second core while the course takes the first, and the fit after them only searches.
        The vectors depend on nothing but the encoder and the examples, so they can be
        computed before the course is. `version`: the index's content version once synced.
        `course`: the texts and headings of the chunks about to be synced, whose words repair
        the examples' typos as search will (a corrected example's vector is the corrected
        text's: without them, 39 of 541 were embedded again while fitting). The vectors
        shipped beside the examples (`scope-examples.vectors.npz`, for this encoder) are
        used as they are: only what they lack is embedded.
        None when there is nothing to do (a decision for that index is kept already)."""
        path = self.settings.scope_examples_path()
        if path is None or not path.is_file():
            return None
        data = path.read_bytes()
        key = model_key(version, self.store.name, data)
        known, _model = remembered(key)
        if known or scope_cache_path(self.settings.resolved_model_cache_dir, key).is_file():
            return None
        try:
            texts = [e.text for e in read_examples(path)]
        except KnowledgeFileError:
            return None  # reported by `prepare_scope`
        if course:
            speller = Speller(course)
            texts = [as_searched(t, speller) for t in texts]
        shipped = self._shipped_vectors(path, data)
        if shipped:
            return Ahead.ready(self.store.embedder, shipped, texts)
        if not getattr(self.store.embedder, "concurrent", False):
            return None
        return Ahead.start(self.store.embedder, texts, queries=True)

    def fit_scope(
        self, examples: Sequence[Example], vectors: Mapping[str, np.ndarray]
    ) -> ScopeModel | None:
        """Fit the decision on `examples` for what is loaded: each example searched for the
        signals the decision reads (with its vector from `vectors` when there, by its text
        as searched), then `bot.rag.scope.fit`. Seconds: it searches every example."""
        # Two threads: the encoder releases the GIL, and a machine has two cores.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="scope-fit") as pool:
            results = list(
                pool.map(
                    lambda e: self._search(
                        e.text,
                        None,
                        "hybrid",
                        None,
                        _listed(vectors.get(as_searched(e.text, self.speller))),
                        signals_only=True,
                    ),
                    examples,
                )
            )
        signals = [r.signals for r in results]
        if not results or any(s is None for s in signals):
            return None
        return fit(
            [s for s in signals if s is not None],
            np.asarray([r.vector for r in results], dtype=np.float32),
            [e.in_scope for e in examples],
        )

    def _shipped_model(
        self, path: Path, key: str, examples: list[Example], vectors: Mapping[str, np.ndarray]
    ) -> ScopeModel | None:
        """The decision shipped beside the examples, if it was fitted for `key`, with the
        examples' vectors as search reads them (all of them shipped, or None)."""
        shipped = model_path(path)
        if not shipped.is_file():
            return None
        rows = [vectors.get(as_searched(e.text, self.speller)) for e in examples]
        if not rows or any(r is None for r in rows):
            return None
        return ScopeModel.load(
            shipped, key, np.stack([r for r in rows if r is not None]).astype(np.float32)
        )

    def _shipped_vectors(self, path: Path, data: bytes) -> dict[str, np.ndarray]:
        """The examples' vectors shipped beside them, if they are this encoder's."""
        space = str(getattr(self.store.embedder, "space_id", ""))
        return read_example_vectors(vectors_path(path), data, space)

    def prepare_scope(self, ahead: Ahead | None = None) -> None:
        """Fit (or read back) the learned scope decision for what is loaded (blocking).

        Its examples are `scope_examples` in the course folder; the fitted model is kept in
        the model cache (`model_cache_dir`, by default under the data dir) in a file named by
        a key of the index, the embedding and the examples, so a fresh process reads it
        instead of fitting (fitting searches every example: seconds), and replicas or data
        dirs that share a model cache and hold the same index fit it once between them.
        Called after loading by `index` and the app; `search` calls it if nobody did.
        `ahead`: the examples' vectors, when `embed_scope_examples` is computing them."""
        with self._scope_lock:
            version = self.version
            if self._scope_for == version:
                return
            # Set first: searches from other threads meanwhile are decided by the
            # thresholds instead of waiting here.
            self._scope_for = version
            path = self.settings.scope_examples_path()
            if path is None or not path.is_file():
                self.scope = None
                self.asked_before = None
                return
            self.scope_problem = ""
            data = path.read_bytes()
            key = model_key(version, self.store.name, data)
            known, model = remembered(key)
            cache = scope_cache_path(self.settings.resolved_model_cache_dir, key)
            if not known:
                model = ScopeModel.load(cache, key)
                known = model is not None
            try:
                examples = read_examples(path)
            except KnowledgeFileError as exc:
                # Answering goes on with the thresholds; `studybot index` reports it.
                log.error("scope examples ignored: %s", exc)
                self.scope_problem = str(exc)
                self.scope = None
                self.asked_before = None
                return
            if not known:
                vectors = ahead.result() if ahead is not None else self._shipped_vectors(path, data)
                # The decision shipped beside the examples, fitted for this course, embedding,
                # examples and code: nothing to fit (1.4 s of an index from nothing).
                model = self._shipped_model(path, key, examples, vectors)
                known = model is not None
                if known:
                    log.info("scope decision read from %s", model_path(path))
                else:
                    model = self.fit_scope(examples, vectors)
                # Kept in the model cache either way: a fresh process reads it from there.
                if model is not None:
                    try:
                        model.save(cache, key)
                        prune_scope_cache(cache.parent)
                    except OSError as exc:  # a read-only data dir: answering goes on
                        log.warning("scope model not saved, fitted again at next start: %s", exc)
            remember(key, model)
            if self.version == version:
                self.scope = model
                # The model's vectors are the examples', in the file's order.
                self.asked_before = (
                    AskedBefore(
                        [e.text for e in examples],
                        model.vectors,
                        [e.key for e in examples],
                        self.units,
                        [self._section_units(e.sections) for e in examples],
                    )
                    if model is not None and len(model.vectors) == len(examples)
                    else None
                )

    def _dense(self, vector: list[float], n: int) -> dict[int, float]:
        """Cosine similarity of the `n` nearest chunks, by chunk index."""
        matrix = self._matrix
        if matrix is not None and matrix.shape[0] == len(self.chunks):
            scores = matrix @ np.asarray(vector, dtype=np.float32)
            top = np.argpartition(-scores, n - 1)[:n] if 0 < n < len(scores) else range(n)
            return {int(i): float(scores[i]) for i in top}
        sims: dict[int, float] = {}
        for hit in self.store.query(vector, n):
            idx = self._by_id.get(hit.id)
            if idx is not None:
                sims[idx] = hit.similarity
        return sims

    @property
    def loaded(self) -> bool:
        """True once `load` has run."""
        return self._lexical is not None

    def _whitespace_index(self) -> Lexical:
        # Only the evaluation's baseline needs this one; build it on first use.
        if self._lexical_ws is None:
            docs = [whitespace_tokens(f"{c.heading}\n{c.text}") for c in self.chunks]
            self._lexical_ws = Lexical(docs)
        return self._lexical_ws

    def search(
        self,
        query: str,
        k: int | None = None,
        mode: Mode = "hybrid",
        lang: Lang | None = None,
    ) -> SearchResult:
        """The `k` best sections for `query`, in the query's language first."""
        if not self.loaded:
            self.load()
        if mode == "hybrid" and self._scope_for != self.version:
            self.prepare_scope()
        return self._search(query, k, mode, lang)

    def _search(
        self,
        query: str,
        k: int | None,
        mode: Mode,
        lang: Lang | None,
        searched_vector: list[float] | None = None,
        signals_only: bool = False,
    ) -> SearchResult:
        """`search` without preparing the scope decision (which searches through this);
        `searched_vector`: the vector of the query as searched (links gone, typos repaired),
        if it was computed already. `signals_only`: what the scope decision reads, no
        sections (fitting it searches every example: the sections are a third of the work)."""
        import time

        k = k or self.settings.search_k
        qlang: Lang = lang or detect_lang(query)
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        asked = query
        if mode != "bm25_ws":
            # "trainng" -> "training": a typo must not read as a word the course never uses.
            query = as_searched(query, self.speller)

        sims: dict[int, float] = {}
        vector: list[float] = []
        if mode in ("hybrid", "dense"):
            vector = (
                searched_vector if searched_vector is not None else self.store.embed_query(query)
            )
            timings["embed_ms"] = (time.perf_counter() - t0) * 1000
            sims = self._dense(vector, min(CANDIDATES, len(self.chunks)))
            timings["dense_ms"] = (time.perf_counter() - t0) * 1000 - timings["embed_ms"]

        t1 = time.perf_counter()
        lexical = self._lexical
        own_tokens: list[str] = []
        # The glossary's terms in the query, read once: expansion, the answer's tokens and
        # the other version's words all follow from them.
        used: list[tuple[str, tuple[str, ...]]] = []
        if mode == "bm25_ws":
            lexical = self._whitespace_index()
            qtokens = whitespace_tokens(query)
        else:
            own_tokens = self.tokenizer.tokens(query)
            used = self.glossary.used(query)
            # The course's words for the student's ("파인튜닝" -> "미세 조정").
            wording = list(dict.fromkeys(w for _term, words in used for w in words))
            qtokens = expand_tokens(own_tokens, wording, self._course_tokens)
            # "encoder-only" where the course writes "Encoder only": a compound the course
            # never writes is looked for by its parts (else it weighs nothing).
            known = lexical.df if lexical is not None else {}
            qtokens += [
                part
                for t in own_tokens
                if "-" in t and t not in known
                for part in t.split("-")
                if part in known and part not in qtokens
            ]
            # So is a Hangul word Kiwi keeps whole in the question and cuts in the lesson:
            # quoted, "워크로드" is one token, in the lesson's "특정 워크로드에서" two ("워크",
            # "로드"), and '강의에서 "워크로드"는 무슨 뜻이야?' found no section by its words.
            # (Parts of two syllables or more: "애저" is not "애" and "저".)
            for t in own_tokens:
                if t in known or not _HANGUL_WORD.fullmatch(t):
                    continue
                parts = self._course_tokens(t)
                if len(parts) > 1 and all(len(p) >= 2 for p in parts):
                    qtokens += [p for p in parts if p not in qtokens]
        assert lexical is not None
        generic = self._generic_wording(used, own_tokens) if own_tokens else set()
        bm25 = (
            lexical.scores(self._without_pointer(query, qtokens))
            if mode != "dense"
            else np.zeros(len(self.chunks))
        )
        timings["lexical_ms"] = (time.perf_counter() - t1) * 1000

        def best_sim(language: str) -> float:
            return max((s for i, s in sims.items() if self.chunks[i].lang == language), default=0.0)

        other: Lang = "en" if qlang == "ko" else "ko"
        primary: Lang = qlang
        fallback = False
        if mode == "hybrid" and other in self._langs:
            own_conf, other_conf = best_sim(qlang), best_sim(other)
            if qlang not in self._langs or other_conf > own_conf + FALLBACK_MARGIN:
                primary, fallback = other, True
        elif qlang not in self._langs and other in self._langs:
            primary, fallback = other, True

        hits: list[Hit] = []
        others: tuple[Hit, ...] = ()
        named: tuple[Hit, ...] = ()
        only_other: tuple[str, ...] = ()
        if not signals_only:
            hits, others, named, only_other = self._sections(
                query, qlang, primary, sims, bm25, mode, k, qtokens, own_tokens, used
            )
        confidence = best_sim(primary)
        top_lexical = max(
            (i for i in range(len(self.chunks)) if self.chunks[i].lang == primary),
            key=lambda i: bm25[i],
            default=None,
        )
        coverage = (
            lexical.coverage(qtokens, top_lexical)
            if top_lexical is not None and bm25[top_lexical] > 0
            else 0.0
        )
        novelty = lexical.novelty(qtokens)
        signals: Signals | None = None
        in_scope = self._in_scope(mode, confidence, novelty, bm25)
        # The names the lesson never writes: the decision reads them, the reply notes them.
        # (The decision reads a model's size or edition, "gpt-3.5-turbo", as a name the
        # lesson never writes, as its examples were read: deciding those as the name
        # accepted, batch by batch, "BERT-base's hidden size and layer count" and a learning
        # rate for T5-small. The reply does not note it; what kind of thing it is, what it is
        # for and what it is, the overrides below answer as for the name.)
        strict = self._unmentioned(asked) if mode == "hybrid" or not signals_only else ()
        unmentioned = tuple(t for t in strict if not self._edition_of_course_name(t))
        if mode == "hybrid" and vector:
            signals = self._signals(
                primary, vector, confidence, novelty, coverage, bm25, qtokens, strict
            )
            model = self.scope
            # (Fitting reads only the signals: deciding each example with the model being
            # replaced was a quarter of the fit's searching.)
            if model is not None and not signals_only:
                in_scope = model.in_scope(signals, np.asarray(vector, dtype=np.float32))
        # (Fitting the scope decision reads only the signals and the vector: what follows,
        # the overrides and the names the lesson never mentions, is skipped for it.)
        # (The names as the course spells them: "is gpt4 open source?" asks about GPT-4.)
        # (Without the talk it opens with: "여쭤보기 조심스럽지만 Whisper는 어떤 용도로…" asks
        # what Whisper is for, not what "여쭤보기 조심스럽지만 Whisper" is.)
        spelled = self.speller.spell_names(without_opening(asked)) if not signals_only else asked
        if (
            not signals_only
            and not in_scope
            and (
                self._mentions(name_of(defined_term(spelled)), glossed=True)
                # A term the lesson writes, called by name however the question goes on
                # ("종량제라는 게 정확히 어떻게 과금된다는 거야?" was refused, p 0.05).
                or any(self._mentions(t, glossed=True) for t in called_terms(spelled))
                or self._mentions(name_of(classified_term(spelled)))
                or self._mentions(asked_acronym(asked))
                or self._mentions(name_of(kind_or_use_term(spelled)), glossed=True)
                # What the lesson says, asked of the lesson ("per the reading, is fine-tuning with
                # LoRA the preferred approach when latency matters?" was refused, p 0.19: two
                # LoRA how-to questions are off-topic examples). Whether it mentions something
                # at all ("does the lesson cover pasta?") is left to the decision.
                or (REFERS_TO_LESSON.search(asked) and not ASKS_IF_MENTIONED.search(asked))
                # Whether, or how, the lesson mentions something it does write ("허깅페이스는
                # 강의에서 어떤 맥락으로 나와?" was refused, p 0.35): the passages naming it
                # answer. No question of the eval sets asks that of an off-topic thing.
                or (
                    ASKS_IF_MENTIONED.search(asked)
                    and (
                        self._names_a_course_thing(asked)
                        or self._asks_lesson_of_a_rare_word(qtokens)
                    )
                )
                # Two of the lesson's names, every word written in one of its sections: "is
                # Midjourney offered by Azure OpenAI?" was refused (p 0.42), the nearest
                # off-topic examples being questions about using Midjourney. No off-topic
                # question of the eval sets names two of them with no word the section lacks.
                or (coverage >= FULL_COVERAGE and self._course_names(spelled) >= 2)
                # A task asked of the model the lesson names for it, in words the course
                # writes ("does Midjourney draw posters?" p 0.01, "can gpt-4o look at
                # pictures?" p 0.01): the examples about such models are mostly their
                # details (gpt-4o's context window, Whisper's per-minute price), off topic.
                # (A word the course never writes is such a detail: "can Midjourney make
                # images without a Discord account?", "can DALL-E draw at 4K resolution?")
                or self._asks_task_of_its_model(spelled, qtokens)
                # Whether a model the lesson names may be opened up and changed ("can i
                # inspect gpt-4's weights" was refused, p 0.01, its nearest off-topic examples
                # being GPT-4's parameter count): the lesson's open-source and proprietary
                # models are told apart by it. (Every example that asks so is in scope.)
                # (Of the model, its weights or its internals: not "can I modify Azure's
                # pricing?", "can we audit OpenAI's data centers?")
                or (
                    ASKS_LICENCE.search(spelled) is not None
                    and _MODEL_PART.search(spelled) is not None
                    and (
                        any(self._mentions(n) for n in named_terms(spelled))
                        or self._course_names(spelled) >= 1
                    )
                )
                # A way to get better results from a model: the lesson's last part is that.
                or asks_how_to_improve(asked)
                # A model making things up: the lesson's RAG reduces "risks of fabrications".
                or asks_about_fabrication(asked)
                # Something a model or a bot should know without being trained again: the
                # lesson's RAG and prompt engineering.
                or asks_without_retraining(asked)
                # What happened lately, which a bot or a model does not know ("등대 박물관 봇이
                # 지난주 행사를 몰라. 왜 그래?" was refused, p 0.37): the lesson's limitation
                # of a model to what it was trained on.
                or asks_after_training(asked)
                # The lesson's video asked for with no other subject ("영상은 어디서 봐?" was
                # refused, p 0.02; "강의 영상은 어디서 봐?" 0.999): the lesson opens with it.
                or self._asks_for_the_video(asked, qtokens)
                # A message of several questions is about the course when one of them is: "what
                # is LoRA? what is RAG?" read as a whole names what the lesson never writes,
                # and the answer answers RAG and says the course does not cover LoRA.
                or self._a_part_in_scope(asked, mode, qlang)
                # A scene in words the course never writes, then a question about one of its
                # things ("시계 수리 장인 조합에 40년치 수리 기록만 잔뜩 있어. 모델을 처음부터
                # 만드는 건 언제 고려하래?" was refused, p 0.21; the question alone 0.99): the
                # question decides, when it names a technical name the lesson writes or one
                # of its sections. (A scene's question that names nothing, "…which option is
                # cheapest to start with?", stays the whole message's to decide.)
                or self._a_course_question_after_a_scene(asked, mode, qlang)
                # A claim someone made, asked whether it holds ("my nephew says GPT-4 is free.
                # true?" was refused, p 0.42; "is GPT-4 free?" is answered): the claim,
                # asked alone, decides.
                or self._a_reported_claim_in_scope(asked, mode, qlang)
            )
        ):
            # "What is Stable Diffusion?": the lesson names it, so it has something to say
            # about it, whatever a question about running Stable Diffusion XL on a laptop
            # (an off-topic example) taught the decision. No off-topic question of the eval
            # sets asks what a course term is. The same for whether a thing the lesson names
            # is of a kind it sorts models by ("is GPT-4 open source?", "BERT도 LLM이야?"):
            # refused, the nearest off-topic examples had been GPT-4's parameter count and
            # rate limits. A student's spelling of a course term counts as the term ("트랜스퍼
            # 러닝이 뭐야?" is the lesson's 전이 학습). And what a name the lesson uses stands
            # for ("what does GPT stand for?"): the lesson's answer is that it does not say.
            # And what kind of model a named one is, or what it is for ("스테이블 디퓨전은
            # 어떤 모델이야?", "Midjourney는 어떤 일에 쓰는 거야?"): the lesson sorts every
            # model it names by what it does (both had been refused, left out of the fit).
            in_scope = True
        if (
            in_scope
            and not signals_only
            # (The course's words are Kiwi's: the whitespace baseline's tokens are not.)
            and mode != "bm25_ws"
            and (REFERS_TO_LESSON.search(asked) or ASKS_IF_MENTIONED.search(asked))
            and self._asks_lesson_of_a_stranger(qtokens)
            and not self._names_a_course_thing(asked)
        ):
            # "does the course cover knitting?", "what does the lesson say about knitting?",
            # "강의에서 주식 투자도 다뤄?": the lesson is asked about something none of whose
            # words it ever writes. Its examples of such questions are all about the course
            # (22 "does the lesson mention…" in scope, none off topic), so the decision took
            # the frame for the subject (p 0.61-0.85 once the twenty-seventh round's were in),
            # and pointing at the lesson is itself an override above. The refusal says it is
            # not in the course material and names the closest sections.
            in_scope = False
        if (
            in_scope
            and not signals_only
            and not any(t not in generic and t not in _PRONOUNS for t in qtokens)
        ):
            # A question naming nothing but a pointer ("what is this?", "이게 뭐야?", "what
            # about it?"), asked with no earlier question to lean on (the chat adds the
            # subject it leans on first), has nothing the course could answer: only e5's
            # similarity level spoke for it (p 0.53-0.71 once the twenty-fifth round's
            # examples were in). No course question of the eval sets names nothing.
            in_scope = False
        if (
            in_scope
            and not signals_only
            and mode != "bm25_ws"
            and _ASKS_WHO_OR_WHAT_YEAR.search(asked)
            and self._asks_trivia_of_a_name([t for t in qtokens if t not in generic])
        ):
            # Who or what year about one of the lesson's names, in words the course never writes:
            # "BERT 논문 저자가 누구야?" (p 0.99), "OpenAI CEO 누구야?", "what year was Stanford
            # University founded?" were accepted, their nearest examples being questions about
            # BERT, OpenAI and Stanford's term. The lesson says who coined a term and who
            # offers a model; of a paper's authors or a founding year it says nothing. No
            # course question of the eval sets asks so.
            in_scope = False
        if in_scope and not signals_only and asks_after_training_of_a_person(asked):
            # What a person has not heard lately is no model's training data (see
            # `asks_after_training_of_a_person`).
            in_scope = False
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        return SearchResult(
            asked,
            qlang,
            tuple(hits),
            in_scope,
            confidence,
            coverage,
            novelty,
            fallback,
            timings,
            tuple(vector),
            tuple(t for t in qtokens if t not in generic),
            query,
            others,
            named,
            only_other,
            signals,
            () if signals_only else unmentioned,
        )

    def _a_part_in_scope(self, asked: str, mode: Mode, lang: Lang) -> bool:
        """True when the message holds more than one question and one of them is about the
        course (each decided alone, as the answer then answers each alone)."""
        parts = split_questions(asked)
        return len(parts) > 1 and any(
            self._search(part, None, mode, lang).in_scope for part in parts
        )

    def _a_course_question_after_a_scene(self, asked: str, mode: Mode, lang: Lang) -> bool:
        """True when the message sets a scene, then asks a question of its own that names
        a technical name the lesson writes ("gpt-4o") or one of its sections in the
        glossary's reading ("처음부터 만드는" is "학습된 모델") and is about the course
        decided alone. (Not a word the lesson writes in a few places, nor the glossary's
        course phrase for the student's: "I'm baking sourdough tonight. which approach
        should I try first?" had been accepted on "approach", "합창단 지휘자가 발성 연습
        순서를 묻네. 뭐부터 불러?" on "뭐부터", the lesson's "시작하기에".)"""
        *scene, last = SCENE_END.split(asked.strip())
        return (
            bool(scene)
            and len(last.split()) >= 2
            and (any(self._mentions(n) for n in named_terms(last)) or self._glosses_a_heading(last))
            and self._search(last, None, mode, lang).in_scope
        )

    def _a_reported_claim_in_scope(self, asked: str, mode: Mode, lang: Lang) -> bool:
        """True when the message reports a claim and asks whether it holds, and the claim
        asked alone (`reported_claim`) is about the course."""
        claim = reported_claim(asked)
        return bool(claim) and self._search(claim, None, mode, lang).in_scope

    def _asks_for_the_video(self, asked: str, qtokens: list[str]) -> bool:
        """True when the question asks where the video is (`question_kinds`' "video") and has
        no word but the course's, the video's and where to find it ("고양이 영상은 어디서 봐?"
        has a cat)."""
        lexical = self._lexical
        if lexical is None or "video" not in question_kinds(asked):
            return False
        if self._video_tokens is None:
            self._video_tokens = frozenset(
                self.tokenizer.tokens("video videos where watch link find")
                + self.tokenizer.tokens("영상 동영상 비디오 어디 링크")
            )
        return all(
            t in self._video_tokens or t in lexical.df or t in self._frame() for t in qtokens
        )

    def _glosses_a_heading(self, question: str) -> bool:
        """True when the glossary reads the question's words as a section's own heading
        ("모델을 처음부터 만드는 건…": "학습된 모델").

        (Not a word of a heading written as it is: after a scene, "service", "results" or
        "compare" are the scene's own business. "the school gym floor needs refinishing.
        should we hire a service or do it ourselves?" and "my kid's science fair is next
        week. how do we compare results?" had been accepted on "service" and "compare"
        (p 0.003 and 0.10); every course question of the eval sets that sets a scene and
        writes a heading's word is accepted by the decision itself.)"""
        own = self._own_headings
        if own is None or own[0] is not self.chunks:
            heads = frozenset(c.heading.split(" > ")[-1].lower() for c in self.chunks)
            own = self._own_headings = (self.chunks, heads)
        return any(
            v.lower() in own[1] for _key, values in self.glossary.used(question) for v in values
        )

    def names_subject(self, question: str) -> bool:
        """True when a question names what it is about: a term to define, two sides, a
        technical name, or a word the glossary knows ("give me an example" names nothing)."""
        if (
            defined_term(question)
            or asked_acronym(question)
            or compared_sides(question)
            or named_terms(question)
            or self.glossary.used(question)
            # ("Whisper 뭐에 써?" after a question about gpt-3.5-turbo had been answered as a
            # follow-up about it: Whisper is a name, if no technical one.) As students type
            # it, in lower case too: the lesson never writes these names so ("whisper 다국어
            # 돼?" after a question about GPT-4 had been searched with GPT-4 and led with the
            # GPT family's decoder examples).
            or any(
                w.lower() in self._proper_names_lower()
                for w in re.findall(r"[A-Za-z][\w-]*", question)
            )
        ):
            return True
        # Or a distinctive word of a section's heading ("서비스는?" names the service).
        return self._writes_a_heading_word(question)

    def _proper_names_lower(self) -> frozenset[str]:
        """`_proper_names` in lower case (cached for the names it was made from)."""
        cached = self._proper_lower
        if cached is None or cached[0] is not self._proper_names:
            cached = self._proper_lower = (
                self._proper_names,
                frozenset(n.lower() for n in self._proper_names),
            )
        return cached[1]

    def _writes_a_heading_word(self, question: str) -> bool:
        """True when the question writes a distinctive word of a section's own heading
        (`heading_words`: "fine-tun", "서비스")."""
        cached = self._named_words
        if cached is None or cached[0] is not self.chunks:
            words = (
                frozenset(w for c in self.chunks for w in self.heading_words(c.heading))
                - _HEADING_FILLER
            )
            cached = self._named_words = (self.chunks, words)
        return any(t in cached[1] for t in self.tokenizer.tokens(question))

    def _course_names(self, question: str) -> int:
        """How many of the names the lesson writes with a capital ("Midjourney", "Azure",
        "OpenAI") the question writes."""
        return len({w for w in re.findall(r"[A-Za-z][\w-]*", question) if w in self._proper_names})

    def _names_a_course_thing(self, question: str) -> bool:
        """True when the question names something the lesson writes: a technical name
        (`named_terms`) or a student's word for one of its terms (the glossary's)."""
        return any(
            self._mentions(n)
            # Written another way ("gpt4o" is the lesson's "GPT-4o"); not a short one, which
            # any word may hold ("ai" in "said").
            or (
                len(_compact(n)) >= 4
                and any(_compact(n) in t for t in self._compact_by_lang.values())
            )
            for n in named_terms(question)
        ) or any(self._mentions(v) for _key, values in self.glossary.used(question) for v in values)

    def _mentions(self, term: str, glossed: bool = False) -> bool:
        """True when a version of the lesson writes `term` as words of its own ("Stable
        Diffusion", "LAION-5B"; not "ai" inside "said"); a pronoun names nothing. `glossed`:
        or the glossary's course wording for the whole of it ("트랜스퍼 러닝": "전이 학습")."""
        if (
            glossed
            and term
            and any(
                key.strip() == term.strip().lower() and any(self._mentions(v) for v in values)
                for key, values in self.glossary.used(term)
            )
        ):
            return True
        folded = _fold(term).strip(" ?.")
        if len(folded) < 2 or folded in _PRONOUNS:
            return False
        pattern = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
        return any(pattern.search(text) for text in self._texts.values())

    def _unmentioned(self, question: str) -> tuple[str, ...]:
        """The question's technical names (`named_terms`) that the course never writes,
        compared without case, spaces, hyphens or dots ("GPT4o" is the lesson's "GPT-4o"),
        and an acronym's plural as its singular ("LLMs"). A size or an edition of a name it
        writes ("gpt-3.5-turbo") is among them, as the scope decision's examples were read;
        `_edition_of_course_name` tells those apart."""
        versions = self._compact_by_lang.values()
        if not versions:
            return ()
        out = []
        # (A language a code model is asked to write is what it writes, not a model: "a
        # model that writes SQL" had named SQL as one the lesson never mentions.)
        writes_code = "codeparrot" in task_words(question)
        for term in named_terms(question):
            if writes_code and programming_language(term):
                continue
            folded = _compact(term)
            if term.endswith("s") and term[:-1].isupper():
                folded = folded[:-1]
            if folded and not any(folded in text for text in versions):
                out.append(term)
        return tuple(out)

    def _edition_of_course_name(self, term: str) -> bool:
        """True for a size or an edition of a name the lesson writes: what the lesson says of
        GPT-3.5 or BERT holds for "gpt-3.5-turbo", "BERT-base" (each had been refused as
        naming a model it never writes). Another number is another model: "GPT-5",
        "Llama-3" are no editions."""
        head = EDITION.sub("", term)
        return (
            head != term
            and bool(head)
            and any(_compact(head) in text for text in self._compact_by_lang.values())
        )

    def _sections(
        self,
        query: str,
        qlang: Lang,
        primary: Lang,
        sims: dict[int, float],
        bm25: np.ndarray,
        mode: Mode,
        k: int,
        qtokens: list[str],
        own_tokens: list[str],
        used: list[tuple[str, tuple[str, ...]]],
    ) -> tuple[list[Hit], tuple[Hit, ...], tuple[Hit, ...], tuple[str, ...]]:
        """The sections found: the best `k` in the language answered from, the other
        version's matching ones, the ones the question names, and the words only the other
        version says."""
        other: Lang = "en" if qlang == "ko" else "ko"
        ranked = self._rank(primary, sims, bm25, mode)
        secondary = self._rank(other if primary == qlang else qlang, sims, bm25, mode)
        if len(ranked) < k:
            ranked = ranked + secondary
        hits = self._dedupe(ranked, sims)[:k]
        others = self._parallel(hits[:2], secondary, sims, primary)
        phrased = " | ".join([query, *(w for _t, words in used for w in words)])
        named = self._named(set(qtokens), phrased, primary, sims) if mode == "hybrid" else ()
        if mode == "hybrid":
            # A task the student describes ("show related articles under each page") asks
            # for the section naming the lesson's model for it, which neither the words nor
            # the meaning of a long scenario may have found.
            # (Among the hits an answer uses: a fifth hit is never quoted.)
            found = [*hits[: self.settings.answer_sections], *named]
            named = (*named, *self._for_task(query, primary, sims, found))
            named = (*named, *self._for_phrase(used, primary, sims, [*found, *named]))
            named = (*named, *self._for_marked(query, primary, sims, [*found, *named]))
        only_other: tuple[str, ...] = ()
        if mode == "hybrid":
            mine = self.vocab.get(primary, frozenset())
            theirs = self.vocab.get(other if primary == qlang else qlang, frozenset())
            # Distinctive words only: long enough, and neither the start of a word ours has
            # ("fin" from "fine" is the start of our "fine-tun") nor a part of one: Kiwi
            # cuts "GPT-3.5부터" to "3.5", which this version writes as "gpt-3.5" ("can I
            # fine tune gpt 3.5?" had been answered with a Korean bullet).
            # (Nor a size or an edition of a name: the "turbo" of "gpt-3.5-turbo" is no
            # reason to quote the English "gpt-4 turbo with vision" to a Korean question.)
            editions = {
                t
                for term in named_terms(query)
                if (edition := EDITION.search(term)) and self._edition_of_course_name(term)
                for t in self.tokenizer.tokens(edition.group(0))
            }
            only_other = tuple(
                t
                for t in own_tokens
                if t not in mine
                and t not in editions
                and t in theirs
                and len(t) >= 3
                and not any(m.startswith(t) or t in m.split("-") for m in mine)
            )
            # A student's word for something only the other version names ("벤치마크" for its
            # "Model Benchmarks"): the glossary's wording counts when neither the student's
            # word nor any wording of it is in this version's text ("fine tuning" is: this
            # version says "fine-tuning", so its "미세 조정" is no reason to quote the other).
            text = self._texts.get(primary, "")
            # A student's English word this version says in its own language ("open source"
            # in a Korean question: the Korean lesson says "오픈 소스") is not a word only the
            # other version uses; it had brought the English catalog's "…proprietary or open
            # source" to lead "open source 모델 장점 알려줘".
            # (By its parts too: in a Korean question Kiwi cuts "cost-effective" apart, and
            # "뭐가 더 cost-effective 한가요?" had been answered from the English version.)
            translated = {
                t
                for term, wording in used
                if any(_fold(w) in text for w in wording)
                for t in self.tokenizer.tokens(term) + self.tokenizer.tokens(term.replace("-", " "))
            }
            only_other = tuple(t for t in only_other if t not in translated)
            # A name written in Latin letters ("GPT-4o") that only the other version writes:
            # Kiwi cuts it apart in a Korean question ("gpt", "4", "o"), so it is looked
            # up as the name it is.
            theirs_lang = other if primary == qlang else qlang
            # And the term a definition asks for, when only the other version writes it
            # ("Azure AI Studio가 뭐야?": the Korean version has Azure Machine Learning studio
            # instead), unless this version says it in its own words ("Fine-tuning이 뭐야?":
            # "미세 조정"). Its words are all this version's too ("azure", "ai", "studio"):
            # the name is what only the other version has, so they count whole.
            asked = defined_term(query)
            whole = bool(asked) and not any(
                _compact(w) in self._compact_by_lang.get(primary, "")
                for w in self.glossary.expansions(asked)
            )
            for name in [*named_terms(query), *([asked] if whole else [])]:
                folded = _compact(name)
                if (
                    folded
                    and folded not in self._compact_by_lang.get(primary, "")
                    and (folded in self._compact_by_lang.get(theirs_lang, ""))
                ):
                    for t in self.tokenizer.tokens(name):
                        if t in theirs and (t not in mine or name == asked) and t not in only_other:
                            only_other = (*only_other, t)
            for term, wording in used:
                # (A task the student describes, "영수증 사진을 글로 정리", may need a model
                # only the other version names: the English lesson's multi-modal models.)
                if (term not in STUDENT_TERMS and not describes_task(term)) or any(
                    _fold(w) in text for w in (term, *wording)
                ):
                    continue
                for t in (t for w in wording for t in self.tokenizer.tokens(w)):
                    if t not in mine and t in theirs and len(t) >= 3 and t not in only_other:
                        only_other = (*only_other, t)
            if only_other:
                # The other version's sections that say those words, best lexical match first.
                wanted = set(only_other)
                saying = sorted(
                    (
                        (i, float(bm25[i]))
                        for i, c in enumerate(self.chunks)
                        if c.lang != primary and wanted & set(c.tokens)
                    ),
                    key=lambda item: -item[1],
                )
                extra = [h for h in self._dedupe(saying, sims)[:2] if h not in others]
                others = (*extra, *others)
        return hits, others, named, only_other

    def _signals(
        self,
        language: str,
        vector: list[float],
        confidence: float,
        novelty: float,
        coverage: float,
        bm25: np.ndarray,
        tokens: list[str],
        unmentioned: tuple[str, ...],
    ) -> Signals:
        """What the learned scope decision reads of a search (see `bot.rag.scope`)."""
        units = self.units
        rows = units.rows_of_lang(language)
        unit_sim = (
            float((units.matrix[rows] @ np.asarray(vector, dtype=np.float32)).max())
            if rows.size
            else 0.0
        )
        vocab = self._heading_vocab
        if vocab is None:
            parts = {part for c in self.chunks for part in c.heading.split(" > ")}
            vocab = frozenset(t for part in parts for t in self.tokenizer.tokens(part))
            self._heading_vocab = vocab
        return Signals(
            confidence,
            unit_sim,
            novelty,
            coverage,
            float(bm25.max()) if bm25.size else 0.0,
            1.0 if any(t in vocab for t in tokens) else 0.0,
            # "GPT-5는 언제 나왔어?" had been taken as in scope at p 0.99 (GPT, 나왔어 and the
            # lesson's model names are all course-like); a name the lesson never writes is
            # what gives such a question away. Leaving one batch out: course questions refused
            # 12 -> 6 of 887, off-topic accepted 11 -> 6 of 204 (with the version tags).
            1.0 if any(not self._mentions(t, glossed=True) for t in unmentioned) else 0.0,
        )

    def _in_scope(self, mode: Mode, confidence: float, novelty: float, bm25: np.ndarray) -> bool:
        if mode in ("bm25", "bm25_ws"):
            # Lexical-only baselines have no calibrated signal: any matching term counts.
            return bool(bm25.size and float(bm25.max()) > 0)
        return scope_decision(
            confidence,
            novelty,
            self.settings.scope_min_similarity,
            self.settings.scope_lexical_similarity,
            self.settings.scope_max_novelty,
        )

    def _rank(
        self, language: str, sims: dict[int, float], bm25: np.ndarray, mode: Mode
    ) -> list[tuple[int, float]]:
        """(chunk index, score) for one language, best first."""
        members = [i for i, c in enumerate(self.chunks) if c.lang == language]
        dense_order = sorted((i for i in members if i in sims), key=lambda i: -sims[i])
        lexical_order = sorted((i for i in members if bm25[i] > 0), key=lambda i: -bm25[i])
        if mode == "dense":
            return [(i, sims[i]) for i in dense_order]
        if mode in ("bm25", "bm25_ws"):
            return [(i, float(bm25[i])) for i in lexical_order[:CANDIDATES]]
        rrf_k = self.settings.rrf_k
        fused: dict[int, float] = {}
        for order in (dense_order, lexical_order[:CANDIDATES]):
            for rank, i in enumerate(order):
                fused[i] = fused.get(i, 0.0) + 1.0 / (rrf_k + rank + 1)
        return sorted(fused.items(), key=lambda item: -item[1])

    def _parallel(
        self,
        hits: list[Hit],
        secondary: list[tuple[int, float]],
        sims: dict[int, float],
        primary: str,
    ) -> tuple[Hit, ...]:
        """The other version's sections for the top hits: the same section of a translation
        whose headings line up with ours, else the other language's best-ranked sections."""
        candidates = self._dedupe(secondary, sims)
        by_place = {(h.lesson, h.section): h for h in candidates}
        out: list[Hit] = []
        for hit in hits:
            twin = by_place.get((hit.lesson, hit.section))
            if twin is not None and self.twins(hit, twin) and twin not in out:
                out.append(twin)
        if not out:
            out = [h for h in candidates[:2] if h.lang != primary]
        return tuple(out)

    def _named(
        self, asked: set[str], phrased: str, language: str, sims: dict[int, float]
    ) -> tuple[Hit, ...]:
        """Sections of `language` whose own heading's words all occur in the question (or
        its own phrase, in the question or the glossary's wording of it: `phrased`)."""
        picked: list[tuple[int, float]] = []
        for i, c in enumerate(self.chunks):
            if c.lang != language:
                continue
            if self.names_heading(c.heading, asked, phrased):
                picked.append((i, sims.get(i, 0.0)))
        picked.sort(key=lambda item: -item[1])
        return tuple(self._dedupe(picked, sims)[:2])

    def _for_task(
        self, query: str, language: str, sims: dict[int, float], found: Sequence[Hit]
    ) -> tuple[Hit, ...]:
        """The section of `language` that names the model for the task `query` describes
        (`task_words`; the one nearest the question), unless it was found already."""
        words = task_words(query)
        if not words:
            return ()
        picked = sorted(
            (
                (i, sims.get(i, 0.0))
                for i, c in enumerate(self.chunks)
                if c.lang == language and any(w in c.text.lower() for w in words)
            ),
            key=lambda item: -item[1],
        )
        have = {(h.source, h.heading) for h in found}
        return tuple(h for h in self._dedupe(picked, sims)[:1] if (h.source, h.heading) not in have)

    def _for_marked(
        self, query: str, language: str, sims: dict[int, float], found: Sequence[Hit]
    ) -> tuple[Hit, ...]:
        """The two best sections of `language` whose text says what the question's kind asks
        for, when the kind is one a marker finds (`_MARKED_KINDS`), unless found already.
        Asked where to begin, the ones that say what to start with: "스타트업이 예산이 거의
        없어. 강의에선 어떤 방법부터 해 보래?" had found the lesson's opening, its startup story,
        and fine-tuning, but not the section that says prompt engineering is where to start.
        Asked where the lesson's video is, the opening that points to it."""
        markers = [UNIT_FEATURES[k] for k in sorted(question_kinds(query) & _MARKED_KINDS)]
        if not markers:
            return ()
        picked = sorted(
            (
                (i, sims.get(i, 0.0))
                for i, c in enumerate(self.chunks)
                if c.lang == language and any(m.search(c.text) for m in markers)
            ),
            key=lambda item: -item[1],
        )
        have = {(h.source, h.heading) for h in found}
        # (Two besides those found: "my boss thinks fine-tuning is the first thing to try"
        # had found the knowledge check, and the two taken were it and the lesson's opening.)
        return tuple(h for h in self._dedupe(picked, sims) if (h.source, h.heading) not in have)[:2]

    def _for_phrase(
        self,
        used: list[tuple[str, tuple[str, ...]]],
        language: str,
        sims: dict[int, float],
        found: Sequence[Hit],
    ) -> tuple[Hit, ...]:
        """The section of `language` that alone writes a phrase of the glossary's wording
        for the question's words, unless it was found already. A phrase one section writes
        names that section as its heading would: "LLM을 나누는 기준" is the lesson's "여러
        가지로 분류할 수 있습니다", which only the opening of its types says, and the criteria
        a foundation model follows ("몇 가지 기준을") had been found instead."""
        if not used:
            return ()
        cached = self._folded
        if cached is None or cached[0] is not self.chunks:
            cached = self._folded = (self.chunks, tuple(_fold(c.text) for c in self.chunks))
        texts = cached[1]
        have = {(h.source, h.heading) for h in found}
        picked: list[tuple[int, float]] = []
        for _term, wording in used:
            for phrase in wording:
                folded = _fold(phrase)
                if " " not in folded.strip():
                    continue  # (a single word is everywhere a phrase is not)
                writing = [
                    i
                    for i, c in enumerate(self.chunks)
                    if c.lang == language and folded in texts[i]
                ]
                if len({(self.chunks[i].source, self.chunks[i].heading) for i in writing}) == 1:
                    picked.extend((i, sims.get(i, 0.0)) for i in writing)
        picked.sort(key=lambda item: -item[1])
        return tuple(h for h in self._dedupe(picked, sims)[:2] if (h.source, h.heading) not in have)

    def _course_tokens(self, wording: str) -> list[str]:
        """The tokens of the glossary's course wording as the course's text has them. Kiwi
        cuts a Korean word by its context: "다국어" alone is one token, in the lesson's "다국어
        음성 인식" two ("다", "국어"), so "whisper 모델 multilingual 돼?" gained a word the
        course never writes and was refused (p 0.02; "whisper 모델 다국어 돼?": p 0.79). A
        Hangul token the course does not have is taken in the two parts it does have."""
        lexical = self._lexical
        out: list[str] = []
        for token in self.tokenizer.tokens(wording):
            if lexical is None or token in lexical.df or not _HANGUL_WORD.fullmatch(token):
                out.append(token)
                continue
            parts = next(
                (
                    (token[:i], token[i:])
                    for i in range(1, len(token))
                    if token[:i] in lexical.df and token[i:] in lexical.df
                ),
                None,
            )
            out.extend(parts or (token,))
        return out

    def _frame(self) -> frozenset[str]:
        """The tokens of the words that point at the lesson (`_FRAME_WORDS`)."""
        if self._frame_tokens is None:
            self._frame_tokens = frozenset(self.tokenizer.tokens(_FRAME_WORDS))
        return self._frame_tokens

    def _asks_lesson_of_a_rare_word(self, qtokens: list[str]) -> bool:
        """True when what a question pointing at the lesson asks about holds a word the lesson
        writes in only a few places (`RARE_WORD_SECTIONS`): "does the lesson mention Claude?"
        (the lesson names Claude 2 among proprietary models) was refused, p 0.09; "Claude"
        is no technical name by its letters (`named_terms`)."""
        lexical = self._lexical
        if lexical is None:
            return False
        return any(
            0 < lexical.df.get(t, 0) <= RARE_WORD_SECTIONS
            for t in qtokens
            if t not in self._frame()
        )

    def _asks_trivia_of_a_name(self, tokens: list[str]) -> bool:
        """True when the only words of a question the course writes are its names ("BERT",
        "OpenAI", "Stanford") and it has others the course never writes ("논문", "CEO")."""
        lexical = self._lexical
        if lexical is None:
            return False
        # (The names as tokens: "Claude" is "claud", "Azure" "azur".)
        names = self._name_tokens
        if names is None or names[0] is not self._proper_names:
            tokens_of = frozenset(self.tokenizer.tokens(" ".join(self._proper_names)))
            names = self._name_tokens = (self._proper_names, tokens_of)
        words = [t for t in tokens if t not in _QUESTION_WORDS]
        known = [t for t in words if t in lexical.df]
        return bool(known) and len(known) < len(words) and all(t in names[1] for t in known)

    def _asks_task_of_its_model(self, question: str, qtokens: list[str]) -> bool:
        """True when the question asks a task of the model the lesson names for it
        (`task_of_its_model`) and every other word of it is one the course writes."""
        task = task_of_its_model(question)
        lexical = self._lexical
        if not task or lexical is None:
            return False
        # (Nor is using it a detail: "Whisper 써서 회의록 만들 수 있어?" was refused, p 0.51,
        # on "쓰", a verb the lesson writes as "사용".)
        using = _USING_KO if any(is_hangul(ch) for ch in question) else _USING_EN
        told = set(self.tokenizer.tokens(task)) | set(self.tokenizer.tokens(using))
        return all(t in lexical.df for t in qtokens if t not in told)

    def _asks_lesson_of_a_stranger(self, qtokens: list[str]) -> bool:
        """True when what a question pointing at the lesson asks about, its words without the
        pointing (`_FRAME_WORDS`), has words and the course writes none of them (nor the
        glossary's course wording, which `qtokens` already holds: "강의에 허깅페이스 나와?")."""
        lexical = self._lexical
        subject = [t for t in qtokens if t not in self._frame()]
        return lexical is not None and bool(subject) and not any(t in lexical.df for t in subject)

    def _without_pointer(self, query: str, qtokens: list[str]) -> list[str]:
        """The query's words for ranking sections: without the lesson it points at ("which
        three things does the lesson say LLMs can be sorted by?", "강의에서 …"), whose
        "lesson" and "say" had ranked the lesson's title and its closing words first. (Not
        when the question is about the lesson itself: "what does this lesson cover?".) The
        scope decision reads the same scores for its best BM25 (its examples' signals are
        computed the same way); the share of the course's words it has never seen, and how
        much of the question the best section covers, still count every word."""
        if not REFERS_TO_LESSON.search(query) or ASKS_ABOUT_LESSON.search(query):
            return qtokens
        if self._pointer_tokens is None:
            self._pointer_tokens = frozenset(
                self.tokenizer.tokens("lesson chapter reading course says according")
                + self.tokenizer.tokens("강의 강좌 본문")
            )
        kept = [t for t in qtokens if t not in self._pointer_tokens]
        return kept or qtokens

    def names_heading(self, heading: str, asked: AbstractSet[str], phrased: str) -> bool:
        """True when a question (its tokens `asked`, its text and wording `phrased`) names the
        section: every distinctive word of its heading, or the heading's own phrase."""
        words = self.heading_words(heading)
        if words:
            return words <= asked
        own = _fold(heading.split(" > ")[-1])
        return bool(own) and own in _fold(phrased)

    def heading_words(self, heading: str) -> frozenset[str]:
        """The distinctive words of a section's own heading: those used by fewer than about
        a quarter of the chunks (`DISTINCTIVE_IDF`: "fine-tun" of "Fine-tuned model", not
        "model" or "train"), so a question names the section by what sets it apart."""
        own = heading.split(" > ")[-1]
        words = self._heading_tokens.get(own)
        if words is None:
            words = frozenset(
                t for t in self.tokenizer.tokens(own) if self.idf(t) >= DISTINCTIVE_IDF
            )
            self._heading_tokens[own] = words
        return words

    def _shapes(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """Per (lesson, language): how many sections, and each section's heading depth."""
        if self._shape_cache is None:
            depth: dict[tuple[str, str], dict[int, int]] = {}
            for c in self.chunks:
                depth.setdefault((c.lesson, c.lang), {})[c.section] = c.heading.count(" > ")
            self._shape_cache = {key: tuple(d[i] for i in sorted(d)) for key, d in depth.items()}
        return self._shape_cache

    def lined_up(self, lesson: str) -> bool:
        """Whether the lesson's versions have the same sections in the same places (as many,
        each at the same heading depth): then a section's place names the same section in
        every language."""
        shape = self._shapes()
        return len({shape.get((lesson, lang)) for lang in self._langs}) == 1

    def twins(self, a: Hit, b: Hit) -> bool:
        """Whether two hits are the same section of two language versions of a lesson."""
        return (
            a.lang != b.lang
            and (a.lesson, a.section) == (b.lesson, b.section)
            and self.lined_up(a.lesson)
        )

    def _section_units(self, headings: Sequence[str]) -> frozenset[int]:
        """The rows (in the unit index) of the units of the sections with these headings, and
        of the same sections in the other language's version when its headings line up with
        this one's ("Improving LLM results > Fine-tuned model" is "LLM 결과의 개선 > Fine-tuned
        model" in Korean). Empty for no headings, or none the course has."""
        if not headings:
            return frozenset()
        wanted = set(headings)
        places = {(c.lesson, c.section) for c in self.chunks if c.heading in wanted}
        sections = {
            (c.source, c.heading)
            for c in self.chunks
            if c.heading in wanted or ((c.lesson, c.section) in places and self.lined_up(c.lesson))
        }
        return frozenset(r for key in sections for r in self.units.of(*key))

    def section_hit(self, source: str, heading: str) -> Hit | None:
        """A section as a hit that search did not score (its first chunk stands for it), or
        None when the loaded course has no such section."""
        for i, c in enumerate(self.chunks):
            if c.source == source and c.heading == heading:
                return self._dedupe([(i, 0.0)], {})[0]
        return None

    def _dedupe(self, ranked: list[tuple[int, float]], sims: dict[int, float]) -> list[Hit]:
        """One hit per section: its best chunk stands for it."""
        seen: set[tuple[str, str]] = set()
        hits: list[Hit] = []
        for i, score in ranked:
            c = self.chunks[i]
            key = (c.source, c.heading)
            if key in seen:
                continue
            seen.add(key)
            hits.append(
                Hit(
                    c.id,
                    c.source,
                    c.heading,
                    c.lang,
                    c.lesson,
                    c.text,
                    score,
                    sims.get(i, 0.0),
                    c.anchor,
                    c.path,
                    c.section,
                )
            )
        return hits

    def _generic_wording(
        self, used: list[tuple[str, tuple[str, ...]]], own_tokens: list[str]
    ) -> set[str]:
        """Tokens the query gained only from the glossary's wording for a term the whole
        course speaks of ("LLM" is in 43 of 52 sections): the answer's units are not chosen
        by them. "LLM은 왜 최신 정보를 모르나요?" gains nothing from "대규모 언어 모델" but a
        pull toward every sentence that spells it out. (Search and the scope decision still
        read them: they were fitted with them.)"""
        lexical = self._lexical
        n = len(self.chunks) or 1
        kept: set[str] = set(own_tokens)
        dropped: set[str] = set()
        for term, wording in used:
            tokens = self.tokenizer.tokens(term)
            # (A phrase around the subject, "own LLM", says more than the subject does.)
            generic = (
                lexical is not None
                and len(term.split()) == 1
                and bool(tokens)
                and all(lexical.df.get(t, 0) / n >= GENERIC_TERM_SHARE for t in tokens)
            )
            for w in wording:
                (dropped if generic else kept).update(self.tokenizer.tokens(w))
        return dropped - kept

    def idf(self, token: str) -> float:
        """Inverse document frequency of a lexical token in the course (0 before `load`).

        A token the course never uses has no weight: no unit can say it, and counting it
        would only shrink every unit's share of the question ("cheapest", a typo)."""
        if self._lexical is None or token not in self._lexical.df:
            return 0.0
        return self._lexical.idf(token)

    def section_chunks(self, source: str, heading: str) -> list[StoredChunk]:
        """All chunks of one section, in the order they were written."""
        return [c for c in self.chunks if c.source == source and c.heading == heading]


def scope_decision(
    confidence: float, novelty: float, min_sim: float, lexical_sim: float, max_novelty: float
) -> bool:
    """In scope when similarity is high, or fairly high and the words are the course's words."""
    return confidence >= min_sim or (confidence >= lexical_sim and novelty <= max_novelty)


def _matrix(chunks: list[StoredChunk], vectors: dict[str, np.ndarray]) -> np.ndarray | None:
    """The chunks' vectors as rows, normalised (cosine = dot product); None when any chunk
    has no stored vector (then Chroma answers)."""
    rows = [vectors.get(c.id) for c in chunks]
    if not rows or any(r is None for r in rows):
        return None
    matrix = np.stack([r for r in rows if r is not None]).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: np.ndarray = matrix / norms
    return result


_HANGUL_WORD = re.compile(r"[가-힣]{2,}")
_FRAME_WORDS = (
    # Pointing at the lesson, and asking what it covers: "does the lesson cover…", "what does
    # the reading say about…", "강의에 … 얘기도 나와?", "give me the lesson's agenda". What a
    # question asks of the lesson is what is left.
    "lesson lessons course chapter reading text section cover covers mention talk discuss "
    "say says include bring anything something agenda rundown outline overview summary going "
    # (Its gist, asked for: "what are the main takeaways of this lesson?" and "give me a
    # study checklist for this chapter" were refused, their "takeaways" and "checklist"
    # words the course never writes.)
    "main key takeaway takeaways points highlights gist recap checklist study guide notes "
    "강의 강좌 단원 본문 나오 나와 다루 다뤄 언급 얘기 이야기 배우 가르치 개요 목차 요약 핵심 요점 "
    "정리 "
    # (The request to tell of it: "이 강의에 대해 알려줘" was refused, p 0.995, its "알려" read
    # as a stranger the lesson was asked about.)
    "알리 알려 소개 tell explain describe "
    # (Where it sends the student when done: "이 단원 다 보면 강의가 어디로 가라고 해요?" was
    # refused, its "어디" and "가" read as a stranger the lesson was asked about.)
    "where go goes send sends 어디 가 보내 "
    # (And being done with it: "이 단원 끝나면 강의가 어디로 가라고 해요?")
    "finish finished done i'm 끝나 끝내 마치 마친"
)
_PRONOUNS = frozenset(
    {"this", "that", "it", "these", "those", "this one", "이거", "그거", "저거", "이것", "그것"}
)


def _compact(text: str) -> str:
    """Lower case without spaces, hyphens, dots or underscores: how names are compared."""
    return re.sub(r"[\s\-._]", "", text.lower())


def _fold(text: str) -> str:
    """Lower case, hyphens as spaces, single spaces: "encoder-only" is said by a text that
    writes "Encoder only" (the English lesson does)."""
    return " ".join(text.lower().replace("-", " ").split())


_HEADING_FILLER = frozenset({"방법", "파악", "이해", "잘", "계속", "great", "work", "continu"})
"""Words of a heading that say nothing of its subject ("…성능을 파악하는 방법", "잘 하셨습니다.
계속 학습하세요.", "Great Work, Continue Your Learning"): written in a question, they name no
section ("우리 아들이 수학을 어려워해. 어떤 방법부터 해 볼까?" had been accepted on "방법")."""

_USING_EN = "use using uses"
_USING_KO = "쓰 써 써서 이용 이용해"
"""Words for using a model, whichever the course writes (each language's only for a
question in its script: an English question never loads the Korean tokenizer)."""

_MODEL_PART = re.compile(
    r"\b(weights?|internals?|source code|models?)\b|내부|가중치|소스 ?코드|모델", re.I
)
"""What of a model a question may ask to open up (`ASKS_LICENCE`)."""


def as_searched(query: str, speller: Speller) -> str:
    """A question as search reads it: without the talk it opens with ("hi! i'm new here,
    …", see `bot.kernel.talk`), without its links' addresses ("…with a
    [guide](http://…)": their pieces would read as words the course never uses), and with
    its typos one edit from a course word repaired ("trainng" -> "training")."""
    cleaned = without_opening(_URL_RE.sub(" ", _LINK_TARGET_RE.sub(r"\1", query)).strip())
    if _FORMAT_RE.search(cleaned):
        cleaned = " ".join(_FORMAT_RE.sub(" ", cleaned).split())
    if _FEELING_RE.search(cleaned):
        cleaned = " ".join(_FEELING_RE.sub(" ", cleaned).split())
    return speller.correct(lessons_in_digits(cleaned or query))


def _listed(vector: np.ndarray | None) -> list[float] | None:
    return None if vector is None else [float(x) for x in vector]
