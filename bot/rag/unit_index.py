"""The answer units of the loaded course, by section, with their vectors as one matrix."""

from __future__ import annotations

import numpy as np

from bot.rag.store import StoredUnit
from bot.rag.units import unit_pieces


class UnitIndex:
    """The answer units of the course, by section, with their vectors as one matrix."""

    def __init__(
        self, units: list[StoredUnit], sentences: dict[str, np.ndarray] | None = None
    ) -> None:
        self.units = units
        self.matrix = (
            np.asarray([u.vector for u in units], dtype=np.float32)
            if units
            else np.zeros((0, 0), dtype=np.float32)
        )
        self.by_section: dict[tuple[str, str], list[int]] = {}
        self._by_lang: dict[str, np.ndarray] = {}
        self._rows = {u.id: i for i, u in enumerate(units)}
        # Each unit's sentences' vectors (rows in `sentences`), when the store has them:
        # a question is also measured against the one sentence of a unit that answers it.
        self.sentence_matrix: np.ndarray | None = None
        self._sentence_rows: list[np.ndarray] = []
        if sentences and units:
            texts = list(sentences)
            where = {t: i for i, t in enumerate(texts)}
            rows = [[where[p] for p in unit_pieces(u.text) if p in where] for u in units]
            if all(rows):
                self.sentence_matrix = np.stack([sentences[t] for t in texts]).astype(np.float32)
                self._sentence_rows = [np.asarray(r, dtype=int) for r in rows]
        for i, u in enumerate(units):
            self.by_section.setdefault((u.source, u.heading), []).append(i)

    def best_sentence(self, rows: list[int], vector: np.ndarray) -> np.ndarray | None:
        """For units (by matrix row): the similarity of each one's closest sentence to
        `vector`; None when the sentences' vectors are not loaded."""
        return self._per_unit(rows, vector, highest=True)

    def weakest_sentence(self, rows: list[int], vector: np.ndarray) -> np.ndarray | None:
        """For units (by matrix row): the similarity of each one's least similar sentence to
        `vector`; None when the sentences' vectors are not loaded."""
        return self._per_unit(rows, vector, highest=False)

    def _per_unit(self, rows: list[int], vector: np.ndarray, highest: bool) -> np.ndarray | None:
        matrix = self.sentence_matrix
        if matrix is None:
            return None
        sims = matrix @ vector
        pick = np.max if highest else np.min
        return np.asarray([float(pick(sims[self._sentence_rows[r]])) for r in rows], np.float32)

    def row(self, unit_id: str) -> int:
        """The matrix row of a unit."""
        return self._rows[unit_id]

    def rows_of_lang(self, lang: str) -> np.ndarray:
        """Matrix rows of one language's units."""
        rows = self._by_lang.get(lang)
        if rows is None:
            rows = np.asarray([i for i, u in enumerate(self.units) if u.lang == lang], dtype=int)
            self._by_lang[lang] = rows
        return rows

    def of(self, source: str, heading: str) -> list[int]:
        """Indexes of one section's units, in reading order."""
        return self.by_section.get((source, heading), [])
