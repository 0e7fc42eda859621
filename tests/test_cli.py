"""The `studybot` command as other tools use it: real processes, JSON shapes, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from tests.conftest import KNOWLEDGE, ROOT


def run(app: App, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["STUDYBOT_DATA_DIR"] = str(app.settings.data_dir)
    env["STUDYBOT_KNOWLEDGE_DIR"] = str(KNOWLEDGE)
    env["STUDYBOT_LLM_PROVIDER"] = "offline"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_search_json_shape(course_app: App) -> None:
    out = run(course_app, "search", "What is an embedding?", "--k", "3", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 3
    assert all(set(h) == {"source", "heading", "lang", "score", "text"} for h in hits)
    assert hits[0]["heading"].endswith(
        "Embedding versus Image generation versus Text and Code generation"
    )
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


def test_search_stdin_json_lines(course_app: App) -> None:
    out = run(course_app, "search", "-", "--k", "2", stdin="What is RAG?\n제로샷 학습이 뭐야?\n")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert len(first) == 2 and first[0]["lang"] == "en"
    assert second[0]["lang"] == "ko"


def test_ask_json_shape_and_stdin(course_app: App) -> None:
    out = run(
        course_app,
        "ask",
        "-",
        stdin="What is zero-shot learning?\nWhat's the weather in Seoul tomorrow?\n"
        "In the lesson, is fine-tuning with RLHF the preferred approach when latency matters?\n",
    )
    assert out.returncode == 0, out.stderr
    inside, outside, noted = (json.loads(line) for line in out.stdout.strip().splitlines())
    assert set(inside) == {"answer", "citations", "in_scope", "model", "latency_ms", "notes"}
    assert inside["in_scope"] is True and inside["model"] == "offline"
    assert inside["notes"] == [] and noted["notes"] == ["The lesson does not mention RLHF."]
    cited = inside["citations"][0]
    assert set(cited) == {"n", "source", "heading", "lang", "url"}
    assert cited["url"].endswith("/README.md#prompt-engineering-with-context")
    assert outside["in_scope"] is False and outside["citations"] == []


def test_ask_keeps_one_output_line_per_input_line(course_app: App) -> None:
    out = run(course_app, "ask", "-", stdin="What is RAG?\n\nRAG가 뭐야?\n")
    lines = [json.loads(line) for line in out.stdout.strip().splitlines()]
    assert len(lines) == 3
    assert lines[0]["in_scope"] and lines[2]["in_scope"]
    assert lines[1] == {
        "error": "empty_question",
        "message": "Please type a question about the lesson.",
    }
    assert out.returncode == 2  # a line was an error


def test_ask_bad_input_is_a_clear_error(course_app: App) -> None:
    out = run(course_app, "ask", "x" * 5000, "--json")
    assert out.returncode == 2
    payload = json.loads(out.stdout)
    assert payload["error"] == "question_too_long" and "4,000" in payload["message"]
    assert "Traceback" not in out.stderr
    empty = run(course_app, "ask", "   ")
    assert empty.returncode == 2 and "Please type a question" in empty.stderr


def test_index_json_reports_no_change(course_app: App) -> None:
    out = run(course_app, "index", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["added"] == 0 and report["removed"] == 0 and report["chunks"] > 40


def test_chat_reads_piped_questions(course_app: App) -> None:
    out = run(course_app, "chat", stdin="RAG가 뭐야?\n/quit\n")
    assert out.returncode == 0, out.stderr
    assert "외부 데이터로 프롬프트를 보강" in out.stdout and "출처:" in out.stdout
    assert "#retrieval-augmented-generation-rag" in out.stdout  # the section's link
    assert "Bye!" in out.stdout
    # No model is configured in tests: the first lines say so, and what to set.
    assert "Answer mode: offline — no model configured" in out.stdout
    assert "OPENAI_API_KEY" in out.stdout and "답변 방식: 오프라인" in out.stdout


def test_config_says_which_answer_mode_is_in_effect_and_why(course_app: App) -> None:
    out = run(course_app, "config")
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)  # standard output stays the settings' JSON
    assert "answer mode: offline — no model configured" in out.stderr
    assert "STUDYBOT_LLM_BASE_URL" in out.stderr


def test_answer_mode_names_each_tier_and_a_missing_premium() -> None:
    from bot.kernel.catalog import ModelSpec
    from tests.conftest import make_settings

    def spec(**kw: Any) -> ModelSpec:
        return ModelSpec(**{"model": "m", "input_per_1m": 0, "output_per_1m": 0, **kw})

    local = spec(name="local", provider="openai_compatible", tier="cheap", base_url="http://x")
    assert make_settings(models=[local]).answer_mode() == (
        "models",
        "cheap: local (no premium model: complex questions use the cheap one)",
    )
    keyless = spec(name="gpt", provider="openai", tier="premium", api_key_env="NOPE_KEY")
    mode, why = make_settings(models=[keyless]).answer_mode()
    assert mode == "offline" and "gpt" in why and "api_key_env" in why


def test_invalid_setting_is_named(course_app: App, tmp_path: Path) -> None:
    env = dict(os.environ, STUDYBOT_SEARCH_K="-3")
    out = subprocess.run(
        [sys.executable, "-m", "bot", "search", "RAG"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert out.returncode == 2
    assert "search_k (STUDYBOT_SEARCH_K)" in out.stderr and "Traceback" not in out.stderr


def test_route_without_models_says_why_it_answers_offline(course_app: App) -> None:
    out = run(course_app, "route", "Compare fine-tuning and RAG and design a plan for a school")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("offline")  # the decision itself, unchanged on stdout
    assert "answering offline — no model configured" in out.stderr
    assert "once models are configured" in out.stderr


def test_long_commands_draw_progress_only_for_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from bot.kernel import progress

    err = io.StringIO()
    monkeypatch.setattr(progress.sys, "stderr", err)
    assert list(progress.steps([1, 2, 3], "eval (hybrid)", show=True)) == [1, 2, 3]
    assert "eval (hybrid)" in err.getvalue()  # the bar, on stderr
    quiet = io.StringIO()
    monkeypatch.setattr(progress.sys, "stderr", quiet)
    assert list(progress.steps([1, 2], "answers", show=False)) == [1, 2]
    assert quiet.getvalue() == ""
    assert progress.shown(json_output=True) is False  # --json: output for a program
    monkeypatch.setattr(quiet, "isatty", lambda: True)
    assert progress.shown() is True and progress.shown(json_output=True) is False


def test_a_reader_that_stops_early_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """`studybot config --reference | head -1`: the pipe closes under the writer; no
    traceback, exit 0."""
    from bot.cli import main

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone: every write now fails with EPIPE
    closed = os.fdopen(write_end, "w")
    monkeypatch.setattr(sys, "stdout", closed)
    assert main(["config", "--reference"]) == 0
    closed.close()  # stdout now leads to /dev/null: closing does not raise again
