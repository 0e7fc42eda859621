"""The answer units of the loaded course, by section, with their vectors as one matrix."""

from __future__ import annotations

import numpy as np

from bot.rag.store import StoredUnit


class UnitIndex:
    """The answer units of the course, by section, with their vectors as one matrix."""

    def __init__(self, units: list[StoredUnit]) -> None:
        self.units = units
        self.matrix = (
            np.asarray([u.vector for u in units], dtype=np.float32)
            if units
            else np.zeros((0, 0), dtype=np.float32)
        )
        self.by_section: dict[tuple[str, str], list[int]] = {}
        self._by_lang: dict[str, np.ndarray] = {}
        self._rows = {u.id: i for i, u in enumerate(units)}
        for i, u in enumerate(units):
            self.by_section.setdefault((u.source, u.heading), []).append(i)

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
