"""Course Markdown -> clean, heading-aware chunks with stable content-hash ids.

Every chunk belongs to exactly one section (its heading path); long sections are split on
paragraph boundaries with a one-sentence overlap. Markup, images and link targets are
stripped from the indexed text, so tracking parameters never reach the index.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.kernel.errors import KnowledgeFileError
from bot.kernel.lang import detect_lang
from bot.rag.anchors import Slugger, default_course_path
from bot.rag.injection import looks_injected, quarantine
from bot.rag.sentences import split_sentences

log = logging.getLogger(__name__)

HEADING_SEP = " > "
MAX_CHUNK_CHARS = 900
OVERLAP_CHARS = 220

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINKED_IMAGE_RE = re.compile(r"\[\s*!\[[^\]]*\]\([^)]*\)\s*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*[^)]*\)", re.S)
_AUTOLINK_RE = re.compile(r"<(https?://[^>]+)>")
_BARE_URL_RE = re.compile(r"https?://[^\s)>\]]+")
_TRACKING_PARAM_RE = re.compile(r"(?i)(utm_[a-z]+|wt\.mc_id|fbclid|gclid|mc_cid|mc_eid)=")
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_UNDERSCORE_EM_RE = re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", re.S)
_CODE_RE = re.compile(r"`([^`]*)`")
_ADMONITION_RE = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.I)
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_CAPTION_RE = re.compile(r"^(image|img) source:", re.I)
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One indexed piece of a section."""

    id: str
    source: str
    """Path under `knowledge/`, with `/` separators."""
    heading: str
    """Heading path below the lesson title, joined with `HEADING_SEP`."""
    lang: str
    lesson: str
    title: str
    """The lesson's title (its H1)."""
    text: str
    part: int
    """Position of this chunk within its section (0 for the first)."""
    anchor: str = ""
    """The section's anchor in the rendered lesson (`#…` on GitHub)."""
    path: str = ""
    """The lesson's path in the public course repository (for citation links)."""
    section: int = 0
    """The section's place in its document: translations with the same headings line up."""

    def embedding_text(self) -> str:
        """What the dense model sees: the section's place in the lesson, then its text."""
        return f"{self.title}{HEADING_SEP}{self.heading}\n{self.text}"

    def lexical_text(self) -> str:
        """What BM25 sees: the section's own heading counted twice, then its text.

        A heading names what a section is about ("Retrieval Augmented Generation (RAG)"),
        so its words weigh more than a passing mention in a one-line section elsewhere
        ("Read up more on how you can use RAG"), which BM25's length normalisation would
        otherwise favour.
        """
        own = self.heading.split(HEADING_SEP)[-1]
        return f"{self.heading}\n{own}\n{self.text}"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the cleaned paragraphs under it (before chunking)."""

    heading: str
    paragraphs: tuple[str, ...]
    anchor: str = ""
    """The heading's anchor as GitHub renders it (see `Slugger`)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed course file."""

    source: str
    lang: str
    lesson: str
    title: str
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()
    path: str = ""
    """The lesson's path in the public course repository (front matter `path`, else the
    course's own layout: `<lesson>/README.md`, translations under `translations/<lang>/`)."""


def strip_tracking(url: str) -> str:
    """Remove tracking query parameters (`WT.mc_id`, `utm_*`, ...) from a URL."""
    if "?" not in url:
        return url
    base, _, rest = url.partition("?")
    query, hashmark, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if p and not _TRACKING_PARAM_RE.match(p)]
    out = base + ("?" + "&".join(kept) if kept else "")
    return out + (hashmark + fragment if hashmark else "")


def clean_inline(text: str) -> str:
    """Markdown inline markup -> plain text: images dropped, links to their text, no emphasis."""
    text = _LINKED_IMAGE_RE.sub("", text)
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(lambda m: m.group(1).strip(), text)
    text = _AUTOLINK_RE.sub(lambda m: strip_tracking(m.group(1)), text)
    text = _BARE_URL_RE.sub(lambda m: strip_tracking(m.group(0)), text)
    text = _HTML_TAG_RE.sub("", text)
    text = _CODE_RE.sub(lambda m: m.group(1), text)
    for _ in range(2):  # nested emphasis such as **_x_**
        text = _EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3) or "", text)
        text = _UNDERSCORE_EM_RE.sub(lambda m: m.group(1), text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _clean_block(lines: list[str]) -> str:
    """A paragraph's raw lines -> one clean paragraph (list items stay on their own lines)."""
    out: list[str] = []
    rows: set[int] = set()  # indexes in `out` of table rows
    # Links and images may wrap across lines ("[Title\n](url)"): resolve them on the whole
    # block first, so no half-link survives the line-by-line pass below.
    block = "\n".join(lines)
    block = _LINKED_IMAGE_RE.sub("", block)
    block = _IMAGE_RE.sub("", block)
    block = _LINK_RE.sub(lambda m: " ".join(m.group(1).split()), block)
    for raw in block.split("\n"):
        line = raw.strip()
        while line.startswith(">"):
            line = line[1:].strip()
        line = _ADMONITION_RE.sub("", line)
        if not line or _CAPTION_RE.match(line):
            continue
        if _TABLE_RULE_RE.match(line):
            continue
        # A table row is a line of its own, like a list item: rows are not wrapped text.
        is_row = line.startswith("|")
        is_item = bool(_LIST_RE.match(line))
        line = clean_inline(_LIST_RE.sub("", line))
        if not line:
            continue
        if is_row:
            rows.add(len(out))
            out.append(" | ".join(c.strip() for c in line.strip("|").split("|") if c.strip()))
        elif out and not is_item and not out[-1].startswith("- ") and len(out) - 1 not in rows:
            out[-1] = f"{out[-1]} {line}"  # a wrapped line continues its paragraph
        else:
            out.append(f"- {line}" if is_item else line)
    return "\n".join(out)


def _parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[match.end() :]


def parse_markdown(text: str, source: str, lang_hint: str | None = None) -> Document:
    """Split a Markdown document into sections keyed by their heading path."""
    meta, body = _parse_front_matter(text)
    # HTML comments never show on the lesson's page, so nothing in them is course text (a
    # place to hide instructions for a model); blanked line for line, so numbers still match.
    body = _HTML_COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    lesson = meta.get("lesson") or Path(source).stem
    title = ""
    warnings: list[str] = []
    stack: list[tuple[int, str]] = []  # (level, heading text) below the title
    sections: list[Section] = []
    current_heading: str | None = None
    current_anchor = ""
    slugger = Slugger()
    paragraphs: list[str] = []
    block: list[str] = []
    in_fence = False

    block_line = 0

    def flush_block() -> None:
        if block:
            cleaned = _clean_block(block)
            if cleaned:
                cleaned, dropped = quarantine(cleaned)
                for sentence in dropped:
                    # The line the sentence starts on, for the course editor to find it.
                    head = sentence[:15]
                    at = next((i for i, raw in enumerate(block) if head in raw), 0)
                    warnings.append(
                        f"line {block_line + at}: instruction-like text left out of the index: "
                        f"{sentence[:80]!r}"
                    )
            if cleaned and paragraphs and _continues(paragraphs[-1], cleaned):
                # A sentence broken by a stray blank line ("…with different degrees of
                # training\n\ndeploy an LLM in production, …" in the English lesson) is one
                # sentence: split, its first half was an answer unit of its own, cut off.
                paragraphs[-1] = f"{paragraphs[-1]} {cleaned}"
            elif cleaned:
                paragraphs.append(cleaned)
            block.clear()

    def flush_section() -> None:
        flush_block()
        if paragraphs:
            heading = current_heading if current_heading is not None else (title or lesson)
            sections.append(Section(heading, tuple(paragraphs), current_anchor))
        paragraphs.clear()

    offset = text[: len(text) - len(body)].count("\n")  # lines taken by the front matter
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        if not block:
            block_line = number
        if _FENCE_RE.match(line):
            in_fence = not in_fence  # code stays as text; only the fence lines go
            continue
        match = None if in_fence else _HEADING_RE.match(line)
        if match:
            level, heading = len(match.group(1)), clean_inline(match.group(2))
            # The anchor is the heading as written: it is what the public page links to.
            anchor = slugger(heading)
            if looks_injected(heading):
                # Headings reach prompts (and citations) too: an instruction-like one is
                # replaced, not indexed.
                warnings.append(
                    f"line {number}: instruction-like heading replaced: {heading[:80]!r}"
                )
                heading = "(untitled section)" if detect_lang(heading) == "en" else "(제목 없음)"
            flush_section()
            current_anchor = anchor
            if level == 1 and not title:
                title = heading
                current_heading = None
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            current_heading = HEADING_SEP.join(h for _, h in stack)
            continue
        if not line.strip():
            flush_block()
        else:
            block.append(line)
    flush_section()

    if not title:
        # No H1: the file's name stands in for the title, and for the heading of any text
        # that came before the first heading (all of it, in a file with no headings).
        title = lesson.replace("-", " ").replace("_", " ").strip() or source
        sections = [
            Section(title if s.heading == lesson else s.heading, s.paragraphs, s.anchor)
            for s in sections
        ]
        if not stack:
            warnings.append("no headings: indexed as one section named after the file")
    all_text = " ".join(p for s in sections for p in s.paragraphs)
    lang = meta.get("lang") or lang_hint or detect_lang(all_text)
    path = meta.get("path") or default_course_path(lesson, lang)
    return Document(source, lang, lesson, title, tuple(sections), tuple(warnings), path)


def _split_long(paragraph: str, limit: int) -> list[str]:
    """A paragraph over the limit -> pieces on sentence boundaries."""
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def _overlap_tail(text: str) -> str:
    """The last sentence of a chunk, if short enough to repeat at the start of the next."""
    sentences = split_sentences(text.split("\n\n")[-1])
    tail = sentences[-1] if sentences else ""
    return tail if 0 < len(tail) <= OVERLAP_CHARS else ""


def chunk_section(section: Section, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """A section's paragraphs -> chunk texts of at most about `limit` characters."""
    paragraphs: list[str] = []
    for p in section.paragraphs:
        paragraphs.extend(_split_long(p, limit) if len(p) > limit else [p])
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for p in paragraphs:
        if current and size + len(p) + 2 > limit:
            chunks.append("\n\n".join(current))
            tail = _overlap_tail(chunks[-1])
            current, size = ([tail], len(tail)) if tail and tail != p else ([], 0)
        current.append(p)
        size += len(p) + 2
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def chunk_id(source: str, heading: str, text: str) -> str:
    """Content hash: the same text in the same place always gets the same id."""
    digest = hashlib.sha256(f"{source}\x00{heading}\x00{text}".encode()).hexdigest()
    return digest[:32]


def document_chunks(doc: Document) -> list[Chunk]:
    """All chunks of a parsed document, in reading order."""
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for number, section in enumerate(doc.sections):
        for part, text in enumerate(chunk_section(section)):
            cid = chunk_id(doc.source, section.heading, text)
            if cid in seen:
                continue
            seen.add(cid)
            chunks.append(
                Chunk(
                    cid,
                    doc.source,
                    section.heading,
                    doc.lang,
                    doc.lesson,
                    doc.title,
                    text,
                    part,
                    section.anchor,
                    doc.path,
                    number,
                )
            )
    return chunks


def read_document(path: Path, root: Path) -> Document:
    """Parse one knowledge file; its language comes from front matter, else its folder."""
    source = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KnowledgeFileError(
            source, f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None
    folder = source.split("/")[0].lower() if "/" in source else ""
    lang_hint = folder if folder in ("ko", "en") else None
    return parse_markdown(text, source, lang_hint)


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything under `knowledge/`: the chunks, and the files that could not be used."""

    chunks: tuple[Chunk, ...]
    documents: tuple[Document, ...]
    problems: tuple[str, ...]


def iter_markdown(root: Path) -> Iterator[Path]:
    """Markdown files under the knowledge folder, skipping license and readme notices."""
    for path in sorted(root.rglob("*.md")):
        if (
            path.name.upper().startswith(("LICENSE", "README", "ATTRIBUTION"))
            and path.parent == root
        ):
            continue
        yield path


def load_corpus(root: Path) -> Corpus:
    """Parse every course file; a broken file is reported and skipped, never fatal."""
    if not root.is_dir():
        raise KnowledgeFileError(str(root), "knowledge folder not found")
    chunks: list[Chunk] = []
    docs: list[Document] = []
    problems: list[str] = []
    for path in iter_markdown(root):
        try:
            doc = read_document(path, root)
        except KnowledgeFileError as exc:
            problems.append(str(exc))
            log.warning("skipped %s", exc)
            continue
        except OSError as exc:
            problems.append(f"{path.relative_to(root).as_posix()}: cannot read: {exc.strerror}")
            continue
        problems.extend(f"{doc.source}: {w}" for w in doc.warnings)
        docs.append(doc)
        chunks.extend(document_chunks(doc))
    return Corpus(tuple(chunks), tuple(docs), tuple(problems))


_SENTENCE_END = (".", "!", "?", ":", ";", "。", "…", ")", '"', "”", "’")


def _continues(previous: str, paragraph: str) -> bool:
    """True when `paragraph` carries on the sentence `previous` left unfinished: prose that
    stops without a sentence's end, followed by prose that starts in lower case."""
    last = previous.rstrip().rsplit("\n", 1)[-1]
    return (
        not last.startswith(("- ", "#", "|", ">"))
        and not last.rstrip().endswith(_SENTENCE_END)
        and paragraph[:1].islower()
    )
