"""`knowledge/scope-examples.jsonl`: the labelled questions the scope decision learns from.

They are the tuning set's questions (`eval/answers-tune.jsonl`: students' questions about
this lesson and about everything else, each batch written before its first run), never the
dev set's or the held-out batch's, so that those still measure questions the decision has not
seen. An in-scope example keeps its answer key: the answer weighs the units that answered the
examples nearest to a question (`bot.rag.asked_before`). Rewrite the file after the tuning
set grows:

    python -m bot.evaluation.scope_examples

That also rewrites `knowledge/scope-examples.vectors.npz`, the examples' vectors under the
default encoder, as search will search them in this course (typos repaired with its words),
so that indexing does not embed 2391 questions again (`bot.rag.scope.write_example_vectors`),
and `knowledge/scope-examples.model.npz`, the decision fitted on them for this course, encoder
and signal code, so that indexing fits nothing (`bot.rag.scope.model_path`). Rerun it after a
change to the code the signals come from (search, glossary, token rules, question kinds): a
test names the stale file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.kernel.jsonl import read_jsonl

TUNING_SET = Path("eval/answers-tune.jsonl")
EXAMPLES = Path("knowledge/scope-examples.jsonl")


def examples_text(tuning_set: Path = TUNING_SET) -> str:
    """The examples file's content for the tuning set."""
    rows = read_jsonl(tuning_set, ("id", "q"))
    out = []
    for row in rows:
        example: dict[str, Any] = {"q": row["q"], "in_scope": bool(row.get("gold"))}
        if row.get("gold") and row.get("key"):
            # What answered it: the units that say its key (`bot.rag.asked_before`), in the
            # sections that answer it.
            example["key"] = row["key"]
            example["sections"] = row["gold"]
        out.append(json.dumps(example, ensure_ascii=False) + "\n")
    return "".join(out)


def example_vectors(settings: Settings, examples: Path) -> tuple[str, dict[str, Any]]:
    """The default encoder's space and the examples' vectors as search will search them in
    the course of `settings.knowledge_dir`."""
    from bot.rag.embed import build_embedder
    from bot.rag.glossary import Speller
    from bot.rag.ingest import load_corpus
    from bot.rag.scope import read_examples
    from bot.rag.search import as_searched

    corpus = load_corpus(settings.knowledge_dir)
    speller = Speller([c.text for c in corpus.chunks] + [c.heading for c in corpus.chunks])
    texts = sorted({as_searched(e.text, speller) for e in read_examples(examples)})
    embedder, space = build_embedder(settings)
    vectors: dict[str, Any] = {}
    for start in range(0, len(texts), 64):
        batch = texts[start : start + 64]
        vectors.update(zip(batch, embedder.embed_query(batch), strict=True))
    return space, vectors


def main() -> None:
    """Rewrite the examples file from the tuning set, their vectors and the decision."""
    from bot.config import load_settings
    from bot.rag.scope import vectors_path, write_example_vectors

    EXAMPLES.write_text(examples_text(), encoding="utf-8")
    print(f"wrote {EXAMPLES}")
    settings = load_settings().model_copy(update={"embedding_provider": "e5"})
    space, vectors = example_vectors(settings, EXAMPLES)
    write_example_vectors(vectors_path(EXAMPLES), EXAMPLES.read_bytes(), space, vectors)
    print(f"wrote {vectors_path(EXAMPLES)} ({len(vectors)} vectors, {space})")
    write_decision(settings, EXAMPLES)


def write_decision(settings: Settings, examples: Path) -> None:
    """Fit the decision on the examples for the course as `settings` indexes it, and ship it
    beside them without its vectors (`bot.rag.scope.model_path`). Fitted afresh, whatever the
    index read back (a model remembered for the same key is not trusted to be this code's)."""
    import asyncio

    from bot.app import App
    from bot.rag.scope import (
        model_key,
        model_path,
        read_example_vectors,
        read_examples,
        vectors_path,
    )

    app = App.build(settings, warm_korean=False)
    try:
        app.index(progress=False)
        search = app.search
        data = examples.read_bytes()
        space = str(getattr(app.store.embedder, "space_id", ""))
        vectors = read_example_vectors(vectors_path(examples), data, space)
        model = search.fit_scope(read_examples(examples), vectors)
        if model is None:
            raise SystemExit("no decision was fitted (examples of both kinds needed)")
        shipped = model_path(examples)
        model.save(shipped, model_key(search.version, search.store.name, data), with_vectors=False)
    finally:
        asyncio.run(app.aclose())
    print(f"wrote {shipped} (threshold {model.threshold:.3f})")


if __name__ == "__main__":
    main()
