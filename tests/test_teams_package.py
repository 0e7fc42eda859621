"""The Teams app package: placeholders filled, fields and icon sizes validated, zip built."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from bot.channels.teams.package import PackageError, build_package, png_size
from tests.conftest import ROOT

APP_ID = "11111111-2222-3333-4444-555555555555"


def test_package_builds_from_the_shipped_manifest(tmp_path: Path) -> None:
    out = build_package(ROOT / "deploy" / "teams", APP_ID, "bot.school.edu", tmp_path / "app.zip")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["bot.school.edu"]
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    titles = {c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]}
    assert {"ask", "quiz", "review", "stats", "leaderboard", "help"} <= titles
    assert png_size(ROOT / "deploy" / "teams" / "color.png") == (192, 192)
    assert png_size(ROOT / "deploy" / "teams" / "outline.png") == (32, 32)


def test_package_refuses_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "teams"
    shutil.copytree(ROOT / "deploy" / "teams", folder)
    with pytest.raises(PackageError, match="not a GUID"):
        build_package(folder, "not-a-guid", "bot.school.edu", tmp_path / "a.zip")
    with pytest.raises(PackageError, match="bare host name"):
        build_package(folder, APP_ID, "https://bot.school.edu/", tmp_path / "a.zip")
    shutil.copy(folder / "outline.png", folder / "color.png")  # a 32x32 where 192x192 belongs
    with pytest.raises(PackageError, match="192x192"):
        build_package(folder, APP_ID, "bot.school.edu", tmp_path / "a.zip")
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["accentColor"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(PackageError, match="accentColor"):
        build_package(folder, APP_ID, "bot.school.edu", tmp_path / "a.zip")
