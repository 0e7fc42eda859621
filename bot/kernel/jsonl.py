"""JSON Lines files (dev sets, question sets): read with errors that name the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every non-empty line of `path` as an object; ValueError names the first bad line."""
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not valid JSON: {exc.msg}") from None
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{n}: each line must be a JSON object")
        missing = [key for key in required if key not in row]
        if missing:
            raise ValueError(f"{path}:{n}: missing {', '.join(missing)}")
        rows.append(row)
    return rows
