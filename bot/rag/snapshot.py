"""The search copies on disk: what `SearchEngine.load` reads from Chroma, saved beside it.

A fresh `studybot ask` needs the chunks, their vectors and the answer units, not Chroma
itself; importing chromadb and opening the store cost about 0.8 s of a 1.5 s command. So
whenever the copies are loaded from the store for a known index, they are also written here,
and a later process that finds a copy written for the same index reads it instead. Chroma
stays the store of record: the copy is only trusted under its key (the index fingerprint:
course files, the code that reads them, the collection and so the embedding), a torn or
foreign file is ignored, and a Chroma server shared by replicas never uses one (another
machine may re-index it; see `App.ensure_loaded`).

One `.npz` file, read with `allow_pickle=False`: the metadata as UTF-8 JSON in a byte
array, the vectors as float32 matrices. Written to a temporary file and renamed, so a
reader sees the old copy or the new one, never half of one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.rag.store import StoredChunk, StoredUnit

log = logging.getLogger(__name__)

FORMAT = 2
"""2: the units' sentence vectors."""


@dataclass(frozen=True, slots=True)
class Copies:
    """What search keeps in memory, as read from the store."""

    chunks: list[StoredChunk]
    units: list[StoredUnit]
    vectors: dict[str, np.ndarray] | None
    """Chunk vectors by id; None when the collection is too large to keep in memory."""
    sentences: dict[str, np.ndarray] = field(default_factory=dict)
    """The units' sentence vectors by text."""


def save(path: Path, key: str, copies: Copies) -> None:
    """Write `copies` under `key` (atomically; a failure is logged, never raised: the copy
    only saves time)."""
    # Rows are the dataclasses' own fields (tuples become JSON lists); a unit's vector goes
    # to the matrix. A copy written by another version of these classes fails to rebuild
    # (unknown or missing field) and is ignored.
    chunk_rows = [asdict(c) for c in copies.chunks]
    unit_rows = [{k: v for k, v in asdict(u).items() if k != "vector"} for u in copies.units]
    vectors = copies.vectors
    has_vectors = vectors is not None and all(c.id in vectors for c in copies.chunks)
    meta = {
        "format": FORMAT,
        "key": key,
        "chunks": chunk_rows,
        "units": unit_rows,
        "chunk_vectors": has_vectors,
        "sentences": list(copies.sentences),
    }
    chunk_matrix = (
        np.stack([vectors[c.id] for c in copies.chunks]).astype(np.float32)
        if has_vectors and vectors is not None and copies.chunks
        else np.zeros((0, 0), dtype=np.float32)
    )
    unit_matrix = (
        np.asarray([u.vector for u in copies.units], dtype=np.float32)
        if copies.units
        else np.zeros((0, 0), dtype=np.float32)
    )
    sentence_matrix = (
        np.stack(list(copies.sentences.values())).astype(np.float32)
        if copies.sentences
        else np.zeros((0, 0), dtype=np.float32)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(
                    out,
                    meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8),
                    chunk_vectors=chunk_matrix,
                    unit_vectors=unit_matrix,
                    sentence_vectors=sentence_matrix,
                )
            os.chmod(tmp, 0o644)  # (mkstemp makes it 0600; the copy holds only course text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("could not save the search copies to %s: %s", path, exc)


def load(path: Path, key: str) -> Copies | None:
    """The copies saved under `key`, or None (none, another key, another format, torn)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta: dict[str, Any] = json.loads(bytes(data["meta"]).decode())
            if meta.get("format") != FORMAT or meta.get("key") != key:
                return None
            chunk_matrix = data["chunk_vectors"]
            unit_matrix = data["unit_vectors"]
            sentence_matrix = data["sentence_vectors"]
        chunks = [StoredChunk(**{**r, "tokens": tuple(r["tokens"])}) for r in meta["chunks"]]
        if len(meta["units"]) != len(unit_matrix):
            return None
        units = [
            StoredUnit(**{**r, "tokens": tuple(r["tokens"]), "vector": tuple(map(float, row))})
            for r, row in zip(meta["units"], unit_matrix, strict=True)
        ]
        vectors: dict[str, np.ndarray] | None = None
        if meta["chunk_vectors"]:
            if len(chunk_matrix) != len(chunks):
                return None
            vectors = {c.id: chunk_matrix[i] for i, c in enumerate(chunks)}
        texts = meta["sentences"]
        if len(texts) != len(sentence_matrix):
            return None
        sentences = {t: sentence_matrix[i] for i, t in enumerate(texts)}
        return Copies(chunks, units, vectors, sentences)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
        # A torn or foreign file: read the store instead (and write a fresh copy).
        log.info("ignoring the search copies in %s: %s", path, exc)
        return None
