"""Sentences of course text: how ingestion, quarantine and answer units cut a paragraph."""

from __future__ import annotations

import re

SENTENCE_END_RE = re.compile(r"(?<=[.!?。])\s+")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph (list items are sentences of their own)."""
    out: list[str] = []
    for line in paragraph.split("\n"):
        out.extend(s.strip() for s in SENTENCE_END_RE.split(line) if s and s.strip())
    return out
