"""Shared helpers: a started emulator and a tiny stdlib HTTP client for it."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses.emulator import Emulator
from tests.emulator.test_emulator_recording import Upstream

API_KEY = "sk-or-emulator-test"
PATH = "/api/v1/responses"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def blocks(self) -> list[bytes]:
        """SSE blocks (events and comments) without the blank-line separators."""
        return [block for block in self.body.split(b"\n\n") if block]

    @property
    def data(self) -> list[bytes]:
        """Payloads of the `data:` lines, in order (including `[DONE]`)."""
        return [block[6:] for block in self.blocks if block.startswith(b"data: ")]

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every data payload that parses as JSON."""
        parsed = []
        for payload in self.data:
            try:
                parsed.append(json.loads(payload))
            except ValueError:
                continue
        return parsed

    @property
    def types(self) -> list[str]:
        return [event["type"] for event in self.events]


class Client:
    """Talks to the emulator with `http.client` (one connection per call)."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    def connect(self, timeout: float = 5.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=timeout)

    def post(
        self,
        body: Any,
        *,
        key: str | None = API_KEY,
        method: str = "POST",
        path: str = PATH,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        if key is not None:
            sent["Authorization"] = f"Bearer {key}"
        conn = self.connect()
        try:
            conn.request(method, path, body=raw, headers=sent)
            response = conn.getresponse()
            data = response.read()
            found = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, found, data)
        finally:
            conn.close()

    def ask(self, text: Any = "Hi", /, **fields: Any) -> Answer:
        """POST `text` as `input`; `fields` may include a `text` option (positional-only `text`)."""
        return self.post({"model": "openai/gpt-4o-mini", "input": text, **fields})

    def stream(self, text: Any = "Hi", /, **fields: Any) -> Answer:
        return self.ask(text, stream=True, **fields)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(api_key=API_KEY) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Client:
    return Client(emu)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    """A scripted upstream for the recording proxy (see `test_emulator_recording.Upstream`)."""
    server = Upstream()
    yield server
    server.close()


@pytest.fixture
def proxy(upstream: Upstream, tmp_path: Path) -> Iterator[Emulator]:
    """An emulator recording into `tmp_path` what it relays to `upstream`."""
    with Emulator(record_to=tmp_path, upstream=upstream.base_url) as emulator:
        yield emulator
