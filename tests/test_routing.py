"""The router: explainable tiers, forced tiers, budgets, and the labelled dev set."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.app import App
from bot.core.guards import strip_force
from bot.kernel.catalog import Catalog, RoutingPolicy
from bot.llm.router import Router, RouteRequest
from tests.conftest import KNOWLEDGE, ROOT, fake_models


@pytest.fixture
def router() -> Router:
    return Router(Catalog(fake_models("http://127.0.0.1:9/v1")), RoutingPolicy(), 700)


def test_simple_lookup_goes_cheap_with_reason(router: Router) -> None:
    route = router.route(RouteRequest("What is RAG?", confidence=0.9))
    assert (route.tier, route.model) == ("cheap", "fake-cheap")
    assert "definition question" in route.reason and "< 2" in route.reason
    assert route.features["kind"] == "definition"


@pytest.mark.parametrize(
    "question",
    [
        "Compare fine-tuning and RAG for a startup with little data.",
        "RAG와 미세 조정의 장단점을 비교해 줘",
        "Why does fine-tuning cost more than prompt engineering?",
        "Design a step-by-step plan to evaluate models on our own data.",
    ],
)
def test_complex_questions_go_premium(router: Router, question: str) -> None:
    route = router.route(RouteRequest(question, confidence=0.9))
    assert route.tier == "premium" and route.model == "fake-premium", route.reason
    assert "≥ 2" in route.reason


def test_structure_retrieval_and_depth_add_points(router: Router) -> None:
    plain = router.route(RouteRequest("Tell me about embeddings", confidence=0.9))
    assert plain.tier == "cheap"
    deep = router.route(
        RouteRequest("Tell me about embeddings", sections=3, confidence=0.8, turns=8)
    )
    assert deep.tier == "premium"
    assert "needs 3 sections" in deep.reason and "deep conversation" in deep.reason


def test_forced_premium_and_roles() -> None:
    question, forced = strip_force("What is RAG? premium")
    assert (question, forced) == ("What is RAG?", "premium")
    policy = RoutingPolicy(force_roles=["teacher"], cheap_only_roles=[])
    router = Router(Catalog(fake_models("http://127.0.0.1:9/v1")), policy, 700)
    teacher = router.route(RouteRequest(question, role="teacher", force="premium"))
    assert teacher.tier == "premium" and "requested by the user" in teacher.reason
    student = router.route(RouteRequest(question, role="student", force="premium"))
    assert student.tier == "cheap" and "not allowed for students" in student.reason


def test_budget_steps_down_and_says_so(router: Router) -> None:
    complex_q = "Compare fine-tuning and RAG and explain why."
    poor = router.route(RouteRequest(complex_q, prompt_chars=4000, remaining_usd=0.004))
    assert poor.tier == "cheap" and "exceeds" in poor.reason and "so cheap" in poor.reason
    broke = router.route(RouteRequest(complex_q, prompt_chars=4000, remaining_usd=0.0))
    assert broke.tier == "offline" and "answering offline" in broke.reason


def test_no_models_means_offline() -> None:
    router = Router(Catalog([]), RoutingPolicy(), 700)
    route = router.route(RouteRequest("What is RAG?"))
    assert route.tier == "offline" and "no cheap model configured" in route.reason


def test_routing_dev_set_targets(course_app: App, router: Router) -> None:
    rows = [json.loads(line) for line in (ROOT / "eval" / "routing.jsonl").read_text().splitlines()]
    assert len(rows) >= 80
    premium = {"simple": 0, "complex": 0}
    counts = {"simple": 0, "complex": 0}
    for row in rows:
        result = course_app.search.search(row["q"], 4)
        route = router.route(RouteRequest(row["q"], confidence=result.confidence))
        counts[row["label"]] += 1
        premium[row["label"]] += route.tier == "premium"
    assert premium["complex"] / counts["complex"] >= 0.9
    assert premium["simple"] / counts["simple"] <= 0.1


def test_route_cli_json_and_stdin(course_app: App) -> None:
    env = dict(
        os.environ,
        STUDYBOT_DATA_DIR=str(course_app.settings.data_dir),
        STUDYBOT_KNOWLEDGE_DIR=str(KNOWLEDGE),
        STUDYBOT_LLM_PROVIDER="openai",
        OPENAI_API_KEY="sk-test-not-used",
    )
    out = subprocess.run(
        [sys.executable, "-m", "bot", "route", "-"],
        input="What is RAG?\nCompare RAG and fine-tuning for our startup.\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    simple, complex_ = (json.loads(line) for line in out.stdout.splitlines())
    assert set(simple) == {"tier", "model", "reason", "features"}
    assert (simple["tier"], simple["model"]) == ("cheap", "gpt-4o-mini")
    assert (complex_["tier"], complex_["model"]) == ("premium", "gpt-4o")
    assert "sk-test-not-used" not in out.stdout + out.stderr
