"""Answers that contain the answer: units, question kinds, glossary, typos, citation links,
the cross-lingual note, the prompt's units and the answer evaluation's own scoring."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.app import App
from bot.core.service import StudyService
from bot.evaluation.answers import KeyedQuestion as KQ
from bot.evaluation.answers import Point, fact_present, is_fragment, judge, parse_points
from bot.kernel.models import Lang, Reply, Turn
from bot.rag.anchors import Slugger
from bot.rag.answer import subject_particle
from bot.rag.extract import Candidate
from bot.rag.glossary import (
    Glossary,
    Speller,
    asks_after_training,
    asks_after_training_of_a_person,
    mine_pairs,
    task_of_its_model,
    task_words,
)
from bot.rag.ingest import Section, load_corpus, read_document
from bot.rag.kinds import (
    ARCHITECTURES,
    ASKS_ABOUT_LESSON,
    ASKS_HIGH_COST,
    ASKS_LICENCE,
    ASKS_LOW_COST,
    REFERS_TO_LESSON,
    UNIT_FEATURES,
    WANTS_OPEN,
    asked_acronym,
    asks_about_fabrication,
    asks_brief,
    asks_code,
    asks_figure,
    asks_how_to_improve,
    asks_quiz,
    asks_ranking,
    asks_without_retraining,
    called_terms,
    classified_term,
    compared_sides,
    defined_term,
    follow_up,
    gives_date,
    gives_figure,
    kind_or_use_term,
    leans_back,
    lesson_numbers,
    lessons_in_digits,
    maker_of,
    missing_from,
    named_terms,
    question_kinds,
    reported_claim,
    set_aside,
    spells_out,
    split_questions,
    unit_says,
)
from bot.rag.polarity import asked_sides, side_match, unit_sides, with_kin
from bot.rag.sentences import split_sentences
from bot.rag.units import Unit, is_scene, leans, quoted_sentences, section_units, shown_text
from tests.fakes.openai_server import FakeOpenAI, Step

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
LESSON = "02-exploring-and-comparing-different-llms"
BASE = "https://github.com/microsoft/generative-ai-for-beginners/blob/main"

# Every heading of both lessons with the anchor GitHub gives it (checked against
# github-slugger, the library GitHub's renderer follows). Hangul stays; emoji, dots,
# commas and brackets go; each document counts repeats on its own.
ANCHORS = {
    "en": [
        "exploring-and-comparing-different-llms",
        "introduction",
        "learning-goals",
        "understand-different-types-of-llms",
        "foundation-models-versus-llms",
        "open-source-versus-proprietary-models",
        "embedding-versus-image-generation-versus-text-and-code-generation",
        "encoder-decoder-versus-decoder-only",
        "service-versus-model",
        "how-to-test-and-iterate-with-different-models-to-understand-performance-on-azure",
        "improving-llm-results",
        "prompt-engineering-with-context",
        "retrieval-augmented-generation-rag",
        "fine-tuned-model",
        "trained-model",
        "knowledge-check",
        "-challenge",
        "great-work-continue-your-learning",
    ],
    "ko": [
        "다양한-llm-탐색-및-비교",
        "개요",
        "학습-목표",
        "다양한-유형의-llm-이해",
        "파운데이션-모델-vs-llms",
        "오픈-소스-모델-vs-독점-상용-모델proprietary-models",
        "임베딩embedding-vs-이미지-생성image-generation-vs-텍스트-및-코드-생성text-and-code-generation",
        "인코더-디코더encoder-decoder-vs-디코더-전용decoder-only-모델",
        "서비스와-모델",
        "다양한-모델을-반복적으로-테스트해서-azure의-성능을-파악하는-방법",
        "llm-결과의-개선",
        "prompt-engineering-with-context",
        "retrieval-augmented-generation-rag",
        "fine-tuned-model",
        "학습된-모델",
        "knowledge-check",
        "-challenge",
        "잘-하셨습니다-계속-학습하세요",
    ],
}


async def first_point(app: App, question: str) -> tuple[str, Reply]:
    """The reply's first point (what a student reads first), and the whole reply."""
    reply = await app.service.ask(Turn(text=question))
    points = parse_points(reply.text)
    return (points[0].text if points else ""), reply


async def assert_first_points_start(app: App, *cases: tuple[str, str]) -> None:
    """Each (question, start): the reply's first point opens with `start`."""
    for question, start in cases:
        first, reply = await first_point(app, question)
        assert first.startswith(start), reply.text


async def assert_first_points_say(app: App, *cases: tuple[str, str]) -> None:
    """Each (question, words): the reply's first point says `words`."""
    for question, said in cases:
        first, reply = await first_point(app, question)
        assert said in first, reply.text


def assert_decided(app: App, refused: Sequence[str] = (), answered: Sequence[str] = ()) -> None:
    """Search refuses every question of `refused` and answers every one of `answered` (the
    failure lists each question decided the other way)."""
    wrong = [q for q in refused if app.search.search(q).in_scope]
    wrong += [q for q in answered if not app.search.search(q).in_scope]
    assert not wrong, wrong


def _units(lang: str, heading_end: str) -> list[str]:
    doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
    section = next(s for s in doc.sections if s.heading.endswith(heading_end))
    return [u.text for u in section_units(section, doc.source, doc.lang)]


# Units -------------------------------------------------------------------------------


def test_a_lead_in_travels_with_its_list() -> None:
    for lang, end in (("en", "Learning Goals"), ("ko", "학습 목표"), ("en", "Fine-tuned model")):
        texts = _units(lang, end)
        for text in texts:
            first = text.split("\n")[0]
            if first.endswith(":"):
                assert "\n  - " in text, text  # never a lead-in alone
    goals = _units("en", "Learning Goals")
    assert any(t.count("\n  - ") == 3 for t in goals)


async def test_what_falls_short_travels_with_what_it_lacks(course_app: App) -> None:
    """ "…that might not be enough however." says what falls short and the next sentence says
    what is missing: as a pair they answer "after you pick a model, what will you still have
    to feed it?" (the first alone had led, without the company data). The second stays a point
    of its own."""
    for lang, shortfall, lacks in (
        ("en", "might not be enough however.", "company specific data"),
        ("ko", "충분하지 않을 수 있습니다.", "회사의 특수한 데이터"),
    ):
        texts = _units(
            lang, "Understand different types of LLMs" if lang == "en" else "다양한 유형의 LLM 이해"
        )
        assert any(shortfall in t and lacks in t for t in texts), texts
        assert not any(t.endswith(shortfall) for t in texts)  # never alone
        assert any(t.startswith(("Often", "종종")) and lacks in t for t in texts)
    first, reply = await first_point(
        course_app,
        "after you pick a model, what does the lesson warn you'll still have to feed it?",
    )
    assert "company specific data" in first, reply.text
    # (In Korean the criteria still lead, the pair follows: "부족한" is no word of the pair's.)
    reply = await course_app.service.ask(Turn(text="모델 고르고 나서도 부족한 이유로 뭘 들었어?"))
    assert "회사의 특수한 데이터" in reply.text, reply.text


async def test_a_name_negated_is_the_name(course_app: App) -> None:
    """ "non-OpenAI examples" names OpenAI: as a name of its own, "non-OpenAI" was one the
    lesson never writes, and the question was refused as asking about it (p 0.24)."""
    question = (
        "a journalist asks for non-OpenAI examples of closed, company-owned LLMs named in our"
        " course notes. which two?"
    )
    assert named_terms(question) == ("OpenAI", "LLMs")
    assert named_terms("which non-GPT models are decoders?") == ("GPT",)
    assert named_terms("is a non-profit allowed to use it?") == ()
    first, reply = await first_point(course_app, question)
    assert "Claude 2" in first, reply.text


async def test_the_definition_asked_by_name_is_a_definition(course_app: App) -> None:
    """ "the definition of X", "X의 정의" ask what X is ("공개 모델의 정의를 한 문장으로." had
    been read as no kind at all, and the open models' other sentences led)."""
    for question, term in (
        ("공개 모델의 정의를 한 문장으로.", "공개 모델"),
        ("임베딩의 정의가 뭐야?", "임베딩"),
        ("give me the definition of a foundation model", "foundation model"),
        ("what is the definition of RAG?", "RAG"),
    ):
        assert defined_term(question) == term
        assert "definition" in question_kinds(question)
    first, reply = await first_point(course_app, "공개 모델의 정의를 한 문장으로.")
    assert "대중에게 공개되어 누구나 사용할 수 있는" in first, reply.text


async def test_testing_done_once_is_what_the_lesson_denies(course_app: App) -> None:
    """Asked whether testing is over in one go, the lesson's "iterative process, done by
    experiments and measures" answers (the catalog's list, and fine-tuning's "is a process",
    had led)."""
    for question, said in (
        ("모델 테스트는 한 번에 끝나?", "실험과 측정"),
        ("is model evaluation a one-off test?", "experiments and measures"),
    ):
        first, reply = await first_point(course_app, question)
        assert said in first, reply.text
    expansions = course_app.search.glossary.expansions
    # A list is the catalog only when it is the list of models.
    assert "카탈로그" in expansions("모델 목록이 너무 길어")
    assert "카탈로그" not in expansions("Fine-tuned model은 목록에서 어떻게 설명돼?")


def test_an_item_of_a_condition_says_what_the_condition_is_for() -> None:
    """ "This would be the preferred approach if: - Considering latency…" alone never says which
    approach: "응답이 빨라야 하면 어떤 방식이 나아?" was answered without naming fine-tuning. Its
    items are shown after the sentence that names it, which is never scored (its words had
    made every item answer what the definition answers); a list of things ("Here are some
    different approaches:") has no such context, its items name their own."""

    def units(lang: str, heading_end: str) -> list[Unit]:
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        section = next(s for s in doc.sections if s.heading.endswith(heading_end))
        return section_units(section, doc.source, doc.lang)

    for lang, opening in (("en", "Fine-tuning is a process"), ("ko", "미세 조정은 전이 학습")):
        listed = [u for u in units(lang, "Fine-tuned model") if "\n  - " in u.text]
        assert len(listed) == 4, listed  # the list and its three items
        assert all(u.shown().startswith(opening) for u in listed), listed
        items = [u for u in listed if u.kind == "item"]
        assert all(u.context.startswith(opening) and opening not in u.text for u in items)
    overview = [u for u in units("en", "Improving LLM results") if "\n  - " in u.text]
    assert overview and not any(u.context for u in overview)
    # Shown once in an answer: a second item of the same list does not repeat it.
    item = next(u for u in units("en", "Fine-tuned model") if u.kind == "item")
    assert shown_text(item.context, item.text, {item.context}) == item.text


async def test_a_condition_and_its_context_are_said_once_in_a_reply(course_app: App) -> None:
    """The list shown after "Fine-tuning is a process…" had been followed by fine-tuning's
    definition chain, which opens with that same sentence: the student read it twice.
    Choosing weighs what a point shows, its context too."""
    reply = await course_app.service.ask(
        Turn(
            text="my boss wants replies in under a second and our prompts are enormous; does "
            "that point toward tuning the model?"
        )
    )
    first = parse_points(reply.text)[0].text
    assert first.startswith("Fine-tuning is a process") and "Considering latency" in first
    assert reply.text.count("Fine-tuning is a process that leverages transfer learning") == 1, (
        reply.text
    )


def test_the_knowledge_check_answer_line_is_never_a_point_alone() -> None:
    for lang in ("en", "ko"):
        texts = _units(lang, "Knowledge check")
        assert len(texts) == 1
        quiz = texts[0].split("\n")
        assert quiz[0].endswith("?") and quiz[-1].startswith("A:3")
        assert sum(1 for line in quiz if line.startswith("  - ")) == 3


def test_no_unit_opens_with_a_dangling_connective_or_points_nowhere() -> None:
    corpus = load_corpus(KNOWLEDGE)
    for doc in corpus.documents:
        for section in doc.sections:
            for unit in section_units(section, doc.source, doc.lang):
                assert not leans(unit.text), unit.text
                if unit.kind != "pointer":  # a signpost says what comes next, nothing more
                    assert not re.search(r"let['’]s (take|use|talk)", unit.text), unit.text
                if unit.kind == "item":
                    assert "Learn more about" not in unit.text  # its link is gone


def test_a_bold_item_keeps_its_label_and_a_leaning_sentence_its_support() -> None:
    section = Section(
        "S",
        (
            "Open models are public.",
            "However, they are not always maintained.",
            "It works like this:",
            "- Latency. Latency matters. Learn more about it here.",  # as ingestion cleans it
        ),
    )
    texts = [u.text for u in section_units(section, "x.md", "en")]
    assert "Open models are public. However, they are not always maintained." in texts
    assert "It works like this:\n  - Latency. Latency matters." in texts
    assert not any(t.startswith("However") for t in texts)


def test_a_fact_deep_in_a_chain_also_comes_with_only_the_sentence_naming_its_subject() -> None:
    section = Section(
        "S",
        (
            "Open models are public. They are made by labs. These models can be changed. "
            "However, they are not always maintained. Plus, funding can be limited.",
        ),
    )
    texts = [u.text for u in section_units(section, "x.md", "en")]
    # The whole chain stays a unit; beside it, the fact with the sentence naming "they", and
    # an additive sentence ("Plus, …") keeps the point it adds to.
    assert (
        "Open models are public. They are made by labs. These models can be changed. "
        "However, they are not always maintained." in texts
    )
    assert "Open models are public. However, they are not always maintained." in texts
    assert (
        "Open models are public. However, they are not always maintained. Plus, funding can "
        "be limited." in texts
    )
    assert "Open models are public. Plus, funding can be limited." not in texts


def test_this_technique_keeps_the_sentence_that_named_the_technique() -> None:
    """A "This technique is very helpful…" quoted after the chain's first sentence alone would
    say "this technique" of nothing: the sentence introducing RAG comes with it."""
    for lang, end, opening in (
        ("en", "Retrieval Augmented Generation (RAG)", "This technique"),
        ("ko", "Retrieval Augmented Generation (RAG)", "이 기법은"),
    ):
        texts = _units(lang, end)
        with_fact = [t for t in texts if opening in t]
        assert with_fact, texts
        for text in with_fact:
            before = text[: text.index(opening)]
            assert "RAG" in before, text


def test_this_is_keeps_the_sentence_it_is_about() -> None:
    """ "This is supported by Vector database tools" speaks of RAG, named by the sentence
    before it: after the chain's first sentence alone ("LLMs have the limitation…") it would
    say the limitation is supported by them. A fact about the chain's subject ("This can be
    overcome through RAG") still comes with just the sentence naming that subject."""
    for lang, opening, technique, first in (
        ("en", "This is supported by", "overcome through RAG", "LLMs have the limitation"),
        ("ko", "이는 미리 정의된", "RAG를 통해 극복", "LLM은 학습에 사용된"),
    ):
        texts = _units(lang, "Retrieval Augmented Generation (RAG)")
        with_fact = [t for t in texts if opening in t]
        assert with_fact, texts
        for text in with_fact:
            assert technique in text[: text.index(opening)], text
        assert any(t.startswith(first) and technique in t and opening not in t for t in texts)


def test_the_analogys_scene_is_never_a_point() -> None:
    """The analogy's scene ("Imagine your manager gave you a task for writing a quiz") sets
    it up and answers nothing; it led "why can't the encoder-only colleague write the quiz?"."""
    for lang, scene in (
        ("en", "Imagine your manager gave you a task"),
        ("ko", "과제를 주었다고 가정해 보겠습니다"),
    ):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        section = next(s for s in doc.sections if "Decoder-only" in s.heading)
        units = section_units(section, doc.source, doc.lang)
        assert all(u.kind == "pointer" for u in units if scene in u.text)
        assert any(scene in u.text for u in units)


def test_the_rest_of_the_scenes_paragraph_is_the_scene_too() -> None:
    """The scene goes on after its first sentence: "You have two colleagues; one oversees…"
    led "which of the two colleagues in the analogy reviews the answers?" over the reviewer's
    own sentence. The paragraphs after the scene's are points."""
    for lang, rest, point in (
        ("en", "You have two colleagues", "The reviewer is like an Encoder only model"),
        ("ko", "두 명의 동료가 있습니다", "검토자는 인코더 전용 모델"),
    ):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        section = next(s for s in doc.sections if "Decoder-only" in s.heading)
        units = section_units(section, doc.source, doc.lang)
        assert [u.kind for u in units if rest in u.text] == ["pointer"]
        assert any(u.kind == "sentence" and u.text.startswith(point) for u in units)


def test_examples_travel_with_what_they_are_examples_of() -> None:
    """ "Examples of popular proprietary models include…" says "proprietary", not what a
    proprietary model is; a student who asks for "company-owned models" needs both. One
    sentence between them comes too ("…이들은 흥미롭고 유익한 콘텐츠를 작성하는 데는 매우
    능숙하지만…": what GPT-style models do well and badly); more, and the paragraph's opening
    and its examples travel alone."""
    for lang, opening, examples, sentences in (
        ("en", "Proprietary models are models that are owned by a company", "Google Bard", 2),
        ("ko", "독점 모델은 회사에서 소유하고", "Google Bard", 2),
        ("en", "The content creator is like a Decoder only model", "GPT family models", 3),
        ("ko", "콘텐츠 작성자는 디코더 전용 모델", "GPT 제품군 모델", 3),
    ):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        units = [u for s in doc.sections for u in section_units(s, doc.source, doc.lang)]
        both = [u for u in units if u.kind == "examples" and u.text.startswith(opening)]
        assert len(both) == 1 and examples in both[0].text, [u.text for u in both]
        assert len(quoted_sentences(both[0].text)) == sentences, both[0].text
    # "Some examples would be BART and T5" are examples of the encoder-decoder model the
    # sentence before them names, not of the scene ("Imagine that we can have someone…").
    for lang in ("en", "ko"):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        units = [u for s in doc.sections for u in section_units(s, doc.source, doc.lang)]
        assert not [u.text for u in units if u.kind == "examples" and "BART" in u.text]


@pytest.mark.parametrize(
    ("question", "first_says", "never_first"),
    [
        ("which models owned by a company does the lesson give as examples?", "Google Bard", ""),
        ("회사가 소유하고 공개하지 않는 모델로는 어떤 게 나와?", "Google Bard", ""),
        # Not asked for examples: the opening with its examples must not lead.
        ("독점 모델을 쓰면 데이터는 누가 통제해?", "제어할 수 없", "Google Bard"),
        ("디코더 전용 모델은 뭘 잘 못해?", "이해하는 데는 능숙하지 않", ""),
    ],
)
async def test_examples_answer_only_a_question_for_examples(
    course_app: App, question: str, first_says: str, never_first: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text
    assert not never_first or never_first not in first, reply.text


def test_a_korean_sentence_opening_with_unlike_leans_on_the_one_before() -> None:
    assert leans("단발성 학습 및 RAG와는 달리, 가중치와 편향이 업데이트된 새 모델이 생성됩니다.")
    assert leans("RAG과 달리, 새로운 모델이 생성됩니다.")
    assert not leans("미세 조정은 전이 학습을 활용하는 프로세스입니다.")
    texts = _units("ko", "Fine-tuned model")
    assert not any(t.startswith("단발성") for t in texts)
    assert any(t.startswith("미세 조정은") and "새로운 모델이 생성" in t for t in texts)


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # What happened after training, in other words than the lesson's.
        ("LLM이 학습이 끝난 뒤에 일어난 일을 모르는 이유가 뭐야?", "학습 과정 이후에 발생한 사실"),
        # A summary bot needs a text generation model, not the foundation model's criteria.
        ("뉴스 세 줄 요약 봇을 만들려면 강의 분류상 어떤 모델 부류를 봐야 해?", "텍스트 요약"),
        # Where the lesson sends a student who has finished it.
        ("where does the chapter send me once I'm done with it?", "Lesson 3"),
        # (Either of the two things it says to look at next, as the answer key has it: the
        # learning collection, "이 강좌를 완료한 후에는…", or lesson 3.)
        ("이 강좌 다 끝내고 나면 뭘 보라고 추천했지?", "3강 | 생성형 AI 학습 컬렉션"),
        (
            "Azure AI Studio - is it a library, a model, or what kind of thing exactly?",
            "Cloud Platform",
        ),
        # Which of two is cheaper: the one the lesson calls the most cost-effective.
        ("which is cheaper, prompt engineering or fine-tuning?", "most cost-effective"),
        # What a model is and no more: "just the Neural Network", not the service's definition
        # (the lead had been widened back to the sentence the question sets aside).
        (
            "strip away the cloud service: what is left of a model itself?",
            "just the Neural Network",
        ),
        ("서비스 껍데기를 다 벗기면 모델 본체에는 뭐만 남는다고 했어?", "신경망에 불과"),
        # Whom a product is for: the people it is designed for, not what a service is.
        ("Azure Machine Learning은 누구를 위한 서비스야?", "데이터 과학자와 ML 엔지니어"),
        ("who is Azure AI Studio for?", "designed for developers"),
        # How to pick between two: when each is the one to use (fine-tuning's definition led).
        ("how do I pick between RAG and fine-tuning?", "enough time"),
        # In which cases it is better: the cases the lesson lists.
        ("파인튜닝이 RAG보다 나은 경우는?", "지연 시간 고려"),
        ("회사가 꽁꽁 쥐고 있는 상용 LLM으로 강의에 등장한 이름을 전부 나열해 줘", "Google Bard"),
        # Several things asked for: a sentence naming three or more in a row answers as a list
        # does (the foundation models' list of "기준", criteria a model meets, had answered).
        ("모델을 고를 때 무엇을 기준으로 따져 보라고 했어? 목적 말고도", "예산"),
        ("list the resources a company needs before it attempts its own base LLM", "skilled"),
        # …but a sentence that leads into a list is answered with its list.
        ("What approaches can a business use to improve LLM results?", "Prompt engineering"),
        # What a model learns from: the sentence naming the dataset (the image bullet, which
        # names DALL-E, had led).
        (
            "for my art class: DALL-E style systems were fed what named collection of pictures?",
            "LAION-5B",
        ),
        ("DALL-E 같은 모델이 배우는 사진 모음으로 강의에 나온 이름이 뭐였지?", "LAION-5B"),
        # What takes something as input (the embeddings' definition had led).
        ("숫자로 바꾼 텍스트를 다음 단계에서 어떤 모델이 받아 써?", "클러스터링 모델"),
        ("숫자로 바꾼 문장 표현을 입력으로 먹는 후속 모델 예가 뭐였지?", "클러스터링 모델"),
        # "누구의 장비" asks whose: the service owner's (what a service is had led; the model,
        # set aside by "…하는 대신", had been its subject).
        (
            "모델을 직접 돌리는 대신 서비스를 쓰면 누구의 장비를 빌려 쓰는 셈이야?",
            "서비스 소유자의 장비",
        ),
        # The model set aside by "…하지 않고": what the service's price buys, not the model's
        # own "장비를 구입하고…".
        (
            "모델을 직접 돌리지 않고 클라우드 서비스에 돈을 내면 얻는 게 뭐야?",
            "장비와 리소스를 활용",
        ),
        # "글 써 주는 모델" is a text generation model and "뭐 시키는 데 써?" asks its uses (the
        # proprietary models' "회사에서 소유하고…", the question's "회사", had led).
        ("글 써 주는 모델들, 회사에서는 주로 뭐 시키는 데 써?", "텍스트 요약"),
        # "최고가" asks which costs the most (the text and code models' definition had led).
        ("회계팀이 묻길래: 텍스트 생성 쪽에서 최고가 모델은 몇 번 버전?", "GPT-4가 가장 비쌉니다"),
        # A text shortened, a mail put into another language: summarization and translation,
        # the text generation models' uses (fine-tuning's definition had led).
        ("긴 보고서를 줄이거나 영어로 옮겨 주는 모델은 어떤 종류야?", "텍스트 요약"),
        # The values tuning changes are the weights and biases (the studio's list had led).
        ("튜닝 끝난 모델 파일을 열어 보면 원본이랑 어떤 값들이 달라져 있을까?", "가중치와 편향"),
        # Prompt and completion in pairs are fine-tuning's training examples (zero-shot
        # prompting had led), and a student's "예제" is the lesson's "예시" (one-shot; the
        # fine-tuning section's "훈련 예제" had led).
        ("프롬프트와 completion 짝이 잔뜩 필요한 건 어떤 방법이야?", "훈련 예제"),
        ("예제 한 개를 곁들인 질의는 무슨 학습이라고 해?", "원샷"),
        # Whether it costs money asks whether it is costly: the overview's "비용이 많이 들 수
        # 있습니다", not the cheap less capable models that "보다 비용 효율적" describes.
        ("파인튜닝 하면 돈 들어?", "비용이 많이 들 수"),
        # A model trained by oneself is one trained from scratch (the foundation models'
        # criteria had led), and the surrogate task is what the Korean version describes.
        ("언제 직접 모델을 학습시키면 안 돼?", "처음부터 학습"),
        ("대리 작업이 뭐야", "데이터가 풍부한 분야"),
        # A model left to itself is one "not maintained long term" (what open-source models
        # are had led).
        ("공개 모델은 버려질 수도 있다던데 강의에 나와?", "유지 관리되지 않"),
        # A model that sees pictures is the multi-modal one (the GPT family's decoder
        # examples had led; the Korean version has no multi-modality bullet, so the English
        # one is quoted).
        ("what's the gpt model that can also see images?", "gpt-4o"),
        ("사진을 보고 이해하는 GPT 모델은 뭐야?", "gpt-4o"),
        # Which approach fits a case of the "preferred approach if" list: the point names it
        # (it had quoted the condition alone, under "다음과 같은 경우 선호되는 접근 방식입니다:").
        (
            "키오스크라 응답이 빨라야 해서 예시를 잔뜩 넣을 수가 없어. 이럴 땐 뭐가 맞아?",
            "미세 조정",
        ),
        (
            "our app must answer instantly and the examples won't fit the prompt: which approach?",
            "Fine-tuning",
        ),
        # What LLMs are sorted by: the opening of their types, which only the Korean
        # section of that name says (the foundation models' "기준" had led).
        ("LLM을 나누는 기준으로 첫 부분에 나오는 세 가지는?", "아키텍처, 학습 데이터 및 사용 사례"),
        ("모델은 어떤 기준으로 분류할 수 있나요?", "아키텍처, 학습 데이터 및 사용 사례"),
        # (Plainly asked: the opening lists them inline, "…에 따라", and now counts as a list.)
        ("LLM을 나누는 기준은 뭐야?", "아키텍처, 학습 데이터 및 사용 사례"),
        # "weaker" is the open models' "not be as performant" (GPT-4's bullet had led).
        (
            "the open model we picked is noticeably weaker than GPT-4 in our trials; does the "
            "reading see that coming?",
            "not be as performant",
        ),
        # Who drafts after reading what is written so far is the content creator.
        (
            "the person who drafts material after glancing at what's written so far: which "
            "architecture is that?",
            "Decoder only",
        ),
        # A count of the ways asks for them all; "설명 좀" asks what it is.
        (
            "prof said there are 3 ways to improve LLM output. what are they again",
            "Here are some different approaches:",
        ),
        ("임베딩 짧게 설명 좀", "텍스트를 숫자 형태로 변환"),
        # The lesson's only pairs are the training examples; a bot that reads one's
        # documents first is RAG (ChatGPT's "챗봇과 같은 대화형" scenario had led).
        ("JSON으로 된 학습 데이터는 어떤 쌍으로 만들어야 해?", "관련 출력(the completion)"),
        ("HR 규정 PDF를 챗봇이 참고하게 하려면?", "RAG"),
        ("we keep docs in Notion and want answers grounded in them; which approach?", "RAG"),
        # Posts to draft need a model that writes text, not the analogy's drafter.
        ("our LinkedIn posts need drafting; which kind of model writes text?", "Text generation"),
        # The English lesson's words in a Korean question: answered from the Korean
        # version, which says them in Korean ("cost-effective" had brought the English one).
        ("혹시 fine-tuning이랑 RAG 중에 뭐가 더 cost-effective 한가요?", "미세 조정"),
        ("Azure OpenAI Service 요금은 pay-as-you-go인가요?", "종량제"),
        # Having many examples of one's own is no request for the lesson's.
        ("우리 앱은 응답이 느리면 안 되는데 예시도 엄청 많아. 뭘 해야 해?", "지연 시간"),
        # "글 생성" is the lesson's text generation (the image models' dataset had led).
        ("글 생성 모델의 학습 자료로 예를 든 데이터 세트 이름은?", "BookCorpus"),
        # Hesitating to ship an open model asks for its weaknesses, not its definition.
        (
            "누구나 받을 수 있는 공개 모델을 실서비스에 바로 넣기 망설여지는 이유는?",
            "프로덕션 사용에 최적화",
        ),
        # Grouping by similarity is the embeddings' task (the catalog's "Review the model
        # card" had led, for "reviews").
        (
            "we want to group app reviews by similarity; which kind of model does the lesson mean?",
            "Embeddings",
        ),
        ("what family of models is used to rank documents by similarity?", "Embeddings"),
        ("a news agency wants to find articles similar to each other; which model type?", "Embed"),
        ("통신사가 서로 비슷한 기사를 찾고 싶대. 어떤 모델 유형이야?", "임베딩"),
        # Answering from one's own documents without training again is RAG (multi-modality
        # and training from scratch had led).
        (
            "as a nurse manager, I want a bot that answers from our ward protocols without "
            "retraining; what approach?",
            "RAG",
        ),
        ("간호 관리자인데 병동 지침을 재학습 없이 답하게 하려면 어떤 방법이야?", "RAG"),
        # Dialogue to write is text generation; "NPC" is a trade word, no model (refused).
        ("a game studio wants NPC dialogue written on the fly; which kind of model?", "Text gen"),
        ("게임 회사가 NPC 대사를 즉석에서 쓰게 하고 싶대. 어떤 종류 모델?", "텍스트 생성"),
        # Both understanding and generating is the encoder-decoder.
        ("which model type both understands and generates, per the reading?", "BART and T5"),
        # What a laptop lacks is computational power (open models' definition had led).
        ("오픈 모델을 내 노트북에서 돌리면 뭐가 모자라?", "연산 능력"),
        # The lesson's last question's explanation is the knowledge check's answer line.
        (
            "the lesson's last question: with little time, which approach does its "
            "explanation suggest first?",
            "RAG first",
        ),
        # Adding colour back is colorization (fine-tuning's list had led for "restoring faded
        # photographs … adding colour back").
        ("can a model add colour back to scanned 1950s postcards?", "colorization"),
        # Mending part of an image is inpainting (the image models' definition had led).
        ("이미지 일부만 고치고 싶으면?", "인페인팅"),
        # A Korean question in the English lesson's words is answered from the Korean
        # version, which says them in Korean: each had been answered in English, or from the
        # wrong section ("pay as you go" without hyphens found none).
        ("pay as you go가 뭐임", "종량제"),
        ("proprietary model은 data privacy 측면에서 어때?", "데이터 프라이버시"),
        ("RAG에서 vector DB 역할이 뭐야?", "벡터 데이터베이스"),
        ("model card에서 뭘 볼 수 있어?", "모델 카드"),
        # Asked for a few, or for "예" after what it is of: the examples, not the definition.
        ("image gen 모델 예시 몇 개만", "DALL-E"),
        ("code gen 모델 예", "CodeParrot"),
        # Explained to someone, from the lesson: the definition (transfer learning had led).
        ("초등학생한테 임베딩을 강의 내용으로 설명하면?", "숫자 형태"),
        # Short on time is RAG's "enough time" (the zero-shot "short prompt" had led).
        ("what does the lesson suggest trying first when you're short on time?", "RAG"),
        # Images and text at once are multi-modality, a bullet only the English version has
        # (text generation had led).
        ("이미지와 텍스트를 같이 다루려면 어떤 모델?", "gpt-4o"),
        # Importing a model is only in the Korean version's catalog (the fine-tuning note had
        # led).
        ("can I import a new model that isn't in the catalog yet?", "새 모델을 가져올"),
        # Having become slow is the latency condition (RAG's prompt length limits had led).
        (
            "프롬프트에 예시를 40개 넣었더니 앱이 느려지고 길이 제한에 걸렸어. 미세 조정 이유 중 "
            "뭐야?",
            "지연 시간",
        ),
        # "The catch" is what a choice costs: a service's price, self-hosting's hardware (what
        # a service is had led; "requiring computational power" was no drawback).
        ("what's the catch with services?", "not always available for free"),
        # Tasks in other words: a lesson recorded, books alike, concept art (the multi-modal
        # models and the text generators' bullet had led).
        (
            "a violin teacher records lessons and wants notes of what was said; which model?",
            "Whisper",
        ),
        ("출판사가 내용이 비슷한 책끼리 찾고 싶어 해. 어떤 모델 유형?", "임베딩"),
        ("게임 회사가 텍스트 프롬프트로 컨셉 아트를 만들고 싶어. 어떤 모델이 나와?", "DALL-E"),
        # Wanting this morning's news known is the limit of what a model learned (the
        # foundation models' criteria had led).
        ("신문사가 오늘 아침 기사까지 아는 모델을 원해. 강의에서 말하는 한계는?", "학습 과정 이후"),
        # Where to begin names the section that says so (the lesson's opening, for "스타트업",
        # and fine-tuning had been found, not prompt engineering's section).
        ("스타트업이 예산이 거의 없어. 강의에선 어떤 방법부터 해 보래?", "프롬프트 엔지니어링"),
        # The analogy's scene, asked of what only it says (a pointer unit, it had never been
        # a point: the foundation models' "역할" and the encoder-decoder had led).
        ("비유에서 관리자는 무슨 역할이야?", "관리자가"),
        ("what does the manager ask for in the architecture analogy?", "manager"),
        ("how many colleagues are in the analogy?", "two colleagues"),
        # How many approaches there are: the list of them (the Azure platform's opening had led).
        ("LLM 결과 개선 방법은 몇 가지야?", "Prompt engineering with context"),
        ("self-hosting LLaMA sounds free. what's the catch mentioned?", "computational power"),
        # A picture looked at, with a kind of picture between ("an x-ray photo"), and chats
        # about it: the multi-modal models (the image generators had led).
        (
            "a vet clinic wants a bot that looks at an x-ray photo and chats about it. "
            "what does the lesson point to?",
            "gpt-4o",
        ),
        # Open-source models' "money problem" is their funding (their performance caveat had
        # led).
        ("오픈 소스 모델의 돈 문제는 뭐라고 해?", "자금 지원"),
        # Which of two is harder: the sentence that says which is most difficult, not the one
        # that says how fine-tuning differs ("Differently from few-shot learning and RAG…").
        ("which is harder: fine-tuning or training from scratch?", "most difficult"),
        ("파인튜닝이랑 처음부터 학습 중 뭐가 더 어려워?", "가장 어렵고"),
        # The lesson's video: the banner's pointer, which had never been a point (the
        # lesson's outline had answered).
        ("where is the video for this lesson?", "view video of this lesson"),
        ("이 강의 비디오는 어디서 봐?", "동영상을 보려면"),
        ("what kind of company should train its own model?", "domain-specific"),
        # The analogy itself: its scene, a pointer, leads (the reviewer and the encoder-decoder
        # had, as parts of it).
        ("what analogy does the lesson use to explain architectures?", "Imagine your manager"),
        ("아키텍처 설명할 때 강의가 쓰는 비유는 뭐야?", "관리자가"),
        # A model that does not know a company's data: "…cannot access non-public information
        # (like company data)" (training from scratch, or the proprietary models' "owned by a
        # company", had led).
        ("사전 학습 모델이 왜 회사 데이터를 몰라?", "비공개 정보"),
        ("why can't the model see our company data?", "non-public information"),
        # The analogy for one architecture: who is like it (its examples had led).
        ("what's the analogy for the decoder?", "content creator"),
        ("디코더 모델의 비유는 뭐야?", "콘텐츠 작성자"),
        # The knowledge check named, with the approach the student guesses: its answer leads
        # (RAG's section had, and "지식 확인" had not named the knowledge check).
        ("is the knowledge check answer RAG?", "A:3"),
        ("지식 확인 정답이 RAG야?", "A:3"),
    ],
)
async def test_the_first_point_answers_in_the_students_words(
    course_app: App, question: str, first_says: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert any(said in first for said in first_says.split(" | ")), reply.text


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("where can I deploy my fine-tuned model?", "Deploy the original pre-trained model"),
        ("미세 조정한 모델은 어디에 배포할 수 있나요?", "일괄 처리 엔드포인트에 배포"),
    ],
)
async def test_where_to_deploy_quotes_the_catalogs_one_deploy_feature(
    course_app: App, question: str, item: str
) -> None:
    """The catalog's list has five features; only its last names the endpoints. The answer
    quotes that one with its lead-in, not the four that answer something else, and adds
    nothing the whole list would have kept out."""
    first, reply = await first_point(course_app, question)
    assert item in first, reply.text
    assert first.count("\n") == 1, reply.text  # the lead-in and one item
    assert "Review the model card" not in reply.text and "모델 카드" not in reply.text
    assert "선호되는 접근 방식" not in reply.text, reply.text


async def test_the_sentence_about_what_was_asked_leads(course_app: App) -> None:
    # Both analogy sentences name writing content; the question is about the reviewer.
    question = "Can the reviewer in the analogy write content?"
    first, reply = await first_point(course_app, question)
    assert first.startswith("The reviewer is like an Encoder only model"), reply.text
    assert "not good at generating content" in first


# Question kinds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Give examples of encoder-decoder models", "examples"),
        ("인코더-디코더 모델의 예시는 무엇인가요?", "examples"),
        ("give me a couple of closed, company-owned models the chapter names", "examples"),
        ("which open source models does the lesson mention?", "examples"),
        ("회사가 소유하고 공개하지 않는 모델로는 어떤 게 나와?", "examples"),
        ("강의에 이름이 나온 모델이 뭐뭐야?", "examples"),
        ("누구나 받아 쓸 수 있는 유명한 모델 세 개만 대 봐", "examples"),
        ("공개 모델 이름 좀 꼽아 줘", "examples"),
        ("What are the downsides of open-source LLMs?", "drawbacks"),
        ("오픈 소스 모델의 단점은 무엇인가요?", "drawbacks"),
        ("When is fine-tuning the preferred approach?", "when"),
        ("미세 조정은 언제 쓰나요?", "when"),
        ("how do I pick between RAG and fine-tuning?", "when"),
        ("파인튜닝이 RAG보다 나은 경우는?", "when"),
        ("strip away the cloud product: what's left of the model?", "only"),
        ("모델 본체에는 뭐만 남아?", "only"),
        ("Who coined the term foundation model?", "who"),
        ("파운데이션 모델이라는 용어는 누가 만들었어?", "who"),
        ("What is RAG?", "definition"),
        ("RAG란?", "definition"),
        ("What is CodeParrot used for?", "purpose"),
        ("코드 생성 모델은 어디에 쓰여?", "purpose"),
        ("what kinds of jobs are text generators usually put to?", "purpose"),
        ("글 써 주는 모델들, 회사에서는 주로 뭐 시키는 데 써?", "purpose"),
        ("DALL-E style systems were fed what named collection of pictures?", "dataset"),
        ("DALL-E 같은 모델이 배우는 사진 모음으로 강의에 나온 이름이 뭐였지?", "dataset"),
        ("which downstream models can consume embeddings?", "input"),
        ("임베딩 결과를 받아서 쓰는 다른 모델로는 뭐가 있어?", "input"),
        ("What approaches can a business use to improve LLM results?", "enumeration"),
        ("LLM 결과를 개선하는 방법에는 어떤 것이 있나요?", "enumeration"),
        ("이 강의에서 배우는 건 뭐야?", "enumeration"),
        ("이번 장에서 뭘 배워?", "enumeration"),
        ("What comes after this lesson?", "next"),
        ("what's the follow-up lesson going to be about?", "next"),
        ("recommend a model for generating images", "examples"),
        ("이미지 생성에 쓸 만한 모델 추천해줘", "examples"),
        ("후속 강의에서는 뭘 다뤄?", "next"),
        ("are all catalog models deployable pay-as-you-go?", "all"),
        ("what's the cheapest approach?", "most"),
        ("제일 싼 방법이 뭐야?", "most"),
        ("텍스트 생성 쪽에서 최고가 모델은 몇 번 버전?", "most"),
        ("글 쓰는 모델 라인업에서 단가 최고는 어느 거야?", "cost"),
        ("which option should we kick off with?", "first"),
        ("where do open models typically come from?", "who"),
        ("공개 LLM은 주로 어디서 나와?", "who"),
        ("what should we try first?", "first"),
        ("a startup with little data and no time: should it start by fine-tuning?", "first"),
        ("시간이 없을 때는 뭐부터 해 보라고 해?", "first"),
        ("다음 강의에서는 무엇을 배우나요?", "next"),
        (
            "our lab only uses models we can inspect; which popular ones does the lesson name?",
            "examples",
        ),
        ("how am I billed for Azure OpenAI?", "cost"),
        ("GPT 계열이 유독 잘하는 일은 퀴즈 이야기에서 뭐라고 나와?", "advantages"),
        ("Azure OpenAI는 청구를 어떻게 해?", "cost"),
        ("what do we give up by renting a service instead of hosting a model?", "drawbacks"),
        ("before the details: which approaches does the reading list?", "enumeration"),
        ("where can I deploy my fine-tuned model?", "deploy"),
        ("후보 모델을 찾은 다음에는 뭘 해야 해?", "step"),
        ("once the team has a shortlist of candidate LLMs, what comes next?", "step"),
        ("미세 조정한 모델은 어디에 배포할 수 있나요?", "deploy"),
        ("I found a model in the catalog; is it guaranteed I can tune it?", "all"),
        ("where does the chapter send me once I'm done with it?", "next"),
        ("이 강좌 다 끝내고 나면 뭘 보라고 추천했지?", "next"),
        ("이번 강의 끝내고 더 공부하려면 어디를 둘러보라고 해?", "next"),
        (
            "for the vectors-from-sentences category, name the product the reading links to",
            "examples",
        ),
        ("회사가 꽁꽁 쥐고 있는 상용 LLM으로 강의에 등장한 이름을 전부 나열해 줘", "examples"),
        # What must be bought is what it costs.
        ("the model lives in our basement. what purchases does that imply?", "cost"),
        ("사내 서버에서 직접 돌리려면 뭘 구입해야 해?", "cost"),
        ("공개 모델을 바로 넣기 망설여지는 이유는?", "drawbacks"),
        ("오픈 소스 모델이 꺼려지는 이유가 뭐야?", "drawbacks"),
        ("why would a team hesitate to ship an open model?", "drawbacks"),
        ("what is a service not good for?", "drawbacks"),
        ("서비스가 안 좋은 점은?", "drawbacks"),
        ("open source model have what problem?", "drawbacks"),
        ("is there a catch with RAG?", "drawbacks"),
        ("서비스의 함정은?", "drawbacks"),
        ("what issues do open models have?", "drawbacks"),
        ("prof said there are 3 ways to improve LLM output. what are they again", "enumeration"),
        ("교수님이 LLM 결과 개선하는 방법 3가지 있다고 했는데 뭐였지", "enumeration"),
        ("LLM 결과 개선 방법은 몇 가지야?", "enumeration"),
        ("개선 방법 몇 개야?", "enumeration"),
        ("임베딩 짧게 설명 좀", "definition"),
        ("RAG 설명 부탁해", "definition"),
        # Which of two after a colon, and the Korean comparative as it is conjugated.
        ("which is harder: fine-tuning or training from scratch?", "most"),
        ("파인튜닝이랑 처음부터 학습 중 뭐가 더 어려워?", "most"),
        ("my boss thinks fine-tuning is the first thing to try. does the lesson agree?", "first"),
        ("is RAG the first approach we should use?", "first"),
        ("where is the video for this lesson?", "video"),
        ("이 강의 동영상은 어디 있어?", "video"),
        ("what analogy does the lesson use to explain architectures?", "analogy"),
        ("강의에 나오는 비유 설명해 줘", "analogy"),
        # What a choice gains one is what it is good for.
        ("what do we gain from a cloud provider's offering instead of raw weights?", "advantages"),
        ("what would a school gain by picking a service?", "advantages"),
    ],
)
def test_question_kinds_in_both_languages(question: str, kind: str) -> None:
    assert kind in question_kinds(question)


@pytest.mark.parametrize(
    "question", ["can a model catch up with last week's news?", "can CodeParrot catch bugs?"]
)
def test_catching_something_is_no_catch(question: str) -> None:
    """A drawback is asked by "the catch", not by the verb."""
    assert "drawbacks" not in question_kinds(question)


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("what is prompt engineering?", "provide enough context"),
        ("프롬프트 엔지니어링이 뭐야?", "충분한 컨텍스트"),
    ],
)
async def test_a_definition_is_what_it_is_not_how_it_ranks(
    course_app: App, question: str, first_says: str
) -> None:
    """The sentence "Prompt engineering with context is the most cost-effective approach to
    kick-off with" ranks it; the approaches list's item, labelled with it, says what it is."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text
    assert "cost-effective" not in first and "비용 효율적" not in first


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # Had led with what proprietary models are, their price two sentences further on.
        ("do vendor-owned models cost anything to use?", "subscription or payment"),
        ("상용 모델은 돈이 들어?", "구독 또는 결제"),
        ("using a cloud service instead of our own model: what will we pay?", "subscription"),
        # What must be bought (what proprietary models are had led, on "no cloud").
        (
            "no cloud allowed at our hospital, so the model lives in our basement. what "
            "purchases does that imply?",
            "buy equipment",
        ),
        # Asked who: "에서 제공" is the English "offered by" ("회사의 특수한 데이터를
        # 제공해야" had led).
        ("who offers DALL-E?", "offered by Azure OpenAI"),
        ("달리는 누가 제공해?", "Azure OpenAI에서 제공"),
    ],
)
async def test_asked_what_it_costs_or_who_the_answer_leads_with_it(
    course_app: App, question: str, first_says: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # (Had got the catalog's list, and the fine-tuning section's conditions.)
        ("is every catalog model available for fine-tuning?", "Not all models"),
        ("describe the shape of one record in a fine-tuning dataset", "single input"),
        # Asked when, or for the approaches, the whole list.
        ("when is fine-tuning the preferred approach?", "Considering latency"),
        ("What approaches can a business use to improve LLM results?", "Prompt engineering"),
    ],
)
async def test_a_list_counts_the_words_of_its_best_item_not_of_all_its_items(
    course_app: App, question: str, first_says: str
) -> None:
    """A list had led by the words its items say between them; asked when, or for the
    approaches, the question still gets the whole list."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


@pytest.mark.parametrize(
    ("question", "first_says", "not_first"),
    [
        ("디코더 전용 모델이 뭐야?", "콘텐츠 작성자는 디코더 전용 모델", "인코더-디코더"),
        ("what is a decoder-only model?", "content creator is like a Decoder only", "GPT"),
        ("인코더 전용 모델이 뭐야?", "검토자는 인코더 전용 모델", "인코더-디코더"),
        ("what's an encoder-only model", "reviewer is like an Encoder only", "Encoder-Decoder"),
    ],
)
async def test_an_architecture_is_defined_by_the_lessons_analogy(
    course_app: App, question: str, first_says: str, not_first: str
) -> None:
    """The lesson says what decoder-only and encoder-only models are only by likening its
    quiz-writing colleagues to them: the answer opens with the likeness (the examples may
    follow it, never open). "디코더" inside "인코더-디코더" does not name the decoder-only
    model: "이것이 바로 인코더-디코더 모델입니다" had led "디코더 전용 모델이 뭐야?"."""
    first, reply = await first_point(course_app, question)
    opening = split_sentences(first)[0]
    assert first_says in opening, reply.text
    assert not_first not in opening, reply.text


@pytest.mark.parametrize(
    ("question", "leads"),
    [
        ("encoder vs decoder models difference?", ("Decoder", "Encoder only")),
        ("인코더 모델이랑 디코더 모델 차이가 뭐야?", ("디코더", "인코더 전용")),
        ("what is an encoder-decoder model?", ("BART and T5",)),
        ("인코더-디코더 모델 예시는?", ("BART와 T5",)),
    ],
)
async def test_a_hyphenated_name_is_not_its_parts_asked_apart(
    course_app: App, question: str, leads: tuple[str, ...]
) -> None:
    """Asked how encoders and decoders differ, "this is an Encoder-Decoder model" is a
    third kind of model and says neither word: it had led both questions on the words it
    shares with them. Asked for the encoder-decoder model by its name, it still leads."""
    first, reply = await first_point(course_app, question)
    assert any(lead in first for lead in leads), reply.text
    if len(leads) > 1:
        assert "Encoder-Decoder" not in first and "인코더-디코더" not in first, reply.text


@pytest.mark.parametrize(
    ("question", "first_says", "turn"),
    [
        ("why would I pick an open source model?", "inspected, modified", "However"),
        ("독점 모델을 고르면 뭐가 좋아?", "프로덕션용으로 최적화", "그러나"),
        ("서비스 쓰는 게 모델보다 어떤 점이 좋아?", "사용하기 쉬운", "그러나"),
    ],
)
async def test_asked_for_strengths_the_answer_does_not_turn_to_weaknesses(
    course_app: App, question: str, first_says: str, turn: str
) -> None:
    """The open-source chain that goes on "However, they are not always optimized…" had led
    "why would I pick an open source model?" (its "optimized" read as a strength)."""
    first, reply = await first_point(course_app, question)
    assert first_says in first and turn not in first, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("how do businesses deploy models?", ("Deploy the original pre-trained", "deploy an LLM")),
        ("how do companies deploy their models?", ("Deploy the original", "deploy an LLM")),
        # The Korean outline's bullet repeats the question's words ("Azure에서 … 다양한 모델을
        # 테스트, 반복 및 비교하기"); at a weight of 1.0 it still led.
        ("Azure에서 모델을 비교하는 방법 알려줘", ("Azure Machine Learning studio",)),
    ],
)
async def test_what_the_lesson_says_of_itself_does_not_answer_its_subject(
    course_app: App, question: str, first_says: tuple[str, ...]
) -> None:
    """ "After completing this lesson, you will be able to: … Know how businesses deploy
    models" restates the question; the catalog's deploy step, or the approaches a business
    uses to deploy an LLM in production, answer it."""
    first, reply = await first_point(course_app, question)
    assert "this lesson" not in first and "이 강좌" not in first, reply.text
    assert any(s in first for s in first_says), reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("What will I be able to do after finishing this lesson?", "Select the right model"),
        ("what topics does this lesson cover?", "Different types of LLMs"),
        ("이 강의에서 배우는 건 뭐야?", "다음을"),
    ],
)
async def test_a_question_about_the_lesson_gets_what_it_says_of_itself(
    course_app: App, question: str, first_says: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert first_says in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        (
            "what's the difference between open source and proprietary models?",
            ("open source", "proprietary"),
        ),
        ("RAG vs fine-tuning", ("RAG", "fine-tuning")),
        # Typed fast, and "llms" shared like "models".
        (
            "yo whats the diff between open source and proprietary llms",
            ("open source", "proprietary"),
        ),
        ("compare RAG and fine-tuning for a small team", ("RAG", "fine-tuning")),
        ("how is a service different from a model?", ("service", "model")),
        ("인코더 전용 모델과 디코더 전용 모델의 차이는?", ("인코더 전용", "디코더 전용")),
        ("서비스와 모델은 뭐가 달라?", ("서비스", "모델")),
        # An adverb before "뭐가 달라" and a "just" before a side are not the side.
        (
            "클라우드 업체가 파는 서비스랑 그냥 모델은 정확히 뭐가 달라?",
            ("업체가 파는 서비스", "모델"),
        ),
        ("what's the difference between a service and just a model?", ("service", "model")),
        # The topic first, the other side after.
        ("파인튜닝은 RAG랑 뭐가 달라?", ("파인튜닝", "RAG")),
        ("파인튜닝이 RAG와 어떻게 달라?", ("파인튜닝", "RAG")),
        # "이랑" after a word, not "이" as part of it.
        ("프롬프트 엔지니어링이랑 RAG는 어떻게 달라?", ("프롬프트 엔지니어링", "RAG")),
        ("파인튜닝은 RAG이랑 뭐가 달라?", ("파인튜닝", "RAG")),
        # A chat's fillers before the first side are not the side.
        ("아 그리고 혹시 서비스랑 모델 차이도 한 줄로 알려줄 수 있어?", ("서비스", "모델")),
        ("RAG는 어떻게 작동해?", None),
        ("What is RAG?", None),
        ("RAG랑 파인튜닝 중에 뭐부터 해 봐야 해?", None),
        # Which of two.
        (
            "which is cheaper, prompt engineering or fine-tuning?",
            ("prompt engineering", "fine-tuning"),
        ),
        ("RAG or fine-tuning, which should I use?", ("RAG", "fine-tuning")),
        ("how do I pick between RAG and fine-tuning?", ("RAG", "fine-tuning")),
        ("RAG랑 파인튜닝 중에 뭐가 더 싸?", ("RAG", "파인튜닝")),
        ("which one is the most expensive?", None),
    ],
)
def test_the_two_sides_a_question_compares(question: str, sides: tuple[str, str] | None) -> None:
    assert compared_sides(question) == sides
    assert ("comparison" in question_kinds(question)) == (sides is not None)


@pytest.mark.parametrize(
    ("question", "both"),
    [
        (
            "what's the difference between open source and proprietary models?",
            ("Open-source models are models", "Proprietary models are models"),
        ),
        ("오픈 소스 모델과 독점 모델의 차이는?", ("오픈 소스 모델", "독점 모델은 회사에서 소유")),
        (
            "yo whats the diff between open source and proprietary llms",
            ("Open-source models are models", "Proprietary models are models"),
        ),
        # Typed fast: the sides are read as searched, typos repaired.
        ("fine tunning vs prompt engneering?", ("Fine-tuning is a process", "Prompt engineering")),
        ("RAG vs fine-tuning", ("through RAG", "Fine-tuning is a process")),
        ("인코더 전용 모델과 디코더 전용 모델의 차이는?", ("인코더 전용", "디코더 전용")),
        (
            "explain the difference between encoder-only and decoder-only models",
            ("Encoder only", "Decoder only"),
        ),
        # "프롬프트 엔지니어링" brings "prompt" among its translations, which the fine-tuning
        # passage's "(the prompt)" says: the side had counted as spoken of.
        (
            "프롬프트 엔지니어링이랑 RAG는 어떻게 달라?",
            ("RAG를 통해", "Prompt engineering with context"),
        ),
    ],
)
async def test_a_comparison_speaks_of_both_sides(
    course_app: App, question: str, both: tuple[str, str]
) -> None:
    """The answer to "the difference between A and B" had been about A alone, B only named
    in passing ("Examples of popular proprietary models include…") or, in Korean, only the
    encoder-decoder colleague for "디코더 전용"; and an English question's "decoder-only" had
    "named" the Korean section through the glossary's translation."""
    reply = await course_app.service.ask(Turn(text=question))
    assert all(side in reply.text for side in both), reply.text
    assert "Korean version" not in reply.text and "영어판" not in reply.text


async def test_a_turn_to_a_strength_is_kept() -> None:
    """ "그러나 사용자가 자세한 요청과 예시 … 더 정확하고 … 답변을 얻을 수 있습니다" turns from
    zero-shot's limits to what examples bring: asked what examples are good for, it is the
    answer, not a weakness to weigh down."""
    from bot.rag.extract import _turns_to_weaknesses

    assert not _turns_to_weaknesses(
        "그러나 사용자가 자세한 요청과 예시, 즉 컨텍스트를 통해 질의를 구성할수록 더 정확하고 "
        "사용자의 기대에 가장 근접한 답변을 얻을 수 있습니다."
    )
    assert _turns_to_weaknesses(
        "However, they are not always optimized for production use, and may not be as "
        "performant as proprietary models."
    )
    assert _turns_to_weaknesses(
        "그러나 이러한 모델이 항상 프로덕션 사용에 최적화되어 있는 것은 아니며"
    )


async def test_what_examples_in_the_prompt_are_good_for(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="프롬프트에 예시를 넣으면 뭐가 좋아?"))
    assert "더 정확하고" in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize("question", ["퀴즈 답 알려줘", "확인 문제 정답이 뭐야?"])
async def test_the_quiz_answer_in_the_students_words(course_app: App, question: str) -> None:
    """ "퀴즈 답" had found the quiz-writing analogy ("퀴즈를 만들고 검토할 수 있는 사람")."""
    reply = await course_app.service.ask(Turn(text=question))
    assert "A:3" in parse_points(reply.text)[0].text, reply.text


async def test_saying_a_sections_topic_words_is_not_asking_for_that_section(
    course_app: App,
) -> None:
    """ "fine-tune" and "model" "name" the retrieved section "Fine-tuned model"; that had
    counted as much as asking for the knowledge check by name, and its list of when
    fine-tuning is preferred answered a question about the catalog."""
    reply = await course_app.service.ask(Turn(text="can I fine-tune any model in the catalog?"))
    first = parse_points(reply.text)[0].text
    assert "preferred approach" not in first
    assert "Model Catalog" in first or "Not all models" in first, reply.text


@pytest.mark.parametrize(
    ("question", "in_scope"),
    [
        # Named by the lesson only as examples; an off-topic example about running Stable
        # Diffusion XL on a laptop had taught the scope decision to refuse the first.
        ("what is Stable Diffusion?", True),
        # What a model the lesson names is for, typed fast ("Whisper 뭐에 써?" had been
        # refused, p 0.44); a thing the lesson never writes is still off topic.
        ("Whisper 뭐에 써?", True),
        ("김치 뭐에 써?", False),
        # What a kind the lesson sorts models by can do, asked with an example: refused
        # (p 0.37) once an off-topic example asked GPT-4o's voice latency.
        ("GPT-4o 같은 멀티모달 모델은 뭘 할 수 있어?", True),
        ("김치 같은 음식은 뭘 할 수 있어?", False),
        ("LAION-5B가 뭐야?", True),
        # A student's spelling of a course term is the term: refused, as nothing of the
        # course is near "트랜스퍼 러닝" (the lesson's 전이 학습) for e5.
        ("트랜스퍼 러닝이 뭐야?", True),
        ("what is Python?", False),
        ("what is this?", False),
        # Naming nothing but a pointer, with nothing earlier to point at.
        ("이게 뭐야?", False),
        # How or where a name comes up, the lesson understood (refused, p 0.31); a name the
        # lesson never writes is still off topic.
        ("how is Llama2 mentioned?", True),
        ("how is Pinecone mentioned?", False),
        # The lesson's gist, asked for in words it never writes (both refused as asking the
        # lesson about a stranger: "takeaways", "checklist").
        ("what are the main takeaways of this lesson?", True),
        ("give me a study checklist for this chapter", True),
        ("what are the key points of the chapter on pasta?", False),
        ("what about it?", False),
    ],
)
def test_asked_what_a_course_term_is_the_lesson_answers(
    course_app: App, question: str, in_scope: bool
) -> None:
    assert course_app.search.search(question).in_scope is in_scope


@pytest.mark.parametrize(
    "question",
    [
        # Whether a thing the lesson names is of a kind the lesson sorts models by: refused,
        # the nearest off-topic examples had been GPT-4's parameter count and rate limits.
        "is GPT-4 open source?",
        "is BERT an LLM?",
        "BERT도 LLM이야?",
        # A name of two words (refused, p 0.19: the Korean form read one word before "은").
        "Stable Diffusion은 오픈 소스야?",
        # What a named model is for: refused (p 0.02), the nearest examples being off-topic
        # questions about running or licensing models the lesson names.
        "what is Alpaca used for?",
    ],
)
def test_asked_whether_a_course_term_is_of_the_lessons_kinds_it_answers(
    course_app: App, question: str
) -> None:
    assert course_app.search.search(question).in_scope


def test_what_asks_for_code() -> None:
    assert asks_code("랭체인으로 RAG 파이프라인 짜는 코드 보여줘")
    assert asks_code("show me code for RAG")
    assert asks_code("write a Python script that calls the DALL-E API")
    # The code generation models are not a request for code.
    assert not asks_code("코드를 짜 주는 모델은 어디에 모인 코드를 보고 배웠어?")
    assert not asks_code("which model writes code?")


def test_what_asks_the_bot_to_write_something_of_its_own() -> None:
    """A poem, a joke or a translation about a subject: the lesson can be quoted on it, not
    turned into one, and the reply had quoted the RAG passage without saying so. What a
    model writes is a question about the model."""
    from bot.rag.kinds import asks_writing

    for question in (
        "write me a poem about RAG",
        "translate 'fine-tuning' into French",
        "RAG로 삼행시 지어 줘",
        "RAG에 대한 시를 써 줘",
        "이 문장 영어로 번역해 줘",
    ):
        assert asks_writing(question), question
    for question in (
        "which model writes stories?",
        "can a model write a story for my kids?",
        "글 써 주는 모델 뭐야?",
        "translation models?",
        "what is RAG?",
        # A prompt quoted as an example asks nothing of the bot.
        "a teammate typed just 'Translate to French: cheese' with no examples. "
        "what does the lesson call that style?",
    ):
        assert not asks_writing(question), question


async def test_asked_for_a_poem_the_reply_says_it_only_quotes_the_lesson(
    course_app: App,
) -> None:
    reply = await course_app.service.ask(Turn(text="write me a poem about RAG"))
    assert "I only quote the lesson" in " ".join(reply.notes), reply.notes
    reply = await course_app.service.ask(Turn(text="what is RAG?"))
    assert not any("I only quote the lesson" in n for n in reply.notes)


def test_what_an_answer_does_not_give_is_named_by_one_rule() -> None:
    """Each thing asked and not given has its note; an answer that gives it has none."""

    def keys(question: str, text: str) -> list[str]:
        return [key for key, _values in missing_from(question, text)]

    assert keys("how many parameters?", "very large models") == ["no_number"]
    assert keys("how many parameters?", "billions of parameters") == []
    assert keys("when did Anthropic release Claude 2?", "Claude 2") == ["no_date"]
    assert keys("show me code for RAG", "RAG augments the prompt") == ["no_code"]
    assert keys("write me a poem about RAG", "RAG augments the prompt") == ["no_writing"]
    assert keys("is Midjourney better than DALL-E?", "two very known choices") == ["no_ranking"]
    assert keys("is Midjourney better than DALL-E?", "GPT-4 being the most expensive") == []
    assert missing_from("is Whisper open source?", "Open-source models are…") == [
        ("not_said_of", {"term": "Whisper"})
    ]
    assert missing_from("what does GPT stand for?", "GPT family models") == [
        ("not_spelled_out", {"acronym": "GPT"})
    ]
    assert keys("what does RAG stand for?", "Retrieval Augmented Generation, RAG") == []
    assert keys("how many parameters?", "") == []


def test_a_kind_the_answer_never_says_of_the_thing_is_noted() -> None:
    """ "is DALL-E open source?" was answered "DALL-E is offered by Azure OpenAI" with no note:
    the answer names DALL-E but says nothing of open source. "GPT-3.5" does not name GPT-3."""

    def keys(question: str, text: str) -> list[str]:
        return [key for key, _values in missing_from(question, text)]

    assert keys("is DALL-E open source?", "DALL-E is offered by Azure OpenAI.") == ["not_said_of"]
    assert keys("is Midjourney free?", "DALL-E and Midjourney are two very known choices.") == [
        "not_said_of"
    ]
    assert keys("is GPT-3 a foundation model?", "GPT-3.5 served as the foundation model.") == [
        "not_said_of"
    ]
    # Said, in the thing's own sentence, or in a Korean sentence with its particle.
    assert keys("is LLaMA open source?", "Examples of open source models include LLaMA.") == []
    assert keys("is BERT an encoder-only model?", "Encoder only model would be BERT.") == []
    assert keys("BERT도 LLM이야?", "인코더 전용 모델의 예로는 BERT가 있습니다.") == []
    assert keys("is a service free?", "services are not always available for free") == []
    # A Korean sentence is read whole ("…있다 그리고…" is not two).
    assert keys("LLaMA는 오픈 소스야?", "LLaMA 같은 모델이 있다 그리고 오픈 소스 모델이다.") == []


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("is ChatGPT a model or a service?", "ChatGPT"),
        ("Is Claude 2 open source or proprietary?", "Claude 2"),
        ("is the Azure OpenAI service a model or a service?", "Azure OpenAI"),
        ("is a service free?", "service"),
    ],
)
def test_the_thing_a_question_asks_the_kind_of(question: str, thing: str) -> None:
    """ "is ChatGPT a model or a service?" had been noted "The lesson does not say this of
    ChatGPT a model or"."""
    assert classified_term(question) == thing


def test_what_asks_which_is_better() -> None:
    assert asks_ranking("is Midjourney better than DALL-E?")
    assert asks_ranking("DALL-E랑 Midjourney 중 뭐가 더 나아?")
    assert asks_ranking("which vector database is fastest for a million embeddings?")
    # What is good about it is a strength, not a ranking; nor is "better answers".
    assert not asks_ranking("서비스 쓰는 게 모델 직접 돌리는 것보다 뭐가 좋아?")
    assert not asks_ranking("apart from better performance, what risk does RAG reduce?")


@pytest.mark.parametrize(
    ("question", "note"),
    [
        # The RAG section had been quoted with nothing to say it is not the code asked for.
        ("show me code for RAG", "The lesson has no code for this."),
        # ("RAG 파이프라인 짜는 코드 보여줘" is at the border since the thirty-third batch's
        # "LangChain으로 에이전트 만드는 코드 보여줘" joined the off-topic examples, beside
        # "랭체인으로 RAG 파이프라인 짜는 코드 보여줘": p 0.63 against 0.64.)
        ("RAG를 구현하는 코드 보여줘", "강의 자료에는 이에 대한 코드가 나오지 않습니다."),
        # "DALL-E and Midjourney are two very known choices" had been the whole answer.
        ("is Midjourney better than DALL-E?", "The lesson does not say which is better."),
        ("DALL-E랑 Midjourney 중 뭐가 나아?", "강의 자료에는 어느 쪽이 더 나은지 나오지 않습니다."),
    ],
)
async def test_asked_for_what_the_lesson_does_not_give_the_reply_says_so(
    course_app: App, question: str, note: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert reply.in_scope and note in reply.notes, reply.notes


async def test_an_answer_that_ranks_gets_no_such_note(course_app: App) -> None:
    ranked = await course_app.service.ask(Turn(text="which is better, RAG or fine-tuning?"))
    assert "The lesson does not say which is better." not in ranked.notes


def test_the_korean_note_takes_the_particle_its_word_is_read_with() -> None:
    assert subject_particle("GPT") == "가"  # 지피티
    assert subject_particle("LLM") == "이"  # 엘엘엠
    assert subject_particle("모델") == "이"
    assert subject_particle("서비스") == "가"


async def test_asked_whether_a_thing_is_of_a_kind_the_reply_says_when_it_is_not_named(
    course_app: App,
) -> None:
    """ "is Whisper open source?" had been answered with what open-source models are, as if
    that said something of Whisper."""
    reply = await course_app.service.ask(Turn(text="is Whisper open source?"))
    assert "The lesson does not say this of Whisper." in reply.notes, reply.notes
    named = await course_app.service.ask(Turn(text="is Claude 2 open source?"))
    assert "Claude 2" in named.text and not named.notes, named.notes


@pytest.mark.parametrize(
    ("question", "name", "side"),
    [
        # The side asked is in doubt, not wanted: the paragraph of the side asked had led,
        # and the unit naming the model on the other side had counted against.
        ("Claude 2는 오픈 소스야?", "Claude 2", "독점"),
        ("is LLaMA proprietary?", "LLaMA", "open source"),
        ("Bloom은 독점 모델이야?", "Bloom", "오픈 소스"),
        ("is Alpaca a closed model?", "Alpaca", "open source"),
    ],
)
async def test_asked_which_side_a_named_model_is_on_the_unit_placing_it_leads(
    course_app: App, question: str, name: str, side: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    first = parse_points(reply.text)[0].text
    assert name in first and side in first, reply.text


async def test_asked_whether_all_of_them_can_the_sentence_that_says_not_all_answers(
    course_app: App,
) -> None:
    """ "can I fine-tune every model there?" after the catalog: "there" leans on it (it had
    been read alone, and got the fine-tuning section), and a question whether every one can
    is answered by "Not all models in the catalog…" (it had got the catalog's whole list)."""
    first = await course_app.service.ask(Turn(text="tell me about the model catalog"))
    reply = await course_app.service.ask(
        Turn(
            text="can I fine-tune every model there?",
            history=(("user", "tell me about the model catalog"), ("assistant", first.text)),
        )
    )
    assert parse_points(reply.text)[0].text.startswith("Not all models"), reply.text
    # Asked after a clause of its own, or of an option missing for one model: the same
    # sentence answers (they had got the catalog's list).
    for question in (
        "quick question before we start: can we fine-tune all catalog models?",
        "the fine-tune option isn't offered for the model I picked in AI Studio. normal?",
    ):
        first_said, said = await first_point(course_app, question)
        assert first_said.startswith("Not all models"), said.text
    # "is there…" and "there are…" lean on nothing.
    standalone = "is there anything in the reading about prompts at length?"
    assert follow_up(standalone, ["what is RAG?"], lambda _q: False) is None


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("what's the cheapest approach?", "most cost-effective approach to kick-off"),
        # (The bare "제일 싼 방법이 뭐야?" — cheapest way to do what? — sits on the scope
        # decision's threshold: p 0.55 before the thirtieth round's examples, 0.52 after.)
        ("성능 올리는 방법 중에 제일 싼 방법이 뭐야?", "가장 비용 효율적인 접근 방식"),
    ],
)
async def test_asked_for_the_most_the_sentence_that_says_most_answers(
    course_app: App, question: str, first_says: str
) -> None:
    """ "what's the cheapest approach?" had got the fine-tuning conditions ("a more cost
    effective and fast solution") over "the most cost-effective approach to kick-off with"."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


@pytest.mark.parametrize("question", ["explain RAG in one sentence", "한 줄로 RAG 설명해 줘"])
async def test_asked_for_one_sentence_the_best_point_alone_answers(
    course_app: App, question: str
) -> None:
    """It had got the RAG passage and the approaches list besides."""
    assert asks_brief(question)
    assert not asks_brief("프롬프트를 짧게 쓰면 어떻게 돼?")  # short prompts are the subject
    reply = await course_app.service.ask(Turn(text=question))
    assert len(parse_points(reply.text)) == 1, reply.text
    assert "RAG" in reply.text


async def test_a_follow_ups_note_names_what_it_leans_on(course_app: App) -> None:
    """ "is it free?" after "what is Whisper?" had been noted "The lesson does not say this of
    it."."""
    first = await course_app.service.ask(Turn(text="what is Whisper?"))
    reply = await course_app.service.ask(
        Turn(text="is it free?", history=(("user", "what is Whisper?"), ("assistant", first.text)))
    )
    assert "The lesson does not say this of Whisper." in reply.notes, reply.notes
    assert not any(note.endswith(" of it.") for note in reply.notes), reply.notes


async def test_an_off_topic_question_after_a_course_question_is_not_read_as_its_follow_up(
    course_app: App,
) -> None:
    """A refused question is searched again with the one before it, for a follow-up that names
    its subject only there ("and how much does it cost?"). One that names its own subject is
    not: "what does a Midjourney subscription cost per month?" after a question about
    Whisper had been answered with the Korean foundation models' criteria."""
    earlier = "Whisper는 어떤 데이터로 학습됐다고 나와?"
    first = await course_app.service.ask(Turn(text=earlier))
    question = "what does a Midjourney subscription cost per month?"
    assert not (await course_app.service.ask(Turn(text=question))).in_scope
    reply = await course_app.service.ask(
        Turn(text=question, history=(("user", earlier), ("assistant", first.text)))
    )
    assert not reply.in_scope, reply.text
    # A follow-up that names nothing of its own still leans on the question before it.
    reply = await course_app.service.ask(
        Turn(
            text="and how much does it cost?",
            history=(("user", "what is the Azure OpenAI Service?"), ("assistant", "…")),
        )
    )
    assert reply.in_scope, reply.text


async def test_a_short_question_naming_a_model_the_lesson_names_stands_alone(
    course_app: App,
) -> None:
    """ "Whisper 뭐에 써?" after a question about gpt-3.5-turbo had been asked as a follow-up
    about it and answered with text generation: "Whisper" is no technical name (no digit or
    inner capital), but the lesson writes it as a name, so the question names its subject."""
    earlier = "is gpt-3.5-turbo a text generation model?"
    reply = await course_app.service.ask(
        Turn(text="Whisper 뭐에 써?", history=(("user", earlier), ("assistant", "…")))
    )
    assert "음성 인식" in reply.text.split("\n- ")[0], reply.text
    assert "텍스트 생성" not in reply.text, reply.text


async def test_a_name_typed_in_lower_case_stands_alone(course_app: App) -> None:
    """ "whisper 다국어 돼?" after "my nephew says GPT-4 is free. true?" had been searched with
    GPT-4 and led with the GPT family's decoder examples: the lesson never writes "Whisper"
    in lower case, so a student's "whisper" names it as well. ("what are its downsides?"
    still leans on the earlier subject.)"""
    assert course_app.search.names_subject("whisper 다국어 돼?")
    assert not course_app.search.names_subject("what are its downsides?")
    earlier = "my nephew says GPT-4 is free. true?"
    first = parse_points(
        (
            await course_app.service.ask(
                Turn(text="whisper 다국어 돼?", history=(("user", earlier), ("assistant", "…")))
            )
        ).text
    )[0].text
    assert "Whisper" in first and "다국어" in first, first


def test_what_a_kind_question_asks_about() -> None:
    assert classified_term("is GPT-4 open source?") == "GPT-4"
    # A name of two words; "closed" as the lesson's proprietary.
    assert classified_term("Claude 2는 오픈 소스야?") == "Claude 2"
    assert classified_term("is Alpaca a closed model?") == "Alpaca"
    assert classified_term("Claude 2는 폐쇄형 모델이야?") == "Claude 2"
    assert classified_term("is BERT an LLM?") == "BERT"
    assert classified_term("GPT-4는 오픈소스야?") == "GPT-4"
    assert classified_term("are services free?") == "services"
    assert classified_term("Is Claude 2 open source or proprietary?") == "Claude 2"
    assert classified_term("is fine-tuning expensive?") == ""
    assert classified_term("what is BERT?") == ""
    # A pronoun names nothing; a follow-up carries what it leans on.
    assert classified_term("is it free?") == ""
    assert classified_term("is it free? (Whisper)") == "Whisper"
    # Where a thing falls, asked with one of the lesson's kinds.
    assert classified_term("Claude 2 sits in which camp of the open-versus-closed split?") == (
        "Claude 2"
    )
    assert classified_term("Messi belongs to which team?") == ""


def test_what_a_question_asks_the_kind_or_use_of() -> None:
    assert kind_or_use_term("what is Alpaca used for?") == "Alpaca"
    assert kind_or_use_term("what kind of model is BART?") == "BART"
    assert kind_or_use_term("what does CodeParrot do?") == "CodeParrot"
    assert kind_or_use_term("스테이블 디퓨전은 어떤 모델이야?") == "스테이블 디퓨전"
    assert kind_or_use_term("Midjourney는 어떤 일에 쓰는 거야?") == "Midjourney"
    assert kind_or_use_term("Whisper는 뭐 하는 모델이야?") == "Whisper"
    assert kind_or_use_term("미드저니는 무슨 용도로 쓰는 모델이야?") == "미드저니"
    # Typed fast: the particle dropped, the question turned round.
    assert kind_or_use_term("Whisper 뭐에 써?") == "Whisper"
    assert kind_or_use_term("what is Whisper for?") == "Whisper"
    assert kind_or_use_term("Whisper for what?") == "Whisper"
    # What it does well, as "what is X good at?".
    assert kind_or_use_term("BERT는 뭘 잘해?") == "BERT"
    assert kind_or_use_term("BERT-base는 뭐 잘해?") == "BERT-base"
    # What it can do is what it is for; a kind asked with an example is the kind.
    assert kind_or_use_term("what can Whisper do?") == "Whisper"
    assert kind_or_use_term("Whisper는 어떤 일을 할 수 있어?") == "Whisper"
    assert kind_or_use_term("GPT-4o는 뭘 할 수 있어?") == "GPT-4o"
    assert (
        kind_or_use_term("gpt-4o 같은 멀티모달 모델은 어떤 일을 할 수 있나요?") == "멀티모달 모델"
    )
    assert kind_or_use_term("what can multimodal models like GPT-4o do?") == "multimodal models"
    assert kind_or_use_term("what does Whisper output?") == "Whisper"
    # A use asked with any verb, or as the thing's use.
    assert kind_or_use_term("Whisper는 어떤 용도로 소개되었나요?") == "Whisper"
    assert kind_or_use_term("DALL-E는 어떤 용도야?") == "DALL-E"
    assert kind_or_use_term("Whisper의 용도는 뭐야?") == "Whisper"
    assert kind_or_use_term("what can you do?") == ""
    # ("똑같은" is "the same": no example set aside.)
    assert kind_or_use_term("GPT-4랑 똑같은 모델은 뭘 할 수 있어?") == "GPT-4랑 똑같은 모델"
    assert kind_or_use_term("내가 뭘 할 수 있어?") == ""
    # A pronoun names nothing; other questions ask something else.
    assert kind_or_use_term("그건 어떤 모델이야?") == ""
    assert kind_or_use_term("what is it used for?") == ""
    assert kind_or_use_term("how much does Midjourney cost?") == ""
    assert kind_or_use_term("what is BERT?") == ""
    # "it" is the one name of the sentence before; with two names, which one is a guess.
    assert kind_or_use_term("what job is Whisper good for?") == "Whisper"
    assert kind_or_use_term("Midjourney came up in our meeting. what job is it good for?") == (
        "Midjourney"
    )
    assert kind_or_use_term("We tried DALL-E and Midjourney. what is it good for?") == ""


def test_an_acronym_asked_and_spelled_out() -> None:
    assert asked_acronym("what does RAG stand for?") == "RAG"
    assert asked_acronym("What do LLMs stand for?") == "LLM"
    assert asked_acronym("LLM은 뭐의 약자야?") == "LLM"
    assert asked_acronym("RAG 풀네임이 뭐야?") == "RAG"
    assert asked_acronym("what is RAG?") == ""
    assert spells_out("- Retrieval Augmented Generation, RAG. Your data might exist", "RAG")
    assert spells_out("different types of large language models (LLMs)", "LLM")
    assert spells_out("다양한 유형의 대규모 언어 모델(LLM)을 비교하고", "LLM")
    assert not spells_out("This can be overcome through RAG, a technique that augments", "RAG")


@pytest.mark.parametrize(
    ("question", "spelled"),
    [
        ("what does RAG stand for?", "Retrieval Augmented Generation"),
        ("RAG 풀네임이 뭐야?", "Retrieval Augmented Generation"),
        ("what does LLM stand for?", "large language models"),
        ("LLM은 뭐의 약자야?", "대규모 언어 모델"),
        # An adverb between ("even") had hidden the acronym asked: the open-source models led.
        ("sorry if this is dumb but what does LLM even stand for?", "Large Language Models"),
    ],
)
async def test_asked_what_an_acronym_stands_for_the_answer_spells_it_out(
    course_app: App, question: str, spelled: str
) -> None:
    """ "What does RAG stand for?" had got the RAG section's paragraph, which never spells it
    out; the approaches list's item does ("Retrieval Augmented Generation, RAG.")."""
    reply = await course_app.service.ask(Turn(text=question))
    assert spelled in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("서비스가 뭐야?", "클라우드 서비스 제공업체"),
        ("what is a service?", "offered by a Cloud Service Provider"),
    ],
)
async def test_how_something_usually_is_is_not_what_it_is(
    course_app: App, question: str, first_says: str
) -> None:
    """ "서비스는 종종 상용화에 최적화되어 있으며…" opens with the term as its subject but says how
    services usually are; it had led "서비스가 뭐야?" over the sentence that says what one is."""
    reply = await course_app.service.ask(Turn(text=question))
    assert first_says in parse_points(reply.text)[0].text, reply.text


def test_a_negated_strength_is_not_a_strength() -> None:
    from bot.rag.kinds import UNIT_FEATURES

    strength = UNIT_FEATURES["advantages"]
    assert strength.search("These models are often optimized for production use.")
    assert strength.search("이러한 모델은 종종 프로덕션용으로 최적화되어 있습니다.")
    assert not strength.search("they are not always optimized for production use")
    assert not strength.search("이러한 모델이 항상 프로덕션 사용에 최적화되어 있는 것은 아니며")


@pytest.mark.parametrize(
    ("question", "kind", "not_kind"),
    [
        ("why is fine-tuning expensive?", "drawbacks", "advantages"),
        (
            "Why are open-source models sometimes less reliable for production?",
            "drawbacks",
            "advantages",
        ),
        ("why is RAG helpful?", "advantages", "drawbacks"),
        ("why is a fine-tuned less capable model attractive", "advantages", "drawbacks"),
    ],
)
def test_why_a_weakness_is_not_asking_for_strengths(
    question: str, kind: str, not_kind: str
) -> None:
    """Asked for strengths, points that turn to weaknesses weigh less: "why is X expensive?"
    must not be read as asking for strengths."""
    kinds = question_kinds(question)
    assert kind in kinds and not_kind not in kinds


def test_a_message_of_several_questions_is_split_only_where_each_stands_alone() -> None:
    assert split_questions("what is RAG? what is fine-tuning?") == [
        "what is RAG?",
        "what is fine-tuning?",
    ]
    assert split_questions("RAG가 뭐야? 파인튜닝은 뭐야?") == ["RAG가 뭐야?", "파인튜닝은 뭐야?"]
    assert len(split_questions("what is RAG? what is one-shot learning?")) == 2
    for one in (
        "what is RAG?",
        "RAG? what is it?",  # the second leans on the first
        "what is RAG? thanks",  # not a question
        "그림 모델은 어떤 데이터로 학습시켜? 강의에 예로 든 데이터 세트가 있었던 것 같은데",
        "a? b? c? d?",  # more than three
    ):
        assert split_questions(one) == [one]


@pytest.mark.parametrize(
    ("question", "first_says", "then_says"),
    [
        ("what is RAG? what is fine-tuning?", "This can be overcome through RAG", "Fine-tuning is"),
        ("RAG가 뭐야? 파인튜닝은 뭐야?", "RAG를 통해 극복", "미세 조정은"),
    ],
)
async def test_each_question_of_a_message_gets_its_answer(
    course_app: App, question: str, first_says: str, then_says: str
) -> None:
    """One search for the whole message had answered only its first question."""
    reply = await course_app.service.ask(Turn(text=question))
    points = [p.text for p in parse_points(reply.text)]
    assert first_says in points[0], reply.text
    assert any(then_says in p for p in points[1:]), reply.text
    assert len({c.heading for c in reply.citations}) >= 2


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("what is LoRA? what is RAG?", "The course material does not cover “what is LoRA?”."),
        ("Kubernetes가 뭐야? RAG가 뭐야?", "“Kubernetes가 뭐야?”은(는) 강의 자료에 없는"),
    ],
)
async def test_a_question_of_a_message_the_course_does_not_answer_is_named(
    course_app: App, question: str, note: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert any(note in n for n in reply.notes), reply.notes
    assert "RAG" in reply.text
    # Once: the name is not noted a second time as one the lesson never mentions.
    assert not any("does not mention" in n or "언급이 없습니다" in n for n in reply.notes)


async def test_a_second_question_that_leans_on_the_first_is_not_answered_alone(
    course_app: App,
) -> None:
    """ "제일 비싼 건?" asks about the GPT versions of the first question."""
    first, reply = await first_point(
        course_app, "GPT 버전들 가격 차이가 어떻다고 했지? 제일 비싼 건?"
    )
    assert "GPT-4가 가장 비쌉니다" in first, reply.text


def test_a_follow_up_is_asked_with_the_subject_it_leans_on() -> None:
    def names(text: str) -> bool:
        return any(w in text for w in ("fine-tuning", "BERT", "파인튜닝", "open source"))

    assert follow_up("what are its downsides?", ["what is RAG?"], names) == (
        "what are its downsides? (RAG)"
    )
    assert follow_up("예시는?", ["오픈 소스 모델이 뭐야?"], names) == "예시는? (오픈 소스 모델)"
    # The earlier question again, of another subject; its particle goes with the old one.
    assert follow_up("and fine-tuning?", ["what is RAG?"], names) == "what is fine-tuning?"
    assert follow_up("파인튜닝은?", ["RAG가 뭐야?"], names) == "파인튜닝 뭐야?"
    # "그럼 장점은?" asks a kind of the earlier subject, not about "장점".
    assert follow_up("그럼 장점은?", ["RAG가 뭐야?"], names) == "그럼 장점은? (RAG)"
    # A question of its own, or nothing earlier to lean on.
    assert follow_up("what is BERT?", ["what is RAG?"], names) is None
    # "one-shot" is no pronoun, and a question defining its own term stands alone; one that
    # names something else and points back leans ("it" is RAG).
    assert follow_up("what is one-shot learning?", ["what is RAG?"], names) is None
    assert follow_up("what is this lesson about?", ["what is RAG?"], names) is None
    # "it" is the one name of the sentence before, in the same message.
    assert (
        follow_up(
            "Midjourney came up in our meeting. what job is it good for?", ["what is RAG?"], names
        )
        is None
    )
    assert follow_up("It came up today. what is it good for?", ["what is RAG?"], names) == (
        "It came up today. what is it good for? (RAG)"
    )
    assert follow_up("what is it used for?", ["what is RAG?"], names) == (
        "what is it used for? (RAG)"
    )
    assert follow_up("how does it compare to fine-tuning?", ["what is RAG?"], names) == (
        "how does it compare to fine-tuning? (RAG)"
    )
    assert follow_up("give me an example", ["hello there"], names) is None
    # Asking only for a kind of answer leans too, however many words it takes.
    assert follow_up("can you give an example?", ["what's an embedding model?"], names) == (
        "can you give an example? (embedding model)"
    )
    assert follow_up("예시를 몇 개 들어줄 수 있어?", ["오픈 소스 모델이 뭐야?"], names) == (
        "예시를 몇 개 들어줄 수 있어? (오픈 소스 모델)"
    )
    # An earlier follow-up is read as it was answered: its "it" was fine-tuning, not the
    # RAG it set fine-tuning against.
    earlier = ["what is fine-tuning?", "when should I use it instead of RAG?"]
    assert follow_up("what data do I need for it?", earlier, names) == (
        "what data do I need for it? (fine-tuning)"
    )
    # What comes next, and what the lesson covers, are asked of the course, not of the
    # earlier subject ("this lesson" points at the course, not back).
    assert follow_up("what should I study next?", ["what is fine-tuning?"], names) is None
    assert follow_up("summarize the lesson", ["what is RAG?"], names) is None
    assert follow_up("what will I learn in this lesson?", ["what is RAG?"], names) is None
    assert follow_up("what does this lesson say about it?", ["what is RAG?"], names) == (
        "what does this lesson say about it? (RAG)"
    )
    assert follow_up("다음에 뭘 공부하면 돼?", ["파인튜닝이 뭐야?"], names) is None


@pytest.mark.parametrize(
    ("earlier", "question", "says"),
    [
        ("what is an embedding?", "give me an example", "OpenAI embeddings"),
        # (Five words: it had been read as a question of its own, and got LAION-5B.)
        ("what's an embedding model?", "can you give an example?", "OpenAI embeddings"),
        ("오픈 소스 모델이 뭐야?", "예시를 몇 개 들어줄 수 있어?", "Alpaca, Bloom 그리고 LLaMA"),
        ("오픈 소스 모델이 뭐야?", "예시는?", "Alpaca, Bloom 그리고 LLaMA"),
        ("Whisper가 뭐야?", "어디에 써?", "음성 인식"),
        ("what is RAG?", "and fine-tuning?", "Fine-tuning is a process"),
        ("RAG란?", "서비스는?", "서비스는 클라우드 서비스 제공업체"),
        # (It had been answered with fine-tuning again.)
        ("what is fine-tuning?", "what should I study next?", "Head over to Lesson 3"),
        ("what is fine-tuning?", "what will I learn in this lesson?", "This lesson will cover"),
    ],
)
async def test_a_follow_up_gets_the_answer_about_what_it_leans_on(
    course_app: App, earlier: str, question: str, says: str
) -> None:
    """Alone, "give me an example" had got LAION-5B's image models and "예시는?" the
    zero-shot paragraph."""
    first = await course_app.service.ask(Turn(text=earlier))
    reply = await course_app.service.ask(
        Turn(text=question, history=(("user", earlier), ("assistant", first.text)))
    )
    assert says in parse_points(reply.text)[0].text, reply.text


def test_what_asks_for_a_number_or_a_date_and_what_gives_one() -> None:
    assert asks_figure("GPT-4의 컨텍스트 길이는 몇 토큰이야?") == "number"
    assert asks_figure("how many parameters do foundation models have?") == "number"
    assert asks_figure("오픈AI API 요금이 토큰당 얼마야?") == "number"
    assert asks_figure("when did Anthropic release Claude 2?") == "date"
    # How much, not a number: "how much context…", "얼마나 어려워?".
    assert asks_figure("How much context should I put in my prompt?") == ""
    assert asks_figure("LLM을 직접 학습시키는 건 얼마나 어려워?") == ""
    assert asks_figure("what is RAG?") == ""
    # A few, not a number.
    assert asks_figure("예시를 몇 개 들어줄 수 있어?") == ""
    assert asks_figure("파라미터가 몇 개야?") == "number"
    # Which version: "GPT-4" answers it.
    assert asks_figure("텍스트 생성 쪽에서 최고가 모델은 몇 번 버전?") == ""
    assert gives_figure("trained on billions of parameters")
    assert gives_figure("수십억 개의 파라미터로 학습된")
    # A date is a year or a month; "billions" answers no "when".
    assert gives_date("released in 2023") and gives_date("2023년 3월에 공개")
    assert not gives_date("trained on billions of parameters [1]")
    assert not gives_date("they may not be maintained long term")
    # A name's number and a citation mark are not figures.
    assert not gives_figure("Examples include Claude 2 and GPT-4 [1]")
    assert not gives_figure("LAION-5B와 같은 데이터 세트 [2]")


@pytest.mark.parametrize(
    ("question", "note"),
    [
        # (In scope: the lesson says GPT-4 is the most expensive, not by how much. The
        # off-topic "GPT-4의 컨텍스트 길이는 몇 토큰이야?", once accepted, is now refused.)
        ("GPT-4는 GPT-3.5보다 몇 배 비싸?", "강의 자료에는 그 수치가 나오지 않습니다."),
        # (Not "when did Anthropic release Claude 2?": the near-world probe labels it off
        # topic, and the scope decision may refuse it.)
        ("when was the term foundation model coined?", "The lesson does not say when."),
    ],
)
async def test_asked_for_a_figure_the_lesson_never_gives_the_reply_says_so(
    course_app: App, question: str, note: str
) -> None:
    """The closest passage speaks of the thing, not of the figure asked for: it had been
    quoted with nothing to say that it is not that figure."""
    reply = await course_app.service.ask(Turn(text=question))
    assert reply.text and note in reply.notes, reply.notes


async def test_a_figure_the_lesson_gives_gets_no_such_note(course_app: App) -> None:
    reply = await course_app.service.ask(
        Turn(text="how many parameters are foundation models trained on?")
    )
    assert "billions of parameters" in reply.text and not reply.notes


def test_anyone_is_not_asking_who() -> None:
    """Anyone ("누구나 쓸 수 있는": that anyone may use) is not who: it asks for models."""
    assert "who" not in question_kinds("누구나 받아 쓸 수 있는 유명한 모델 세 개만 대 봐")
    assert "who" in question_kinds("이 용어를 처음 만든 사람은 누구야?")


@pytest.mark.parametrize(
    "question",
    [
        "Our examples no longer fit in the prompt; which approach fits?",
        "What is it called when the prompt has only one example?",
        "예시가 너무 많아서 프롬프트에 다 안 들어가. 어떤 방법을 권해?",
        "예를 한 개만 보여 주고 시키는 기법 이름이 뭐야?",
        "What are decoder models good and bad at?",
        "우리 앱은 응답이 느리면 안 되는데 예시도 엄청 많아. 뭘 해야 해?",
        "예시들이 너무 많아서 프롬프트에 안 들어가",
        # A kind of model is asked for, not one of its examples.
        "which family of models turns text into numbers?",
        "what kind of models generate images?",
    ],
)
def test_speaking_of_ones_own_examples_is_not_asking_for_examples(question: str) -> None:
    assert "examples" not in question_kinds(question)


def test_a_sections_prior_follows_its_search_score_not_its_rank() -> None:
    """Two sections that search found almost equally good are almost equally likely to hold
    the answer: the second must not get half the first's share because it came second."""
    from bot.rag.extract import _section_prior
    from bot.rag.search import Hit

    def hit(score: float) -> Hit:
        return Hit("c", "en/x.md", "H", "en", "x", "text", score, 0.8)

    first = _section_prior(hit(0.148), 0, 0.148, True)
    second = _section_prior(hit(0.144), 1, 0.148, True)
    distant = _section_prior(hit(0.10), 3, 0.148, True)
    assert first == pytest.approx(1.0)
    assert second > 0.85 * first > distant
    # A section search did not retrieve (named by the question, the other version) by rank.
    assert _section_prior(hit(0.0), 4, 0.148, False) == pytest.approx(1 / 5)


def test_the_defined_term_is_found() -> None:
    assert defined_term("What is zero-shot learning?") == "zero-shot learning"
    # Typed fast, or asked after the term.
    assert defined_term("waht is an embeding") == "embeding"
    assert defined_term("whats RAG") == "RAG"
    assert defined_term("prompt engineering 😅 what's that") == "prompt engineering"
    assert defined_term("RAG - what is it?") == "RAG"
    assert defined_term("LLM 뜻이 뭐야?") == "LLM"
    # Chat's spellings, without spaces: "머야" is "뭐야", and a meaning glued to its term.
    assert defined_term("임베딩이머야") == "임베딩"
    assert defined_term("rag머임") == "rag"
    assert defined_term("제로샷뜻") == "제로샷"
    # What kind of thing it is: what it is.
    assert defined_term("Azure AI Studio - is it a library, a model, or what kind of thing?") == (
        "Azure AI Studio"
    )
    assert defined_term("what sort of product is Azure AI Studio exactly?") == "Azure AI Studio"
    assert defined_term("what kind of model is BERT?") == ""
    # Asked to explain or define a term in so many words.
    assert defined_term("explain RAG") == "RAG"
    assert defined_term("define fine-tuning") == "fine-tuning"
    assert defined_term("RAG에 대해 설명해줘") == "RAG"
    assert defined_term("explain RAG like I'm five") == ""
    assert defined_term("파인튜닝이랑 RAG 차이 설명해줘") == ""
    # A question about a kind of thing of the term is not its definition.
    assert defined_term("what's the downside of fine-tuning?") == ""
    assert defined_term("what are the examples of RAG?") == ""
    assert defined_term("RAG란?") == "RAG"
    assert defined_term("임베딩이 뭐야?") == "임베딩"
    assert defined_term("What's the difference between a service and a model?") == ""
    # How to say it is not part of what to define.
    assert defined_term("what is a foundation model, in simple words?") == "foundation model"
    assert defined_term("What is fine-tuning exactly?") == "fine-tuning"
    assert defined_term("임베딩이 뭐야, 쉽게 말해서?") == "임베딩"
    assert defined_term("쉽게 말해 RAG란?") == "RAG"
    # Where it is asked about is not the term; a long phrase is not a term at all.
    assert defined_term("검토자와 콘텐츠 작성자 비유에서 인코더-디코더 모델은 뭐야?") == (
        "인코더-디코더 모델"
    )
    assert defined_term("그 비유에서 글 쓰는 쪽 모델이 부족한 점은 뭐야?") == ""


def test_what_a_question_is_not_asking() -> None:
    # "next to each other" is not what comes next; what a model lacks is its drawback.
    assert "next" not in question_kinds("can the studio show candidates next to each other?")
    assert "next" in question_kinds("what comes next?")
    assert "next" in question_kinds("I finished this chapter. where should I go to keep learning?")
    # What one can do after the course is its goals; a new model is not the lesson's example.
    assert "next" not in question_kinds("이 강좌를 마치면 뭘 할 수 있게 돼?")
    assert "examples" not in question_kinds("새로 나온 모델을 카탈로그로 임포트하는 것도 돼?")
    assert "drawbacks" in question_kinds("그 비유에서 글 쓰는 쪽 모델이 부족한 점은 뭐야?")
    # "왜 … 못 써?" asks why it cannot; "뭐 있어?" after a kind of thing asks for examples.
    assert "advantages" not in question_kinds("BERT는 왜 글을 못 써?")
    assert "drawbacks" in question_kinds("디코더 모델은 뭘 못해?")
    # "못 쓰는 경우가 많아?" asks whether it is often so, not in which cases.
    assert "when" not in question_kinds("독점 모델은 공짜로 못 쓰는 경우가 많아?")
    # Which of two is cheaper asks which is the cheapest; a comparative alone does not.
    assert "most" in question_kinds("which is cheaper, prompt engineering or fine-tuning?")
    assert "most" not in question_kinds("is RAG cheaper than people think?")
    # What to check before deploying is not where to deploy.
    assert "deploy" not in question_kinds("배포 전에 샘플 문장 넣어서 결과를 보는 기능이 있어?")
    assert "deploy" not in question_kinds("what can I try out before deploying?")
    assert "advantages" in question_kinds(
        "모델을 직접 다루는 것보다 클라우드 서비스가 편한 이유가 뭐래?"
    )
    # What something costs; "무료 공개 모델" only describes the model.
    assert "cost" in question_kinds("RAG vs fine tuning, which is cheaper?")
    assert "cost" in question_kinds("서비스 쓰면 돈이 들어?")
    assert "cost" not in question_kinds("무료 공개 모델을 골랐는데 업데이트가 끊길 수도 있어?")
    # What the student quotes is what they read, not what they ask.
    assert "cost" not in question_kinds(
        'The lesson says "Prompt engineering with context is the most cost-effective approach '
        'to kick-off with." Why is that?'
    )
    # Weak at, bad at: a weakness.
    assert "drawbacks" in question_kinds("GPT 같은 모델이 약한 부분은?")
    assert "drawbacks" in question_kinds("인코더 모델은 뭐에 서툴러?")
    assert "drawbacks" in question_kinds("what is GPT bad at?")
    assert "drawbacks" in question_kinds("what do decoder models struggle with?")
    assert "advantages" in question_kinds("왜 오픈 소스를 써?")
    assert "examples" in question_kinds("이미지 생성 모델 뭐 있어?")
    assert "examples" in question_kinds("강의에 나온 거 뭐 있어?")
    assert "enumeration" in question_kinds("list the approaches to improve LLM results")
    # What a question sets aside is not what it asks for.
    assert "purpose" not in question_kinds("모델 고를 때 용도 말고 또 뭘 따져야 해?")
    assert "purpose" in question_kinds("이 모델의 용도는 뭐야?")
    assert question_kinds("장점 말고 단점은?") == {"drawbacks"}
    assert "examples" not in question_kinds("besides the examples, what else does it say?")
    assert "examples" in question_kinds("besides BERT what are the examples?")


@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        ("인코더-디코더 모델의 예시는 무엇인가요?", "ko", ["BART", "T5"]),
        ("What is an embedding?", "en", ["numerical"]),
        ("what is a foundation model, in simple words?", "en", ["Stanford", "foundation"]),
        ("What is transfer learning?", "en", ["surrogate task"]),
        ("전이 학습이 뭐야?", "ko", ["재사용하는 전이 학습"]),
        ("what's the challenge at the end of the lesson?", "en", ["use RAG"]),
        ("can I use open source models commercially?", "en", ["can be used by anyone"]),
        ("임베딩이 뭐야?", "ko", ["숫자 형태"]),
        ("Who coined the term foundation model?", "en", ["Stanford"]),
        ("What are the downsides of open-source LLMs?", "en", ["not always optimized"]),
        ("When is fine-tuning the preferred approach?", "en", ["latency", "up to date"]),
        ("미세 조정은 어떤 경우에 선호되나요?", "ko", ["지연 시간", "최신 상태"]),
    ],
)
async def test_each_question_kind_is_answered_in_the_first_point(
    course_app: App, question: str, lang: str, facts: list[str]
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert reply.lang == lang and reply.in_scope
    first = parse_points(reply.text)[0].text
    for fact in facts:
        assert fact_present(first, [fact]), (question, reply.text)


async def test_examples_come_with_what_they_are_examples_of(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="Give examples of encoder-decoder models."))
    point = next(p.text for p in parse_points(reply.text) if "BART" in p.text)
    # "Some examples would be BART and T5." names no subject: the sentence before comes too.
    assert point.endswith("this is an Encoder-Decoder model. Some examples would be BART and T5.")


async def test_a_list_question_gets_the_list_and_no_dangling_opening(course_app: App) -> None:
    reply = await course_app.service.ask(
        Turn(text="What will I be able to do after finishing this lesson?")
    )
    lines = reply.text.splitlines()
    assert lines[0] == "After completing this lesson, you will be able to:"
    assert "Select the right model" in reply.text and "deploy models" in reply.text
    rag = await course_app.service.ask(Turn(text="RAG란?"))
    assert not rag.text.startswith(("하지만", "- 하지만"))
    assert "외부 데이터로 프롬프트를 보강" in parse_points(rag.text)[0].text


# Vocabulary --------------------------------------------------------------------------


def test_glossary_mines_the_course_pairs_and_knows_student_words() -> None:
    corpus = load_corpus(KNOWLEDGE)
    texts = [p for d in corpus.documents for s in d.sections for p in s.paragraphs]
    pairs = mine_pairs(texts)
    assert pairs["전이 학습"] == "transfer learning"
    assert pairs["비지도 학습"] == "unsupervised learning"
    glossary = Glossary(pairs)
    assert "미세 조정" in glossary.expansions("파인튜닝은 언제 써?")
    assert "검색 증강 생성" in glossary.expansions("What is RAG?")
    assert "transfer learning" in glossary.expansions("전이 학습이 뭐야")
    # A scenario's words for what the lesson names: each had led with another section.
    for question, course_word in (
        ("restoring faded photographs … adding colour back", "colorization"),
        ("a volunteer-run model stopped getting updates", "maintained long term"),
        ("a volunteer-run model stopped getting updates", "research community"),
        ("자원봉사로 만든 모델의 업데이트가 끊겼어", "자금 지원"),
        ("we'd rather not manage any servers when deploying", "serverless"),
        ("can an off-the-shelf LLM see our unpublished contracts?", "non-public information"),
        ("대외비 문서를 LLM이 알 수 있어?", "비공개 정보"),
        ("how does the startup find out which candidate actually works?", "good candidates"),
        ("이미지와 텍스트를 같이 다루려면 어떤 모델?", "Multi-modality"),
        ("can I import a new model that isn't in the catalog yet?", "새 모델을 가져올"),
    ):
        assert course_word in glossary.expansions(question), question


async def test_the_students_word_finds_the_courses(course_app: App) -> None:
    question = "파인튜닝은 언제 하는 게 좋아?"
    result = course_app.search.search(question)
    assert result.in_scope
    assert "미세" in result.tokens and "조정" in result.tokens  # the course's word was searched
    assert "LLM 결과의 개선 > Fine-tuned model" in [h.heading for h in result.hits[:3]]


@pytest.mark.parametrize(
    "question",
    [
        "should our startup build its own LLM from the ground up?",
        "is it a good idea to make our own language model from zero?",
    ],
)
async def test_an_own_model_from_nothing_is_training_from_scratch(
    course_app: App, question: str
) -> None:
    """Students build their "own LLM" "from zero"; the lesson trains one "from scratch". The
    trained-model section was not among the sections answered from (three tuned batches)."""
    reply = await course_app.service.ask(Turn(text=question))
    assert "Training an LLM from scratch" in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize(
    ("question", "course_word"),
    [
        ("is a closed-source model ok for us?", "proprietary"),
        ("유료 모델은 데이터 관리가 어때?", "독점 모델"),
        ("does someone tag the data by hand?", "labeling"),
        ("라벨을 꼭 달아야 해?", "레이블"),
        ("why not our internal wiki?", "non-public information"),
        ("which books do text models learn from?", "BookCorpus"),
        ("can it fill in a torn corner?", "inpainting"),
        ("흑백 사진에 색을 입히는 것도 돼?", "색상화"),
        ("we want transcripts of our meetings", "Whisper"),
        ("예문을 몇 개씩 붙여서 보내고 있어", "few-shot"),
        ("what if the prompt has a single example?", "one-shot"),
        ("we have no GPU at all", "equipment"),
        ("애저 머신러닝은 누가 쓰는 서비스야?", "Azure"),
        ("애저 머신러닝은 누가 쓰는 서비스야?", "Machine Learning"),
        ("GPT 같은 토대 모델을 다듬으려면?", "파운데이션 모델"),
        ("is a community-built model safe to ship?", "open source"),
        ("name three famous models anyone can use", "popular"),
        ("누구나 쓸 수 있는 유명한 모델", "인기 있는"),
        ("do I pay per use on Azure?", "pay-as-you-go"),
        ("쓴 만큼 돈을 내는 구조야?", "종량제"),
        ("what do we need to run a model on-prem?", "run locally"),
        ("사내에서 모델을 운영하면 필요한 게 뭐야?", "로컬"),
        ("which text model is the priciest?", "expensive"),
        ("텍스트 모델 중 가격이 제일 센 건?", "비용"),
        ("what's the cheapest way to start?", "cost-effective"),
        ("처음 시작할 때 돈이 덜 드는 방법은?", "비용 효율적"),
        ("코드 생성 모델은 이미 있는 코드에 뭘 해 줘?", "기존"),
        ("회의 녹음을 받아 적는 모델은?", "음성 인식"),
        ("LLM 성능을 올리는 방법 알려줘", "성능 개선"),
        ("how do I boost performance?", "improve performance"),
        ("LLM 고를 때 뭘 봐야 돼?", "선택"),
        ("which model should I pick?", "select"),
        ("허깅페이스 모델은 어디서 찾아?", "Hugging Face"),
        ("why do LLMs make things up?", "fabrications"),
        ("how do I stop it from hallucinating?", "fabrications"),
        ("LLM이 환각을 일으키는 이유", "조작"),
        ("how much data does building an LLM from nothing take?", "from scratch"),
        ("소설책을 모은 말뭉치 이름이 뭐였지?", "BookCorpus"),
        ("subtitles in many languages", "multilingual"),
        ("우리 데이터로 후보 모델 점수를 매겨 보려면?", "평가"),
        ("GPT 계열이 잘하는 일", "능숙"),
        ("이번 강의 퀴즈의 정답이 뭐야?", "knowledge check"),
        ("my model keeps making stuff up", "fabrications"),
        ("공개 모델은 누가 내놓아?", "오픈 소스 모델"),
        ("a bot that reads screenshots", "multi-modality"),
        ("what's the quiz answer?", "knowledge check"),
        ("my bot gives outdated answers", "facts that happened after their training"),
        ("챗봇이 자꾸 예전 정보를 말해", "학습 과정 이후에 발생한 사실"),
        ("why doesn't it know recent news?", "facts that happened after their training"),
        ("응답 속도가 중요해", "지연 시간"),
        ("what if response time matters?", "latency"),
        ("상담봇처럼 빨라야 하는 경우엔?", "지연 시간"),
        ("보안이 중요해", "데이터 프라이버시"),
        ("which approach should I start with?", "kick-off"),
        ("처음 시작할 때 해볼 방법", "시작하기에"),
        ("벤더 모델은 뭘 못 바꿔?", "독점 모델"),
        ("vendor models", "proprietary"),
        ("which model handles voice notes?", "speech recognition"),
        ("when is building a model from nothing worth it?", "trained model"),
        ("is my model good enough?", "benchmarks"),
        ("우리 모델이 쓸 만한지 어떻게 알아?", "평가"),
        ("what kind of model turns speech into text?", "speech recognition"),
        ("텍스트를 벡터로 바꾸는 모델", "숫자 형태"),
        # (As searched: the speller reads "vectors" as the course's "vector".)
        ("which model turns text into vector?", "numerical form"),
        ("how do I choose the right LLM?", "choice"),
        ("트랜스퍼 러닝이 뭐야?", "전이 학습"),
        ("GPT-4 터보 비전은 뭘 할 수 있어?", "gpt-4 turbo with vision"),
        ("an app that describes photos", "multi-modality"),
        ("사진 설명을 생성하는 앱", "Multi-modality"),
        ("상담 매뉴얼이 자주 바뀌는데", "최신 상태"),
        ("our policy changes every month", "up to date"),
        ("제일 싼 방법이 뭐야?", "가장 비용 효율적"),
        ("we're collecting records to tune our bot", "fine-tune"),
        ("목록에서 모델을 추려 내려면?", "카탈로그"),
        ("목록에서 모델을 추려 내려면?", "필터링"),
        ("can I narrow down the catalog?", "filtering"),
        ("알파카 같은 모델은 누가 만들어?", "Alpaca"),
        ("코드패럿은 어디서 배워?", "CodeParrot"),
        ("코드파롯은 어떤 데이터로 학습돼?", "CodeParrot"),
        ("북코퍼스는 무슨 데이터야?", "BookCorpus"),
        ("공개 모델을 우리 서비스에 맞게 뜯어고쳐 써도 돼?", "커스터마이징"),
        ("공개 모델은 뜯어보고 손봐서 써도 되는 거야?", "검사"),
        ("which three things can LLMs be sorted by?", "categorizations"),
        ("마지막 퀴즈에서 정답이 왜 3번이야?", "knowledge check"),
        ("출제 담당자는 어느 쪽이야?", "콘텐츠 작성"),
        ("who is the quiz writer in the analogy?", "content creator"),
        ("I need text and pictures in and out of the same model", "multiple types of data"),
        ("I need text and pictures in and out of the same model", "input and output"),
        ("클라우드 상품 안에서 가장 중심이 되는 부품은?", "핵심"),
        ("we'd like LLaMA in our basement server room", "equipment"),
        ("LLM이 학습이 끝난 뒤에 일어난 일을 모르는 이유가 뭐야?", "학습 과정 이후에 발생한 사실"),
        ("회사가 꽁꽁 쥐고 있는 상용 LLM", "독점"),
        # Kept out of the cloud, the model runs in one's own building; what is purchased is
        # what the lesson says must be bought.
        ("no cloud allowed here, so the model stays on site", "run locally"),
        ("the model lives in our basement", "equipment"),
        ("클라우드 없이 병원 안에서 돌려야 해", "로컬"),
        ("what purchases does that imply?", "buy"),
    ],
)
def test_students_everyday_words_meet_the_courses(question: str, course_word: str) -> None:
    """Words that recur across the tuning set's batches where the lesson says another."""
    assert course_word in Glossary({}).expansions(question)


def test_a_glossary_key_that_starts_a_word_is_not_found_inside_one() -> None:
    """ " 공개 모델" (open models) is not the end of "비공개 모델" (closed ones)."""
    assert "오픈 소스 모델" in Glossary({}).expansions("공개 모델은 누가 내놓아?")
    assert "오픈 소스 모델" not in Glossary({}).expansions("비공개 모델은 비싸?")


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # Had got the fine-tuning section's "preferred approach" list.
        ("why do LLMs make things up", "only the data that has been used during their training"),
        ("LLM이 환각을 일으키는 이유", "학습에 사용된 데이터에만 기반하여"),
        # Had got "training an LLM from scratch" ("고를" is not the lesson's "선택").
        ("LLM 고를 때 뭘 봐야 돼?", "사용 목적, 데이터, 지불할 수 있는 예산"),
        # Had got Azure Machine Learning studio's feature list ("말뭉치", "소설" are not the
        # lesson's words), and the RAG section's limitation ("from nothing").
        ("소설책 수천 권을 모은 말뭉치가 강의에 나오던데 이름이 뭐였지?", "BookCorpus"),
        ("how much data and talent does building an LLM from nothing take?", "massive amounts"),
        # Had got the overview of approaches, which does not list training from scratch:
        # "from nothing" now names the "Trained model" section.
        (
            "a hospital has lots of records and a narrow need. when is building a model from "
            "nothing justified?",
            "domain-specific use case",
        ),
        # Asked what comes next, "next" is the asking: as a word it had found "The next step
        # in our startup's journey…".
        ("what should I study next?", "Head over to Lesson 3"),
        ("다음에 뭘 공부하면 돼?", "3강에서"),
        # Had got the fine-tuning section ("최신 뉴스" is not the lesson's wording).
        ("최신 뉴스를 LLM이 모르는 이유", "학습 과정 이후에 발생한 사실"),
        # Had got the fine-tuning section ("직접 돌리면" is the lesson's running locally).
        ("모델 직접 돌리면 뭐가 필요해?", "로컬에서 실행하려면 장비를 구입"),
        # Had got training from scratch ("the most difficult … approach to adopt"). (Asked
        # bare, "which approach is the fastest to start with?" sits at the scope threshold:
        # its nearest examples include "what's the best way to learn to swim as an adult?".)
        (
            "which improvement approach is the fastest to start with?",
            "most cost-effective approach to kick-off",
        ),
        # Had got the fine-tuning section's conditions; and ChatGPT's foundation model.
        ("my model keeps making stuff up about our products. help?", "fabrications"),
        (
            "we need a chatbot that reads screenshots and answers in text. which models?",
            "gpt-4o",
        ),
        # Had got RAG's limitation ("good enough" is the lesson's evaluation).
        ("how do I know if my model is good enough?", "Compare benchmarks"),
        ("우리 모델이 쓸 만한지 어떻게 알아?", "평가 메트릭"),
        # Had led with text generation ("벡터" and "vectors" are the embeddings' numbers).
        ("텍스트를 벡터로 바꾸는 모델 이름이 뭐야?", "숫자 형태로 변환"),
        ("which model turns text into vectors?", "convert text into a numerical form"),
        # Had got text generation: describing a photo takes an image in.
        (
            "We're building an app for visually impaired users that describes photos. Which "
            "kind of model fits?",
            "gpt-4o",
        ),
        # Had got ChatGPT's foundation model ("챗봇"); manuals that keep changing are the
        # lesson's staying up to date (fine-tuning's), or what a model never learned, which
        # RAG brings in (the RAG section's; either answers).
        (
            "우리 회사는 고객 상담 챗봇을 만들려고 해. "
            "상담 매뉴얼이 자주 바뀌는데 어떤 방법이 좋아?",
            "미세 조정 | RAG를 통해 극복",
        ),
        # "chatbot" had found ChatGPT's foundation model.
        (
            "I'm building a chatbot for my uni's library and it keeps giving outdated info "
            "about opening hours, what should I do according to this lesson?",
            "facts that happened after their training",
        ),
        # The students' words: "후원" for the lesson's funding ("자금 지원").
        ("후원이 끊기면 오픈 소스 모델은 어떻게 돼?", "자금 지원"),
        # Requests gathered and run together: the studio's batch endpoints.
        ("밤새 쌓인 요청을 몰아서 돌리려면 어떤 엔드포인트에 배포해?", "일괄 처리"),
        # A reply that must come fast: latency, where fine-tuning is preferred.
        ("응답이 빨리 나와야 하는 앱이면 어떤 방식이 맞아?", "지연 시간"),
        # Where models one can download come from: "made available by the company that
        # created them, or by the research community" (it had got text generation).
        ("where do the models you can download for free usually come from?", "research community"),
        # A company's own language model: training one from scratch ("처음부터").
        ("우리 회사 자체 언어 모델을 만들려면 어떤 조건이어야 해?", "처음부터"),
    ],
)
async def test_everyday_words_reach_the_answering_unit(
    course_app: App, question: str, first_says: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert any(says in first for says in first_says.split(" | ")), reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # The typo'd "embeding" is repaired for search; the question's kind is read from
        # the repaired text too (it had got the transfer-learning sentence).
        ("waht is an embeding", "convert text into a numerical form"),
        # "mean" had met the criteria's "meaning they are trained on…".
        ("what does LLM mean", "Large Language Models (LLMs)"),
        # "LLM은 … 분류할 수도 있습니다" says what can be done with LLMs, not what they are.
        ("LLM 뜻이 뭐야?", "대규모 언어 모델(LLM)"),
        # The "3" of "in 3 bullets" had found "Head over to Lesson 3".
        ("summarize the lesson in 3 bullets", "This lesson will cover"),
        # What the student quotes is what they read: it had been quoted back alone.
        (
            'The lesson says "Prompt engineering with context is the most cost-effective '
            'approach to kick-off with." Why is that?',
            "the so-called “zero-shot” learning",
        ),
        # "보안" had found nothing of the proprietary models' data privacy.
        (
            "우리 회사는 보안이 중요해서 데이터를 밖으로 못 보내. 어떤 모델 쓰는 게 좋을까?",
            "데이터 프라이버시",
        ),
        # The unit that makes the comparison ("Differently from few-shot learning and RAG,
        # it results in a new model…") had lost to the RAG section's limitation.
        ("how does fine-tuning differ from RAG?", "Differently from few-shot learning and RAG"),
        ("파인튜닝은 RAG랑 뭐가 달라?", "RAG와는 달리"),
        # "오픈 소스 모델은 … 제공하는 경우가 많습니다" says how they often are, not what they
        # are; it had led.
        ("오픈 소스 모델이 뭐야?", "대중에게 공개되어 누구나 사용할 수 있는 모델입니다"),
        ("서비스란 무엇인가요?", "상품으로"),
        # A question naming one of a paragraph's examples ("BERT") gets the paragraph with
        # its example: alone, "An example of Encoder only model would be BERT." said nothing
        # of writing, and the text-generation models' sentence had led.
        ("is BERT good at generating text?", "not good at generating content"),
        ("BERT는 왜 글을 못 써?", "콘텐츠를 생성하는 데는 능숙하지 않습니다"),
        ("과제로 오픈소스 모델 하나 골라야 하는데 강의에 나온 거 뭐 있어?", "Alpaca, Bloom"),
        # "list …" asks for the list; the sentence it opens with had been quoted twice (cut
        # by a stray blank line, and whole).
        ("list the approaches to improve LLM results", "Here are some different approaches:"),
    ],
)
async def test_how_a_question_is_typed_does_not_change_its_answer(
    course_app: App, question: str, first_says: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


def test_an_english_term_with_a_korean_particle_is_still_the_term() -> None:
    """ "fine-tuning은" had not met the glossary's "fine-tuning": the word boundary it looked
    for does not exist between "g" and "은". Another Latin letter still ends a match."""
    glossary = Glossary({})
    assert "미세 조정" in glossary.expansions("fine-tuning은 언제 하는 게 좋아?")
    assert "검색 증강 생성" in glossary.expansions("RAG가 뭐야?")
    assert not glossary.expansions("how do I drag a file?")


async def test_the_course_s_own_subject_does_not_choose_the_answer(course_app: App) -> None:
    """ "LLM" is in 43 of 52 sections; its translation "대규모 언어 모델" had pulled the answer
    to "LLM을 처음부터…" toward the sentence that spells it out. The answer's units are not
    chosen by it (search and the scope decision still read it)."""
    result = course_app.search.search("LLM은 왜 최신 정보를 모르나요?", None, "hybrid", "ko")
    assert "대규모" not in result.tokens and "llm" in result.tokens
    first, reply = await first_point(course_app, "fine-tuning은 언제 하는 게 좋아?")
    assert "선호되는 접근 방식" in first or "다음과 같은 경우" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("can an image model fill in a torn corner of an old photo?", "inpainting"),
        ("which model should write transcripts of our support calls?", "Whisper"),
        ("what would you use to get transcripts of interviews?", "Whisper"),
        ("회사 서버에 모델을 올려서 직접 돌리려면 뭐가 필요해?", "장비를 구입"),
        ("사내 위키 내용은 왜 챗봇이 몰라?", "비공개 정보"),
        ("사내 규정이 바뀌었는데 챗봇이 모르는 이유가 뭐야?", "비공개 정보"),
        ("녹음 파일을 받아 적는 데 쓸 모델은?", "Whisper"),
        ("이미 있는 코드의 버그도 코드 모델이 고쳐 줘?", "버그를 수정"),
        ("what would we need to run LLaMA on-prem?", "buy equipment"),
        ("유명한 오픈 소스 모델 이름 좀 대 봐", "Alpaca"),
    ],
)
async def test_everyday_words_find_the_answer(
    course_app: App, question: str, first_says: str
) -> None:
    """Students say "fill in", "transcripts", "회사 서버", "사내 위키"; the lesson says
    inpainting, speech recognition, running a model locally, non-public company data (they
    had got the image models' definition, other sections, fine-tuning, ChatGPT's foundation
    model)."""
    reply = await course_app.service.ask(Turn(text=question))
    assert first_says in parse_points(reply.text)[0].text, reply.text


async def test_what_this_lesson_teaches_in_the_students_words(course_app: App) -> None:
    """The Korean lesson calls itself "이 강좌"; a student says "이 강의" and "배우는 건".
    It got the introduction's sentence about the previous lesson."""
    question = "이 강의에서 배우는 건 뭐야?"
    result = course_app.search.search(question, None, "hybrid", "ko")
    assert "강좌" in result.tokens
    first = parse_points(course_app.service.answerer.extractive(question, result, "ko").text)[0]
    assert "다음을 수행할 수 있습니다" in first.text or "다음을 다룹니다" in first.text


def test_speller_repairs_typos_one_edit_from_a_course_word_only() -> None:
    speller = Speller(["training a model from scratch with fine-tuning", "whether"])
    assert speller.correct("what is trainng a model from scrach") == (
        "what is training a model from scratch"
    )
    assert speller.correct("kimchi weather in Seoul") == "kimchi weather in Seoul"


async def test_the_glossarys_korean_wording_is_searched_as_the_course_cuts_it(
    course_app: App,
) -> None:
    """Kiwi cut "다국어" alone as one token, in the lesson's "다국어 음성 인식" as two: the
    glossary's wording for "multilingual" is searched as the course has it. (The course's
    own cut is one token now, `bot.rag.tokens.COURSE_NOUNS`: whatever it is, the words
    searched for are words the course has.)"""
    tokens = course_app.search.search("whisper 모델 multilingual 돼?").tokens
    lexical = course_app.search._lexical
    assert lexical is not None
    korean = [t for t in tokens if any("가" <= ch <= "힣" for ch in t)]
    assert "다국어" in korean and all(t in lexical.df for t in korean), tokens


def test_a_name_spelled_another_way_is_spelled_as_the_course_does() -> None:
    """ "gpt4", "GPT 3.5", "dall e": the course's names with a digit or a one-letter part, by
    their letters; a hyphenated word ("fine-tuning") or a number is left to the rest."""
    speller = Speller(["GPT-4, GPT-3.5, DALL-E and fine-tuning, i.e. 2 of them"])
    assert speller.correct("is gpt4 open source? GPT 3.5 or dall e?") == (
        "is gpt-4 open source? gpt-3.5 or dall-e?"
    )
    for unchanged in ("is GPT-4 open?", "what is finetuning?", "chapter 2 e-mails", "ie"):
        assert speller.spell_names(unchanged) == unchanged


async def test_a_course_name_typed_without_its_hyphen_is_the_name(course_app: App) -> None:
    """ "is gpt4 open source?" had been refused (p 0.01): "gpt4" read as a name the lesson
    never writes, and whether GPT-4 is of a kind the lesson sorts models by went unasked."""
    assert course_app.search.search("is gpt4 open source?").in_scope


def test_a_typo_of_a_students_own_word_is_repaired_to_it() -> None:
    """The glossary's single words for course terms ("finetuning") are words to repair to:
    the glossary then gives the course's wording ("fine-tuning")."""
    speller = Speller(["the course writes fine-tuning with a hyphen"])
    assert speller.correct_word("finetunning") == "finetuning"
    assert speller.correct_word("finetuning") == "finetuning"


async def test_whether_the_lesson_covers_a_thing_it_never_writes_is_refused(
    course_app: App,
) -> None:
    """Asking the lesson about something none of whose words it writes is off topic, however
    the question points at the lesson: the examples of "does the lesson mention…" are all in
    scope, and "does the course cover knitting?" had been accepted (p 0.80), "per the
    reading, how do I knit a scarf?" by the pointing. A thing the lesson names in passing,
    or a student's spelling of one, is answered: "does the lesson mention Claude?" had been
    refused (p 0.09)."""
    assert_decided(
        course_app,
        refused=(
            "does the course cover knitting?",
            "what does the lesson say about knitting?",
            "per the reading, how do I knit a scarf?",
            "이 강의에서 주식 투자도 다뤄?",
        ),
        answered=(
            "does the lesson mention Claude?",
            "does the reading talk about gpt4o?",
            "does the lesson talk about finetunning?",
            "강의에 클로드 나와?",
            "what will this lesson cover",
        ),
    )
    reply = await course_app.service.ask(Turn(text="does the lesson mention Claude?"))
    assert "Claude 2" in reply.text, reply.text


def test_an_everyday_english_word_is_not_a_typo() -> None:
    """One edit from a course word, but a word: "turning" had become "tuning", "millions"
    "billions", "mostly" "costly" and "finding" "funding", and the question was searched
    for what it never asked."""
    speller = Speller(["fine-tuning costs billions; funding is costly", "tuned"])
    asked = "turning voicemails into text, millions of them, mostly finding names; turned"
    assert speller.correct(asked) == asked
    assert speller.correct("fine-tunning is costlly") == "fine-tuning is costly"
    # Without the word list, each of them would have been "repaired".
    bare = Speller(["fine-tuning costs billions; funding is costly", "tuned"], known=None)
    assert bare.correct("turning") == "tuning" and bare.correct("millions") == "billions"


async def test_an_english_word_near_a_course_word_searches_as_written(course_app: App) -> None:
    question = "for turning customer voicemails into text, which kind of model fits?"
    result = course_app.search.search(question, None, "hybrid", "en")
    assert result.searched == question, result.searched


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("the encoder decoder thing went over my head", "Encoder-Decoder"),
        ("처음부터 학습시키는 건 언제 하는 건지 감이 안 와", "처음부터 학습"),
        ("임베딩이 뭔지 아직도 모르겠어", "텍스트를 숫자 형태로 변환"),
        # (Nor does what one can do after the lesson ask for the next lesson.)
        ("what should students be able to do after this lesson?", "you will be able to"),
        ("after this lesson what i can do?", "you will be able to"),
        # Nor is politeness, nor "다시" (again): the foundation models' "다시 말해서" (in
        # other words) had led with their criteria.
        ("여쭤보기 조심스럽지만 Whisper는 어떤 용도로 소개되었나요?", "음성 인식"),
        ("LLM을 분류하는 기준을 다시 알려줘", "아키텍처, 학습 데이터 및 사용 사례"),
    ],
)
async def test_how_lost_a_student_feels_is_not_what_the_question_is_about(
    course_app: App, question: str, first_says: str
) -> None:
    """The words of the feeling ("went over my head", "감이 안 와") had been read as words the
    course never uses: the first two were refused, the third got transfer learning."""
    first, reply = await first_point(course_app, question)
    assert reply.in_scope and first_says in first, reply.text


def test_the_feeling_is_dropped_from_the_question_as_searched() -> None:
    from bot.rag.glossary import Speller
    from bot.rag.search import as_searched

    speller = Speller([])
    assert as_searched("idk when to use RAG vs fine tuning honestly", speller) == (
        "when to use RAG vs fine tuning"
    )
    assert as_searched("서비스랑 모델 차이 아직 잘 모르겠음", speller) == "서비스랑 모델 차이"
    assert as_searched("i don't get why anyone would pick an open model", speller) == (
        "why anyone would pick an open model"
    )
    # Only the feeling: a question that is all feeling keeps its words.
    assert as_searched("모르겠어", speller) == "모르겠어"


async def test_a_misspelled_question_is_answered_not_refused(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="what is trainng a model from scrach"))
    assert reply.in_scope
    assert reply.citations[0].heading == "Improving LLM results > Trained model"


# Citations ---------------------------------------------------------------------------


def test_anchors_match_github_for_every_heading_of_both_lessons() -> None:
    import re

    for lang, expected in ANCHORS.items():
        raw = (KNOWLEDGE / lang / f"{LESSON}.md").read_text(encoding="utf-8")
        from bot.rag.ingest import clean_inline

        headings = [
            clean_inline(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.*?)\s*$", raw, re.M)
        ]
        slugger = Slugger()
        assert [slugger(h) for h in headings] == expected
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        assert [s.anchor for s in doc.sections] == expected  # every section keeps its own


def test_repeated_headings_get_numbered_anchors() -> None:
    slugger = Slugger()
    assert [slugger("Example"), slugger("Example"), slugger("Example")] == [
        "example",
        "example-1",
        "example-2",
    ]


async def test_citations_link_to_the_public_lesson_section(course_app: App) -> None:
    en = await course_app.service.ask(Turn(text="What is RAG?"))
    assert en.citations[0].url == (f"{BASE}/{LESSON}/README.md#retrieval-augmented-generation-rag")
    ko = await course_app.service.ask(Turn(text="임베딩이 뭐야?"))
    anchor = ANCHORS["ko"][6]
    assert ko.citations[0].url == (f"{BASE}/translations/ko/{LESSON}/README.md#{quote(anchor)}")
    assert ko.citations[0].markdown().startswith("[1] [다양한 유형의 LLM 이해 > 임베딩(Embedding)")
    assert "(ko/" not in ko.citations[0].label()  # no file paths for students


def test_an_overview_list_is_the_one_whose_items_name_sections(course_app: App) -> None:
    extractor = course_app.service.answerer.extractor
    index = course_app.search.units
    named = {
        u.lang: extractor._overview(u, index)
        for u in index.units
        if u.kind == "list" and "Prompt engineering with context." in u.text
    }
    assert (
        named["en"]
        == named["ko"]
        == {
            "prompt engineering with context",
            "retrieval augmented generation rag",
            "fine tuned model",
        }
    )
    conditions = next(u for u in index.units if u.text.startswith("This would be the preferred"))
    assert extractor._overview(conditions, index) == frozenset()


@pytest.mark.parametrize(
    ("question", "lang", "fact"),
    [
        ("프롬프트에 맥락을 넣는 방식은 어떤 점에서 제일 먼저 해볼 만해?", "ko", "비용 효율적"),
        ("when is adding our database content to the prompt the approach to take?", "en", "RAG"),
    ],
)
def test_an_overview_yields_to_the_section_that_explains(
    course_app: App, question: str, lang: Lang, fact: str
) -> None:
    result = course_app.search.search(question, None, "hybrid", lang)
    draft = course_app.service.answerer.extractive(question, result, lang)
    first = parse_points(draft.text)[0].text
    assert fact in first, draft.text
    assert not first.startswith(("복잡성, 비용", "There are several approaches", "다음은"))


async def test_a_section_search_did_not_find_still_answers(course_app: App) -> None:
    """The RAG section is not among this question's sections. The overview's RAG line had
    been the only one the answer had; now the nearest labelled questions, answered in the RAG
    section (their labels name it), bring the section in, and its own sentence answers: RAG
    overcomes what a model was not trained on. (Asked "…재학습 없이…", search finds the
    section itself now: without training again is RAG's case, in the glossary. The question
    this test first asked, "우리 팀 노션 내용을 챗봇이 알게 하려면 어떤 방법이 맞아?", is one
    too now: our material made known to a bot is RAG's task, tested below. Its second, "챗봇이
    지난달 바뀐 사내 규정을 자꾸 틀리게 말해. 강의 기준으로 어떤 방법이 맞아?", has RAG's
    section among its hits since the thirty-third batch's labels joined the examples.)"""
    question = "챗봇이 지난주 바뀐 환불 규정을 계속 옛날 걸로 말해. 강의에선 뭘 하라고 해?"
    assert "LLM 결과의 개선 > Retrieval Augmented Generation (RAG)" not in [
        h.heading for h in course_app.service.answerer.sections(course_app.search.search(question))
    ]
    first, reply = await first_point(course_app, question)
    assert "RAG" in first, reply.text
    assert "처음부터 학습" not in first and "미세 조정은" not in first, reply.text


def _candidates_and_feature(
    app: App, question: str, lang: Lang, feature: str
) -> tuple[list[Candidate], int]:
    """The scored candidates for a question, and where `feature` sits in their features."""
    from bot.rag.extract import FEATURES

    result = app.search.search(question, None, "hybrid", lang)
    answerer = app.service.answerer
    candidates, _kinds = answerer.extractor.candidates(
        question, result, answerer.sections(result), lang
    )
    return candidates, [name for name, _w in FEATURES].index(feature)


def test_a_section_named_by_what_the_question_sets_aside_counts_as_set_aside(
    course_app: App,
) -> None:
    """ "재학습 없이" (without retraining) sets training aside: the trained model's section
    ("학습된 모델") is about what the student does not want, whatever its first words."""
    question = "우리 팀 노션 내용을 재학습 없이 챗봇이 알게 하려면 어떤 방법이 맞아?"
    candidates, aside = _candidates_and_feature(course_app, question, "ko", "aside")
    trained = [c for c in candidates if c.hit.heading.endswith("학습된 모델")]
    others = [c for c in candidates if c.hit.heading.endswith("LLM 결과의 개선")]
    assert trained and all(c.features[aside] == 1.0 for c in trained)
    assert others and all(c.features[aside] == 0.0 for c in others)


async def test_in_a_section_named_by_both_the_unit_about_what_is_asked_is_not_set_aside(
    course_app: App,
) -> None:
    """ "Service versus Model" names what "strip away the cloud service" sets aside and what
    is asked (a model): every unit of it had counted as set aside, and the reply never said
    "Neural Network". Only the unit that opens with the service is."""
    question = "strip away the cloud service: what is left of a model itself?"
    candidates, aside = _candidates_and_feature(course_app, question, "en", "aside")
    by_text = {c.unit.text: c.features[aside] for c in candidates}
    assert (
        by_text["Models are just the Neural Network, with the parameters, weights, and others."]
        == 0.0
    )
    assert any(v == 1.0 for t, v in by_text.items() if t.startswith("A service is a product"))
    reply = await course_app.service.ask(Turn(text=question))
    assert "Neural Network" in reply.text, reply.text


def test_a_compound_the_course_never_writes_is_looked_for_by_its_parts(
    course_app: App,
) -> None:
    """The lesson writes "Encoder only model"; a student writes "encoder-only"."""
    question = "why can't the encoder-only colleague write the quiz on their own?"
    result = course_app.search.search(question, None, "hybrid", "en")
    assert "encoder" in result.tokens and course_app.search.idf("encoder") > 0
    draft = course_app.service.answerer.extractive(question, result, "en")
    assert "not good at generating content" in draft.text


# Cross-lingual -----------------------------------------------------------------------


def test_a_point_from_the_other_version_says_so(course_app: App) -> None:
    question = "카탈로그에 없는 새 모델을 가져올 수 있나요?"
    result = course_app.search.search(question, None, "hybrid", "ko")
    draft = course_app.service.answerer.extractive(question, result, "en")
    assert "(from the Korean version of the lesson, quoted as written)" in draft.text
    assert all(c.lang == "ko" for c in draft.citations)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("모델 벤치마크는 어디서 봐?", "Model Benchmarks"),
        ("서버리스로 배포할 수 있어?", "serverless"),
        # The Korean version says "멀티모달" only of training data; it had answered with the
        # foundation model criteria.
        ("멀티모달 모델 추천해줘", "gpt-4o"),
        # Kiwi cuts "GPT-4o" apart in a Korean question; the name is looked up whole.
        ("GPT-4o는 뭘 할 수 있어?", "gpt-4o"),
        # The Korean version has Azure Machine Learning studio instead: the English
        # definition was the answer's third point, behind the Korean studio's feature list.
        ("Azure AI Studio가 뭐야", "Cloud Platform"),
        ("Azure AI Studio 설명해줘", "Cloud Platform"),
    ],
)
def test_a_students_word_for_what_only_the_other_version_says(
    course_app: App, question: str, fact: str
) -> None:
    """The Korean version has no benchmarks pane and no serverless endpoints; a student who
    writes "벤치마크" or "서버리스" gets the English version's point, and is told so."""
    result = course_app.search.search(question, None, "hybrid", "ko")
    draft = course_app.service.answerer.extractive(question, result, "ko")
    first = parse_points(draft.text)[0].text
    assert fact in first and "영어판 강의 자료에만 있는 내용" in draft.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # The glossary's "인코더 전용" for "encoder-only": the English lesson writes "Encoder
        # only model", so it says the term and the Korean version has nothing to add.
        ("why can't the encoder-only colleague write the quiz on their own?", "en"),
        # "API" is said only by the English version ("serverless api endpoint"), but the
        # catalog's feature list answers nothing about a contract's training data.
        (
            "유료 챗봇 API를 계약했는데, 법무팀이 학습에 쓰인 데이터를 "
            "우리가 확인할 수 있냐고 물어봐",
            "ko",
        ),
        # The Korean lesson says "open source" in Korean ("오픈 소스"); the English catalog's
        # "…proprietary or open source" had led.
        ("open source 모델 장점 알려줘", "ko"),
        # Kiwi cuts the Korean "GPT-3.5부터" to "3.5", which this version writes only inside
        # "gpt-3.5": a student's "gpt 3.5" had been answered with a Korean bullet.
        ("can I fine tune gpt 3.5?", "en"),
    ],
)
def test_an_incidental_word_of_the_other_version_does_not_bring_it_in(
    course_app: App, question: str, lang: Lang
) -> None:
    result = course_app.search.search(question, None, "hybrid", lang)
    draft = course_app.service.answerer.extractive(question, result, lang)
    assert draft.text and all(c.lang == lang for c in draft.citations), draft.text
    assert "Korean version" not in draft.text and "영어판" not in draft.text


def test_the_other_versions_translation_of_a_point_is_not_a_further_point(
    course_app: App,
) -> None:
    """The Korean definition of a foundation model says what the English one says (its
    English terms, kept in brackets, are all in the English point): it is not a third point.
    A fact only the other version has still comes (test above: the catalog's model import)."""
    question = "what is a foundation model, in simple words?"
    result = course_app.search.search(question, None, "hybrid", "en")
    draft = course_app.service.answerer.extractive(question, result, "en")
    assert "Stanford" in parse_points(draft.text)[0].text
    assert "스탠포드" not in draft.text and "Korean version" not in draft.text


@pytest.mark.parametrize(
    ("question", "lang", "other_script"),
    [
        ("which three things does the lesson say LLMs can be sorted by?", "en", "대규모"),
        ("임베딩이 뭐야? 쉽게 설명해줘", "ko", "numerical form"),
        ("what is BookCorpus used for?", "en", "텍스트"),
    ],
)
def test_the_twin_sections_translation_is_not_a_further_point(
    course_app: App, question: str, lang: Lang, other_script: str
) -> None:
    """A point of the other version that shares one English word with a point of its twin
    section translates it: it is not quoted, with a note that only that version says it."""
    result = course_app.search.search(question, None, "hybrid", lang)
    draft = course_app.service.answerer.extractive(question, result, lang)
    assert draft.text and other_script not in draft.text, draft.text
    assert "Korean version" not in draft.text and "영어판" not in draft.text, draft.text


def test_when_the_other_version_wins_the_students_own_translation_leads(
    course_app: App,
) -> None:
    """The Korean CodeParrot sentence had led an English question: its "사용할 수 있습니다"
    reads as a purpose, the English "can be used to" does not. The English version says the
    same (its English words are all in the English sentence): that is quoted instead."""
    question = "What is CodeParrot used for?"
    result = course_app.search.search(question, None, "hybrid", "en")
    draft = course_app.service.answerer.extractive(question, result, "en")
    first = parse_points(draft.text)[0].text
    assert "fix bugs in existing code" in first, draft.text
    assert "코드" not in draft.text and "Korean version" not in draft.text


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("how much memory does LoRA save compared with full fine-tuning?", ("LoRA",)),
        ("RLHF가 정확히 어떻게 동작하는지 설명해줘", ("RLHF",)),
        ("LLaMA2 70B 모델은 GPU 몇 장이면 돼?", ("LLaMA2", "70B", "GPU")),
        ("Is GPT-4o better than ChatGPT?", ("GPT-4o", "ChatGPT")),
        ("which role stands for GPT-style models, and BERT-like ones?", ("GPT", "BERT")),
        # Everyday words, a capital that starts a sentence, a link's or a mention's parts.
        ("What does Memory mean here? See https://example.com/RLHF or @ABC", ()),
        ("In 2023, the 2nd try was 10x faster at 5pm", ()),
        ("ChatGPT v1 was built on which GPT?", ("ChatGPT", "GPT")),
        ("OK so our QA team asks: WHAT IS THE DIFFERENCE", ()),
        ("OK, LoRA?", ("LoRA",)),
        # An office's and a file's capitals name no model.
        ("my school's IT office wants our tuning CSV as JSON", ()),
        # Their plurals too ("LLMs" stays a name: the lesson writes it).
        ("one weekend, a folder of PDFs and our FAQs", ()),
        ("are LLMs and MP3s alike?", ("LLMs",)),
        # Titles and business capitals, in any case ("SaaS", "PoC").
        ("the CFO and our UX lead want an MVP of our SaaS by the PoC", ()),
        ("KPI가 응답 속도라면 어떤 방식을 써야 해?", ()),
        # A compound's parts each starting with their own capital.
        ("our Korean-English customer calls", ()),
        ("is Text-Davinci-003 in the lesson?", ("Text-Davinci-003",)),
        # Where documents and talk already live: products, not models.
        ("our SharePoint, YouTube and PostgreSQL data, on my iPhone", ()),
        ("SharePoint에 있는 문서와 ChatGPT", ("ChatGPT",)),
        ("a b c d", ()),
    ],
)
def test_the_technical_names_a_question_writes(question: str, terms: tuple[str, ...]) -> None:
    assert named_terms(question) == terms


@pytest.mark.parametrize(
    ("question", "note"),
    [
        # (Asked without pointing at the lesson it is refused, and the refusal names RLHF:
        # the decision reads a name neither version writes, and all 26 of the tuning set's
        # questions that name one are off topic. See the test after next.)
        (
            "In the lesson, is fine-tuning with RLHF the preferred approach when latency matters?",
            "The lesson does not mention RLHF.",
        ),
        (
            "강의에서는 LoRA로 미세 조정하면 가중치가 업데이트된 새 모델이 생긴다고 해?",
            "강의 자료에는 LoRA에 대한 언급이 없습니다.",
        ),
    ],
)
async def test_a_name_the_lesson_never_mentions_is_said_to_be_missing(
    course_app: App, question: str, note: str
) -> None:
    """The answer quotes what the course says (fine-tuning), and says that the lesson does
    not speak of what was named, rather than let it pass for an answer about it."""
    reply = await course_app.service.ask(Turn(text=question))
    assert reply.in_scope and reply.citations, reply.text
    assert note in reply.notes


@pytest.mark.parametrize(
    ("question", "note"),
    [
        (
            "Is fine-tuning with RLHF the preferred approach when latency matters?",
            "The lesson does not mention RLHF.",
        ),
        ("RLHF에서 보상 모델은 어떻게 학습시켜?", "강의 자료에는 RLHF에 대한 언급이 없습니다."),
        ("GPT-5는 언제 나왔어?", "강의 자료에는 GPT-5에 대한 언급이 없습니다."),
    ],
)
async def test_a_refusal_says_which_name_the_lesson_never_mentions(
    course_app: App, question: str, note: str
) -> None:
    """Refused, the student learns why (and where the lesson comes closest), not only that."""
    reply = await course_app.service.ask(Turn(text=question))
    assert not reply.in_scope
    sorry, rest = reply.text.split(note)
    assert sorry.strip().endswith(("reliably.", "어렵습니다.")) and rest.strip()
    assert "\n- " in rest


@pytest.mark.parametrize(
    "question",
    [
        # The lesson's own names, however they are written: "GPT4o" is its "GPT-4o",
        # "LLMs" its "LLM", "DALL-E3" its "DALL-E-3".
        "can GPT4o read a screenshot?",
        "what are LLMs?",
        "DALL-E3 같은 이미지 생성 모델은 어디에 쓰여?",
    ],
)
async def test_names_the_lesson_uses_get_no_such_note(course_app: App, question: str) -> None:
    result = course_app.search.search(question, None, "hybrid", "en")
    assert result.unmentioned == ()
    assert named_terms(question)


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("what does GPT stand for?", "The lesson does not say what GPT stands for."),
        ("GPT는 무슨 약자야?", "강의 자료에는 GPT가 무엇의 약자인지 나오지 않습니다."),
    ],
)
async def test_asked_what_an_acronym_the_lesson_never_spells_out_stands_for(
    course_app: App, question: str, note: str
) -> None:
    """The lesson names "GPT family models" and never spells GPT out: the passage that names
    them had been quoted as if it were the answer."""
    reply = await course_app.service.ask(Turn(text=question))
    assert reply.in_scope and note in reply.notes, reply.notes
    spelled = await course_app.service.ask(Turn(text="what does RAG stand for?"))
    assert "Retrieval Augmented Generation" in spelled.text and not spelled.notes


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # The lesson's opening had led: "does the lesson …" read as a question about it.
        ("does the lesson talk about LLaMA?", "LLaMA"),
        ("강의에 LLaMA 나와?", "LLaMA"),
        # "what are the three ways…" asks for the list; a sentence before it had led.
        ("what are the three ways to improve LLM results", "Here are some different approaches"),
    ],
)
async def test_asked_whether_the_lesson_names_something_the_answer_shows_where(
    course_app: App, question: str, first_says: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text
    assert "With the previous lesson" not in first and "이전 단원에서는" not in first


# With a model ------------------------------------------------------------------------


async def test_a_models_answer_without_the_asked_figure_says_so(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    # (Not "how much does GPT-4 cost per month?": a price list, which the scope examples
    # label off topic like "what is the price per 1,000 tokens for GPT-3.5 on Azure?".)
    fake_llm.script.append(Step(text="GPT-4 is the most expensive of the text models [1]."))
    reply = await model_service.ask(Turn(text="how much more does GPT-4 cost than GPT-3.5?"))
    assert fake_llm.requests and reply.answered_by() != "offline", reply.route_reason
    assert "The lesson does not give that number." in reply.notes
    fake_llm.script.append(Step(text="They are trained on billions of parameters [1]."))
    reply = await model_service.ask(Turn(text="how many parameters do foundation models have?"))
    assert "The lesson does not give that number." not in reply.notes


async def test_a_models_answer_that_does_not_spell_out_the_acronym_says_so(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(Step(text="GPT family models are decoder models [1]."))
    reply = await model_service.ask(Turn(text="what does GPT stand for?"))
    assert fake_llm.requests and reply.answered_by() != "offline", reply.route_reason
    assert "The lesson does not say what GPT stands for." in reply.notes


async def test_a_models_answer_to_a_follow_up_notes_what_it_leans_on(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    """With a model, as offline: "is it free?" after "what is Whisper?" names Whisper."""
    fake_llm.script.append(Step(text="Services may require a subscription or payment [1]."))
    reply = await model_service.ask(
        Turn(text="is it free?", history=(("user", "what is Whisper?"), ("assistant", "…")))
    )
    assert fake_llm.requests and reply.answered_by() != "offline", reply.route_reason
    assert "The lesson does not say this of Whisper." in reply.notes, reply.notes


async def test_a_models_answer_also_says_what_the_lesson_never_mentions(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(Step(text="The lesson covers fine-tuning in general [1]."))
    reply = await model_service.ask(
        Turn(
            text="In the lesson, is fine-tuning with RLHF the preferred approach when latency "
            "matters?"
        )
    )
    assert fake_llm.requests and reply.answered_by() != "offline"
    assert "The lesson does not mention RLHF." in reply.notes
    # The model is told too, so it says so rather than answer RLHF from what it knows.
    user = fake_llm.requests[-1]["messages"][-1]["content"]
    assert "The lesson never mentions: RLHF." in user
    fake_llm.script.append(Step(text="Fine-tuning suits latency-bound cases [1]."))
    await model_service.ask(Turn(text="When is fine-tuning the preferred approach?"))
    assert "never mentions" not in fake_llm.requests[-1]["messages"][-1]["content"]


async def test_the_best_units_reach_the_prompt(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script.append(Step(text="Fine-tuning suits latency-bound cases [1]."))
    question = "When is fine-tuning the preferred approach?"
    await model_service.ask(Turn(text=question))
    user = fake_llm.requests[-1]["messages"][-1]["content"]
    system = fake_llm.requests[-1]["messages"][0]["content"]
    assert "Answer first" in system and "course's own terms" in system
    assert "Considering latency" in user and "Staying up to date" in user
    result = model_service.search.search(question)
    full = sum(len(h.text) for h in model_service.answerer.sections(result))
    body = user.split("<course_sections>")[1].split("</course_sections>")[0]
    quoted = sum(len(line) for line in body.splitlines() if not line.startswith(("<", "</")))
    assert quoted <= full  # the best units of each section, never more than the chunk was


async def test_a_model_is_shown_the_section_the_quoted_answer_leads_with(
    model_service: StudyService, fake_llm: FakeOpenAI
) -> None:
    """Whether someone labels the data by hand is answered by the foundation models'
    criteria ("do not require human annotation"), whose section is no hit an answer uses:
    the offline answer quotes it, and a model had never been shown such a section. It is
    shown after the hits, and a citation of it is kept. (The first case, "related articles
    under each help page", became a hit when the encoder's weights became unsigned.)"""
    question = (
        "before training, does somebody have to go through the data by hand and mark what "
        "each example is?"
    )
    result = model_service.search.search(question)
    hits = model_service.answerer.sections(result)
    assert not any("Foundation Models" in h.heading for h in hits)  # else this tests nothing
    n = len(hits) + 1
    fake_llm.script.append(Step(text=f"No: they learn from unlabeled data [{n}]."))
    reply = await model_service.ask(Turn(text=question))
    assert reply.answered_by() != "offline", reply.route_reason
    user = fake_llm.requests[-1]["messages"][-1]["content"]
    assert f'<section n="{n}" heading="Understand different types of LLMs > Foundation' in user
    assert "do not require human annotation" in user
    assert [c.heading for c in reply.citations] == [
        "Understand different types of LLMs > Foundation Models versus LLMs"
    ], reply.citations


# The evaluation's own scoring --------------------------------------------------------


def test_the_held_out_set_repeats_no_tuned_question() -> None:
    """A held-out question that is a tuned one reworded by a word or two is not unseen: its
    number would flatter the answerer (the first w-* draft did exactly that)."""
    import difflib
    import json
    import re

    def words(text: str) -> str:
        return re.sub(r"[^\w가-힣]+", " ", text.lower()).strip()

    tuned = [
        words(json.loads(line)["q"])
        for name in ("questions.jsonl", "answers-tune.jsonl")
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
    ]
    for line in (ROOT / "eval" / "answers-heldout.jsonl").read_text(encoding="utf-8").splitlines():
        question = words(json.loads(line)["q"])
        closest = max(tuned, key=lambda t: difflib.SequenceMatcher(None, question, t).ratio())
        ratio = difflib.SequenceMatcher(None, question, closest).ratio()
        assert ratio <= 0.65, (question, closest, round(ratio, 2))


def test_every_question_of_the_eval_sets_has_its_own_id() -> None:
    """`eval --answers` names the replies that miss a fact by id: a batch reusing an earlier
    batch's prefix (the first q-* draft was named u-*, as a tuned batch is) would name two."""
    import json

    seen: dict[str, str] = {}
    for name in (
        "questions.jsonl",
        "answers-tune.jsonl",
        "answers-heldout.jsonl",
        "answers-near.jsonl",
    ):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            qid = json.loads(line)["id"]
            assert qid not in seen, f"{qid} is in {seen.get(qid)} and {name}"
            seen[qid] = name


def test_the_eval_counts_replies_that_say_what_the_lesson_never_mentions(
    course_app: App,
) -> None:
    from bot.evaluation.answers import evaluate_answers, format_answers

    near = "what's the best chunk size for splitting PDFs in a RAG pipeline?"
    # Off topic, but near enough to RAG that the scope decision may accept it: counted as
    # answered only if it does. Never noted: "PDF" is a file's everyday capital, no name
    # (`named_terms`), and a name the lesson never writes is refused outright ("…in a
    # LangChain RAG pipeline?", p 0.0001).
    accepted = course_app.search.search(near, None, "hybrid", "en").in_scope
    questions = [
        KQ("f-out-01", near, (), ()),
        KQ("f-out-02", "What's the weather in Seoul tomorrow?", (), ()),
        KQ(
            "f-en-01",
            "we don't have a GPU farm. what do we gain from a cloud provider's offering?",
            ("Understand different types of LLMs > Service versus Model",),
            (("easier to use",),),
        ),
        KQ("f-en-02", "What is RAG?", ("Improving LLM results",), (("RAG",),)),
    ]
    report = evaluate_answers(course_app, questions)
    assert report["unmentioned"] == {
        "off_topic_answered": int(accepted),
        "off_topic_noted": 0,
        "in_scope_noted": 1,
        "terms": {"f-en-01": ["GPU"]},
    }
    assert (
        f"Off-topic questions answered: {int(accepted)}, of which 0 note a name"
        in format_answers("fixture", report)
    )


def test_the_answer_tables_percentages_are_rounded_once() -> None:
    """1268 of 1327 is 95.55…%: rounded to four places first (0.9555), the table had printed
    95.5 %."""
    from bot.evaluation.answers import Judged, format_answers, summarise

    questions = [KQ(f"q{i}", "q", ("Gold",), (("k",),)) for i in range(1327)]
    judged = [Judged(q.id, False, True, i < 1268, 1, (), 0) for i, q in enumerate(questions)]
    metrics = summarise(judged, questions)
    report = {"questions": 1327, "answerers": {"offline": metrics}}
    assert "| 100.0% | 95.6% |" in format_answers("fixture", report)


def test_answer_scoring_on_a_fixture() -> None:
    reply = (
        "- Some examples would be BART and T5. [1]\n"
        "- After completing this lesson, you will be able to: [2]\n"
        "- A:3, fine-tuning. [3]\n"
        "- However, they cost money. [1]\n"
        "- Fine-tuned model [2]"
    )
    points = parse_points(reply)
    assert [p.cites for p in points] == [(1,), (2,), (3,), (1,), (2,)]
    kinds = [is_fragment(p, {"fine-tuned model"}) for p in points]
    assert kinds == [
        "",
        "lead-in without its list",
        "quiz answer line",
        "dangling connective",
        "heading",
    ]
    assert is_fragment(Point("Lead:\n  - item", (1,), 1), set()) == ""
    q = KQ("x", "Give examples", ("S",), (("BART",), ("T5",)))
    judged = judge(q, reply, False, [], {"fine-tuned model"})
    assert judged.all_facts and judged.first_point and judged.points == 5
    assert len(judged.fragments) == 4
    assert judged.padding == 3  # sections [2] and [3] carry no key fact
    missing = judge(KQ("y", "?", ("S",), (("GPT-4",),)), reply, False, [], set())
    assert not missing.all_facts and not missing.first_point
    refused = judge(q, "", True, [], set())
    assert refused.refused and not refused.all_facts


async def test_a_section_the_question_names_is_considered(course_app: App) -> None:
    # The Korean lesson keeps the English heading "Knowledge check"; students say 지식 점검.
    reply = await course_app.service.ask(Turn(text="지식 점검 문제는 뭐야?"))
    first = parse_points(reply.text)[0].text
    assert first.startswith("LLM 응답 결과를 개선하기 위한 좋은 접근 방식은 무엇일까요?")
    assert "A:3" in first  # the question travels with its choices and answer
    assert reply.citations[0].heading == "Knowledge check"


def test_words_the_course_never_uses_weigh_nothing(course_app: App) -> None:
    assert course_app.search.idf("cheapest") == 0.0
    assert course_app.search.idf("rag") > 0.0


async def test_the_students_word_gets_the_courses_answer(course_app: App) -> None:
    # "파인튜닝" is the student's word; the lesson says "미세 조정" and heads the section
    # "Fine-tuned model". "튜닝" also occurs in the foundation-model section ("튜닝된 버전"),
    # which must not win: the section named by the question's distinctive word does.
    reply = await course_app.service.ask(Turn(text="파인튜닝은 언제 써?"))
    assert reply.citations[0].heading == "LLM 결과의 개선 > Fine-tuned model"
    first = parse_points(reply.text)[0].text
    assert "지연 시간" in first and "최신 상태" in first
    assert course_app.search.heading_words("LLM 결과의 개선 > Fine-tuned model") == {"fine-tun"}


async def test_what_comes_next_is_the_closing_section_whole(course_app: App) -> None:
    reply = await course_app.service.ask(Turn(text="What comes after this lesson?"))
    assert reply.citations[0].heading == "Great Work, Continue Your Learning"
    assert "Lesson 3" in reply.text and "Generative AI Learning collection" in reply.text


@pytest.mark.parametrize(
    ("question", "lesson"),
    [
        ("what is the next lesson about?", "Lesson 3"),
        ("다음 강의에서는 뭘 배워?", "3강"),
        ("다음 시간에는 뭘 해?", "3강"),
    ],
)
async def test_the_next_lesson_leads_what_comes_next(
    course_app: App, question: str, lesson: str
) -> None:
    """Asked what comes next, the sentence naming the next lesson leads; the collection to
    keep learning with follows. ("다음 시간" found fine-tuning's "다음과 같은 경우".)"""
    reply = await course_app.service.ask(Turn(text=question))
    assert lesson in parse_points(reply.text)[0].text, reply.text


def test_a_warmed_extractor_reads_no_unit_again_while_answering(course_app: App) -> None:
    extractor = course_app.service.answerer.extractor
    answerer = course_app.service.answerer
    units = course_app.search.units.units
    sentences = {s for u in units for s in quoted_sentences(u.text)}
    read: list[str] = []
    tokenize = extractor.tokenize

    def counting(text: str) -> list[str]:
        read.append(text)
        return tokenize(text)

    def answer_both() -> None:
        for question, lang in (("오픈 소스 모델의 단점은?", "ko"), ("What is fine-tuning?", "en")):
            result = course_app.search.search(question, None, "hybrid", lang)
            assert answerer.extractive(question, result, lang).citations

    extractor.tokenize = counting
    try:
        extractor._leads.clear()
        answer_both()  # cold: the cited sections' sentences are read on first use
        assert sentences.intersection(read)
        extractor._leads.clear()
        extractor._hyphenated.clear()
        extractor.warm()  # what `serve` and the chat run in a thread at start
        assert set(extractor._leads) == {u.id for u in units}
        # (And the hyphenated words of the Korean units, "인코더-디코더": read once, here.)
        assert set(extractor._hyphenated) == {u.id for u in units}
        read.clear()
        answer_both()
        assert not sentences.intersection(read)
    finally:
        extractor.tokenize = tokenize


def test_a_unit_is_also_measured_by_its_closest_sentence() -> None:
    """A chain's vector is the mean of its sentences': the fact at its end is diluted by
    what it leans on. The unit index gives each unit its closest sentence's similarity."""
    import numpy as np

    from bot.rag.store import StoredUnit
    from bot.rag.unit_index import UnitIndex

    def unit(uid: str, text: str, vector: list[float]) -> StoredUnit:
        return StoredUnit(uid, "en/x.md", "H", "en", 0, "sentence", text, "", (), tuple(vector))

    a, b, c = np.eye(3, dtype=np.float32)
    chain = (a + b) / np.linalg.norm(a + b)
    units = [
        unit("chain", "Open models are free. However, funding is limited.", list(chain)),
        unit("other", "Services cost money.", list(c)),
    ]
    sentences = {
        "Open models are free.": a,
        "However, funding is limited.": b,
        "Services cost money.": c,
    }
    index = UnitIndex(units, sentences)
    best = index.best_sentence([0, 1], b)
    assert best is not None
    assert best[0] == pytest.approx(1.0) and best[1] == pytest.approx(0.0)
    assert float(index.matrix[0] @ b) == pytest.approx(0.7071, abs=1e-3)  # the diluted mean
    # Without every sentence's vector (a store from before them), the means decide alone.
    assert UnitIndex(units, {"Services cost money.": c}).best_sentence([0], b) is None
    assert UnitIndex(units).best_sentence([0], b) is None


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("we're short on time; what should we start with?", "RAG first"),
        ("시간이 부족하면 뭐부터 해 봐야 해?", "RAG를 먼저"),
    ],
)
async def test_asked_where_to_begin_the_sentence_that_says_first_answers(
    course_app: App, question: str, first_says: str
) -> None:
    """ "시간이 없을 때는 뭐부터 해 보라고 해?" had got the fine-tuning section (its "지연
    시간" and "시간이 지남에 따라" say "시간"): nothing weighed that it asks where to begin."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        (
            "going by the quiz-writing analogy, which architecture drafts copy and also checks it?",
            "this is an Encoder-Decoder model",
        ),
        ("퀴즈 비유에서 만들기도 하고 검토도 하는 사람은 어떤 모델이야?", "인코더-디코더"),
    ],
)
async def test_the_analogys_quiz_is_not_the_knowledge_check(
    course_app: App, question: str, first_says: str
) -> None:
    """The colleagues of the architecture analogy write a quiz: "we'd like one model that
    both drafts … and checks it; which architecture fits, going by the quiz-writing analogy?"
    had been answered with the knowledge check, as if it asked the lesson's quiz."""
    assert not asks_quiz(question)
    assert asks_quiz("what's the answer to the quiz?")
    assert asks_quiz("퀴즈 정답이 뭐야?")
    # Which is better, of ways to improve results; not of anything else.
    assert asks_quiz("which is better, RAG or fine-tuning?")
    assert not asks_quiz("is a bigger model always better according to the lesson?")
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


def test_an_example_is_named_with_kwa_gateun_but_as_follows_is_not_one() -> None:
    """ "분류 모델이나 클러스터링 모델과 같은 다른 모델" names examples as "such as" does;
    "다음과 같은 경우" (as follows) and "이와 같은" do not. And the student's own many
    examples ("예시를 잔뜩 넣을 수가 없어") are not a request for examples."""
    examples = UNIT_FEATURES["examples"]
    assert examples.search("분류 모델이나 클러스터링 모델과 같은 다른 모델의 입력으로")
    assert examples.search("챗봇과 같은 대화형 시나리오")
    assert not examples.search("다음과 같은 경우 선호되는 접근 방식입니다:")
    assert not examples.search("이와 같은 방식으로")
    assert "examples" not in question_kinds("예시를 잔뜩 넣을 수가 없어. 이럴 땐 뭐가 맞아?")
    assert "examples" in question_kinds("임베딩을 입력으로 받는 다른 모델의 예는?")


async def test_the_models_an_embedding_feeds_are_its_examples(course_app: App) -> None:
    """ "분류 모델이나 클러스터링 모델과 같은 다른 모델" had not counted as naming examples
    (only a Latin name before "과 같은" did), and the reply gave OpenAI embeddings alone."""
    reply = await course_app.service.ask(Turn(text="임베딩을 입력으로 받는 다른 모델의 예는?"))
    assert "분류 모델" in reply.text, reply.text


def test_a_task_the_student_describes_names_the_lessons_kind_of_model() -> None:
    """A scenario names no course term: its telltale words do ("voicemails", "사진을 보고 …
    정리", "posters", "related articles")."""
    described = {
        "whisper": (
            "turn our voicemails into text",
            "회의 녹취를 글로 옮겨 줘",
            "can you transcribe my lecture recordings?",
            "a violin teacher records lessons and wants written notes of what was said",
        ),
        "gpt-4o": (
            "my app takes a photo and answers questions about it",
            "영수증 사진을 글로 정리",
            "what's the gpt model that can also see images?",
        ),
        "dall-e": (
            "make posters from a prompt",
            "포스터를 그려 주는 모델",
            "for an art-generation demo, which named models could we show?",
            "generate product mockups from text descriptions",
            "마케팅팀이 글 설명으로 제품 시안을 뽑고 싶대",
            "게임 회사가 텍스트 프롬프트로 컨셉 아트를 만들고 싶어",
        ),
        "numerical form": (
            "group similar tickets",
            "고객 문의를 주제별로 묶으려면",
            # ("a data scientist wants to cluster survey answers" had got RAG.)
            "a data scientist wants to cluster survey answers",
            "clustering customer feedback comments",
            "a publisher wants to find books similar to each other by content",
            "출판사가 내용이 비슷한 책끼리 찾고 싶어 해",
            "a recipe app wants to suggest dishes similar to the one a user liked",
            "레시피 앱이 사용자가 좋아한 요리랑 비슷한 요리를 추천하고 싶어",
        ),
        "text generation": (
            "꽃집 사장님이 꽃다발 설명으로 인스타 문구를 자동으로 쓰고 싶대. 어떤 모델?",
            "마케팅 대행사가 브리프로 슬로건을 만들고 싶대. 어떤 모델?",
            # Prose asked of a kind the lesson suggests ("writing text" had found the
            # analogy's content creator).
            "our orchestra wants program notes. which models does the lesson suggest for "
            "writing text?",
            "보도자료 쓰는 데 어떤 모델을 추천해?",
        ),
        "midjourney": ("which model draws pictures of cats?",),
        "visual understanding": ("our shop wants product photos described in words. which model?",),
        # Making a model one's own for a domain, asked as an approach (training from
        # scratch had led, on "domain"); a model one can customize is a kind, not a task.
        "fine-tun": (
            "we want to be able to customize the model for our domain; which approach?",
            "우리 업무에 맞게 모델을 조정하려면 어떤 방법이 좋아?",
        ),
        "prompt length limit": (
            "we have too many examples to fit into the prompt; what then?",
            "예시가 너무 많아서 프롬프트에 안 들어가",
        ),
        "codeparrot": ("a model that writes software", "코드 짜 주는 모델"),
        "텍스트 요약": (
            "뉴스 세 줄 요약 봇을 만들려면 강의 분류상 어떤 모델 부류를 봐야 해?",
            "긴 회의록을 줄이고 외국어 메일을 옮기는 데 쓸 모델은 어느 분류에 속해?",
            "which kind of model helps with summarizing and translating documents?",
        ),
    }
    for word, questions in described.items():
        for question in questions:
            assert word in task_words(question), question
    # The lesson's own kinds of model, and words that only look like a task, are none.
    for question in (
        "explain image generation models",
        "이미지 생성 모델을 설명해 줘",
        "illustrate the difference between RAG and fine-tuning",
        "how big a GPU cluster do I need?",
        "영상 대본을 써 주는 모델은?",
        "what are the drawbacks of open source?",
        "is GPT-4 state of the art?",
        # A request for code is not a task for a model (the lesson has no code to give).
        "write code for RAG",
        "코드 짜 줘",
        "텍스트 및 코드 생성 모델은 어디에 쓰여?",
        "what are text and code generation models used for?",
        # A summary or a translation asked of the bot is not a model asked for.
        "summarize the lesson",
        "이 강의 요약해줘",
        "Translate 'good morning' into French",
        "what are image translation models?",
        # Transcripts a team already has are text, not speech to transcribe.
        "we have tons of support transcripts and want the bot to answer like our agents",
        # Writing asked of the bot, and the analogy's writer, ask for no model.
        "write me a poem about RAG",
        "GPT 같은 글쓰기 담당 모델의 약점은?",
        "a model we can customize for our use case: open source or proprietary?",
        # A podcast's people and firms are who asks: the podcast is no speech to transcribe.
        "a podcast host wants to line up industry scores for several models; which pane?",
        "our podcast studio needs a chatbot for listeners; should we fine-tune?",
    ):
        assert task_words(question) == (), question
    # Asked of the podcast itself, it is speech.
    assert "whisper" in task_words("which model should caption our podcast?")
    assert "whisper" in task_words("our podcast hosts want the episodes' audio in writing")


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        (
            "we record our team calls in Korean and English; what model turns them into text?",
            "Whisper",
        ),
        ("회의 녹취를 글로 옮겨 줄 모델은 뭐야?", "Whisper"),
        ("my app takes a photo and answers questions about it; which models fit?", "gpt-4o"),
        ("I want posters made from a short text brief; which tools?", "DALL-E"),
        ("포스터를 그려 주는 모델은 뭐가 있어?", "DALL-E"),
        (
            "our interns need something that writes software from a spec; any model named?",
            "CodeParrot",
        ),
        # The kind by its own name, apart from "Text and code generation models".
        ("what can code generation models do for existing code?", "fix bugs"),
        (
            "we want to show related articles under each help page; which kind of model helps?",
            "Embeddings",
        ),
        # Only the English version names multi-modal models: quoted, and said so.
        ("영수증 사진을 보고 내용을 글로 정리하는 모델은?", "gpt-4o"),
    ],
)
async def test_a_described_task_gets_the_model_the_lesson_names_for_it(
    course_app: App, question: str, first_says: str
) -> None:
    """Each had been answered with text generation ("…turns them into text"), the catalog or
    fine-tuning: the scenario's words were the student's own, and "text" was the lesson's."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text
    if question.startswith("영수증"):
        assert "영어판 강의 자료에만 있는" in reply.text


def test_what_comes_up_in_the_lesson_is_not_a_quiz_question() -> None:
    """ "뭐가 나아?" (which is better) asks the knowledge check's question; "뭐가 나와?" (what
    comes up) asks what the lesson names."""
    from bot.rag.kinds import QUIZ_QUESTION

    assert QUIZ_QUESTION.search("프롬프트 엔지니어링이랑 RAG 중 뭐가 나아?")
    assert not QUIZ_QUESTION.search("독점 모델로는 뭐가 나와?")
    assert not QUIZ_QUESTION.search("강의에 뭐가 나오는지 알려줘")


def test_most_models_is_a_count_not_a_superlative() -> None:
    """ "Most models are trained on text generation" had answered every superlative question
    ("what's the hardest route…?") as if it said the most of something."""
    most = UNIT_FEATURES["most"]
    assert not most.search("Most models are trained on text generation")
    assert most.search("GPT-4 being the most expensive")
    assert most.search("GPT-4가 가장 비쌉니다")


def test_better_prompts_do_not_ask_which_approach_is_better() -> None:
    """ "…the same model as before, just with better prompts?" describes prompts: it had been
    answered with the knowledge check as if it asked which approach is better."""
    assert not asks_quiz("do I still have the same model as before, just with better prompts?")
    assert asks_quiz("which is better for us, RAG or fine-tuning?")
    assert asks_quiz("is fine-tuning the better option?")
    # "중에" asks which of several; "나중에" (later) does not, and the knowledge check had
    # answered "…먼저 만들고 나중에 딴 일에 재활용하는 걸 뭐라 부르지?" (transfer learning).
    assert asks_quiz("RAG랑 미세 조정 중에 뭐가 나아?")
    assert not asks_quiz("대리 과제로 먼저 만들고 나중에 딴 일에 재활용하는 걸 뭐라 부르지?")


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        # "worth" frames the question: it had found the playground's "It's worth looking into".
        (
            "what's the hardest route to an LLM for our niche field, and when does the course "
            "say it's worth it?",
            "from scratch",
        ),
        # Not the knowledge check: "better prompts" asks nothing of which approach is better.
        (
            "after a fine-tuning job finishes, do I still have the same model as before, just "
            "with better prompts?",
            "new model",
        ),
        # Kiwi writes "GPT-3과" as "gpt" and "3": the unit naming GPT-3 is still the one the
        # question names.
        ("GPT-3 같은 애들은 비유로 치면 팀에서 어떤 역할을 맡은 사람이야?", "디코더 전용"),
        # Both sides of the difference, though the question says "정확히" before "뭐가 달라".
        ("클라우드 업체가 파는 서비스랑 그냥 모델은 정확히 뭐가 달라?", "핵심 구성 요소"),
        # The student's words for the studio and for bringing a model in.
        (
            "우리 연구실에서 직접 만든 모델이 목록에 없는데, "
            "머신 러닝 스튜디오로 가지고 들어올 수 있어?",
            "가져올 수도",
        ),
    ],
)
async def test_questions_of_the_g_batch_get_their_answer(
    course_app: App, question: str, first_says: str
) -> None:
    """Each a general fault the unseen g-* batch showed (its first run: 77.5 % of replies had
    every key fact): the asked fact is in the reply."""
    _first, reply = await first_point(course_app, question)
    assert first_says in reply.text, reply.text


async def test_asked_how_billing_works_the_answer_leads_with_pay_as_you_go(
    course_app: App,
) -> None:
    """ "청구" (billing) is what it costs: the catalog's feature list had led, the pay-as-you-go
    sentence third."""
    first, reply = await first_point(
        course_app,
        "이번 달엔 거의 안 쓰고 다음 달엔 많이 쓸 것 같은데, Azure OpenAI는 청구를 어떻게 해?",
    )
    assert "종량제" in first, reply.text


@pytest.mark.parametrize(
    ("question", "lang", "named"),
    [
        # "trained" and "학습" are said by half the lesson: they do not name "Trained model".
        ("which datasets are text generation models trained on?", "en", False),
        ("벤더 모델 도입하면 학습에 어떤 자료가 들어갔는지 우리가 정할 수 있나", "ko", False),
        # Its own phrase does, as the glossary writes it for a student's words.
        (
            "when does it make sense for a company to build its own language model from zero?",
            "en",
            True,
        ),
        ("자체 언어 모델을 밑바닥부터 만든다면 어떤 조건일 때만 말이 돼?", "ko", True),
        ("what does the trained model section say?", "en", True),
    ],
)
def test_a_heading_of_common_words_is_named_only_by_its_phrase(
    course_app: App, question: str, lang: Lang, named: bool
) -> None:
    """At a distinctive-word idf of 0.7, "Trained model" had been named by 42 questions of the
    dev and tuning sets, 10 of them about it: "train" was enough."""
    result = course_app.search.search(question, None, "hybrid", lang)
    trained = {"Trained model", "학습된 모델"}
    assert any(h.heading.split(" > ")[-1] in trained for h in result.named) == named, [
        h.heading for h in result.named
    ]


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("what tasks are text generation models used for", "summarization"),
        ("image generators are typically put to work on which jobs?", "image editing"),
    ],
)
async def test_asked_what_a_kind_of_model_is_used_for_the_answer_lists_its_uses(
    course_app: App, question: str, first_says: str
) -> None:
    """ "…trained on BookCorpus, and can be used to generate new text" had led: what a model
    can be used to do after its training data is not what the lesson says it is used for."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


def test_what_a_question_sets_aside() -> None:
    from bot.rag.kinds import set_aside

    assert set_aside("strip away the cloud service: what is left of a model itself?") == [
        "the cloud service"
    ]
    assert set_aside("why use Azure AI Studio instead of separate Azure services?") == [
        "separate Azure services"
    ]
    assert set_aside("모델 고를 때 용도 말고 또 뭘 따져야 해?") == ["용도"]
    assert set_aside("우리 팀 노션 내용을 재학습 없이 챗봇이 알게 하려면?") == ["재학습"]
    assert set_aside("how do I teach it our wiki without retraining?") == ["retraining"]
    # What a lesson suggests over something is another thing.
    assert set_aside(
        "little data and a deadline; what does the lesson suggest over fine-tuning?"
    ) == ["fine-tuning"]
    assert set_aside("what is RAG?") == []
    # "X 대신" (instead of X), and what one does not do to it ("X를 … 하지 않고").
    assert set_aside("파인튜닝 대신 뭘 해 보라고 해?") == ["파인튜닝"]
    assert set_aside("모델을 직접 돌리지 않고 클라우드 서비스에 돈을 내면 얻는 게 뭐야?") == [
        "모델"
    ]
    assert set_aside("모델을 직접 돌리는 대신 서비스를 쓰면 누구의 장비를 빌려 쓰는 셈이야?") == [
        "모델"
    ]


def test_the_other_versions_bracketed_terms_are_matched_by_their_parts() -> None:
    """The Korean lesson keeps "(Encoder-only models)" where the English one says "Encoder
    only model": a Korean point with those words translates the English point, and was
    quoted after it as a further point."""
    from bot.rag.extract import _latin_parts

    korean = "검토자는 인코더 전용 모델(Encoder-only models)과 비슷하며, 콘텐츠를 생성하는 데는"
    english = "The reviewer is like an Encoder only model, they look at the course written."
    assert _latin_parts(korean) == {"encoder", "only", "model"}
    assert _latin_parts(korean) <= _latin_parts(english)
    # A fact only the Korean version has names other words, and stays.
    assert not _latin_parts("Azure Machine Learning studio에서 새 모델을") <= _latin_parts(english)


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        ("besides RAG, what other ways are there to improve results?", "en", "approaches"),
        ("RAG 말고 결과를 개선하는 다른 방법은?", "ko", "접근 방식"),
    ],
)
async def test_a_section_the_heading_of_which_names_what_is_set_aside_does_not_lead(
    course_app: App, question: str, lang: Lang, first_says: str
) -> None:
    """ "RAG" names the RAG section: set aside, its units had led all the same (search ranks
    the section first by that word, and the nearest questions, about RAG, vouched for it).
    Now they count as set aside, without the section's prior or the neighbours' say."""
    candidates, aside = _candidates_and_feature(course_app, question, lang, "aside")
    rag = [c for c in candidates if c.hit.heading.endswith("(RAG)") and c.unit.lang == lang]
    assert rag and all(c.features[aside] == 1.0 for c in rag)
    first, reply = await first_point(course_app, question)
    assert first_says in first and not first.startswith(("LLMs have", "LLM은")), reply.text


@pytest.mark.parametrize(
    ("question", "lang", "other_side"),
    [
        (
            "apart from open source, what other kind of model does the lesson describe?",
            "en",
            "Proprietary models are",
        ),
        ("오픈 소스 말고 다른 종류의 모델은 뭐가 있어?", "ko", "독점 모델은"),
    ],
)
def test_a_heading_of_two_sides_is_not_set_aside_with_one_of_them(
    course_app: App, question: str, lang: Lang, other_side: str
) -> None:
    """ "Open Source versus Proprietary Models" names what is set aside and the other side,
    which is what the question asks for: its units are not set aside."""
    candidates, aside = _candidates_and_feature(course_app, question, lang, "aside")
    other = [c for c in candidates if other_side in c.unit.text and c.unit.lang == lang]
    assert other and all(c.features[aside] == 0.0 for c in other)


async def test_a_point_about_what_the_question_sets_aside_does_not_lead(course_app: App) -> None:
    """ "…instead of separate Azure services?" had been answered with "Services are often
    optimized for production use…": its words are the question's, its subject is set aside."""
    first, reply = await first_point(
        course_app, "Why would a developer use Azure AI Studio instead of separate Azure services?"
    )
    assert "single hub" in first, reply.text


async def test_what_a_model_is_good_at_in_korean_is_its_strength(course_app: App) -> None:
    """ "잘하는 일" (what it is good at) asks a strength: "…콘텐츠를 작성하는 데는 매우 능숙하지만"
    says it, and the reply had been the encoder-decoder's scene."""
    _first, reply = await first_point(
        course_app, "GPT 계열이 유독 잘하는 일은 퀴즈 이야기에서 뭐라고 나와?"
    )
    assert "흥미롭고 유익한 콘텐츠" in reply.text, reply.text


async def test_asked_its_benefits_the_reply_gives_them_not_the_definition(course_app: App) -> None:
    """The student names a service by its definition ("클라우드 제공업체 상품") and asks what it
    gains ("이득"): the definition's words are the question's, the benefits are the answer."""
    _first, reply = await first_point(
        course_app, "클라우드 제공업체 상품을 고르면 운영 면에서 어떤 이득이 있어?"
    )
    assert "사용하기 쉬운" in reply.text, reply.text


async def test_should_it_start_by_fine_tuning_is_answered_with_where_to_start(
    course_app: App,
) -> None:
    """ "start by" asks where to begin, as "start with" does: the reply had been fine-tuning's
    list of when it is preferred."""
    first, reply = await first_point(
        course_app, "a startup with little data and no time: should it start by fine-tuning?"
    )
    assert "cost-effective approach to kick-off with" in first or "RAG first" in first, reply.text


async def test_tune_without_fine_is_fine_tuning(course_app: App) -> None:
    """ "tune" without "fine" had found nothing: the multi-modality and speech bullets were the
    whole answer. (The fine-tuning section's conditions still lead; its definition, which
    names the prompt-completion pair, follows.)"""
    _first, reply = await first_point(
        course_app, "we're collecting records to tune our bot: what pair should every record hold?"
    )
    assert "the completion" in reply.text
    assert "Multi-modality" not in reply.text


async def test_asked_what_a_choice_gives_up_the_answer_leads_with_the_cost(
    course_app: App,
) -> None:
    """It had led with what a service is (the question's words), the price one point on."""
    first, reply = await first_point(
        course_app,
        "what do we give up by paying a cloud provider's service rather than hosting a model "
        "ourselves?",
    )
    assert "subscription or payment" in first, reply.text


async def test_asked_what_the_lesson_lists_the_answer_has_the_list(course_app: App) -> None:
    """The knowledge check names the three approaches as a quiz's options (RAG by its
    acronym); the list that explains each one must be in the answer too."""
    _first, reply = await first_point(
        course_app,
        "before going into detail, which approaches to better results does the lesson list?",
    )
    assert "Retrieval Augmented Generation, RAG. Your data" in reply.text


@pytest.mark.parametrize(
    "question",
    ["what job is Midjourney good for?", "미드저니는 무슨 용도로 쓰는 모델이야?"],
)
async def test_a_named_model_is_not_padded_with_other_models_bullets(
    course_app: App, question: str
) -> None:
    """Asked about Midjourney, the image bullet answers; the Whisper bullet ("For this
    purpose… a great choice") and the knowledge check say what the question's kind asks for,
    of something else, and had followed it."""
    reply = await course_app.service.ask(Turn(text=question))
    points = parse_points(reply.text)
    assert points and "Midjourney" in points[0].text, reply.text
    assert "Whisper" not in reply.text and "A:3" not in reply.text, reply.text


async def test_a_task_bullet_says_what_its_models_are_for(course_app: App) -> None:
    """ "이미지 생성을 목적으로 한다면, DALL-E와 Midjourney가…" names Midjourney's purpose: the
    foundation models' criteria ("…출발점으로 사용할 수 있으며") had led, by "사용할 수 있"."""
    first, reply = await first_point(course_app, "미드저니는 무슨 용도로 쓰는 모델이야?")
    assert "이미지 생성" in first and "Midjourney" in first, reply.text


async def test_a_question_about_what_the_lesson_says_is_answered(course_app: App) -> None:
    """Pointing at the lesson ("per the reading") asks what it says: refused (p 0.19), the
    nearest off-topic examples being how-to questions about LoRA. Whether the lesson covers
    something at all, or a question about the course's certificate, is still decided by
    the examples."""
    reply = await course_app.service.ask(
        Turn(
            text="per the reading, is fine-tuning with LoRA the preferred approach when "
            "latency matters?"
        )
    )
    assert reply.in_scope and "latency" in reply.text.lower(), reply.text
    assert "The lesson does not mention LoRA." in reply.notes
    assert_decided(
        course_app,
        refused=(
            "does the lesson cover pasta recipes?",
            "how do I get the completion certificate for this course?",
        ),
    )


async def test_how_the_lesson_mentions_a_thing_it_writes_is_answered(course_app: App) -> None:
    """Whether, or how, the lesson mentions something it does write is about the course:
    "허깅페이스는 강의에서 어떤 맥락으로 나와?" had been refused (p 0.35); the passage naming
    Hugging Face answers. Something the lesson never writes is still left to the decision."""
    first, reply = await first_point(course_app, "허깅페이스는 강의에서 어떤 맥락으로 나와?")
    assert reply.in_scope and "Hugging Face" in first, reply.text
    assert_decided(
        course_app,
        refused=("강의에 김치찌개 레시피 나와?", "does the lesson mention the offside rule?"),
    )


def test_what_points_at_the_lessons_text() -> None:
    for question in (
        "per the reading, is Whisper English-only?",
        "which bullet covers that?",
        "in the analogy, who checks the answers?",
        "강의에서 말하는 가장 싼 방법은?",
        "퀴즈 비유에서 검토자는 누구야?",
        # Reported speech asks what the lesson said (both were refused with their batch left
        # out of the fit).
        "Whisper는 어떤 데이터로 학습됐다고 나와?",
        "예산이 없으면 뭐부터 하라고 해?",
        "inpainting gets mentioned as a way to do what to pictures?",
        "Google Bard and Claude 2 are listed under which category?",
        # A part of the lesson by its name (the first was refused with its batch left out).
        "마지막 확인 문제 보기 중에 정답 번호 알려 줘",
        "What's the answer to the knowledge check question?",
        "I got the end-of-lesson quiz wrong; which option was correct?",
        "in the quiz-writing story, who plays the part of the decoder?",
    ):
        assert REFERS_TO_LESSON.search(question), question
    for question in (
        "how do I get the certificate for this course?",
        "이 강좌 수료증은?",
        # What something is called, or what someone else said, is not the lesson's word.
        "내 이름은 영어로 뭐라고 해?",
        "친구가 GPT-5 나왔다고 하던데 진짜야?",
        "is GPT-5 mentioned anywhere?",
        # A quiz that is not the lesson's.
        "quiz me on world capitals",
        "퀴즈 앱 만드는 법 알려줘",
    ):
        assert not REFERS_TO_LESSON.search(question), question


def test_what_asks_for_a_way_to_better_results_from_a_model() -> None:
    for question in (
        "on a shoestring, which technique should a beginner try first for better completions?",
        "what's the cheapest way to start getting better answers out of an LLM?",
        "LLM 결과를 개선하는 방법에는 어떤 것이 있나요?",
    ):
        assert asks_how_to_improve(question), question
    for question in (
        "what's the best way to improve my exam results?",  # no model
        "which model gives the best answers?",  # no way to improve
        "챗봇 만드는 방법 알려줘",
    ):
        assert not asks_how_to_improve(question), question


async def test_questions_the_lesson_answers_by_their_form_are_in_scope_whatever_the_decision(
    course_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each had been refused with its batch left out of the fit; each is answered by the
    lesson because of what it asks (a kind, a part of the lesson, a way to better results),
    so it is answered even by a decision that refuses everything. Off-topic questions are
    still refused by it."""

    class RefusesEverything:
        def in_scope(self, signals: object, vector: object) -> bool:
            return False

    monkeypatch.setattr(course_app.search, "scope", RefusesEverything())
    assert_decided(
        course_app,
        answered=(
            "Midjourney came up in our meeting. what job is it good for?",
            "Claude 2 sits in which camp of the open-versus-closed split?",
            "마지막 확인 문제 보기 중에 정답 번호 알려 줘",
            "on a shoestring, which technique should a beginner try first for better completions?",
        ),
        refused=(
            "Messi belongs to which team?",
            "what's the best way to improve my exam results?",
            "quiz me on world capitals",
        ),
    )


async def test_a_long_lead_in_does_not_carry_its_list_to_the_top(course_app: App) -> None:
    """The Korean fine-tuning paragraph (definition, difference, requirements, then "다음과
    같은 경우…:") is one unit with its list; by its many words it had led a question about
    where to start on no budget."""
    first, reply = await first_point(
        course_app, "예산이 거의 없는 동아리에서 답변 품질을 올리려면 뭐부터 하라고 해?"
    )
    assert "프롬프트 엔지니어링" in first, reply.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # The issue's own example: GPT-3's unit had led, by "decoder" and e5.
        ("Give examples of encoder-decoder models", "BART and T5"),
        ("name a couple of encoder-decoder architectures from the lesson", "BART and T5"),
        ("can the reviewer in the quiz analogy produce content well?", "not good at generating"),
        ("비유에서 검토 담당 동료가 약한 부분은?", "생성하는 데는 능숙하지 않"),
        # (Two tuning questions: the other side's paragraph, which says the same words of
        # the opposite, had led both.)
        (
            "my manager wants to modify the internals of a proprietary LLM for our niche. "
            "is that possible?",
            "not allowed to be inspected, modified",
        ),
        ("공개 모델은 돈줄이 약해서 오래 못 갈 수도 있다던데 사실이야?", "자금 지원이 제한"),
    ],
)
async def test_a_question_about_one_side_gets_that_sides_unit_first(
    course_app: App, question: str, said: str
) -> None:
    """The analogy's three units share a section and its words, and the open-source and
    proprietary paragraphs say the same things of opposite sides ("can be inspected,
    modified" / "are not allowed to be"): the side asked about must lead."""
    first, reply = await first_point(course_app, question)
    assert said in first, reply.text


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        (
            "퀴즈 만드는 비유에서 글 쓰는 사람과 검토하는 사람은 각각 어떤 모델이야?",
            ("디코더 전용", "인코더 전용"),
        ),
        (
            "in the quiz story, which models are the writer and the reviewer?",
            ("Decoder only", "Encoder only"),
        ),
    ],
)
async def test_asked_about_two_roles_of_the_analogy_the_answer_names_both(
    course_app: App, question: str, roles: tuple[str, str]
) -> None:
    """The reviewer led, and the encoder-decoder's scene ("퀴즈를 만들고 검토할 수 있는 사람이
    있다고 상상해 보세요.", a third role) followed instead of the writer."""
    reply = await course_app.service.ask(Turn(text=question))
    assert all(role in reply.text for role in roles), reply.text
    assert "인코더-디코더" not in reply.text and "Encoder-Decoder" not in reply.text, reply.text


def test_students_words_for_little_money_and_where_to_begin() -> None:
    glossary = Glossary({})
    assert "cost-effective" in glossary.expansions("on a shoestring, what should we try?")
    assert "cost-effective" in glossary.expansions("we're a club with no budget")
    assert {"시작하기에", "비용 효율적"} <= set(
        glossary.expansions("예산이 거의 없는 동아리에서 뭐부터 해?")
    )
    assert "assess" in glossary.expansions("how do I know if my model is good enough?")


@pytest.mark.parametrize(
    ("contrast", "question", "asked"),
    [
        ("ARCHITECTURES", "Give examples of encoder-decoder models", "encoder-decoder"),
        ("ARCHITECTURES", "who in the quiz story both writes and reviews?", "encoder-decoder"),
        ("ARCHITECTURES", "BART랑 T5는 어떤 구조야?", "encoder-decoder"),
        ("ARCHITECTURES", "Is the quiz reviewer good at writing new content?", "encoder-only"),
        ("ARCHITECTURES", "퀴즈 비유에서 검토 담당은 뭘 못 해?", "encoder-only"),
        ("ARCHITECTURES", "GPT-3 같은 쪽이 잘하는 건?", "decoder-only"),
        ("ARCHITECTURES", "콘텐츠 작성자 역할은 어떤 모델이야?", "decoder-only"),
        ("ARCHITECTURES", "which role stands for GPT-style models?", "decoder-only"),
        # A role described by what it can and cannot do.
        ("ARCHITECTURES", "만드는 것과 검토하는 것 둘 다 잘하는 구조는?", "encoder-decoder"),
        ("ARCHITECTURES", "문제도 내고 검수도 하는 만능 동료 이야기", "encoder-decoder"),
        ("ARCHITECTURES", "내용을 이해만 하고 글은 잘 못 쓰는 사람은?", "encoder-only"),
        ("ARCHITECTURES", "who understands the answers but cannot write content?", "encoder-only"),
        ("ARCHITECTURES", "글은 잘 쓰는데 주제를 이해하는 건 잘 못하는 쪽은?", "decoder-only"),
        (
            "ARCHITECTURES",
            "the colleague who writes well but is not good at understanding the topic",
            "decoder-only",
        ),
        # Two people, each with one ability: both roles, not the one who does both.
        (
            "ARCHITECTURES",
            "글 쓰는 사람과 검토하는 사람은 각각 어떤 모델이야?",
            "decoder-only|encoder-only",
        ),
        # Several (a comparison), or none: another subject (GPT-3.5 is priced, not an
        # architecture's example).
        ("ARCHITECTURES", "encoder-only vs decoder-only?", "encoder-only|decoder-only"),
        ("ARCHITECTURES", "BERT 말고 GPT-3은 어느 쪽이야?", "encoder-only|decoder-only"),
        ("ARCHITECTURES", "gpt-3.5 or gpt-4, which costs more?", ""),
        ("LICENCES", "can we change the internals of a proprietary LLM?", "proprietary"),
        ("LICENCES", "독점 모델도 뜯어고칠 수 있어?", "proprietary"),
        ("LICENCES", "비공개 모델은?", "proprietary"),
        ("LICENCES", "공개 모델은 오래 관리돼?", "open-source"),
        ("LICENCES", "which community LLMs does the chapter list?", "open-source"),
        # Both sides, or only a model's name (no side asked).
        (
            "LICENCES",
            "are open models as strong as the paid vendor ones?",
            "open-source|proprietary",
        ),
        ("LICENCES", "self-hosting LLaMA sounds free. what's the catch?", ""),
        # Kinds of model by their output, by name, by the student's name or by an example
        # (not the Korean "달리", "unlike").
        ("OUTPUTS", "image generators are typically put to work on which jobs?", "image"),
        ("OUTPUTS", "그림 그리는 모델 중 애저에서 쓸 수 있는 건?", "image"),
        ("OUTPUTS", "what is Midjourney good for?", "image"),
        ("OUTPUTS", "Embeddings은 어디에 써?", "embedding"),
        ("OUTPUTS", "텍스트 생성 모델은 어떤 데이터로 학습돼?", "text"),
        ("OUTPUTS", "can CodeParrot fix bugs?", "code"),
        ("OUTPUTS", "which model should transcribe my lectures?", "audio"),
        ("OUTPUTS", "RAG와는 달리 미세 조정은 뭐가 달라?", ""),
        # Or described by what it does.
        ("OUTPUTS", "글 써 주는 모델들은 주로 뭐 시키는 데 써?", "text"),
    ],
)
def test_which_side_of_a_contrast_a_question_asks_about(
    contrast: str, question: str, asked: str
) -> None:
    from bot.rag import kinds

    # Open or proprietary is read with the glossary's course words for the student's
    # ("vendor", "비공개 모델"), as the answer reads it.
    if contrast == "LICENCES":
        question = " | ".join([question, *Glossary({}).expansions(question)])
    assert getattr(kinds, contrast).in_question(question) == set(asked.split("|")) - {""}


@pytest.mark.parametrize(
    ("contrast", "passage", "said"),
    [
        (
            "ARCHITECTURES",
            "…this is an Encoder-Decoder model. Some examples would be BART",
            "encoder-decoder",
        ),
        ("ARCHITECTURES", "Some examples of Decoder models are GPT family models", "decoder-only"),
        (
            "ARCHITECTURES",
            "검토자는 인코더 전용 모델(Encoder-only models)과 비슷하며",
            "encoder-only",
        ),
        # On the side its opening names, not the one it compares with later.
        (
            "LICENCES",
            "Open-source models are models that are made available to the public. However, "
            "they may not be as performant as proprietary models.",
            "open-source",
        ),
        (
            "LICENCES",
            "독점 모델은 회사에서 소유하고 대중에게 공개하지 않는 모델입니다.",
            "proprietary",
        ),
        # A kind of model's passage opens with it; one that names a kind later is on no side.
        ("OUTPUTS", "Image generation models are models that generate images.", "image"),
        (
            "OUTPUTS",
            "Embeddings은 텍스트를 숫자 형태로 변환할 수 있는 모델류의 집합이며",
            "embedding",
        ),
        ("OUTPUTS", "Text and code generation models are models that generate text", "text|code"),
        ("OUTPUTS", "- **Audio and speech recognition**. For this purpose, Whisper", "audio"),
        (
            "OUTPUTS",
            "- **미세 조정된 모델 사용**. 기업에서 고성능 모델보다는 임베딩 모델과 같이",
            "",
        ),
    ],
)
def test_which_side_of_a_contrast_a_passage_names(contrast: str, passage: str, said: str) -> None:
    from bot.rag import kinds

    assert getattr(kinds, contrast).in_passage(passage) == set(said.split("|")) - {""}


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("in the quiz-writing story, who gets context but can't produce content?", "reviewer"),
        # ("who" asks for a role: the RAG section's "company data" had led, found in
        # `make run`.)
        ("who gets context but can't produce content in the quiz story?", "reviewer"),
        (
            "which model in the architecture analogy reads and understands text well but is "
            "weak at producing it?",
            "reviewer",
        ),
        (
            "in the quiz analogy, who writes engaging content but doesn't understand the topic?",
            "content creator",
        ),
        # Which one lacks the ability: the lack's words are the question's (the creator,
        # "very good at writing … content", had led).
        ("which model type is NOT good at generating content?", "reviewer"),
    ],
)
async def test_a_role_asked_by_what_it_can_and_cannot_do_is_answered_by_that_role(
    course_app: App, question: str, role: str
) -> None:
    """The creator and the reviewer say the same words on opposite sides of their "but";
    e5 reads no negation and had put the creator first for what describes the reviewer."""
    first, reply = await first_point(course_app, question)
    assert first.lower().startswith(f"the {role}"), reply.text


def test_the_sides_of_a_question_and_of_a_unit() -> None:
    """Words on the side of an ability and of a lack, read from where the text turns; a
    question that only denies, or denies nothing, is not read for sides."""
    words = str.split
    asked = asked_sides("who gets context but cannot produce content", words)
    assert asked == ({"who", "gets", "context"}, {"cannot", "produce", "content"})
    assert asked_sides("what is the decoder-only model bad at?", words) == (set(), set())
    assert asked_sides("what can the reviewer do", words) == (set(), set())
    # A wish to avoid something is no lack: the catalog's "Not all models…" note had led for
    # "we'd rather not manage any servers when deploying from the catalog; what option…".
    for wish in (
        "we'd rather not manage any servers when deploying; what option is there?",
        "I prefer not to run servers but want a deployed model",
    ):
        assert asked_sides(wish, words) == (set(), set()), wish
    # Asked which one lacks an ability, the lack is the question's; asked what a named one
    # lacks, there are no sides (above).
    assert asked_sides("which model cannot generate content", words) == (
        set(),
        {"which", "model", "cannot", "generate", "content"},
    )
    reviewer = unit_sides(
        "good at understanding context, but not good at generating content", words
    )
    creator = unit_sides("good at writing content, but not good at understanding context", words)
    assert side_match(asked, reviewer) == 2.0  # context on the good side, content on the bad
    assert side_match(asked, creator) == -2.0
    assert side_match(asked, unit_sides("context and content are words", words)) == 0.0
    ko = asked_sides("내용을 이해만 하고 글은 잘 못 쓰는 사람", words)
    assert "이해만" in ko[0] and "못" in ko[1]
    assert unit_sides("문맥을 이해하지만 콘텐츠를 생성하는 데는 능숙하지 않습니다", words) == (
        {"문맥을", "이해"},
        {"콘텐츠를", "생성하는", "데는", "능숙하지", "않습니다"},
    )


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "we'd like LLaMA in our basement server room - what costs and work does the "
            "chapter warn us about?",
            "buy equipment",
        ),
        ("what's the follow-up lesson going to be about?", "Lesson 3"),
        (
            "실시간 상담봇처럼 빨라야 하는 경우엔 예시 많이 넣은 프롬프트가 왜 문제야?",
            "매우 긴 프롬프트를 사용할 수 없",
        ),
    ],
)
async def test_what_a_student_calls_a_cost_the_next_lesson_or_speed_is_the_lessons(
    course_app: App, question: str, says: str
) -> None:
    """Buying equipment and a licence is a cost (the question asked for costs and got GPT-4's
    price); a "follow-up lesson" is the next one (it got what this lesson covers); "빨라야"
    is latency (it got zero-shot prompting)."""
    first, reply = await first_point(course_app, question)
    assert says in first, reply.text


@pytest.mark.parametrize(
    "question", ["recommend a model for generating images", "이미지 생성에 쓸 만한 모델 추천해줘"]
)
async def test_asked_to_recommend_a_model_the_answer_names_one(
    course_app: App, question: str
) -> None:
    """A recommendation names a model: both had got what image generation models are, and
    no model at all."""
    first, reply = await first_point(course_app, question)
    assert "DALL-E" in first, reply.text


async def test_the_word_that_asks_what_to_do_first_is_not_searched_for(course_app: App) -> None:
    """ "first" asks for the first step, which the kind weighs; as a word it had found "To
    build the first version of ChatGPT…"."""
    first, reply = await first_point(
        course_app, "what should our startup do first to improve the chatbot answers?"
    )
    assert "kick-off" in first, reply.text


def test_a_date_next_month_is_not_the_next_lesson() -> None:
    """ "a deadline next month" had read as asking for the next lesson."""
    assert "next" not in question_kinds("our startup has a deadline next month; what now?")
    assert "next" in question_kinds("what comes next after this lesson?")


async def test_a_model_making_things_up_is_the_lessons_rag_not_an_everyday_how_to(
    course_app: App,
) -> None:
    """e5 put "how do I stop my chatbot hallucinating?" among sleep tips and loud fans: the
    decision refused it (p 0.42), though the lesson's RAG "reduce[s] risks of fabrications".
    Asked how to have fewer hallucinations, with no person named, a student in this course
    asks it of a model. A child's fever, a grandmother's nights, a drug and a hallucination
    rate (a figure the lesson never gives) stay refused."""
    for question, says in (
        ("how do I stop my chatbot hallucinating?", "reduce risks of fabrications"),
        ("챗봇 환각을 줄이려면?", "RAG"),
        ("how do I reduce hallucinations?", "reduce risks of fabrications"),
        ("환각을 줄이는 방법은?", "RAG"),
    ):
        reply = await course_app.service.ask(Turn(text=question))
        assert says in reply.text, reply.text
    for question in (
        "my kid hallucinates when he has a fever, what should I do?",
        "what's the hallucination rate of GPT-4?",
        "my grandmother has hallucinations at night, how do I reduce them?",
        "환각 증상을 줄이는 약이 있어?",
        "마지막 장면의 환각 연출이 무서웠어",
        "how do I stop hallucinating when I sleep?",
    ):
        lang = "ko" if any("가" <= ch <= "힣" for ch in question) else "en"
        assert not course_app.search.search(question, None, "hybrid", lang).in_scope, question


async def test_a_file_format_is_not_a_name_the_lesson_leaves_out(course_app: App) -> None:
    """ "CSV" had counted as a name the lesson never writes (as "GPT-5" does), and the
    question was refused as off topic."""
    question = "two columns in my tuning CSV - what are they supposed to be?"
    reply = await course_app.service.ask(Turn(text=question))
    assert "prompt" in reply.text and "completion" in reply.text, reply.text
    # A CSV question about something else is still off topic.
    assert not course_app.search.search(
        "how do I read a CSV file in pandas?", None, "hybrid", "en"
    ).in_scope
    # Nor is a plural of one: this was refused for its "PDFs".
    question = (
        "my team has one weekend and a folder of PDFs, not enough to retrain anything; "
        "which of the approaches suits us?"
    )
    reply = await course_app.service.ask(Turn(text=question))
    assert "RAG" in reply.text.split("\n- ")[0], reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("the CFO asks which GPT model costs the most", "GPT-4 being the most expensive"),
        ("CFO가 GPT 중 제일 비싼 게 뭐냐고 물어", "GPT-4가 가장 비쌉니다"),
        ("UX 리드가 스크린샷을 이해하는 모델을 원해", "gpt-4o"),
        (
            "our Korean-English customer calls need transcribing; any model named for that?",
            "Whisper",
        ),
        (
            "our policies live in SharePoint; how can the chatbot answer from them without "
            "retraining?",
            "RAG",
        ),
        ("YouTube 강의 녹음을 글로 바꾸려면 어떤 모델?", "Whisper"),
        ("PostgreSQL에 있는 데이터를 프롬프트에 넣는 방법은?", "RAG"),
    ],
)
async def test_a_title_or_a_compound_of_words_names_no_model_the_lesson_leaves_out(
    course_app: App, question: str, first_says: str
) -> None:
    """A title ("CFO", "UX 리드"), a business's capitals ("MVP", "KPI") or a compound of
    two words ("Korean-English") had counted as a name the lesson never writes, and each of
    these was refused as off topic (a probe of such questions: 12 of 40). So had a
    scenario's everyday product with a capital inside ("SharePoint", "YouTube")."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text


@pytest.mark.parametrize(
    "question",
    [
        # About an everyday product or a title itself.
        "how do I share a folder in SharePoint with an external guest?",
        "how can I add speaker notes in PowerPoint?",
        "PostgreSQL에서 인덱스 만드는 법",
        "CFO가 되려면 어떤 자격증이 필요해?",
        # What the lesson does not say of an edition of a name it writes.
        "how many layers does BERT-base have?",
        "what's the context length of gpt-3.5-turbo?",
        "gpt-3.5-turbo 토큰당 가격은?",
    ],
)
def test_a_product_a_title_or_an_editions_details_are_still_off_topic(
    course_app: App, question: str
) -> None:
    lang = "ko" if any("가" <= ch <= "힣" for ch in question) else "en"
    assert not course_app.search.search(question, None, "hybrid", lang).in_scope


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("이 강의 다음엔 뭘 배워?", "3강"),
        ("임베딩이 뭐야? 쉽게 설명해줘", "텍스트를 숫자 형태로 변환"),
        ("what is embedding? explain simply", "convert text into a numerical form"),
    ],
)
async def test_said_fast_or_with_a_request_after_it_a_question_keeps_its_kind(
    course_app: App, question: str, says: str
) -> None:
    """ "다음엔" is "다음에는" said fast (the learning goals had answered); a definition
    question followed by "쉽게 설명해줘" / "explain simply" is still a definition (the
    transfer-learning sentence had led)."""
    first, reply = await first_point(course_app, question)
    assert says in first, reply.text


def test_the_next_step_of_a_process_is_not_the_next_lesson() -> None:
    """ "찾은 다음에는" is "after finding"; "once …, what comes next?" asks the next step."""
    assert "next" not in question_kinds("후보 모델을 찾은 다음에는 뭘 해야 해?")
    assert "next" not in question_kinds("once we have candidate models, what's the next step?")
    assert "next" in question_kinds("다음에는 뭘 배워?")
    assert "next" in question_kinds("다음 강의에서는 무엇을 배우나요?")
    # Which model takes it "at the next stage" asks for a model, not a step.
    assert "step" not in question_kinds("숫자로 바꾼 텍스트를 다음 단계에서 어떤 모델이 받아 써?")
    assert unit_says("step", "the next step is testing them on their data and on their workload")
    assert unit_says("step", "다음 단계는 팀이 보유한 데이터와 작업량(workload)을 바탕으로")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "our startup has little data and a deadline next month; what does the lesson "
            "suggest over fine-tuning?",
            "RAG",
        ),
        (
            "LLaMA on our own racks - is the model all we need, or also hardware and a licence?",
            "equipment",
        ),
        (
            "on a shoestring, which technique should a beginner try first for better completions?",
            "most cost-effective",
        ),
        ("챗봇이 지난달 바뀐 사내 규정을 자꾸 틀리게 말해. 강의 기준으로 어떤 방법이 맞아?", "RAG"),
        ("후보 모델을 찾은 다음에는 뭘 해야 해?", "테스트하는 것"),
        ("once the team has a shortlist of candidate LLMs, what comes next?", "testing them"),
    ],
)
async def test_what_is_suggested_over_a_thing_is_another_and_own_racks_are_running_locally(
    course_app: App, question: str, says: str
) -> None:
    """The first had led with fine-tuning's "preferred approach if" list (the thing set
    aside, and "next month" read as the next lesson); the second with LLaMA's computational
    power, not the equipment to buy; "on a shoestring" (a budget) with the knowledge check;
    "강의 기준으로" (per the lesson) with the criteria of foundation models ("기준")."""
    first, reply = await first_point(course_app, question)
    assert says in first, reply.text


def test_the_most_central_part_is_not_a_superlative_among_options() -> None:
    """ "가장 중심이 되는 부품" asks what is core: read as "which is most", it had led with
    training from scratch, "가장 어렵고 복잡한 접근 방식"."""
    assert "most" not in question_kinds(
        "클라우드 상품 안에서 가장 중심이 되는 부품은 뭐라고 설명해?"
    )
    assert "most" not in question_kinds("what is the most central part of a service?")
    assert "most" in question_kinds("제일 싼 방법이 뭐야?")
    assert "most" in question_kinds("which text model is the most expensive?")


def test_a_deployment_unit_names_its_endpoints_not_a_web_source() -> None:
    assert unit_says(
        "deploy",
        "…to a remote real time inference - managed compute - or "
        "serverless api endpoint - pay-as-you-go",
    )
    assert unit_says("deploy", "원격 실시간 추론 또는 일괄 처리 엔드포인트에 배포하여")
    assert unit_says(
        "deploy",
        "Not all models in the catalog are currently available for "
        "fine-tuning and/or pay-as-you-go deployment.",
    )
    # RAG's data source is not where a model is deployed.
    assert not unit_says("deploy", "Your data might exist in a database or web endpoint")
    assert not unit_says("deploy", "데이터베이스나 웹 엔드포인트에 데이터가 있을 수 있는데")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("미세 조정한 모델은 어디에 배포할 수 있나요?", "실시간 추론"),
        ("튜닝 끝난 모델을 사내 웹서비스가 호출하게 하려면 배포 선택지가 뭐가 있어?", "일괄 처리"),
        (
            "I found a model in the catalog; is it guaranteed I can tune it and run it serverless?",
            "Not all models",
        ),
        (
            "I need text and pictures in and out of the same model - what did the lesson suggest?",
            "gpt-4o",
        ),
        ("매니저 과제 이야기 속 출제 담당자는 아키텍처로 치면 어느 쪽이야?", "디코더 전용"),
    ],
)
async def test_where_to_deploy_whether_it_is_certain_and_students_words_for_the_lessons(
    course_app: App, question: str, says: str
) -> None:
    """Each had led with something else: a deployment question with the definition of the
    thing deployed (fine-tuning) or with services; "is it guaranteed" with the catalog's
    list, not its "Not all models" note; "text and pictures in and out" with image
    generation; the analogy's "출제 담당자" with the encoder-decoder sentence."""
    first, reply = await first_point(course_app, question)
    assert says in first, reply.text


def test_asked_whether_it_costs_a_lot_what_is_cheap_is_the_other_side() -> None:
    assert unit_says("cost", "Fine-tuned model… but might be costly.", high_cost=True)
    assert unit_says("cost", "비용이 많이 들 수 있습니다", high_cost=True)
    cheap = "resulting in a more cost effective and fast solution"
    assert not unit_says("cost", cheap, high_cost=True)
    assert unit_says("cost", cheap, high_cost=False)
    assert not unit_says("cost", "보다 비용 효율적이고 빠른 솔루션", high_cost=True)


async def test_is_fine_tuning_expensive_is_answered_by_the_overviews_line(
    course_app: App,
) -> None:
    """The approaches' overview says fine-tuning "might be costly"; its own section never
    does, and search finds the section, not the overview: the line is a candidate with the
    section it is about (its own section cited). The "preferred if" list ("more cost
    effective") had answered."""
    first, reply = await first_point(course_app, "is fine-tuning expensive?")
    assert "might be costly" in first, reply.text
    assert "Improving LLM results" in reply.citations[0].heading, reply.citations


async def test_an_item_is_widened_only_into_its_own_sections_list(course_app: App) -> None:
    """A list's group names its position within its section: the Korean approaches overview
    and fine-tuning's "preferred if" list are both "list:3", and the overview's line about
    fine-tuning ("…비용이 많이 들 수 있습니다") had been widened into the other section's list."""
    first, reply = await first_point(course_app, "파인튜닝 비싸?")
    assert "비용이 많이 들 수 있습니다" in first, reply.text
    assert "선호되는 접근 방식" not in first, reply.text


async def test_a_point_the_students_version_also_says_is_not_quoted_from_the_other(
    course_app: App,
) -> None:
    """The English image bullet had followed the Korean one for "달리는 누가 제공해?", noted as
    said only in the English version: the Korean version has the same bullet (its English
    terms, "Image generation", "DALL-E", "Midjourney", "Azure OpenAI", are all in it)."""
    reply = await course_app.service.ask(Turn(text="달리는 누가 제공해?"))
    assert "Azure OpenAI에서 제공합니다" in reply.text, reply.text
    assert "영어판" not in reply.text and "two very known choices" not in reply.text, reply.text


def test_the_students_version_of_an_other_version_point_is_found_either_way() -> None:
    """One check for both directions: a Korean point that keeps the English terms of an
    English one translates it, whichever the student's language is."""
    from bot.rag.extract import _own_translation
    from bot.rag.search import Hit
    from bot.rag.store import StoredUnit

    def cand(lang: str, text: str, kind: str = "sentence") -> Candidate:
        unit = StoredUnit(text[:8], "x.md", "h", lang, 0, kind, text, "", (), ())
        hit = Hit("c", "x.md", "h", lang, "02", text, 1.0, 1.0)
        return Candidate(unit, hit, 1.0, frozenset())

    english = cand("en", "Image generation. DALL-E and Midjourney are two very known choices.")
    korean = cand("ko", "이미지 생성(Image generation). DALL-E와 Midjourney가 좋은 선택지입니다.")
    other = cand("ko", "BERT는 인코더 전용 모델(Encoder-only models)입니다.")
    # A Korean question: the English point has its Korean translation.
    assert _own_translation(english, [english, other, korean], "ko") is korean
    # An English question: the Korean point has its English original.
    assert _own_translation(korean, [korean, english], "en") is english
    assert _own_translation(english, [other], "ko") is None
    # A pointer ("read more here") stands for nothing.
    pointer = cand("ko", korean.unit.text, kind="pointer")
    assert _own_translation(english, [pointer], "ko") is None


def test_in_the_twin_section_one_shared_english_word_makes_a_translation() -> None:
    """ "대규모 언어 모델(LLM)은 아키텍처, 학습 데이터 및 사용 사례에 따라…" keeps one English
    word of "LLMs can have multiple categorizations…", and had followed it, in Korean, in an
    English answer. In the same section of the other version one shared word is enough; in
    another section it is not (a fact only the other version has stays)."""
    from bot.rag.extract import _translates
    from bot.rag.search import Hit
    from bot.rag.store import StoredUnit

    def cand(lang: str, text: str, section: int) -> Candidate:
        unit = StoredUnit(text[:8], f"{lang}/x.md", "h", lang, 0, "sentence", text, "", (), ())
        hit = Hit("c", f"{lang}/x.md", "h", lang, "02", text, 1.0, 1.0, section=section)
        return Candidate(unit, hit, 1.0, frozenset())

    english = cand("en", "LLMs can have multiple categorizations based on their architecture.", 3)
    korean = cand(
        "ko", "대규모 언어 모델(LLM)은 아키텍처에 따라 여러 가지로 분류할 수 있습니다.", 3
    )
    elsewhere = cand("ko", "LLM은 학습에 사용된 데이터에만 기반하여 답변을 생성합니다.", 9)

    def same_place(a: Hit, b: Hit) -> bool:
        return a.lang != b.lang and a.section == b.section

    assert _translates(korean, [english], same_place)
    assert not _translates(elsewhere, [english], same_place)
    # Versions whose sections do not line up have no twins: one word is then not enough.
    assert not _translates(korean, [english], lambda _a, _b: False)
    # No English word at all: nothing says it is a translation.
    assert not _translates(cand("ko", "새 모델을 가져올 수도 있습니다.", 3), [english], same_place)


def test_the_same_section_of_the_lessons_two_versions_is_its_twin(course_app: App) -> None:
    """Search's one rule for "the same section in the other version", which the answer's
    translation check and the other version's sections both use: the same place, when the
    two versions' sections line up (this course's do)."""
    engine = course_app.search
    english = engine.search("what is RAG?", None, "hybrid", "en").hits[0]
    korean = engine.search("RAG란?", None, "hybrid", "ko").hits[0]
    assert english.heading.endswith("(RAG)") and english.lang == "en"
    assert korean.lang == "ko" and korean.section == english.section
    assert engine.lined_up(english.lesson)
    assert engine.twins(english, korean) and engine.twins(korean, english)
    assert not engine.twins(english, english)
    other = engine.search("what is a foundation model?", None, "hybrid", "ko").hits[0]
    assert other.section != english.section and not engine.twins(english, other)


async def test_the_overviews_english_label_meets_a_korean_questions_course_words(
    course_app: App,
) -> None:
    """The Korean overview names fine-tuning "Fine-tuned model", in English: its line
    ("…하지만 비용이 많이 들 수 있습니다") met none of "파인튜닝 단점이 뭐야?" (파인튜닝 → 미세
    조정) but the drawback, and fine-tuning's definition led."""
    first, reply = await first_point(course_app, "파인튜닝 단점이 뭐야?")
    assert "비용이 많이 들 수 있습니다" in first, reply.text


def test_a_term_that_ends_with_what_is_asked_of_it_is_not_a_definition() -> None:
    """ "파인튜닝 단점이 뭐야?" asks for fine-tuning's drawbacks: read as the definition of
    "파인튜닝 단점", fine-tuning's own definition had answered it."""
    assert question_kinds("파인튜닝 단점이 뭐야?") == {"drawbacks"}
    assert question_kinds("RAG 장점이 뭐야?") == {"advantages"}
    assert "definition" in question_kinds("파인튜닝이 뭐야?")
    preferred = "This would be the preferred approach if:\n  - it's not possible"
    assert not unit_says("drawbacks", preferred)
    assert unit_says("drawbacks", "…but might be costly.")
    assert not unit_says("definition", "A service is a product")  # no pattern: never said


async def test_the_downsides_of_fine_tuning_are_not_when_it_is_preferred(
    course_app: App,
) -> None:
    """The "preferred if" list's "not possible to use very long prompts" is a case for
    fine-tuning; it had answered "what are the downsides of fine-tuning?"."""
    first, reply = await first_point(course_app, "what are the downsides of fine-tuning?")
    assert "might be costly" in first, reply.text


async def test_what_an_approach_takes_in_people_and_machines_is_its_cost(
    course_app: App,
) -> None:
    """ "what will that cost us in staff and hardware?" is answered by what training from
    scratch requires (it had led with the text bullet's "different costs"); asked what costs
    little, those requirements are the other side, and where to start still leads."""
    first, reply = await first_point(
        course_app,
        "our CTO wants us to pretrain our own LLM; what will that cost us in staff and hardware?",
    )
    assert "skilled resources" in first and "computational power" in first, reply.text
    first, reply = await first_point(
        course_app, "we have almost no money. which way of steering an LLM should we start with?"
    )
    assert "most cost-effective" in first, reply.text
    requires = "requiring massive amounts of data, skilled resources, and computational power"
    assert unit_says("cost", requires) and not unit_says("cost", requires, low_cost=True)
    assert unit_says("cost", "…적절한 컴퓨팅 파워가 필요합니다.")
    # (A training set is required too, but it is data, not a cost.)
    assert not unit_says("cost", "It requires a set of training examples")


async def test_to_ones_own_use_is_not_what_it_is_used_for(course_app: App) -> None:
    """ "우리 용도에 맞게 고쳐 써도 돼?" asks whether it may be changed ("수정 및 커스터마이징될
    수 있습니다"); read as asking its uses, the definition had answered alone."""
    assert "purpose" not in question_kinds("오픈 소스 모델은 우리 용도에 맞게 고쳐 써도 돼?")
    assert "purpose" in question_kinds("이 모델의 용도는 뭐야?")
    first, reply = await first_point(course_app, "오픈 소스 모델은 우리 용도에 맞게 고쳐 써도 돼?")
    assert "커스터마이징될 수 있습니다" in first, reply.text


def test_scores_on_datasets_and_dictation_ask_for_no_dataset_or_input() -> None:
    """Benchmarks score models "on public datasets" (the question is not what a model learns
    from), and "받아쓰는" is dictation, not taking something as input: read so, four benchmark
    questions and the Whisper question had lost their lead."""
    assert "dataset" not in question_kinds(
        "which pane lets me line up candidate models against public datasets?"
    )
    assert "input" not in question_kinds(
        "여러 나라 말로 된 강의를 받아쓰는 앱을 만들려면 어떤 모델이 좋아?"
    )
    assert "input" not in question_kinds("모델 평가 결과를 받아 보려면 어디를 봐?")


async def test_gui_in_a_korean_question_is_the_korean_versions_graphical_interface(
    course_app: App,
) -> None:
    """Only the English version writes "GUI": a Korean question's "GUI" had brought in, and
    led with, Azure AI Studio's "…with an handy GUI" in English."""
    assert "그래픽 사용자 인터페이스" in Glossary({}).expansions("GUI가 있어서 편한 건?")
    first, reply = await first_point(course_app, "GUI가 있어서 편한 건 서비스 쪽이야 모델 쪽이야?")
    assert "그래픽 사용자 인터페이스를 통해 모델보다 사용하기 쉬운" in first, reply.text


async def test_a_further_point_about_another_kind_of_model_stays_out(course_app: App) -> None:
    """Asked what image generators do, the image models' uses lead and text generation's
    (the same words, of another kind) no longer follow as padding."""
    first, reply = await first_point(
        course_app, "image generators are typically put to work on which jobs?"
    )
    assert "image editing" in first, reply.text
    assert "Text and code generation" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "first_says"),
    [
        ("is gpt-3.5-turbo a text generation model?", "Text generation"),
        ("what is BERT-base good at?", "BERT"),
        ("gpt-3.5-turbo는 텍스트 생성 모델이야?", "텍스트 생성"),
    ],
)
async def test_a_size_or_an_edition_of_a_course_name_is_that_name(
    course_app: App, question: str, first_says: str
) -> None:
    """What the lesson says of GPT-3.5 or BERT holds for "gpt-3.5-turbo" or "BERT-base":
    both had been refused (p 0.001) as naming a model the lesson never writes, and the reply
    notes no such name."""
    first, reply = await first_point(course_app, question)
    assert first_says in first, reply.text
    assert not course_app.search.search(question).unmentioned
    # Nor does the reply say the lesson says nothing of it: it says it of GPT-3.5.
    assert not any(key == "not_said_of" for key, _ in missing_from(question, reply.text))
    # Another number is another model, not an edition.
    assert course_app.search.search("is GPT-5-turbo good?").unmentioned == ("GPT-5-turbo",)


# From the twenty-eighth round's folded batch (ai-*) ----------------------------------


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "a librarian needs a tool that condenses long reports; which output category?",
            "text summarization",
        ),
        ("신문사 기자: 모델이 지난주 선거 결과를 모르는 이유는?", "학습 과정 이후"),
        (
            "why can't the bot name yesterday's match winner? it doesn't know",
            "after their training",
        ),
        ("I can't tell which of the lesson's models is the latest release", ""),
        ("what does the lesson say about the cost of fine-tuning?", "costly"),
        ("파인튜닝 비용 많이 들어?", "비용이 많이"),
        # (What is cost-effective is another question: the fine-tuned models' list answers.)
        ("is fine-tuning cost effective?", ""),
        ("미세 조정은 비용 효율적이야?", ""),
    ],
)
def test_a_task_in_a_students_words_names_the_lessons_words(question: str, names: str) -> None:
    """Condensing a report is summarization; a model that does not know last week's news
    knows nothing "after their training"; what fine-tuning costs is its "might be costly".
    (Not knowing which model is the newest is not a model's lack of news.)"""
    words = task_words(question)
    if names:
        assert names in words, words
    else:
        assert "after their training" not in words and "costly" not in words, words


def test_what_embeddings_are_fed_into_and_what_a_model_is_made_of_are_the_lessons_words() -> None:
    """ "fed into" is the lesson's "consumed as inputs"; "이뤄졌어" (이루어졌어 said short) asks
    what a model consists of, the lesson's "신경망"."""
    glossary = Glossary({})
    assert "consumed as inputs" in glossary.expansions("what are embeddings fed into?")
    assert "입력으로 사용" in glossary.expansions("what are embeddings fed into?")
    assert "신경망" in glossary.expansions("모델 자체는 결국 무엇으로 이뤄졌어?")


@pytest.mark.parametrize(
    ("question", "asks_next"),
    [
        ("once we finish this lesson, what is lesson 3 about?", True),
        ("what does the third lesson cover?", True),
        ("3강은 무슨 내용이야?", True),
        ("세 번째 강의에서는 뭘 배워?", True),
        ("what is lesson 2 about?", False),
        ("we have 3 강사 in our team; which model suits us?", False),
        ("13강까지 있어?", False),
    ],
)
def test_a_later_lesson_by_its_number_asks_what_comes_next(question: str, asks_next: bool) -> None:
    """Asked of lesson 2 (its file is "02-…"), a later lesson by number is what comes next
    (lesson 2's outline had answered "what is lesson 3 about?"); lesson 2 itself is not, nor
    are three instructors ("3 강사"). Without the lesson's number, no number is "next"."""
    assert ("next" in question_kinds(question, lesson=2)) is asks_next
    assert "next" not in question_kinds(question)


def test_lessons_named_by_number_in_both_languages() -> None:
    assert lesson_numbers("what does lesson three cover?") == {3}
    assert lesson_numbers("the 4th lesson and lesson 5") == {4, 5}
    assert lesson_numbers("3강은 무슨 내용이야?") == {3}
    assert lesson_numbers("두 번째 강의") == {2}
    assert lesson_numbers("we have 3 강사") == frozenset()
    # Searched as the course writes them ("Lesson 3", "3강"), not by a glossary entry per number.
    assert lessons_in_digits("what does lesson three cover?") == "what does lesson 3 cover?"
    assert lessons_in_digits("세 번째 강의에서는 뭘 배워?") == "3강에서는 뭘 배워?"
    assert lessons_in_digits("lesson 3 and 3강") == "lesson 3 and 3강"


async def test_the_next_lesson_by_its_number_is_answered_with_the_lessons_pointer(
    course_app: App,
) -> None:
    first, reply = await first_point(course_app, "what does lesson three cover?")
    assert "Lesson 3" in first and "Responsibly" in first, reply.text
    first, reply = await first_point(course_app, "3강은 무슨 내용이야?")
    assert "3강에서" in first, reply.text


def test_an_item_whose_pointer_names_a_chapter_is_also_a_pointer_unit_whole() -> None:
    """ "Read more about DALL-E here and also in Chapter 9 of this curriculum": the cut item
    drops it (its link is gone), and the whole item is a pointer unit beside it."""
    for lang, chapter in (("en", "Chapter 9"), ("ko", "9장")):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        units = [u for s in doc.sections for u in section_units(s, doc.source, doc.lang)]
        dall_e = [u for u in units if "Midjourney" in u.text and u.kind in ("item", "pointer")]
        assert sorted(u.kind for u in dall_e) == ["item", "pointer"], dall_e
        (item,) = [u for u in dall_e if u.kind == "item"]
        (pointer,) = [u for u in dall_e if u.kind == "pointer"]
        assert chapter not in item.text and chapter in pointer.text
        assert pointer.position == item.position
        # (A pointer without a chapter, "Learn more about Whisper type models here.", is
        # dropped as before.)
        assert not any(u.kind == "pointer" and "Whisper" in u.text for u in units)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which chapter of the curriculum covers DALL-E further?", "elsewhere"),
        ("where can I read more about DALL-E?", "elsewhere"),
        ("DALL-E는 커리큘럼 몇 장에서 더 나와?", "elsewhere"),
        ("RAG는 어디에서 더 자세히 배워?", "elsewhere"),
    ],
)
def test_where_else_a_subject_is_taught_is_a_kind_of_its_own(question: str, kind: str) -> None:
    assert kind in question_kinds(question)
    assert "elsewhere" not in question_kinds(
        "my friend circled option 2 on the end-of-chapter check"
    )


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("a marketing intern asks which chapter covers DALL-E further", "Chapter 9"),
        ("DALL-E는 커리큘럼 몇 장에서 더 나와?", "9장"),
    ],
)
async def test_which_chapter_teaches_a_subject_further_is_answered_with_the_chapter(
    course_app: App, question: str, says: str
) -> None:
    """The pointer naming the chapter answers; the cut item had answered without it."""
    first, reply = await first_point(course_app, question)
    assert says in first, reply.text
    # Other DALL-E questions still get the cut item, without the pointer's "here".
    first, reply = await first_point(course_app, "who offers DALL-E?")
    assert "Azure OpenAI" in first and "Chapter 9" not in reply.text, reply.text


async def test_two_of_the_lessons_names_in_words_one_section_writes_are_in_scope(
    course_app: App,
) -> None:
    """ "is Midjourney offered by Azure OpenAI?" was refused (p 0.42): its nearest off-topic
    examples ask how to use Midjourney. Every word of it is in the section that names both,
    and the answer says which of the two Azure OpenAI offers. A name beside a word the
    section does not write is left to the decision."""
    first, reply = await first_point(course_app, "is Midjourney offered by Azure OpenAI?")
    assert "DALL-E is offered by Azure OpenAI" in first, reply.text
    assert course_app.search.search("does Azure OpenAI offer Midjourney?").in_scope
    assert_decided(
        course_app,
        refused=(
            "how do I cancel my Midjourney subscription on Discord?",
            "what GPU does Stable Diffusion XL need on a Windows laptop?",
        ),
    )


@pytest.mark.parametrize(
    ("question", "summarizer"),
    [
        ("서비스와 모델의 차이를 한 문장으로 요약해 줘", False),
        ("Summarize the difference between a service and a model", False),
        ("please summarize how the models differ", False),
        ("which model summarizes text?", True),
        ("요약해 주는 모델은?", True),
        ("뉴스 요약 봇을 만들려면 어떤 모델 부류를 봐야 해?", True),
    ],
)
def test_asked_to_summarize_the_student_wants_a_summary_not_a_summarizer(
    question: str, summarizer: bool
) -> None:
    """ "…요약해 줘" asks the bot for a summary: it had named the text generation models' uses
    as the task, and "요약해" had read as a weakness ("약해")."""
    assert ("text summarization" in task_words(question)) is summarizer
    if not summarizer:
        assert "drawbacks" not in question_kinds(question)
    assert "drawbacks" in question_kinds("BERT는 뭐에 약해?")
    assert "drawbacks" not in question_kinds("비용을 절약해야 하는데 뭐부터?")


async def test_a_summary_asked_in_korean_answers_from_the_section_it_names(
    course_app: App,
) -> None:
    first, reply = await first_point(course_app, "서비스와 모델의 차이를 한 문장으로 요약해 줘")
    assert "서비스" in first and "텍스트 요약" not in reply.text, reply.text


async def test_a_true_or_false_quiz_named_ox_names_no_model(course_app: App) -> None:
    """ "OX 퀴즈" is a classroom's true-or-false quiz: it had been refused as naming a model the
    lesson never writes."""
    question = "OX 퀴즈: 독점 모델은 검사하고 수정할 수 있다."
    result = course_app.search.search(question)
    assert result.in_scope and not result.unmentioned
    first, reply = await first_point(course_app, question)
    assert "검사, 수정 또는 커스터마이징될 수 없습니다" in first, reply.text


def test_sorting_messages_into_groups_is_the_embeddings_task() -> None:
    """ "…lots of customer emails every day and I'd like something to sort them into groups"
    had got the overview of model types."""
    words = task_words("we get lots of emails and I'd like something to sort them into groups")
    assert "clustering" in words, words
    assert "clustering" not in task_words("which groups of models does the lesson describe?")


async def test_production_in_a_korean_question_is_answered_from_the_korean_version(
    course_app: App,
) -> None:
    """ "open source model을 production에 바로 써도 돼?" had been answered in English."""
    assert "프로덕션" in Glossary({}).expansions("open source model을 production에 써도 돼?")
    first, reply = await first_point(course_app, "open source model을 production에 바로 써도 돼?")
    assert "프로덕션 사용에 최적화되어 있는 것은 아니며" in first, reply.text


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("what makes GPT-4o different from GPT-3.5 in the lesson?", ("GPT-4o", "GPT-3.5")),
        ("how does RAG compare to fine-tuning?", ("RAG", "fine-tuning")),
        ("what sets BERT apart from GPT-3?", ("BERT", "GPT-3")),
        ("difference between GPT-3.5 and GPT-4?", ("GPT-3.5", "GPT-4")),
        ("compare RAG and fine-tuning. thanks", ("RAG", "fine-tuning")),
    ],
)
def test_more_ways_to_ask_what_sets_two_things_apart(question: str, sides: tuple[str, str]) -> None:
    """A decimal point ends no side ("GPT-3.5" had been cut to "GPT-3")."""
    assert compared_sides(question) == sides
    assert "comparison" in question_kinds(question)


async def test_what_sets_two_models_apart_answers_both(course_app: App) -> None:
    reply = await course_app.service.ask(
        Turn(text="what makes GPT-4o different from GPT-3.5 in the lesson?")
    )
    assert "GPT-3.5" in reply.text and "gpt-4o" in reply.text, reply.text


async def test_little_data_in_korean_is_rags_not_enough_data(course_app: App) -> None:
    """ "트레이닝 데이터가 적으면 어떤 방법?" had got the studio's features: little data is
    RAG's "데이터, 시간 또는 리소스가 충분하지 않지만", and "트레이닝" is training."""
    expansions = Glossary({}).expansions("트레이닝 데이터가 적으면 어떤 방법?")
    assert "충분하지 않지만" in expansions and "학습" in expansions
    first, reply = await first_point(course_app, "트레이닝 데이터가 적으면 어떤 방법?")
    assert "RAG" in first, reply.text


async def test_pictures_and_words_together_in_korean_is_multi_modality(course_app: App) -> None:
    """ "이미지랑 글을 같이 이해하는 모델 있어?" had got the image generation models."""
    assert "gpt-4o" in task_words("이미지랑 글을 같이 이해하는 모델 있어?")
    assert "gpt-4o" in task_words("텍스트와 사진을 한 번에 다루는 모델은?")
    assert "gpt-4o" not in task_words("이미지 생성 모델은 뭐야?")
    first, reply = await first_point(course_app, "이미지랑 글을 같이 이해하는 모델 있어?")
    assert "gpt-4o" in first, reply.text


async def test_what_a_thing_is_designed_for_asks_what_it_is(course_app: App) -> None:
    """ "What is Azure Machine Learning designed for?" asks what it is: the term had been
    "Azure Machine Learning designed for", which nothing defines, and Azure AI Studio's
    definition had answered. Only the Korean version defines it, and the reply says so."""
    assert defined_term("what is Azure Machine Learning designed for?") == "Azure Machine Learning"
    assert defined_term("what is Azure AI Studio built for?") == "Azure AI Studio"
    first, reply = await first_point(course_app, "what is Azure Machine Learning designed for?")
    assert "데이터 과학자와 ML 엔지니어" in first, reply.text
    assert "Korean version" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "needs"),
    [
        ("서비스 대신 모델을 직접 쓰면 뭐가 필요해?", True),
        ("미세 조정에는 뭐가 필요해?", True),
        ("what would I need to run a model myself?", True),
        ("what does fine-tuning require?", True),
        ("what is fine-tuning?", False),
        ("모델이 필요 없는 경우도 있어?", False),
    ],
)
def test_what_something_takes_is_a_kind_of_its_own(question: str, needs: bool) -> None:
    assert ("needs" in question_kinds(question)) is needs


async def test_what_running_a_model_oneself_takes_is_the_equipment(course_app: App) -> None:
    """ "서비스 대신 모델을 직접 쓰면 뭐가 필요해?" had got "모델은 서비스의 핵심 구성 요소":
    what a model takes is what the lesson says one "would need" (장비를 구입…해야 하며)."""
    first, reply = await first_point(course_app, "서비스 대신 모델을 직접 쓰면 뭐가 필요해?")
    assert "장비를 구입" in first, reply.text


def test_the_courses_acronyms_typed_in_lower_case_are_read_in_capitals() -> None:
    """The course writes "BERT", "RAG", "LLM" only in capitals; e5 reads case, so "is bert
    decoder only??" had been another question's vector. Words the course also writes in
    lower case are left alone ("gpt-4o" is the lesson's own spelling)."""
    speller = Speller(["BERT is an encoder. RAG helps. An LLM; models like gpt-4o and GPT-4."])
    assert speller.correct("is bert decoder only??") == "is BERT decoder only??"
    assert speller.correct("what is rag and an llm") == "what is RAG and an LLM"
    assert speller.correct("gpt-4o or gpt4?") == "gpt-4o or gpt-4?"
    # (A word the course writes in lower case somewhere is not an acronym of it.)
    assert Speller(["BERT and bert"]).correct("bert") == "bert"


async def test_a_lower_case_acronym_gets_the_answer_its_capitals_get(course_app: App) -> None:
    first, reply = await first_point(course_app, "is bert decoder only??")
    assert "Encoder only" in first, reply.text


async def test_eli5_is_chat_not_a_name(course_app: App) -> None:
    """ "eli5 embeddings" had been refused as naming a model the lesson never writes."""
    result = course_app.search.search("eli5 embeddings")
    assert result.in_scope and not result.unmentioned


async def test_the_english_catalogs_collections_and_managed_compute_asked_in_korean(
    course_app: App,
) -> None:
    """Only the English version's catalog organizes its models into collections and names a
    "managed compute" endpoint: asked in Korean, the Korean catalog's filters and the open
    models' paragraph had answered."""
    assert "collections" in task_words("카탈로그 모델들은 어떻게 묶여 있어?")
    # (Grouping texts is the embeddings' task, and a book collection is BookCorpus.)
    assert "collections" not in task_words("비슷한 문의끼리 묶으려면 어떤 모델?")
    assert "collections" not in task_words("which book collection do text models learn from?")
    first, reply = await first_point(course_app, "카탈로그 모델들은 어떻게 묶여 있어?")
    assert "collections" in first, reply.text
    first, reply = await first_point(course_app, "관리형 컴퓨팅이 뭐야?")
    assert "managed compute" in first, reply.text


async def test_a_claim_about_the_way_to_start_gets_the_lessons_way_to_start(
    course_app: App,
) -> None:
    """ "fine-tuning is the cheapest way to start, yes?" had got fine-tuning's definition and
    its "more cost effective" smaller models: "the way to start" asks what to begin with,
    which the lesson says of prompt engineering."""
    assert "first" in question_kinds("fine-tuning is the cheapest way to start, yes?")
    assert "first" in question_kinds("파인튜닝이 시작하기에 제일 싼 방법이지?")
    first, reply = await first_point(course_app, "fine-tuning is the cheapest way to start, yes?")
    assert "most cost-effective approach to kick-off" in first, reply.text


async def test_who_or_what_year_of_a_name_in_words_the_course_never_writes_is_refused(
    course_app: App,
) -> None:
    """A paper's authors, a company's CEO, a university's founding year: the lesson names
    BERT, OpenAI and Stanford, and says nothing of these. They had been accepted ("BERT 논문
    저자가 누구야?" p 0.99) because their nearest examples are about those names. What the
    lesson does say of a name, or when to use it, is still answered."""
    assert_decided(
        course_app,
        refused=(
            "BERT 논문 저자가 누구야?",
            "OpenAI CEO 누구야?",
            "what year was Stanford University founded?",
        ),
        answered=(
            "who coined the term foundation model?",
            "who offers DALL-E?",
            "BERT는 언제 써?",
            "who makes open source models?",
        ),
    )


def test_the_trivia_veto_reads_the_names_as_the_tokenizer_cuts_them(course_app: App) -> None:
    """The names are compared as tokens: "Claude" is "claud" and "Azure" "azur" to the
    tokenizer, and compared as written they had counted as words of the course that are no
    names, so the veto never applied to questions about them. (The learned decision refuses
    these two already; the veto is for the ones it accepts, so its predicate is asked.)"""
    engine = course_app.search
    engine.search("what is RAG?")  # (loads the course's names and words)
    for question in ("who founded Claude", "Azure CEO 누구야"):
        assert engine._asks_trivia_of_a_name(engine.tokenizer.tokens(question)), question
    assert not engine._asks_trivia_of_a_name(engine.tokenizer.tokens("who offers DALL-E"))


async def test_a_task_asked_of_a_model_named_for_another_is_about_that_model(
    course_app: App,
) -> None:
    """ "embeddings generate pictures?" asks about embeddings, whose definition answers it; the
    image models' bullet had led, as the task "generate pictures" named them. A question that
    asks which model the task needs still gets it, whatever else it names."""
    assert task_words("embeddings generate pictures?") == ()
    assert task_words("임베딩은 그림을 만들어?") == ()
    assert task_words("does DALL-E transcribe podcasts?") == ()
    assert "dall-e" in task_words("can DALL-E draw posters?")
    assert "dall-e" in task_words("we use embeddings; which model should draw our posters?")
    assert "dall-e" in task_words("우리는 임베딩을 쓰고 있는데 포스터를 그려 줄 모델은 뭐야?")
    # A task's word that names no model ("costly") asks no other model the task.
    assert "dall-e" in task_words("is it costly to have an AI draw our posters?")
    assert "whisper" in task_words("can we transcribe podcasts cheaply or is it costly?")
    await assert_first_points_say(
        course_app,
        ("embeddings generate pictures?", "numerical"),
        ("임베딩은 그림을 만들어?", "숫자 형태"),
        ("does DALL-E transcribe podcasts?", "DALL-E"),
        ("우리는 임베딩을 쓰고 있는데 포스터를 그려 줄 모델은 뭐야?", "DALL-E"),
    )


def test_a_figure_asked_by_count_is_no_list() -> None:
    """ "몇 가지" asks how many kinds there are, the list; "몇 개" of parameters a figure."""
    assert "enumeration" not in question_kinds("파라미터가 몇 개야?")


async def test_chats_word_for_this_one_says_nothing_of_the_topic(course_app: App) -> None:
    """ "애", "얘", "걔" (chat's "this one" for a thing) are no words of a topic: "whisper는
    뭐 하는 애야" had been refused (p 0.17) where "…하는 거야" was answered."""
    assert course_app.search.tokenizer.tokens("whisper는 뭐 하는 애야") == ["whisper"]
    first, reply = await first_point(course_app, "whisper는 뭐 하는 애야")
    assert "음성 인식" in first, reply.text
    # A pointer alone still names nothing.
    assert not course_app.search.search("얘는 뭐야?").in_scope


async def test_besides_sets_aside_and_says_nothing_of_the_topic(course_app: App) -> None:
    """The verb "말다" ("용도 말고": besides the use) frames the question; the noun "말" of
    the lesson's "다시 말해서" (in other words) is its own. As one token they had met, and
    "모델 고를 때 용도 말고 또 뭘 따져야 해?" had got the foundation models' criteria."""
    tokens = course_app.search.tokenizer.tokens
    assert "말" not in tokens("모델 고를 때 용도 말고 또 뭘 따져야 해?")
    assert "말" in tokens("다시 말해서, 레이블이 지정되지 않은 데이터")
    first, reply = await first_point(course_app, "모델 고를 때 용도 말고 또 뭘 따져야 해?")
    assert "파운데이션" not in first and "모델을 선택" in first, reply.text


def test_the_analogys_scene_is_told_from_its_signposts() -> None:
    """The scene sets up the story and may answer what only it says; a signpost or a link
    never does."""
    assert is_scene("Imagine your manager gave you a task for writing a quiz for the students.")
    assert is_scene("You have two colleagues; one oversees creating the content.")
    assert not is_scene("To talk about the different types of architectures, let's use an analogy.")
    assert not is_scene("Read more about DALL-E here and also in Chapter 9 of this curriculum.")


async def test_asked_where_to_begin_search_adds_two_sections_it_had_not_found(
    course_app: App,
) -> None:
    """Search adds up to two sections that say what to start with. It had taken the two
    best and then dropped those already found: "my boss thinks fine-tuning is the first thing
    to try" had found the knowledge check ("…worth considering RAG first"), so only one was
    added and prompt engineering's "…the most cost-effective approach to kick-off with" was
    never considered."""
    question = "my boss thinks fine-tuning is the first thing to try. does the lesson agree?"
    result = course_app.search.search(question)
    found = {h.heading for h in (*result.hits, *result.named)}
    assert "Improving LLM results > Prompt Engineering with Context" in found
    assert "Knowledge check" in found


def test_a_video_to_transcribe_or_generate_is_not_the_lessons_video() -> None:
    """A video call is speech to transcribe, and a video model is a kind of model: neither
    asks where the lesson's video is."""
    assert "video" not in question_kinds("we record video calls; which model transcribes them?")
    assert "video" not in question_kinds("영상 통화 녹음을 받아 적는 모델은?")
    assert "video" not in question_kinds("동영상 생성 모델도 나와?")
    assert "video" in question_kinds("is there a video?")
    # (Read again in review: a recording to transcribe and a video model had asked it.)
    assert "video" not in question_kinds("is there a recording transcription model?")
    assert "video" not in question_kinds("is there a video model in the lesson?")


async def test_an_english_word_the_korean_lesson_says_in_korean_quotes_no_english(
    course_app: App,
) -> None:
    """ "embedding 모델은 뭘 output 해?" had been answered with the English "LLMs can also be
    categorized by the output they generate": "output" read as a word only the English version
    writes, though the Korean one says "출력"."""
    _first, reply = await first_point(course_app, "embedding 모델은 뭘 output 해?")
    assert "categorized by the output" not in reply.text
    assert "숫자 형태" in reply.text


def test_a_part_asked_of_the_analogy_is_not_the_analogy_asked() -> None:
    """ "in the analogy, who plays the decoder?" asks for the content creator, not the scene."""
    assert "analogy" not in question_kinds("in the analogy, who plays the decoder?")
    assert "analogy" not in question_kinds("비유에서 관리자는 무슨 역할이야?")
    assert "analogy" not in question_kinds(
        "in the quiz-writing story, who plays the part of the decoder?"
    )
    # (Read again in review: the analogy for one of them is that part too.)
    assert "analogy" not in question_kinds("what's the analogy for the decoder?")
    assert "analogy" not in question_kinds("디코더 모델의 비유는 뭐야?")


async def test_a_korean_word_kiwi_keeps_whole_is_looked_for_in_the_parts_the_lesson_has(
    course_app: App,
) -> None:
    """Quoted, "워크로드" is one token; in the lesson's "특정 워크로드에서" Kiwi cuts it in two
    ("워크", "로드"). '강의에서 "워크로드"는 무슨 뜻이야?' had found no section by its words
    (BM25 0) and was refused. Parts of one syllable do not count ("애저" is no "애" + "저")."""
    result = course_app.search.search('강의에서 "워크로드"는 무슨 뜻이야?')
    assert {"워크", "로드"} <= set(result.tokens)
    assert result.in_scope
    assert "애" not in course_app.search.search("애저 오픈AI는 청구를 어떻게 해?").tokens


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # What kind a named model is, by what the lesson sorts by: refused, then the
        # sentences on how the lesson sorts models led (on "분류", "기준").
        ("Whisper는 출력 기준으로 어떤 분류야?", "Whisper"),
        # Too much for one prompt is the lesson's prompt length limit (the few-shot
        # definition had led, on "예시" and "프롬프트").
        ("예시가 너무 많아서 프롬프트에 안 들어가면 어떻게 해?", "프롬프트 길이 제한"),
        ("we have too many examples to fit into the prompt; what then?", "prompt length limit"),
        # Writing prose, asked with the kind of model for it: text generation (the analogy's
        # content creator had led, on "writing").
        (
            "a newspaper wants a model to draft articles; which kind does the lesson point to?",
            "Text generation",
        ),
        # A picture put into words is the multi-modal task; a model that draws is DALL-E's.
        ("our shop wants product photos described in words. which model?", "gpt-4o"),
        ("which model draws pictures of cats?", "DALL-E"),
        # Wanting what only open-source models allow is asking about them, whatever vendor
        # the question also names (the proprietary paragraph, "not allowed to be inspected",
        # had led).
        (
            "a law firm can't let a vendor see client files, so they lean toward models they "
            "can inspect. which camp is that?",
            "Open-source models",
        ),
        (
            "법률 사무소가 고객 데이터 때문에 모델 내부를 검사할 수 있는 쪽을 원해. 어느 쪽이야?",
            "오픈 소스 모델",
        ),
        ("which models are we not able to inspect?", "Proprietary models"),
        (
            "we want to be able to customize the model for our domain; which approach?",
            "Fine-tuning is a process",
        ),
        # The analogy named by its scene is the analogy (the encoder-decoder had led).
        ("explain the quiz analogy in two sentences", "Imagine your manager"),
        ("what are the main takeaways of this lesson?", "This lesson will cover"),
        # "Better" asked of no way to improve results is not the knowledge check's question
        # (its answer line had led).
        ("is a bigger model always better according to the lesson?", "less capable models"),
        # Asked of a side it names, the ability is that side's question.
        ("could we customize a proprietary model for our clinic?", "Proprietary models"),
    ],
)
async def test_a_need_in_the_students_words_gets_the_lessons_answer_first(
    course_app: App, question: str, said: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert said in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # What a model gives out: what it turns its input into (what embeddings are used
        # for, transfer learning, had led; in Korean too, with the student's "output").
        ("what do embedding models output?", "numerical form"),
        ("embedding 모델은 뭘 output 해?", "숫자 형태"),
        ("이미지 생성 모델은 뭘 출력해?", "이미지를 생성하는 모델"),
        # A model the lesson names: the unit naming it (fine-tuning's "output" had led).
        ("what does Whisper output?", "Whisper"),
    ],
)
async def test_asked_what_a_model_outputs_the_sentence_saying_what_it_makes_leads(
    course_app: App, question: str, said: str
) -> None:
    reply = await course_app.service.ask(Turn(text=question))
    assert said in parse_points(reply.text)[0].text, reply.text


@pytest.mark.parametrize(
    "question", ['"모델 벤치마크" 기능은 뭐 하는 거야?', "'모델 벤치마크' 창에서는 뭘 해?"]
)
async def test_a_quoted_term_only_the_other_version_has_is_quoted_from_it(
    course_app: App, question: str
) -> None:
    """The Korean lesson has no Model Benchmarks pane: quoted, the term had been too small a
    share of the question to bring the English item, and the Korean studio's list answered.
    The item leads, with its lead, not the whole list."""
    reply = await course_app.service.ask(Turn(text=question))
    first = parse_points(reply.text)[0].text
    assert "Model Benchmarks pane" in first and "Find the Foundation Model" not in first, reply.text
    assert "영어판" in reply.text


async def test_a_task_asked_of_the_model_the_lesson_names_for_it_is_answered(
    course_app: App,
) -> None:
    """ "does Midjourney draw posters?" and "can gpt-4o look at pictures?" had been refused
    (p 0.01): the examples about those models are mostly their details, off topic. The task's
    bullet answers. A detail in words the course never writes stays refused, as does a model
    asked of another task's words."""
    assert task_of_its_model("can gpt-4o look at pictures?")
    assert task_of_its_model("gpt-4o는 사진을 볼 수 있어?")
    assert not task_of_its_model("does gpt-4o accept audio input through the Azure API yet?")
    assert not task_of_its_model("does gpt-4o support function calling?")
    assert_decided(
        course_app,
        refused=(
            "can Midjourney make images without a Discord account?",
            "can Stable Diffusion generate images on an iPhone?",
            "does Whisper transcribe audio faster than real time on a CPU?",
        ),
        answered=(
            "does Midjourney draw posters?",
            "can gpt-4o look at pictures?",
            "gpt-4o는 사진을 볼 수 있어?",
        ),
    )
    first, reply = await first_point(course_app, "does Midjourney draw posters?")
    assert "Midjourney" in first, reply.text
    first, reply = await first_point(course_app, "can gpt-4o look at pictures?")
    assert "visual understanding" in first, reply.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # Sorted by topic, text made numbers, or what is like a given one: embeddings
        # (multi-modality had led, then the improvement approaches).
        (
            "the ferry company wants to sort complaint emails by topic using numbers computed"
            " from the text. which model kind?",
            "Embeddings",
        ),
        (
            "a law school library wants to find court decisions similar to a given one. which"
            " model kind suits that?",
            "Embeddings",
        ),
        ("로스쿨 도서관이 어떤 판례랑 비슷한 판례를 찾고 싶대. 어떤 모델 종류가 맞아?", "임베딩"),
        # A price list is data to keep current, not a cost asked (the proprietary models'
        # payment had led).
        (
            "자전거 수리점 가격표가 매달 바뀌는데 챗봇이 그걸 알게 하려면 재학습보다 뭐가 나아?",
            "RAG",
        ),
        # Who understands and generates, in the analogy: the one who creates and reviews
        # (the reviewer had led).
        ("드론 회사인데 이해도 하고 생성도 하는 모델을 비유로 하면 누구야?", "인코더-디코더"),
        # Adapting a model to a task is fine-tuning (embeddings' transfer learning had led).
        (
            "our robotics club asks: what is a 'downstream task' adaptation called in the reading?",
            "Fine-tuning",
        ),
    ],
)
async def test_a_described_need_gets_the_unit_that_meets_it(
    course_app: App, question: str, said: str
) -> None:
    first, reply = await first_point(course_app, question)
    assert said in first, reply.text


def test_what_a_price_list_or_a_colleague_question_asks() -> None:
    assert "cost" not in question_kinds("our shop's price list changes monthly; what now?")
    assert "cost" not in question_kinds("가격표가 매달 바뀌어")
    assert "cost" in question_kinds("what's the price of GPT-4?")
    assert "cost" in question_kinds("가격이 얼마야?")
    assert "who" in question_kinds("which colleague would we hire to only check work?")
    assert unit_says("who", "Imagine that we can have someone as well who could create and review")
    assert unit_says("who", "퀴즈를 만들고 검토할 수 있는 사람이 있다고 상상해 보세요.")
    assert "reviewer" in Glossary({}).expansions("who only checks the work?")
    assert "fine-tuning" in Glossary({}).expansions("what is this adaptation called?")


async def test_asked_as_a_request_or_a_place_the_answer_is_the_lessons(course_app: App) -> None:
    """ "BookCorpus 얘기해 줘" was refused (p 0.33) as no question; "where do I find Llama2 in
    Azure?" had got DALL-E's "Read more" pointer, read as asking where to read more; "개선
    방법 세 가지 이름만" had got the studio's list, for its "성능을 개선하기 위해"."""
    assert defined_term("BookCorpus 얘기해 줘") == "BookCorpus"
    assert defined_term("BookCorpus에 대해 알려줘") == "BookCorpus"
    assert defined_term("학습 목표 알려줘") == ""
    assert "elsewhere" not in question_kinds("where do I find Llama2 in Azure?")
    assert "elsewhere" in question_kinds("where can I read more about DALL-E?")
    assert "elsewhere" in question_kinds("where can I find more on RAG?")
    first, reply = await first_point(course_app, "BookCorpus 얘기해 줘")
    assert "BookCorpus" in first, reply.text
    first, reply = await first_point(course_app, "where do I find Llama2 in Azure?")
    assert "Model Catalog" in first, reply.text
    first, reply = await first_point(course_app, "개선 방법 세 가지 이름만")
    assert "접근 방식" in first and "Azure Machine Learning" not in first, reply.text


def test_a_summary_asked_for_is_no_side_of_a_comparison() -> None:
    from bot.rag.search import as_searched

    speller = Speller([])
    assert as_searched("tl;dr of open source vs proprietary?", speller) == (
        "open source vs proprietary?"
    )
    assert compared_sides(as_searched("오픈 소스 vs 독점 세 줄 요약", speller)) == (
        "오픈 소스",
        "독점",
    )
    assert compared_sides("RAG랑 미세 조정 차이 요약해 줘") == ("RAG", "미세 조정")


async def test_one_weighed_against_the_other_is_a_comparison(course_app: App) -> None:
    """ "is fine-tuning cheaper than prompt engineering?" had got fine-tuning's "more cost
    effective" smaller models, and prompt engineering's cost was never said."""
    assert compared_sides("is fine-tuning cheaper than prompt engineering?") == (
        "fine-tuning",
        "prompt engineering",
    )
    assert compared_sides("미세 조정이 프롬프트 엔지니어링보다 싸?") == (
        "미세 조정",
        "프롬프트 엔지니어링",
    )
    # ("open" is half the open-source models' name.)
    assert compared_sides("are open models worse than proprietary ones?") == (
        "open source",
        "proprietary",
    )
    # A pronoun leans on what was asked before, a clause is no side: no sides named.
    assert compared_sides("is it better than nothing?") is None
    assert compared_sides("is RAG cheaper than people think?") is None
    reply = await course_app.service.ask(
        Turn(text="is fine-tuning cheaper than prompt engineering?")
    )
    assert "most cost-effective approach to kick-off" in reply.text, reply.text


def test_a_task_in_more_of_the_students_words() -> None:
    """Calls from a call center are speech; letters grouped by similar content are
    embeddings; cover art, and a picture made with a word between, are image generation
    (text generation, multi-modality and BookCorpus's sentence had led)."""
    assert "whisper" in task_words("a courier firm wants its call center calls turned into text")
    assert "clustering" in task_words(
        "an orphanage board wants donor letters grouped by similar content"
    )
    assert "midjourney" in task_words(
        "a web novel platform wants cover art generated automatically"
    )
    assert "midjourney" in task_words("웹소설 플랫폼이 표지 그림을 자동으로 만들고 싶대")
    # (Not a call asked of the bot, nor a cover to read.)
    assert "whisper" not in task_words("can I call the API from Python?")
    assert task_words("책 표지에 적힌 요약을 번역해 줘") == ()


async def test_what_a_bot_should_know_without_being_trained_again_is_answered(
    course_app: App,
) -> None:
    """ "식물 정보가 계절마다 바뀌는데 재학습 없이 반영하는 방법은?" was refused (p 0.38), its
    scenario's words being ones the course never writes: without retraining, a model learns
    from what the prompt brings, the lesson's RAG. Not without training in general."""
    assert asks_without_retraining("we want the chatbot to know our catalog without retraining it")
    assert not asks_without_retraining("can my dog learn tricks without training?")
    question = (
        "수목원 해설사가 관람객 질문 봇을 만든대. 식물 정보가 계절마다 바뀌는데 재학습 없이"
        " 반영하는 방법은?"
    )
    first, reply = await first_point(course_app, question)
    assert reply.in_scope and "RAG" in first, reply.text


async def test_the_lesson_itself_asked_of_is_what_it_covers(course_app: App) -> None:
    """ "이 강의에 대해 알려줘" was refused (p 0.995): its "알려" was read as a stranger the
    lesson was asked about. Then "이 강의는 뭐야?" and it led with the sentence for after the
    lesson ("이 강좌를 완료한 후에는 … 학습 컬렉션을 확인하여…"). What the lesson covers, or
    what one can do after it, answers; asking it about a stranger is still refused."""
    for question in ("이 강의에 대해 알려줘", "이 강의는 뭐야?"):
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and ("다룹니다" in first or "수행할 수 있습니다" in first), reply.text
    assert_decided(
        course_app, refused=("강의에서 뜨개질도 알려줘?", "이 강의에서 주식 투자 알려줘")
    )


async def test_the_fold_of_the_thirty_second_batch_in_the_students_words(
    course_app: App,
) -> None:
    """What the `an-*` batch showed once folded: reviews grouped because they say similar
    things are embeddings (multi-modality had led); a tattoo's design drawing (도안) is a
    picture (Azure's studio had led); "강의 기준으로 뭐부터…" is by the lesson's account, not
    a list of criteria (the foundation models' criteria had led a pharmacy's question); our
    material made known to a bot, or fetched when it is asked, is RAG (fine-tuning had led
    the Notion question once a dealership's question about latency joined the examples)."""
    assert "clustering" in task_words(
        "a fitness app wants to group workout reviews that say similar things"
    )
    assert "midjourney" in task_words("타투 스튜디오에서 손님 설명만 듣고 도안 초안을 뽑아 주는 AI")
    # (Not people who say the same thing.)
    assert task_words("group the students who say the same thing") == ()
    # Calls recorded are speech ("…records radio calls. which model turns them into text?"
    # had got text generation).
    assert "whisper" in task_words("a ferry company's dispatcher records radio calls")
    assert "enumeration" not in question_kinds("강의 기준으로 뭐부터 해 보는 게 좋아?")
    assert "enumeration" in question_kinds("파운데이션 모델의 기준은?")
    first, reply = await first_point(
        course_app,
        "약국 체인 본사에서 복약 안내 챗봇을 만든대. 약 정보가 자주 바뀌고 데이터 라벨링할"
        " 여력은 없어. 강의 기준으로 뭐부터 해 보는 게 좋아?",
    )
    assert reply.in_scope and "RAG" in first, reply.text
    # Our material made known to a bot, or fetched when asked, is RAG's task.
    for question in (
        "우리 팀 노션 내용을 챗봇이 알게 하려면 어떤 방법이 맞아?",
        "우리 동물병원 접수 봇이 오늘 예약 목록을 질문 받을 때 끌어와서 답하게 하려면 뭐라고 불러?",
    ):
        assert "rag" in task_words(question), question
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and "RAG" in first, reply.text
    # (Not a bot to be taught what a model must learn.)
    assert "rag" not in task_words("모델이 알게 하려면 학습 데이터가 얼마나 필요해?")


async def test_a_scene_that_denies_then_asks_which_one_can(course_app: App) -> None:
    """ "the bank's compliance team refuses any model whose internals they can't inspect.
    which kind can they inspect?" had got the proprietary models' "not allowed to be
    inspected" (e5 reads no negation, and the whole message was one denied clause): the
    scene says why, the ask which one can. Korean too, its "들여다볼" read as the lesson's
    "검사". A question that asks which one without a scene, or a yes/no after it, is not."""
    words = str.split
    good, bad = asked_sides(
        "the bank refuses models they can't inspect. which kind can they inspect?", words
    )
    assert good == {"which", "kind", "can", "they", "inspect?"} and bad == set()
    proprietary = unit_sides("optimized for production, but not allowed to be inspect?", words)
    assert side_match((good, bad), proprietary) < 0
    # (An ask that denies, or asks no "which", or a scene that denies nothing: no sides.)
    assert asked_sides("they can't inspect it. can they inspect it?", words) == (set(), set())
    assert asked_sides("we like open models. which kind can we inspect?", words) == (set(), set())
    for question, first_words in (
        (
            "the bank's compliance team refuses any model whose internals they can't inspect."
            " which kind can they inspect?",
            "Open-source models",
        ),
        (
            "은행 준법팀이 내부를 볼 수 없는 모델은 안 된대. 어떤 모델이면 들여다볼 수 있어?",
            "오픈 소스 모델",
        ),
    ):
        first, reply = await first_point(course_app, question)
        assert first.startswith(first_words), reply.text


async def test_matched_by_meaning_is_embeddings_and_a_cv_is_no_model(course_app: App) -> None:
    """ "a recruiting firm wants to match CVs to job ads by meaning. which output category?"
    was refused (p 0.05): "CVs" was read as a model the lesson never names, and matching by
    meaning was no task the glossary knew ("이력서랑 공고를 의미로 매칭" had got
    fine-tuning)."""
    assert "clustering" in task_words("match CVs to job ads by meaning")
    assert "clustering" in task_words("채용 회사가 이력서랑 공고를 의미로 매칭하고 싶대")
    assert task_words("what does this word mean?") == ()
    assert named_terms("a folder of CVs and IDs") == ()
    for question in (
        "a recruiting firm wants to match CVs to job ads by meaning. which output category?",
        "채용 회사가 이력서랑 공고를 의미로 매칭하고 싶대. 어떤 출력 유형이야?",
    ):
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and ("Embedding" in first or "임베딩" in first), reply.text


async def test_a_scene_in_strangers_words_then_a_course_question(course_app: App) -> None:
    """A scene the course never writes about, then a question about one of its things: "시계
    수리 장인 조합에 40년치 수리 기록만 잔뜩 있어. 모델을 처음부터 만드는 건 언제 고려하래?"
    was refused (p 0.21; the question alone 0.99), "a radio station has a big archive. can
    gpt-4o look at pictures?" too (p 0.03). The question decides when it names a technical
    name the lesson writes or one of its sections; a generic question after a stranger's
    scene stays refused (what a person does not know of last week is the override's to
    leave alone: see `test_what_a_person_has_not_heard_lately`). A scene
    before "X가 뭐야?" leaves it a definition ("우리 뜨개질 모임은 일요일에 모여. 임베딩이
    뭐야?" had got transfer learning)."""
    assert_decided(
        course_app,
        answered=(
            "시계 수리 장인 조합에 40년치 수리 기록만 잔뜩 있어. 모델을 처음부터 만드는 건"
            " 언제 고려하래?",
            "a radio station has a big archive. can gpt-4o look at pictures?",
            # What happened lately, not known to a bot: the lesson's limitation.
            "등대 박물관 봇이 지난주 행사를 몰라. 왜 그래?",
        ),
        refused=(
            "I'm baking sourdough tonight. which approach should I try first?",
            "I read about GPT-4 yesterday. how many parameters does GPT-4 have?",
            "우리 고양이가 아파. Midjourney는 유료야?",
            # (A heading's word is the scene's business after it: "service", "compare".)
            "the school gym floor needs refinishing. should we hire a service or do it ourselves?",
            "my kid's science fair is next week. how do we compare results?",
        ),
    )
    # The override leaves a generic question after a stranger's scene to the decision. (Whose
    # answer for this one moved with the thirty-sixth round's fold: a tuning question set in
    # the same choir, "합창단 지휘자가 직접 열어보고 고칠 수 있는 모델을 원해…", is in scope,
    # and "불러" reads like "뭐라고 불러?"; p 0.600 against a threshold of 0.591.)
    assert not course_app.search._a_course_question_after_a_scene(
        "합창단 지휘자가 발성 연습 순서를 묻네. 뭐부터 불러?", "hybrid", "ko"
    )
    assert_decided(course_app, refused=("축구 코치가 훈련 순서를 묻네. 뭐부터 해?",))
    assert asks_after_training("the museum's bot doesn't know last week's events. why?")
    assert not asks_after_training("my grandma doesn't know last week's news. why?")
    assert defined_term("우리 뜨개질 모임은 일요일에 모여. 임베딩이 뭐야?") == "임베딩"
    assert defined_term("I read about RAG. what is it?") == ""
    for question, first_words in (
        ("우리 뜨개질 모임은 일요일에 모여. 임베딩이 뭐야?", "Embeddings은"),
        (
            "과수원 조합에 수십 년치 수확 기록이 있어. 강의는 모델을 처음부터 만드는 게 언제"
            " 맞다고 해?",
            "LLM을 처음부터 학습",
        ),
        # Where to begin is the first step ("…어디서 시작해?" had got fine-tuning).
        ("분재 농원이 돈은 없는데 챗봇 답을 좋게 하고 싶대. 어디서 시작해?", "컨텍스트가 포함된"),
    ):
        first, reply = await first_point(course_app, question)
        assert first.startswith(first_words), reply.text


async def test_a_contrast_said_with_a_comma_and_not(course_app: App) -> None:
    """ "a researcher wants a model that only understands text, not writes it. which
    architecture?" had got the text generation models, then the content creator: ", not"
    turns the question as "but not" does, and the reviewer (encoder only) answers."""
    words = str.split
    assert asked_sides("a model that understands text, not writes it", words) == (
        {"a", "model", "that", "understands", "text"},
        {"not", "writes", "it"},
    )
    first, reply = await first_point(
        course_app,
        "a researcher wants a model that only understands text, not writes it. which architecture?",
    )
    assert first.startswith("The reviewer"), reply.text


async def test_a_further_point_from_a_list_keeps_the_items_that_answer(course_app: App) -> None:
    """ "이 강의에 대해 알려줘" quoted "이 강좌에서는 다음을 다룹니다:" as its second point with
    only the first of its three items: a further point is widened to its whole list as the
    first point is, when several of its items answer and the list fits the answer."""
    reply = await course_app.service.ask(Turn(text="이 강의에 대해 알려줘"))
    covered = reply.text[reply.text.index("다음을 다룹니다:") :]
    for item in ("다양한 유형의 LLM", "테스트, 반복 및 비교", "LLM을 배포하는 방법"):
        assert item in covered, reply.text


async def test_a_yes_or_no_about_a_thing_is_answered_by_what_sets_itself_against_it(
    course_app: App,
) -> None:
    """ "rag 쓰면 모델 가중치도 바뀜?" had got RAG's own section, which never says: fine-tuning's
    "단발성 학습 및 RAG와는 달리, 가중치와 편향이 업데이트된 새로운 모델이 생성됩니다"
    answers ("Differently from few-shot learning and RAG…" in English). Only for a yes or no:
    "what is RAG?" is still its own section's, and "RAG 말고 결과를 개선하는 다른 방법은?"
    (a suite test caught it) asks for the other approaches."""
    await assert_first_points_say(
        course_app,
        ("rag 쓰면 모델 가중치도 바뀜?", "RAG와는 달리"),
        ("does RAG change the model's weights?", "Differently from few-shot learning and RAG"),
    )
    # (Nor a name set aside: "besides RAG, is there another way…?" asks for the others.)
    for question in ("what is RAG?", "besides RAG, is there another way to improve results?"):
        first, reply = await first_point(course_app, question)
        assert "Differently from" not in first, reply.text


async def test_the_kind_a_thing_is_the_example_of_asked_as_a_phrase(course_app: App) -> None:
    """ "t5 예시로 나온 아키텍처" was refused (p 0.41) where "T5는 어떤 아키텍처야?" was
    answered: the kind a thing is the lesson's example of, asked as a phrase, places it."""
    assert classified_term("t5 예시로 나온 아키텍처") == "t5"
    assert classified_term("T5가 예로 든 구조는?") == "T5"
    assert classified_term("the architecture T5 is an example of") == "T5"
    first, reply = await first_point(course_app, "t5 예시로 나온 아키텍처")
    assert reply.in_scope and "인코더-디코더" in first, reply.text


async def test_the_closing_challenge_and_how_fast_in_a_students_words(course_app: App) -> None:
    """ "whats the homework at the end" was refused (p 0.16) and "강의 끝에 과제 있어?" got the
    analogy's task a manager gives: the closing challenge answers both (not "the challenge
    with RAG", a difficulty). "what is a model card, quick" had got the proprietary models,
    its "quick" searched as a word of the question; "gpt-4 turbo with vision does what?" was
    refused (p 0.08)."""
    assert REFERS_TO_LESSON.search("whats the homework at the end")
    assert not REFERS_TO_LESSON.search("what's the challenge with RAG?")
    assert kind_or_use_term("gpt-4 turbo with vision does what?") == "gpt-4 turbo with vision"
    for question, said in (
        ("whats the homework at the end", "use RAG"),
        ("강의 끝에 과제 있어?", "RAG를 사용하는 방법"),
        ("what is a model card, quick", "model card"),
        ("gpt-4 turbo with vision does what?", "visual understanding"),
    ):
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and said in first, reply.text


async def test_the_lessons_video_asked_for_with_no_other_subject(course_app: App) -> None:
    """ "영상은 어디서 봐?" was refused (p 0.02) and "동영상 있어?" too (0.56) where "강의 영상은
    어디서 봐?" was answered: the lesson opens with its video. A cat's video is not it."""
    assert_decided(
        course_app,
        answered=("영상은 어디서 봐?", "동영상 있어?"),
        refused=("고양이 영상은 어디서 봐?", "where can I watch cat videos?"),
    )
    first, reply = await first_point(course_app, "영상은 어디서 봐?")
    assert "동영상을 보려면" in first, reply.text


def test_a_course_word_written_without_its_hyphen_is_the_course_word() -> None:
    """ "going by the multimodality bullet" had not read the bullet "Multi-modality": the word
    is one edit away but an English word, so the speller left it. A hyphenated course word
    written as one is that word; one the course also writes joined stays as written."""
    speller = Speller(["Multi-modality, pre-trained and zero-shot models; a pre-defined list"])
    assert speller.correct("the multimodality bullet") == "the multi-modality bullet"
    assert speller.correct("pretrained or zeroshot?") == "pre-trained or zero-shot?"
    both = Speller(["fine-tuning, also written finetuning"])
    assert both.correct_word("finetuning") == "finetuning"
    # (Short joined forms are left: too close to too many words.)
    assert Speller(["a re-ask"]).correct_word("reask") == "reask"


async def test_the_fold_of_the_thirty_third_batch_in_the_students_words(
    course_app: App,
) -> None:
    """What the `ao-*` batch showed once folded: clustering notes and finding by what words
    mean ("키워드 말고 뜻으로 찾고") are embeddings (text and image generation had led); a mood
    board is a picture; "질문할 때 끌어오는" is RAG (the catalog had led a wine importer's
    question); the document of a model's intended use and training data is its model card
    (RAG's training-data limit had led); trying models out ("시험해 보고") is the lesson's
    testing and iterating."""
    assert "clustering" in task_words("a car dealership wants to cluster thousands of lead notes")
    assert "clustering" in task_words("박물관 아카이브를 키워드 말고 뜻으로 찾고 싶어")
    assert "midjourney" in task_words("브리프만 주면 무드보드를 뽑아 주는 도구")
    assert "rag" in task_words("공급사 카탈로그를 챗봇 답에 반영하고 싶대. 질문할 때 끌어오는 방식")
    # (Not the word "뜻" asked of a word: "임베딩이 무슨 뜻이야?" is a definition.)
    assert "clustering" not in task_words("임베딩이 무슨 뜻이야?")
    for question, says in (
        (
            "a car dealership wants to cluster thousands of lead notes. which model kind fits?",
            "Embedding",
        ),
        ("박물관 아카이브를 키워드 말고 뜻으로 찾고 싶어. 어떤 출력 유형 모델이야?", "임베딩"),
        (
            "패션 브랜드가 브리프만 주면 무드보드를 뽑아 주는 도구를 찾아. 강의에 이름 나온 거?",
            "DALL-E",
        ),
        (
            "와인 수입사가 매달 받는 공급사 카탈로그를 챗봇 답에 반영하고 싶대. 질문할 때"
            " 끌어오는 방식 뭐였지?",
            "RAG",
        ),
        ("모델의 사용 목적이나 학습 데이터를 적어둔 문서를 뭐라고 해?", "모델 카드"),
        (
            "what can gpt-4o do that a plain text model can't, going by the multimodality bullet?",
            "Multi-modality",
        ),
    ):
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and says in first, reply.text
    reply = await course_app.service.ask(
        Turn(
            text="교육청이 여러 LLM을 자기 수업 자료로 시험해 보고 고르려 해."
            " 강의는 이 과정을 어떻게 설명해?"
        )
    )
    assert "반복" in reply.text, reply.text


async def test_a_denying_scene_and_an_ask_in_other_words_that_mean_the_same(
    course_app: App,
) -> None:
    """ "법무팀이 감사할 수 없는 업체에 고객 데이터를 못 보낸대. 들여다볼 수 있는 모델 유형은?"
    had got the proprietary models first: the scene's 감사 and the ask's 들여다볼 share no
    word, though both are the lesson's 검사, and "…있는 모델 유형은?" was not read as asking
    which kind. The course's words for scene and ask meet; the kind that can is asked."""
    words = str.split

    def course(text: str) -> list[str]:
        return ["inspected"] if ("audit" in text or "look inside" in text) else []

    good, bad = asked_sides(
        "legal can't send data to vendors it cannot audit. which kind can we look inside?",
        words,
        course,
    )
    assert "inspected" in good and bad == set()
    # Without the course's words the two share nothing: no sides.
    assert asked_sides(
        "legal can't send data to vendors it cannot audit. which kind can we look inside?",
        words,
    ) == (set(), set())
    # ("…할 수 있는 모델 유형은?" asks which kind can.)
    good, _ = asked_sides("그 업체는 검사 못 한대. 검사 할 수 있는 모델 유형은?", words)
    assert "검사" in good
    first, reply = await first_point(
        course_app,
        "법무팀이 감사할 수 없는 업체에 고객 데이터를 못 보낸대. 들여다볼 수 있는 모델 유형은?",
    )
    assert first.startswith("오픈 소스 모델"), reply.text


async def test_which_one_lacks_it_asked_after_a_scene_that_denies_nothing(
    course_app: App,
) -> None:
    """ "two colleagues in the quiz story. which one isn't good at understanding the topic?"
    had got the reviewer's paragraph as much as the creator's: the "which one" was read only
    at the start of the whole message, so the lack went unread. After a scene that denies
    nothing, the ask alone says which one lacks what."""
    words = str.split
    good, bad = asked_sides("the analogy has two coworkers. which one can't write?", words)
    assert good == set() and bad == {"which", "one", "can't", "write?"}
    first, reply = await first_point(
        course_app,
        "two colleagues in the quiz story. which one isn't good at understanding the topic?",
    )
    assert first.startswith("The content creator"), reply.text


async def test_whether_a_named_model_may_be_opened_up(course_app: App) -> None:
    """ "can i inspect gpt-4's weights" was refused (p 0.01: the nearest off-topic examples
    are GPT-4's parameter count and the like) though every example asking whether a model
    may be inspected or changed is in scope: the lesson tells open-source and proprietary
    models apart by it. Asked of a model the lesson names, of its weights or internals, it
    is in scope; of a company's pricing or data centers it is not. "can we inspect Claude 2?"
    is answered by the passage placing Claude 2 among the proprietary models (the
    open-source paragraph had led on "inspect")."""
    assert_decided(
        course_app,
        answered=(
            "can i inspect gpt-4's weights",
            "Bard 내부를 검사할 수 있어?",
            "GPT-4 가중치 볼 수 있어?",
        ),
        refused=(
            "can I modify Azure's pricing?",
            "can we audit OpenAI's data centers?",
            "can I modify my car's engine?",
        ),
    )
    assert ASKS_LICENCE.search("could we tweak the weights?")
    assert not ASKS_LICENCE.search("what did they inspect?")
    assert WANTS_OPEN.search("can i inspect its weights")
    first, reply = await first_point(course_app, "can we inspect the LLaMA model?")
    assert "LLaMA" in first, reply.text


async def test_filler_words_of_a_heading_name_no_section(course_app: App) -> None:
    """ "우리 아들이 수학을 어려워해. 어떤 방법부터 해 볼까?" was accepted: its question named a
    section by "방법", a word of the heading "…성능을 파악하는 방법" that says nothing of its
    subject. A heading's filler words name no section; its subject's words still do."""
    search = course_app.search
    assert not search.names_subject("어떤 방법부터 해 볼까?")
    assert search.names_subject("미세 조정부터 해 볼까?")
    assert_decided(
        course_app,
        refused=("우리 아들이 수학을 어려워해. 어떤 방법부터 해 볼까?",),
        answered=(
            "시계 수리 장인 조합에 40년치 수리 기록만 잔뜩 있어. 모델을 처음부터 만드는 건"
            " 언제 고려하래?",
        ),
    )


async def test_a_photo_made_by_ai_and_the_video_in_a_loanword(course_app: App) -> None:
    """ "인스타에 올릴 사진을 AI로 만들고 싶어" is a picture to generate (the foundation models
    had led); "비디오 링크 있어?" asks for the lesson's video (the sentence listing "텍스트,
    오디오, 비디오" as what models are for had led)."""
    assert "midjourney" in task_words("우리 빵집 인스타에 올릴 사진을 AI로 만들고 싶어")
    # (A photo looked at is not made: "사진을 보고 설명을 만들어" stays multi-modality's.)
    assert "midjourney" not in task_words("사진을 보고 설명을 만들어 주는 모델은?")
    first, reply = await first_point(
        course_app, "우리 빵집 인스타에 올릴 사진을 AI로 만들고 싶어. 강의에서 뭐 쓰라고 해?"
    )
    assert "DALL-E" in first, reply.text
    first, reply = await first_point(course_app, "비디오 링크 있어?")
    assert "동영상을 보려면" in first, reply.text
    first, reply = await first_point(course_app, "텍스트랑 비디오 생성 모델 차이는?")
    assert "동영상을 보려면" not in first, reply.text


async def test_a_summary_of_a_section_a_bot_on_our_docs_and_a_true_or_false(
    course_app: App,
) -> None:
    """A summary asked of a section is no model's task, whatever the heading says: "a
    one-line summary of 'Service versus Model'" and "학습된 모델 섹션 요약" had got the text
    models ("often used for text summarization"). A bot on the asker's own documents is RAG's
    task ("for a chatbot on our intranet docs…" had got ChatGPT's story). A statement put
    as a quiz does ("T/F: …", "참/거짓: …") is judged, not refused: "T/F: Whisper only
    recognizes English speech" had been (p 0.35; the statement alone 0.82)."""
    for asked in ('a one-line summary of "Service versus Model"', "학습된 모델 섹션 요약"):
        assert task_words(asked) == (), asked
    assert "text summarization" in task_words("which model type summarizes articles?")
    assert "rag" in task_words("for a chatbot on our intranet docs, what does the lesson suggest?")
    assert task_words("which chatbot is best?") == ()
    for question, says in (
        ('As a teacher I want a one-line summary of "Service versus Model"', "A service is"),
        ("학습된 모델 섹션 요약", "처음부터 학습"),
        ("for a chatbot on our intranet docs, what does the lesson suggest?", "RAG"),
        ("T/F: Whisper only recognizes English speech", "multilingual"),
    ):
        first, reply = await first_point(course_app, question)
        assert reply.in_scope and says in first, reply.text
    assert_decided(
        course_app,
        answered=("참/거짓: Whisper는 영어만 인식한다",),
        refused=("true or false: cats can swim",),
    )


async def test_answers_from_our_manual_and_minutes_from_a_meeting(course_app: App) -> None:
    """ "우리 회사 제품 매뉴얼로 답하는 봇 만들고 싶어. 매뉴얼은 매달 바뀌어…" had got the
    open-source models: a bot answering from our manual is RAG's. Minutes made from a meeting
    are speech to text (written minutes shortened are a summary)."""
    assert "rag" in task_words("우리 회사 제품 매뉴얼로 답하는 봇 만들고 싶어")
    assert "whisper" in task_words("회의록 만들어 주는 모델 있어?")
    assert "whisper" not in task_words("긴 회의록을 줄이고 싶어. 어떤 모델?")
    first, reply = await first_point(
        course_app,
        "우리 회사 제품 매뉴얼로 답하는 봇 만들고 싶어. 매뉴얼은 매달 바뀌어. 강의에선 뭐 추천해?",
    )
    assert "RAG" in first, reply.text


async def test_the_least_costly_way_and_a_sentence_to_mend(course_app: App) -> None:
    """ "what is the least costly way to start improving an LLM?" had got training from
    scratch: its "costly" was read as asking what costs a lot. "틀린 곳 찾아줘: 'Whisper는
    영어만 인식한다'" was refused (p 0.31): the request to mend is format, as "T/F:" is."""
    assert ASKS_LOW_COST.search("what is the least costly way to start?")
    assert not ASKS_HIGH_COST.search("what is the least costly way to start?")
    assert ASKS_LOW_COST.search("which is less expensive?")
    assert ASKS_HIGH_COST.search("is fine tuning expensive?")
    first, reply = await first_point(
        course_app, "what is the least costly way to start improving an LLM?"
    )
    assert "cost-effective" in first, reply.text
    first, reply = await first_point(course_app, "틀린 곳 찾아줘: 'Whisper는 영어만 인식한다'")
    assert reply.in_scope and "다국어" in first, reply.text


async def test_a_sorting_announced_alone_lists_its_kinds(course_app: App) -> None:
    """ "LLMs can also be categorized by the output they generate." stands alone, and each
    paragraph after it opens with one kind: it is also a list of those openings. "LLM을 출력
    종류로 나누면 어떤 것들이 있어?" had got the announcement alone. Only a question for the
    kinds of a sorting gets it: "이미지 생성 모델에는 어떤 것들이 있나요?" asks for one kind's
    examples (with the list a candidate for every question, it had led)."""
    for lang, announced, kinds in (
        ("en", "categorized by the output", ("Embeddings are", "Image generation", "Text and")),
        ("ko", "출력의 종류에 따라", ("Embeddings은", "이미지 생성 모델", "텍스트 및 코드")),
        ("en", "open source or proprietary", ("Open-source models are", "Proprietary models")),
    ):
        doc = read_document(KNOWLEDGE / lang / f"{LESSON}.md", KNOWLEDGE)
        units = [u for s in doc.sections for u in section_units(s, doc.source, doc.lang)]
        sorted_lists = [u for u in units if u.group.startswith("sorts:") and announced in u.text]
        assert len(sorted_lists) == 1, [u.text for u in units if announced in u.text]
        lines = sorted_lists[0].text.split("\n")
        assert len(lines) == len(kinds) + 1 and sorted_lists[0].kind == "list"
        assert all(
            x.removeprefix("  - ").startswith(k) for x, k in zip(lines[1:], kinds, strict=True)
        ), lines
    # (A sentence of a paragraph that goes on is no announcement: the overview's "LLMs can
    # have multiple categorizations based on…" is followed by its own sentences.)
    doc = read_document(KNOWLEDGE / "en" / f"{LESSON}.md", KNOWLEDGE)
    assert not any(
        u.group.startswith("sorts:") and "multiple categorizations" in u.text
        for s in doc.sections
        for u in section_units(s, doc.source, doc.lang)
    )
    first, reply = await first_point(course_app, "LLM을 출력 종류로 나누면 어떤 것들이 있어?")
    assert all(w in first for w in ("임베딩", "이미지 생성", "텍스트 및 코드")), reply.text
    first, reply = await first_point(course_app, "이미지 생성 모델에는 어떤 것들이 있나요?")
    assert "DALL-E" in first and "출력의 종류" not in first, reply.text


async def test_the_trade_of_who_asks_is_no_task(course_app: App) -> None:
    """ "번역 회사에서 고객 문의 메일을 주제별로 묶고 싶대. 어떤 출력 유형 모델?" had led with the
    text models, whose uses include translation: the company's trade is who asks. Grouping
    mails by topic is the embeddings' clustering."""
    assert "text summarization" not in task_words("번역 회사에서 고객 메일을 주제별로 묶고 싶대")
    assert "text summarization" not in task_words(
        "a translation agency wants to group customer emails by topic. which output type?"
    )
    assert "text summarization" in task_words("번역에 쓰는 모델은 어떤 유형이야?")
    assert "text summarization" in task_words("which model type handles translation?")
    await assert_first_points_start(
        course_app,
        ("번역 회사에서 고객 문의 메일을 주제별로 묶고 싶대. 어떤 출력 유형 모델?", "Embeddings"),
        (
            "a translation agency wants to group customer emails by topic. which output type?",
            "Embeddings",
        ),
    )


async def test_needing_to_look_inside_asks_for_the_open_models(course_app: App) -> None:
    """ "보안팀이 모델 내부를 직접 점검해야 한대. 오픈소스랑 독점 중 뭐가 맞아?" had led with the
    proprietary models ("검사, 수정 또는 커스터마이징될 수 없습니다"): a need to inspect, with
    both sides named, asks for the side that allows it. A need to change the prompt, or no
    need to inspect, wants nothing of the sort."""
    assert WANTS_OPEN.search("보안팀이 모델 내부를 직접 점검해야 한대")
    assert WANTS_OPEN.search("our auditors must inspect the model's internals")
    assert not WANTS_OPEN.search("we don't need to inspect it")
    assert not WANTS_OPEN.search("프롬프트를 수정해야 하나요?")
    await assert_first_points_start(
        course_app,
        ("보안팀이 모델 내부를 직접 점검해야 한대. 오픈소스랑 독점 중 뭐가 맞아?", "오픈 소스"),
        (
            "our auditors must inspect the model's internals. open source or proprietary?",
            "Open-source",
        ),
    )


async def test_what_grows_with_something(course_app: App) -> None:
    """ "컨텍스트를 자세히 줄수록 뭐가 좋아져?" had got "…가장 비용 효율적인 접근 방식입니다"
    (its "좋아져" read as asking for a strength): the lesson says what grows with the context
    in one sentence, "the more …, the more accurate…", and that shape is what is asked."""
    assert "proportion" in question_kinds("the more context you give, what improves?")
    assert "proportion" in question_kinds("예시를 많이 넣을수록 답이 어떻게 돼?")
    assert "proportion" not in question_kinds("what is the most cost-effective approach?")
    await assert_first_points_say(
        course_app,
        ("컨텍스트를 자세히 줄수록 뭐가 좋아져?", "더 정확"),
        ("the more context you give, what improves?", "more accurate"),
    )


async def test_using_a_named_model_for_its_task(course_app: App) -> None:
    """ "Whisper 써서 회의록 만들 수 있어?" was refused (p 0.51): the override for a task asked
    of the model the lesson names for it read "쓰" (using it) as a word the course never
    writes (it writes "사용"). Cartoons for a worksheet are pictures to make."""
    assert_decided(course_app, answered=("Whisper 써서 회의록 만들 수 있어?",))
    assert "dall-e" in task_words("a kindergarten teacher wants cartoon pictures for a worksheet")
    assert "dall-e" in task_words("유치원 학습지에 넣을 만화 그림을 만들고 싶어")


async def test_what_the_lesson_says_about_something(course_app: App) -> None:
    """What the lesson says about something is not a question about the lesson itself: "does
    the lesson say anything about funding?" had been searched for "lesson" (the closing words
    came first) and led with RAG's limitation. "the course says…" points at the lesson's text
    as "the lesson" does."""
    assert not ASKS_ABOUT_LESSON.search("does the lesson say anything about funding?")
    assert ASKS_ABOUT_LESSON.search("what does this lesson cover?")
    assert REFERS_TO_LESSON.search("does the course say anything about GPUs?")
    assert not REFERS_TO_LESSON.search("how do I get the certificate for this course?")
    await assert_first_points_say(
        course_app,
        ("does the lesson say anything about funding?", "funding"),
        ("what does the lesson say about its goals?", "Select the right model"),
    )


async def test_which_one_cannot_write(course_app: App) -> None:
    """ "the analogy has two coworkers. which one can't write well?" had led with the content
    creator ("very good at writing…"): writing is what the reviewer is "not good at
    generating". The analogy's scene names both colleagues and says neither: it is no answer
    to which one can or cannot (it had led once the creator counted against)."""
    words = str.split
    _good, lack = with_kin(asked_sides("which one can't write well?", words), words)
    assert "generating" in lack and "write" in lack
    # (The reviewer looks at "the course written": no ability of its own.)
    assert "written" not in lack
    assert "생성" in with_kin((frozenset(), frozenset({"쓰"})), words)[1]
    assert with_kin((frozenset(), frozenset({"쓰"})), words)[1] & {"write"} == set()
    first, reply = await first_point(
        course_app, "the analogy has two coworkers. which one can't write well?"
    )
    assert first.startswith("The reviewer"), reply.text


async def test_a_sorting_found_by_what_it_sorts_by(course_app: App) -> None:
    """ "list the model kinds by what they output" had found the approaches' overview (on
    "kinds"): a sorting asked for whole is found by the word its announcement sorts by
    ("…categorized by the output they generate"), wherever search ranked its section."""
    for question in (
        "list the model kinds by what they output",
        "what kinds of LLMs are there by output?",
    ):
        first, reply = await first_point(course_app, question)
        assert all(k in first for k in ("Embeddings", "Image generation", "Text and code")), (
            reply.text
        )


async def test_a_model_that_writes_a_language(course_app: App) -> None:
    """ "our devs want a model that writes SQL from plain questions. which kind?" was refused
    (p 0.12): SQL was read as a model the lesson never names. A language a model is asked to
    write is what a code model writes; asking how to write it stays off topic."""
    assert "codeparrot" in task_words("a model that writes SQL from plain questions")
    assert "codeparrot" not in task_words("write me a python function")
    assert_decided(
        course_app,
        answered=("our devs want a model that writes SQL from plain questions. which kind?",),
        refused=(
            "how do I write a SQL join?",
            "write me a python function that reverses a linked list",
            "is Python better than JavaScript for beginners?",
        ),
    )
    first, reply = await first_point(
        course_app, "our devs want a model that writes SQL from plain questions. which kind?"
    )
    assert "code" in first.lower(), reply.text


async def test_a_named_model_placed_by_its_makers_models(course_app: App) -> None:
    """ "is GPT-4 proprietary?" and "can i inspect gpt-4's weights" had got the text models'
    bullet ("…GPT-4 being the most expensive"), which names GPT-4 but no side: no passage
    places GPT-4, and the lesson's proprietary examples are "OpenAI models". A passage on a
    side that places the maker answers (not the catalog's list naming OpenAI's and open
    models together), and the neighbours, asked what GPT-4 costs, do not vouch."""
    assert maker_of("GPT-4") == "OpenAI" and maker_of("dall-e 3") == "OpenAI"
    assert maker_of("LLaMA") == ""
    for question in (
        "is GPT-4 proprietary?",
        "can i inspect gpt-4's weights",
        "is ChatGPT open source?",
        "GPT-4는 오픈 소스야?",
    ):
        first, reply = await first_point(course_app, question)
        assert "OpenAI models" in first and ("proprietary" in first or "독점" in first), reply.text
    # (Not for the kind every model is of: "LLM" places nothing.)
    first, reply = await first_point(
        course_app, "with an open source LLM, am I allowed to look inside it and change it?"
    )
    assert first.startswith("Open-source models"), reply.text


async def test_what_is_more_so_than_something(course_app: App) -> None:
    """ "what's harder than fine-tuning, per the reading?" had led with fine-tuning's
    definition: what a question compares with is set aside, as "besides X" is, the question
    asks for what the lesson says is the most so, and "harder" is the lesson's "difficult"."""
    assert set_aside("what's harder than fine-tuning, per the reading?") == ["fine-tuning"]
    assert set_aside("파인튜닝보다 싼 방법 있어?") == ["파인튜닝"]
    assert "most" in question_kinds("what's harder than fine-tuning?")
    assert "most" not in question_kinds("what is fine-tuning?")
    first, reply = await first_point(course_app, "what's harder than fine-tuning, per the reading?")
    assert first.startswith("Training an LLM from scratch"), reply.text


async def test_what_a_person_has_not_heard_lately(course_app: App) -> None:
    """ "my grandma doesn't know last week's news. why?" was accepted (p 0.99), beside the
    lesson's questions about a bot that does not know what happened after its training: a
    person who has not heard the news is no model's training data. A bot or a model said not
    to know it is the lesson's limitation, whoever else the question names."""
    assert asks_after_training_of_a_person("my grandma doesn't know last week's news. why?")
    assert not asks_after_training_of_a_person(
        "my friend says a chatbot can't know what happened last week. why?"
    )
    assert_decided(
        course_app,
        refused=(
            "my grandma doesn't know last week's news. why?",
            "우리 할머니가 최신 뉴스를 모르셔. 왜 그럴까?",
            "the hotel staff can't answer guests about this week's events. why?",
        ),
        answered=(
            "the museum's bot doesn't know last week's events. why?",
            "우리 회사 챗봇이 최신 공지를 몰라. 왜?",
            "my friend says a chatbot can't know what happened last week. does the reading"
            " explain why?",
        ),
    )


async def test_more_of_the_students_words(course_app: App) -> None:
    """A bot answering from a leaflet ("약품 설명서로 답하는 봇") is RAG's, as from a manual;
    "similar clauses" of contracts are what embeddings find; a chatbot that "invents refund
    policies" makes things up (it had got ChatGPT's story). A child who invents excuses
    is no model."""
    assert "rag" in task_words("손님 질문에 약품 설명서로 답하는 봇을 원해")
    assert "clustering" in task_words("a law firm wants similar clauses found")
    assert asks_about_fabrication("our chatbot sometimes invents refund policies. what helps?")
    await assert_first_points_say(
        course_app,
        ("우리 약국이 손님 질문에 약품 설명서로 답하는 봇을 원해. 강의 방식 중 뭐?", "RAG"),
        (
            "a law firm has tons of contracts and wants similar clauses found. which output type?",
            "Embeddings",
        ),
        (
            "our startup's chatbot sometimes invents refund policies. what does the lesson say"
            " helps?",
            "fabrications",
        ),
    )
    assert_decided(course_app, refused=("my kid invents excuses for homework. what should I do?",))


async def test_each_of_two_named_things(course_app: App) -> None:
    """ "Whisper랑 DALL-E는 각각 뭐 하는 모델이야?" had got DALL-E's bullet and the image
    models, never Whisper: each of two asked for is answered as a comparison is, both sides.
    "Whisper-type models" name Whisper (a one-word side had to be a word of its own)."""
    assert compared_sides("Whisper랑 DALL-E는 각각 뭐 하는 모델이야?") == ("Whisper", "DALL-E")
    assert compared_sides("what do Whisper and DALL-E each do?") == ("Whisper", "DALL-E")
    for question, sides in (
        ("Whisper랑 DALL-E는 각각 뭐 하는 모델이야?", ("음성 인식", "이미지 생성")),
        ("what do Whisper and DALL-E each do?", ("speech recognition", "image generation")),
    ):
        reply = await course_app.service.ask(Turn(text=question))
        assert all(fact_present(reply.text, [side]) for side in sides), reply.text


async def test_what_to_look_at_once_the_lesson_is_done(course_app: App) -> None:
    """ "강의 끝나고 뭐 보면 돼?" had got the learning goals: what to look at once the lesson is
    done, joined by "-고" as by "-면", asks what comes next; what one can do after it is still
    the goals."""
    assert "next" in question_kinds("강의 끝나고 뭐 보면 돼?")
    assert "next" not in question_kinds("강의 끝나면 뭘 할 수 있게 돼?")
    first, reply = await first_point(course_app, "강의 끝나고 뭐 보면 돼?")
    assert "생성형 AI 학습 컬렉션" in first or "3강" in first, reply.text


async def test_one_example_asked_for_is_not_one_shot(course_app: App) -> None:
    """ "누구나 쓸 수 있는 모델 예시 하나만 들어줘" had been read as one-shot prompting (an
    example counted in a prompt) and led with zero-shot prompting: a student who asks the bot
    for one example asks for the lesson's examples. Anyone may use what is "freely
    available" or "누구나 쓸 수 있는": the open-source models. One example in a prompt is
    still one-shot."""
    glossary = Glossary()
    assert "원샷" not in glossary.expansions("누구나 쓸 수 있는 모델 예시 하나만 들어줘")
    assert "원샷" in glossary.expansions("프롬프트에 예시 하나만 넣으면 뭐라고 불러?")
    assert "examples" in question_kinds("오픈 소스 모델 예시 하나만 보여 줘")
    assert "examples" not in question_kinds("예시를 하나만 보여 주고 답하게 하면 뭐라고 해?")
    assert "examples" in question_kinds("give me one model family the text mentions by name")
    assert "examples" in question_kinds("name one model anyone can use, as the lesson does")
    for question in (
        "예시 하나만 보여 줘, 누구나 쓸 수 있는 모델로",
        "name one model anyone can use, as the lesson does",
        "give me one freely available model the reading mentions by name",
    ):
        first, reply = await first_point(course_app, question)
        assert "LLaMA" in first, reply.text
    first, reply = await first_point(course_app, "프롬프트에 예시 하나만 넣으면 뭐라고 불러?")
    assert "원샷" in first, reply.text


async def test_a_wish_then_which_side(course_app: App) -> None:
    """ "모델을 내 마음대로 뜯어고치고 싶어. 어느 쪽 라이선스가 맞아?" had led with the
    proprietary models, whose "cannot be inspected, modified or customized" says the wish's
    words: a wish, then which side, puts the wish's words on the side of the ability. Not
    after any "which model?": a wish there names the task ("our orchestra wants to generate
    program notes. which models…?" had got the content creator's "good at writing" too)."""
    tokenize = str.split
    good, bad = asked_sides("I want to modify a model. which license side fits?", tokenize)
    assert "modify" in good and not bad
    assert asked_sides(
        "our orchestra wants to generate program notes. which models write text?", tokenize
    ) == (frozenset(), frozenset())
    await assert_first_points_start(
        course_app,
        ("모델 내부를 마음대로 뜯어고치고 싶어. 어느 쪽이 맞아?", "오픈 소스 모델"),
        ("we want to modify the model however we like. which license side fits us?", "Open"),
    )


async def test_the_students_words_of_the_thirty_sixth_round(course_app: App) -> None:
    """Tasks and asks in the students' words the tuning questions of the round showed:
    grouping notes by what they say is the embeddings' task ("내용별로 나누고"; the analogy's
    content writer had led), completing code as it is typed is code generation's ("파이썬 자동
    완성"; the next step of testing had led), understanding and writing both is the
    encoder-decoder's ("이해도 하고 글도 써야"; the decoder-only writer had led), a private
    wiki is the company data a model cannot reach, a list read off whole is asked for whole
    ("rattle off the approaches"), and what is missing is a drawback."""
    assert "clustering" in task_words("병원 민원 글을 내용별로 묶어 주는 모델")
    assert "codeparrot" in task_words("우리 팀이 자바스크립트 자동 완성 도구를 만들고 싶어")
    assert "codeparrot" in task_words("we need python autocompletion in our editor")
    assert "enumeration" in question_kinds("run through the approaches in the overview list")
    assert "drawbacks" in question_kinds("a base model gives basic skills. what's missing?")
    await assert_first_points_say(
        course_app,
        ("병원 민원 글을 내용별로 묶어 주는 모델은 어떤 종류야?", "임베딩"),
        ("우리 팀이 자바스크립트 자동 완성 도구를 만들고 싶어. 어떤 모델 종류?", "코드 생성"),
        ("통역 앱은 이해도 하고 작성도 해야 해. 어떤 아키텍처?", "인코더-디코더"),
        ("can a stock LLM read our company wiki by itself?", "company data"),
    )
    reply = await course_app.service.ask(
        Turn(text="rattle off the approaches in the overview list")
    )
    assert all(
        fact_present(reply.text, [name])
        for name in ("Prompt engineering with context", "Retrieval Augmented Generation")
    ), reply.text


async def test_scenes_of_the_thirty_sixth_round_probes(course_app: App) -> None:
    """Scenes from probes of the round, each read by its task: questions asked of one's own
    archive are RAG's (multi-modality had led), a model shared for anyone to modify is an
    open-source one (training from scratch had led), texts turned into vectors to be sorted
    are the embeddings' (text generation had led), paintings described in chat are seen by
    the multi-modal models (fine-tuning had led). Question-answer pairs a team has are
    training examples, not examples asked for."""
    assert "rag" in task_words(
        "our newsroom archives 30 years of articles and wants reporters to ask questions about them"
    )
    assert "rag" in task_words("기자들이 기사에 대해 질문하게 하려면")
    assert "clustering" in task_words("청구서 텍스트를 벡터로 바꿔 분류하고 싶대")
    assert "examples" not in question_kinds("예시 질문-답변 쌍이 수천 개 있어. 어떤 방법?")
    assert "훈련 예제" in Glossary().expansions("예시 질문-답변 쌍이 수천 개 있어")
    await assert_first_points_say(
        course_app,
        (
            "our newsroom archives 30 years of articles and wants reporters to ask questions"
            " about them. what approach?",
            "RAG",
        ),
        (
            "the city council wants to share its own LLM with citizens, who may modify it."
            " which kind?",
            "Open-source",
        ),
        ("보험사가 청구서 텍스트를 벡터로 바꿔 분류하고 싶대. 어떤 출력 유형이야?", "임베딩"),
        (
            "which models should a museum consider to describe paintings to blind visitors in"
            " chat?",
            "gpt-4o",
        ),
    )


async def test_a_reported_claim_is_decided_as_the_claim(course_app: App) -> None:
    """ "my nephew says GPT-4 is free. true?" was refused (p 0.42) though "is GPT-4 free?" is
    answered: a claim someone made, asked whether it holds, is decided as the claim asked
    alone. A claim about anything else stays refused. A model said to know everything up to
    today is the lesson's limitation (fine-tuning had led)."""
    assert reported_claim("my nephew says GPT-4 is free. true?") == "is GPT-4 free?"
    assert reported_claim("우리 삼촌이 GPT-4는 공짜래. 진짜야?") == "GPT-4는 공짜?"
    assert reported_claim("what is RAG?") == ""
    assert_decided(
        course_app,
        answered=(
            "my nephew says GPT-4 is free. true?",
            "우리 삼촌이 GPT-4는 공짜래. 진짜야?",
            "선배가 BERT는 디코더래. 맞아?",
        ),
        refused=(
            "my mom says the bakery is closed today. true?",
            "내 친구가 비트코인이 오른대. 진짜야?",
        ),
    )
    await assert_first_points_say(
        course_app,
        ("my nephew says GPT-4 is free. true?", "GPT-4 being the most expensive"),
        ("선배가 BERT는 디코더래. 맞아?", "인코더 전용"),
        (
            "the professor claims LLMs know everything up to today. does the lesson agree?",
            "after their training",
        ),
    )


async def test_a_handbook_answered_from_and_a_plan_looked_at(course_app: App) -> None:
    """A bot that answers from one's own 안내문 is RAG's, not a writer of 안내문 ("요가 학원이
    회원 질문에 자기 안내문을 참고해서 답하는 봇" had got text generation); a model that looks
    at floor plan photos sees pictures (two words may name the kind of picture; the image
    generation models had led)."""
    words = task_words("요가 학원이 회원 질문에 자기 안내문을 참고해서 답하는 봇을 만들고 싶대")
    assert "rag" in words and "text generation" not in words
    assert "multi-modality" in task_words("a model that looks at floor plan photos")
    await assert_first_points_say(
        course_app,
        (
            "요가 학원이 회원 질문에 자기 안내문을 참고해서 답하는 봇을 만들고 싶대."
            " 강의 방법 중 뭐?",
            "RAG",
        ),
        ("an interior design firm wants a model that looks at floor plan photos", "gpt-4o"),
    )


async def test_a_number_with_its_unit_is_no_name(course_app: App) -> None:
    """ "a law school wants students to ask an AI questions about a 2,000-page casebook" was
    refused (p 0.03): "000-page" read as a technical name the lesson never writes. A number
    with its unit ("10-person", "3-day") is no name; "4-bit" still is. Questions asked of a
    casebook are RAG's. (Training a bot further on one's own data, "더 학습시키", is read as
    the fine-tuned model's "추가로 학습".)"""
    assert named_terms("a 2,000-page casebook for a 10-person team") == ()
    assert named_terms("a 4-bit LLaMA") == ("4-bit", "LLaMA")
    assert "추가로 학습" in Glossary().expansions("챗봇을 자체 데이터로 더 학습시키려 해")
    first, reply = await first_point(
        course_app,
        "a law school wants students to ask an AI questions about a 2,000-page casebook. approach?",
    )
    assert "RAG" in first, reply.text


async def test_the_analogys_roles_described_by_what_a_model_does(course_app: App) -> None:
    """A model described by what it does, not named: one that only reads and never writes is
    the reviewer, the encoder-only model (BERT; few-shot prompting's "examples" had led "which
    example does the lesson give for that role?"); one that writes but does not understand is
    the content creator, the decoder-only model; one that understands its input and then
    writes something new is the encoder-decoder (few-shot prompting had led)."""
    assert "encoder only" in task_words("a model that only reads text and can't write any")
    assert "encoder only" not in task_words("a model that reads a sentence and then writes one")
    assert "encoder-decoder" in task_words("it must understand a review and then write a reply")
    assert "인코더-디코더" in task_words("리뷰를 이해한 다음 답장을 써야 해")
    assert "디코더 전용" in task_words("글은 잘 쓰는데 주제를 이해하지 못하는 모델")
    # The same reading makes the side asked, so the unit on it is preferred too; one who
    # cannot write is no writer ("…이해만 하고 글은 잘 못 쓰는 사람" is the reviewer alone).
    assert ARCHITECTURES.in_question("one model only reads and never writes") == {"encoder-only"}
    assert ARCHITECTURES.in_question("understand a sentence and then produce a new one") == {
        "encoder-decoder"
    }
    assert ARCHITECTURES.in_question(
        "퀴즈 비유에서 내용을 이해만 하고 글은 잘 못 쓰는 사람은 어떤 모델이야?"
    ) == {"encoder-only"}
    await assert_first_points_say(
        course_app,
        (
            "a model that only reads text and can't write any. which example does the lesson give?",
            "BERT",
        ),
        ("이해만 하고 글은 못 쓰는 모델 예시는?", "BERT"),
        (
            "my app must understand a customer review and then write a reply. which"
            " architecture from the analogy?",
            "Encoder-Decoder",
        ),
        ("리뷰를 이해한 다음 답장을 써야 해. 비유에서 어떤 모델이야?", "인코더-디코더"),
        ("글은 잘 쓰는데 주제를 이해하지 못하는 모델은 비유에서 누구야?", "디코더 전용"),
    )


async def test_the_cheapest_is_not_the_dearest(course_app: App) -> None:
    """Asked for the cheapest, a sentence ranking the dearest ("GPT-4가 가장 비쌉니다") says no
    superlative the question asks, and the other way round ("제일 저렴한 방법은 모델에 뭘 넣어
    주는 거야?" had led with the text models' costs)."""
    dearest = "They come at different costs with GPT-4 being the most expensive."
    cheapest = "Prompt engineering with context is the most cost-effective approach to kick-off."
    assert not unit_says("most", dearest, low_cost=True)
    assert unit_says("most", cheapest, low_cost=True)
    assert unit_says("most", dearest, high_cost=True)
    assert not unit_says("most", cheapest, high_cost=True)
    assert not unit_says("most", "각 모델마다 비용이 다르며 GPT-4가 가장 비쌉니다.", low_cost=True)
    await assert_first_points_say(
        course_app, ("제일 저렴한 방법은 모델에 뭘 넣어 주는 거야?", "가장 비용 효율적")
    )


async def test_students_words_for_scale_pairs_production_and_company_rules(
    course_app: App,
) -> None:
    """A longer glossary term covers the shorter ones inside it ("tuned for production" is the
    proprietary models' "optimized for production", not a fine-tuned model); usage that spikes
    is the services' "scaling easily"; what a prompt is paired with is the training examples'
    completion; a company's own rules, with a word saying which ("사내 급여 규정"), are the
    company data a model cannot access."""
    glossary = Glossary()
    used = dict(glossary.used("our CTO wants something tuned for production out of the box"))
    assert "tuned" not in used and "optimized for production" in used["tuned for production"]
    assert "scaling easily" in glossary.expansions("we get huge traffic spikes in December")
    assert "쉽게 확장" in glossary.expansions("사용량이 들쭉날쭉한 쇼핑몰")
    assert "관련 출력" in glossary.expansions("프롬프트와 짝지어지는 건 뭐야?")
    assert "company data" in glossary.expansions("기본 모델이 사내 급여 규정을 모르는 이유는?")
    await assert_first_points_say(
        course_app,
        ("입력은 프롬프트, 그럼 짝지어지는 출력은 뭐라고 불러?", "관련 출력"),
        ("기본 모델이 사내 출장 규정을 모르는 이유는?", "비공개 정보"),
    )


async def test_a_term_called_by_name_and_a_price_as_data(course_app: App) -> None:
    """A term the lesson writes, called by name however the question goes on, is the
    course's ("종량제라는 게 정확히 어떻게 과금된다는 거야?" was refused, p 0.05); a term it
    does not write stays the decision's. Whether something is free asks its cost ("클라우드
    LLM 서비스는 공짜야?" had led with what a service is), a model described as free does not;
    a stock price is data a model cannot know, not a cost ("why can't an LLM tell me
    yesterday's stock price?" had got the text models' costs)."""
    assert called_terms("종량제라는 게 정확히 어떻게 과금된다는 거야?") == ("종량제",)
    assert called_terms("미세 조정이라는 건 언제 써?") == ("미세 조정", "조정")
    assert called_terms("what does the term pay-as-you-go mean for billing?") == ("pay-as-you-go",)
    assert called_terms("그런 게 있어?") == ()
    assert_decided(
        course_app,
        answered=("종량제라는 게 정확히 어떻게 과금된다는 거야?",),
        refused=("비트코인이라는 게 정확히 어떻게 채굴된다는 거야?",),
    )
    assert "cost" in question_kinds("클라우드 LLM 서비스는 공짜야?")
    assert "cost" not in question_kinds("무료로 풀린 모델이 회사 제품보다 성능이 떨어질 수도 있어?")
    assert "cost" not in question_kinds("why can't an LLM tell me yesterday's stock price?")
    await assert_first_points_say(
        course_app,
        ("종량제라는 게 정확히 어떻게 과금된다는 거야?", "사용한 양에 비례"),
        ("클라우드 LLM 서비스는 공짜야?", "무료로 제공되는 것은 아니며"),
        ("why can't an LLM tell me yesterday's stock price?", "after their training"),
    )


async def test_code_described_by_its_parts_and_a_model_run_after_downloading(
    course_app: App,
) -> None:
    """A helper that writes functions is a code generation model (the analogy's
    architectures had led), though the kind's own name asked with text's is both kinds'; a
    model downloaded and run oneself is the lesson's model run locally, LLaMA its example
    (few-shot's "예시" had led)."""
    assert "codeparrot" in task_words("사내 개발자용으로 함수 자동 작성 도우미를 만들려면")
    assert "codeparrot" not in task_words("텍스트 및 코드 생성 모델은 어디에 쓰여?")
    await assert_first_points_say(
        course_app,
        ("팀에 SQL 쿼리 자동 생성 도우미를 두려면 출력 기준으로 어떤 모델이야?", "코드 생성"),
        ("직접 받아서 돌릴 수 있는 모델로 강의가 예시로 든 건?", "LLaMA"),
    )


async def test_sides_by_half_their_name_and_a_teachers_explanation(course_app: App) -> None:
    """A side typed by half its name ("open vs proprietary?") is the open-source models, and a
    unit opening with the compound ("Open-source models are…") opens with that side: only the
    proprietary side had been covered. What is asked of the two before them is no part of a
    side ("tl;dr of open vs …" had read "dr of open"). Asked how to explain a term from
    someone's side ("선생님 입장에서 학생들한테 임베딩을 … 어떻게 설명하면 돼?"), the
    definition answers (transfer learning had). Someone broke asks for what costs little."""
    assert compared_sides("tl;dr of open vs proprietary?") == ("open source", "proprietary")
    assert compared_sides("오픈 vs 독점 차이") == ("오픈 소스", "독점")
    assert defined_term(
        "선생님 입장에서 학생들한테 임베딩을 강의 내용으로 어떻게 설명하면 돼?"
    ) == ("임베딩")
    assert ASKS_LOW_COST.search("im broke lol what approach do i start with")
    assert ASKS_LOW_COST.search("돈 없음 ㅠ 뭐부터 해?")
    reply = await course_app.service.ask(Turn(text="open vs proprietary?"))
    assert "Open-source models are" in reply.text and "Proprietary models are" in reply.text
    await assert_first_points_say(
        course_app,
        ("선생님 입장에서 학생들한테 임베딩을 강의 내용으로 어떻게 설명하면 돼?", "숫자 형태"),
    )


async def test_whether_it_is_the_one_ranked_first(course_app: App) -> None:
    """Asked yes or no whether the named thing is the one the lesson ranks first ("is
    fine-tuning the cheapest way to start?"), the sentence that says which is leads: the
    named thing's own section ("…a more cost effective and fast solution") had led, though
    it ranks nothing. Its own superlative still answers when it has one."""
    await assert_first_points_say(
        course_app,
        ("is fine-tuning the cheapest way to start?", "most cost-effective"),
        ("미세 조정이 시작하기에 제일 싼 방법이야?", "가장 비용 효율적"),
        ("is training from scratch the hardest approach?", "most difficult"),
        ("is GPT-4 the most expensive?", "GPT-4 being the most expensive"),
    )


async def test_the_quiz_storys_roles_by_their_verbs_and_a_prompt_too_long(
    course_app: App,
) -> None:
    """In the quiz story, who checks is the reviewer and who writes the content creator (the
    one who both creates and reviews had led each); asked who writes and who checks, both
    answer; the one who writes and checks is the encoder-decoder. A prompt too long with a
    counted number of examples is the prompt length limit, and the examples are counted, not
    asked for ("예시가 200개라 프롬프트가 너무 길어" had got few-shot prompting)."""
    assert "encoder only" in task_words("in the quiz story, who checks the work?")
    assert "encoder only" not in task_words("in the quiz story, who checks and writes?")
    assert "examples" not in question_kinds("예시가 200개라 프롬프트가 너무 길어. 강의 추천은?")
    await assert_first_points_say(
        course_app,
        ("in the quiz story, who checks the work?", "reviewer"),
        ("퀴즈 비유에서 검사하는 사람은?", "검토자"),
        ("퀴즈 비유에서 쓰는 사람은?", "콘텐츠 작성자"),
        ("in the quiz story, who writes and checks?", "Encoder-Decoder"),
        ("예시가 200개라 프롬프트가 너무 길어. 강의 추천은?", "미세 조정"),
    )
    reply = await course_app.service.ask(
        Turn(text="in the analogy, who writes and who checks? two lines")
    )
    assert "content creator" in reply.text and "reviewer" in reply.text


async def test_scenes_of_pictures_code_and_examples_by_the_thousand(course_app: App) -> None:
    """A painting photographed and asked about is multi-modality (the image generation
    models had led), someone asking about picture AI is not; AI-made lookbook images are the
    image generation models (the catalog had led); a language whose name ends in a sign is
    still code ("auto-complete C# scripts"); examples by the thousand are fine-tuning's
    training examples, not a few-shot prompt's."""
    assert "gpt-4o" in task_words("관람객이 그림을 찍어서 앱에 물어보게 하고 싶대")
    assert "gpt-4o" not in task_words("디자인 팀장이 그림 AI를 어디에 쓰냐고 물어보는데")
    assert "codeparrot" in task_words("a game studio wants to auto-complete C# scripts")
    assert "training examples" in task_words("a school has thousands of graded examples")
    await assert_first_points_say(
        course_app,
        ("박물관이 관람객이 그림을 찍어서 앱에 물어보게 하고 싶대. 어떤 모델?", "gpt-4o"),
        (
            "a fashion brand wants AI-made lookbook images. which models does the lesson name?",
            "DALL-E",
        ),
        ("a game studio wants to auto-complete C# scripts. model?", "CodeParrot"),
        ("게임 회사가 C# 스크립트 자동 완성을 원해. 모델은?", "CodeParrot"),
        (
            "a school wants answers in its own grading style and has thousands of graded"
            " examples. approach?",
            "Fine-tuning",
        ),
    )


async def test_a_short_question_asking_what_its_own_term_is_stands_alone(course_app: App) -> None:
    """ "비트코인이라는 게 뭐야?" after "in the quiz story, who checks the work?" was searched
    again with the question before it (three words: "too short to stand alone") and answered
    with the reviewer's passage, noted as English-only (found reading `make run` on a clean
    clone). A short question asking what its own term is stands alone; one asking what a
    pointer is ("그게 뭐야?") still leans on the question before it."""
    assert not leans_back("비트코인이라는 게 뭐야?")
    assert leans_back("그게 뭐야?") and leans_back("what is it?") and leans_back("예시는?")
    earlier = "in the quiz story, who checks the work?"
    first = await course_app.service.ask(Turn(text=earlier))
    history = (("user", earlier), ("assistant", first.text))
    reply = await course_app.service.ask(Turn(text="비트코인이라는 게 뭐야?", history=history))
    assert not reply.in_scope, reply.text
    reply = await course_app.service.ask(Turn(text="그건 뭐야?", history=history))
    assert reply.in_scope, reply.text


async def test_what_one_will_know_by_the_end(course_app: App) -> None:
    """What one will know by the end, with no lesson named, asks for the learning goals
    ("what will I know by the end?" had got RAG's "they don't know anything about the
    facts…"; "다 끝나면 뭘 알게 돼?" the approaches' list); the end of a week is no lesson's."""
    assert ASKS_ABOUT_LESSON.search("what will I know by the end?")
    assert ASKS_ABOUT_LESSON.search("다 끝나면 뭘 알게 돼?")
    assert not ASKS_ABOUT_LESSON.search("what will I know about RAG by the end of the week?")
    await assert_first_points_say(
        course_app,
        ("what will I know about businesses by the end?", "Know how businesses deploy models"),
        ("다 끝나면 뭘 알게 돼?", "비즈니스에서 모델을 배포하는 방법"),
    )


async def test_which_model_a_colleague_of_the_analogy_stands_for(course_app: App) -> None:
    """Asked which model (family) one of the analogy's colleagues stands for, the reply
    says whom they are like with the models it names: the sentence alone had not named GPT,
    and in Korean the objectives the writer fails to grasp ("학습 목표는 잘 이해하지
    못한다는") had been read as a question about the lesson's goals, which led. The lesson's
    one example of a kind is asked for as examples are, not as a one-shot prompt's."""
    assert "examples" in question_kinds(
        "for the quiz-writing colleague who drafts but doesn't really get the objectives,"
        " which model family matches?"
    )
    assert "examples" in question_kinds("name the lesson's one example of a model for images")
    assert "examples" not in question_kinds("what is it called when a prompt has one example?")
    assert not ASKS_ABOUT_LESSON.search("학습 목표는 잘 이해하지 못한다는 동료는 누구야?")
    assert ASKS_ABOUT_LESSON.search("이 강좌의 학습 목표는?")
    await assert_first_points_say(
        course_app,
        (
            "for the quiz-writing colleague who drafts but doesn't really get the objectives,"
            " which model family matches?",
            "GPT family",
        ),
        (
            "주제를 보고 흥미로운 글은 잘 쓰지만 학습 목표는 잘 이해하지 못한다는 동료는 어떤"
            " 모델 계열에 비유됐나요?",
            "GPT 제품군",
        ),
        (
            "for a debate team: name the lesson's one example of a model that grasps context"
            " but is weak at producing text.",
            "BERT",
        ),
    )


async def test_the_overview_and_the_goals_asked_by_their_place(course_app: App) -> None:
    """What the lesson lists at its start is its overview, what it promises by its end its
    goals: "one of the topics listed at the start of the chapter…" had got the foundation
    models' criteria, its Korean twin (the overview named by its heading, "개요") the
    services' running costs, "…promised by the end of this reading" zero-shot prompting.
    The challenge "at the end of the lesson" is still the challenge."""
    assert ASKS_ABOUT_LESSON.search("what topics are listed at the start of the chapter?")
    # (At its end is the challenge's place: searched with the lesson's words, the goals
    # had outranked it.)
    assert not ASKS_ABOUT_LESSON.search("What is the challenge at the end of the lesson?")
    assert not ASKS_ABOUT_LESSON.search("강의에서 처음부터 학습시키는 건 어렵다고 했지?")
    # ("내보내" is deploying only when a model is sent out to be used: "뭘 내보내?" asks what
    # a model outputs, which the transfer-learning sentence had answered.)
    assert "produces" in question_kinds("임베딩 모델은 뭘 내보내?")
    first, reply = await first_point(course_app, "임베딩 모델은 뭘 내보내?")
    assert "숫자 형태" in first, reply.text
    assert ASKS_ABOUT_LESSON.search("강의 맨 앞에 나온 주제는?")
    await assert_first_points_say(
        course_app,
        (
            "one of the topics listed at the start of the chapter is about putting models"
            " into use — which?",
            "How to deploy an LLM",
        ),
        (
            "강의 맨 앞 개요에 나온 주제 중 모델을 실제로 쓰도록 내보내는 것과 관련된 건?",
            "LLM을 배포하는 방법",
        ),
        ("list one skill I'm promised by the end of this reading.", "Select the right model"),
        ("What is the challenge at the end of the lesson?", "use RAG"),
    )


async def test_student_words_for_recent_facts_tapes_a_long_list_and_a_model_page(
    course_app: App,
) -> None:
    """A student's words for what the lesson names otherwise: last year's events are facts
    after training (the studio's list had led), taped stories wanting written copies are
    speech recognition (the open-source models had), cutting a long model list down is
    filtering, a model's page with a sample prompt typed in is the card's sample inference
    widget (zero-shot prompting had led: "예시 프롬프트" is the student's prompt, not a request
    for examples). Saving money asks what costs little, and "어떤 접근부터" where to start."""
    assert ASKS_LOW_COST.search("작은 스타트업이 돈을 아끼려면 어떤 접근부터 시작해?")
    assert ASKS_LOW_COST.search("how can a club save money on this?")
    assert "first" in question_kinds("돈을 아끼려면 어떤 접근부터 시작하라고 해?")
    assert "examples" not in question_kinds("예시 프롬프트를 넣어 보는 기능은?")
    await assert_first_points_say(
        course_app,
        (
            "작년 사건에 대해 물어보면 모델이 모른다고 하던데, 강의에서 설명한 그 이유가 정확히"
            " 뭔가요?",
            "학습 과정 이후에 발생한 사실",
        ),
        (
            "I volunteer at a hospice and we tape residents' life stories in Spanish and"
            " Tagalog; the coordinator wants written copies. which model type from the"
            " reading fits that chore?",
            "Whisper",
        ),
        (
            "I'm overwhelmed scrolling Azure's model list looking for an open translation"
            " model with a permissive licence. how does the chapter say to cut the list down?",
            "filtering by task, license, or name",
        ),
        (
            "모델 설명 페이지에서 예시 프롬프트를 바로 넣어 보고 결과를 확인하는 기능 이름이"
            " 뭐였죠?",
            "샘플 추론 위젯",
        ),
    )


async def test_microsofts_hosted_gpt_public_weights_and_sermons_into_text(course_app: App) -> None:
    """More of a student's words for what the lesson names: Microsoft's hosted GPT offering
    is its example service (the text models' costs had led "…how would charges track that
    pattern?"); weights the public can take are open-source models (the embeddings' reused
    weights had led the Korean one, the catalog the English); sermons turned into text are
    speech recognition (text generation had led, in both languages). The usual jobs of a
    kind of model ask what it is used for; which names, for examples."""
    assert "purpose" in question_kinds("what are the usual jobs for picture-making models?")
    assert "examples" in question_kinds("which names from the reading would satisfy her?")
    await assert_first_points_say(
        course_app,
        (
            "we run a tiny tutoring bot that's idle all summer and busy in exam weeks; if we go"
            " with the Microsoft-hosted GPT offering from the reading, how would charges track"
            " that pattern?",
            "pay-as-you-go",
        ),
        (
            "my thesis advisor insists I only use models whose weights the public can grab."
            " which names from the reading would satisfy her?",
            "LLaMA",
        ),
        (
            "지도교수님이 가중치를 누구나 받을 수 있는 모델만 쓰라고 하셨어요. 강의에 나온 이름 중"
            " 어떤 게 해당하나요?",
            "LLaMA",
        ),
        (
            "a church choir wants its Sunday sermons in Korean and English turned into text for"
            " the newsletter; what model type does the reading point to?",
            "Whisper",
        ),
        (
            "교회 성가대가 한국어와 영어 설교를 소식지용 글로 바꾸고 싶어 해요. 강의가 가리키는"
            " 모델 유형은?",
            "Whisper",
        ),
    )


async def test_the_lesson_asked_in_a_conjugated_verb_and_what_a_kind_can_do(
    course_app: App,
) -> None:
    """ "강의가 다룬다고 한 첫 번째 주제는?" asks about the lesson as "강의가 다루는…" does
    (the analogy's "주제를 보고" had led: the conjugated verb was not read); what a kind of
    model can do asks for its uses, not for its examples (DALL-E-3 had led)."""
    assert ASKS_ABOUT_LESSON.search("강의가 다룬다고 한 첫 번째 주제는 뭐예요?")
    assert ASKS_ABOUT_LESSON.search("이 강좌를 마친 뒤에는 뭘 할 수 있어?")
    assert "examples" not in question_kinds(
        "what picture-generating models can do with photos we already have?"
    )
    assert "examples" in question_kinds("what image models does the lesson name?")
    assert "examples" in question_kinds("which open models do people use?")
    await assert_first_points_say(
        course_app,
        ("강의가 다룬다고 한 첫 번째 주제는 뭐예요?", "다양한 유형의 LLM"),
        (
            "a marketing intern asks what picture-generating models can do with photos we"
            " already have versus from scratch; what does the reading say?",
            "image editing",
        ),
    )


async def test_a_korean_scene_clause_and_how_exactly_before_a_definition(
    course_app: App,
) -> None:
    """A Korean clause that sets a scene ends in "…는데," as an English one ends in a full
    stop, and "정확히" asks how exactly, not part of the term: "회의에서 임베딩이란 말을 계속
    듣는데, 강의에서 말하는 임베딩이 정확히 뭐예요?" had got the transfer-learning sentence.
    The product a chapter uses to illustrate something is its example (the services'
    strengths had led)."""
    assert defined_term("임베딩이 정확히 뭐야?") == "임베딩"
    assert defined_term("친구가 그러는데, RAG가 도대체 뭐야?") == "RAG"
    assert "examples" in question_kinds(
        'give me the one product the chapter uses to illustrate what a cloud "service" is.'
    )
    await assert_first_points_say(
        course_app,
        (
            "회의에서 임베딩이란 말을 계속 듣는데, 강의에서 말하는 임베딩이 정확히 뭐예요?",
            "숫자 형태로 표현",
        ),
        (
            'give me the one product the chapter uses to illustrate what a cloud "service" is.',
            "Azure OpenAI Service",
        ),
    )


async def test_a_task_the_scene_describes_and_an_example_asked_for(course_app: App) -> None:
    """A task the scene describes is what the student is doing; unless the question asks which
    model or way does it, it names no model: "…looking for an open translation model…. how does
    the chapter say to cut the list down?" asks for the catalog's filtering (text models, which
    translate, had led). Asked for an example, a unit naming one leads over a close one of its
    section that names none ("…장비를 구입하고…" had led, LLaMA the next sentence)."""
    scene = "I'm scrolling Azure's model list looking for an open translation model."
    assert task_words(f"{scene} how does the chapter say to cut the list down?") == ()
    assert task_words(f"{scene} which model type fits?")
    assert task_words("법원이 재판 녹음을 받아 적고 싶어. 강의가 가리키는 모델 종류는?")
    assert task_words("우리 팟캐스트 녹음을 글로 받아 적고 싶어. 강의가 권하는 방법은?")
    assert task_words("우리 팟캐스트 녹음을 글로 받아 적고 싶어. 강의는 이걸 몇 장에서 다뤄?") == ()
    await assert_first_points_say(
        course_app,
        (
            "I'm overwhelmed scrolling Azure's model list looking for an open translation"
            " model with a permissive licence. how does the chapter say to cut the list down?",
            "filtering by task, license, or name",
        ),
        ("직접 받아서 돌릴 수 있는 모델로 강의가 예시로 든 건?", "LLaMA"),
    )


async def test_the_closing_parts_by_a_students_name_a_list_set_aside_and_community_models(
    course_app: App,
) -> None:
    """The knowledge check as "단원 끝 퀴즈" and the challenge as "the small assignment the
    chapter leaves us with at the very end" are the lesson's (both had been refused); several
    things set aside in a list are all set aside ("…the billing and the interface; what is a
    model at bottom?" had asked for costs, and led with the services' price); "X냐 Y냐 말고"
    sets both aside; "커뮤니티 모델" is open source; a base model told apart from an LLM is the
    foundation models' section."""
    assert_decided(
        course_app,
        answered=(
            "단원 끝 퀴즈에서 응답 결과 개선 문제의 정답 번호는 몇 번이에요?",
            "what is the small assignment the chapter leaves us with at the very end?",
        ),
    )
    assert set_aside("strip away the cloud packaging, the billing and the interface; what?") == [
        "the cloud packaging, the billing and the interface"
    ]
    assert set_aside("besides RAG, what else helps?") == ["RAG"]
    assert set_aside("오픈 소스냐 독점이냐 말고, 또 다른 분류는?") == ["오픈 소스냐 독점이냐"]
    await assert_first_points_say(
        course_app,
        (
            "strip away the cloud packaging, the billing and the interface; what is a model at"
            " bottom, according to the text?",
            "Neural Network",
        ),
        (
            "품질이 최우선인 스타트업이라면, 강의는 커뮤니티 모델 성능을 독점 모델과 어떻게"
            " 비교하나요?",
            "성능이 뛰어나지 않을",
        ),
        ("what is the small assignment the chapter leaves us with at the very end?", "RAG"),
    )
    reply = await course_app.service.ask(
        Turn(
            text="to make the difference between a base model and an LLM clearer, which product"
            " does the chapter use as its example?"
        )
    )
    assert "ChatGPT" in reply.text


async def test_a_drafter_who_does_not_grasp_examples_gathered_and_a_longer_aside(
    course_app: App,
) -> None:
    """The analogy's content creator in other words ("churns out … but doesn't grasp the
    learning goals": fine-tuning's "less capable models" had led); examples a student is
    gathering to train on are asked for by no one ("예시를 모으는 중이에요. 훈련 예제 하나에는
    무엇이 들어가야…" had led with few-shot prompting); a set-aside of four words ("strip away
    the service around it") is still set aside (the services' price had padded the answer)."""
    assert "decoder-only" in task_words(
        "the colleague who churns out engaging material but doesn't grasp the learning goals"
    )
    assert "examples" not in question_kinds(
        "We're collecting examples to adapt a model. What does each training example contain?"
    )
    assert "examples" not in question_kinds("모델을 조정하려고 예시를 모으는 중이에요.")
    assert "examples" in question_kinds("임베딩 모델의 예시를 들어줘")
    assert set_aside("what is a model once you strip away the service around it") == [
        "the service around it"
    ]
    await assert_first_points_say(
        course_app,
        (
            "Think of the colleague in the quiz story who happily churns out engaging material"
            " but doesn't grasp the learning goals. Which model does the chapter name as an"
            " example of that type?",
            "GPT-3",
        ),
        (
            "헬프데스크용으로 모델을 조정하려고 예시를 모으는 중이에요. 훈련 예제 하나에는"
            " 무엇이 들어가야 한다고 강의에 나오나요?",
            "단일 입력",
        ),
    )
    reply = await course_app.service.ask(
        Turn(text="an accountant asks what a model is once you strip away the service around it")
    )
    assert "Neural Network" in parse_points(reply.text)[0].text
    assert "graphical user interface" not in reply.text


async def test_the_approaches_to_deploying_are_no_question_of_where_to_deploy(
    course_app: App,
) -> None:
    """The approaches "to deploy an LLM in production, with different levels of complexity,
    cost, and quality" asked how they differ are no question of where a model is deployed: the
    team's "deploy them on inference endpoints" had led, in both languages."""
    assert "deploy" not in question_kinds("approaches to deploying an LLM differ how?")
    assert "deploy" not in question_kinds("프로덕션 배포 접근 방식은 어떻게 달라?")
    assert "deploy" in question_kinds("where can I deploy the fine-tuned model?")
    assert "deploy" in question_kinds("미세 조정한 모델은 어디에 배포해?")
    await assert_first_points_say(
        course_app,
        (
            "I'm making a table comparing approaches to deploying an LLM in production. Which"
            " dimensions does the reading say they differ in?",
            "complexity, cost, and quality",
        ),
        (
            "프로덕션 배포 접근 방식을 비교하는 표를 만들어요. 강의는 어떤 면에서 다르다고 하나요?",
            "복잡성, 비용 및 품질",
        ),
    )


async def test_one_side_of_two_set_aside_and_a_category_is_no_example(course_app: App) -> None:
    """Setting the service aside sets aside its units, not the section of two sides ("Service
    versus Model", "서비스와 모델"), whose "LLaMA와 같은 모델을…" answers; and "such as an LLM",
    "LLM과 같은 기초 모델" name the lesson's category, no example (it had led "…우리 장비에서
    모델을 돌리고 싶어요. 강의가 그렇게 쓸 수 있는 모델로 예를 든 건?")."""
    assert not unit_says("examples", "A model is often a foundation model, such as an LLM.")
    assert not unit_says("examples", "모델은 종종 LLM과 같은 기초 모델입니다.")
    assert unit_says("examples", "Some examples of Decoder models are GPT family models.")
    assert unit_says("examples", "LLaMA와 같은 모델을 사용할 수 있지만")
    await assert_first_points_say(
        course_app,
        (
            "클라우드 서비스를 빌리는 대신 우리 장비에서 모델을 돌리고 싶어요. 강의가 그렇게"
            " 쓸 수 있는 모델로 예를 든 건?",
            "LLaMA",
        ),
    )
    # Nor is what it sets aside a further point (the services' price had been the second).
    korean = await course_app.service.ask(
        Turn(
            text="클라우드 서비스를 빌리는 대신 우리 장비에서 모델을 돌리고 싶어요. 강의가"
            " 그렇게 쓸 수 있는 모델로 예를 든 건?"
        )
    )
    assert "구독 또는 지불" not in korean.text, korean.text
    reply = await course_app.service.ask(
        Turn(
            text="We'd rather run a model on our own hardware than rent a cloud service. What"
            " model does the reading give as an example of one you can use that way?"
        )
    )
    assert "LLaMA" in reply.text


def test_asked_for_an_example_a_close_unit_naming_one_leads_unless_set_aside() -> None:
    """The example-first rule on its own: a best point naming no example yields to a unit of
    its section that names one within `EXAMPLE_MARGIN`; not to one further behind, nor one of
    another section, nor one about what the question sets aside (the services' "An example of
    service is…" for "클라우드 서비스를 빌리는 대신 … 예를 든 건?")."""
    from bot.rag.extract import EXAMPLE_MARGIN, FEATURES, _naming_an_example
    from bot.rag.search import Hit
    from bot.rag.store import StoredUnit

    names = [name for name, _w in FEATURES]

    def cand(text: str, score: float, heading: str = "h", **flags: float) -> Candidate:
        unit = StoredUnit(text[:8], "x.md", heading, "ko", 0, "sentence", text, "", (), ())
        hit = Hit("c", "x.md", heading, "ko", "02", text, 1.0, 1.0)
        features = tuple(flags.get(n, 0.0) for n in names)
        return Candidate(unit, hit, score, frozenset(), features=features)

    lead = cand("모델은 매개변수, 가중치 등이 포함된 신경망에 불과합니다.", 3.6)
    llama = cand("LLaMA와 같은 모델을 사용할 수 있지만…", 3.6 - EXAMPLE_MARGIN + 0.1, kind=1.0)
    service = cand("예를 들어 Azure OpenAI service 서비스는…", 3.5, kind=1.0, aside=1.0)
    far = cand("LLaMA와 같은 모델을 사용할 수 있지만…", 3.6 - EXAMPLE_MARGIN - 0.1, kind=1.0)
    other = cand("인기 있는 오픈 소스 모델의 예로는…", 3.5, heading="other", kind=1.0)
    assert _naming_an_example(lead, [lead, service, llama]) is llama
    assert _naming_an_example(lead, [lead, service]) is lead
    assert _naming_an_example(lead, [lead, far, other]) is lead
    # A best point that names an example stays.
    named = cand("Some examples of Decoder models are GPT family models.", 3.6, kind=1.0)
    assert _naming_an_example(named, [named, llama]) is named


async def test_a_trainers_words_an_intensifier_a_representative_model_and_a_count_of_two(
    course_app: App,
) -> None:
    """Student words of the forty-first round's drafts: an intensifier says nothing a term
    does ("돈이 정말 없어요" is "돈이 없어요"); a course finished ("수료 후") is the learning
    goals' (not "수료증"); writing the question well is prompt engineering; results raised
    ("끌어올리는") are improved; a model's intended use is on its card; a representative model
    is an example; training not done with its verb sets training aside; asked for two, a
    sentence naming a pair of things is a list of two; a list of what something "needs" is a
    list (training from scratch's three)."""
    glossary = Glossary()
    terms = dict(glossary.used("작은 NGO라 돈이 정말 없어요"))
    assert terms.get("돈이 없") == ("비용 효율적",)
    assert "수료 후" in dict(glossary.used("이 단원 수료 후 역량은?"))
    assert not glossary.used("이 강좌 수료증은 어디서 받아?")
    assert "프롬프트 엔지니어링" in glossary.expansions("질문을 잘 짜는 쪽부터 해 볼래요")
    assert set_aside("모델을 새로 학습시키지 않고 질문을 잘 짜는 쪽부터") == ["모델", "학습"]
    assert set_aside("미세 조정하지 않고 성능을 높이려면?") == ["미세 조정"]
    from bot.rag.extract import _ASKS_TWO, _NAMED_PAIR

    assert _ASKS_TWO.search("유명한 두 가지는?") and _ASKS_TWO.search("그 둘은 뭐야?")
    assert not _ASKS_TWO.search("카탈로그를 둘러보는데 뭐부터 봐?")
    assert _NAMED_PAIR.search("DALL-E와 Midjourney가 좋은 선택지") and _NAMED_PAIR.search(
        "BART and T5"
    )
    await assert_first_points_say(
        course_app,
        (
            '신입 연수에서 "LLM 결과를 끌어올리는 세 갈래 길"을 칠판에 쓰려고 해요. 강의 목록'
            " 그대로 알려 주세요.",
            "Retrieval Augmented Generation",
        ),
        (
            "사내 교육 담당자가 이 단원 수료 후 역량 세 가지를 보고서에 적으래요. 그중 마지막,"
            " 기업 쪽 얘기는 정확히 뭐라고 돼 있어요?",
            "비즈니스에서 모델을 배포하는 방법",
        ),
        (
            "신규 모델을 도입하기 전에 의도된 용도랑 한계를 문서로 확인하고 싶어요. 강의는"
            " 어디서 보라고 하죠?",
            "모델 카드",
        ),
        (
            "비유 속 두 동료 중 글을 읽고 답안과의 관계를 따지지만 직접 쓰지는 못하는 쪽이"
            " 있잖아요. 그 사람에 해당하는 대표 모델은?",
            "BERT",
        ),
        (
            "보안 때문에 학생 데이터가 학교 밖으로 나가면 안 된대요. 그럼 모델을 우리 건물"
            " 안에서 돌려야 하는데, 강의는 그러려면 뭘 갖춰야 한다고 해요?",
            "장비를 구입",
        ),
        (
            "미술 선생님이 글로 그림을 만들고 싶어 하세요. 강의에서 언급한 유명한 두 가지는?",
            "DALL-E와 Midjourney",
        ),
        (
            "처음부터 모델을 학습시키겠다는 계획서에 필요한 자원 목록을 적어야 해요. 강의가"
            " 꼽은 세 가지는?",
            "숙련된 리소스",
        ),
    )


async def test_a_scene_closed_by_a_semicolon_a_deadline_in_seconds_a_real_model_and_strip_off(
    course_app: App,
) -> None:
    """A scene a semicolon closes is a scene ("…a summarisation model with a permissive licence
    is painful; how does the reading say you can narrow it?" had led with the text models, on
    the scene's task); a deadline in seconds is latency; tens of examples in a prompt ask for
    none; a real model is a named one (BERT for the analogy's checker); what is stripped off
    ("…를 다 떼어 내면", "걷어 내면") is set aside; a bot answering from a handbook asks
    nothing of the knowledge check; what to do after a scene ("…; what then?") asks for a
    way, and keeps the scene's task."""
    assert "prompt length limit" in task_words(
        "we have too many examples to fit into the prompt; what then?"
    )
    scene = (
        "scrolling hundreds of catalog entries for a summarisation model with a permissive"
        " licence is painful; how does the reading say you can narrow it?"
    )
    assert task_words(scene) == ()
    assert set_aside("AI 제품에서 대시보드랑 청구서를 다 떼어 내면, 모델이 결국 뭐라고 해요?") == [
        "대시보드랑 청구서"
    ]
    handbook = (
        "we're two volunteers with a weekend and no labelled data, but we want the bot to answer"
        " from our handbook; when does the chapter say the retrieval approach shines?"
    )
    assert not asks_quiz(handbook)
    assert asks_quiz("which answer does the chapter's key give?")
    await assert_first_points_say(
        course_app,
        (scene, "filtering by task, license, or name"),
        (handbook, "enough data, enough time, or resources"),
        (
            "박물관 음성 안내 키오스크는 1초 안에 답해야 하고 프롬프트에 예시를 수십 개 넣을 수도"
            " 없어요. 미세 조정을 택하는 이유 중 어느 것에 해당해요?",
            "지연 시간",
        ),
        (
            "in that quiz story, the checker reads the course and answers and sees how they"
            " relate but can't write; which real model is that person?",
            "BERT",
        ),
        (
            "퀴즈 이야기에서 강의 내용과 답안을 읽고 관계는 파악하지만 직접 쓰지는 못하는 검토자는"
            " 어떤 실제 모델이에요?",
            "BERT",
        ),
    )
    # One worked example is one-shot learning (transfer learning had led, on "learning"); the
    # deployment approaches, asked how they differ, are no question of where a model goes.
    await assert_first_points_say(
        course_app,
        (
            "I give the model exactly one worked example before my question; which learning"
            " does the chapter call that?",
            "one-shot",
        ),
        (
            "our architecture review asks how the deployment approaches differ; along what axes"
            " does the chapter say?",
            "complexity, cost, and quality",
        ),
    )
    # The service stripped off pads the answer no more.
    reply = await course_app.service.ask(
        Turn(text="클라우드 서비스를 걷어 내면 모델 그 자체는 뭐로 이루어져 있어?")
    )
    assert "신경망에 불과" in reply.text
    assert "클라우드 서비스 제공업체" not in reply.text, reply.text


async def test_what_to_study_next_is_the_learning_collection_and_a_named_model_is_an_example(
    course_app: App,
) -> None:
    """What the lesson recommends studying after it is its closing "Generative AI Learning
    collection" (the learning goals and RAG's limits had answered); a model "강의가 이름을 든"
    is an example asked for."""
    await assert_first_points_say(
        course_app,
        ("what does the chapter recommend studying after finishing this unit?", "Learning"),
        ("이 단원을 마친 사람에게 강의가 추천하는 다음 공부 자료는 뭐예요?", "학습 컬렉션"),
    )
    reply = await course_app.service.ask(
        Turn(
            text="외부 클라우드 없이 연구실 GPU 서버에 직접 올릴 만한 모델로 강의가 이름을 든"
            " 게 있어요?"
        )
    )
    assert "LLaMA" in reply.text, reply.text


async def test_a_model_that_keeps_learning_is_no_student_studying_next(course_app: App) -> None:
    """ "Keep learning" names the closing learning collection when the student is the one to
    learn; a model that keeps learning is asked about the model ("how does a model keep
    learning after training?" had got "check out our Generative AI Learning collection")."""
    from bot.rag.glossary import Glossary

    glossary = Glossary()
    machine = "how does a model keep learning after training?"
    assert not any(t == "keep learning" for t, _ in glossary.used(machine))
    assert any(t == "keep learning" for t, _ in glossary.used("how do I keep learning?"))
    # A student the subject, or a machine only as a topic, is still a student studying next.
    from bot.rag.glossary import MACHINE_LEARNS

    for student in (
        "my students finished; where can they keep learning?",
        "I love AI and keep learning; what does the chapter recommend next?",
        "LLM에 대해 더 공부하려면 강의가 뭘 추천해요?",
        "AI 모델을 더 공부하고 싶은데 다음 공부 자료는?",
    ):
        assert MACHINE_LEARNS.search(student.lower()) is None, student
    assert "next" in question_kinds("LLM에 대해 더 공부하려면 강의가 뭘 추천해요?")
    assert "next" not in question_kinds("모델이 배포 후에도 계속 학습하나요?")
    assert "next" in question_kinds("이번 강의 끝내고 더 공부하려면 어디를 봐?")
    for question in (machine, "can ChatGPT keep learning from my conversations?"):
        reply = await course_app.service.ask(Turn(text=question))
        assert "Learning collection" not in reply.text, reply.text
    reply = await course_app.service.ask(
        Turn(text="I finished the chapter; how do I keep learning?")
    )
    assert "Learning collection" in reply.text, reply.text


async def test_what_is_out_of_reach_is_set_aside(course_app: App) -> None:
    """An approach out of reach is set aside, as "besides" does: "…when fine-tuning isn't
    feasible?", "미세 조정이 어려울 때…" ask for another way (fine-tuning's own conditions had
    led: its heading was named by the glossary's "Fine-tuned model" for "미세 조정")."""
    assert set_aside("which technique helps when fine-tuning isn't feasible?") == ["fine-tuning"]
    assert set_aside("미세 조정이 어려울 때 강의가 권하는 기법은?") == ["미세 조정"]
    assert set_aside("is fine-tuning feasible for us?") == []
    assert set_aside("we can't afford to fine-tune anything") == ["fine-tune anything"]
    assert set_aside("우리 동아리는 미세 조정을 하기 어렵다면 어떤 방법을 추천해요?") == [
        "미세 조정"
    ]
    assert set_aside("besides what they'd use it for, what else drives the choice?") == [
        "what they'd use it for"
    ]
    await assert_first_points_say(
        course_app,
        (
            "a rowing club's website team has little time and few resources; which technique"
            " does the lesson recommend when fine-tuning isn't feasible?",
            "RAG",
        ),
        (
            "조정 클럽 홈페이지 팀은 시간도 자원도 별로 없어요. 미세 조정이 어려울 때 강의가"
            " 권하는 기법은?",
            "RAG",
        ),
        (
            "our museum volunteers can't gather training data and fine-tuning is out of the"
            " question; if fine-tuning isn't possible, what does the lesson suggest instead?",
            "RAG",
        ),
        (
            "our fab lab can't afford to fine-tune anything; when fine-tuning is off the table,"
            " what does the reading offer?",
            "enough time",
        ),
        ("우리 동아리는 미세 조정을 하기 어렵다면 강의가 어떤 방법을 추천해요?", "충분하지 않지만"),
        (
            "a ceramics studio picking an LLM: besides what they'd use it for, what else does"
            " the chapter say should drive the choice?",
            "how much you're ready to pay",
        ),
    )


async def test_a_prompt_without_examples_a_single_solved_one_and_the_promised_outcomes(
    course_app: App,
) -> None:
    """A prompt "with no sample at all" is zero-shot (the quiz analogy's "course" had led), "a
    single solved case" one-shot (fine-tuning's "a single input" had); a lesson's "promised
    outcomes" are its learning goals (the service section had answered "…put models into
    service?"); "free models" are the open-source side (the proprietary ones, "not always
    … for free", had led); a model on "its own box" is run locally; a price paid, "대가", is a
    cost asked; approaches asked in the plural ("접근 방식들은?") are enumerated; a model
    made "바닥부터" is trained from scratch."""
    assert "examples" not in question_kinds("a prompt with no example at all: what is it called?")
    assert "cost" in question_kinds(
        "자체 데이터로 모델을 추가 학습하면 뭘 얻고 대가는 뭐라고 해요?"
    )
    assert "enumeration" in question_kinds("강의에 나온 접근 방식들은?")
    await assert_first_points_say(
        course_app,
        (
            'a librarian types only "Summarise this poem:" with no sample at all; what does the'
            " course call asking like that?",
            "zero-shot",
        ),
        (
            '사서가 예시 하나 없이 "이 시를 요약해"라고만 입력했어요.'
            " 강의에선 이런 방식을 뭐라고 불러요?",
            "제로 샷",
        ),
        (
            "my prompt for a recipe-unit converter contains exactly a single solved case; which"
            " term from the lesson fits?",
            "one-shot",
        ),
        (
            "which of the promised outcomes of this lesson is about how companies put models"
            " into service?",
            "Know how businesses deploy models",
        ),
        (
            "our co-op is tempted by free models; what production downside does the reading flag?",
            "not always optimized for production",
        ),
        (
            "협동조합에서 무료 모델에 끌리는데, 강의가 경고한 운영상의 단점은?",
            "프로덕션 사용에 최적화",
        ),
        (
            "a rural clinic wants the model on its own box in the back office instead of a cloud"
            " offering; what does the chapter say they'd have to take on?",
            "buy equipment",
        ),
        (
            "개요 목록에서 자체 데이터로 모델을 추가 학습하면 뭘 얻고 대가는 뭐라고 해요?",
            "더 정확하고",
        ),
        (
            "스튜디오 안에서 우리 온실 센서 작업량에 맞게 카탈로그 모델을 조정할 수 있어요?",
            "미세 조정",
        ),
        (
            "낙농 조합이 챗봇 답변을 개선하고 싶어요. 강의에 나온 접근 방식들은?",
            "몇 가지 접근 방식",
        ),
        (
            "종자 은행이 수십 년 발아 기록으로 모델을 바닥부터 만들 만한 경우는 언제라고 해요?",
            "처음부터 학습",
        ),
    )


async def test_where_the_lesson_sends_a_student_when_done(course_app: App) -> None:
    """Where the lesson sends the student once done asks what comes next: "이 단원 다 보면 강의가
    어디로 가라고 해요?" was refused, its "어디" and "가" read as a stranger the lesson was
    asked about; "강의 다 보고 나면 어디로 가면 돼요?" had got the startup's "다음 단계"."""
    assert "next" in question_kinds("강의 다 보고 나면 어디로 가면 돼요?")
    assert_decided(
        course_app,
        refused=[
            "강의에서 어디 가면 피자 먹을 수 있대?",
            "does the lesson say where to go skiing?",
        ],
        answered=[
            "이 단원 다 보면 강의가 어디로 가라고 해요?",
            "이 단원 끝나면 강의가 어디로 가라고 해요?",
            "when I'm finished with this chapter, where should I go?",
        ],
    )
    await assert_first_points_say(
        course_app,
        ("이 단원 다 보면 강의가 어디로 가라고 해요?", "3강"),
        ("강의 다 보고 나면 어디로 가면 돼요?", "3강"),
    )


async def test_set_aside_as_a_verb_and_internal_memos(course_app: App) -> None:
    """ "Set aside the dashboards and billing: … what is a model at bottom?" sets them aside as
    "setting aside" does (the proprietary models' paragraph had led); an internal memo is
    the company data a model cannot see ("…기성 모델이 왜 내부 판례 메모를 인용 못 하는지…"
    had got the foundation models' criteria)."""
    assert set_aside("set aside the dashboards and billing: what is a model?") == [
        "the dashboards and billing"
    ]
    await assert_first_points_say(
        course_app,
        (
            "set aside the dashboards and billing: in the chapter's words, what is a model at"
            " bottom?",
            "Neural Network",
        ),
        (
            "작은 법률 사무소가 기성 모델이 왜 내부 판례 메모를 인용 못 하는지 물어요. 강의가"
            " 말하는 한계는?",
            "비공개 정보",
        ),
    )


async def test_openly_available_models_are_the_open_source_side(course_app: App) -> None:
    """ "Openly available", "freely downloadable" name the open-source side: "…only openly
    available models; which examples from the chapter qualify?" had led with the proprietary
    models' examples (which are "not made available to the public")."""
    from bot.rag.kinds import LICENCES

    assert LICENCES.in_question("only openly available models, please") == {"open-source"}
    assert LICENCES.in_question("a freely downloadable model") == {"open-source"}
    await assert_first_points_say(
        course_app,
        (
            "the hackathon rules say only openly available models; which examples from the"
            " chapter qualify?",
            "Alpaca, Bloom and LLaMA",
        ),
    )
