"""The Chroma collection of course chunks, kept in step with `knowledge/` incrementally.

Chunk ids are content hashes, so syncing is a set difference: ids that are new get embedded
and added, ids that disappeared (changed or deleted text) are removed, and everything else is
left alone. Re-indexing an unchanged course embeds nothing.

All methods here are blocking (Chroma and the embedder are synchronous); async callers run
them with `asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

import numpy as np

from bot.config import Settings
from bot.rag.embed import Ahead, Embedder
from bot.rag.ingest import Chunk
from bot.rag.tokens import Tokenizer
from bot.rag.units import Unit, shown_text

if TYPE_CHECKING:
    # Chroma is imported when the store is first touched: importing it costs ~0.8 s, and a
    # command served from the search copies on disk never needs it (see bot.rag.snapshot).
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

EMBED_BATCH = 32
WRITE_BATCH = 1000
"""Records per Chroma write of vectors computed already: each write costs ~20 ms whatever
its size (533 units and sentences: 0.27–0.31 s in batches of 32, 0.16 s in one)."""


def connect_chroma(settings: Settings) -> ClientAPI:
    """An embedded store under the data dir, or an HTTP client when `chroma_url` is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        port = url.port or (443 if url.scheme == "https" else 8000)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=port,
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


@dataclass(frozen=True, slots=True)
class StoredChunk:
    """A chunk as read back from the store, with its BM25 tokens."""

    id: str
    source: str
    heading: str
    lang: str
    lesson: str
    text: str
    tokens: tuple[str, ...]
    anchor: str = ""
    path: str = ""
    section: int = 0


@dataclass(frozen=True, slots=True)
class StoredUnit:
    """An answer unit as read back from the store: its text, tokens and vector."""

    id: str
    source: str
    heading: str
    lang: str
    position: int
    kind: str
    text: str
    group: str
    tokens: tuple[str, ...]
    vector: tuple[float, ...]
    context: str = ""
    """Shown before `text`, never scored (`bot.rag.units.Unit.context`)."""

    def shown(self) -> str:
        """What a student reads: the context, then the text."""
        return shown_text(self.context, self.text)


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What a sync changed."""

    added: int
    removed: int
    unchanged: int
    problems: tuple[str, ...] = ()
    units: int = 0
    """Answer units in the store after the sync."""
    units_added: int = 0
    """Answer units embedded by this sync (0 when the course did not change)."""

    @property
    def changed(self) -> bool:
        """True when the sync added or removed anything."""
        return bool(self.added or self.removed)


@dataclass(frozen=True, slots=True)
class DenseHit:
    """A nearest-neighbour result: chunk id and cosine similarity."""

    id: str
    similarity: float


class CourseStore:
    """The course collection: sync from chunks, read all chunks, query by vector."""

    def __init__(
        self,
        connect: Callable[[], ClientAPI],
        name: str,
        embedder: Embedder,
        tokenizer: Tokenizer,
    ) -> None:
        self._connect = connect
        self._client: ClientAPI | None = None
        self._connecting = threading.Lock()
        self.name = name
        self.embedder = embedder
        self.tokenizer = tokenizer
        self._collection: Collection | None = None
        self._units: Collection | None = None
        self._sentences: Collection | None = None

    @property
    def client(self) -> ClientAPI:
        """The Chroma client, connected on first use."""
        with self._connecting:
            if self._client is None:
                self._client = self._connect()
            return self._client

    @property
    def opened(self) -> bool:
        """Whether this process has connected to Chroma yet."""
        return self._client is not None

    @property
    def units_name(self) -> str:
        """The collection of answer units (see `bot.rag.units`), beside the chunks'."""
        return f"{self.name}-units"

    @property
    def units_collection(self) -> Collection:
        """The answer units, embedded with the same model as the chunks."""
        if self._units is None:
            self._units = self._open(self.units_name, "StudyBot answer units")
        return self._units

    @property
    def sentences_name(self) -> str:
        """The collection of the units' sentences, each with its own vector."""
        return f"{self.name}-sentences"

    @property
    def sentences_collection(self) -> Collection:
        """One record per distinct sentence the units quote: a unit's vector is the mean of
        its sentences', and these let a question meet the one sentence that answers it
        (a chain's fact is diluted in the mean of the sentences it leans on)."""
        if self._sentences is None:
            self._sentences = self._open(self.sentences_name, "StudyBot unit sentences")
        return self._sentences

    def forget_collections(self) -> None:
        """Drop the collections (a rebuild re-creates them)."""
        for name in (self.name, self.units_name, self.sentences_name):
            try:
                self.client.delete_collection(name)
            except Exception:
                log.debug("no collection %s to drop", name)
        self._collection = None
        self._units = None
        self._sentences = None

    def embed_units_ahead(self, units: Sequence[Unit]) -> Ahead | None:
        """Start embedding, on a thread of its own, the sentences of the units the store does
        not hold yet (see `Ahead`); `sync_units` takes the result. None: nothing to start."""
        if not getattr(self.embedder, "concurrent", False):
            return None
        have = set(self.units_collection.get(include=[])["ids"])
        return Ahead.start(
            self.embedder, sorted({p for u in units if u.id not in have for p in u.pieces()})
        )

    def sync_units(
        self, units: Sequence[Unit], progress: bool | None = None, ahead: Ahead | None = None
    ) -> int:
        """Make the units collection hold exactly `units`; returns how many were embedded.

        Ids are content hashes, as for chunks: an unchanged course embeds nothing. `ahead`:
        the sentences' vectors, when `embed_units_ahead` is computing them.
        """
        wanted = {u.id: u for u in units}
        got = self.units_collection.get(include=["metadatas"])
        versions = {
            cid: int(str((meta or {}).get("tokens_version", 0)))
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }
        to_remove = sorted(set(versions) - wanted.keys())
        for start in range(0, len(to_remove), 1000):
            self.units_collection.delete(ids=to_remove[start : start + 1000])
        to_add = [u for uid, u in wanted.items() if uid not in versions]
        from tqdm import tqdm

        # Units overlap (a list and its items, a sentence and what it leans on), so each
        # distinct sentence is embedded once and a unit's vector is the normalised mean of
        # its sentences': indexing stays within twice the chunks' time.
        vectors: dict[str, np.ndarray] = dict(ahead.result()) if ahead is not None else {}
        pieces = sorted({p for u in to_add for p in u.pieces()} - vectors.keys())
        show = sys.stderr.isatty() if progress is None else progress
        with tqdm(total=len(pieces), unit="sentence", desc="Answer units", disable=not show) as bar:
            for start in range(0, len(pieces), EMBED_BATCH):
                texts = pieces[start : start + EMBED_BATCH]
                for piece, vec in zip(texts, self.embedder(texts), strict=True):
                    vectors[piece] = np.asarray(vec, dtype=np.float32)
                bar.update(len(texts))
        for start in range(0, len(to_add), WRITE_BATCH):
            batch = to_add[start : start + WRITE_BATCH]
            self.units_collection.add(
                ids=[u.id for u in batch],
                embeddings=[_mean([vectors[p] for p in u.pieces()]) for u in batch],
                documents=[u.text for u in batch],
                metadatas=[self._unit_metadata(u) for u in batch],
            )
        stale = [wanted[i] for i, v in versions.items() if i in wanted and v != Tokenizer.VERSION]
        for start in range(0, len(stale), 500):
            refresh = stale[start : start + 500]
            self.units_collection.update(
                ids=[u.id for u in refresh], metadatas=[self._unit_metadata(u) for u in refresh]
            )
        self._sync_sentences({p for u in units for p in u.pieces()}, vectors)
        return len(to_add)

    def _sync_sentences(self, pieces: set[str], known: dict[str, np.ndarray]) -> None:
        """Make the sentences collection hold exactly `pieces`; a sentence whose vector the
        units' sync just computed is not embedded again (ids are content hashes)."""
        wanted = {sentence_id(p): p for p in pieces}
        have = set(self.sentences_collection.get(include=[])["ids"])
        gone = sorted(have - wanted.keys())
        for start in range(0, len(gone), 1000):
            self.sentences_collection.delete(ids=gone[start : start + 1000])
        missing = sorted(sid for sid in wanted if sid not in have)
        todo = sorted({wanted[sid] for sid in missing} - known.keys())
        for start in range(0, len(todo), EMBED_BATCH):
            texts = todo[start : start + EMBED_BATCH]
            for text, vec in zip(texts, self.embedder(texts), strict=True):
                known[text] = np.asarray(vec, dtype=np.float32)
        for start in range(0, len(missing), WRITE_BATCH):
            ids = missing[start : start + WRITE_BATCH]
            texts = [wanted[sid] for sid in ids]
            self.sentences_collection.add(
                ids=ids, embeddings=[known[t] for t in texts], documents=texts
            )

    def sentence_vectors(self) -> dict[str, np.ndarray]:
        """Every unit sentence's vector, by its text."""
        got = self.sentences_collection.get(include=["documents", "embeddings"])
        vectors = got["embeddings"] if got["embeddings"] is not None else []
        return {
            doc or "": np.asarray(vec, dtype=np.float32)
            for doc, vec in zip(got["documents"] or [], vectors, strict=True)
        }

    def _unit_metadata(self, unit: Unit) -> dict[str, str | int | float | bool | None]:
        return {
            "source": unit.source,
            "heading": unit.heading,
            "lang": unit.lang,
            "position": unit.position,
            "kind": unit.kind,
            "group": unit.group,
            "context": unit.context,
            "tokens": " ".join(self.tokenizer.tokens(unit.plain())),
            "tokens_version": Tokenizer.VERSION,
        }

    def version(self) -> str:
        """A digest of what the store holds: chunk and unit ids (ids are content hashes).

        Cheap (ids only, no documents or vectors): a process compares it with what it
        loaded to notice that another process re-indexed a shared Chroma server.
        """
        chunk_ids = self.collection.get(include=[])["ids"]
        unit_ids = self.units_collection.get(include=[])["ids"]
        return content_version(chunk_ids, unit_ids)

    def all_units(self) -> list[StoredUnit]:
        """Every answer unit with its vector, in reading order within each section."""
        got = self.units_collection.get(include=["documents", "metadatas", "embeddings"])
        out: list[StoredUnit] = []
        vectors = got["embeddings"] if got["embeddings"] is not None else []
        for uid, doc, meta, vec in zip(
            got["ids"], got["documents"] or [], got["metadatas"] or [], vectors, strict=True
        ):
            m = meta or {}
            out.append(
                StoredUnit(
                    id=uid,
                    source=str(m.get("source", "")),
                    heading=str(m.get("heading", "")),
                    lang=str(m.get("lang", "")),
                    position=int(str(m.get("position", 0))),
                    kind=str(m.get("kind", "sentence")),
                    text=doc or "",
                    group=str(m.get("group", "")),
                    tokens=tuple(str(m.get("tokens", "")).split()),
                    vector=tuple(float(x) for x in vec),
                    context=str(m.get("context", "")),
                )
            )
        out.sort(key=lambda u: (u.source, u.heading, u.position, u.id))
        return out

    @property
    def collection(self) -> Collection:
        """The collection, created on first use with cosine distance."""
        if self._collection is None:
            self._collection = self._open(self.name, "StudyBot course chunks")
        return self._collection

    def _open(self, name: str, description: str) -> Collection:
        """A collection with our embedder and cosine distance, created on first use."""
        from bot.rag.chroma_functions import for_chroma

        return self.client.get_or_create_collection(
            name,
            # Chroma's stub wants a wider input type than a text-only function declares.
            embedding_function=cast(Any, for_chroma(self.embedder)),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"description": description},
        )

    def count(self) -> int:
        """Number of chunks in the store."""
        return self.collection.count()

    def ids(self) -> set[str]:
        """Every chunk id in the store (no documents, no vectors: cheap)."""
        return set(self.collection.get(include=[])["ids"])

    def _token_versions(self) -> dict[str, int]:
        got = self.collection.get(include=["metadatas"])
        metas = got["metadatas"] or []
        return {
            cid: int(str((meta or {}).get("tokens_version", 0)))
            for cid, meta in zip(got["ids"], metas, strict=True)
        }

    def sync(self, chunks: Sequence[Chunk], progress: bool | None = None) -> IndexReport:
        """Make the store hold exactly `chunks`: embed only new ids, delete vanished ones."""
        wanted = {c.id: c for c in chunks}
        versions = self._token_versions()
        present = set(versions)
        to_add = [c for cid, c in wanted.items() if cid not in present]
        to_remove = sorted(present - wanted.keys())
        if to_remove:
            for start in range(0, len(to_remove), 1000):
                self.collection.delete(ids=to_remove[start : start + 1000])
        if to_add:
            self._add(to_add, progress)
        # Same text, older token rules: refresh the stored tokens, keep the vectors.
        stale = [
            wanted[cid]
            for cid, version in versions.items()
            if cid in wanted and version != Tokenizer.VERSION
        ]
        for start in range(0, len(stale), 500):
            batch = stale[start : start + 500]
            self.collection.update(
                ids=[c.id for c in batch], metadatas=[self._metadata(c) for c in batch]
            )
        return IndexReport(len(to_add), len(to_remove), len(wanted) - len(to_add))

    def _add(self, chunks: list[Chunk], progress: bool | None) -> None:
        from tqdm import tqdm

        show = sys.stderr.isatty() if progress is None else progress
        with tqdm(total=len(chunks), unit="chunk", desc="Indexing", disable=not show) as bar:
            for start in range(0, len(chunks), EMBED_BATCH):
                batch = chunks[start : start + EMBED_BATCH]
                vectors = self.embedder([c.embedding_text() for c in batch])
                self.collection.add(
                    ids=[c.id for c in batch],
                    embeddings=cast(Any, [np.asarray(v, dtype=np.float32) for v in vectors]),
                    documents=[c.text for c in batch],
                    metadatas=[self._metadata(c) for c in batch],
                )
                bar.update(len(batch))

    def _metadata(self, chunk: Chunk) -> dict[str, str | int | float | bool | None]:
        # BM25 tokens are computed once here, so a fresh process can build its lexical index
        # from the store without loading Kiwi.
        return {
            "source": chunk.source,
            "heading": chunk.heading,
            "lang": chunk.lang,
            "lesson": chunk.lesson,
            "title": chunk.title,
            "part": chunk.part,
            "anchor": chunk.anchor,
            "path": chunk.path,
            "section": chunk.section,
            "tokens": " ".join(self.tokenizer.tokens(chunk.lexical_text())),
            "tokens_version": Tokenizer.VERSION,
        }

    def all_chunks(self) -> list[StoredChunk]:
        """Every chunk with its text and tokens, in a stable order."""
        out: list[StoredChunk] = []
        total = self.count()
        page = 2000
        for offset in range(0, total, page):
            got = self.collection.get(include=["documents", "metadatas"], limit=page, offset=offset)
            docs = got["documents"] or []
            metas = got["metadatas"] or []
            for cid, doc, meta in zip(got["ids"], docs, metas, strict=True):
                out.append(_stored(cid, doc, meta))
        out.sort(key=lambda c: (c.source, c.id))
        return out

    def chunk_vectors(self) -> dict[str, np.ndarray]:
        """Every chunk's stored vector, by id (for dense scores in memory)."""
        out: dict[str, np.ndarray] = {}
        total = self.count()
        page = 2000
        for offset in range(0, total, page):
            got = self.collection.get(include=["embeddings"], limit=page, offset=offset)
            vectors = got["embeddings"]
            if vectors is None:
                continue
            for cid, vec in zip(got["ids"], vectors, strict=True):
                out[cid] = np.asarray(vec, dtype=np.float32)
        return out

    def query(self, vector: Sequence[float], n: int) -> list[DenseHit]:
        """The `n` nearest chunks to a query vector, best first (`n` ≤ the store's size)."""
        if n <= 0:
            return []
        got = self.collection.query(
            # Chroma's stub lists every accepted shape but not a plain list of float lists.
            query_embeddings=cast(Any, [list(vector)]),
            n_results=n,
            include=["distances"],
        )
        ids = got["ids"][0]
        distances = (got["distances"] or [[]])[0]
        return [DenseHit(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def embed_query(self, text: str) -> list[float]:
        """The query's vector (e5 uses a different prefix for queries than for passages)."""
        vec = self.embedder.embed_query([text])[0]
        return [float(x) for x in vec]


def sentence_id(text: str) -> str:
    """A sentence's id: a hash of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def content_version(chunk_ids: Iterable[str], unit_ids: Iterable[str]) -> str:
    """The digest `CourseStore.version` compares: sorted chunk ids, then sorted unit ids."""
    digest = hashlib.sha256()
    for ids in (chunk_ids, unit_ids):
        for cid in sorted(ids):
            digest.update(cid.encode())
            digest.update(b"\n")
        digest.update(b"|")
    return digest.hexdigest()[:16]


def _mean(vectors: list[np.ndarray]) -> np.ndarray:
    """The normalised mean of unit vectors (a unit with no sentence gets a zero vector)."""
    if not vectors:
        return np.zeros(1, dtype=np.float32)
    mean: np.ndarray = np.mean(np.stack(vectors), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def _stored(cid: str, doc: str | None, meta: Any) -> StoredChunk:
    meta = meta or {}
    return StoredChunk(
        id=cid,
        source=str(meta.get("source", "")),
        heading=str(meta.get("heading", "")),
        lang=str(meta.get("lang", "")),
        lesson=str(meta.get("lesson", "")),
        text=doc or "",
        tokens=tuple(str(meta.get("tokens", "")).split()),
        anchor=str(meta.get("anchor", "")),
        path=str(meta.get("path", "")),
        section=int(str(meta.get("section", 0))),
    )
