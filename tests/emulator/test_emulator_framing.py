"""HTTP/1.1 framing of the emulator's server (h11) over raw sockets: limits, 100-continue, chunked requests."""

from __future__ import annotations

import json
import socket

from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from tests.emulator.conftest import API_KEY, PATH

BODY = b'{"model":"openai/gpt-4o-mini","input":"Hi"}'


def exchange(emu: Emulator, data: bytes, *, until: bytes = b"") -> bytes:
    """Send `data`; read until the server closes or the answer ends with `until`."""
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as conn:
        conn.sendall(data)
        answer = b""
        while more := conn.recv(65536):
            answer += more
            if until and answer.endswith(until):
                break
        return answer


def head(extra: str, length: int = len(BODY)) -> bytes:
    start = f"POST {PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {API_KEY}\r\n"
    return f"{start}{extra}Content-Length: {length}\r\n\r\n".encode()


def test_header_fields_over_the_limit_get_431(emu: Emulator) -> None:
    start = f"POST {PATH} HTTP/1.1\r\nX-Big: ".encode()
    # One byte over 256 KiB, all of it read by the server before it answers (no reset for unread bytes).
    answer = exchange(emu, start + b"a" * (256 * 1024 + 1 - len(start)))

    assert answer.startswith(b"HTTP/1.1 431 ")
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"]["code"] == 431


def test_a_body_over_the_limit_gets_413_before_it_is_sent(emu: Emulator) -> None:
    answer = exchange(emu, head("", length=65 * 1024 * 1024))

    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in answer


def test_expect_100_continue_is_answered_before_the_body(emu: Emulator) -> None:
    emu.queue(Reply([text_item("continued")]))
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as conn:
        conn.sendall(head("Expect: 100-continue\r\nConnection: close\r\n"))
        interim = conn.recv(65536)
        conn.sendall(BODY)
        final = b""
        while more := conn.recv(65536):
            final += more

    assert interim.startswith(b"HTTP/1.1 100 ")
    assert interim.endswith(b"\r\n\r\n")
    assert final.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b'"text":"continued"' in final


def test_a_chunked_request_body_is_read_whole(emu: Emulator) -> None:
    framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (BODY[:10], BODY[10:])) + b"0\r\n\r\n"
    request = f"POST {PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {API_KEY}\r\n"
    request += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"

    answer = exchange(emu, request.encode() + framed)

    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert emu.requests[0].body == BODY


def test_pipelined_requests_are_answered_in_order_on_one_connection(emu: Emulator) -> None:
    emu.queue(Reply([text_item("first")]), Reply([text_item("second")]))

    answer = exchange(emu, head("") + BODY + head("Connection: close\r\n") + BODY)

    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 2
    assert answer.index(b'"text":"first"') < answer.index(b'"text":"second"')
    assert answer.rstrip().endswith(b"}")


def test_an_http_1_0_request_is_answered_and_the_connection_closed(emu: Emulator) -> None:
    request = f"POST {PATH} HTTP/1.0\r\nAuthorization: Bearer {API_KEY}\r\nContent-Length: {len(BODY)}\r\n\r\n"

    answer = exchange(emu, request.encode() + BODY)

    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Connection: close\r\n" in answer
