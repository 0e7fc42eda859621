"""Progress for long commands: a bar on a terminal's stderr, nothing otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def shown(json_output: bool = False) -> bool:
    """Whether to draw progress: stderr is a terminal and the output is not for a program."""
    return not json_output and sys.stderr.isatty()


def steps(items: Iterable[T], desc: str, show: bool) -> Iterator[T]:
    """`items`, with a progress bar named `desc` on stderr when `show`."""
    if not show:
        yield from items
        return
    from tqdm import tqdm  # only when drawn

    yield from tqdm(items, desc=desc, leave=False, file=sys.stderr)
