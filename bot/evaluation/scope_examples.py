"""`knowledge/scope-examples.jsonl`: the labelled questions the scope decision learns from.

They are the tuning set's questions (`eval/answers-tune.jsonl`: students' questions about
this lesson and about everything else, each batch written before its first run), never the
dev set's or the held-out batch's, so that those still measure questions the decision has not
seen. Rewrite the file after the tuning set grows:

    python -m bot.evaluation.scope_examples
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.kernel.jsonl import read_jsonl

TUNING_SET = Path("eval/answers-tune.jsonl")
EXAMPLES = Path("knowledge/scope-examples.jsonl")


def examples_text(tuning_set: Path = TUNING_SET) -> str:
    """The examples file's content for the tuning set."""
    rows = read_jsonl(tuning_set, ("id", "q"))
    return "".join(
        json.dumps({"q": row["q"], "in_scope": bool(row.get("gold"))}, ensure_ascii=False) + "\n"
        for row in rows
    )


def main() -> None:
    """Rewrite the examples file from the tuning set."""
    EXAMPLES.write_text(examples_text(), encoding="utf-8")
    print(f"wrote {EXAMPLES}")


if __name__ == "__main__":
    main()
