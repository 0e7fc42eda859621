"""Where a section lives on the public lesson page: GitHub's heading anchors, the lesson's path.

Citations link students to the section they cite (`<course_url>/<path>#<anchor>`), so the
anchor must be exactly the one GitHub renders; tests hold it against every heading of both
lessons.
"""

from __future__ import annotations

import unicodedata


class Slugger:
    """Heading anchors the way GitHub renders Markdown (its `github-slugger` rules).

    Lower case; every character that is not a letter, digit, mark, connector (`_`), hyphen
    or space is dropped (so Hangul stays, emoji and punctuation go); spaces become hyphens.
    A repeated anchor in the same document gets `-1`, `-2`, … as GitHub does.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    @staticmethod
    def slug(text: str) -> str:
        """The anchor of one heading, ignoring repeats."""
        kept = (
            ch
            for ch in text.lower()
            if ch in "- "
            or unicodedata.category(ch)[0] in "LNM"
            or unicodedata.category(ch) == "Pc"
        )
        return "".join(kept).replace(" ", "-")

    def __call__(self, text: str) -> str:
        base = result = self.slug(text)
        while result in self._seen:
            self._seen[base] += 1
            result = f"{base}-{self._seen[base]}"
        self._seen[result] = 0
        return result


def default_course_path(lesson: str, lang: str) -> str:
    """Where the course repository keeps a lesson: the English original in `<lesson>/`,
    translations under `translations/<lang>/<lesson>/` (microsoft/generative-ai-for-beginners)."""
    if lang == "en":
        return f"{lesson}/README.md"
    return f"translations/{lang}/{lesson}/README.md"
