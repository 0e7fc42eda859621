"""Generated drafts: offline cloze checks, model drafts verified twice, teacher approval."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.app import App
from bot.quiz.bank import load_banks
from bot.quiz.generate import (
    approve,
    cloze_drafts,
    generate_drafts,
    parse_model_draft,
    write_drafts,
)
from bot.rag.ingest import load_corpus
from tests.conftest import KNOWLEDGE, fake_models, make_settings
from tests.fakes.openai_server import FakeOpenAI, Step


def test_cloze_drafts_pass_their_checks_in_both_languages() -> None:
    for doc in load_corpus(KNOWLEDGE).documents:
        drafts = cloze_drafts(doc)
        assert len(drafts) >= 15, doc.lang
        sections = {s.heading for s in doc.sections}
        for d in drafts:
            assert d.passed, d.checks
            assert d.source in sections and "_____" in d.prompt
            right = [c["text"] for c in d.choices if c.get("correct")]
            assert len(right) == 1 and len(d.choices) == 4
            # The answer fills the blank back into the source sentence.
            assert (
                d.prompt.replace("_____", right[0], 1) in d.explanation or right[0] in d.explanation
            )


def test_drafts_never_load_until_approved(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    (quizzes / "drafts").mkdir(parents=True)
    doc = next(d for d in load_corpus(KNOWLEDGE).documents if d.lang == "en")
    drafts = cloze_drafts(doc)
    path = quizzes / "drafts" / "lesson.en.yaml"
    write_drafts(path, doc.lesson, doc.lang, drafts)
    assert load_banks(quizzes, KNOWLEDGE).questions == {}  # drafts are not a bank

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["approved"] = True
    data["questions"][1]["approved"] = True
    data["questions"][1]["checks"]["choices_distinct"] = False  # a failed check blocks approval
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    moved, left = approve(path, quizzes / "generated.en.yaml")
    assert (moved, left) == (1, len(drafts) - 1)
    banks = load_banks(quizzes, KNOWLEDGE)
    assert banks.errors == [] and list(banks.questions) == [drafts[0].id]


def test_parse_model_draft() -> None:
    good = {"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 2, "evidence": "x"}
    assert parse_model_draft("Sure! " + json.dumps(good)) == good
    assert parse_model_draft("no json") is None
    assert parse_model_draft(json.dumps({**good, "answer": 7})) is None
    assert parse_model_draft(json.dumps({**good, "choices": ["a", "b"]})) is None


@pytest.fixture
async def model_app(course_app: App, fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[App]:
    fake_llm.reset()
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/g.db",
        quizzes_dir=quizzes,
        models=fake_models(fake_llm.base_url),
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    yield app
    await app.aclose()


async def test_model_drafts_are_verified(model_app: App, fake_llm: FakeOpenAI) -> None:
    sections = next(d for d in load_corpus(KNOWLEDGE).documents if d.lang == "en").sections
    evidence = sections[0].paragraphs[0][:70]  # a verbatim quote of the first section
    real = {
        "question": "Which approach is the most difficult?",
        "choices": ["RAG", "Prompting", "Training from scratch", "Fine-tuning"],
        "answer": 2,
        "evidence": evidence,
    }
    invented = {**real, "evidence": "This sentence is not in the lesson."}
    # Per section: a draft reply, then the source-only check's reply.
    steps: list[Step] = []
    for i, _ in enumerate(sections):
        if i == 0:
            steps += [Step(text=json.dumps(real)), Step(text="3")]  # verified
        elif i == 1:
            steps += [Step(text=json.dumps(real)), Step(text="1")]  # the check disagrees
        elif i == 2:
            steps += [Step(text=json.dumps(invented)), Step(text="3")]  # quote not verbatim
        else:
            steps += [Step(text="not json")]  # unusable: no check call
    fake_llm.script.extend(steps)
    report = await generate_drafts(
        model_app.settings, model_app.service.gateway, ["en"], per_section=1, use_model=True
    )
    assert report["by_method"]["model"] == {"drafts": 3, "passed": 1}
    assert report["by_method"]["cloze"]["drafts"] >= 10
    # The source-only pass never sees which answer is keyed.
    checks = [
        r for r in fake_llm.requests if "Reply with the number" in r["messages"][0]["content"]
    ]
    assert checks and all('"answer"' not in r["messages"][0]["content"] for r in checks)
    text = await asyncio.to_thread(Path(report["files"][0]).read_text, encoding="utf-8")
    saved = yaml.safe_load(text)
    assert all(q["approved"] is False for q in saved["questions"])
