"""Offline token estimates that err on the high side, for reserving budget before a call.

tiktoken downloads its tables at run time, which fails offline, and an exact count is not
needed: a reservation only has to be an upper bound, and the real cost is settled from the
response's `usage` afterwards. BPE tokenizers of current OpenAI models average about four
bytes of English per token and at least two bytes of Korean (three bytes per Hangul syllable,
rarely more than one and a half tokens per syllable), so half the UTF-8 length bounds both.
"""

from __future__ import annotations

MESSAGE_OVERHEAD = 4
"""Tokens a chat message costs beyond its text (role and separators)."""


def estimate_tokens(text: str) -> int:
    """An upper-bound estimate of the tokens in `text`."""
    if not text:
        return 0
    return (len(text.encode("utf-8")) + 1) // 2 + 1


def estimate_messages(messages: list[dict[str, str]]) -> int:
    """Upper-bound prompt tokens for a list of chat messages."""
    return sum(estimate_tokens(m.get("content", "")) + MESSAGE_OVERHEAD for m in messages) + 3
