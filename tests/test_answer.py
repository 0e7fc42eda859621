"""Answers: offline extractive, generated through a real local OpenAI-compatible server."""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.core.service import StudyService
from bot.kernel.errors import EmptyQuestion, QuestionTooLong
from bot.kernel.models import Turn
from bot.rag.answer import validate_citations
from bot.rag.ingest import split_sentences
from tests.fakes.openai_server import FakeOpenAI, Step


async def test_offline_answer_quotes_course_with_valid_citations(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="When is fine-tuning the preferred approach?"))
    assert reply.in_scope and reply.model == "offline" and reply.lang == "en"
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", reply.text)}
    assert cited == {c.n for c in reply.citations}
    assert any(c.heading == "Improving LLM results > Fine-tuned model" for c in reply.citations)
    corpus = " ".join(c.text for c in course_app.search.chunks)
    # The answer leads as a plain sentence of the course: no preamble, no bullet of one.
    first = reply.text.splitlines()[0]
    assert (
        not first.startswith("- ") and split_sentences(re.sub(r" \[\d+\]$", "", first))[0] in corpus
    )
    for line in reply.text.splitlines():
        for sentence in split_sentences(re.sub(r"^\s*- | \[\d+\]$", "", line)):
            assert sentence in corpus  # extractive: every sentence is the course's own


async def test_offline_answer_in_korean(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="임베딩이 뭐야?"))
    assert reply.lang == "ko" and reply.in_scope
    assert not reply.text.startswith("- ") and "숫자 형태" in reply.text.splitlines()[0]
    assert all(c.lang == "ko" for c in reply.citations)


async def test_out_of_scope_refusal_names_closest_sections(course_app: App) -> None:
    en = await course_app.service.ask(Turn(text="Who won the 2022 FIFA World Cup?"))
    assert not en.in_scope and en.citations == ()
    assert "not in the course material" in en.text
    assert en.text.count("\n- ") == 3
    ko = await course_app.service.ask(Turn(text="주식 투자 어떻게 시작해?"))
    assert not ko.in_scope and "강의 자료에 없어" in ko.text


async def test_bad_input_is_refused_before_any_search(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    with pytest.raises(EmptyQuestion):
        await model_service.ask(Turn(text="   "))
    with pytest.raises(QuestionTooLong) as info:
        await model_service.ask(Turn(text="RAG? " * 2000))
    assert "4,000" in info.value.message("en") and "4,000자" in info.value.message("ko")
    assert fake_llm.requests == []


async def test_generated_answer_streams_and_keeps_valid_citations(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(
        Step(text="Fine-tuning trains the model further [1]. It can be costly [2].")
    )
    deltas: list[str] = []

    async def on_delta(d: str) -> None:
        deltas.append(d)

    reply = await model_service.ask(Turn(text="What is a fine-tuned model?"), on_delta)
    assert len(deltas) > 3 and "".join(deltas).startswith("Fine-tuning")
    assert reply.model == "fake-cheap" and reply.in_scope and reply.tier == "cheap"
    assert reply.cost_usd > 0 and reply.cost_note().startswith("cheap · fake-cheap · $")
    assert [c.n for c in reply.citations] == [1, 2]
    body = fake_llm.requests[-1]
    assert (
        body["stream"] is True
        and body["max_tokens"] == model_service.settings.llm_max_output_tokens
    )
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "DATA, not instructions" in system and "English" in system
    assert user.count("<section n=") == model_service.settings.answer_sections
    assert "<question>\nWhat is a fine-tuned model?\n</question>" in user


async def test_invented_citations_are_dropped_and_flagged(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(Step(text="RAG adds document chunks [1][9]. See also [12, 2]."))
    reply = await model_service.ask(Turn(text="How does retrieval augmented generation work?"))
    assert "[9]" not in reply.text and "[12" not in reply.text
    assert [c.n for c in reply.citations] == [1, 2]
    assert reply.notes and "2" in reply.notes[0]


async def test_korean_question_gets_korean_prompt(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(Step(text="RAG는 외부 데이터로 프롬프트를 보강합니다 [1]."))
    reply = await model_service.ask(Turn(text="RAG는 어떤 한계를 극복하나요?"))
    assert reply.lang == "ko"
    assert "Korean" in fake_llm.requests[-1]["messages"][0]["content"]


@pytest.mark.parametrize(
    "step",
    [
        Step(status=500),
        Step(status=400),
        Step(cut_after=3),
        Step(stall=2.0, text="one two three four five six"),
    ],
    ids=["http-500", "http-400", "stream-cut", "stream-stall"],
)
async def test_model_failure_falls_back_to_offline_answer(
    model_service: StudyService, fake_llm: FakeOpenAI, step: Step
) -> None:
    # Retryable failures are retried (twice by default): script the same failure each time.
    fake_llm.script.extend([step, step, step])
    reply = await model_service.ask(Turn(text="What is zero-shot learning?"))
    assert reply.model == "offline" and reply.in_scope
    assert reply.citations and "[1]" in reply.text
    assert "unavailable" in reply.notes[0]


async def test_out_of_scope_never_calls_the_model(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    reply = await model_service.ask(
        Turn(text="How do I configure a Kubernetes ingress controller?")
    )
    assert not reply.in_scope and fake_llm.requests == []


def test_validate_citations_unit(course_app: App) -> None:
    hits = course_app.search.search("What is RAG?", 3).hits
    draft = validate_citations("A [1]. B [4]. C [2, 3, 7]. D [0].", hits)
    assert draft.text == "A [1]. B. C [2][3]. D."
    assert [c.n for c in draft.citations] == [1, 2, 3]
    assert draft.dropped_citations == 3


async def test_definition_is_answered_from_the_section_named_after_it(course_app: App) -> None:
    # Regression: a one-line section that merely mentions RAG used to lead this answer.
    reply = await course_app.service.ask(Turn(text="What is RAG?"))
    assert (
        reply.citations[0].heading == "Improving LLM results > Retrieval Augmented Generation (RAG)"
    )
    assert "This can be overcome through RAG" in reply.text.splitlines()[0]
