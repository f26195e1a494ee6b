"""Shared helpers for the unit tests: the recorded OpenRouter fixtures bundled with the package."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses._transport.calls import typed_stream_errors
from langchain_openrouter_responses._wire.reader import StreamReader as WireStreamReader
from langchain_openrouter_responses.emulator import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
LOG_ENV = ("XDG_DATA_HOME", "OPENROUTER_RESPONSES_NO_LOG")


@pytest.fixture(scope="session", autouse=True)
def _no_test_logs_in_the_user_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The command line logs to $XDG_DATA_HOME: never the real one during tests."""
    saved = {name: os.environ.get(name) for name in LOG_ENV}
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    os.environ.pop("OPENROUTER_RESPONSES_NO_LOG", None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty user data folder for one test (the command line's log goes there)."""
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def sse_names() -> list[str]:
    return sorted(p.name[: -len(".sse")] for p in FIXTURES.glob("*.sse"))


def sse_events(name: str) -> list[dict[str, Any]]:
    """Every JSON event of a fixture stream that parses (truncated ones are skipped)."""
    events = []
    for block in fixture_bytes(f"{name}.sse").split(b"\n\n"):
        line = block.strip()
        if line.startswith(b"data: ") and line != b"data: [DONE]":
            try:
                events.append(json.loads(line[6:]))
            except ValueError:
                continue
    return events


class StreamReader:
    """The production pairing of the read path: the wire's reader inside `typed_stream_errors`."""

    def __init__(self, request: Any = None, extra_metadata: dict[str, Any] | None = None) -> None:
        self._reader = WireStreamReader(extra_metadata)
        self._request = request

    def feed(self, data: bytes) -> Iterator[Any]:
        with typed_stream_errors(self._request):
            yield from self._reader.feed(data)

    def close(self) -> None:
        with typed_stream_errors(self._request):
            self._reader.close()
