"""Lexical tokens for BM25: Kiwi morphemes for Korean, normalised words for English.

Korean is agglutinative: "파인튜닝은", "파인튜닝을", "파인튜닝이" are one word with different
particles, so whitespace tokens barely match. Kiwi splits them into morphemes and we keep the
content-bearing ones (nouns, verb and adjective stems, roots, foreign words, numbers).
English words are lower-cased, folded and lightly stemmed, so "models" matches "model".
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.kernel.lang import is_hangul

# Morpheme tags that carry meaning (Sejong tag set as used by Kiwi).
_KEEP_TAGS = frozenset({"NNG", "NNP", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "MAG"})
_KO_STOP = frozenset(
    {
        "하",
        "되",
        "있",
        "없",
        "않",
        "이",
        "것",
        "수",
        "등",
        "때",
        "그",
        "뭐",
        "좀",
        "어떻",
        "어떤",
        "무엇",
        "같",
        "주",
        "보",
        "알",
        "대하",
        "위하",
        "통하",
        # "들어 있어" (holds) and "예로 … 들 수 있습니다" (gives as examples): the verb says
        # nothing of the topic, and "모델 카드에는 뭐가 들어 있어?" had found BART and T5.
        "들",
        # "우리" / "저희" (we, our) are what English "we" / "our" are, stop words: a student's
        # "우리 팀 …" had met the lesson's story ("우리 스타트업 팀과 함께 …") and padded answers.
        "우리",
        "저희",
        # "다시" (again) asks to be told once more: "LLM을 분류하는 기준을 다시 알려줘" had met
        # the foundation models' "다시 말해서" (in other words) and got their criteria.
        "다시",
        # "애", "얘", "걔" (chat's "this one", "that one" for a thing): "whisper는 뭐 하는
        # 애야" had been refused (p 0.17; "…하는 거야": p 0.92) for a word the course never
        # writes that says nothing of the topic.
        "애",
        "얘",
        "걔",
        # "다" (all), as English "all": "이거 다 듣고 나면 다음엔 몇 강으로 가?" says nothing of
        # the topic with it (once "다국어" was one token, the lesson's only other "다" had
        # padded its answer with the content creator).
        "다",
    }
)
# A word whose meaning its particle makes: the lesson's "처음부터" (from scratch) is not a
# student's "처음" (at first: "스타트업이 처음 LLM 도입할 때…" had found training from scratch).
# Nor is a student's "기준으로" (by, per: "강의 기준으로 어떤 방법이 맞아?", "뭘 기준으로
# 걸러?") the criteria foundation models follow ("몇 가지 기준을 따르는"), which had led.
# A verb that only frames: "말다" in "용도 말고 또 뭘 따져야 해?" (besides the use, what else…)
# and "RAG 말고" (other than RAG) sets something aside and says nothing of the topic; as a
# verb it had met the foundation models' "다시 말해서" (in other words: the noun "말"), which
# led. (The noun stays: "말 그대로".)
_KO_STOP_VERBS = frozenset({"말"})
_WITH_PARTICLE = {("처음", "부터"): "처음부터", ("기준", "으로"): "기준으로"}
_WORD_RE = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "summarise",
        "summarize",
        "describe",
        "briefly",
        "worth",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "my",
        "your",
        "our",
        "their",
        "them",
        "us",
        "about",
        "into",
        # (Asked to be told once more, as the Korean "다시".)
        "again",
        "over",
        "than",
        "then",
        "so",
        "such",
        "not",
        "no",
        "yes",
        "also",
        "just",
        "very",
        "more",
        "most",
        "some",
        "any",
        "each",
        "other",
        "others",
        "both",
        "all",
        "only",
        "own",
        "same",
        "too",
        "s",
        "t",
        "don",
        "vs",
        "versus",
        "like",
        "get",
        "got",
        "use",
        "used",
        "using",
        "tell",
        "explain",
        "give",
        "exactly",
        "even",
        "please",
        "between",
        "difference",
        # "what does LLM mean?": the asking, not a word of the answer (the criteria's
        # "meaning they are trained on…" had answered it).
        "mean",
        "means",
        "meaning",
        "meant",
    ]
)


def _stem(word: str) -> str:
    """A deliberately light English stemmer: plurals, common verb endings, a final "e".

    "fine-tune", "fine-tuned" and "fine-tuning" all become "fine-tun": in a hyphenated word
    only the last part is stemmed.
    """
    head, sep, last = word.rpartition("-")
    if sep:
        return f"{head}-{_stem(last)}" if last.isalpha() else word
    if len(word) <= 3 or not word.isalpha():
        return word
    stem = word
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),  # "modified" meets "modify"
        ("sses", "ss"),
        # ("embeddings" meets "embedding" at "embed", not at "embedding".)
        ("ings", ""),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "ses", "zes")):
                continue  # "types" -> "type" via "s", not "typ"
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            stem = word[: len(word) - len(suffix)] + repl
            if suffix in ("ings", "ing", "ed") and len(stem) >= 3 and stem[-1] == stem[-2]:
                stem = stem[:-1]  # consonant doubling: "planned" -> "plan"
            break
    # A noun made of the verb meets the verb: "annotation" the student's "annotate" (a
    # question about foundation models' "human annotation" had found other sections),
    # "summarization" "summarize", "generator" "generate", "completion" "complete".
    if stem.endswith("ization") and len(stem) >= 9:
        stem = stem[:-5]
    elif stem.endswith(("ation", "etion")) and len(stem) >= 8:
        stem = stem[:-3]
    elif stem.endswith("ator") and len(stem) >= 7:
        stem = stem[:-2]
    # "tune"/"tuned"/"tuning" meet at "tun"; "model" and "image"/"images" stay consistent.
    if len(stem) >= 4 and stem.endswith("e") and not stem.endswith("ee"):
        stem = stem[:-1]
    return stem


def normalise(text: str) -> str:
    """NFKC, lower case: full-width letters and compatibility forms become plain ones."""
    return unicodedata.normalize("NFKC", text).lower()


def english_tokens(text: str) -> list[str]:
    """Normalised, stemmed English words without stop words."""
    return [_stem(w) for w in _WORD_RE.findall(normalise(text)) if w not in _EN_STOP]


def whitespace_tokens(text: str) -> list[str]:
    """The naive baseline: lower-cased whitespace-separated words, punctuation trimmed."""
    out = []
    for raw in normalise(text).split():
        word = raw.strip(".,!?;:()[]{}\"'`“”‘’")
        if word:
            out.append(word)
    return out


# The course's nouns Kiwi splits in some sentences and not in a question: "학습되어 다국어 음성
# 인식" reads "다" (all) and "국어", so "whisper 다국어 돼?" had met no word of the lesson and
# was refused (p 0.16). (`tests/test_language.py` finds every such noun of the lesson.)
COURSE_NOUNS = ("다국어", "인페인팅", "작업량", "데이터베이스")

_kiwi: Any = None
_kiwi_lock = threading.Lock()


def _shared_kiwi() -> Any:
    """One Kiwi per process (loading it costs 1-2 s and ~100 MB; it is thread-safe and has
    no state a tokenizer could disturb), shared by every tokenizer and app."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # Typo correction and the multi-word dictionary cost ~190 MB and ~1.5 s to
                # load and do nothing for BM25 terms.
                kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
                for noun in COURSE_NOUNS:
                    kiwi.add_user_word(noun, "NNG")
                kiwi.tokenize("준비")  # the first call loads the model; pay it here
                _kiwi = kiwi
    return _kiwi


class KoreanTokenizer:
    """Kiwi, loaded once and lazily (it takes about a second), safe to share across threads.

    `known` holds the tokens of Korean text the course itself supplies at query time (the
    glossary's terms, section headings), saved when the course is indexed: an English
    question then never waits for Kiwi to load in a fresh process (`studybot ask`).
    """

    def __init__(self, known: dict[str, list[str]] | None = None) -> None:
        self._kiwi: Any = None
        self._lock = threading.Lock()
        self.known = dict(known or {})

    def _get(self) -> Any:
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    self._kiwi = _shared_kiwi()
        return self._kiwi

    def warm_up(self) -> None:
        """Load the model now (call from a worker thread at start-up)."""
        self._get()

    def tokens(self, text: str) -> list[str]:
        """Content morphemes; Latin words inside Korean text get the English treatment."""
        known = self.known.get(text)
        if known is not None:
            return list(known)
        out: list[str] = []
        morphemes = self._get().tokenize(text)
        for i, tok in enumerate(morphemes):
            tag = tok.tag.split("-")[0]
            if tag not in _KEEP_TAGS:
                continue
            if tag == "SL":
                out.extend(english_tokens(tok.form))
            elif tok.form not in _KO_STOP and not (tag == "VV" and tok.form in _KO_STOP_VERBS):
                after = morphemes[i + 1].form if i + 1 < len(morphemes) else ""
                out.append(normalise(_WITH_PARTICLE.get((tok.form, after), tok.form)))
        return out


class Tokenizer:
    """The one tokenizer used for indexing and querying, so both sides always agree."""

    # Bump when the token rules, what `Chunk.lexical_text` holds or the stored metadata
    # change: stored chunk and unit metadata are then recomputed on the next `studybot index`
    # (without re-embedding). 5: chunks carry their section's anchor and public path.
    # 6: "has", "have", "had" are stop words (they made "which phone has…" look on topic),
    # and so are instruction verbs ("summarise", "describe"), which say nothing of the topic.
    # 7: "-ied" stems to "-y" ("modified", "modify"; "applied", "apply").
    # 8: "mean", "means", "meaning", "meant" are stop words ("what does LLM mean?").
    # 9: "처음부터" (from scratch) is one token, apart from "처음" (at first).
    # 10: "들" (들다: to hold, to give an example) is a stop word.
    # 11: "worth" is a stop word: it frames ("is it worth it?", "it's worth looking into")
    # and made "when is it worth it?" quote the playground's "It's worth looking into".
    # 12: a plural of "-ing" stems as its singular ("embeddings" and "embedding": "embed").
    # 13: a noun made of a verb stems as the verb ("annotation" and "annotate": "annotat").
    # 14: "우리" and "저희" (we, our) are stop words, as English "we" and "our" are.
    # 15: "기준으로" (by, per) is its own token, not the criteria "기준".
    # 16: "애", "얘", "걔" (chat's "this one") are stop words.
    # 17: the course's nouns Kiwi split in context are its words (`COURSE_NOUNS`).
    # 18: "다" (all) is a stop word.
    # 19: the verb "말다" ("용도 말고": besides) is a stop word; the noun "말" is not.
    VERSION = 19

    def __init__(self, korean: KoreanTokenizer | None = None) -> None:
        self.korean = korean or KoreanTokenizer()

    def tokens(self, text: str) -> list[str]:
        """Kiwi for text that contains Hangul (it handles embedded English too), else English."""
        if any(is_hangul(ch) for ch in text):
            return self.korean.tokens(text)
        return english_tokens(text)


def _cache_key() -> str:
    """What the saved tokens depend on: our token rules and Kiwi's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        kiwi = version("kiwipiepy")
    except PackageNotFoundError:  # pragma: no cover - kiwipiepy is a dependency
        kiwi = "?"
    return f"{Tokenizer.VERSION}/{kiwi}"


def load_known_tokens(path: Path) -> dict[str, list[str]]:
    """Saved Korean tokens (see `KoreanTokenizer`); nothing when missing, stale or unreadable."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("key") != _cache_key():
        return {}
    tokens = saved.get("tokens")
    return tokens if isinstance(tokens, dict) else {}


def save_known_tokens(path: Path, korean: KoreanTokenizer, texts: Iterable[str]) -> int:
    """Tokenize the course's Korean query-time texts with Kiwi and save them; how many."""
    wanted = sorted({t for t in texts if any(is_hangul(ch) for ch in t)})
    korean.known = {}  # tokenized afresh: never a stale entry
    tokens = {t: korean.tokens(t) for t in wanted}
    korean.known = tokens
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": _cache_key(), "tokens": tokens}, ensure_ascii=False))
    tmp.replace(path)
    return len(tokens)
