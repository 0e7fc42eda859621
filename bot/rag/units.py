"""Answer units: the pieces of a section that can stand on their own as one point of an answer.

A sentence is not always such a piece. "After completing this lesson, you will be able to:"
says nothing without its list; "However, they are not always optimized…" leans on the
sentence before it; "A:3, …" is half of a quiz; "Learn more about Whisper type models here."
is a link whose link is gone. So a section is cut into units that read well alone:

- `sentence`: a sentence of prose; one that opens with a connective ("However", "하지만")
  or a pointing phrase ("This means", "즉") carries the sentence(s) it leans on;
- `list`: a lead-in sentence ending in ":" together with its whole list;
- `item`: one list item (a bold item keeps its label, and an item of a lead-in list is
  shown under that lead-in);
- `quiz`: the knowledge check: its question, its choices and the answer line, together;
- `pointer`: "read more", "click the image", "head over to" sentences, and signposts ("Now,
  let's talk about…"). They answer only when they are all their section says (the
  Challenge, what comes next) or the question names their section;
- `examples`: a paragraph's opening sentence with the sentence that names examples of the
  same thing ("Proprietary models are models owned by a company… Examples of popular
  proprietary models include…"): an answer only to a question that asks for examples.

Headings, image captions and questions in the text are never units.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.rag.ingest import Section
from bot.rag.kinds import ELSEWHERE
from bot.rag.sentences import split_sentences

UnitKind = Literal["sentence", "list", "item", "quiz", "pointer", "examples"]

# How many sentences back a leaning sentence may reach for the one it leans on; a
# sentence that leans further than that is not a point at all.
MAX_LEAN = 4
MIN_CHARS = 12

_LEANS_EN = re.compile(
    r"^(however|but|also|plus|moreover|furthermore|in addition|additionally|differently"
    r"|this means|that means|in this case|in other words|i\.e\.|so,|therefore|thus|otherwise"
    r"|this can|this is|this technique|this option|it |they |these (?!are\b)"
    # "Some examples would be BART and T5." names no subject: the sentence before does.
    r"|some examples (would|are|of this)|examples include|an example of this|for example)",
    re.I,
)
_LEANS_KO = re.compile(
    r"^(하지만|그러나|또한|그리고|게다가|다만|즉|따라서|그래서|이 경우|이는|이를|이것이"
    r"|이 문제는|이 기법은|이 옵션은|이 과정은|이 구분을|다시 말해|이러한"
    r"|이들은|이 모델은|몇 가지 예로|예를 들어"
    # "단발성 학습 및 RAG와는 달리, …": unlike what? The sentence before names the subject.
    r"|[^,.]{1,40}(와|과)는? 달리,)"
)
PAIR_GROUP = "pair"
"""The group of a unit made of what falls short and what it lacks: it answers a question only
as far as both halves do (`bot.rag.extract`)."""
_SHORTFALL = re.compile(r"\b(might|may) not be enough\b|충분하지 않을 수 있", re.I)
"""A sentence saying that something may not be enough: what it lacks comes next."""
# "This technique is…", "이 기법은…": the sentence names its subject only by pointing at the
# noun an earlier sentence introduced; these are the nouns (and the words the course uses
# for the same thing) to look for.
_NAMES_REFERENT = re.compile(
    r"^(?:this|that) (technique|option|approach|process)\b|^이 (기법|옵션|과정)은", re.I
)
_REFERENT_NOUNS = {
    "technique": re.compile(r"\b(technique|approach|method)\b", re.I),
    "option": re.compile(r"\b(option|approach)\b", re.I),
    "approach": re.compile(r"\b(approach|technique|option)\b", re.I),
    "process": re.compile(r"\bprocess\b", re.I),
    "기법": re.compile(r"(기법|기술|방법)"),
    "옵션": re.compile(r"(옵션|방식|접근)"),
    "과정": re.compile(r"(과정|프로세스)"),
}
# "This is supported by…", "이는 …": about what the sentence just before said (RAG), not
# about the chain's subject (the limitation RAG overcomes). ("This can be overcome…" and
# "이를 위해서는…" do speak of the chain's subject: "LLMs have the limitation… This can be
# overcome through RAG" reads true.)
_POINTS_BACK = re.compile(r"^(?:this|that) (?:is|was)\b|^(?:이는|이것은|이것이) ", re.I)
_ADDS = re.compile(
    r"^(plus|also|moreover|furthermore|in addition|additionally|또한|게다가|그리고)\b", re.I
)
# The analogy's scene ("Imagine your manager gave you a task…"): it sets up the points that
# follow and answers nothing itself; the rest of its paragraph ("You have two colleagues; one
# oversees…") is still the scene.
_SCENE = re.compile(r"^imagine your\b|(다고 가정해 보겠습니다)[.!]?$", re.I)
_POINTER = re.compile(
    r"^(learn more|read more|read up|check out|head over|click the image|see also)|\bcheck out\b"
    r"|\b(learn more about|read more about)\b"
    r"|(알아보세요|확인하세요|살펴보세요|클릭하세요|높여보세요)[.!]?$"
    # Signposts announce what comes next and say nothing themselves.
    # (The lesson writes "let's" with either apostrophe.)
    r"|\blet['’]s (talk about|use an analogy|take)\b|^now, let['’]s"
    r"|(이야기해 보겠습니다|들어보겠습니다|살펴보겠습니다)[.!]?$"
    rf"|{_SCENE.pattern}",
    re.I,
)
_EXAMPLES = re.compile(
    r"^(some |an? )?examples?\b|^examples? of\b|의 (몇 가지 )?예로는|^예를 들어|^몇 가지 예로", re.I
)
"""A sentence that names the examples of what its paragraph opened with ("Examples of popular
proprietary models include…", "널리 사용되는 독점 모델의 예로는…")."""


def names_examples(text: str) -> bool:
    """Whether a unit opens by naming examples ("Some examples of Decoder models are GPT
    family models…") rather than saying what something is."""
    sentences = quoted_sentences(text)
    return bool(sentences) and _EXAMPLES.search(sentences[0]) is not None


_NOT_SUBJECT = frozenset(
    "example examples include includes would some that this these they there with"
    " 예로 예를 가지 있습 있는 있다 등이 같은".split()
)


def _subject_words(sentence: str) -> set[str]:
    """Rough content words, Korean ones by their first two syllables (their stem, roughly:
    "모델의" and "모델입니다" are both "모델")."""
    words = re.findall(r"[A-Za-z]{4,}|[가-힣]{2,}", sentence)
    return {w[:2] if "가" <= w[0] <= "힣" else w.lower() for w in words} - _NOT_SUBJECT


# A lead-in that says nothing by itself ("Here are some different approaches:", "다음은 몇
# 가지 접근 방식입니다:"): it is shown after the sentence it stands for.
_DEICTIC_LEAD = re.compile(r"^(here are|here is|the following|these are|다음은|다음과 같)", re.I)
# A lead-in that says when the thing named before it applies ("This would be the preferred
# approach if:", "다음과 같은 경우 선호되는 접근 방식입니다:"), not one that introduces things
# ("Here are some different approaches:"), whose items each name their own.
_CONDITION_LEAD = re.compile(r"\b(if|when|whenever)\s*[:：]\s*$|경우[^:：]*[:：]\s*$", re.I)
_ANSWER_LINE = re.compile(r"^\s*(A|정답|답)\s*[:：]\s*\d")


@dataclass(frozen=True, slots=True)
class Unit:
    """One self-contained piece of a section, in reading order."""

    id: str
    source: str
    heading: str
    lang: str
    position: int
    """Order within the section (units that overlap share the position of their start)."""
    kind: UnitKind
    text: str
    """What a student reads: one line, or a lead-in with its items as `  - ` lines."""
    group: str = ""
    """A list and its items share a group; answers never repeat a sentence anyway (see
    `quoted_sentences`), so a leaning sentence and the one it leans on need no group."""
    context: str = ""
    """Shown before `text`, never scored: the sentence naming what a condition is for ("Fine-
    tuning is a process…" before "This would be the preferred approach if: - Considering
    latency…"). Scored, its words had made every item of the list answer what the
    sentence itself answers."""

    def shown(self) -> str:
        """What a student reads: the context, then the text."""
        return shown_text(self.context, self.text)

    def pieces(self) -> list[str]:
        """The sentences this unit quotes, in order: what its vector is made from."""
        return unit_pieces(self.text)

    def plain(self) -> str:
        """The text on one line (for tokens)."""
        return plain_text(self.text)


def shown_text(context: str, text: str, said: Collection[str] = ()) -> str:
    """A unit's text after its context, unless the context is a sentence already `said` (an
    earlier point of the same answer quoted it)."""
    return f"{context} {text}" if context and context not in said else text


def plain_text(text: str) -> str:
    """A unit's text on one line, without list bullets."""
    return " ".join(part.strip().removeprefix("- ") for part in text.split("\n"))


def unit_pieces(text: str) -> list[str]:
    """The sentences a unit's text quotes, in order (its whole text when it quotes none):
    what its vector is the mean of, and what the sentences' collection holds."""
    return quoted_sentences(text) or [plain_text(text)]


def quoted_sentences(text: str) -> list[str]:
    """The sentences a unit's text quotes, list items included (without their bullets), in
    order and each once: two units that share one overlap."""
    return list(_quoted(text))


@lru_cache(maxsize=8192)
def _quoted(text: str) -> tuple[str, ...]:
    # Answering a question splits the same few hundred unit texts again and again (about 80
    # times per question): split each once per process.
    out: list[str] = []
    for line in text.split("\n"):
        for sentence in split_sentences(line.strip().removeprefix("- ")):
            if sentence not in out:
                out.append(sentence)
    return tuple(out)


def unit_id(source: str, heading: str, kind: str, text: str, context: str = "") -> str:
    """Content hash: unchanged text keeps its id, so re-indexing embeds only what changed."""
    shown = f"{context}\x00{text}" if context else text
    digest = hashlib.sha256(f"unit\x00{source}\x00{heading}\x00{kind}\x00{shown}".encode())
    return digest.hexdigest()[:32]


def _blocks(section: Section) -> list[tuple[str, list[str]]]:
    """("p", [sentences]) for prose and ("ul", [items]) for a list, in reading order."""
    blocks: list[tuple[str, list[str]]] = []
    for paragraph in section.paragraphs:
        prose: list[str] = []
        for line in paragraph.split("\n"):
            if line.startswith("- "):
                if prose:
                    blocks.append(("p", split_sentences(" ".join(prose))))
                    prose = []
                if blocks and blocks[-1][0] == "ul":
                    blocks[-1][1].append(line[2:].strip())
                else:
                    blocks.append(("ul", [line[2:].strip()]))
            else:
                prose.append(line)
        if prose:
            blocks.append(("p", split_sentences(" ".join(prose))))
    return blocks


def leans(sentence: str) -> bool:
    """True when a sentence cannot open a point: it continues the one before it (or, starting
    in lower case, is the rest of a sentence the source broke in two)."""
    if sentence[:1].islower():
        return True
    return bool(_LEANS_EN.match(sentence) or _LEANS_KO.match(sentence))


def _fact_with_subject(chain: list[str]) -> list[str]:
    """A chain's last fact with only the sentence that names its subject: "Open-source models
    are… [They are often… These models are…] However, they are not always optimized…". An
    additive sentence ("Plus, …", "또한 …") keeps the one it adds to: a second downside
    belongs with the first. A fact about "this technique" / "이 기법은" keeps the sentence that
    named the technique ("…overcome through RAG, a technique that…"), or it would say "this
    technique" of nothing. A sentence about what the one before it said ("This is supported
    by Vector database tools", "이는 …") keeps that one: after the chain's first sentence
    alone ("LLMs have the limitation…") it would say the limitation is supported by them."""
    if len(chain) <= 2:
        return chain
    tail = [chain[-1]]
    while len(tail) < len(chain) - 1 and (_ADDS.match(tail[0]) or _POINTS_BACK.match(tail[0])):
        tail.insert(0, chain[-1 - len(tail)])
    named = _NAMES_REFERENT.match(tail[0])
    if named:
        nouns = _REFERENT_NOUNS[(named.group(1) or named.group(2)).lower()]
        for i in range(len(chain) - len(tail) - 1, 0, -1):
            if nouns.search(chain[i]):
                return [chain[0], chain[i], *tail]
    return [chain[0], *tail]


def _item_text(item: str) -> str:
    """A list item without its "read more here" sentences (their links are gone)."""
    sentences = split_sentences(item)
    kept = [s for s in sentences if not is_pointer(s)]
    return " ".join(kept) if kept and len(kept) < len(sentences) else item


def _item_units(item: str) -> list[tuple[UnitKind, str]]:
    """An item as `_item_text` cuts it, and whole, as a pointer, when its pointer names a
    chapter of the curriculum.

    "which chapter covers DALL-E further?" is answered only by the pointer's "Chapter 9",
    which the cut item drops. The whole item is a pointer unit of its own (at the same
    position): it answers only a question that asks where else its subject is taught, and
    the cut item answers the rest without the pointer's "here".
    """
    cut = _item_text(item)
    if cut != item and any(is_pointer(s) and ELSEWHERE.search(s) for s in split_sentences(item)):
        return [("item", cut), ("pointer", item)]
    return [("item", cut)]


def is_pointer(sentence: str) -> bool:
    """A sentence that only points elsewhere (its link is gone from the text)."""
    return bool(_POINTER.search(sentence.strip()))


def is_scene(text: str) -> bool:
    """True when a pointer unit is the analogy's scene ("Imagine your manager gave you a
    task…", "You have two colleagues…"), not a signpost ("let's use an analogy") or a link."""
    text = text.strip()
    return bool(_SCENE.search(text)) or not is_pointer(text)


_SORTS = re.compile(r"\bcategori[sz]|\bclassif|분류", re.I)
"""A sentence that says how things are sorted ("Another way to categorize LLMs is…")."""


def _sorted_kinds(sentences: list[str], after: list[tuple[str, list[str]]]) -> list[str]:
    """The openings of the paragraphs that follow a paragraph of one sentence announcing a
    sorting, when at least two prose paragraphs follow it; [] otherwise."""
    if len(sentences) != 1 or not _SORTS.search(sentences[0]):
        return []
    openings = []
    for kind, parts in after:
        if kind != "p" or not parts:
            break
        openings.append(parts[0])
    return openings if len(openings) >= 2 else []


def section_units(section: Section, source: str, lang: str) -> list[Unit]:
    """Cut one section into answer units."""
    drafts: list[tuple[int, UnitKind, str, str]] = []  # position, kind, text, group
    contexts: dict[tuple[str, str], str] = {}  # (text, group): context (`Unit.context`)
    blocks = _blocks(section)
    position = 0
    skip_next = 0
    context: list[str] = []  # the prose sentences read so far, since the last list
    last_point = ""  # the last sentence read, with what it leans on
    shortfall: tuple[int, str] | None = None  # a sentence that says something falls short
    last_subject = ""  # the sentence that opens it (names what it is about)
    for b, (kind, parts) in enumerate(blocks):
        if skip_next:
            skip_next -= 1
            continue
        following = blocks[b + 1] if b + 1 < len(blocks) else None
        if kind == "ul":
            context = []
            for item in parts:
                for unit_kind, text in _item_units(item):
                    drafts.append((position, unit_kind, text, ""))
                position += 1
            continue
        sentences = [s for s in parts if s]
        lead = ""
        if following and following[0] == "ul" and sentences and sentences[-1].endswith(":"):
            lead = sentences.pop()
        quiz_question = ""
        if (
            following
            and following[0] == "ul"
            and sentences
            and sentences[-1].endswith(("?", "？"))
            and b + 2 < len(blocks)
            and blocks[b + 2][0] == "p"
            and blocks[b + 2][1]
            and _ANSWER_LINE.match(blocks[b + 2][1][0])
        ):
            quiz_question = sentences.pop()
        scene = False
        topic: tuple[int, str] | None = None  # the paragraph's opening point
        read: list[str] = []  # this paragraph's points so far (no pointers, no scene)
        for sentence in sentences:
            if len(sentence) < MIN_CHARS or sentence.endswith(("?", "？")):
                continue
            scene = scene or bool(_SCENE.search(sentence.strip()))
            if scene or is_pointer(sentence):
                if leans(sentence):
                    continue  # "To clarify this, let's take…": a signpost that leans is nothing
                drafts.append((position, "pointer", sentence, ""))
                position += 1
                continue
            read.append(sentence)
            # A leaning sentence may lean across a paragraph break, not across a list.
            chain = [sentence]
            while leans(chain[0]) and context and len(chain) <= MAX_LEAN:
                chain.insert(0, context.pop())
            context.extend(chain)
            last_point = " ".join(chain)
            if not leans(chain[0]):  # (a context never opens with "However"…)
                last_subject = chain[0]
            if not leans(chain[0]):
                # What falls short travels with what it lacks: "Selecting a model means you
                # get some basic capabilities, that might not be enough however. Often you have
                # company specific data…" answers "after you pick a model, what will you still
                # have to feed it?", which the first alone does not say. (The second stays a
                # point of its own too.)
                if shortfall is not None:
                    drafts.append(
                        (shortfall[0], "sentence", f"{shortfall[1]} {sentence}", PAIR_GROUP)
                    )
                    shortfall = None
                if len(chain) == 1 and _SHORTFALL.search(sentence):
                    shortfall = (position, sentence)
                    position += 1
                    continue
                drafts.append((position, "sentence", " ".join(chain), ""))
                short = _fact_with_subject(chain)
                if short != chain:
                    drafts.append((position, "sentence", " ".join(short), ""))
                if topic is None and len(chain) == 1:
                    topic = (position, sentence)
                elif (
                    topic is not None
                    and chain[0] != topic[1]
                    and _EXAMPLES.search(sentence)
                    # (of the same thing: "Some examples would be BART and T5" names the
                    # model the sentence before it named, not the scene that opened)
                    and _subject_words(sentence) & _subject_words(topic[1])
                ):
                    # The examples with what they are examples of: "Proprietary models are
                    # models owned by a company… Examples of popular proprietary models include
                    # OpenAI models, Google Bard or Claude 2" answers "which company-owned
                    # models does the lesson name?", which the examples alone do not say.
                    # (With the one sentence between them, if one: "콘텐츠 작성자는… 이들은
                    # 흥미롭고 유익한 콘텐츠를 작성하는 데는 매우 능숙하지만… 디코더 모델의 몇 가지
                    # 예로는 GPT-3…" answers "GPT 같은 쪽이 약하다고 나온 부분이 뭐였더라", which
                    # the opening and the examples alone do not. Further apart, the paragraph
                    # says too much else.)
                    between = read[read.index(topic[1]) + 1 : -1] if topic[1] in read else []
                    lead_in = [topic[1], *between] if len(between) <= 1 else [topic[1]]
                    drafts.append((topic[0], "examples", " ".join([*lead_in, sentence]), ""))
                position += 1
        if shortfall is not None:  # (nothing came after it in the paragraph)
            drafts.append((shortfall[0], "sentence", shortfall[1], ""))
            shortfall = None
        sorts = _sorted_kinds(sentences, blocks[b + 1 :])
        if sorts:
            # "LLMs can also be categorized by the output they generate." stands alone, and
            # each paragraph after it opens with one of the kinds: the sentence with those
            # openings is the list it announces ("LLM을 출력 종류로 나누면 어떤 것들이
            # 있어?" had got the announcement alone). Its sentences stay points of their own.
            whole = "\n".join([sentences[0], *(f"  - {x}" for x in sorts)])
            drafts.append((position - 1, "list", whole, f"sorts:{position - 1}"))
        if quiz_question:
            choices = following[1] if following else []
            answer = " ".join(blocks[b + 2][1])
            text = "\n".join([quiz_question, *(f"  - {c}" for c in choices), answer])
            drafts.append((position, "quiz", text, ""))
            position += 1
            skip_next = 2
            context = []
        elif lead and following:
            items = [_item_text(x) for x in following[1]]
            group = f"list:{position}"
            # An item alone still says what it is an item of. A condition, also what it is a
            # condition for ("This would be the preferred approach if:", "다음과 같은 경우
            # 선호되는 접근 방식입니다:"): the sentence that names it is shown with each item,
            # and with the list (`Unit.context`; "응답이 빨라야 하면 어떤 방식이 나아?" had
            # been answered with the latency item, never naming fine-tuning). Only that
            # sentence: the rest of its paragraph ("Differently from few-shot learning and
            # RAG…") is said by units of its own.
            condition = last_subject if _CONDITION_LEAD.search(lead) else ""
            # "Here are some different approaches:" says what the list is only through the
            # sentence before it: that sentence is shown with it.
            shown = f"{last_point} {lead}" if last_point and _DEICTIC_LEAD.match(lead) else lead
            whole = "\n".join([shown, *(f"  - {x}" for x in items)])
            drafts.append((position, "list", whole, group))
            if condition and shown == lead:
                contexts[(whole, group)] = condition
            for item in items:
                drafts.append((position, "item", f"{lead}\n  - {item}", group))
                if condition:
                    contexts[(f"{lead}\n  - {item}", group)] = condition
            position += 1
            skip_next = 1
            context = []
    units: list[Unit] = []
    seen: set[str] = set()
    for pos, kind, text, group in drafts:
        shown_before = contexts.get((text, group), "")
        uid = unit_id(source, section.heading, kind, text, shown_before)
        if uid in seen:
            continue
        seen.add(uid)
        units.append(Unit(uid, source, section.heading, lang, pos, kind, text, group, shown_before))
    return units


def document_units(sections: Sequence[Section], source: str, lang: str) -> list[Unit]:
    """Every unit of a document's sections, in reading order."""
    return [u for section in sections for u in section_units(section, source, lang)]
