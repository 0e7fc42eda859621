"""Render every Teams card with Microsoft's Adaptive Cards renderer in headless Chromium.

    python tools/render_cards.py [--out build/cards] [--only question/]

Builds the cards StudyBot sends (every bank question, solo and group; feedback; results;
answers; compare; forget), draws each at Teams' desktop and phone card widths into PNGs for
a person to look at, and lists every button whose title the renderer had to cut (Teams
never wraps a button title). Needs Node, `npm ci --prefix tools/cards` and Chromium
(`apt-get install chromium`); `--chromium` points at another browser binary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "cards")
    parser.add_argument("--only", default="", help="render only cards whose name starts so")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    if not (ROOT / "tools" / "cards" / "node_modules").is_dir():
        print("run: npm ci --prefix tools/cards", file=sys.stderr)
        return 2
    os.environ.setdefault("STUDYBOT_LLM_PROVIDER", "offline")
    from bot.app import App
    from bot.config import load_settings
    from bot.evaluation.cards import every_card

    app = App.build(load_settings())
    app.ensure_loaded()
    if app.store.count() == 0:
        print("the course is not indexed: run `studybot index` first", file=sys.stderr)
        return 2
    cards = asyncio.run(every_card(app))
    cards = {k: v for k, v in cards.items() if k.startswith(args.only)}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(cards, f)
    script = ROOT / "tools" / "cards" / "render.js"
    run = subprocess.run(
        ["node", str(script), f.name, str(args.out), args.chromium],
        capture_output=True,
        text=True,
        check=False,
    )
    Path(f.name).unlink()
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return run.returncode
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    cut = [r for r in results if r["cut"]]
    print(f"rendered {len(cards)} cards at 2 widths into {args.out} ({len(results)} PNGs)")
    print(f"buttons cut by the renderer: {len(cut)} card renderings")
    for r in cut:
        print(f"  {r['name']} ({r['width']}): {r['cut']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
