"""Side-by-side comparison and the live routing evaluation, through a real App."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.core.compare import compare
from bot.evaluation.routing import RoutingQuestion, evaluate_routing
from bot.llm.budget import Who
from tests.conftest import fake_models, make_settings
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture
async def model_app(course_app: App, fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[App]:
    fake_llm.reset()
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/app.db",
        models=fake_models(fake_llm.base_url),
        llm_idle_timeout_s=0.5,
        llm_timeout_s=5,
    )
    app = App.build(settings, warm_korean=False)
    app.ensure_loaded()
    yield app
    await app.aclose()


async def test_compare_same_sections_side_by_side(model_app: App, fake_llm: FakeOpenAI) -> None:
    fake_llm.script.extend([Step(text="Cheap answer [1]."), Step(text="Premium answer [1][2].")])
    report = await compare(
        model_app.service,
        "What is a fine-tuned model?",
        ["fake-cheap", "fake-premium", "nope"],
        Who("t", role="teacher"),
    )
    assert report["in_scope"] and len(report["sections"]) == model_app.settings.answer_sections
    by_model = {r["model"]: r for r in report["results"]}
    assert by_model["nope"]["outcome"] == "unknown_model"
    for name in ("fake-cheap", "fake-premium"):
        row = by_model[name]
        assert row["outcome"] == "ok" and row["latency_ms"] >= 0 and row["cost_usd"] > 0
        assert row["citations"] and row["input_tokens"] > 0
    # Both models were given the identical prompt.
    prompts = [r["messages"] for r in fake_llm.requests]
    assert len(prompts) == 2 and prompts[0] == prompts[1]
    assert by_model["fake-premium"]["cost_usd"] > by_model["fake-cheap"]["cost_usd"]


async def test_live_routing_evaluation(model_app: App, fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Step(text="Answer citing the lesson [1].")
    try:
        questions = [
            RoutingQuestion(
                "s1",
                "What is RAG?",
                "simple",
                ("Improving LLM results > Retrieval Augmented Generation (RAG)",),
            ),
            RoutingQuestion(
                "c1", "Compare RAG and fine-tuning for a startup, and explain why.", "complex"
            ),
            RoutingQuestion("o1", "How do I bake bread?", "simple", (), in_scope=False),
        ]
        report = await evaluate_routing(model_app, questions, live=True)
    finally:
        fake_llm.default = Step()
    assert report["by_label"]["complex"]["premium_share"] == 1.0
    assert report["cost_usd"]["routed"] > 0
    assert report["cost_usd"]["always_premium"] > report["cost_usd"]["always_cheap"]
    assert report["quality"]["refusal_correct"] == 1.0
    assert report["quality"]["citations_valid"] == 1.0
    assert len(fake_llm.requests) == 2  # the out-of-scope question never reached a model
