"""The test identity provider (tests/oidc/provider.mjs, the npm package oidc-provider) run as a
node process on 127.0.0.1, and a person's way through its login page over HTTP."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
START_TIMEOUT = 20.0
CALLBACK_PATH = "/sign-in/office-account/callback"


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class TestProvider:
    """A running oidc-provider: its issuer and its log."""

    issuer: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """What the provider printed."""
        return self.log_path.read_text()


@contextmanager
def running_provider(redirect_uris: list[str], post_logout_uris: list[str] | None = None,
                     log_dir: Path | None = None) -> Iterator[TestProvider]:
    """Start tests/oidc/provider.mjs on a free port and wait until its discovery answers."""
    node = shutil.which("node")
    assert node, "node is needed for the OpenID Connect tests (make test installs oidc-provider)"
    assert (ROOT / "node_modules" / "oidc-provider").is_dir(), "run npm ci first"
    port = free_port()
    log_path = (log_dir or Path("/tmp")) / f"oidc-provider-{port}.log"
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_REDIRECT_URIS": json.dumps(redirect_uris),
           "OIDC_POST_LOGOUT_URIS": json.dumps(post_logout_uris or []),
           "NODE_NO_WARNINGS": "1"}
    with log_path.open("w") as log:
        process = subprocess.Popen([node, str(HERE / "provider.mjs")], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    provider = TestProvider(issuer, process, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, f"the provider stopped: {provider.log()}"
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration",
                                timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"the provider did not start: {provider.log()}"
            time.sleep(0.1)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def log_in_at_provider(authorize_url: str, account: str, amr: str = "pwd",
                       session: requests.Session | None = None) -> str:
    """Follow the authorization request through the provider's login page as `account` (over
    HTTP, as a browser would); returns the address the provider sends the browser back to."""
    browser = session or requests.Session()
    url = authorize_url
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=5)
        if response.status_code in (302, 303):
            url = response.headers["Location"]
            if url.startswith("/"):
                url = _origin(authorize_url) + url
            if urlsplit(url).path == CALLBACK_PATH:
                return url
            continue
        assert response.status_code == 200, response.text
        assert "Test identity provider" in response.text, response.text
        uid = urlsplit(url).path.rsplit("/", 1)[1]
        posted = browser.post(f"{_origin(authorize_url)}/interaction/{uid}/login",
                              data={"login": account, "amr": amr}, allow_redirects=False,
                              timeout=5)
        assert posted.status_code == 303, posted.text
        url = posted.headers["Location"]
    raise AssertionError("the provider never sent the browser back")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def query(url: str) -> dict[str, str]:
    """The query arguments of an address, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
