"""`studybot index` embeds the units' sentences and the scope examples on the second core
while the chunks are embedded (`bot.rag.embed.Ahead`): the same vectors, started only when
the scope decision must be fitted, and never left running when the process ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.app import App
from bot.rag.embed import Ahead
from bot.rag.ingest import load_corpus
from bot.rag.scope import read_examples
from bot.rag.store import content_version
from bot.rag.units import document_units
from tests.conftest import KNOWLEDGE, ROOT


def test_vectors_computed_ahead_are_the_ones_computed_when_needed(course_app: App) -> None:
    embedder = course_app.store.embedder
    texts = [e.text for e in read_examples(KNOWLEDGE / "scope-examples.jsonl")][:24]
    ahead = Ahead.start(embedder, texts, queries=True, threads=2)
    assert ahead is not None
    got = ahead.result()
    assert list(got) != [] and set(got) == set(texts)
    for text, vector in zip(texts, embedder.embed_query(texts), strict=True):
        assert np.array_equal(got[text], np.asarray(vector, dtype=np.float32)), text
    passages = ["Fine-tuning is a process that leverages transfer learning.", "임베딩 모델"]
    ahead = Ahead.start(embedder, passages)
    assert ahead is not None
    for text, vector in zip(passages, embedder(passages), strict=True):
        assert np.array_equal(ahead.result()[text], np.asarray(vector, dtype=np.float32))


def test_the_examples_start_only_when_the_decision_must_be_fitted(course_app: App) -> None:
    """`index` names the index it is about to build before syncing; that must be the version
    the search loads after it, or the check for a kept decision would never match."""
    corpus = load_corpus(KNOWLEDGE)
    units = [u for d in corpus.documents for u in document_units(d.sections, d.source, d.lang)]
    expected = content_version((c.id for c in corpus.chunks), (u.id for u in units))
    assert expected == course_app.search.version
    # The course app indexed and fitted: nothing to compute ahead for this index...
    assert course_app.search.embed_scope_examples(expected) is None
    # ...while another course's index has no decision yet.
    other = course_app.search.embed_scope_examples("0" * 16)
    assert other is not None
    other.close()


def test_a_process_that_stops_embedding_ahead_exits_cleanly(tmp_path: object) -> None:
    """A thread left inside ONNX Runtime while the interpreter shuts down can abort the
    process ("terminate called without an active exception", seen once in a test worker
    before `index` closed what it started); `close` stops the threads and waits for them."""
    script = (
        "from tests.conftest import make_settings\n"
        "from bot.rag.embed import Ahead, build_embedder\n"
        "embedder, _ = build_embedder(make_settings())\n"
        "ahead = Ahead.start(embedder, [f'question number {i}' for i in range(400)], True, 2)\n"
        "ahead.close()\n"
        "print('closed')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed" in done.stdout and "terminate called" not in done.stderr


def test_examples_are_embedded_as_search_will_search_them(course_app: App) -> None:
    """Search repairs a typo before it embeds ("what is trainng a model from scrach" is
    searched as "…training…scratch"); the examples embedded ahead are the repaired texts, so
    fitting finds every vector (39 of 541 were embedded a second time while fitting)."""
    corpus = load_corpus(KNOWLEDGE)
    course = [c.text for c in corpus.chunks] + [c.heading for c in corpus.chunks]
    ahead = course_app.search.embed_scope_examples("0" * 16, course)
    assert ahead is not None
    got = ahead.result()
    from bot.rag.search import as_searched

    examples = [e.text for e in read_examples(KNOWLEDGE / "scope-examples.jsonl")]
    # (As searched: typos repaired, and format requests such as "in two lines" gone.)
    repaired = {as_searched(t, course_app.search.speller) for t in examples}
    assert set(got) == repaired
    assert len(repaired - set(examples)) > 0  # some examples do hold typos
    # And the search of such an example with that vector is the search without it.
    text = next(t for t in examples if course_app.search.speller.correct(t) != t)
    corrected = course_app.search.speller.correct(text)
    assert corrected in got
    vector = [float(x) for x in course_app.store.embed_query(corrected)]
    given = course_app.search._search(text, None, "hybrid", None, vector)
    computed = course_app.search._search(text, None, "hybrid", None)
    assert [h.chunk_id for h in given.hits] == [h.chunk_id for h in computed.hits]
    assert given.signals == computed.signals


def test_the_fit_reads_the_same_signals_without_the_sections(course_app: App) -> None:
    """Fitting searches every example for its signals only; they must be the ones a full
    search of the same question reads (which is what answering decides on)."""
    for text in [e.text for e in read_examples(KNOWLEDGE / "scope-examples.jsonl")][::40]:
        full = course_app.search._search(text, None, "hybrid", None)
        light = course_app.search._search(text, None, "hybrid", None, signals_only=True)
        assert light.signals == full.signals, text
        assert light.vector == full.vector and not light.hits


def _searched_examples(course_app: App) -> set[str]:
    from bot.rag.search import as_searched

    return {
        as_searched(e.text, course_app.search.speller)
        for e in read_examples(KNOWLEDGE / "scope-examples.jsonl")
    }


def test_the_shipped_example_vectors_are_current_and_the_encoders(course_app: App) -> None:
    """`knowledge/scope-examples.vectors.npz` ships the examples' vectors, so indexing does
    not embed 2391 questions: they must be for today's examples file, this course's spelling
    repairs and the default encoder, and as close to computed ones as an int8 copy can be."""
    from bot.rag.scope import read_example_vectors, vectors_path

    examples = KNOWLEDGE / "scope-examples.jsonl"
    embedder = course_app.store.embedder
    shipped = read_example_vectors(
        vectors_path(examples), examples.read_bytes(), str(getattr(embedder, "space_id", ""))
    )
    assert shipped, "stale: run `python -m bot.evaluation.scope_examples` to rewrite them"
    assert set(shipped) == _searched_examples(course_app)
    sample = sorted(shipped)[::37]
    for text, vector in zip(sample, embedder.embed_query(sample), strict=True):
        cosine = float(shipped[text] @ np.asarray(vector, dtype=np.float32))
        assert cosine > 0.99, (text, cosine)  # (int8 results differ a little by CPU)


def test_with_the_shipped_vectors_indexing_embeds_no_example(
    course_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = course_app.store.embedder
    calls: list[int] = []
    real = embedder.embed_query

    def counted(texts: list[str]) -> list[np.ndarray]:
        calls.append(len(texts))
        return list(real(texts))

    monkeypatch.setattr(embedder, "embed_query", counted)
    corpus = load_corpus(KNOWLEDGE)
    course = [c.text for c in corpus.chunks] + [c.heading for c in corpus.chunks]
    ahead = course_app.search.embed_scope_examples("1" * 16, course)
    assert ahead is not None
    assert set(ahead.result()) == _searched_examples(course_app)
    assert calls == []


def test_shipped_vectors_for_other_examples_or_another_encoder_are_not_used(
    tmp_path: Path,
) -> None:
    from bot.rag.scope import read_example_vectors, vectors_path, write_example_vectors

    examples = tmp_path / "scope-examples.jsonl"
    examples.write_text('{"q": "what is RAG?", "in_scope": true}\n', encoding="utf-8")
    vector = np.random.default_rng(3).normal(size=384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    path = vectors_path(examples)
    assert path.name == "scope-examples.vectors.npz"
    write_example_vectors(path, examples.read_bytes(), "space-a", {"what is RAG?": vector})
    back = read_example_vectors(path, examples.read_bytes(), "space-a")
    assert float(back["what is RAG?"] @ vector) > 0.9999
    assert read_example_vectors(path, examples.read_bytes() + b"\n", "space-a") == {}
    assert read_example_vectors(path, examples.read_bytes(), "space-b") == {}
    path.write_bytes(b"not a zip")
    assert read_example_vectors(path, examples.read_bytes(), "space-a") == {}


def test_the_shipped_decision_is_current_and_this_codes_fit(course_app: App) -> None:
    """`knowledge/scope-examples.model.npz` ships the decision fitted on the examples, so an
    index from nothing fits nothing: it must be for today's course, encoder, examples and
    signal code (its key), and decide as a fit of that code does here."""
    from bot.rag.scope import ScopeModel, model_key, model_path, read_example_vectors, vectors_path

    examples_path = KNOWLEDGE / "scope-examples.jsonl"
    search = course_app.search
    search.prepare_scope()
    assert search.scope is not None
    key = model_key(search.version, search.store.name, examples_path.read_bytes())
    shipped = ScopeModel.load(model_path(examples_path), key, search.scope.vectors)
    assert shipped is not None, "stale: run `python -m bot.evaluation.scope_examples`"
    examples = read_examples(examples_path)
    space = str(getattr(course_app.store.embedder, "space_id", ""))
    vectors = read_example_vectors(vectors_path(examples_path), examples_path.read_bytes(), space)
    fresh = search.fit_scope(examples, vectors)
    assert fresh is not None
    # (Fitted on another CPU the course's int8 vectors differ a little: so may the fit.)
    assert abs(fresh.threshold - shipped.threshold) < 0.05
    labels = np.asarray([e.in_scope for e in examples])
    assert (fresh.labels == labels).all() and (shipped.labels == labels).all()
    assert np.allclose(fresh.vectors, shipped.vectors)
    assert np.corrcoef(fresh.weights, shipped.weights)[0, 1] > 0.99


def test_an_index_from_nothing_reads_the_shipped_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No fit (it would raise here), and the decision in use is the shipped one."""
    import bot.rag.scope as scope_module
    import bot.rag.search as search_module
    from bot.rag.scope import ScopeModel, model_key, model_path
    from tests.conftest import make_settings

    def no_fit(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("fitted although the decision ships with the examples")

    monkeypatch.setattr(search_module, "fit", no_fit)
    # Nothing remembered or cached from other tests (the suite shares a model cache).
    monkeypatch.setattr(scope_module, "_fitted", {})
    monkeypatch.setattr(
        search_module, "scope_cache_path", lambda _folder, key: tmp_path / "cache" / f"{key}.npz"
    )
    app = App.build(make_settings(data_dir=tmp_path / "data"), warm_korean=False)
    app.index(progress=False)
    search = app.search
    search.prepare_scope()
    model = search.scope
    assert model is not None
    examples_path = KNOWLEDGE / "scope-examples.jsonl"
    key = model_key(search.version, search.store.name, examples_path.read_bytes())
    shipped = ScopeModel.load(model_path(examples_path), key, model.vectors)
    assert shipped is not None and shipped.threshold == model.threshold
    assert search.asked_before is not None and len(search.asked_before) > 800
    # And kept in the model cache, where the next process reads it.
    assert (tmp_path / "cache" / f"{key}.npz").is_file()


def test_a_decision_shipped_for_other_examples_is_not_used(tmp_path: Path) -> None:
    from bot.rag.scope import ScopeModel, model_path

    examples = tmp_path / "scope-examples.jsonl"
    assert model_path(examples).name == "scope-examples.model.npz"
    vectors = np.eye(3, 4, dtype=np.float32)
    model = ScopeModel(
        vectors,
        np.asarray([True, True, False]),
        np.zeros(9),
        np.ones(9),
        np.ones(9),
        0.5,
        0.4,
    )
    model.save(model_path(examples), "key-a", with_vectors=False)
    back = ScopeModel.load(model_path(examples), "key-a", vectors)
    assert back is not None and back.threshold == 0.4 and np.array_equal(back.vectors, vectors)
    assert ScopeModel.load(model_path(examples), "key-b", vectors) is None
    assert ScopeModel.load(model_path(examples), "key-a", vectors[:2]) is None
