"""Recorded fixtures are served byte for byte, streams in real HTTP chunks."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import langchain_openrouter_responses
from langchain_openrouter_responses.emulator import FIXTURES_DIR, FixtureReply, fixture_names
from langchain_openrouter_responses.emulator.replies.fixtures import RECORDINGS_DIR, fixture_dirs
from tests.emulator.conftest import API_KEY, Client

SSE = sorted(path.name.removesuffix(".sse") for path in FIXTURES_DIR.glob("*.sse"))
JSON = sorted(path.name.removesuffix(".response.json") for path in FIXTURES_DIR.glob("*.response.json"))
ERRORS = sorted(path.name.removesuffix(".error.json") for path in FIXTURES_DIR.glob("*.error.json"))


def meta_status(name: str) -> int | None:
    status = json.loads((FIXTURES_DIR / f"{name}.meta.json").read_text())["http_status"]
    return status if isinstance(status, int) else None


def test_fixture_inventory() -> None:
    assert len(SSE) == 11
    assert len(JSON) == 10
    assert fixture_names() == sorted(SSE + JSON + ERRORS)


@pytest.mark.parametrize("name", SSE)
def test_sse_fixture_is_served_verbatim(client: Client, name: str) -> None:
    client.emu.queue(FixtureReply(name))

    answer = client.stream()

    assert answer.status == 200
    assert answer.headers["content-type"] == "text/event-stream"
    assert answer.headers["transfer-encoding"] == "chunked"
    assert answer.body == (FIXTURES_DIR / f"{name}.sse").read_bytes()


@pytest.mark.parametrize("name", JSON)
def test_json_fixture_is_served_verbatim(client: Client, name: str) -> None:
    client.emu.queue(FixtureReply(name))

    answer = client.ask()

    assert answer.status == meta_status(name) == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.body == (FIXTURES_DIR / f"{name}.response.json").read_bytes()


@pytest.mark.parametrize("name", ERRORS)
def test_error_fixture_status_comes_from_meta(client: Client, name: str) -> None:
    client.emu.queue(FixtureReply(name))

    answer = client.stream()

    assert answer.status == (meta_status(name) or 400)
    assert answer.body == (FIXTURES_DIR / f"{name}.error.json").read_bytes()


def read_chunk_sizes(port: int, body: bytes) -> list[int]:
    """POST over a raw socket and return the sizes of the HTTP chunks received."""
    request = (
        f"POST /api/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Authorization: Bearer {API_KEY}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    rest = data.split(b"\r\n\r\n", 1)[1]
    sizes = []
    while True:
        line, rest = rest.split(b"\r\n", 1)
        size = int(line, 16)
        sizes.append(size)
        if size == 0:
            return sizes
        rest = rest[size + 2 :]


def test_streamed_fixture_uses_unaligned_chunks(client: Client) -> None:
    name = "stream-text-many-deltas-claude-3.5-sonnet"
    client.emu.queue(FixtureReply(name))

    sizes = read_chunk_sizes(client.emu.port, b'{"model":"openai/gpt-4o-mini","input":"Hi","stream":true}')

    total = (FIXTURES_DIR / f"{name}.sse").stat().st_size
    assert sizes[:-1] == [1000] * (total // 1000) + [total % 1000]
    assert sizes[-1] == 0


def test_unknown_fixture_fails_at_construction() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-fixture"):
        FixtureReply("no-such-fixture")


def test_fixtures_dir_env_adds_a_folder_searched_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "mine.sse").write_bytes(b"data: [DONE]\n\n")
    monkeypatch.setenv("OPENROUTER_FIXTURES_DIR", str(tmp_path))

    assert fixture_dirs() == [tmp_path, RECORDINGS_DIR]
    assert FixtureReply("mine").fixture.body == b"data: [DONE]\n\n"
    assert {"mine", "stream-text-gpt-4o-mini"} <= set(fixture_names())


def test_recordings_ship_inside_the_package() -> None:
    package = Path(langchain_openrouter_responses.__file__).parent
    assert FIXTURES_DIR == RECORDINGS_DIR == package / "emulator" / "recordings"
    assert "shared" not in FIXTURES_DIR.parts
    assert (FIXTURES_DIR / "README.md").is_file()
    assert (FIXTURES_DIR / "LICENSE-Apache-2.0.txt").is_file()
    assert len(fixture_names()) == 23
