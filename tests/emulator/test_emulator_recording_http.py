"""The recording proxy's HTTP client (the SDK's httpx stack): framing, compression, environment proxies."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
import trustme

from langchain_openrouter_responses.emulator import Emulator
from tests.emulator.test_emulator_recording import SSE_PIECES, Scripted, Upstream, chunked, meta, post, sse_reply

STREAM = "0001-openai-gpt-4o-mini-stream"


@pytest.mark.parametrize("split", [1, 3, 7])
def test_a_chunked_body_is_relayed_whole_however_the_bytes_are_split(
    upstream: Upstream, proxy: Emulator, tmp_path: Path, split: int
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    wire = b"".join(chunked(*SSE_PIECES)) + b"1a;ext=1\r\n" + b"x" * 26 + b"\r\n0\r\nTrailer: yes\r\n\r\n"
    pieces = [head] + [wire[at : at + split] for at in range(0, len(wire), split)]
    upstream.replies.append(Scripted(pieces, pause=0))

    assert post(proxy).read() == b"".join(SSE_PIECES) + b"x" * 26
    proxy.stop()

    assert meta(tmp_path, STREAM)["complete"] is True


@pytest.mark.parametrize("wire", [b"zz\r\n", b"-1\r\n", b"3\r\nabcd\r\n"])
def test_broken_chunk_framing_ends_the_callers_body_early(
    upstream: Upstream, proxy: Emulator, tmp_path: Path, wire: bytes
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    upstream.replies.append(Scripted([head, *chunked(SSE_PIECES[0]), wire]))

    response = post(proxy)
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    proxy.stop()

    assert meta(tmp_path, STREAM)["complete"] is False


@pytest.mark.parametrize(
    ("head", "reused"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", True),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n", False),  # h11: never 1.0
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n", False),
    ],
)
def test_the_response_head_decides_whether_the_connection_is_reused(
    upstream: Upstream, proxy: Emulator, head: bytes, reused: bool
) -> None:
    upstream.replies += [Scripted([head, b"{}"], hang_up=not reused), Scripted(sse_reply())]

    assert post(proxy).read() == b"{}"
    assert post(proxy).read() == b"".join(SSE_PIECES)

    assert upstream.connections == (1 if reused else 2)


def test_a_gzip_compressed_answer_is_relayed_and_recorded_decoded(
    upstream: Upstream, proxy: Emulator, tmp_path: Path
) -> None:
    compressed = gzip.compress(b"".join(SSE_PIECES))
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Encoding: gzip\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    halves = (compressed[:40], compressed[40:])  # split inside the gzip stream
    upstream.replies.append(Scripted([head, *chunked(*halves), b"0\r\n\r\n"]))

    response = post(proxy)
    assert response.read() == b"".join(SSE_PIECES)
    assert response.getheader("content-encoding") is None
    proxy.stop()

    assert (tmp_path / f"{STREAM}.sse").read_bytes() == b"".join(SSE_PIECES)
    recorded = meta(tmp_path, STREAM)
    assert recorded["response_model"] == "openai/gpt-4o-mini-2024"
    assert recorded["response_headers"]["content-encoding"] == "gzip"  # type: ignore[index]
    assert recorded["complete"] is True


@pytest.fixture
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def test_a_forward_proxy_from_the_environment_carries_the_request(
    upstream: Upstream, tmp_path: Path, no_proxy_settings: pytest.MonkeyPatch
) -> None:
    # The scripted server plays the forward proxy: the request reaches it in absolute form.
    no_proxy_settings.setenv("HTTP_PROXY", f"http://127.0.0.1:{upstream.port}")
    upstream.replies.append(Scripted(sse_reply()))

    with Emulator(record_to=tmp_path, upstream="http://openrouter.invalid/api/v1") as proxy:
        assert post(proxy).read() == b"".join(SSE_PIECES)

    ((head, body),) = upstream.received
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST http://openrouter.invalid/api/v1/responses HTTP/1.1"
    assert "Host: openrouter.invalid" in lines
    assert json.loads(body)["model"] == "openai/gpt-4o-mini"
    assert meta(tmp_path, STREAM)["complete"] is True


class ConnectProxy:
    """Answers each CONNECT with 403 and remembers its request line."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lines: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data and (more := conn.recv(65536)):
                    data += more
                self.lines.append(data.split(b"\r\n", 1)[0])
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def connect_proxy() -> Iterator[ConnectProxy]:
    server = ConnectProxy()
    yield server
    server.server.close()


def test_an_https_upstream_is_tunnelled_through_the_environments_proxy(
    connect_proxy: ConnectProxy, tmp_path: Path, no_proxy_settings: pytest.MonkeyPatch
) -> None:
    no_proxy_settings.setenv("HTTPS_PROXY", f"http://127.0.0.1:{connect_proxy.port}")

    with Emulator(record_to=tmp_path, upstream="https://openrouter.invalid/api/v1") as proxy:
        response = post(proxy)
        body = json.loads(response.read())

    assert connect_proxy.lines == [b"CONNECT openrouter.invalid:443 HTTP/1.1"]
    assert response.status == 502
    assert body["error"]["message"].endswith(": ProxyError")
    assert list(tmp_path.iterdir()) == []


class H2Upstream:
    """A TLS server on loopback that speaks only HTTP/2 (ALPN `h2`) and streams `SSE_PIECES` to each request."""

    def __init__(self, ca: trustme.CA) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(self.context)
        self.context.set_alpn_protocols(["h2"])
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.protocols: list[str | None] = []
        self.requests: list[dict[bytes, bytes]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        try:
            with self.context.wrap_socket(raw, server_side=True) as sock:
                self.protocols.append(sock.selected_alpn_protocol())
                conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
                conn.initiate_connection()
                sock.sendall(conn.data_to_send())
                while data := sock.recv(65536):
                    for event in conn.receive_data(data):
                        if isinstance(event, h2.events.RequestReceived):
                            self.requests.append(dict(event.headers))  # type: ignore[arg-type]
                        elif isinstance(event, h2.events.StreamEnded):
                            self._answer(conn, event.stream_id)
                    sock.sendall(conn.data_to_send())
        except (OSError, ssl.SSLError):
            return

    @staticmethod
    def _answer(conn: h2.connection.H2Connection, stream_id: int) -> None:
        conn.send_headers(
            stream_id, [(":status", "200"), ("content-type", "text/event-stream"), ("x-request-id", "h2")]
        )
        for piece in SSE_PIECES:
            conn.send_data(stream_id, piece)
        conn.end_stream(stream_id)


def test_an_upstream_answering_over_http2_is_relayed_and_recorded(
    tmp_path: Path, no_proxy_settings: pytest.MonkeyPatch
) -> None:
    ca = trustme.CA()
    with ca.cert_pem.tempfile() as ca_file:
        no_proxy_settings.setenv("SSL_CERT_FILE", ca_file)  # the proxy's client trusts the test CA
        upstream = H2Upstream(ca)
        with Emulator(record_to=tmp_path, upstream=f"https://127.0.0.1:{upstream.port}/api/v1") as proxy:
            response = post(proxy)
            assert response.read() == b"".join(SSE_PIECES)
            assert response.getheader("x-request-id") == "h2"
        upstream.server.close()

    assert upstream.protocols == ["h2"]
    ((request),) = upstream.requests
    assert request[b":method"] == b"POST"
    assert request[b":path"] == b"/api/v1/responses"
    assert request[b"authorization"].startswith(b"Bearer sk-or-v1-")
    assert (tmp_path / f"{STREAM}.sse").read_bytes() == b"".join(SSE_PIECES)
    assert meta(tmp_path, STREAM)["complete"] is True
