"""Calling chat models: one shared `AsyncOpenAI` client per endpoint, bounded in every way.

OpenAI, Azure OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp) speak the same
chat-completions protocol; only the client's construction differs. Every call has explicit
limits: a connect timeout, a whole-call timeout, and an idle timeout between streamed chunks,
because a stalled stream would otherwise hold a student's question forever.

Retries are ours, not the SDK's, so they can be bounded and explained: 429 and 5xx are
retried with backoff that honours `Retry-After` (capped), a 4xx other than 429 is not retried
(the same request would fail the same way), and nothing is retried once part of an answer has
been streamed to the user. A per-model circuit breaker stops calling a model that keeps
failing, for a cool-down, so students don't each wait out the same outage.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.kernel.catalog import ModelSpec
from bot.kernel.errors import UpstreamUnavailable
from bot.llm.tokens import estimate_messages, estimate_tokens

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

DeltaFn = Callable[[str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Completion:
    """A finished model answer with its usage and cost."""

    text: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    finish_reason: str
    cost_usd: float = 0.0
    usage_estimated: bool = False
    """True when the server reported no usage and the tokens were estimated."""


class ModelFailure(UpstreamUnavailable):
    """A model call failed; `outcome` names how, for the ledger."""

    def __init__(self, model: str, outcome: str, detail: str, streamed: bool = False) -> None:
        super().__init__(f"{model}: {detail}")
        self.model = model
        self.outcome = outcome
        self.streamed = streamed
        self.streamed_text = ""
        """What reached the user before the failure: the provider bills those tokens."""


class CircuitBreaker:
    """Opens after `threshold` consecutive failures; after `cooldown_s`, lets a trial through."""

    def __init__(self, threshold: int, cooldown_s: float) -> None:
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.failures = 0
        self.opened_at: float | None = None

    def allow(self) -> bool:
        """True when a call may go ahead."""
        if self.opened_at is None:
            return True
        return time.monotonic() - self.opened_at >= self.cooldown_s

    def success(self) -> None:
        """A call succeeded: close."""
        self.failures = 0
        self.opened_at = None

    def failure(self) -> None:
        """A call failed: count it, open (again) at the threshold."""
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = time.monotonic()


class ChatModel:
    """One catalog model behind a shared client, with retries and a circuit breaker."""

    def __init__(self, spec: ModelSpec, client: openai.AsyncOpenAI, settings: Settings) -> None:
        self.spec = spec
        self.client = client
        self.settings = settings
        self.breaker = CircuitBreaker(
            settings.llm_breaker_failures, settings.llm_breaker_cooldown_s
        )
        # OpenAI's current models want `max_completion_tokens`; many compatible servers only
        # know the older `max_tokens`.
        self.token_param = (
            "max_tokens" if spec.provider == "openai_compatible" else "max_completion_tokens"
        )

    @property
    def model(self) -> str:
        """The catalog name of this model."""
        return self.spec.name

    async def stream(
        self,
        messages: Sequence[dict[str, str]],
        on_delta: DeltaFn | None = None,
        max_output_tokens: int | None = None,
        until: float | None = None,
    ) -> Completion:
        """Generate an answer, passing each text delta to `on_delta` as it arrives.

        `until` (a `time.perf_counter()` instant) ends the call earlier than its own timeout:
        the gateway's one deadline for every model it tries.

        Raises `ModelFailure` (a `UpstreamUnavailable`) when the model cannot answer within
        the limits: its `outcome` says why (`timeout`, `rate_limited`, `error`, `cut`,
        `circuit_open`).
        """
        import openai  # only once a model is called: importing it costs ~0.4 s

        if not self.breaker.allow():
            raise ModelFailure(self.model, "circuit_open", "circuit open after repeated failures")
        started = time.perf_counter()
        deadline = started + self.settings.llm_timeout_s
        if until is not None:  # the caller's deadline for the whole fallback chain
            deadline = min(deadline, until)
        attempt = 0
        streamed = False
        sent: list[str] = []

        async def relay(delta: str) -> None:
            nonlocal streamed
            streamed = True
            sent.append(delta)
            if on_delta is not None:
                await on_delta(delta)

        while True:
            attempt += 1
            try:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                async with asyncio.timeout(remaining):
                    completion = await self._once(messages, relay, started, max_output_tokens)
                self.breaker.success()
                return completion
            except (TimeoutError, openai.APITimeoutError) as exc:
                failure = ModelFailure(self.model, "timeout", "timed out", streamed)
                retry_after: float | None = None
                retryable = not streamed and not isinstance(exc, TimeoutError)
            except openai.APIStatusError as exc:
                code = exc.status_code
                outcome = "rate_limited" if code == 429 else "error"
                failure = ModelFailure(self.model, outcome, f"HTTP {code}", streamed)
                retry_after = _retry_after(exc)
                retryable = not streamed and (code == 429 or code >= 500)
            except openai.APIError as exc:
                failure = ModelFailure(self.model, "error", type(exc).__name__, streamed)
                retry_after = None
                retryable = not streamed
            except ModelFailure as exc:
                failure, retry_after, retryable = exc, None, False
            failure.streamed_text = "".join(sent)
            if not retryable or attempt > self.settings.llm_max_retries:
                self.breaker.failure()
                raise failure
            wait = retry_after if retry_after is not None else 0.5 * 2 ** (attempt - 1)
            wait = min(wait, self.settings.llm_retry_max_wait_s) * random.uniform(0.9, 1.1)
            if time.perf_counter() + wait >= deadline:
                self.breaker.failure()
                raise failure
            log.info("%s failed (%s); retry %d in %.1fs", self.model, failure, attempt, wait)
            await asyncio.sleep(wait)

    async def _once(
        self,
        messages: Sequence[dict[str, str]],
        on_delta: DeltaFn,
        started: float,
        max_output_tokens: int | None,
    ) -> Completion:
        import openai  # only once a model is called: importing it costs ~0.4 s

        kwargs: dict[str, Any] = {
            "model": self.spec.model,
            "messages": list(messages),
            "stream": True,
            "temperature": self.settings.llm_temperature,
            self.token_param: max_output_tokens or self.settings.llm_max_output_tokens,
            "stream_options": {"include_usage": True},
        }
        stream = await self.client.chat.completions.create(**kwargs)
        parts: list[str] = []
        finish = ""
        usage: Any = None
        iterator = stream.__aiter__()
        try:
            while True:
                try:
                    chunk = await asyncio.wait_for(
                        iterator.__anext__(), timeout=self.settings.llm_idle_timeout_s
                    )
                except StopAsyncIteration:
                    break
                except TimeoutError as exc:
                    raise ModelFailure(self.model, "timeout", "stream idle", bool(parts)) from exc
                if chunk.usage is not None:
                    usage = chunk.usage
                for choice in chunk.choices:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        await on_delta(delta)
                    if choice.finish_reason:
                        finish = choice.finish_reason
        except openai.APIError as exc:
            if parts:  # the connection broke after part of the answer was shown
                raise ModelFailure(self.model, "cut", type(exc).__name__, True) from exc
            raise
        finally:
            await stream.close()
        if not finish:
            raise ModelFailure(
                self.model, "cut", "stream ended without a finish reason", bool(parts)
            )
        text = "".join(parts)
        estimated = usage is None
        if usage is not None:
            input_tokens = usage.prompt_tokens or 0
            output_tokens = usage.completion_tokens or 0
        else:
            input_tokens = estimate_messages(list(messages))
            output_tokens = estimate_tokens(text)
        latency = int((time.perf_counter() - started) * 1000)
        cost = self.spec.cost(input_tokens, output_tokens)
        return Completion(
            text, self.model, input_tokens, output_tokens, latency, finish, cost, estimated
        )


def _retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds from a `Retry-After` (or `retry-after-ms`) header, if the server sent one."""
    headers = exc.response.headers if exc.response is not None else {}
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


class ModelPool:
    """Every usable catalog model, sharing one `AsyncOpenAI` client per endpoint and key."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog = settings.catalog()
        self._clients: dict[tuple[str, str, str], openai.AsyncOpenAI] = {}
        self.models: dict[str, ChatModel] = {}
        for spec in self.catalog.models:
            if spec.usable():
                self.models[spec.name] = ChatModel(spec, self._client(spec), settings)

    def _client(self, spec: ModelSpec) -> openai.AsyncOpenAI:
        import openai  # only once a model is called: importing it costs ~0.4 s

        key = spec.api_key() or "not-needed"
        endpoint = spec.base_url or spec.endpoint() or "openai"
        ident = (spec.provider, endpoint, key)
        if ident in self._clients:
            return self._clients[ident]
        timeout = openai.Timeout(
            self.settings.llm_timeout_s, connect=self.settings.llm_connect_timeout_s
        )
        client: openai.AsyncOpenAI
        if spec.provider == "azure":
            client = openai.AsyncAzureOpenAI(
                azure_endpoint=spec.endpoint() or "",
                api_key=key,
                api_version=spec.api_version,
                timeout=timeout,
                max_retries=0,
            )
        elif spec.provider == "openai_compatible":
            client = openai.AsyncOpenAI(
                base_url=spec.base_url, api_key=key, timeout=timeout, max_retries=0
            )
        else:
            client = openai.AsyncOpenAI(api_key=key, timeout=timeout, max_retries=0)
        self._clients[ident] = client
        return client

    def get(self, name: str) -> ChatModel | None:
        """The model called `name`, if it is usable."""
        return self.models.get(name)

    def __bool__(self) -> bool:
        return bool(self.models)

    async def aclose(self) -> None:
        """Close every client."""
        for client in self._clients.values():
            await client.close()
