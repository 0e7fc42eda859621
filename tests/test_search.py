"""Hybrid search over the real course in a real Chroma store."""

from __future__ import annotations

from bot.app import App
from bot.kernel.models import Turn


def headings(app: App, query: str, k: int = 5) -> list[str]:
    return [h.heading for h in app.search.search(query, k).hits]


def test_english_question_finds_its_section(course_app: App) -> None:
    result = course_app.search.search("When should a business train an LLM from scratch?")
    assert result.lang == "en" and result.in_scope
    assert result.hits[0].heading == "Improving LLM results > Trained model"
    assert all(h.lang == "en" for h in result.hits)


def test_korean_question_uses_korean_sections(course_app: App) -> None:
    result = course_app.search.search("오픈 소스 모델의 단점은 무엇인가요?")
    assert result.lang == "ko" and result.in_scope and not result.fallback
    assert "오픈 소스 모델 vs. 독점 상용 모델" in result.hits[0].heading
    assert all(h.lang == "ko" for h in result.hits)


def test_hits_are_distinct_sections_best_first(course_app: App) -> None:
    hits = course_app.search.search("What are embeddings used for?", k=5).hits
    keys = [(h.source, h.heading) for h in hits]
    assert len(keys) == len(set(keys)) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_cross_lingual_question_falls_back_to_other_language(course_app: App) -> None:
    # Only the English lesson describes the Model Benchmarks pane of Azure AI Studio.
    result = course_app.search.search(
        "Azure AI Studio의 Model Benchmarks 창에서는 무엇을 할 수 있나요?"
    )
    assert result.in_scope
    top = result.hits[0]
    assert top.heading.startswith(("How to test and iterate", "다양한 모델을 반복적으로 테스트")), (
        top.heading
    )


def test_out_of_scope_question_is_not_in_scope(course_app: App) -> None:
    for question in ("What is the best recipe for kimchi stew?", "내일 서울 날씨 어때?"):
        assert not course_app.search.search(question).in_scope, question


def test_baseline_modes_return_hits(course_app: App) -> None:
    for mode in ("dense", "bm25", "bm25_ws"):
        result = course_app.search.search("What is RAG?", 3, mode)  # type: ignore[arg-type]
        assert result.hits, mode


def test_dense_scores_in_memory_match_chromas(course_app: App) -> None:
    """The in-memory matrix gives the same nearest chunks and similarities as Chroma's own
    query, for every dev-set question."""
    from bot.evaluation.retrieval import load_questions
    from tests.conftest import ROOT

    search = course_app.search
    assert search._matrix is not None and search._matrix.shape[0] == len(search.chunks)
    for q in load_questions(ROOT / "eval" / "questions.jsonl"):
        vector = course_app.store.embed_query(q.text)
        for n in (5, min(60, len(search.chunks))):  # the top few, and every candidate
            ours = search._dense(vector, n)
            hits = course_app.store.query(vector, n)
            chroma = {search._by_id[h.id]: h.similarity for h in hits}
            assert set(ours) == set(chroma), (q.id, n)
            for idx, sim in chroma.items():
                assert abs(ours[idx] - sim) < 1e-4, (q.id, n)


def test_how_the_answer_should_look_is_not_searched_for() -> None:
    """ "in 3 bullets" asks for a shape, not for "Lesson 3"; "세 줄로" the same."""
    from bot.rag.glossary import Speller
    from bot.rag.search import as_searched

    speller = Speller([])
    assert as_searched("summarize the lesson in 3 bullets", speller) == "summarize the lesson"
    assert as_searched("explain RAG in one sentence please", speller) == "explain RAG please"
    assert as_searched("이 강의 세 줄로 요약해줘", speller) == "이 강의 요약해줘"
    assert as_searched("what is lesson 3 about?", speller) == "what is lesson 3 about?"
    # How simply, too: "쉽게" had found "사용하기 쉬운" (easier to use).
    assert as_searched("explain RAG like I'm five", speller) == "explain RAG"
    assert as_searched("서비스 차이를 쉽게 설명해 주세요", speller) == "서비스 차이를 설명해 주세요"
    assert as_searched("사용하기 쉬운 모델이야?", speller) == "사용하기 쉬운 모델이야?"


def test_the_talk_a_question_opens_with_is_not_searched_for() -> None:
    """ "처음 들어왔는데" (new here) had found training "처음부터" (from scratch)."""
    from bot.rag.glossary import Speller
    from bot.rag.search import as_searched

    speller = Speller([])
    assert as_searched("hi! i'm new here, what is RAG?", speller) == "what is RAG?"
    assert (
        as_searched("저 이번에 처음 들어왔는데 이 강의 뭐 배우는 거예요?", speller)
        == "이 강의 뭐 배우는 거예요?"
    )
    assert as_searched("ok so what does it need?", speller) == "what does it need?"
    # Politeness before the question ("여쭤보기 조심스럽지만 Whisper는…" was refused).
    assert (
        as_searched("바쁘신데 죄송하지만 LLM을 분류하는 기준이 뭐였지?", speller)
        == "LLM을 분류하는 기준이 뭐였지?"
    )
    assert as_searched("sorry to bother you, what is RAG?", speller) == "what is RAG?"
    assert as_searched("혹시 DALL-E는 어디서 제공해?", speller) == "DALL-E는 어디서 제공해?"
    # Talk alone stays what it is (the channels answer it as talk).
    assert as_searched("hi!", speller) == "hi!"


async def test_a_newcomers_question_gets_the_lessons_goals(course_app: App) -> None:
    reply = await course_app.service.ask(
        Turn(text="저 이번에 처음 들어왔는데 이 강의 뭐 배우는 거예요?")
    )
    assert "학습 목표" in [c.heading.split(" > ")[-1] for c in reply.citations], reply.text
    assert "처음부터" not in reply.text, reply.text


def test_the_lesson_a_question_points_at_is_not_searched_for(course_app: App) -> None:
    """ "does the lesson say" names where the student read it, not what they ask about: its
    "lesson" and "say" had ranked the lesson's title and closing words first, and the
    opening of "Understand different types of LLMs" was not among the hits. A question about
    the lesson itself keeps the word."""
    hits = course_app.search.search(
        "which three things does the lesson say LLMs can be sorted by?", k=5
    ).hits
    assert any(
        h.heading == "Understand different types of LLMs" and "categorizations" in h.text
        for h in hits[:3]
    ), [h.heading for h in hits]
    about = headings(course_app, "what does this lesson cover?", 3)
    assert "Introduction" in about, about
