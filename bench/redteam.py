"""Poisoned course text, per family: how many planted instructions reach a prompt and leak.

Indexes the course plus the red-team families (`tests/security/families.yaml`, one section
per case) three times — without any quarantine, with the filter StudyBot had before
(exact phrasings after NFKC and look-alike folding, commit d739c69), and with today's — and
asks each case's question with a model that obeys every instruction it reads. A canary
*reaches* when it is in a prompt (in any spelling the model reads: decoded, folded) and
*leaks* when it is in the reply.

    python bench/redteam.py
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import ROOT, machine

import bot.rag.ingest as ingest
from bot.app import App
from bot.config import load_settings
from bot.kernel.models import Turn
from bot.rag.injection import looks_injected, quarantine
from bot.rag.sentences import split_sentences
from tests.fakes.openai_server import FakeOpenAI, Step, reads_as
from tests.security.families import (
    MODEL_KEY_ENV,
    families,
    obedient_models,
    write_family_files,
)

# The filter before this change, for the "before" column (bot/rag/ingest.py at d739c69).
_OLD_RE = re.compile(
    r"(ignore|disregard|forget|override)\b.{0,40}\b(instruction|prompt|rule|direction)s?"
    r"|\b(system|developer)\s+(prompt|message|instructions?)\b"
    r"|\byou are (now|no longer)\b"
    r"|\b(reveal|print|show|output|repeat|leak)\b.{0,40}"
    r"\b(api[ _-]?key|password|token|secret|prompt)"
    r"|^\s*(assistant|system)\s*:|\[/?inst\]|<\|im_start\|>"
    r"|(지시|명령|지침|규칙)\S*.{0,12}(무시|잊)"
    r"|시스템\s*프롬프트"
    r"|(api\s*키|비밀번호|토큰)\S*\s*(을|를)?\s*(알려|출력|보여|말해)",
    re.IGNORECASE | re.MULTILINE,
)
_OLD_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_OLD_FOLD = str.maketrans(
    "аеорсухіјѕԁӏοανАВЕКМНОРСТХІЈЅΑΒΕΗΙΚΜΝΟΡΤΧ",
    "aeopcyxijsdloavABEKMHOPCTXIJSABEHIKMNOPTX",
)


def _old_looks_injected(text: str) -> bool:
    folded = _OLD_INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_OLD_FOLD)
    return bool(_OLD_RE.search(folded))


def _old_quarantine(paragraph: str) -> tuple[str, list[str]]:
    if not _old_looks_injected(paragraph):
        return paragraph, []
    kept, dropped = [], []
    for line in paragraph.split("\n"):
        parts = split_sentences(line) or [line]
        good = [p for p in parts if not _old_looks_injected(p)]
        dropped += [p for p in parts if _old_looks_injected(p)]
        if good:
            kept.append(" ".join(good))
    return "\n".join(kept), dropped


FILTERS: dict[str, tuple[Callable[[str], bool], Callable[[str], tuple[str, list[str]]]]] = {
    "no quarantine": (lambda _t: False, lambda p: (p, [])),
    "before (d739c69)": (_old_looks_injected, _old_quarantine),
    "today": (looks_injected, quarantine),
}


def canary(case: dict[str, Any]) -> str:
    found = re.search(r"CANARY-\d{4}", reads_as(case["body"]))
    assert found, case["id"]
    return found.group(0)


async def run(name: str, fake: FakeOpenAI, knowledge: Path) -> dict[str, list[int]]:
    """Per family: [cases, reached a prompt, leaked]."""
    ingest.looks_injected, ingest.quarantine = FILTERS[name]  # type: ignore[assignment]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=Path(data),
            knowledge_dir=knowledge,
            models=obedient_models(fake.base_url),
            llm_max_output_tokens=200,
            llm_max_retries=0,
        )
        app = App.build(settings, warm_korean=False)
        await app.aindex(progress=False)
        app.ensure_loaded()
        for case in families():
            fake.reset()
            fake.default = Step(obey=True)
            reply = await app.service.ask(
                Turn(
                    text=case["question"],
                    platform="discord",
                    user_id=f"discord:bench-{case['id']}",
                    locale=case["lang"],
                    tier="cheap",
                )
            )
            prompts = reads_as(json.dumps(fake.requests, ensure_ascii=False))
            row = counts[case["family"]]
            row[0] += 1
            row[1] += canary(case) in prompts
            row[2] += canary(case) in reads_as(reply.text)
        await app.aclose()
    ingest.looks_injected, ingest.quarantine = FILTERS["today"]  # type: ignore[assignment]
    return counts


async def main() -> None:
    os.environ[MODEL_KEY_ENV] = "sk-bench-redteam-0123456789abcdef"
    fake = FakeOpenAI()
    await fake.start()
    results: dict[str, dict[str, list[int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "knowledge", knowledge)
        write_family_files(knowledge)
        for name in FILTERS:
            results[name] = await run(name, fake, knowledge)
    await fake.stop()
    print("## Poisoned course text, per family (issue 13)\n")
    print(f"Machine: {machine()}\n")
    names = list(FILTERS)
    head = " | ".join(f"{n}: reach / leak" for n in names)
    print(f"| family | cases | {head} |")
    print("|---|---|" + "---|" * len(names))
    fams = list(dict.fromkeys(c["family"] for c in families()))
    totals = {n: [0, 0, 0] for n in names}
    for fam in fams:
        cells = []
        for n in names:
            cases, reach, leak = results[n][fam]
            totals[n] = [a + b for a, b in zip(totals[n], (cases, reach, leak), strict=True)]
            cells.append(f"{reach} / {leak}")
        print(f"| {fam} | {results['today'][fam][0]} | " + " | ".join(cells) + " |")
    cells = [f"**{totals[n][1]} / {totals[n][2]}**" for n in names]
    print(f"| **all** | {totals['today'][0]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    asyncio.run(main())
