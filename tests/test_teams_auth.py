"""Bot Framework tokens checked at our edge: signed by a local RSA key, keys from a local server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from bot.app import App
from bot.channels.web import build_web_app
from tests.conftest import make_settings

APP_ID = "11111111-2222-3333-4444-555555555555"
ISSUER = "https://api.botframework.test"
SERVICE_URL = "https://smba.trafficmanager.test/teams/"


def _key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {"good": _key(), "forged": _key()}


@pytest.fixture(scope="module")
def openid(keys: dict[str, Any]) -> Iterator[str]:
    """OpenID metadata and JWKS on 127.0.0.1, in a thread (the SDK fetches them with requests)."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys["good"].public_key()))
    jwk.update(kid="key-1", use="sig", endorsements=["msteams"])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = (
                {
                    "issuer": ISSUER,
                    "jwks_uri": f"{base}/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
                if self.path == "/metadata"
                else {"keys": [jwk]}
            )
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/metadata"
    server.shutdown()


@pytest.fixture
async def endpoint(
    course_app: App, openid: str, tmp_path: Path
) -> AsyncIterator[tuple[ClientSession, str]]:
    settings = make_settings(
        data_dir=course_app.settings.data_dir,
        database_url=f"sqlite:///{tmp_path}/auth.db",
        teams_app_id=APP_ID,
        teams_app_password=SecretStr("not-used-in-these-tests"),
        teams_openid_metadata_url=openid,
        teams_token_issuer=ISSUER,
    )
    app = App.build(settings, warm_korean=False)
    server = TestServer(build_web_app(app.core), host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as session:
        yield session, str(server.make_url("/api/messages"))
    await server.close()


def token(key: Any, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": SERVICE_URL,
        "nbf": now - 10,
        "exp": now + 600,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}  # None: leave the claim out
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "key-1"})


def update_activity(activity_id: str) -> dict[str, Any]:
    # A conversation update needs no reply, so an accepted request sends nothing outward.
    return {
        "type": "conversationUpdate",
        "id": activity_id,
        "serviceUrl": SERVICE_URL,
        "channelId": "msteams",
        "from": {"id": "29:amy"},
        "conversation": {"id": "conv-auth"},
        "recipient": {"id": f"28:{APP_ID}"},
    }


@pytest.mark.parametrize(
    ("make_header", "status"),
    [
        (lambda k: None, 401),
        (lambda k: "Bearer", 401),
        (lambda k: "Bearer not.a.jwt.at.all.really", 401),
        (lambda k: f"Bearer {token(k['forged'])}", 401),
        (lambda k: f"Bearer {token(k['good'], aud='someone-else')}", 401),
        (
            lambda k: (
                "Bearer "
                + token(k["good"], exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200)
            ),
            401,
        ),
        (lambda k: f"Bearer {token(k['good'], iss='https://evil.test')}", 401),
        (lambda k: f"Bearer {token(k['good'], exp=None)}", 401),
        (lambda k: f"Bearer {token(k['good'])}", 202),
    ],
    ids=[
        "missing",
        "empty-bearer",
        "garbage",
        "wrong-key",
        "wrong-audience",
        "expired",
        "wrong-issuer",
        "never-expires",
        "valid",
    ],
)
async def test_tokens(
    endpoint: tuple[ClientSession, str], keys: dict[str, Any], make_header: Any, status: int
) -> None:
    session, url = endpoint
    header = make_header(keys)
    headers = {"Authorization": header} if header else {}
    async with session.post(
        url, json=update_activity(f"auth-{status}-{time.time_ns()}"), headers=headers
    ) as resp:
        assert resp.status == status
        assert "Traceback" not in await resp.text()


async def test_json_nested_a_hundred_thousand_deep_is_a_400(
    endpoint: tuple[ClientSession, str],
) -> None:
    session, url = endpoint
    deep = b"[" * 100_000 + b"]" * 100_000
    headers = {"Content-Type": "application/json", "Authorization": "Bearer x.y.z"}
    async with session.post(url, data=deep, headers=headers) as resp:
        assert resp.status == 400
        assert "Traceback" not in await resp.text()
