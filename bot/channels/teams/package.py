"""`studybot teams-package`: fill in the app id and domain, validate, and zip the Teams app."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

GUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
REQUIRED = (
    "manifestVersion",
    "version",
    "id",
    "developer",
    "name",
    "description",
    "icons",
    "accentColor",
)
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}


class PackageError(ValueError):
    """The manifest or its icons are not fit to upload; the message says why."""


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file (from its IHDR chunk)."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise PackageError(f"{path.name} is not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def build_manifest(template: Path, app_id: str, domain: str) -> dict[str, Any]:
    """The manifest with its placeholders filled in, validated."""
    if not GUID_RE.match(app_id):
        raise PackageError(f"app id {app_id!r} is not a GUID (the Azure Bot's Microsoft App ID)")
    if not re.match(r"^[A-Za-z0-9.-]+$", domain):
        raise PackageError(f"domain {domain!r} must be a bare host name such as bot.example.edu")
    text = (
        template.read_text(encoding="utf-8")
        .replace("{{APP_ID}}", app_id)
        .replace("{{DOMAIN}}", domain)
    )
    manifest: dict[str, Any] = json.loads(text)
    missing = [key for key in REQUIRED if not manifest.get(key)]
    if missing:
        raise PackageError(f"manifest is missing {', '.join(missing)}")
    bots = manifest.get("bots") or []
    if not bots or bots[0].get("botId") != app_id:
        raise PackageError("manifest needs a bot whose botId is the app id")
    scopes = set(bots[0].get("scopes", []))
    if not {"personal", "team", "groupChat"} <= scopes:
        raise PackageError("the bot must be available in personal, team and groupChat scopes")
    if "{{" in json.dumps(manifest):
        raise PackageError("manifest still has an unfilled {{placeholder}}")
    return manifest


def build_package(folder: Path, app_id: str, domain: str, out: Path) -> Path:
    """Validate the manifest and icons in `folder` and write the upload zip to `out`."""
    manifest = build_manifest(folder / "manifest.json", app_id, domain)
    for kind, expected in ICON_SIZES.items():
        icon = folder / manifest["icons"][kind]
        if not icon.is_file():
            raise PackageError(f"{kind} icon {icon.name} not found")
        size = png_size(icon)
        if size != expected:
            raise PackageError(
                f"{kind} icon must be {expected[0]}x{expected[1]} pixels, not {size[0]}x{size[1]}"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for kind in ICON_SIZES:
            name = manifest["icons"][kind]
            zf.write(folder / name, name)
    return out
