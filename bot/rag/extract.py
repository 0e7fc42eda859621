"""Choosing what an offline answer says: the answer units that answer the question.

Each unit of the retrieved sections (see `bot.rag.units`) is scored against the question by
meaning (the question's e5 vector, which search already computed, against the unit's vector
from index time), by the question's words (IDF-weighted, glossary included) and by what kind
of question it is: a definition ("What is X?", "X란?") wants the unit that defines X, best in
X's own section; "examples" wants units that name examples; "downsides" wants the "however"
units; "when" the conditions; "who" the people. The best unit leads; at most two more follow,
and only when they add something the others do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.rag.ingest import split_sentences
from bot.rag.search import Hit, SearchResult, UnitIndex
from bot.rag.store import StoredUnit

MAX_POINTS = 3
MAX_CHARS = 1100
"""A soft cap on the answer's length: a fourth long list would bury the first point."""

# Weights, chosen on the tuning part of the dev set (`studybot eval --answers`).
W_DENSE = 1.0
DENSE_CLIP = 1.5
"""Dense scores are z-scores among the candidates, clipped to ± this."""
W_LEXICAL = 2.2
W_SECTION = 1.2
W_HEADING = 0.5
W_KIND = 1.3
W_NAMED = 2.0
"""The question names the section ("the knowledge check", "the challenge")."""
W_DEFINES = 1.6
CROSS_PENALTY = 1.2
"""A unit from the other language's version must be this much better to be used."""
QUIZ_PENALTY = 1.5
POINTER_PENALTY = 1.5
"""A "read more" sentence answers only what nothing else in the lesson answers."""
SAME_SECTION_MARGIN = 1.3
OTHER_SECTION_MARGIN = 0.8
MIN_NEW_SHARE = 0.4
"""A further point must bring this share of content words the answer does not have yet."""

QuestionKind = str

_KINDS_EN: dict[QuestionKind, re.Pattern[str]] = {
    "examples": re.compile(
        r"\b(examples?|such as|for instance|name (some|a few)|which (models|ones)|what models)\b",
        re.I,
    ),
    "drawbacks": re.compile(
        r"\b(downsides?|disadvantages?|drawbacks?|cons|limitations?|limits?|weakness(es)?"
        r"|problems? with|risks?)\b",
        re.I,
    ),
    "advantages": re.compile(
        r"\b(advantages?|benefits?|pros|strengths?|why (use|would|should|is)|good for)\b", re.I
    ),
    "who": re.compile(r"^\s*who\b|\bwho (coined|created|made|offers|owns)\b", re.I),
    "when": re.compile(
        r"^\s*when\b|\bwhen (is|should|would|do)\b|\bin which case|\bwhat (situation|scenario)",
        re.I,
    ),
    "next": re.compile(r"\b(next|comes after|after this lesson|continue)\b", re.I),
    "purpose": re.compile(r"\b(used for|good for|use (it|them) for|purpose)\b", re.I),
    "enumeration": re.compile(
        r"^\s*(what|which) (\w+ )?(approaches|ways|types|kinds|options|goals|criteria|steps"
        r"|things)\b|\bwhat can (i|you|we)\b|\bwhat will (i|we)\b|\bwhat does it take\b",
        re.I,
    ),
}
_KINDS_KO: dict[QuestionKind, re.Pattern[str]] = {
    "examples": re.compile(
        r"(예시|예를|예로|예는|예가|예 좀|의 예|어떤 것들|뭐가 있|무엇이 있|어떤 게 있)"
    ),
    "drawbacks": re.compile(r"(단점|한계|문제점|약점|위험)"),
    "advantages": re.compile(r"(장점|이점|좋은 점|왜 .*(좋|써|쓰|효율))"),
    "who": re.compile(r"(누가|누구)"),
    "when": re.compile(r"(언제|어떤 경우|어떤 상황)"),
    "next": re.compile(r"(다음 강의|다음에는|다음 단계|이후에)"),
    "purpose": re.compile(r"(어디에 쓰|무엇에 쓰|어디에 사용|무엇에 사용|용도|쓰이나|쓰여)"),
    "enumeration": re.compile(r"(어떤 것|무엇을 (배우|할 수)|방법에는|종류|기준|목표|무엇을 수행)"),
}
_UNIT_FEATURES: dict[QuestionKind, re.Pattern[str]] = {
    "examples": re.compile(
        r"\b(examples?|such as|include|e\.g\.)\b|예로|예를 들어|예시|들 수 있|등이 있|있습니다\.$",
        re.I,
    ),
    "drawbacks": re.compile(
        r"\b(however|not|cannot|limited|limitation|costly|difficult|expensive|require)\b"
        r"|그러나|하지만|않|없|제한|한계|비용이 많이|어렵",
        re.I,
    ),
    "advantages": re.compile(
        r"\b(optimi[sz]ed|easier|better|helpful|cost[- ]effective|great|performant|fast)\b"
        r"|최적화|쉽|더 나은|유용|효율|우수|빠른|좋은",
        re.I,
    ),
    "who": re.compile(
        r"\b(researchers?|coined|company|offered by|owned by)\b|연구진|만든|회사", re.I
    ),
    "when": re.compile(r"\b(if|when|scenario|only)\b|경우|때|시나리오", re.I),
    "purpose": re.compile(
        r"\b(used for|used to|can be used|used in)\b|사용됩니다|쓰입니다|사용할 수 있|사용됩|활용",
        re.I,
    ),
}
_DEFINITION_EN = re.compile(
    r"^\s*(?:so\s+)?(?:what|wht)\s*(?:is|are|'s|r)\s+(?:exactly\s+)?(?:an?\s+|the\s+)?"
    r"(?P<x>[^?]{1,60}?)\s*\??\s*$",
    re.I,
)
_DEFINITION_KO = re.compile(
    r"^\s*(?P<x>.{1,30}?)\s*(?:이란|란|이라는 건|라는 건|은|는|이|가)?\s*"
    r"(?:무엇인가요|무엇이에요|무엇입니까|무엇이죠|뭐야|뭐예요|뭐에요|뭔가요|뭐지|뭘까|무엇일까요|뭐임|뜻은)?\s*\??\s*$"
)
_NOT_DEFINITION = re.compile(
    r"\b(difference|used for|good for|answer|challenge|goal|after|next)\b|차이|다음|정답", re.I
)
_DEFINES = re.compile(
    r"\b(is|are)\s+(a|an|the|models?|process|technique|product|just|like)\b"
    r"|\brefers? to\b|\bcalled\b|\bdefined as\b|, a technique|the so-called"
    r"|입니다|이라고 합니다|라고 합니다|기술인|로 정의|이라고 하|것을 .*이라고",
    re.I,
)
_QUIZ_QUESTION = re.compile(
    r"\b(quiz|knowledge check|answer|better|best)\b|퀴즈|정답|지식 점검|더 좋|뭐가 나|중에", re.I
)


def question_kinds(question: str) -> set[QuestionKind]:
    """The kinds of answer a question asks for ("examples", "drawbacks", …)."""
    kinds = {k for k, p in _KINDS_EN.items() if p.search(question)}
    kinds |= {k for k, p in _KINDS_KO.items() if p.search(question)}
    if defined_term(question):
        kinds.add("definition")
    return kinds


def defined_term(question: str) -> str:
    """X in "What is X?" / "X란?" / "X가 뭐야?", or "" when the question is not a definition."""
    q = question.strip()
    if _NOT_DEFINITION.search(q):
        return ""
    match = _DEFINITION_EN.match(q)
    if match and len(match.group("x").split()) <= 5:
        return match.group("x").strip(" ?")
    if re.search(r"[가-힣]", q) and re.search(
        r"(이란|란|무엇|뭐|뭔|뜻)\s*(인가요|이에요|입니까|이죠|야|예요|에요|가요|지|일까요|임|은)?\s*\??\s*$",
        q,
    ):
        match = _DEFINITION_KO.match(q)
        if match:
            return match.group("x").strip(" ?")
    return ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit considered for the answer, with the section it comes from."""

    unit: StoredUnit
    hit: Hit
    score: float
    tokens: frozenset[str]
    similarity: float = 0.0
    """Raw cosine similarity between the question and the unit."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The units an answer quotes: the best first, the rest in course order."""

    points: tuple[Candidate, ...]
    kinds: frozenset[QuestionKind]


class Extractor:
    """Scores and picks answer units. Pure computation over the loaded unit index."""

    def __init__(
        self,
        units: Callable[[], UnitIndex],
        idf: Callable[[str], float],
        tokenize: Callable[[str], list[str]],
        expand: Callable[[str], list[str]] = lambda _text: [],
    ) -> None:
        self._units = units
        self.expand = expand
        self.idf = idf
        self.tokenize = tokenize
        self._heading_tokens: dict[str, frozenset[str]] = {}

    def _heading(self, heading: str) -> frozenset[str]:
        own = heading.split(" > ")[-1]
        if own not in self._heading_tokens:
            self._heading_tokens[own] = frozenset(self.tokenize(own))
        return self._heading_tokens[own]

    def candidates(
        self, question: str, result: SearchResult, sections: Sequence[Hit], lang: str
    ) -> tuple[list[Candidate], frozenset[QuestionKind]]:
        """Every unit of the given sections (and the other version's best), scored."""
        index = self._units()
        kinds = frozenset(question_kinds(question))
        term = defined_term(question)
        # The asked term as written, and the course's other names for it ("파인튜닝" ->
        # "미세 조정"): a unit defines it when one of its sentences names it and defines.
        forms = {term.lower(), *(e.lower() for e in self.expand(term))} if term else set()
        qtokens = [t for t in dict.fromkeys(result.tokens)]
        asked = set(qtokens) | {p for t in qtokens for p in _parts(t)}
        weights = {t: self.idf(t) for t in qtokens}
        total = sum(weights.values()) or 1.0
        pool: list[tuple[StoredUnit, Hit, int]] = []
        seen: set[tuple[str, str]] = set()
        for rank, hit in enumerate([*sections, *result.other]):
            key = (hit.source, hit.heading)
            if key in seen:
                continue
            seen.add(key)
            units = [index.units[i] for i in index.of(hit.source, hit.heading)]
            only_pointers = all(u.kind == "pointer" for u in units)
            for u in units:
                if u.kind == "pointer" and not only_pointers:
                    continue  # "read more here" answers nothing while its section says more
                pool.append((u, hit, rank if hit in sections else len(sections)))
        if not pool:
            return [], kinds
        if result.vector and index.matrix.size:
            qv = np.asarray(result.vector, dtype=np.float32)
            rows = [index.row(u.id) for u, _h, _r in pool]
            sims = index.matrix[rows] @ qv
            spread = float(sims.std()) or 1.0
            # Clipped: one odd vector must not outvote every other signal.
            dense = np.clip((sims - float(sims.mean())) / spread, -DENSE_CLIP, DENSE_CLIP)
        else:
            sims = dense = np.zeros(len(pool), dtype=np.float32)
        quizzy = bool(_QUIZ_QUESTION.search(question))
        out: list[Candidate] = []
        for (unit, hit, rank), d, sim in zip(pool, dense, sims, strict=True):
            utokens = frozenset(unit.tokens)
            # A section's heading names what every unit in it is about. "decoder-only"
            # in a question meets "Decoder only" in the text through its parts.
            heading = self._heading(hit.heading)
            about = utokens | heading
            # Words the unit itself says count fully; words only its heading says, half.
            lexical = (
                sum(
                    w * (1.0 if _says(t, utokens) else 0.5 if _says(t, about) else 0.0)
                    for t, w in weights.items()
                )
                / total
            )
            named = bool(heading) and heading <= asked
            if named:  # the question names this section: its heading's words are its own
                lexical = sum(w for t, w in weights.items() if _says(t, about)) / total
            score = W_DENSE * float(d) + W_LEXICAL * lexical + W_SECTION / (1 + rank)
            text = unit.text
            score += W_KIND * sum(
                1 for k in kinds if k in _UNIT_FEATURES and _UNIT_FEATURES[k].search(text)
            )
            if "enumeration" in kinds and unit.kind == "list":
                score += W_KIND
            if named:
                score += W_NAMED
            if unit.kind == "pointer" and not named:
                score += W_KIND if "next" in kinds else -POINTER_PENALTY
            defines = _defines(text, forms) if forms and "definition" in kinds else 0.0
            if defines:
                score += W_DEFINES * defines
                if any(f in hit.heading.lower() for f in forms):
                    score += W_HEADING
            if unit.kind == "quiz":
                score += W_KIND if quizzy else -QUIZ_PENALTY
            if unit.lang != lang:
                score -= CROSS_PENALTY
            out.append(Candidate(unit, hit, score, utokens, float(sim)))
        return out, kinds

    def choose(
        self, question: str, result: SearchResult, sections: Sequence[Hit], lang: str
    ) -> Choice:
        """The best unit, then up to two more that add something, never overlapping."""
        scored, kinds = self.candidates(question, result, sections, lang)
        if not scored:
            return Choice((), kinds)
        ranked = sorted(scored, key=lambda c: -c.score)
        best = _widen(ranked[0], ranked)
        chosen = [best]
        used_sentences = set(_sentences(best.unit.text))
        used_tokens = set(best.tokens)
        size = len(best.unit.text)
        if best.unit.kind == "pointer":
            # A section that only points elsewhere (what comes next) is answered whole.
            for cand in ranked[1:]:
                same = (cand.hit.source, cand.hit.heading) == (best.hit.source, best.hit.heading)
                if same and cand.unit.kind == "pointer" and len(chosen) < MAX_POINTS:
                    chosen.append(cand)
        for cand in ranked[1:]:
            if len(chosen) >= MAX_POINTS or size >= MAX_CHARS:
                break
            same = (cand.hit.source, cand.hit.heading) == (best.hit.source, best.hit.heading)
            margin = SAME_SECTION_MARGIN if same else OTHER_SECTION_MARGIN
            if cand.score < best.score - margin:
                break  # sorted: nothing after this one is close enough either
            if cand.unit.kind == "pointer" or (cand.unit.group and _same_group(cand, chosen)):
                continue
            if used_sentences & set(_sentences(cand.unit.text)):
                continue
            new = cand.tokens - used_tokens
            if not cand.tokens or len(new) / len(cand.tokens) < MIN_NEW_SHARE:
                continue
            if not same and not any(t in cand.tokens for t in result.tokens):
                continue  # another section must at least speak of what was asked
            if size + len(cand.unit.text) > MAX_CHARS + 200:
                continue
            chosen.append(cand)
            used_sentences |= set(_sentences(cand.unit.text))
            used_tokens |= cand.tokens
            size += len(cand.unit.text)
        extra = _other_version(best, ranked, chosen, result)
        if extra is not None:
            # It holds the asked word, which nothing in the student's version does: it leads.
            chosen = [extra]
            best = extra
        # The best point leads; the others follow in the course's order.
        rest = sorted(
            chosen[1:],
            key=lambda c: (
                _section_order(c, chosen),
                c.unit.position,
            ),
        )
        return Choice((best, *rest), kinds)


WIDEN_MARGIN = 0.4
WIDEN_LIST_MARGIN = 2.0
"""A unit that quotes the best one and more, scoring nearly as well, is the better point."""


def _widen(best: Candidate, ranked: list[Candidate]) -> Candidate:
    """The best point, widened: to its whole list when several of the list's items answer
    the question, or to a unit that quotes it with the sentence that completes it."""
    if best.unit.kind == "item" and best.unit.group:
        close = [
            c
            for c in ranked
            if c.unit.group == best.unit.group
            and c.unit.source == best.unit.source
            and c.score >= best.score - WIDEN_LIST_MARGIN
        ]
        whole = next((c for c in close if c.unit.kind == "list"), None)
        if whole is not None and sum(1 for c in close if c.unit.kind == "item") >= 2:
            return whole
    mine = set(_sentences(best.unit.text))
    for c in ranked[1:]:
        if c.score < best.score - WIDEN_MARGIN:
            break
        if c.unit.kind == "sentence" and mine < set(_sentences(c.unit.text)):
            return c
    return best


def _other_version(
    best: Candidate, ranked: list[Candidate], chosen: list[Candidate], result: SearchResult
) -> Candidate | None:
    """The other version's best unit that says what only that version says, if the question
    asks for it: a word of the question that the student's version of the lesson never uses
    but the other one does ("gpt-4o", "Model Benchmarks")."""
    if not result.only_other or best.unit.lang != result.lang:
        return None
    wanted = set(result.only_other)
    other = [
        c
        for c in ranked
        if c.unit.lang != result.lang and c.unit.kind != "pointer" and wanted & c.tokens
    ]
    if not other:
        return None
    pick = other[0]  # ranked: the best-scoring one
    if any(set(_sentences(pick.unit.text)) & set(_sentences(c.unit.text)) for c in chosen):
        return None
    return pick


_WEAK_PARTS = frozenset({"only", "based", "to", "of", "up", "in", "like"})


def _says(token: str, tokens: frozenset[str]) -> bool:
    """`token` is among `tokens`, or all its meaningful parts are ("decoder-only" is said by
    "Decoder only model": "only" is a stop word the tokenizer drops)."""
    if token in tokens:
        return True
    parts = [p for p in _parts(token) if p not in _WEAK_PARTS]
    if not parts:
        return False
    # Standalone words only: "Encoder-Decoder" does not say "decoder-only".
    return all(p in tokens for p in parts)


def _parts(token: str) -> tuple[str, ...]:
    """The parts of a hyphenated token ("decoder-only" -> "decoder", "only"); () otherwise."""
    return tuple(p for p in token.split("-") if p) if "-" in token else ()


_KO_TOPIC = ("는", "은", "란", "이란", "이라", "(", " (")


def _defines(text: str, forms: set[str]) -> float:
    """How clearly `text` defines one of `forms`: 1.0 when a sentence opens with the term as
    its subject ("A service is…", "서비스는…", a list item labelled with it), 0.5 when a
    sentence merely names it and reads as a definition, else 0."""
    best = 0.0
    for sentence in _sentences(text):
        low = sentence.lower()
        for f in forms:
            if not f:
                continue
            head = re.sub(r"^(the term |an? |the )", "", low)
            if head.startswith(f):
                rest = head[len(f) :]
                if re.match(r"s?\s*(\([^)]*\))?\s*(is|are|refers|means|,|\.)", rest) or (
                    rest.startswith(_KO_TOPIC)
                ):
                    return 1.0
            if f in low and _DEFINES.search(sentence):
                best = 0.5
    return best


def _same_group(cand: Candidate, chosen: list[Candidate]) -> bool:
    return any(
        c.unit.group == cand.unit.group and c.unit.source == cand.unit.source for c in chosen
    )


def _section_order(cand: Candidate, chosen: list[Candidate]) -> int:
    for i, c in enumerate(chosen):
        if (c.hit.source, c.hit.heading) == (cand.hit.source, cand.hit.heading):
            return i
    return len(chosen)


def _sentences(text: str) -> list[str]:
    """The sentences a unit quotes, list items included (without their bullets)."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(split_sentences(line.strip().removeprefix("- ")))
    return out
