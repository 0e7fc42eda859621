"""The poisoned-course families of `families.yaml`, written out as course files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.app import App
from bot.kernel.catalog import ModelSpec
from tests.conftest import make_settings

HERE = Path(__file__).parent
MODEL_KEY_ENV = "STUDYBOT_TEST_MODEL_KEY"


def families() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(
        (HERE / "families.yaml").read_text(encoding="utf-8")
    )
    return cases


def write_family_files(folder: Path) -> None:
    """One course file per language holding every case's section, as a teacher would add
    notes to the course."""
    titles = {"en": "# More notes on models", "ko": "# 모델에 관한 추가 노트"}
    for lang, title in titles.items():
        parts = [title, ""]
        for case in families():
            if case["lang"] == lang:
                parts += [f"## {case['heading']}", "", case["body"].rstrip(), ""]
        (folder / lang).mkdir(parents=True, exist_ok=True)
        (folder / lang / "more-model-notes.md").write_text("\n".join(parts), encoding="utf-8")


def obedient_models(base_url: str) -> list[ModelSpec]:
    """A cheap and a premium model served by the fake server in its obedient mode."""
    return [
        ModelSpec(
            name=name,
            provider="openai_compatible",
            model=name,
            tier=tier,  # type: ignore[arg-type]
            input_per_1m=0.5,
            output_per_1m=1.5,
            base_url=base_url,
            api_key_env=MODEL_KEY_ENV,
        )
        for name, tier in (("obedient-cheap", "cheap"), ("obedient-premium", "premium"))
    ]


async def obedient_app(knowledge: Path, data_dir: Path, base_url: str) -> App:
    """An app over `knowledge`, indexed, whose models (at `base_url`) obey what they read."""
    settings = make_settings(
        knowledge_dir=knowledge,
        data_dir=data_dir,
        models=obedient_models(base_url),
        llm_max_output_tokens=200,
        llm_max_retries=0,
    )
    app = App.build(settings, warm_korean=False)
    await app.aindex(progress=False)
    app.ensure_loaded()
    return app
