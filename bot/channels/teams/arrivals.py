"""Acknowledge a burst before working on it: turns wait until requests stop arriving.

Teams wants its 202 quickly (it retries, and a slow endpoint is marked unhealthy). In a
burst, a turn started at once competes for the process (the event loop, the GIL) with the
requests still arriving, and their acknowledgements wait behind it: with 50 questions at
once, the later 202s took 360-460 ms. So a turn first waits until no request has arrived
for `quiet_s`, and never longer than `max_hold_s`, which bounds what a steady stream of
arrivals can delay any answer by. A turn waits only for requests that arrived after its
own: a question alone starts at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class ArrivalGate:
    """Counts requests being acknowledged; `wait_quiet` holds a turn until they stop."""

    def __init__(
        self,
        quiet_s: float = 0.02,
        max_hold_s: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.quiet_s = quiet_s
        self.max_hold_s = max_hold_s
        self._clock = clock
        self._sleep = sleep
        self._open = 0
        self._seen = 0
        self._last = float("-inf")

    @property
    def seen(self) -> int:
        """How many requests have arrived so far (a turn's place in the stream)."""
        return self._seen

    def arrived(self) -> int:
        """A request came in (call `answered` when its response is decided); its number."""
        self._open += 1
        self._seen += 1
        self._last = self._clock()
        return self._seen

    def answered(self) -> None:
        """That request's acknowledgement is on its way."""
        self._open = max(self._open - 1, 0)

    def busy(self, after: int = 0) -> bool:
        """Requests are being acknowledged, or one arrived after request `after` and within
        `quiet_s` (a turn's own request does not hold it)."""
        if self._open > 0:
            return True
        return self._seen > after and self._clock() - self._last < self.quiet_s

    async def wait_quiet(self, after: int = 0) -> float:
        """Wait until not `busy(after)` (at most `max_hold_s`); the seconds held."""
        start = self._clock()
        while self.busy(after):
            held = self._clock() - start
            if held >= self.max_hold_s:
                break
            await self._sleep(min(self.quiet_s, self.max_hold_s - held))
        return self._clock() - start
