"""Checks before and after the model: what goes in is bounded, what comes out is checked."""

from __future__ import annotations

import re
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config import Settings
from bot.kernel.catalog import Tier
from bot.kernel.errors import EmptyQuestion, QuestionTooLong, RateLimited, TooSoon
from bot.kernel.talk import without_opening

_INVISIBLE = re.compile("[\x00\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
"""NUL, zero-width and direction marks, soft hyphens: a question made only of them is empty."""


def review_input(text: str, settings: Settings) -> str:
    """The question, normalised; refused when empty or over the size cap.

    The cap is checked before any search or model call, so an oversized message costs
    nothing but this check.
    """
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFC", text or "")).strip()
    if not cleaned:
        raise EmptyQuestion()
    if len(cleaned) > settings.max_question_chars:
        raise QuestionTooLong(len(cleaned), settings.max_question_chars)
    return cleaned


_FORCE_PREMIUM = re.compile(r"(^|\s)(premium|--premium|프리미엄)\s*$", re.I)


def strip_force(question: str) -> tuple[str, Tier | None]:
    """`"… premium"` at the end of a question asks for the premium tier; strip it off."""
    if _FORCE_PREMIUM.search(question):
        return _FORCE_PREMIUM.sub("", question).strip(), "premium"
    return question, None


def read_question(text: str, settings: Settings) -> tuple[str, Tier | None]:
    """The question to answer and the tier it asks for, refused when empty or too long
    (checked again once a trailing "premium" is gone: "premium" alone is empty)."""
    question, forced = strip_force(review_input(text, settings))
    return review_input(question, settings), forced


# Output ------------------------------------------------------------------------------

ZWSP = "\u200b"
_MASS_MENTION_RE = re.compile(r"@(everyone|here|channel|team)\b", re.I)
_ID_MENTION_RE = re.compile(r"<(@[!&]?\d+|#\d+)>")
_TEAMS_AT_RE = re.compile(r"</?at\b[^>]*>", re.I)
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.I)
_KEY_LIKE_RE = re.compile(r"\b(?:sk-[A-Za-z0-9_-]{16,}|xox[abp]-[A-Za-z0-9-]{10,})")
REDACTED = "[redacted]"
LINK_REMOVED = {"en": "[link removed]", "ko": "[링크 삭제됨]"}


@dataclass(frozen=True, slots=True)
class OutputPolicy:
    """What a reply may contain: no credentials, links only to allowed hosts, no pings."""

    secrets: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    max_chars: int = 3500
    protected: tuple[str, ...] = ()
    """Fragments of our own prompts: a reply that quotes them has them redacted."""

    @classmethod
    def from_settings(cls, settings: Settings, prompts: tuple[str, ...] = ()) -> OutputPolicy:
        return cls(
            tuple(settings.secret_values()),
            tuple(settings.link_allowlist),
            settings.reply_max_chars,
            prompt_fragments(prompts),
        )

    def host_allowed(self, url: str) -> bool:
        """Whether a link's host is on the allow-list (subdomains included), read the way a
        browser reads it. Python's parser and a browser's (WHATWG) disagree on some URLs:
        `https://evil.example\\@github.com` is github.com to Python, evil.example to a
        browser. So anything they could disagree on is refused outright: a backslash,
        whitespace or control characters, user info (`@` before the host), a
        percent-encoded or non-ASCII (IDN, look-alike) host not literally on the list."""
        if any(ch == "\\" or ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
            return False
        target = url if "://" in url else f"https://{url}"
        try:
            parts = urlsplit(target)
        except ValueError:
            return False
        if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
            return False
        host = (parts.hostname or "").rstrip(".")
        if not host or "%" in parts.netloc or not host.isascii():
            return False
        host = host.lower().removeprefix("www.")
        if any(label.startswith("xn--") for label in host.split(".")):
            return host in self.allowed_hosts  # punycode only when listed as such
        return any(host == h or host.endswith("." + h) for h in self.allowed_hosts)


def review_output(text: str, policy: OutputPolicy, lang: str = "en") -> str:
    """A reply made safe to post, whatever produced it (a model, a poisoned course file).

    Credentials are redacted, links to hosts off the allow-list are removed (a Markdown link
    keeps its text), mentions are made inert, and the length is capped.
    """
    text = redact(text, policy)
    removed = LINK_REMOVED["ko" if lang == "ko" else "en"]

    def md_link(m: re.Match[str]) -> str:
        label, url = m.group(1), m.group(2)
        if m.group(0).startswith("!"):
            return label  # images never render in a reply
        return m.group(0) if policy.host_allowed(url) else label

    text = _MD_LINK_RE.sub(md_link, text)
    text = _URL_RE.sub(lambda m: m.group(0) if policy.host_allowed(m.group(0)) else removed, text)
    text = neutralise_mentions(text)
    if len(text) > policy.max_chars:
        text = text[: policy.max_chars - 1].rstrip() + "…"
    return text


def review_label(text: str, policy: OutputPolicy, lang: str = "en") -> str:
    """A short label shown beside a reply (a cited section's heading) made safe: it comes
    from course files, which may be poisoned, so no link of any host survives in it (it is
    shown as a link to the lesson itself), and no Markdown link or mention either."""
    removed = LINK_REMOVED["ko" if lang == "ko" else "en"]
    text = redact(text, policy)
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = text.replace("[", "(").replace("]", ")")
    text = _URL_RE.sub(removed, text)
    return neutralise_mentions(" ".join(text.split()))[:200]


def redact(text: str, policy: OutputPolicy) -> str:
    """Replace every known credential, anything shaped like an API key, and any quoted piece
    of our own prompts, with a marker."""
    for secret in (*policy.secrets, *policy.protected):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _KEY_LIKE_RE.sub(REDACTED, text)


def prompt_fragments(prompts: tuple[str, ...], min_chars: int = 24) -> tuple[str, ...]:
    """The verbatim pieces of prompt templates long enough to recognise in a reply
    (template placeholders split them, since they vary per request)."""
    pieces: set[str] = set()
    for prompt in prompts:
        for line in prompt.splitlines():
            for part in re.split(r"\$\{?\w+\}?", line):
                part = part.strip(" .,:;-*0123456789")
                if len(part) >= min_chars:
                    pieces.add(part)
    return tuple(sorted(pieces, key=len, reverse=True))


def neutralise_mentions(text: str) -> str:
    """`@everyone`, `@here`, user/role/channel mentions and Teams `<at>` tags, made inert."""
    text = _TEAMS_AT_RE.sub("", text)
    text = _MASS_MENTION_RE.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _ID_MENTION_RE.sub(lambda m: f"<{ZWSP}{m.group(1)}>", text)


class StreamGuard:
    """Guards a streamed answer as it grows, so nothing unsafe is shown even for a moment.

    Text is released only up to the last whitespace: credentials, links and mentions
    contain none, so each is complete (and judged whole) before any of it is released.
    """

    def __init__(self, policy: OutputPolicy, lang: str = "en") -> None:
        self.policy = policy
        self.lang = lang
        self.raw = ""
        self.shown = ""
        self._cut = 0

    def feed(self, delta: str) -> str:
        """Add model text; returns the newly releasable, guarded text ("" if none yet)."""
        self.raw += delta
        cut = max(self.raw.rfind(" "), self.raw.rfind("\n"), self.raw.rfind("\t"))
        if cut <= self._cut:
            return ""  # no new complete word since the last release
        self._cut = cut
        safe = review_output(self.raw[:cut], self.policy, self.lang)
        if not safe.startswith(self.shown) or len(safe) <= len(self.shown):
            return ""
        new, self.shown = safe[len(self.shown) :], safe
        return new


class RateLimiter:
    """At most `per_minute` questions per user in any sliding minute (in this process).

    Checked before any search or model call, so a flood costs one dictionary lookup per
    message; budgets remain the hard limit across processes.
    """

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._seen: dict[str, deque[float]] = {}
        self._told: dict[str, float] = {}

    def refusal(self, user_id: str, now: float | None = None) -> RateLimited | None:
        """What `check` would raise for this user now, or None (nothing is recorded)."""
        now = time.monotonic() if now is None else now
        recent = [t for t in self._seen.get(user_id, ()) if t > now - self.window_s]
        if len(recent) < self.per_minute:
            return None
        return RateLimited(recent[0] + self.window_s - now)

    def check(self, user_id: str, now: float | None = None) -> None:
        """Record a question, or raise `RateLimited` (without recording it)."""
        now = time.monotonic() if now is None else now
        times = self._seen.setdefault(user_id, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if len(times) >= self.per_minute:
            notify = self._told.get(user_id, -1e18) <= now - self.window_s
            if notify:
                self._told[user_id] = now
            raise RateLimited(times[0] + self.window_s - now, notify)
        times.append(now)
        if len(self._seen) > 100_000:  # drop users idle for a whole window
            self._seen = {u: t for u, t in self._seen.items() if t and t[-1] > now - self.window_s}
            self._told = {u: t for u, t in self._told.items() if t > now - self.window_s}


class Cooldown:
    """At most one question per user every `seconds` (in this process): a channel full of
    classmates is not a private chat, so a student waits a moment between questions."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[str, float] = {}

    def refusal(self, user_id: str, now: float | None = None) -> TooSoon | None:
        """What `check` would raise for this user now, or None (nothing is recorded)."""
        now = time.monotonic() if now is None else now
        left = self._last.get(user_id, -1e18) + self.seconds - now
        return TooSoon(left) if left > 0 else None

    def check(self, user_id: str, now: float | None = None) -> None:
        """Record a question, or raise `TooSoon` (without recording it)."""
        now = time.monotonic() if now is None else now
        refused = self.refusal(user_id, now)
        if refused is not None:
            raise refused
        self._last[user_id] = now
        if len(self._last) > 100_000:  # forget users whose cooldown ran out long ago
            self._last = {u: t for u, t in self._last.items() if t > now - self.seconds}


_GREETING = re.compile(
    r"^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening)"
    r"|안녕(하세요|하십니까)?|하이|ㅎㅇ|반가워(요)?)"
    r"( there| studybot| bot| 스터디봇)?$",
    re.I,
)
_THANKS = re.compile(
    r"^(thanks?( you)?( so much| a lot)?|thx|ty|cheers"
    r"|고마워(요)?|고맙습니다|감사(합니다|해요)?|땡큐|ㄳ|ㄱㅅ)"
    r"( studybot| bot| 스터디봇)?$",
    re.I,
)


_ABOUT_BOT = re.compile(
    r"^(who|what) are you$|^what can you do$|\bwho (made|built|created|wrote) (you|this bot)\b"
    r"|^are you (a bot|an ai|chatgpt|human)$"
    r"|^(너|넌|너는|당신은?) (누구|뭐)"
    r"|(너|넌|네가|니가|봇|스터디봇|이 봇은?).{0,8}(뭘|무엇을|뭐) 할 수"
    r"|^(뭘|뭐|무엇을) (할 수 있|해 줄 수 있|도와줄 수 있)"
    r"|(누가|어디서) (너를?|널|이 봇을?|스터디봇을?) 만들|(이 봇|스터디봇)은? 누가 만들",
    re.I,
)


# Asking the bot for a quiz, for help, for one's score: the way to do it on this platform,
# not a search ("quiz me" had got the encoder-decoder analogy's quiz; "help" a sentence that
# "will help our startup"). "퀴즈 답 알려줘" asks for the knowledge check's answer: a question.
_QUIZ_ME = re.compile(
    r"^(please )?(quiz me|test me|give me (a |some )?(quiz|test|practice questions?)"
    r"( about (this|the) lesson)?|(can|could|will) you (quiz|test) me"
    r"|(start|begin|take|do|play) (a |the )?quiz|let'?s (do |have |take |play )?(a )?quiz"
    r"|i (want|would like|'d like) (a|to (take|do) a) quiz"
    r"|how (do|can) i (start|take|do|play|begin) (a |the )?quiz(zes)?)( please)?$"
    r"|^(퀴즈|문제|확인 문제)\s*(좀\s*)?(내|내줘|내 줘|내주세요|풀래|풀고 싶어|하자|할래|시작"
    r"|해줘|해 줘|주세요|줘)|^퀴즈$|퀴즈(는|를)? 어떻게 (시작|해|하|풀)",
    re.I,
)
_HELP = re.compile(
    r"^(help|help me|helps?|도와줘|도와주세요|도움|도움말|사용법|명령어|어떻게 (써|사용해)"
    r"|how (do|can|should) i use (you|this|this bot|studybot)|how does (this|it|this bot) work"
    r"|what commands( are there| do you have)?)$",
    re.I,
)
_SCORE = re.compile(
    r"^(what'?s|what is|what are|show( me)?|check|see) (my )?(score|scores|streak|stats"
    r"|results?|rank|ranking|progress)$|^(my )?(score|stats|streak)$"
    r"|^(내 )?(점수|성적|순위|통계|연속 기록|퀴즈 결과)\s*(좀\s*)?"
    r"(알려\s*줘|보여\s*줘|어때|뭐야|확인|는|은|가|이)?$",
    re.I,
)
_ACK = re.compile(
    r"^(ok|okay|okk?|k|kk|got it|gotcha|i see|cool|nice|great|awesome|alright|all right|sure"
    r"|lol|lmao|haha+|hmm+|ㅇㅋ|ㅇㅇ|알겠어(요)?|알았어(요)?|그렇구나|오케이|좋아(요)?|네|넵|응)$",
    re.I,
)
_UNCLEAR = re.compile(r"^(what|huh|eh|wut|뭐|뭐라고|어)$", re.I)
# How the class is run, not what the lesson teaches: certificates, exams, grades, deadlines
# ("이 강좌 수료증은 어디서 받아?" had been answered from the lesson's outline).
_LOGISTICS = re.compile(
    r"\b(certificates?|certification)\b|\bon the (exam|midterm|final|test)$"
    r"|\bin the (exam|midterm|final)$"
    r"|\b(exam|midterm|final exam|deadline|due date)\b.{0,20}\b(when|where|how)\b"
    r"|\b(when|where|how)\b.{0,25}\b(exams?|midterms?|final exam|deadlines?)\b"
    r"|\bwhen is (the|my|our) (assignment|homework|project)\b|\b(my|our|final) grades?\b"
    r"|수료증|이수증|시험에 .{0,15}(나와|나오|나올)|시험 (범위|언제|일정)|(중간|기말)고사"
    r"|성적 (언제|어떻게)"
    r"|학점|마감 ?(이|은)? ?언제|제출 기한|출석",
    re.I,
)


def small_talk(text: str) -> str:
    """What a message that is only talk is: "greeting" ("hi!", "안녕하세요~"), "thanks"
    ("thanks a lot!", "고마워요 ㅎㅎ"), "about_bot" ("who made you?", "이 봇은 누가
    만들었어?"), "quiz" ("quiz me", "퀴즈 내줘"), "help", "score" ("what's my score?"),
    "ack" ("ok", "ㅋㅋ") or "unclear" ("what?"); "" for anything else. Such a message gets
    a friendly word and the way to ask, not "that is not in the course material" — nor a
    quote that shares its words ("누가 만들었어" had found "스탠포드 연구진이 만든").
    "logistics" ("is this on the exam?", "수료증은 어디서 받아?") asks how the class is run,
    which the teacher answers."""
    stripped = text.strip()
    core = re.sub(r"[\s!.,~?^ㅎㅋ:)(;]+$", "", stripped).strip()
    core = re.sub(r"\s+", " ", core)
    if not core:
        # "ㅋㅋㅋ", "!!", "??": laughter or puzzlement, nothing to search for.
        return "unclear" if "?" in stripped else ("ack" if stripped else "")
    if _GREETING.match(core):
        return "greeting"
    if _THANKS.match(core):
        return "thanks"
    if len(core) <= 60 and _ABOUT_BOT.search(core):
        return "about_bot"
    for kind, pattern in (
        ("logistics", _LOGISTICS),
        ("quiz", _QUIZ_ME),
        ("help", _HELP),
        ("score", _SCORE),
        ("ack", _ACK),
        ("unclear", _UNCLEAR),
    ):
        if len(core) <= 60 and pattern.search(core):
            return kind
    rest = without_opening(core)
    if rest != core:
        # What follows the opening decides: talk, or a question to answer.
        return small_talk(rest)
    return ""
