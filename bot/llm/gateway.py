"""The one way to call a model: reserve budget, call, settle, record; fall back on failure.

The chain follows the route downwards, premium -> cheap -> (the caller's) offline answer.
Each step reserves the call's upper-bound cost before calling and settles the real cost
after, and every call, successful or not, gets a ledger row with the route's reason.
In cascade mode the cheap model answers first and the premium model is tried only when the
cheap answer is not acceptable (no valid citation, or "the sources don't cover it").
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.kernel.catalog import ModelSpec, Tier
from bot.llm.budget import BudgetKeeper, CallRecord, Reservation, Who
from bot.llm.client import ChatModel, Completion, DeltaFn, ModelFailure, ModelPool
from bot.llm.router import Route
from bot.llm.tokens import estimate_messages, estimate_tokens

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One step of the chain, as the ledger saw it."""

    model: str
    tier: str
    outcome: str
    cost_usd: float = 0.0
    detail: str = ""


@dataclass
class GatewayResult:
    """What the chain produced: a completion (or None), and every step it took."""

    completion: Completion | None
    tier: str
    attempts: list[Attempt] = field(default_factory=list)
    request_id: str = ""

    @property
    def cost_usd(self) -> float:
        """Everything this request cost, failed attempts included."""
        return sum(a.cost_usd for a in self.attempts)


class Gateway:
    """Calls models for the service under the cost policy."""

    def __init__(
        self,
        pool: ModelPool,
        budget: BudgetKeeper | None,
        max_output_tokens: int,
        deadline_s: float | None = None,
    ) -> None:
        self.pool = pool
        self.budget = budget
        self.max_output_tokens = max_output_tokens
        self.deadline_s = deadline_s
        """One deadline for a whole fallback chain (premium, then cheap…): without it two
        hanging tiers took two full timeouts, and more with retries."""
        self._settling: set[asyncio.Task[None]] = set()
        self._last_settle: asyncio.Task[None] | None = None

    def estimate(self, spec: ModelSpec, messages: Sequence[dict[str, str]]) -> float:
        """Upper-bound cost of one call: estimated prompt tokens and the full output cap."""
        return spec.cost(estimate_messages(list(messages)), self.max_output_tokens)

    def _candidates(self, tier: Tier) -> list[ChatModel]:
        return [m for m in self.pool.models.values() if m.spec.tier == tier]

    async def generate(
        self,
        route: Route,
        messages: Sequence[dict[str, str]],
        who: Who,
        on_delta: DeltaFn | None = None,
        accept: Callable[[Completion], bool] | None = None,
        cascade: bool = False,
    ) -> GatewayResult:
        """Answer with the route's tier, stepping down on failure; None if nothing could."""
        request_id = str(uuid.uuid4())
        if route.tier == "offline":
            return GatewayResult(None, "offline", [], request_id)
        tiers: list[Tier] = ["premium", "cheap"] if route.tier == "premium" else ["cheap"]
        if cascade and route.tier == "premium":
            tiers = ["cheap", "premium"]
        result = GatewayResult(None, "offline", [], request_id)
        until = time.perf_counter() + self.deadline_s if self.deadline_s else None
        for position, tier in enumerate(tiers):
            for model in self._candidates(tier):
                if until is not None and time.perf_counter() >= until:
                    result.attempts.append(Attempt(model.model, tier, "deadline"))
                    continue
                completion = await self._try(model, route, messages, who, on_delta, result, until)
                if completion is None:
                    continue
                last = position == len(tiers) - 1
                if cascade and not last and accept is not None and not accept(completion):
                    result.attempts[-1] = Attempt(
                        model.model, tier, "escalated", result.attempts[-1].cost_usd
                    )
                    result.completion, result.tier = completion, tier  # kept if premium fails
                    break
                result.completion, result.tier = completion, tier
                return result
        return result

    async def call(
        self,
        name: str,
        messages: Sequence[dict[str, str]],
        who: Who,
        reason: str,
    ) -> tuple[Completion | None, Attempt]:
        """One named model, no fallback (for side-by-side comparison); budget and ledger apply."""
        result = GatewayResult(None, "offline", [], str(uuid.uuid4()))
        model = self.pool.get(name)
        if model is None:
            return None, Attempt(name, "?", "unknown_model", 0.0, "not in the catalog or no key")
        route = Route(model.spec.tier, name, reason)
        completion = await self._try(model, route, messages, who, None, result)
        return completion, result.attempts[-1]

    async def _try(
        self,
        model: ChatModel,
        route: Route,
        messages: Sequence[dict[str, str]],
        who: Who,
        on_delta: DeltaFn | None,
        result: GatewayResult,
        until: float | None = None,
    ) -> Completion | None:
        tier = model.spec.tier
        if not model.breaker.allow():
            result.attempts.append(Attempt(model.model, tier, "circuit_open"))
            return None
        reservation: Reservation | None = None
        if self.budget is not None:
            estimate = self.estimate(model.spec, messages)
            reservation = await asyncio.to_thread(self.budget.reserve, who, estimate)
            if reservation is None:
                result.attempts.append(
                    Attempt(model.model, tier, "budget", 0.0, f"cannot reserve ${estimate:.4f}")
                )
                return None
        started = time.perf_counter()
        try:
            completion = await model.stream(messages, on_delta, self.max_output_tokens, until)
        except ModelFailure as exc:
            latency = int((time.perf_counter() - started) * 1000)
            log.warning("model %s failed: %s (%s)", model.model, exc.outcome, exc.detail)
            # A stream cut or stalled midway is billed for what it sent: charge the prompt
            # and the streamed tokens (estimated; the server sent no usage).
            in_tokens = out_tokens = 0
            cost = 0.0
            detail: str | None = exc.detail
            if exc.streamed_text:
                in_tokens = estimate_messages(list(messages))
                out_tokens = estimate_tokens(exc.streamed_text)
                cost = model.spec.cost(in_tokens, out_tokens)
                detail = f"{detail}; charged for {out_tokens} streamed tokens (estimated)"
            await self._settle(
                reservation,
                who,
                CallRecord(
                    model.model,
                    tier,
                    route.reason,
                    in_tokens,
                    out_tokens,
                    cost,
                    latency,
                    exc.outcome,
                    detail,
                ),
                result.request_id,
            )
            result.attempts.append(Attempt(model.model, tier, exc.outcome, cost, detail or ""))
            return None
        detail = "usage estimated (server sent none)" if completion.usage_estimated else None
        await self._settle(
            reservation,
            who,
            CallRecord(
                model.model,
                tier,
                route.reason,
                completion.input_tokens,
                completion.output_tokens,
                completion.cost_usd,
                completion.latency_ms,
                "ok",
                detail,
            ),
            result.request_id,
        )
        result.attempts.append(Attempt(model.model, tier, "ok", completion.cost_usd))
        return completion

    async def _settle(
        self, reservation: Reservation | None, who: Who, call: CallRecord, request_id: str
    ) -> None:
        """Settle in the background: the reply does not wait for the ledger write.

        Until it lands the reservation (an upper bound) stays held, so the budget only looks
        tighter, never looser. A process killed in between leaves the reservation for
        `release_stale`, which charges it in full: the money is never lost track of.
        """
        if self.budget is None:
            return
        budget = self.budget
        previous = self._last_settle

        async def settle() -> None:
            # One after another, in call order: the ledger's ids then read as the calls were
            # made (a cascade's cheap try before its premium answer), which threads racing
            # to the database did not promise.
            # (A finished one is not awaited: it may belong to an earlier event loop, when
            # one process runs several, and waiting on it there would raise.)
            if previous is not None and not previous.done():
                await asyncio.wait([previous])
            await asyncio.to_thread(budget.settle, reservation, who, call, request_id)

        task = asyncio.create_task(settle(), name=f"settle-{request_id}")
        self._last_settle = task
        self._settling.add(task)
        task.add_done_callback(self._settled_one)

    def _settled_one(self, task: asyncio.Task[None]) -> None:
        self._settling.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("settling a model call failed", exc_info=task.exception())

    async def settled(self) -> None:
        """Wait until every call so far is settled (before shutdown, before forgetting)."""
        while self._settling:
            await asyncio.gather(*list(self._settling), return_exceptions=True)
