"""The recording proxy against a scripted upstream: what the caller gets, what goes upstream, what reaches disk."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from langchain_openrouter_responses.emulator import Emulator

KEY = "sk-or-v1-0123456789abcdef0123456789abcdef"
BODY = json.dumps({"model": "openai/gpt-4o-mini", "input": "Hi", "stream": True}).encode()
SSE_PIECES = (
    b": OPENROUTER PROCESSING\n\n",
    b'data: {"type":"response.created","response":{"model":"openai/gpt-4o-mini"}}\n\n',
    b'data: {"type":"response.output_text.delta","delta":"Hel',  # an event split across chunks
    b'lo"}\n\ndata: {"type":"response.completed","response":{"model":"openai/gpt-4o-mini-2024"}}\n\n',
    b"data: [DONE]\n\n",
)
SSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Request-Id: abc\r\nX-Dup: one\r\n"
    b"X-Dup: two\r\nSet-Cookie: session=secret-cookie\r\nKeep-Alive: timeout=5\r\nConnection: keep-alive\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


def chunked(*pieces: bytes) -> list[bytes]:
    return [b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces]


def sse_reply() -> list[bytes]:
    return [SSE_HEAD, *chunked(*SSE_PIECES), b"0\r\n\r\n"]


@dataclass
class Scripted:
    """One upstream answer: the bytes to send (pieces, a pause between), then whether to hang up."""

    pieces: list[bytes]
    hang_up: bool = False
    pause: float = 0.005


@dataclass
class Upstream:
    """A raw-socket HTTP/1.1 server answering each request with the next scripted reply."""

    replies: list[Scripted] = field(default_factory=list)
    received: list[tuple[bytes, bytes]] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while self.replies:
                while b"\r\n\r\n" not in data:
                    more = conn.recv(65536)
                    if not more:
                        return
                    data += more
                head, _, data = data.partition(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                while len(data) < length:
                    data += conn.recv(65536)
                self.received.append((head, data[:length]))
                data = data[length:]
                reply = self.replies.pop(0)
                for piece in reply.pieces:
                    conn.sendall(piece)
                    time.sleep(reply.pause)
                if reply.hang_up:
                    return


def post(proxy: Emulator, body: bytes = BODY) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json", "X-Title": "tests"}
    conn.request("POST", "/api/v1/responses", body=body, headers=headers)
    return conn.getresponse()


def meta(folder: Path, name: str) -> dict[str, object]:
    return dict(json.loads((folder / f"{name}.meta.json").read_text()))


def test_a_stream_is_relayed_byte_for_byte_with_the_upstream_headers(upstream: Upstream, proxy: Emulator) -> None:
    upstream.replies.append(Scripted(sse_reply()))

    response = post(proxy)

    assert response.status == 200
    assert response.read() == b"".join(SSE_PIECES)
    names = [name for name, _ in response.getheaders()]
    # h11 puts the framing header it settles last (header order carries no meaning in HTTP).
    assert names == ["Date", "content-type", "x-request-id", "x-dup", "set-cookie", "Connection", "Transfer-Encoding"]
    assert response.getheader("x-dup") == "one, two"
    assert response.getheader("set-cookie") == "session=secret-cookie"
    assert response.getheader("Transfer-Encoding") == "chunked"


def test_the_request_goes_upstream_with_the_callers_headers_and_body(upstream: Upstream, proxy: Emulator) -> None:
    upstream.replies.append(Scripted(sse_reply()))

    post(proxy).read()

    ((head, body),) = upstream.received
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /api/v1/responses HTTP/1.1"
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    assert headers["host"] == f"127.0.0.1:{upstream.port}"
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["x-title"] == "tests"
    assert headers["accept-encoding"] == "identity"
    assert headers["content-length"] == str(len(BODY))
    assert body == BODY


def test_the_exchange_reaches_disk_without_credentials(upstream: Upstream, proxy: Emulator, tmp_path: Path) -> None:
    upstream.replies.append(Scripted(sse_reply()))

    post(proxy).read()
    proxy.stop()  # the files are written once the body has ended

    name = "0001-openai-gpt-4o-mini-stream"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"{name}.meta.json",
        f"{name}.request.json",
        f"{name}.sse",
    ]
    assert (tmp_path / f"{name}.sse").read_bytes() == b"".join(SSE_PIECES)
    assert (tmp_path / f"{name}.request.json").read_bytes() == BODY
    recorded = meta(tmp_path, name)
    assert recorded["complete"] is True
    assert recorded["http_status"] == 200
    assert recorded["streaming"] is True
    assert recorded["response_model"] == "openai/gpt-4o-mini-2024"
    assert recorded["response_headers"] == {
        "content-type": "text/event-stream",
        "x-request-id": "abc",
        "x-dup": "one, two",
        "set-cookie": "[REDACTED]",
        "keep-alive": "timeout=5",
        "connection": "keep-alive",
        "transfer-encoding": "chunked",
    }
    assert recorded["redacted"] == ["request header authorization", "response header set-cookie"]
    for path in tmp_path.iterdir():
        assert KEY not in path.read_text(), path.name
        assert "secret-cookie" not in path.read_text(), path.name


def test_fixed_length_answers_and_errors_are_relayed_and_named_by_kind(
    upstream: Upstream, proxy: Emulator, tmp_path: Path
) -> None:
    answer = b'{"model":"openai/gpt-4o-mini","echo":"' + KEY.encode() + b'"}'
    error = b'{"error":{"code":401,"message":"No auth"}}'
    for status, payload in (("200 OK", answer), ("401 Unauthorized", error)):
        head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        upstream.replies.append(Scripted([head.encode(), payload]))
    plain = json.dumps({"model": "openai/gpt-4o-mini", "input": "Hi"}).encode()

    first, second = post(proxy, plain), None
    assert (first.status, first.read()) == (200, answer)
    second = post(proxy, plain)
    assert (second.status, second.read()) == (401, error)
    proxy.stop()

    assert (tmp_path / "0001-openai-gpt-4o-mini-json.response.json").read_bytes() == answer.replace(
        KEY.encode(), b"[REDACTED]"
    )
    assert (tmp_path / "0002-openai-gpt-4o-mini-json.error.json").read_bytes() == error
    assert "response body" in meta(tmp_path, "0001-openai-gpt-4o-mini-json")["redacted"]  # type: ignore[operator]
    assert meta(tmp_path, "0002-openai-gpt-4o-mini-json")["response_model"] is None


def test_an_unreachable_upstream_is_a_502(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as unused:
        port = unused.getsockname()[1]
    with Emulator(record_to=tmp_path, upstream=f"http://127.0.0.1:{port}/api/v1") as proxy:
        response = post(proxy)
        body = json.loads(response.read())

    assert response.status == 502
    assert body == {
        "error": {
            "code": 502,
            "message": f"recording proxy could not reach http://127.0.0.1:{port}/api/v1: ConnectError",
        }
    }
    assert list(tmp_path.iterdir()) == []


def test_an_upstream_hanging_up_mid_stream_ends_the_callers_body_early(
    upstream: Upstream, proxy: Emulator, tmp_path: Path
) -> None:
    pieces = sse_reply()
    upstream.replies.append(Scripted(pieces[:3], hang_up=True))

    response = post(proxy)
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    proxy.stop()

    assert caught.value.partial == b"".join(SSE_PIECES[:2])
    name = "0001-openai-gpt-4o-mini-stream"
    assert meta(tmp_path, name)["complete"] is False
    assert (tmp_path / f"{name}.sse").read_bytes() == b"".join(SSE_PIECES[:2])


def test_upstream_connections_are_reused_and_replaced_once_closed(upstream: Upstream, proxy: Emulator) -> None:
    upstream.replies += [Scripted(sse_reply()), Scripted(sse_reply(), hang_up=True), Scripted(sse_reply())]

    for _ in range(3):
        response = post(proxy)
        assert response.read() == b"".join(SSE_PIECES)
        time.sleep(0.05)  # the hang-up has reached the proxy's socket, whether or not its loop has seen it

    assert len(upstream.received) == 3
    assert upstream.connections == 2


def test_a_large_body_reaches_a_slow_caller_whole(upstream: Upstream, proxy: Emulator) -> None:
    big = bytes(range(256)) * 8192  # 2 MiB: the proxy stops reading upstream while the caller lags
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % len(big)
    upstream.replies.append(Scripted([head, big]))

    response = post(proxy)
    time.sleep(0.2)

    assert response.read() == big


def test_a_body_ended_by_closing_the_connection_is_complete(
    upstream: Upstream, proxy: Emulator, tmp_path: Path
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    upstream.replies += [Scripted([head, *SSE_PIECES], hang_up=True), Scripted(sse_reply())]

    assert post(proxy).read() == b"".join(SSE_PIECES)
    assert post(proxy).read() == b"".join(SSE_PIECES)
    proxy.stop()

    assert meta(tmp_path, "0001-openai-gpt-4o-mini-stream")["complete"] is True
    assert upstream.connections == 2


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/2 200 OK\r\n\r\n",
        b"HTTP/1.1 2x0 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
    ],
)
def test_a_malformed_head_is_a_502(upstream: Upstream, proxy: Emulator, head: bytes) -> None:
    upstream.replies.append(Scripted([head], hang_up=True))

    response = post(proxy)

    assert response.status == 502
    assert json.loads(response.read())["error"]["message"].endswith(": RemoteProtocolError")


def test_a_folded_header_is_unfolded_and_forwarded(upstream: Upstream, proxy: Emulator) -> None:
    # RFC 9112, section 5.2: a server replaces obs-fold with spaces (h11 does); the old parser kept
    # the line break, which the upstream client then refused with a 502.
    upstream.replies.append(Scripted(sse_reply()))
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as conn:
        head = f"POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nX-Folded: a\n b\r\nContent-Length: {len(BODY)}\r\n\r\n"
        conn.sendall(head.encode() + BODY)
        answer = b""
        while not answer.endswith(b"\r\n0\r\n\r\n"):
            answer += conn.recv(65536)

    assert answer.startswith(b"HTTP/1.1 200 ")
    ((sent, _),) = upstream.received
    assert b"\r\nx-folded: a b\r\n" in sent


def test_behind_a_proxy_from_the_environment_httpx_relays(
    upstream: Upstream, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # httpx decides, and goes direct to this upstream
    upstream.replies.append(Scripted(sse_reply()))

    with Emulator(record_to=tmp_path, upstream=upstream.base_url) as proxy:
        response = post(proxy)
        assert response.read() == b"".join(SSE_PIECES)
        assert response.getheader("x-dup") == "one, two"

    assert (tmp_path / "0001-openai-gpt-4o-mini-stream.sse").read_bytes() == b"".join(SSE_PIECES)
    assert meta(tmp_path, "0001-openai-gpt-4o-mini-stream")["complete"] is True
