"""The floor plan holds: imports point down, nothing below the entry imports the composition
root, and there are no import circles (docs/ARCHITECTURE.md).

Read from the code's own imports with `ast` (every import counts: module level, inside
functions and under `TYPE_CHECKING`). Imports that break a rule today are listed in
`KNOWN`, each to be removed when the code moves; the test fails both on a new break and
on a listed one that is gone, so the list only ever shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"

# Lowest first. A module may import its own floor and the floors below it.
FLOORS = ("kernel", "config", "store", "capabilities", "core", "channels", "entry")
CAPABILITIES = ("bot.rag", "bot.llm", "bot.quiz")
ENTRY = ("bot.app", "bot.cli", "bot.__main__", "bot.evaluation")
# Channels speak to the application layer, not to what it is built from.
CHANNELS_MAY_IMPORT = frozenset({"kernel", "config", "core", "channels"})

# Exceptions to the rules: none. Add a line here only with the reason and the issue that
# removes it; the test fails when a listed import no longer exists, so the list only shrinks.
KNOWN: frozenset[tuple[str, str]] = frozenset()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in BOT.rglob("*.py")}


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module an import names (`bot.core.guards`), or None for a library."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from bot.core import guards` imports the module bot.core.guards.
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            if name == "bot" or not name.startswith("bot."):
                continue
            target = resolve(name, known)
            if target and target != "bot":
                found.add(target)
    return found


def floor(module: str) -> str:
    if module.startswith("bot.kernel"):
        return "kernel"
    if module == "bot.config":
        return "config"
    if module.startswith("bot.store"):
        return "store"
    if module.startswith(CAPABILITIES):
        return "capabilities"
    if module.startswith("bot.core"):
        return "core"
    if module.startswith("bot.channels"):
        return "channels"
    if module.startswith(ENTRY) or module == "bot":
        return "entry"
    raise AssertionError(f"{module} is on no floor: add it to docs/ARCHITECTURE.md and here")


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {t for t in imports(path, known) if t != name} - {"bot"}
        for name, path in known.items()
    }


def breaks(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Every import that points up a floor, or from a channel past the application layer."""
    out: set[tuple[str, str]] = set()
    for source, targets in edges.items():
        here = floor(source)
        for target in targets:
            there = floor(target)
            if FLOORS.index(there) > FLOORS.index(here) or (
                here == "channels" and there not in CHANNELS_MAY_IMPORT
            ):
                out.add((source, target))
    return out


def test_every_module_is_on_a_floor() -> None:
    for name in modules():
        floor(name)


def test_imports_point_down() -> None:
    found = breaks(graph())
    new = sorted(found - KNOWN)
    assert not new, f"imports that break the floor plan (docs/ARCHITECTURE.md): {new}"
    gone = sorted(KNOWN - found)
    assert not gone, f"fixed: remove these from KNOWN so they stay fixed: {gone}"


def test_nothing_below_the_entry_imports_the_composition_root() -> None:
    below = {
        (s, t)
        for s, targets in graph().items()
        for t in targets
        if t == "bot.app" and floor(s) != "entry"
    }
    assert below <= KNOWN


def test_no_import_circles() -> None:
    edges = graph()
    seen: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        seen.add(node)
        path.append(node)
        on_path.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt in on_path:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt)
        path.pop()
        on_path.discard(node)

    for node in sorted(edges):
        if node not in seen:
            visit(node)
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize(
    ("source", "target", "broken"),
    [
        ("bot.rag.search", "bot.app", True),
        ("bot.config", "bot.store.db", True),
        ("bot.channels.web", "bot.quiz.bank", True),
        ("bot.channels.web", "bot.core.service", False),
        ("bot.core.service", "bot.rag.search", False),
        ("bot.kernel.lang", "bot.kernel.models", False),
    ],
)
def test_the_rule_itself(source: str, target: str, broken: bool) -> None:
    assert bool(breaks({source: {target}})) is broken
