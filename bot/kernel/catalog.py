"""The model catalog, routing policy and budgets: data from `studybot.toml`, not code.

```toml
[[models]]
name = "gpt-4o-mini"          # how StudyBot refers to it (ledger, /compare)
provider = "openai"           # openai | azure | openai_compatible
model = "gpt-4o-mini"         # model id, or the Azure deployment name
tier = "cheap"                # cheap | premium
input_per_1m = 0.15           # USD per 1M input tokens
output_per_1m = 0.60          # USD per 1M output tokens
context_window = 128000

[routing]
mode = "route"                # route | cascade

[budgets]
user_daily_usd = 0.05
```
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Tier = Literal["cheap", "premium"]
Provider = Literal["openai", "azure", "openai_compatible"]
Role = Literal["student", "teacher", "admin"]

# Where each provider's key is looked up when a model names no `api_key_env`.
DEFAULT_KEY_ENV: dict[str, tuple[str, ...]] = {
    "openai": ("STUDYBOT_LLM_API_KEY", "OPENAI_API_KEY"),
    "azure": ("STUDYBOT_LLM_API_KEY", "AZURE_OPENAI_API_KEY"),
    "openai_compatible": ("STUDYBOT_LLM_API_KEY",),
}


class ModelSpec(BaseModel):
    """One model StudyBot may call, with its prices. Keys are named, never written here."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: str = Field(min_length=1)
    """The name used in the ledger, in reasons and by `studybot compare`."""
    provider: Provider
    model: str = Field(min_length=1)
    """The provider's model id (for Azure OpenAI: the deployment name)."""
    tier: Tier
    input_per_1m: float = Field(ge=0)
    """USD per one million input (prompt) tokens."""
    output_per_1m: float = Field(ge=0)
    """USD per one million output (completion) tokens."""
    context_window: int = Field(128_000, ge=1024)
    base_url: str | None = None
    """Base URL for `openai_compatible` servers (Ollama, vLLM, llama.cpp)."""
    azure_endpoint: str | None = None
    """Azure OpenAI resource endpoint; falls back to `AZURE_OPENAI_ENDPOINT`."""
    api_version: str = "2024-10-21"
    """Azure OpenAI API version."""
    api_key_env: str | None = None
    """Name of the environment variable that holds this model's key."""

    @model_validator(mode="after")
    def _provider_needs(self) -> ModelSpec:
        if self.provider == "openai_compatible" and not self.base_url:
            raise ValueError(f"model {self.name!r}: openai_compatible needs base_url")
        return self

    def api_key(self) -> str | None:
        """The key from the environment, or None when it is not set."""
        names = (self.api_key_env,) if self.api_key_env else DEFAULT_KEY_ENV[self.provider]
        for name in names:
            value = os.environ.get(name)
            if value:
                return value
        return None

    def endpoint(self) -> str | None:
        """Azure endpoint (explicit, else `AZURE_OPENAI_ENDPOINT`)."""
        return self.azure_endpoint or os.environ.get("AZURE_OPENAI_ENDPOINT") or None

    def usable(self) -> bool:
        """True when everything needed to call the model is configured."""
        if self.provider == "openai_compatible":
            return True  # local servers usually need no key
        if self.provider == "azure":
            return bool(self.api_key() and self.endpoint())
        return bool(self.api_key())

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """USD for a call with these token counts."""
        return (input_tokens * self.input_per_1m + output_tokens * self.output_per_1m) / 1e6


def _all_roles() -> list[Role]:
    return ["student", "teacher", "admin"]


class RoutingPolicy(BaseModel):
    """How the router picks a tier. Every threshold here shows up in the reasons it gives."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    mode: Literal["route", "cascade"] = "route"
    """`route`: pick a tier up front. `cascade`: cheap first, premium if the answer fails."""
    premium_score: float = Field(2.0, gt=0)
    """Complexity score at or above which a question goes to the premium tier."""
    long_question_chars: int = Field(220, ge=20)
    """A question at least this long counts as long (one point)."""
    low_confidence: float = Field(0.84, ge=0, le=1)
    """Best-section similarity below which retrieval counts as unsure (one point)."""
    multi_section_min: int = Field(3, ge=2)
    """Distinct sections among the strong hits from which a question counts as multi-section."""
    deep_conversation_turns: int = Field(6, ge=1)
    """Turns in the conversation from which it counts as deep (one point)."""
    force_roles: list[Role] = Field(default_factory=lambda: _all_roles())
    """Roles allowed to ask for the premium model explicitly (`/ask … premium`)."""
    cheap_only_roles: list[Role] = Field(default_factory=list)
    """Roles that never get the premium tier."""


MAX_USD = 1_000_000.0


class Budgets(BaseModel):
    """Spending limits in USD. A limit of 0 means that scope may spend nothing."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    # Finite and at most a million dollars: `inf` or 1e300 were accepted, then every model
    # call crashed converting them to micro-dollars.
    student_daily_usd: float = Field(0.05, ge=0, le=MAX_USD, allow_inf_nan=False)
    """What one student may spend per day (UTC)."""
    teacher_daily_usd: float = Field(0.50, ge=0, le=MAX_USD, allow_inf_nan=False)
    """What one teacher may spend per day (UTC)."""
    class_monthly_usd: float = Field(10.0, ge=0, le=MAX_USD, allow_inf_nan=False)
    """What one class (Discord guild, Teams team) may spend per calendar month (UTC)."""
    global_monthly_usd: float = Field(50.0, ge=0, le=MAX_USD, allow_inf_nan=False)
    """What the whole deployment may spend per calendar month (UTC)."""


def default_catalog(
    provider: str, model: str, premium_model: str | None, base_url: str | None
) -> list[ModelSpec]:
    """The catalog used when `studybot.toml` declares no `[[models]]`.

    OpenAI: the configured model as the cheap tier plus a premium model, at list prices
    (USD per 1M tokens, checked 2026-11). Azure and compatible servers: the one configured
    model (prices unknown: 0), plus `llm_premium_model` if set.
    """
    if provider == "offline":
        return []
    known = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00), "gpt-4.1-mini": (0.40, 1.60)}
    specs = []
    for name, tier in ((model, "cheap"), (premium_model, "premium")):
        if not name:
            continue
        price_in, price_out = known.get(name, (0.0, 0.0)) if provider == "openai" else (0.0, 0.0)
        specs.append(
            ModelSpec(
                name=name,
                provider=provider,
                model=name,
                tier=tier,
                input_per_1m=price_in,
                output_per_1m=price_out,
                context_window=128_000,
                base_url=base_url if provider == "openai_compatible" else None,
            )
        )
    return specs


class Catalog:
    """The models by name and tier, in declaration order."""

    def __init__(self, models: list[ModelSpec]) -> None:
        names = [m.name for m in models]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate model names in the catalog: {', '.join(dupes)}")
        self.models = list(models)

    def get(self, name: str) -> ModelSpec | None:
        """The model called `name`, if any."""
        return next((m for m in self.models if m.name == name), None)

    def tier(self, tier: Tier) -> list[ModelSpec]:
        """Usable models of one tier, in catalog order."""
        return [m for m in self.models if m.tier == tier and m.usable()]

    def first(self, tier: Tier) -> ModelSpec | None:
        """The first usable model of a tier."""
        usable = self.tier(tier)
        return usable[0] if usable else None
