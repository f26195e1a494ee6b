"""The HTTP server: recording, keep-alive, disconnects, concurrency, asyncio, CLI."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from langchain_openrouter_responses.emulator import (
    Emulator,
    RecordedRequest,
    Reply,
    text_item,
)
from langchain_openrouter_responses.emulator.__main__ import main as cli_main
from tests.emulator.conftest import API_KEY, PATH, Client


def wait_for(condition: object, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.01)
    return False


def test_base_url_and_lifecycle() -> None:
    emu = Emulator()
    assert emu.port == 0
    with emu:
        assert emu.base_url == f"http://127.0.0.1:{emu.port}/api/v1"
        assert emu.api_key == "sk-or-emulator"
        emu.start()  # idempotent
        port = emu.port
    emu.stop()  # idempotent
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()


def test_non_loopback_hosts_are_refused() -> None:
    with pytest.raises(ValueError, match="loopback"):
        Emulator(host="0.0.0.0")  # noqa: S104


def test_queue_rejects_non_replies(emu: Emulator) -> None:
    with pytest.raises(TypeError):
        emu.queue("hello")  # type: ignore[arg-type]


def test_requests_are_recorded_and_repr_hides_the_key(client: Client) -> None:
    body = {"model": "openai/gpt-4o-mini", "input": "Hi"}

    client.post(body, headers={"X-OpenRouter-Title": "t"})
    client.post(b"", method="GET", path="/nope")

    first, second = client.emu.requests
    assert isinstance(first, RecordedRequest)
    assert (first.method, first.path, first.json) == ("POST", PATH, body)
    assert json.loads(first.body) == body
    assert first.headers["authorization"] == f"Bearer {API_KEY}"
    assert first.headers["x-openrouter-title"] == "t"
    assert first.bearer == API_KEY
    assert API_KEY not in repr(first)
    assert "[REDACTED]" in repr(first)
    assert (second.method, second.path, second.json) == ("GET", "/nope", None)


def test_clear_drops_queue_and_records(client: Client) -> None:
    client.ask()
    client.emu.queue(Reply([text_item("x")]))

    client.emu.clear()

    assert client.emu.requests == []
    assert client.emu.pending == 0


def test_keep_alive_serves_several_requests_on_one_connection(client: Client) -> None:
    client.emu.queue(Reply([text_item("one")]), Reply([text_item("two")]))
    conn = client.connect()
    headers = {"Authorization": f"Bearer {API_KEY}"}
    texts = []
    try:
        for stream in (True, False):
            body = json.dumps({"model": "openai/gpt-4o-mini", "input": "Hi", "stream": stream})
            conn.request("POST", PATH, body=body, headers=headers)
            response = conn.getresponse()
            assert response.getheader("connection") == "keep-alive"
            texts.append(response.read())
    finally:
        conn.close()

    assert b'"text":"one"' in texts[0]
    assert b'"text":"two"' in texts[1]


def test_client_disconnect_mid_stream_is_counted(client: Client) -> None:
    client.emu.queue(Reply([text_item("x" * 200)], delta_size=1, event_delay=0.01))
    conn = client.connect()
    body = json.dumps({"model": "openai/gpt-4o-mini", "input": "Hi", "stream": True})
    conn.request("POST", PATH, body=body, headers={"Authorization": f"Bearer {API_KEY}"})
    response = conn.getresponse()
    first_lines = [response.readline() for _ in range(4)]
    conn.sock.close()  # type: ignore[union-attr]
    conn.close()

    assert any(line.startswith(b"data: ") for line in first_lines)
    assert wait_for(lambda: client.emu.disconnects == 1)


def test_client_gone_during_delay_is_counted(client: Client) -> None:
    client.emu.queue(Reply([text_item("late")], delay=0.2))
    conn = client.connect(timeout=0.05)
    conn.request(
        "POST",
        PATH,
        body=b'{"model":"openai/gpt-4o-mini","input":"Hi"}',
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    with pytest.raises(TimeoutError):
        conn.getresponse()
    conn.close()

    assert wait_for(lambda: client.emu.disconnects == 1)


def test_two_hundred_concurrent_requests(client: Client) -> None:
    client.emu.queue(*(Reply([text_item(f"r{n}")], event_delay=0.001) for n in range(100)))

    def one(n: int) -> int:
        answer = client.ask(f"q{n}", stream=n % 2 == 0)
        assert answer.status == 200
        return len(answer.body)

    with ThreadPoolExecutor(max_workers=200) as pool:
        sizes = list(pool.map(one, range(200)))

    assert all(sizes)
    assert len(client.emu.requests) == 200
    assert client.emu.pending == 0
    assert client.emu.disconnects == 0


async def test_usable_from_asyncio(emu: Emulator) -> None:
    emu.queue(Reply([text_item("async")]))
    reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
    body = b'{"model":"openai/gpt-4o-mini","input":"Hi","stream":true}'
    writer.write(
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {API_KEY}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    data = await reader.read()
    writer.close()
    await writer.wait_closed()

    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"data: [DONE]" in data
    assert b'"delta":"asyn"' in data


def test_malformed_http_gets_400() -> None:
    with Emulator() as emu:
        conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=2)
        conn.connect()
        conn.sock.sendall(b"NONSENSE\r\n\r\n")  # type: ignore[union-attr]
        assert conn.sock.recv(100).startswith(b"HTTP/1.1 400")  # type: ignore[union-attr]
        conn.close()


def test_cli_serves_until_sigterm_and_never_logs_the_key() -> None:
    key = "sk-or-cli-secret"
    command = [sys.executable, "-m", "langchain_openrouter_responses.emulator", "--api-key", key]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line.startswith("OpenRouter emulator listening on http://127.0.0.1:")
        base = line.split(" on ")[1].strip()
        port = int(base.split(":")[2].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request(
            "POST",
            PATH,
            body=b'{"model":"openai/gpt-4o-mini","input":"Hi"}',
            headers={"Authorization": f"Bearer {key}"},
        )
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=5)

    assert proc.returncode == 0
    assert b"POST /api/v1/responses -> 200" in stderr
    assert key.encode() not in stderr


def test_cli_refuses_public_hosts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--host", "0.0.0.0"])  # noqa: S104

    assert exit_info.value.code == 2
    assert "non-loopback" in capsys.readouterr().err
