"""The learned scope decision: its examples, its fit, its cache, and what it decides on the
real course."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from bot.app import App
from bot.evaluation.answers import load_keyed
from bot.evaluation.scope_examples import EXAMPLES, examples_text
from bot.kernel.errors import KnowledgeFileError
from bot.kernel.lang import detect_lang
from bot.rag import scope
from bot.rag.scope import (
    ScopeModel,
    Signals,
    fit,
    prune_scope_cache,
    read_examples,
    scope_cache_path,
)
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parent.parent


def _signals(sim: float, novelty: float) -> Signals:
    return Signals(sim, sim, novelty, 1 - novelty, 10 * (1 - novelty), float(novelty < 0.5), 0.0)


def _toy() -> tuple[list[Signals], np.ndarray, list[bool]]:
    """Twelve in-scope questions clustered on one axis, eight off-topic ones on another."""
    rng = np.random.default_rng(7)
    vectors, signals, labels = [], [], []
    for i in range(20):
        inside = i < 12
        v = np.zeros(8, dtype=np.float32)
        v[0 if inside else 1] = 1.0
        v += rng.normal(0, 0.15, 8).astype(np.float32)
        vectors.append(v / np.linalg.norm(v))
        signals.append(_signals(0.86 if inside else 0.83, 0.3 if inside else 0.6))
        labels.append(inside)
    return signals, np.asarray(vectors, dtype=np.float32), labels


def test_the_fit_refuses_every_off_topic_example_and_keeps_the_others() -> None:
    signals, vectors, labels = _toy()
    model = fit(signals, vectors, labels)
    assert model is not None
    decided = [model.in_scope(s, v) for s, v in zip(signals, vectors, strict=True)]
    assert not any(d for d, y in zip(decided, labels, strict=True) if not y)
    assert all(d for d, y in zip(decided, labels, strict=True) if y)
    # Deterministic: the same examples give the same model.
    again = fit(signals, vectors, labels)
    assert again is not None and np.array_equal(again.weights, model.weights)


def _drawn(inside: bool, n: int, rng: np.random.Generator) -> tuple[list[Signals], np.ndarray]:
    """Questions whose signals and vectors spread the way real ones do: course questions
    mostly look like the course, off-topic ones mostly not, with some overlap."""
    signals, vectors = [], []
    for _ in range(n):
        v = np.zeros(8, dtype=np.float32)
        v[0 if inside else 1] = 1.0
        v += rng.normal(0, 0.3, 8).astype(np.float32)
        vectors.append(v / np.linalg.norm(v))
        sim = rng.uniform(0.835, 0.87) if inside else rng.uniform(0.80, 0.845)
        novelty = rng.uniform(0.2, 0.5) if inside else rng.uniform(0.4, 0.8)
        signals.append(_signals(sim, novelty))
    return signals, np.asarray(vectors, dtype=np.float32)


def test_one_off_topic_example_among_the_course_questions_does_not_decide_alone() -> None:
    """An off-topic example that looks exactly like the course's questions ("tokens per
    second of GPT-4o on Azure?") set the threshold above most new course questions (here
    191 of 200 refused). The threshold is now the one wrong least often on examples the
    fit did not see."""
    rng = np.random.default_rng(5)
    course, course_v = _drawn(True, 30, rng)
    other, other_v = _drawn(False, 20, rng)
    outlier = [_signals(0.868, 0.22)]
    outlier_v = _drawn(True, 1, rng)[1]
    model = fit(
        course + other + outlier,
        np.vstack([course_v, other_v, outlier_v]),
        [True] * 30 + [False] * 21,
    )
    assert model is not None
    new_course, new_course_v = _drawn(True, 200, rng)
    new_other, new_other_v = _drawn(False, 200, rng)
    kept = sum(model.in_scope(s, v) for s, v in zip(new_course, new_course_v, strict=True))
    refused = sum(not model.in_scope(s, v) for s, v in zip(new_other, new_other_v, strict=True))
    assert kept >= 190, kept
    assert refused >= 180, refused


def test_with_course_questions_in_one_fold_every_off_topic_example_is_refused() -> None:
    """A fold would be fitted without any course question (both fall in the first fifth):
    the threshold falls back to just above the most course-like off-topic example."""
    signals, vectors, labels = _toy()
    few = [0, 12, 13, 14, 15, 1, 16, 17, 18, 19]
    model = fit([signals[i] for i in few], vectors[few], [labels[i] for i in few])
    assert model is not None
    assert not any(model.in_scope(signals[i], vectors[i]) for i in few if not labels[i])


def test_without_examples_of_both_kinds_there_is_no_model() -> None:
    signals, vectors, labels = _toy()
    assert fit(signals[:12], vectors[:12], labels[:12]) is None
    assert fit([], np.zeros((0, 8), dtype=np.float32), []) is None


def test_a_saved_model_is_read_back_only_for_its_key(tmp_path: Path) -> None:
    signals, vectors, labels = _toy()
    model = fit(signals, vectors, labels)
    assert model is not None
    path = tmp_path / "scope-model.npz"
    model.save(path, "key-1")
    back = ScopeModel.load(path, "key-1")
    assert back is not None
    assert back.probability(signals[0], vectors[0]) == pytest.approx(
        model.probability(signals[0], vectors[0])
    )
    assert ScopeModel.load(path, "key-2") is None
    path.write_bytes(path.read_bytes()[:100])  # torn
    assert ScopeModel.load(path, "key-1") is None
    assert ScopeModel.load(tmp_path / "missing.npz", "key-1") is None


def test_the_threshold_counts_the_two_kinds_of_mistake_as_the_fit_does() -> None:
    """Ten course questions and one off-topic one: refusing two course questions costs less
    than accepting the off-topic one, as the classes count equally (counted one for one, the
    threshold had sat below the off-topic question)."""
    from bot.rag.scope import _least_wrong

    course = [0.2, 0.22, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99]
    scores = np.asarray([*course, 0.25])
    labels = np.asarray([True] * len(course) + [False])
    assert 0.25 < _least_wrong(scores, labels) < 0.8


def test_the_threshold_does_not_jump_when_scores_move_a_little() -> None:
    """Counted exactly, the mistakes are flat over a wide range of thresholds and the least
    wrong point of it hung on an example or two: a change to the token rules that moved no
    dev-set decision moved the shipped threshold from 0.25 to 0.40. Scores nudged by about
    0.01 (what such a change does to them) now move it by less than 0.015."""
    from bot.rag.scope import _least_wrong

    draw = np.random.default_rng(7)
    scores = np.concatenate([draw.beta(6, 1.5, 640), draw.beta(1.2, 6, 150)])
    labels = np.asarray([True] * 640 + [False] * 150)
    nudge = np.random.default_rng(1)
    chosen = [
        _least_wrong(np.clip(scores + nudge.normal(0, 0.01, len(scores)), 1e-4, 1 - 1e-4), labels)
        for _ in range(20)
    ]
    assert max(chosen) - min(chosen) < 0.015, chosen
    assert min(chosen) > 0.2 and max(chosen) < 0.8


def test_where_the_examples_cannot_tell_the_threshold_answers() -> None:
    """Course scores spread evenly over a range with no off-topic score in it: every
    threshold there costs about the same, and the lowest is taken (a course question answered
    over an off-topic one refused). Without the tie rule the least wrong point had sat
    wherever the smooth cost dipped (0.36 or 0.52 on two fits of the 891 examples)."""
    from bot.rag.scope import _least_wrong

    draw = np.random.default_rng(3)
    course = np.concatenate([draw.uniform(0.3, 0.6, 40), draw.beta(8, 1.2, 600)])
    off = np.concatenate([draw.uniform(0.3, 0.6, 10), draw.beta(1.2, 8, 140)])
    scores = np.concatenate([course, off])
    labels = np.asarray([True] * len(course) + [False] * len(off))
    chosen = _least_wrong(scores, labels)
    logit = np.log(scores / (1 - scores))
    grid = np.linspace(-6.0, 6.0, 1201)
    weight = len(course) / len(off)

    def cost(t: float) -> float:
        g = np.log(t / (1 - t))
        return float(
            (1 / (1 + np.exp(-(g - logit[labels]) / 0.3))).sum()
            + weight * (1 / (1 + np.exp(-(logit[~labels] - g) / 0.3))).sum()
        )

    best = min(cost(float(1 / (1 + np.exp(-g)))) for g in grid)
    assert cost(chosen) <= best * 1.01 + 1e-9
    # Nothing lower is as good: it is the lowest of the near-best.
    lower = float(1 / (1 + np.exp(-(np.log(chosen / (1 - chosen)) - 0.02))))
    assert cost(lower) > best * 1.01
    # And it is below the exact least wrong point.
    assert chosen <= min((float(1 / (1 + np.exp(-g))) for g in grid), key=lambda t: cost(t))


def test_a_change_to_the_code_of_the_signals_refits_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The index and the examples alone do not say when the model is stale: a new glossary
    entry or token rule changes the signals it was fitted on (a cached model had been kept
    after such a change)."""
    from bot.rag import scope as scope_module

    before = scope_module.model_key("v1", "store", b"examples")
    assert scope_module.model_key("v1", "store", b"examples") == before
    monkeypatch.setattr(scope_module, "signals_code", lambda: "another-glossary")
    assert scope_module.model_key("v1", "store", b"examples") != before


def test_the_model_cache_keeps_the_latest_models(tmp_path: Path) -> None:
    signals, vectors, labels = _toy()
    model = fit(signals, vectors, labels)
    assert model is not None
    for n in range(5):
        path = scope_cache_path(tmp_path, f"key-{n}")
        model.save(path, f"key-{n}")
        os.utime(path, (1000 + n, 1000 + n))  # written in this order
    prune_scope_cache(path.parent, keep=2)
    assert sorted(p.stem for p in path.parent.glob("*.npz")) == ["key-3", "key-4"]
    assert ScopeModel.load(scope_cache_path(tmp_path, "key-4"), "key-4") is not None


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("{not json", "not JSON"),
        ('{"q": "What is RAG?"}', '"in_scope"'),
        ('{"q": "", "in_scope": true}', '"q"'),
        ('{"q": "What is RAG?", "in_scope": "yes"}', "true or false"),
        ('["What is RAG?", true]', '"q"'),
        # An answer key is facts, each a list of wordings; an off-topic example has none.
        ('{"q": "What is RAG?", "in_scope": true, "key": "RAG"}', "list of lists"),
        ('{"q": "What is RAG?", "in_scope": true, "key": [[]]}', "list of lists"),
        ('{"q": "What is RAG?", "in_scope": true, "key": [[""]]}', "list of lists"),
        ('{"q": "how tall is Everest?", "in_scope": false, "key": [["8849"]]}', "off-topic"),
    ],
)
def test_a_broken_example_names_the_file_and_line(tmp_path: Path, line: str, why: str) -> None:
    path = tmp_path / "scope-examples.jsonl"
    path.write_text('{"q": "What is RAG?", "in_scope": true}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as err:
        read_examples(path)
    assert f"{path}:3" in str(err.value) and why in str(err.value)


def test_the_examples_are_the_tuning_set_and_never_a_measured_question() -> None:
    """The dev set and the held-out batch must stay unseen by the decision they measure."""
    assert (ROOT / EXAMPLES).read_text(encoding="utf-8") == examples_text(
        ROOT / "eval" / "answers-tune.jsonl"
    ), "run `python -m bot.evaluation.scope_examples`"
    examples = {e.text for e in read_examples(ROOT / EXAMPLES)}
    for name in ("questions.jsonl", "answers-heldout.jsonl", "answers-near.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            assert json.loads(line)["q"] not in examples


def test_on_the_dev_set_the_learned_decision_refuses_off_topic_and_keeps_the_course(
    course_app: App,
) -> None:
    """Dev questions are not examples: this is the decision on questions it was not fitted on."""
    course_app.ensure_loaded()
    assert course_app.search.scope is not None
    questions = load_keyed(ROOT / "eval" / "questions.jsonl")
    refused_inside = refused_outside = 0
    for q in questions:
        result = course_app.search.search(q.text, None, "hybrid", detect_lang(q.text))
        if q.in_scope:
            refused_inside += not result.in_scope
        else:
            refused_outside += not result.in_scope
    outside = sum(1 for q in questions if not q.in_scope)
    assert refused_outside == outside
    assert refused_inside <= 1


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # Names neither version writes: the question is about something else.
        ("GPT-5는 언제 나왔어?", 1.0),
        ("which embedding model scores highest on the MTEB leaderboard right now?", 1.0),
        # The lesson's own names, however spelled ("GPT4o" is its "GPT-4o").
        ("what can GPT4o do that GPT-3.5 cannot?", 0.0),
        ("LLaMA와 BERT 중에 오픈 소스는?", 0.0),
        # A student's word the glossary gives course words for (GPU: the owner's equipment).
        ("GPU 서버가 없는 팀이면 클라우드 서비스를 쓰는 게 뭐가 좋아?", 0.0),
        ("What is RAG?", 0.0),
    ],
)
def test_the_decision_reads_whether_a_question_names_what_the_lesson_never_writes(
    course_app: App, question: str, unknown: float
) -> None:
    course_app.ensure_loaded()
    result = course_app.search.search(question, None, "hybrid", detect_lang(question))
    assert result.signals is not None
    assert result.signals.names_unknown == unknown


def test_a_fresh_app_reads_the_fitted_model_instead_of_fitting(
    course_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    course_app.ensure_loaded()
    cached = list((course_app.settings.resolved_model_cache_dir / "scope").glob("*.npz"))
    assert cached
    fresh = App.build(course_app.settings)
    monkeypatch.setattr(scope, "_fitted", {})  # nothing remembered in this process

    def no_fit(*_args: object) -> None:
        raise AssertionError("the model was fitted again")

    monkeypatch.setattr("bot.rag.search.fit", no_fit)
    fresh.ensure_loaded()
    assert fresh.search.scope is not None


LESSON = """# Small lesson

## Retrieval

Retrieval augmented generation adds relevant document chunks to the prompt.
"""


def _small_course(tmp_path: Path, examples: str | None) -> App:
    """A one-section course (cheap to index), with `examples` as its scope examples file."""
    knowledge = tmp_path / "knowledge"
    (knowledge / "en").mkdir(parents=True)
    (knowledge / "en" / "small.md").write_text(LESSON, encoding="utf-8")
    if examples is not None:
        (knowledge / "scope-examples.jsonl").write_text(examples, encoding="utf-8")
    settings = make_settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    return App.build(settings, warm_korean=False)


def test_without_examples_the_thresholds_decide(tmp_path: Path) -> None:
    app = _small_course(tmp_path, None)
    app.index(progress=False)
    result = app.search.search("What does retrieval augmented generation add to the prompt?")
    assert app.search.scope is None and result.in_scope and result.signals is not None


def test_broken_examples_are_reported_by_index_and_answering_goes_on(tmp_path: Path) -> None:
    app = _small_course(tmp_path, '{"q": "What is RAG?", "in_scope": true}\n{"q": "oops"}\n')
    report = app.index(progress=False)
    assert any("scope-examples.jsonl:2" in p for p in report.problems)
    assert app.search.scope is None
    assert app.search.search("What does retrieval augmented generation add?").in_scope
