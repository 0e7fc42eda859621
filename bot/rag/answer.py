"""Answers from search results: extractive (offline), prompts for a model, citation checks.

The extractive answer quotes the most relevant sentences of the top sections, each marked
with its citation. It is what StudyBot says with no model configured, and its fallback when
a model fails. Generated answers are checked afterwards: a citation to a section that was not
retrieved is dropped, so every `[n]` a student sees points at a real section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from string import Template

from bot.config import Settings
from bot.core.models import Citation, Lang
from bot.rag.ingest import split_sentences
from bot.rag.search import Hit, SearchResult
from bot.rag.tokens import Tokenizer

MAX_SENTENCES = 4
MAX_PER_SECTION = 2
_CITE_RE = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")

LANG_NAMES = {"ko": "Korean (한국어)", "en": "English"}

TEXT = {
    "intro": {"en": "From the course material:", "ko": "강의 자료에 따르면:"},
    "sources": {"en": "Sources:", "ko": "출처:"},
    "other_lang": {
        "en": "(This part of the lesson is only in the Korean material, quoted as written.)",
        "ko": "(이 내용은 영어 강의 자료에만 있어 원문 그대로 인용합니다.)",
    },
    "refusal": {
        "en": (
            "Sorry, that is not in the course material, so I can't answer it reliably. "
            "This lesson covers choosing and comparing LLMs. The closest sections are:"
        ),
        "ko": (
            "죄송하지만 그 내용은 강의 자료에 없어 정확히 답변드리기 어렵습니다. "
            "이 강의는 다양한 LLM을 비교하고 선택하는 방법을 다룹니다. "
            "가장 가까운 섹션은 다음과 같습니다:"
        ),
    },
    "dropped": {
        "en": "Removed {n} citation(s) that did not match a retrieved section.",
        "ko": "검색된 섹션과 맞지 않는 인용 {n}개를 제거했습니다.",
    },
    "no_budget": {
        "en": "The model budget is used up for now, so this answer quotes the course directly.",
        "ko": "현재 모델 사용 예산이 소진되어 강의 자료를 직접 인용해 답변합니다.",
    },
    "premium_budget": {
        "en": "This question would suit the premium model, but your budget for it is used up; "
        "the standard model answered.",
        "ko": "프리미엄 모델이 적합한 질문이지만 해당 예산이 소진되어 기본 모델이 답변했습니다.",
    },
    "downgraded": {
        "en": "Answered by the standard model: the premium one was unavailable.",
        "ko": "프리미엄 모델을 사용할 수 없어 기본 모델이 답변했습니다.",
    },
    "fallback": {
        "en": "The language model was unavailable, so this answer quotes the course directly.",
        "ko": "언어 모델을 사용할 수 없어 강의 자료를 직접 인용해 답변합니다.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """A user-facing string in `lang` (`ko` or `en`)."""
    text = TEXT[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


HISTORY_TURNS = 6
"""Earlier messages of a conversation given to the model (three questions and answers)."""
HISTORY_CHARS = 600


@dataclass(frozen=True, slots=True)
class DraftAnswer:
    """An answer's text and the sections it cites."""

    text: str
    citations: tuple[Citation, ...]
    dropped_citations: int = 0


def _load_prompt(name: str) -> Template:
    text = resources.files("bot.llm").joinpath("prompts", name).read_text(encoding="utf-8")
    return Template(text)


class Answerer:
    """Builds answers and prompts from search results; no I/O of its own."""

    def __init__(
        self,
        settings: Settings,
        tokenizer: Tokenizer,
        idf: Callable[[str], float] | None = None,
    ) -> None:
        self.settings = settings
        self.tokenizer = tokenizer
        self.idf = idf or (lambda _token: 1.0)
        self._system = _load_prompt("answer_system.md")
        self._user = _load_prompt("answer_user.md")

    def sections(self, result: SearchResult) -> list[Hit]:
        """The hits an answer may use and cite, numbered 1..n in this order."""
        return list(result.hits[: self.settings.answer_sections])

    # Offline -----------------------------------------------------------------------

    def extractive(self, question: str, result: SearchResult, lang: Lang) -> DraftAnswer:
        """Quote the sentences of the top sections that best match the question, with `[n]`."""
        sections = self.sections(result)
        qtokens = set(self.tokenizer.tokens(question))
        scored: list[tuple[float, int, int, str]] = []  # (score, section, position, sentence)
        for s_idx, hit in enumerate(sections):
            # A section whose own heading names what was asked is where the answer lives.
            own = hit.heading.split(" > ")[-1]
            named = 1.0 if qtokens & set(self.tokenizer.tokens(own)) else 0.0
            for pos, sentence in enumerate(split_sentences(hit.text)):
                # Questions in the text ("What could be a good approach…?") answer nothing.
                if len(sentence) < 12 or sentence.rstrip().endswith(("?", "？")):
                    continue
                stoks = set(self.tokenizer.tokens(sentence))
                overlap = sum(self.idf(tok) for tok in qtokens & stoks)
                # Earlier sections and earlier sentences (topic sentences) win ties.
                score = overlap + 0.8 / (1 + s_idx) + 0.3 / (1 + pos) + named
                scored.append((score, s_idx, pos, sentence))
        if not scored:
            return DraftAnswer("", ())
        chosen: list[tuple[int, int, str]] = []
        per_section: dict[int, int] = {}
        best = max(scored)
        for score, s_idx, pos, sentence in sorted(scored, reverse=True):
            if len(chosen) >= MAX_SENTENCES:
                break
            if per_section.get(s_idx, 0) >= MAX_PER_SECTION:
                continue
            # Beyond the best sentence, keep those that share enough with the question; the
            # second section's best sentence gets a lower bar, as it often adds the context.
            bar = best[0] * (0.3 if s_idx == 1 and s_idx not in per_section else 0.45)
            if chosen and score < bar:
                continue
            chosen.append((s_idx, pos, sentence))
            per_section[s_idx] = per_section.get(s_idx, 0) + 1
        # Sections in the order of their best chosen sentence (the best answer leads),
        # sentences within a section in reading order.
        first: dict[int, int] = {}
        for rank, (s_idx, _pos, _sentence) in enumerate(chosen):
            first.setdefault(s_idx, rank)
        chosen.sort(key=lambda c: (first[c[0]], c[1]))
        numbers: dict[int, int] = {}
        lines: list[str] = []
        for s_idx, _pos, sentence in chosen:
            n = numbers.setdefault(s_idx, len(numbers) + 1)
            bullet = sentence[2:] if sentence.startswith("- ") else sentence
            lines.append(f"- {bullet} [{n}]")
        citations = tuple(
            Citation(n, sections[s].source, sections[s].heading, sections[s].lang)
            for s, n in sorted(numbers.items(), key=lambda item: item[1])
        )
        header = t("intro", lang)
        if any(c.lang != lang for c in citations):
            header = f"{header}\n{t('other_lang', lang)}"
        return DraftAnswer(f"{header}\n" + "\n".join(lines), citations)

    def refusal(self, result: SearchResult, lang: Lang) -> str:
        """A polite out-of-scope reply naming the closest sections of the lesson."""
        closest = "\n".join(f"- {hit.heading}" for hit in result.hits[:3])
        return (
            f"{t('refusal', lang)}\n{closest}" if closest else t("refusal", lang).rsplit(".", 1)[0]
        )

    # With a model ------------------------------------------------------------------

    def prompt_templates(self) -> tuple[str, ...]:
        """The raw prompt templates (so the output guard can recognise them if quoted)."""
        return (self._system.template,)

    def messages(
        self,
        question: str,
        result: SearchResult,
        lang: Lang,
        history: Sequence[tuple[str, str]] = (),
    ) -> list[dict[str, str]]:
        """The chat messages for a generated answer: rules, earlier turns, then the sections
        as delimited data with the question."""
        blocks = []
        for n, hit in enumerate(self.sections(result), start=1):
            # The section text is data: any closing tag inside it is defused so it cannot
            # end the data block early and pose as instructions.
            body = hit.text.replace("</section>", "</ section>").replace(
                "</course_sections>", "</ course_sections>"
            )
            blocks.append(
                f'<section n="{n}" heading="{_attr(hit.heading)}" source="{_attr(hit.source)}">\n'
                f"{body}\n</section>"
            )
        language = LANG_NAMES[lang]
        system = self._system.safe_substitute(language=language)
        user = self._user.safe_substitute(
            sections="\n".join(blocks), question=question.strip(), language=language
        )
        earlier = [
            {
                "role": "assistant" if role == "assistant" else "user",
                "content": text[:HISTORY_CHARS],
            }
            for role, text in list(history)[-HISTORY_TURNS:]
        ]
        return [
            {"role": "system", "content": system},
            *earlier,
            {"role": "user", "content": user},
        ]

    def validate(self, text: str, result: SearchResult) -> DraftAnswer:
        """Keep citations that point at sections given to the model; drop any other."""
        return validate_citations(text, self.sections(result))


def validate_citations(text: str, sections: Sequence[Hit]) -> DraftAnswer:
    """Strip `[n]` markers outside 1..len(sections); list the valid ones as citations."""
    used: set[int] = set()
    dropped = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal dropped
        keep = []
        for part in re.split(r"[,;]", match.group(1)):
            n = int(part.strip())
            if 1 <= n <= len(sections):
                keep.append(n)
                used.add(n)
            else:
                dropped += 1
        return "".join(f"[{n}]" for n in keep)

    cleaned = _CITE_RE.sub(fix, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned).strip()
    citations = tuple(
        Citation(n, sections[n - 1].source, sections[n - 1].heading, sections[n - 1].lang)
        for n in sorted(used)
    )
    return DraftAnswer(cleaned, citations, dropped)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
