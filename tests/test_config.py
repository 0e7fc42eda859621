"""Settings: environment over TOML over defaults; secrets only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings, settings_markdown, settings_reference
from bot.kernel.errors import ConfigError
from tests.conftest import ROOT


def test_toml_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "studybot.toml"
    cfg.write_text('search_k = 7\nllm_model = "from-file"\n[budgets]\nstudent_daily_usd = 0.2\n')
    monkeypatch.setenv("STUDYBOT_CONFIG", str(cfg))
    assert load_settings().search_k == 7
    monkeypatch.setenv("STUDYBOT_SEARCH_K", "3")
    settings = load_settings()
    assert settings.search_k == 3 and settings.llm_model == "from-file"
    assert settings.budgets.student_daily_usd == 0.2


def test_secrets_in_toml_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "studybot.toml"
    cfg.write_text('llm_api_key = "sk-should-not-be-here"\n')
    monkeypatch.setenv("STUDYBOT_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "STUDYBOT_LLM_API_KEY" in str(info.value)
    assert "sk-should-not-be-here" not in str(info.value)


def test_bad_values_and_unknown_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "studybot.toml"
    cfg.write_text("serch_k = 3\n")
    monkeypatch.setenv("STUDYBOT_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match=r"unknown setting.*serch_k"):
        load_settings()
    cfg.write_text("search_k = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings()
    cfg.write_text("")
    monkeypatch.setenv("STUDYBOT_CHROMA_URL", "localhost:8000")
    with pytest.raises(ConfigError, match=r"chroma_url \(STUDYBOT_CHROMA_URL\).*http"):
        load_settings()


def test_secret_is_hidden_when_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_LLM_API_KEY", "sk-secret-123")
    settings = load_settings()
    assert "sk-secret-123" not in settings.model_dump_json()
    assert "sk-secret-123" not in repr(settings)
    assert settings.resolved_llm_api_key() == "sk-secret-123"


def test_provider_auto_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().resolved_llm_provider() == "offline"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    assert load_settings().resolved_llm_provider() == "openai"
    monkeypatch.setenv("STUDYBOT_LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    assert load_settings().resolved_llm_provider() == "openai_compatible"


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The README embeds exactly the generated table: regenerate it with
    # `studybot config --reference --markdown` when a setting changes.
    assert settings_markdown() in readme
    for name, _env, _default, meaning in settings_reference():
        assert meaning, f"{name} has no docstring"


def test_example_config_loads_and_holds_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_CONFIG", str(ROOT / "studybot.example.toml"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-example")
    settings = load_settings()
    catalog = settings.catalog()
    assert [m.tier for m in catalog.models] == ["cheap", "premium"]
    assert catalog.first("premium") is not None
    assert settings.budgets.student_daily_usd == 0.05 and settings.routing.mode == "route"


def test_deploy_config_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_CONFIG", str(ROOT / "deploy" / "studybot.example.toml"))
    settings = load_settings()
    assert str(settings.data_dir) == "/data" and settings.timezone == "Asia/Seoul"
    assert [m.name for m in settings.models] == ["gpt-4o-mini", "gpt-4o"]


def test_nested_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_BUDGETS__STUDENT_DAILY_USD", "0.2")
    monkeypatch.setenv("STUDYBOT_ROUTING__MODE", "cascade")
    settings = load_settings()
    assert settings.budgets.student_daily_usd == 0.2 and settings.routing.mode == "cascade"


def test_key_inside_a_model_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "studybot.toml"
    cfg.write_text(
        '[[models]]\nname = "x"\nprovider = "openai"\nmodel = "x"\ntier = "cheap"\n'
        'input_per_1m = 1\noutput_per_1m = 1\napi_key = "sk-leak-me"\n'
    )
    monkeypatch.setenv("STUDYBOT_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "models.0.api_key" in str(info.value) and "sk-leak-me" not in str(info.value)


def test_bad_configuration_is_one_clear_line_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in ("inf", "1e300", "nan"):
        monkeypatch.setenv("STUDYBOT_BUDGETS__STUDENT_DAILY_USD", value)
        with pytest.raises(ConfigError, match=r"STUDYBOT_BUDGETS__STUDENT_DAILY_USD"):
            load_settings()
    monkeypatch.delenv("STUDYBOT_BUDGETS__STUDENT_DAILY_USD")
    a_file = tmp_path / "data"
    a_file.write_text("")
    with pytest.raises(ConfigError, match=r"data_dir \(STUDYBOT_DATA_DIR\).*is a file"):
        load_settings(data_dir=a_file)
    cfg = tmp_path / "studybot.toml"
    cfg.write_text(
        '[[models]]\nname = "m"\nmodel = "a"\ntier = "cheap"\nprovider = "openai"\n'
        "input_per_1m = 1\noutput_per_1m = 1\n"
        '[[models]]\nname = "m"\nmodel = "b"\ntier = "premium"\nprovider = "openai"\n'
        "input_per_1m = 1\noutput_per_1m = 1\n"
    )
    monkeypatch.setenv("STUDYBOT_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match=r"m appears more than once"):
        load_settings()
    cfg.write_text("")
    # A misspelt variable is not silently ignored: the warning names the likely setting.
    monkeypatch.setenv("STUDYBOT_LLM_MODLE", "gpt-4o")
    load_settings()
    assert "did you mean STUDYBOT_LLM_MODEL?" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_one_clear_line(tmp_path: Path) -> None:
    from bot.store.db import open_database

    (tmp_path / "studybot.db").write_text("not a database, just text " * 10)
    with pytest.raises(ConfigError, match=r"studybot.db: file is not a database; restore"):
        open_database(load_settings(data_dir=tmp_path))
    with pytest.raises(ConfigError, match=r"STUDYBOT_DATABASE_URL\) is not a database URL"):
        open_database(load_settings(database_url="not a url"))
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
    with pytest.raises(ConfigError, match=r"is the server running and reachable"):
        open_database(load_settings(database_url=unreachable))
