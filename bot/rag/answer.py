"""Answers from search results: extractive (offline), prompts for a model, citation checks.

The extractive answer quotes the most relevant sentences of the top sections, each marked
with its citation. It is what StudyBot says with no model configured, and its fallback when
a model fails. Generated answers are checked afterwards: a citation to a section that was not
retrieved is dropped, so every `[n]` a student sees points at a real section.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from string import Template
from urllib.parse import quote

from bot.config import Settings
from bot.kernel.models import Citation, Lang, Reply
from bot.rag.extract import Candidate, Extractor
from bot.rag.kinds import asks_brief, missing_from, split_questions
from bot.rag.search import Hit, SearchEngine, SearchResult
from bot.rag.tokens import Tokenizer
from bot.rag.units import quoted_sentences, shown_text

PROMPT_SECTION_CHARS = 900
"""Per section, the prompt carries its best units up to about this many characters."""
_CITE_RE = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")

LANG_NAMES = {"ko": "Korean (한국어)", "en": "English"}

TEXT = {
    "sources": {"en": "Sources:", "ko": "출처:"},
    "other_version": {
        "en": "(from the {version} version of the lesson, quoted as written)",
        "ko": "({version} 강의 자료에만 있는 내용이라 원문 그대로 인용합니다)",
    },
    "greeting": {
        "en": (
            "Hi! I answer questions about lesson 02, “Exploring and comparing different LLMs”, "
            "in English or Korean — try “What is RAG?” — and I can quiz you on it."
        ),
        "ko": (
            "안녕하세요! 2강 ‘다양한 LLM 탐색 및 비교’에 대한 질문에 한국어나 영어로 답해 드려요. "
            "“RAG가 뭐야?”처럼 물어보시거나 퀴즈를 풀어 보세요."
        ),
    },
    "about_bot": {
        "en": (
            "I'm StudyBot, an open-source study assistant for lesson 02 of “Generative AI for "
            "Beginners”. I answer from the lesson's own text, with links to its sections, and "
            "I run knowledge-check quizzes. Ask in English or Korean."
        ),
        "ko": (
            "저는 StudyBot이에요. ‘생성형 AI 입문’ 2강을 위한 오픈 소스 학습 도우미로, 강의 본문을 "
            "근거로 섹션 링크와 함께 답하고 지식 점검 퀴즈도 진행해요. 한국어나 영어로 물어보세요."
        ),
    },
    "quiz": {
        "en": (
            "Happy to quiz you! Start a knowledge-check quiz with {quiz}; {review} brings back "
            "the questions you got wrong when they are due."
        ),
        "ko": (
            "좋아요! {quiz} 명령으로 지식 점검 퀴즈를 시작하고, {review} 명령으로 틀린 문제를 "
            "때맞춰 다시 풀 수 있어요."
        ),
    },
    "help": {
        "en": (
            "Ask me anything about lesson 02 in English or Korean — for example “What is "
            "RAG?” — and I answer from the lesson, with links to its sections. {quiz} starts a "
            "quiz, {stats} shows your results, and {help} lists everything I can do."
        ),
        "ko": (
            "2강 내용을 한국어나 영어로 물어보세요. 예를 들어 “RAG가 뭐야?”처럼요. 강의 본문을 "
            "근거로 섹션 링크와 함께 답해 드려요. {quiz} 명령으로 퀴즈를 시작하고, "
            "{stats} 명령으로 내 결과를 보고, {help} 명령으로 할 수 있는 일을 모두 볼 수 있어요."
        ),
    },
    "score": {
        "en": "{stats} shows your quiz answers, score and streak.",
        "ko": "{stats} 명령으로 내 퀴즈 답변 수, 점수, 연속 기록을 볼 수 있어요.",
    },
    "logistics": {
        "en": (
            "I answer questions about what lesson 02 teaches, and quiz you on it; I don't know "
            "about certificates, exams, grades or deadlines — your teacher does."
        ),
        "ko": (
            "저는 2강의 내용에 대한 질문에 답하고 퀴즈를 내 드려요. 수료증, 시험, 성적, 마감 같은 "
            "수업 운영은 선생님께 여쭤 보세요."
        ),
    },
    "ack": {
        "en": "👍 Ask me anything else about the lesson whenever you like.",
        "ko": "👍 강의에 대해 궁금한 게 생기면 언제든 물어보세요.",
    },
    "unclear": {
        "en": (
            "Could you say a bit more? Ask me about lesson 02 — for example “What is RAG?” — "
            "or start a quiz with {quiz}."
        ),
        "ko": (
            "조금 더 자세히 말해 줄래요? “RAG가 뭐야?”처럼 2강 내용을 물어보거나 {quiz} 명령으로 "
            "퀴즈를 시작해 보세요."
        ),
    },
    "thanks": {
        "en": "You're welcome! Ask me anything else about the lesson.",
        "ko": "천만에요! 강의에 대해 더 궁금한 게 있으면 물어보세요.",
    },
    "unmentioned": {
        "en": "The lesson does not mention {terms}.",
        "ko": "강의 자료에는 {terms}에 대한 언급이 없습니다.",
    },
    "no_number": {
        "en": "The lesson does not give that number.",
        "ko": "강의 자료에는 그 수치가 나오지 않습니다.",
    },
    "no_date": {
        "en": "The lesson does not say when.",
        "ko": "강의 자료에는 그 시기가 나오지 않습니다.",
    },
    "no_ranking": {
        "en": "The lesson does not say which is better.",
        "ko": "강의 자료에는 어느 쪽이 더 나은지 나오지 않습니다.",
    },
    "not_said_of": {
        "en": "The lesson does not say this of {term}.",
        "ko": "강의 자료에는 {term}에 대해 그런 내용이 나오지 않습니다.",
    },
    "no_code": {
        "en": "The lesson has no code for this.",
        "ko": "강의 자료에는 이에 대한 코드가 나오지 않습니다.",
    },
    "no_writing": {
        "en": "I only quote the lesson, so I can't write that; above is what it says.",
        "ko": "강의 자료만 인용하므로 그런 글은 써 드릴 수 없어요. 위는 강의의 관련 내용입니다.",
    },
    "not_spelled_out": {
        "en": "The lesson does not say what {acronym} stands for.",
        "ko": "강의 자료에는 {acronym}{particle} 무엇의 약자인지 나오지 않습니다.",
    },
    "part_not_covered": {
        "en": "The course material does not cover “{question}”.",
        "ko": "“{question}”은(는) 강의 자료에 없는 내용이라 답하지 않았습니다.",
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


VERSION_NAMES = {
    "ko": {"en": "Korean", "ko": "한국어판"},
    "en": {"en": "English", "ko": "영어판"},
}


def section_url(settings: Settings, hit: Hit) -> str:
    """The section on the public lesson page: `<course_url>/<path>#<anchor>` (or "")."""
    if not settings.course_url or not hit.path:
        return ""
    url = f"{settings.course_url}/{quote(hit.path)}"
    return f"{url}#{quote(hit.anchor)}" if hit.anchor else url


def t(key: str, lang: str, **values: object) -> str:
    """A user-facing string in `lang` (`ko` or `en`)."""
    text = TEXT[key]["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


# Latin letters whose Korean names end in a consonant ("엘", "엠", "엔", "알"): "LLM이", but
# "GPT가" (티), "RAG가" (지).
_LETTERS_WITH_FINAL = frozenset("LMNR")


def subject_particle(word: str) -> str:
    """이 or 가 after `word` as a Korean reader says it: a Hangul syllable by its final
    consonant, an acronym by its last letter's Korean name."""
    last = word[-1:]
    if "가" <= last <= "힣":
        return "이" if (ord(last) - 0xAC00) % 28 else "가"
    return "이" if last.upper() in _LETTERS_WITH_FINAL else "가"


HISTORY_TURNS = 6
"""Earlier messages of a conversation given to the model (three questions and answers)."""
HISTORY_CHARS = 600


@dataclass(frozen=True, slots=True)
class DraftAnswer:
    """An answer's text and the sections it cites."""

    text: str
    citations: tuple[Citation, ...]
    dropped_citations: int = 0
    notes: tuple[str, ...] = ()
    """What the student should know about the answer ("…does not cover “X”")."""


def _load_prompt(name: str) -> Template:
    text = resources.files("bot.llm").joinpath("prompts", name).read_text(encoding="utf-8")
    return Template(text)


class Answerer:
    """Builds answers and prompts from search results; no I/O of its own."""

    def __init__(self, settings: Settings, tokenizer: Tokenizer, search: SearchEngine) -> None:
        self.settings = settings
        self.tokenizer = tokenizer
        self.search = search
        self.extractor = Extractor(
            lambda: search.units,
            search.idf,
            tokenizer.tokens,
            lambda text: search.glossary.expansions(text),
            search.names_heading,
            lambda: search.vocab,
            lambda: search.asked_before,
            search.section_hit,
            search.twins,
            glossed=search.glossary.used,
        )
        self._system = _load_prompt("answer_system.md")
        self._user = _load_prompt("answer_user.md")

    def sections(self, result: SearchResult) -> list[Hit]:
        """The hits an answer may use and cite, numbered 1..n in this order."""
        return list(result.hits[: self.settings.answer_sections])

    def prompt_sections(self, question: str, result: SearchResult, lang: Lang) -> list[Hit]:
        """The sections a model is shown, numbered 1..n: the hits, then any section the
        offline answer would quote that is not among them (one the question names, one that
        names the model for the task it describes, the other version's that alone says an
        asked word). Without them the model never saw what the quoted answer leads with:
        "which model turns our voicemails into text?" finds Whisper's section only that way.
        (The units are scored once: `digests` and the answer read the same candidates.)"""
        sections = self.sections(result)
        have = {(h.source, h.heading) for h in sections}
        extra: list[Hit] = []
        for cand in self.extractor.choose(question, result, sections, lang).points:
            key = (cand.hit.source, cand.hit.heading)
            if key not in have:
                have.add(key)
                extra.append(cand.hit)
        return [*sections, *extra]

    # Offline -----------------------------------------------------------------------

    def offline_reply(
        self,
        question: str,
        result: SearchResult,
        lang: Lang,
        started: float,
        notes: tuple[str, ...] = (),
        route_reason: str = "",
        cost_usd: float = 0.0,
    ) -> Reply:
        """The answer quoted from the course, as the reply a channel shows (blocking).

        `started` is the `time.perf_counter()` of the question; `cost_usd` what failed
        model attempts cost before falling back here."""
        draft = self.extractive(question, result, lang)
        notes = (*notes, *draft.notes, *self.unmentioned(result, lang, draft.notes))
        # (Read as searched: a follow-up carries the subject it leans on.)
        notes = (*notes, *self.not_given(result.query or question, lang, draft.text))
        latency = int((time.perf_counter() - started) * 1000)
        return Reply(
            draft.text,
            lang,
            draft.citations,
            True,
            "offline",
            latency,
            notes,
            "offline",
            cost_usd,
            route_reason,
        )

    def extractive(self, question: str, result: SearchResult, lang: Lang) -> DraftAnswer:
        """Quote the course units that answer the question: the best first, each with `[n]`.

        A point is a whole unit (a sentence with what it leans on, a lead-in with its list, a
        list item with its label, the knowledge check with its answer), never a fragment. A
        point from the other language's version of the lesson says so.
        """
        parts = split_questions(question)
        # Each must name what it asks about: "GPT 버전들 가격 차이가 어떻다고 했지? 제일 비싼
        # 건?" asks its second question of the first one's subject.
        if len(parts) > 1 and all(self.search.names_subject(p) for p in parts):
            points, skipped = self._each_answered(parts, lang)
            if points:
                draft = self._render(points, lang)
                notes = tuple(
                    t("part_not_covered", lang, question=q if len(q) <= 80 else q[:79] + "…")
                    for q in skipped
                )
                return DraftAnswer(draft.text, draft.citations, notes=notes)
        sections = self.sections(result)
        choice = self.extractor.choose(question, result, sections, lang)
        most = 1 if asks_brief(question) else self.settings.answer_points
        return self._render(list(choice.points[:most]), lang)

    def _each_answered(self, parts: list[str], lang: Lang) -> tuple[list[Candidate], list[str]]:
        """ "What is RAG? What is fine-tuning?": each question's best point, in the order
        asked, then their further points while there is room; and the questions the course
        does not answer (the student is told so). No points when none is answered alone:
        the message is then answered as a whole."""
        chosen: list[list[Candidate]] = []
        skipped: list[str] = []
        for part in parts:
            result = self.search.search(part, None, "hybrid", lang)
            found = (
                self.extractor.choose(part, result, self.sections(result), lang).points
                if result.in_scope
                else ()
            )
            if found:
                chosen.append(list(found))
            else:
                skipped.append(part)
        if not chosen:
            return [], []
        room = max(self.settings.answer_points, len(chosen))
        out: list[Candidate] = []
        for rank in range(max(len(c) for c in chosen)):
            for points in chosen:
                if (
                    rank < len(points)
                    and len(out) < room
                    and all(points[rank].unit.id != o.unit.id for o in out)
                ):
                    out.append(points[rank])
        return out, skipped

    def _render(self, points: Sequence[Candidate], lang: Lang) -> DraftAnswer:
        """The points as the reply's text, each cited `[n]` by its section."""
        if not points:
            return DraftAnswer("", ())
        numbers: dict[tuple[str, str], int] = {}
        hits: dict[int, Hit] = {}
        lines: list[str] = []
        for cand, text in _passages(points):
            key = (cand.hit.source, cand.hit.heading)
            n = numbers.setdefault(key, len(numbers) + 1)
            hits[n] = cand.hit
            note = ""
            if cand.unit.lang != lang:
                note = " " + t("other_version", lang, version=VERSION_NAMES[cand.unit.lang][lang])
            first, *rest = text.split("\n")
            # The answer leads as a plain sentence, the way a tutor starts; further points
            # are bullets under it (a one-point reply is never a list of one).
            bullet = "- " if lines else ""
            if rest:
                lines.append(f"{bullet}{first}")
                lines.extend(rest[:-1])
                lines.append(f"{rest[-1]} [{n}]{note}")
            else:
                lines.append(f"{bullet}{first} [{n}]{note}")
        citations = tuple(self.citation(n, hit) for n, hit in sorted(hits.items()))
        return DraftAnswer("\n".join(lines), citations)

    def unmentioned(
        self, result: SearchResult, lang: Lang, said: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """A note naming what the question asks about that the lesson never mentions
        ("LoRA" in "how much memory does LoRA save…"): the answer quotes the closest the
        course comes, and the student should know it is not about that. (Not the names a
        note in `said` already quotes: "…does not cover “what is LoRA?”".)"""
        terms = [x for x in result.unmentioned if not any(x in note for note in said)]
        if not terms:
            return ()
        return (t("unmentioned", lang, terms=", ".join(terms)),)

    def not_given(self, question: str, lang: Lang, text: str) -> tuple[str, ...]:
        """Notes for what the question asks and the answer does not give (see
        `kinds.missing_from`): "what does GPT stand for?" answered by the passage that names
        GPT family models gets "The lesson does not say what GPT stands for."."""
        notes = []
        for key, values in missing_from(question, text):
            if key == "not_spelled_out":
                values = {**values, "particle": subject_particle(values["acronym"])}
            notes.append(t(key, lang, **values))
        return tuple(notes)

    def citation(self, n: int, hit: Hit) -> Citation:
        """Citation `n` for a section, linked to the public lesson when a course URL is set."""
        return Citation(n, hit.source, hit.heading, hit.lang, section_url(self.settings, hit))

    def refusal(self, result: SearchResult, lang: Lang) -> str:
        """A polite out-of-scope reply naming the closest sections of the lesson, and what
        the question names that the lesson never mentions ("RLHF에서 보상 모델은…": the
        student learns why, not only that)."""
        text = t("refusal", lang)
        if result.unmentioned:
            sorry, _, rest = text.partition(". ")
            named = t("unmentioned", lang, terms=", ".join(result.unmentioned))
            text = f"{sorry}. {named} {rest}"
        closest = "\n".join(f"- {hit.heading}" for hit in result.hits[:3])
        return f"{text}\n{closest}" if closest else text.rsplit(".", 1)[0]

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
        sections: Sequence[Hit] | None = None,
    ) -> list[dict[str, str]]:
        """The chat messages for a generated answer: rules, earlier turns, then the sections
        (`prompt_sections` unless given) as delimited data with the question."""
        blocks = []
        if sections is None:
            sections = self.prompt_sections(question, result, lang)
        digests = self.digests(question, result, lang)
        for n, hit in enumerate(sections, start=1):
            # The section text is data: any closing tag inside it is defused so it cannot
            # end the data block early and pose as instructions.
            body = digests.get((hit.source, hit.heading), hit.text)
            body = body.replace("</section>", "</ section>").replace(
                "</course_sections>", "</ course_sections>"
            )
            blocks.append(
                f'<section n="{n}" heading="{_attr(hit.heading)}" source="{_attr(hit.source)}">\n'
                f"{body}\n</section>"
            )
        language = LANG_NAMES[lang]
        system = self._system.safe_substitute(language=language)
        # The names the question uses that the lesson never writes: told, the model says so
        # instead of filling the gap from what it knows ("LoRA saves about…").
        absent = (
            f"\nThe lesson never mentions: {', '.join(result.unmentioned)}. Say that it does "
            "not, then answer only what the sections say.\n"
            if result.unmentioned
            else ""
        )
        user = self._user.safe_substitute(
            sections="\n".join(blocks),
            question=question.strip(),
            language=language,
            absent=absent,
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

    def digests(
        self, question: str, result: SearchResult, lang: Lang
    ) -> dict[tuple[str, str], str]:
        """Per retrieved section, what the model is shown: its best units for this question
        (up to `PROMPT_SECTION_CHARS`), in the course's order. The best units always make it;
        the rest of a long section is left out, which keeps the prompt short and on topic."""
        sections = self.sections(result)
        scored, _kinds = self.extractor.candidates(question, result, sections, lang)
        by_section: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
        for c in scored:
            key = (c.hit.source, c.hit.heading)
            by_section.setdefault(key, []).append((c.score, c.unit.position, c.unit.shown()))
        limits = {
            (c.hit.source, c.hit.heading): min(PROMPT_SECTION_CHARS, len(c.hit.text))
            for c in scored
        }
        out: dict[tuple[str, str], str] = {}
        for key, units in by_section.items():
            kept: list[tuple[int, str]] = []
            seen: set[str] = set()
            size = 0
            limit = limits.get(key, PROMPT_SECTION_CHARS)
            for _score, position, text in sorted(units, key=lambda u: -u[0]):
                # Units overlap (a list and its items, a sentence and what it leans on):
                # each sentence is shown once.
                parts = [p for p in quoted_sentences(text) if p not in seen]
                if not parts:
                    continue
                piece = "\n".join(parts)
                if size + len(piece) + 1 > limit:
                    continue
                seen.update(parts)
                kept.append((position, piece))
                size += len(piece) + 1
            if kept:
                out[key] = "\n".join(text for _p, text in sorted(kept, key=lambda k: k[0]))
        return out

    def validate(self, text: str, sections: Sequence[Hit]) -> DraftAnswer:
        """Keep citations that point at the sections given to the model (`prompt_sections`,
        in that order); drop any other."""
        return validate_citations(text, sections)


def _passages(points: Sequence[Candidate]) -> list[tuple[Candidate, str]]:
    """Points with the text to show; sentences that follow each other in the course (same
    section, next position) read as one passage, so they become one point."""
    out: list[tuple[Candidate, str]] = []
    said: set[str] = set()
    for cand in points:
        # (A context an earlier point already quoted is not said twice: "Fine-tuning is a
        # process…" before a second item of its conditions.)
        shown = shown_text(cand.unit.context, cand.unit.text, said)
        said.update(quoted_sentences(shown))
        if out:
            prev, text = out[-1]
            adjacent = (
                prev.unit.source == cand.unit.source
                and prev.unit.heading == cand.unit.heading
                and prev.unit.kind == cand.unit.kind == "sentence"
                and abs(cand.unit.position - prev.unit.position) == 1
            )
            if adjacent:
                first, second = (text, cand.unit.text)
                if cand.unit.position < prev.unit.position:
                    first, second = second, first
                out[-1] = (prev, f"{first} {second}")
                continue
        out.append((cand, shown))
    return out


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
