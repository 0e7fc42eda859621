"""The Teams arrival gate, on an injected clock: turns wait while a burst is acknowledged."""

from __future__ import annotations

from bot.channels.teams.arrivals import ArrivalGate


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0  # binary-exact steps below: no rounding in the comparisons
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def gate(t: FakeTime) -> ArrivalGate:
    return ArrivalGate(quiet_s=0.125, max_hold_s=1.0, clock=t.clock, sleep=t.sleep)


async def test_a_lone_turn_starts_at_once() -> None:
    t = FakeTime()
    g = gate(t)
    mine = g.arrived()
    g.answered()  # its own request was just acknowledged: that holds nothing
    assert await g.wait_quiet(after=mine) == 0 and t.slept == []


async def test_a_turn_waits_until_the_burst_behind_it_is_acknowledged() -> None:
    t = FakeTime()
    g = gate(t)
    mine = g.arrived()
    g.answered()
    g.arrived()  # the next one of the burst, still being acknowledged

    async def sleep_while_the_burst_goes_on(seconds: float) -> None:
        t.slept.append(seconds)
        t.now += seconds
        if len(t.slept) == 3:
            g.answered()  # that 202 goes out...
            g.arrived()  # ...and one more request arrives and is answered at once
            g.answered()

    g._sleep = sleep_while_the_burst_goes_on
    assert g.busy(after=mine)
    held = await g.wait_quiet(after=mine)
    # Three waits while a request was open, then one quiet period after the last arrival.
    assert len(t.slept) == 4 and held == 0.5
    assert not g.busy(after=mine)


async def test_a_steady_stream_delays_a_turn_by_at_most_the_hold() -> None:
    t = FakeTime()
    g = gate(t)

    async def sleep_while_more_arrive(seconds: float) -> None:
        t.slept.append(seconds)
        t.now += seconds
        g.arrived()  # there is always another request coming in
        g.answered()

    mine = g.arrived()
    g.answered()
    g.arrived()
    g._sleep = sleep_while_more_arrive
    held = await g.wait_quiet(after=mine)
    assert held == 1.0  # the hold's bound, exactly: never longer
