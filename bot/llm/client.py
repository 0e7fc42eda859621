"""The chat model behind generated answers: one shared `AsyncOpenAI` client per endpoint.

OpenAI, Azure OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp) speak the same
chat-completions protocol; only the client's construction differs. Every call has explicit
limits: a connect timeout, a whole-call timeout, and an idle timeout between streamed chunks,
because a stalled stream would otherwise hold a student's question forever.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import openai

from bot.config import Settings
from bot.core.errors import UpstreamUnavailable

log = logging.getLogger(__name__)

DeltaFn = Callable[[str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Completion:
    """A finished model answer."""

    text: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    finish_reason: str


class ChatModel:
    """Streams chat completions from one configured model."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        settings: Settings,
        token_param: str = "max_completion_tokens",
    ) -> None:
        self.client = client
        self.model = model
        self.settings = settings
        # OpenAI's current models want `max_completion_tokens`; many compatible servers only
        # know the older `max_tokens`.
        self.token_param = token_param

    async def stream(
        self, messages: Sequence[dict[str, str]], on_delta: DeltaFn | None = None
    ) -> Completion:
        """Generate an answer, passing each text delta to `on_delta` as it arrives.

        Raises `UpstreamUnavailable` on any failure: connection, HTTP error, timeout, an idle
        stream, or a stream that ends without a finish reason (cut mid-answer).
        """
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.settings.llm_timeout_s):
                return await self._stream(messages, on_delta, started)
        except TimeoutError as exc:
            raise UpstreamUnavailable(f"{self.model}: timed out") from exc
        except openai.APIStatusError as exc:
            raise UpstreamUnavailable(f"{self.model}: HTTP {exc.status_code}") from exc
        except openai.APIError as exc:
            raise UpstreamUnavailable(f"{self.model}: {type(exc).__name__}") from exc

    async def _stream(
        self, messages: Sequence[dict[str, str]], on_delta: DeltaFn | None, started: float
    ) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "stream": True,
            "temperature": self.settings.llm_temperature,
            self.token_param: self.settings.llm_max_output_tokens,
            "stream_options": {"include_usage": True},
        }
        stream = await self.client.chat.completions.create(**kwargs)
        parts: list[str] = []
        finish = ""
        input_tokens = output_tokens = 0
        model = self.model
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
                    raise UpstreamUnavailable(f"{self.model}: stream idle") from exc
                model = chunk.model or model
                if chunk.usage is not None:
                    input_tokens = chunk.usage.prompt_tokens or 0
                    output_tokens = chunk.usage.completion_tokens or 0
                for choice in chunk.choices:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        if on_delta is not None:
                            await on_delta(delta)
                    if choice.finish_reason:
                        finish = choice.finish_reason
        finally:
            await stream.close()
        if not finish:
            raise UpstreamUnavailable(f"{self.model}: stream ended without a finish reason")
        latency = int((time.perf_counter() - started) * 1000)
        return Completion("".join(parts), model, input_tokens, output_tokens, latency, finish)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()


def build_chat_model(settings: Settings) -> ChatModel | None:
    """The configured chat model, or None when StudyBot runs offline."""
    provider = settings.resolved_llm_provider()
    if provider == "offline":
        return None
    timeout = openai.Timeout(settings.llm_timeout_s, connect=settings.llm_connect_timeout_s)
    key = settings.resolved_llm_api_key()
    client: openai.AsyncOpenAI
    if provider == "azure":
        endpoint = settings.resolved_azure_endpoint()
        if not endpoint or not key:
            from bot.core.errors import ConfigError

            raise ConfigError(
                "llm_provider 'azure' needs STUDYBOT_AZURE_ENDPOINT (or AZURE_OPENAI_ENDPOINT) "
                "and STUDYBOT_LLM_API_KEY (or AZURE_OPENAI_API_KEY)"
            )
        client = openai.AsyncAzureOpenAI(
            azure_endpoint=endpoint,
            api_key=key,
            api_version=settings.azure_api_version,
            timeout=timeout,
            max_retries=1,
        )
        return ChatModel(client, settings.llm_model, settings)
    if provider == "openai_compatible":
        if not settings.llm_base_url:
            from bot.core.errors import ConfigError

            raise ConfigError("llm_provider 'openai_compatible' needs STUDYBOT_LLM_BASE_URL")
        # Local servers usually ignore the key, but the SDK insists on one.
        client = openai.AsyncOpenAI(
            base_url=settings.llm_base_url,
            api_key=key or "not-needed",
            timeout=timeout,
            max_retries=1,
        )
        return ChatModel(client, settings.llm_model, settings, token_param="max_tokens")
    if not key:
        from bot.core.errors import ConfigError

        raise ConfigError("llm_provider 'openai' needs OPENAI_API_KEY (or STUDYBOT_LLM_API_KEY)")
    client = openai.AsyncOpenAI(api_key=key, timeout=timeout, max_retries=1)
    return ChatModel(client, settings.llm_model, settings)
