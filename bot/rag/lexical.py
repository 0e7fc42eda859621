"""The lexical side of search: a BM25 index over one tokenization, with document frequencies."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np


class Lexical:
    """A BM25 index over one tokenization of the chunks, plus document frequencies."""

    def __init__(self, docs: list[list[str]]) -> None:
        import bm25s

        # bm25s sets its own logger to DEBUG on import; its index-building chatter is noise.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.size = len(docs)
        # b = 0.5 (not the usual 0.75): sections range from one line to a page, and full
        # length normalisation let one-line sections that merely mention a term outrank the
        # section about it. Chosen on the dev set (MRR@10 0.899 -> 0.917).
        self.bm25 = bm25s.BM25(k1=1.2, b=0.5)
        # bm25s cannot index an empty corpus or empty documents; a placeholder token keeps
        # positions aligned with the chunk list.
        self.bm25.index([d or ["\x00"] for d in docs] or [["\x00"]], show_progress=False)
        self.df: dict[str, int] = {}
        for d in docs:
            for tok in set(d):
                self.df[tok] = self.df.get(tok, 0) + 1
        self.doc_sets = [set(d) for d in docs]

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        known = [t for t in tokens if t in self.df]
        if not known or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)[: self.size]

    def idf(self, token: str) -> float:
        df = self.df.get(token, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def novelty(self, tokens: Sequence[str]) -> float:
        """Share of query tokens the course never uses; 1.0 for a query with no content words."""
        if not tokens:
            return 1.0
        return sum(1 for t in tokens if t not in self.df) / len(tokens)

    def coverage(self, tokens: Sequence[str], index: int) -> float:
        """IDF-weighted share of query terms present in document `index`."""
        terms = set(tokens)
        if not terms:
            return 0.0
        total = sum(self.idf(t) for t in terms)
        found = sum(self.idf(t) for t in terms if t in self.doc_sets[index])
        return found / total if total else 0.0
