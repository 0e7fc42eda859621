"""What a question says something is good at and what it says it is not, matched against
what a unit says on each side of its "but".

The lesson's roles are told apart by the same words on opposite sides: the content creator
is "very good at writing engaging and informative content, but … not very good at
understanding the topic"; the reviewer is good at "understanding context, but … not good at
generating content". A question asking "who gets context but can't produce content?" meets
both paragraphs' words equally, and e5, which reads no negation, put the creator nearest
(3 of the tuning set's questions had got the wrong role first). A question word said on the
side the question puts it counts for the unit, on the other side against it.

Pure functions over text: the caller tokenizes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.kernel.lang import is_hangul
from bot.rag.glossary import SCENE_END

_NEGATIVE = re.compile(
    r"n't\b|\b(?:not|never|cannot|unable|weak|poor(?:ly)?|bad\s+at|struggl\w*|fails?\s+to)\b"
    r"|못|않|약하|약한|약해|서툴|서툰|수 없",
    re.I,
)
"""A clause that denies an ability ("can't", "weak at", "잘 못", "능숙하지 않습니다").
(Not "없이", "without": what a question sets aside is not a weakness it asks about; "수
없" is: "내부를 볼 수 없는 모델".)"""

_QUESTION_CLAUSES = re.compile(
    r",?\s+but\s+|\s*;\s*|\bwhereas\b|,\s+(?=not\b)|지만\s*|는데\s+|고\s+", re.I
)
"""Where a question turns: "gets context but can't produce content", "understands text, not
writes it", "이해만 하고 글은 잘 못 쓰는" (a question's "-고" joins the two sides it
contrasts)."""

_UNIT_CLAUSES = re.compile(
    r"(?<=[.!?])\s+|,?\s+but\s+|\s*;\s*|\bhowever\b,?|\bwhereas\b|지만\s*|으나\s+"
    r"|그러나\s*|하지만\s*",
    re.I,
)
"""Where a unit turns (a unit's "-고" lists, it does not contrast: "보고 … 파악하고")."""

_WISH_NOT = re.compile(r"\b(?:rather|prefer(?:red)?(?: to)?|hope|want|wish) not\b", re.I)
"""A wish to avoid something ("we'd rather not", "prefer not to"), said with "not"."""

_ASKS_WHICH = re.compile(
    r"^\s*(?:which|what)\s+(?:\w+\s+)?(?:models?|types?|kinds?|ones?|architectures?"
    r"|colleagues?|roles?)\b"
    r"|(?:못하는|못 하는|않는|약한|서툰)\s*(?:모델|유형|종류|역할|쪽|동료)"
    r"|(?:어떤|어느|무슨)\s*(?:모델|유형|종류|역할|쪽|동료)"
    # ("들여다볼 수 있는 모델 유형은?": the kind that can, asked by what it can.)
    r"|(?:있는|되는)\s*(?:모델|유형|종류|역할|쪽)\S*\s*(?:유형|종류)?\S*\s*\??\s*$",
    re.I,
)
"""A question asking which one (model, kind, role) does what it denies."""

_WISH = re.compile(
    r"\b(?:want|wants|wanted|need|needs|would like|'d like|wish|hope) to\b|싶|원해|원하|원한",
    re.I,
)
"""A scene that says what the asker wishes to do ("I want to modify…", "…고치고 싶어")."""

_ASKS_WHICH_SIDE = re.compile(
    r"\bwhich (?:\w+ )?(?:sides?|licen[cs]es?)\b|(?:어느|어떤) ?쪽|라이선스|라이센스", re.I
)
"""A question asking which of two sides (a licence's): not any "which model?" after a wish,
which asks for the model that does the task ("our orchestra wants to generate program notes.
which models…?" had got the content creator's "good at writing" as a second point)."""


MAX_MATCH = 2.0
"""Two words on the asked sides decide the roles' paragraphs; more is the same evidence."""


def _sides(
    clauses: list[str], tokenize: Callable[[str], list[str]]
) -> tuple[frozenset[str], frozenset[str]]:
    good: set[str] = set()
    bad: set[str] = set()
    for clause in clauses:
        (bad if _NEGATIVE.search(clause) else good).update(tokenize(clause))
    return frozenset(good), frozenset(bad)


_KIN = (
    (
        # (Not "written": the reviewer looks at "the course written", which is no ability.)
        "write writes writing generate generates generating produce produces producing "
        "create creates creating draft drafting compose composing",
        "쓰 작성 생성 만들",
    ),
    ("understand understands understanding comprehend comprehends grasp grasps", "이해 파악"),
)
"""The lesson's roles' abilities in the words students use for them, in English and in
Korean: "which one can't write well?" asks for the reviewer, "not good at generating
content" (the creator, "very good at writing…", had led on "write")."""


def with_kin(
    sides: tuple[frozenset[str], frozenset[str]], tokenize: Callable[[str], list[str]]
) -> tuple[frozenset[str], frozenset[str]]:
    """Each side of `asked_sides` with the words akin to its own (`_KIN`): any of a group's
    words on a side brings the others. (Each language's group only for words in its script:
    an English question never loads the Korean tokenizer.)"""

    def kin(words: frozenset[str]) -> frozenset[str]:
        out = set(words)
        for english, korean in _KIN:
            for group_text, script in ((english, False), (korean, True)):
                if not any(any(is_hangul(ch) for ch in w) == script for w in words):
                    continue
                group = set(tokenize(group_text))
                if group & words:
                    out |= group
        return frozenset(out)

    return kin(sides[0]), kin(sides[1])


def asked_sides(
    question: str,
    tokenize: Callable[[str], list[str]],
    course_words: Callable[[str], list[str]] | None = None,
) -> tuple[frozenset[str], frozenset[str]]:
    """The words the question says on the side of an ability and on the side of a lack;
    empty unless it contrasts the two, asks which one lacks an ability (the lack's words; after
    a scene, the ask's alone), or asks which one can after a scene that says what cannot be
    (its ask's words, on the side of the ability). A word on both sides ("good") tells
    nothing.

    A question that only denies ("디코더 전용 모델은 뭘 잘 못해?") puts its subject on the
    side of the lack, and the unit that answers it names that subject where it says what the
    model does: it is not read for sides (that had pushed the answer down)."""
    # What the asker would rather not do is a wish, not a lack: "we'd rather not manage any
    # servers when deploying from the catalog" had put the catalog's "Not all models…" note
    # first, its deployment on the denied side.
    question = _WISH_NOT.sub("", question)
    *told, ask = SCENE_END.split(question.strip())
    scene = " ".join(told)
    if (
        scene
        and _NEGATIVE.search(scene)
        and not _NEGATIVE.search(ask)
        and _ASKS_WHICH.search(ask)
        # (What the ask affirms is what the scene denies: "a model that only understands
        # text, not writes it. which architecture?" asks of the scene's own contrast. Said in
        # other words, the course's words for them meet: "감사할 수 없는 업체…" then "들여다볼
        # 수 있는 모델 유형은?" both say the lesson's "검사".)
        and _words(ask, tokenize, course_words) & _words(scene, tokenize, course_words)
    ):
        # A scene that denies, then an ask that affirms: "the bank refuses any model whose
        # internals they can't inspect. which kind can they inspect?" asks which one can, and
        # the scene's "can't" is why (the proprietary models' "not allowed to be inspected"
        # had led). The ask's words are on the side of the ability.
        # (With the course's words for the ask's, `course_words`: "들여다볼 수 있어" is the
        # lesson's "검사". Only here: a contrast read with them had put the proprietary models'
        # "optimized for production use" first for a question about hosted services.)
        return frozenset(_words(ask, tokenize, course_words)), frozenset()
    if (
        scene
        and _WISH.search(scene)
        and not _NEGATIVE.search(scene)
        and not _NEGATIVE.search(ask)
        and _ASKS_WHICH_SIDE.search(ask)
    ):
        # A wish, then which side: "모델을 내 마음대로 뜯어고치고 싶어. 어느 쪽 라이선스가
        # 맞아?" asks which one can do what is wished (the proprietary models' "cannot be
        # inspected, modified or customized" had led on the same words). The wish's words,
        # with the course's words for them, are on the side of the ability.
        return frozenset(_words(scene, tokenize, course_words)), frozenset()
    clauses = [c for c in _QUESTION_CLAUSES.split(question) if c.strip()]
    denied = [bool(_NEGATIVE.search(c)) for c in clauses]
    if all(denied) and _ASKS_WHICH.search(question):
        # Which one lacks an ability ("which model type is NOT good at generating content?"):
        # the ability is given and the subject asked, so the lack's words are the question's
        # (the content creator, "very good at writing … content", had led).
        return frozenset(), _sides(clauses, tokenize)[1]
    ask_clauses = [c for c in _QUESTION_CLAUSES.split(ask) if c.strip()]
    if (
        scene
        and not _NEGATIVE.search(scene)
        and ask_clauses
        and all(_NEGATIVE.search(c) for c in ask_clauses)
        and _ASKS_WHICH.search(ask)
    ):
        # The same after a scene that denies nothing: "two colleagues in the quiz story.
        # which one isn't good at understanding the topic?" read its "which one" only at the
        # start of the whole message, and no lack was read (the scene's words say who is
        # asked about, not the lack).
        return frozenset(), _sides(ask_clauses, tokenize)[1]
    if not any(denied) or all(denied):
        return frozenset(), frozenset()
    good, bad = _sides(clauses, tokenize)
    both = good & bad
    if not good - both or not bad - both:
        return frozenset(), frozenset()
    return good - both, bad - both


def _words(
    text: str,
    tokenize: Callable[[str], list[str]],
    course_words: Callable[[str], list[str]] | None,
) -> set[str]:
    """The words of `text` and the course's words for them."""
    return {*tokenize(text), *(course_words(text) if course_words is not None else [])}


def unit_sides(
    text: str, tokenize: Callable[[str], list[str]]
) -> tuple[frozenset[str], frozenset[str]]:
    """The words a unit says on the side of an ability and on the side of a lack."""
    return _sides([c for c in _UNIT_CLAUSES.split(text) if c.strip()], tokenize)


def side_match(
    asked: tuple[frozenset[str], frozenset[str]],
    said: tuple[frozenset[str], frozenset[str]],
) -> float:
    """+1 for each asked word the unit says only on the side the question puts it, -1 for
    each it says only on the other side (at most `MAX_MATCH` either way); 0 when the question
    asks of no side or the unit turns nowhere (a plain statement takes no side)."""
    good, bad = asked
    said_good, said_bad = said
    # (An ask with no lack, only an ability, is the affirmed ask after a scene that denies.)
    if not (good or bad) or not said_bad:
        return 0.0
    score = 0
    for word in good | bad:
        on_good, on_bad = word in said_good, word in said_bad
        if on_good == on_bad:
            continue
        score += 1 if on_good == (word in good) else -1
    return max(-MAX_MATCH, min(MAX_MATCH, float(score)))
