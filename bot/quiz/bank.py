"""Question banks: YAML files under `quizzes/`, validated against a schema and the lesson.

Schema (one file per lesson and language):

```yaml
lesson: 02-exploring-and-comparing-different-llms
lang: en                      # en | ko
questions:
  - id: en-rag-01             # unique across all banks
    type: single              # single | multi | true_false | short
    prompt: What does RAG add to the prompt?
    choices:                  # single: exactly one correct; multi: two or more
      - text: Chunks of documents retrieved from your data
        correct: true
      - text: New model weights
    explanation: RAG augments the prompt with retrieved chunks of documents.
    source: Improving LLM results > Retrieval Augmented Generation (RAG)
  - id: en-rag-02
    type: true_false
    prompt: Fine-tuning produces a new model with updated weights.
    answer: true
    explanation: ...
    source: Improving LLM results > Fine-tuned model
  - id: en-rag-03
    type: short
    prompt: Which technique adds retrieved document chunks to the prompt?
    accept: [RAG, retrieval augmented generation]
    normalize: [case, spaces, punctuation]   # the default
    explanation: ...
    source: ...
```

An error names the file, the line and what is wrong. A file that cannot be parsed is
reported and skipped; an invalid question is reported and left out; everything else loads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

QuestionType = Literal["single", "multi", "true_false", "short"]
NormaliseRule = Literal["case", "spaces", "punctuation", "width"]
_LINE = "__line__"
_LINES = "__lines__"


MAX_ID = 48
_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_ID - 1}}}")
MAX_CHOICES = 10
"""More choices than this is no longer a knowledge check (and Discord shows 25 at most)."""


class Choice(BaseModel):
    """One option of a multiple-choice question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    correct: bool = False


class Question(BaseModel):
    """One quiz question. Grading uses only these fields, never a model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # 48 characters at most: a Discord component id (`quizform:<attempt uuid>:<id>`) may
    # hold 100, and a Teams card's data carries it too.
    id: str

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.fullmatch(value):
            raise ValueError(
                f"an id is 1 to {MAX_ID} letters, digits, '_', '.' or '-', starting with a "
                f"letter or digit (this one has {len(value)} characters)"
            )
        return value

    type: QuestionType
    prompt: str = Field(min_length=1)
    choices: tuple[Choice, ...] = Field(default=(), max_length=MAX_CHOICES)
    answer: bool | None = None
    """The answer of a `true_false` question."""
    accept: tuple[str, ...] = ()
    """Accepted answers of a `short` question."""
    normalize: tuple[NormaliseRule, ...] = ("case", "spaces", "punctuation", "width")
    explanation: str = Field(min_length=1)
    source: str = Field(min_length=1)
    """The lesson section this question tests: its heading path, as `studybot search` shows it."""

    # Filled in by the loader, not by the YAML.
    lesson: str = ""
    lang: str = ""
    bank: str = ""

    @model_validator(mode="after")
    def _shape(self) -> Question:
        correct = sum(c.correct for c in self.choices)
        if self.type in ("single", "multi"):
            if len(self.choices) < 2:
                raise ValueError(f"a {self.type} question needs at least two choices")
            texts = [c.text.strip().lower() for c in self.choices]
            if len(set(texts)) != len(texts):
                raise ValueError("choices must be different from each other")
            if self.type == "single" and correct != 1:
                raise ValueError(
                    f"a single question needs exactly one correct choice (found {correct})"
                )
            if self.type == "multi" and not 2 <= correct < len(self.choices):
                raise ValueError(
                    "a multi question needs two or more correct choices and at least one "
                    f"wrong one (found {correct} correct of {len(self.choices)})"
                )
            if self.answer is not None or self.accept:
                raise ValueError(f"a {self.type} question takes `choices`, not `answer`/`accept`")
        elif self.type == "true_false":
            if self.answer is None:
                raise ValueError("a true_false question needs `answer: true` or `answer: false`")
            if self.choices or self.accept:
                raise ValueError("a true_false question takes `answer` only")
        elif self.type == "short":
            if not self.accept or not all(a.strip() for a in self.accept):
                raise ValueError("a short question needs a non-empty `accept` list")
            if self.choices or self.answer is not None:
                raise ValueError("a short question takes `accept`, not `choices`/`answer`")
        return self

    @property
    def correct_indexes(self) -> frozenset[int]:
        """Indexes of the correct choices (multiple-choice types)."""
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def options(self) -> list[str]:
        """What a student picks from: the choices, or True/False in the bank's language."""
        if self.type == "true_false":
            return ["참 (True)", "거짓 (False)"] if self.lang == "ko" else ["True", "False"]
        return [c.text for c in self.choices]


class Bank(BaseModel):
    """The top level of a bank file."""

    model_config = ConfigDict(extra="forbid")

    lesson: str = Field(min_length=1)
    lang: Literal["en", "ko"]
    title: str = ""
    questions: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class BankError:
    """A problem found in a bank, where it is and what it is."""

    file: str
    line: int
    message: str
    question: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: {self.question}: {self.message}"
            if self.question
            else f"{where}: {self.message}"
        )

    def as_json(self) -> dict[str, Any]:
        """`{"file", "line", "question", "message"}`."""
        return {
            "file": self.file,
            "line": self.line,
            "question": self.question,
            "message": self.message,
        }


@dataclass
class BankSet:
    """Every valid question of every bank, and every problem found."""

    questions: dict[str, Question] = field(default_factory=dict)
    banks: list[str] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)

    def by_lang(self, lang: str, lesson: str | None = None) -> list[Question]:
        """Questions in one language (and lesson), in bank order."""
        return [
            q
            for q in self.questions.values()
            if q.lang == lang and (lesson is None or q.lesson == lesson)
        ]

    def counts(self) -> dict[str, int]:
        """Questions per language."""
        out: dict[str, int] = {}
        for q in self.questions.values():
            out[q.lang] = out.get(q.lang, 0) + 1
        return out


MAX_BANK_BYTES = 1_000_000
"""A bank of a few hundred questions is tens of kilobytes; far larger is a mistake or worse."""


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and of each of its keys.

    Aliases (`*name`) are refused: a few nested ones expand to billions of nodes (a "billion
    laughs" file hung `quiz validate` for minutes), and a bank never needs them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in a bank: write it out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_LINES] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (_LINE, _LINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_of(raw: dict[str, Any], loc: tuple[Any, ...]) -> int:
    """The line of the deepest key in `loc` that the YAML had."""
    line = int(raw.get(_LINE, 1))
    node: Any = raw
    for part in loc:
        if isinstance(node, dict):
            line = int(node.get(_LINES, {}).get(part, line))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = int(node.get(_LINE, line))
        else:
            break
    return line


def _explain(exc: ValidationError, raw: dict[str, Any]) -> list[tuple[int, str]]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        field_name = ".".join(str(p) for p in loc)
        out.append((_line_of(raw, loc), f"{field_name}: {msg}" if field_name else msg))
    return out


def load_bank(
    path: Path, root: Path, sections: dict[tuple[str, str], set[str]], seen: dict[str, str]
) -> tuple[list[Question], list[BankError]]:
    """Parse and validate one bank file against the lesson's sections and the ids seen so far."""
    rel = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
    size = path.stat().st_size
    if size > MAX_BANK_BYTES:
        return [], [BankError(rel, 1, f"{size:,} bytes: a bank may be at most {MAX_BANK_BYTES:,}")]
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except UnicodeDecodeError as exc:
        return [], [BankError(rel, 1, f"not UTF-8 text (invalid byte at offset {exc.start})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        context_mark = getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            problem = f"{problem} ({context} at line {context_mark.line + 1})"
        return [], [BankError(rel, line, f"not valid YAML: {problem}")]
    if not isinstance(raw, dict):
        return [], [
            BankError(rel, 1, "a bank must be a mapping with `lesson`, `lang` and `questions`")
        ]
    try:
        bank = Bank.model_validate(_strip_lines(raw))
    except ValidationError as exc:
        return [], [BankError(rel, line, msg) for line, msg in _explain(exc, raw)]
    known = sections.get((bank.lesson, bank.lang))
    errors: list[BankError] = []
    if known is None:
        errors.append(
            BankError(
                rel,
                int(raw.get(_LINES, {}).get("lesson", 1)),
                f"no {bank.lang} lesson {bank.lesson!r} in knowledge/",
            )
        )
        known = set()
    questions: list[Question] = []
    raw_questions = raw.get("questions") or []
    for raw_q in raw_questions:
        if not isinstance(raw_q, dict):
            errors.append(BankError(rel, int(raw.get(_LINE, 1)), "each question must be a mapping"))
            continue
        qid = str(raw_q.get("id", "?"))
        line = int(raw_q.get(_LINE, 1))
        try:
            q = Question.model_validate(
                {**_strip_lines(raw_q), "lesson": bank.lesson, "lang": bank.lang, "bank": rel}
            )
        except ValidationError as exc:
            errors.extend(BankError(rel, ln, msg, qid) for ln, msg in _explain(exc, raw_q))
            continue
        if q.id in seen:
            errors.append(BankError(rel, line, f"duplicate id (first in {seen[q.id]})", q.id))
            continue
        if known and q.source not in known:
            src_line = int(raw_q.get(_LINES, {}).get("source", line))
            errors.append(
                BankError(
                    rel,
                    src_line,
                    f"source {q.source!r} is not a section of the {bank.lang} lesson",
                    q.id,
                )
            )
            continue
        seen[q.id] = rel
        questions.append(q)
    return questions, errors


def lesson_sections(knowledge_dir: Path) -> dict[tuple[str, str], set[str]]:
    """Every section heading of every lesson in `knowledge/`, keyed by (lesson, lang)."""
    from bot.rag.ingest import load_corpus

    out: dict[tuple[str, str], set[str]] = {}
    for doc in load_corpus(knowledge_dir).documents:
        out.setdefault((doc.lesson, doc.lang), set()).update(s.heading for s in doc.sections)
    return out


def load_banks(quizzes_dir: Path, knowledge_dir: Path) -> BankSet:
    """Every bank under `quizzes/` (drafts excluded), validated; never raises for bad content."""
    result = BankSet()
    if not quizzes_dir.is_dir():
        result.errors.append(BankError(str(quizzes_dir), 1, "quiz folder not found"))
        return result
    sections = lesson_sections(knowledge_dir)
    seen: dict[str, str] = {}
    files: Iterable[Path] = sorted(
        p for p in quizzes_dir.rglob("*.y*ml") if "drafts" not in p.relative_to(quizzes_dir).parts
    )
    for path in files:
        questions, errors = load_bank(path, quizzes_dir, sections, seen)
        result.errors.extend(errors)
        if questions or not errors:
            result.banks.append(path.relative_to(quizzes_dir).as_posix())
        for q in questions:
            result.questions[q.id] = q
    return result


# Grading -----------------------------------------------------------------------------

_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_answer(text: str, rules: Iterable[str]) -> str:
    """Apply a short question's normalisation rules to a typed answer."""
    rules = set(rules)
    if "width" in rules:
        text = unicodedata.normalize("NFKC", text)
    if "case" in rules:
        text = text.casefold()
    if "punctuation" in rules:
        text = _PUNCT_RE.sub(" ", text)
    if "spaces" in rules:
        text = " ".join(text.split())
        text = text.replace(" ", "")
    return text.strip()


def grade(question: Question, answer: Any) -> bool:
    """True when `answer` is right. Deterministic; no model is ever asked.

    `single`: a choice index; `multi`: a collection of indexes (exactly the correct set);
    `true_false`: a bool or choice index 0 (true) / 1 (false); `short`: text.
    """
    if question.type == "single":
        return (
            isinstance(answer, int)
            and not isinstance(answer, bool)
            and answer in question.correct_indexes
        )
    if question.type == "multi":
        if isinstance(answer, str | bytes | dict) or answer is None:
            return False
        try:
            picked = frozenset(int(a) for a in answer)
        except (TypeError, ValueError):
            return False
        return picked == question.correct_indexes
    if question.type == "true_false":
        if isinstance(answer, bool):
            return answer is question.answer
        if isinstance(answer, int):
            return (answer == 0) is bool(question.answer)
        return False
    if not isinstance(answer, str):
        return False
    typed = normalise_answer(answer, question.normalize)
    return bool(typed) and any(
        typed == normalise_answer(a, question.normalize) for a in question.accept
    )


def correct_text(question: Question) -> str:
    """The right answer, as shown in feedback after the student has answered."""
    if question.type in ("single", "multi"):
        return ", ".join(question.choices[i].text for i in sorted(question.correct_indexes))
    if question.type == "true_false":
        return question.options()[0 if question.answer else 1]
    return question.accept[0]
