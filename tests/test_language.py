"""Language detection and the lexical tokens BM25 is built on."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest

from bot.app import App
from bot.kernel.lang import detect_lang, locale_lang
from bot.kernel.models import Turn
from bot.rag.tokens import Tokenizer, english_tokens, whitespace_tokens


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What is RAG?", "en"),
        ("RAG가 뭐야?", "ko"),
        ("fine-tuning이랑 RAG 중에 뭐가 더 좋아?", "ko"),
        ("Is 파운데이션 the Korean word for foundation in this lesson?", "en"),
        # Korean puts its predicate last: English terms around a Korean ending are Korean.
        ("proprietary model 단점", "ko"),
        ("retrieval augmented generation with context 설명해줘", "ko"),
        ("1234 ?!", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_locale_lang() -> None:
    assert locale_lang("ko-KR") == "ko" and locale_lang("en_US") == "en"
    assert locale_lang("fr") is None and locale_lang(None) is None


def test_english_tokens_are_normalised() -> None:
    assert english_tokens("The Models were FINE-TUNED on Ｄata") == ["model", "fine-tun", "data"]
    assert english_tokens("fine-tune fine-tuning") == ["fine-tun", "fine-tun"]
    # "modify the internals" must meet "allowed to be inspected, modified"
    assert english_tokens("modified modify applied apply") == ["modify", "modify", "apply", "apply"]
    # A noun made of a verb meets the verb: "annotate" the lesson's "human annotation".
    for verb, noun in [
        ("annotate", "annotation"),
        ("summarizing", "summarization"),
        ("generate", "generators"),
        ("completes", "completions"),
    ]:
        assert english_tokens(verb) == english_tokens(noun), (verb, noun)
    # (Not a short word that only ends the same way.)
    assert english_tokens("station nation") == ["station", "nation"]
    assert whitespace_tokens("The Models, were") == ["the", "models", "were"]


def test_korean_tokens_drop_particles_and_endings() -> None:
    tok = Tokenizer()
    tokens = tok.tokens("파운데이션 모델은 레이블이 지정되지 않은 데이터로 학습됩니다")
    assert {"파운데이션", "모델", "레이블", "데이터", "학습"} <= set(tokens)
    assert not {"은", "이", "로", "습니다"} & set(tokens)
    # The same noun with different particles is one term.
    assert tok.tokens("모델은") == tok.tokens("모델을") == ["모델"]
    # Colloquial loanwords map to the lesson's wording through the glossary (for queries
    # only): see tests/test_answer_units.py.
    # "처음부터" (from scratch) is not "처음" (at first).
    assert tok.tokens("LLM을 처음부터 학습시키는 것은") == ["llm", "처음부터", "학습"]
    assert "처음부터" not in tok.tokens("스타트업이 처음 LLM 도입할 때")
    # "기준으로" (by, per) is not the criteria foundation models follow ("기준을 따르는").
    assert "기준" in tok.tokens("몇 가지 기준을 따르는")
    assert "기준" not in tok.tokens("강의 기준으로 어떤 방법이 맞아?")
    # "들어 있어" (holds) and "예로 … 들 수 있습니다" (gives as examples) say nothing of
    # the topic: "모델 카드에는 뭐가 들어 있어?" had found BART and T5 on "들".
    assert tok.tokens("모델 카드에는 뭐가 들어 있어?") == ["모델", "카드"]


def test_a_plural_of_ing_meets_its_singular() -> None:
    """ "Embeddings are a set of models…" had stemmed to "embedding", the question's
    "embedding models" to "embed": the definition missed the question's subject."""
    tok = Tokenizer()
    assert tok.tokens("embeddings") == tok.tokens("embedding") == ["embed"]
    assert tok.tokens("settings") == tok.tokens("setting")
    assert tok.tokens("things") == tok.tokens("thing")


def test_worth_frames_a_question_and_is_no_topic() -> None:
    """ "when is it worth it?" had found the playground's "It's worth looking into"."""
    assert Tokenizer().tokens("when is it worth it?") == []
    assert Tokenizer().tokens("It's worth looking into the playground") == ["look", "playground"]


async def test_at_first_is_not_from_scratch(course_app: App) -> None:
    """ "처음 LLM 도입할 때" (when first adopting an LLM) had been answered with training an
    LLM from scratch ("처음부터"); from scratch is still found by its own word."""
    reply = await course_app.service.ask(
        Turn(text="스타트업이 처음 LLM 도입할 때 어떤 방법부터 해보면 좋을까요?")
    )
    assert "처음부터" not in reply.text, reply.text
    scratch = await course_app.service.ask(Turn(text="처음부터 LLM 학습시키려면 뭐가 필요해요?"))
    assert "처음부터 학습" in scratch.text, scratch.text


async def test_search_runs_off_the_event_loop(
    course_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    seen: list[int] = []
    original = course_app.store.embed_query

    def spy(text: str) -> list[float]:
        seen.append(threading.get_ident())
        return original(text)

    monkeypatch.setattr(course_app.store, "embed_query", spy)
    # Scoring answer units (for the prompt and the offline answer) is blocking work too.
    extractor = course_app.service.answerer.extractor
    score = extractor._score
    scored_in: list[int] = []

    def score_spy(*args: Any) -> Any:
        scored_in.append(threading.get_ident())
        return score(*args)

    monkeypatch.setattr(extractor, "_score", score_spy)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    beat = asyncio.create_task(heartbeat())
    await course_app.service.ask(Turn(text="What is an embedding?"))
    beat.cancel()
    assert seen and all(ident != loop_thread for ident in seen)
    # Scored once (the prompt and the answer share it), and not on the event loop.
    assert len(scored_in) == 1 and scored_in[0] != loop_thread
    assert ticks > 1  # the loop kept running other work while the answer was computed


async def test_an_english_question_in_a_fresh_process_never_loads_kiwi(course_app: App) -> None:
    """Indexing saves the tokens of the Korean texts a question can pull in (glossary terms,
    headings): a new process answers English without loading Kiwi (1.3 s of `studybot ask`),
    with the same answer as the process that had Kiwi loaded."""
    from bot.app import known_tokens_path
    from bot.rag.tokens import load_known_tokens

    question = "Give examples of encoder-decoder models."
    warm = await course_app.service.ask(Turn(text=question))
    fresh = App.build(course_app.settings, warm_korean=False)
    try:
        fresh.ensure_loaded()
        reply = await fresh.service.ask(Turn(text=question))
        assert fresh.store.tokenizer.korean._kiwi is None
        assert reply.text == warm.text
        assert "인코더" in fresh.store.tokenizer.korean.known
        # A Korean question still loads Kiwi, as it must.
        await fresh.service.ask(Turn(text="인코더-디코더 모델의 예는?"))
        assert fresh.store.tokenizer.korean._kiwi is not None
    finally:
        await fresh.aclose()
    # Saved tokens from other token rules (or another Kiwi) are not used.
    path = known_tokens_path(course_app.settings)
    saved = json.loads(path.read_text(encoding="utf-8"))
    stale = path.with_name("stale.json")
    stale.write_text(json.dumps({**saved, "key": "0/0"}), encoding="utf-8")
    assert load_known_tokens(stale) == {} and load_known_tokens(path)
    assert load_known_tokens(path.with_name("missing.json")) == {}


def test_a_course_noun_is_one_token_wherever_it_stands() -> None:
    """Kiwi read "학습되어 다국어 음성 인식" as "다" (all) and "국어", and "다국어" alone as one
    noun: "whisper 다국어 돼?" met no word of the lesson and was refused (p 0.16). Every noun
    of the Korean lesson that Kiwi reads as one noun alone is one token in its sentence too."""
    import re
    from pathlib import Path

    from bot.rag.tokens import _shared_kiwi

    kiwi = _shared_kiwi()
    tokenizer = Tokenizer()

    def nouns(text: str) -> list[str]:
        return [t.form for t in kiwi.tokenize(text) if t.tag in ("NNG", "NNP")]

    split: dict[str, str] = {}
    for path in (Path(__file__).parents[1] / "knowledge" / "ko").glob("*.md"):
        body = re.sub(r"\([^)]*\)", "", path.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.!?])\s+|\n", body):
            in_context = set(nouns(sentence))
            for word in re.findall(r"[가-힣]{3,}", sentence):
                alone = nouns(word)
                if len(alone) == 1 and len(alone[0]) >= 3 and alone[0] not in in_context:
                    split[alone[0]] = sentence
    assert not split, split
    sentence = "다양한 오디오에 대해 학습되어 다국어 음성 인식을 수행할 수 있습니다."
    assert "다국어" in tokenizer.tokens(sentence)
