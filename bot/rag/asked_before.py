"""What answered the questions nearest to this one: a prior from students' labelled questions.

The course folder's scope examples (`scope-examples.jsonl`) are students' questions about
this lesson, and each in-scope one may carry its answer key: the facts a correct answer
says, as groups of alternatives. The answer units that say every fact of an example's key
answered it. A new question near in meaning to some examples (e5 vectors, which search
computes for the scope decision anyway) is likely answered by the units that answered them:
that likelihood is one of the things `bot.rag.extract` weighs for a unit.

It generalises where the hand-written signals do not: a student's new wording of a fact
that other students asked for in other words is near their questions, whatever words it
uses. (Measured leaving each batch of the tuning set out in turn, its nearest examples taken
from the other batches: the best unit said every key fact for 86.1 % of the questions
without it, 89.1 % with it at weight 1.0, 89.5 % as `bot.rag.extract` weighs it (1.2, not
for every kind of question); on the dev set, none of whose questions are examples, 85.4 →
88.8 %.)

An example never vouches for itself: a question asked word for word as an example is scored
from its neighbours only, so that `studybot eval --answers` on the tuning set measures
questions as if unseen, as the held-out batch is.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bot.rag.unit_index import UnitIndex

NEIGHBOURS = 5
"""How many of the nearest examples speak for a question."""
TEMPERATURE = 0.02
"""How fast an example's say fades with its distance from the nearest one (cosine): e5
puts a paraphrase at about 0.92-0.95 from its question and a question about another fact of
the same section at 0.86-0.90."""

Key = tuple[tuple[str, ...], ...]
"""An answer key: facts, each as its alternative wordings."""


def normalise(text: str) -> str:
    """NFKC, lower case, one kind of quote and dash, single spaces: what "says" compares."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    return re.sub(r"\s+", " ", text)


def says_fact(text: str, group: Sequence[str]) -> bool:
    """True when any alternative wording of a key fact occurs in `text`."""
    haystack = normalise(text)
    return any(normalise(alt) in haystack for alt in group)


def _same_question(text: str) -> str:
    return re.sub(r"[^\w]+", " ", normalise(text)).strip()


class AskedBefore:
    """The labelled examples, each with the answer units (by matrix row) that answered it."""

    def __init__(
        self,
        texts: Sequence[str],
        vectors: npt.NDArray[np.float32],
        keys: Sequence[Key],
        units: UnitIndex,
        sections: Sequence[frozenset[int]] = (),
    ) -> None:
        # All the units' text as one string, searched once per distinct wording (a unit
        # by unit scan for each example took 0.16 s at every start; this, about 0.02 s).
        said = [normalise(u.shown()) for u in units.units]
        starts = list(itertools.accumulate((len(t) + 1 for t in said), initial=0))
        joined = "\0".join(said)
        found: dict[str, frozenset[int]] = {}

        def saying(wording: str) -> frozenset[int]:
            rows = found.get(wording)
            if rows is None:
                hits: set[int] = set()
                at = joined.find(wording)
                while at >= 0:
                    hits.add(bisect.bisect_right(starts, at) - 1)
                    at = joined.find(wording, at + 1)
                rows = found[wording] = frozenset(hits)
            return rows

        rows: list[npt.NDArray[np.intp]] = []
        kept: list[int] = []
        for i, key in enumerate(keys):
            if not key:
                continue
            sets: list[frozenset[int]] = [
                frozenset().union(*(saying(normalise(a)) for a in g)) for g in key
            ]
            saying_all: frozenset[int] = frozenset.intersection(*sets) if sets else frozenset()
            # Of those, the units of the sections that answer it, when the example names
            # them: a key as short as "RAG" is said by a dozen units, the overview's line,
            # the quiz and fine-tuning's "RAG와는 달리" among them, and each had got a
            # twelfth of the example's say.
            where: frozenset[int] = sections[i] if i < len(sections) else frozenset()
            answering = sorted((saying_all & where) or saying_all)
            # (An example whose key no unit says, after the course changed, says nothing.)
            if answering:
                kept.append(i)
                rows.append(np.asarray(answering, dtype=np.intp))
        self.units = units
        self.vectors = np.asarray(vectors, dtype=np.float32)[kept] if kept else None
        self._rows = rows
        self._texts = [_same_question(texts[i]) for i in kept]

    def __len__(self) -> int:
        return len(self._rows)

    def _nearest(self, vector: Sequence[float], question: str) -> list[tuple[float, int]]:
        """The nearest examples (never the question itself) and each one's share of their
        say (distance-weighted, summing to 1), nearest first."""
        if self.vectors is None or not len(vector):
            return []
        sims = self.vectors @ np.asarray(vector, dtype=np.float32)
        asked = _same_question(question)
        for i, text in enumerate(self._texts):
            if text == asked:
                sims[i] = -np.inf
        n = min(NEIGHBOURS, int(np.isfinite(sims).sum()))
        if n == 0:
            return []
        nearest = np.argpartition(-sims, n - 1)[:n]
        nearest = nearest[np.argsort(-sims[nearest])]
        weights = np.exp((sims[nearest] - sims[nearest[0]]) / TEMPERATURE)
        total = float(weights.sum())
        return [(float(w) / total, int(i)) for w, i in zip(weights, nearest, strict=True)]

    def says(
        self, vector: Sequence[float], question: str
    ) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
        """The nearest examples' say, found once, two ways: by unit (`prior`) and by section
        (`sections_said`)."""
        nearest = self._nearest(vector, question)
        return self._by_unit(nearest), self._by_section(nearest)

    def prior(self, vector: Sequence[float], question: str) -> dict[str, float]:
        """For each unit that answered some of the question's nearest examples, how much of
        their (distance-weighted) say it has: 0..1. An example with several answering units
        shares its say among them (by the square root of their number: two units that both
        say the fact are each still likely answers)."""
        return self._by_unit(self._nearest(vector, question))

    def sections_said(self, vector: Sequence[float], question: str) -> dict[tuple[str, str], float]:
        """For each section (source, heading) that answered some of the question's nearest
        examples, the share of their say it has: 0..1, whatever number of its units said
        the key. (Per unit, a key as short as "RAG", said by six overlapping units of one
        section, left each unit too little of the say to count.)"""
        return self._by_section(self._nearest(vector, question))

    def _by_unit(self, nearest: list[tuple[float, int]]) -> dict[str, float]:
        out: dict[str, float] = {}
        for say, i in nearest:
            rows = self._rows[i]
            share = say / len(rows) ** 0.5
            for r in rows:
                unit_id = self.units.units[int(r)].id
                out[unit_id] = out.get(unit_id, 0.0) + share
        return out

    def _by_section(self, nearest: list[tuple[float, int]]) -> dict[tuple[str, str], float]:
        units = self.units.units
        out: dict[tuple[str, str], float] = {}
        for say, i in nearest:
            for where in {(units[int(r)].source, units[int(r)].heading) for r in self._rows[i]}:
                out[where] = out.get(where, 0.0) + say
        return out
