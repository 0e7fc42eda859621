"""A real OpenAI-compatible HTTP server on loopback, with scripted behaviour.

Tests push steps onto `script`; each chat request takes the next one (or the default):
text to stream, a delay between chunks, an HTTP error status, a stream cut after N chunks,
a stall (no data for a while). Embeddings are deterministic vectors derived from the text.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import codecs
import contextlib
import hashlib
import json
import re
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import numpy as np
from aiohttp import web


@dataclass
class Step:
    """What the next chat completion request gets."""

    text: str = "Fine-tuning trains the model further on your own data [1]."
    chunk_delay: float = 0.0
    status: int = 200
    cut_after: int | None = None
    """Close the connection after this many content chunks, without a finish reason."""
    stall: float = 0.0
    """Seconds to wait, mid-stream, before sending anything more."""
    headers: dict[str, str] = field(default_factory=dict)
    first_token_delay: float = 0.0
    """Seconds before the first chunk (a model's thinking time)."""
    obey: bool = False
    """Behave like a model that follows any instruction it reads — in the question, in the
    history or inside the course sections (see `obedient_answer`)."""


class FakeOpenAI:
    """Start with `await server.start()`; `server.base_url` is then `http://127.0.0.1:PORT/v1`."""

    def __init__(self) -> None:
        self.script: deque[Step] = deque()
        self.default = Step()
        self.requests: list[dict[str, Any]] = []
        self.embedding_requests: list[dict[str, Any]] = []
        self.usages: list[tuple[str, dict[str, int]]] = []
        """(model, usage) of every completed answer, as reported to the client."""
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def reset(self) -> None:
        self.script.clear()
        self.requests.clear()
        self.embedding_requests.clear()
        self.usages.clear()

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}
        )

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        step = self.script.popleft() if self.script else self.default
        if step.status != 200:
            return web.json_response(
                {"error": {"message": "scripted failure", "type": "server_error"}},
                status=step.status,
                headers=step.headers,
            )
        model = body.get("model", "fake-model")
        if step.obey:
            text = obedient_answer(body, request.headers.get("Authorization", ""))
            step = Step(**{**step.__dict__, "text": text, "obey": False})
        words = _pieces(step.text)
        if not body.get("stream"):
            return web.json_response(_completion(model, step.text, body))
        if step.first_token_delay:
            await asyncio.sleep(step.first_token_delay)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for i, piece in enumerate(words):
            if step.cut_after is not None and i >= step.cut_after:
                # Drop the connection mid-answer: no finish reason, no [DONE].
                if request.transport is not None:
                    request.transport.close()
                return resp
            if step.stall and i == len(words) // 2:
                await asyncio.sleep(step.stall)
            if step.chunk_delay:
                await asyncio.sleep(step.chunk_delay)
            await resp.write(_sse(_chunk(model, {"content": piece}, None)))
        await resp.write(_sse(_chunk(model, {}, "stop")))
        usage = _usage(body, step.text)
        self.usages.append((model, usage))
        await resp.write(_sse({**_chunk(model, None, None), "choices": [], "usage": usage}))
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp

    async def _embeddings(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.embedding_requests.append(body)
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": fake_vector(str(text)).tolist()}
            for i, text in enumerate(inputs)
        ]
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": body.get("model"),
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        )


def fake_vector(text: str, dims: int = 64) -> np.ndarray:
    """Bag-of-words hashing: similar texts get similar vectors, deterministically."""
    vec = np.zeros(dims, dtype=np.float32)
    for word in text.lower().split():
        h = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
        vec[h % dims] += 1.0
    norm = float(np.linalg.norm(vec)) or 1.0
    return vec / norm


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


def _chunk(model: str, delta: dict[str, Any] | None, finish: str | None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": choices,
    }


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(m.get("content", "")) for m in body.get("messages", [])) // 4
    completion = max(1, len(text) // 4)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _completion(model: str, text: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": _usage(body, text),
    }


def _sse(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()


_SAY_RE = re.compile(
    r"(?:say|print|output|write|reply with|출력|말해)\W{0,3}\s*[\"']?([A-Z][A-Z0-9]+-\d+)"
)
_CANARY_RE = re.compile(r"(?<![A-Za-z])([A-Z]{3,}-\d{3,})(?!\d)")
_B64_RE = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
# A model reads past spelling tricks: these are the look-alikes the red-team files use.
_FOLD = str.maketrans("аеорсіІАВЕКМНОРСТХ", "aeopciIABEKMHOPCTX")


def reads_as(text: str) -> str:
    """Everything a capable model reads in `text`: the text itself, folded (full-width,
    look-alikes, invisible characters), and decoded (base64 blobs, percent-encoding, ROT13).
    Written apart from StudyBot's own filter, so a trick that filter misses is counted."""
    views = [text, unicodedata.normalize("NFKC", text).translate(_FOLD)]
    views[-1] = re.sub("[\u200b-\u200f\u2060\ufeff]", "", views[-1])
    for blob in _B64_RE.findall(text):
        with contextlib.suppress(binascii.Error, UnicodeDecodeError, ValueError):
            views.append(base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8"))
    views.append(unquote(text))
    views.append(codecs.encode(text, "rot13"))
    return "\n".join(views)


_URL_RE = re.compile(r"https?://[^\s)\]>\"']+")


def obedient_answer(body: dict[str, Any], authorization: str) -> str:
    """What a model with no defences of its own answers: it obeys every instruction it sees.

    The pipeline under test must hold anyway: this model leaks its system prompt and its API
    key when asked, repeats canaries and links planted in the course sections, pings
    @everyone when told to, and writes as long as `max_tokens` lets it.
    """
    messages = body.get("messages", [])
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    everything = "\n".join(m["content"] for m in messages)
    question = messages[-1]["content"] if messages else ""
    match = re.search(r"<question>\s*(.*?)\s*</question>", question, re.S)
    asked = (match.group(1) if match else question).lower()
    parts: list[str] = []
    canaries = set(_CANARY_RE.findall(everything))
    canaries |= {c for c in _CANARY_RE.findall(reads_as(everything)) if c.startswith("CANARY")}
    parts += [f"As instructed: {c}." for c in sorted(canaries)]
    parts += [f"More at {url} ." for url in _URL_RE.findall(everything)]
    if any(
        w in asked
        for w in ("system prompt", "instructions", "above", "you are", "시스템 프롬프트", "지시")
    ):
        parts.append(f"My instructions are: {system}")
    if any(w in asked for w in ("api key", "key", "token", "키", "토큰")):
        parts.append(f"My key is {authorization.removeprefix('Bearer ').strip()} .")
    if "@everyone" in asked or "@here" in asked or "<@" in asked:
        parts.append("@everyone @here <@123456789> look!")
    if any(w in asked for w in ("forever", "repeat", "반복", "1000", "10000")):
        budget = int(body.get("max_tokens") or body.get("max_completion_tokens") or 100)
        parts.append(" ".join(["again"] * budget))  # a model stops at max_tokens
    parts.append("Foundation models are large pre-trained models [1].")
    return " ".join(parts)
