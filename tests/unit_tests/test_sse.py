from __future__ import annotations

import pytest

from langchain_openrouter_responses._wire.sse import SSEDecoder
from tests.unit_tests.conftest import fixture_bytes, sse_names


def decode_all(data: bytes, step: int) -> list[bytes]:
    decoder = SSEDecoder()
    payloads: list[bytes] = []
    for start in range(0, len(data), step):
        payloads += decoder.feed(data[start : start + step])
    return payloads + decoder.flush()


def test_data_lines_comments_and_done() -> None:
    data = b': OPENROUTER PROCESSING\n\ndata: {"a":1}\n\n: \n\ndata: [DONE]\n\n'
    assert decode_all(data, len(data)) == [b'{"a":1}', b"[DONE]"]


def test_multiline_data_is_joined_and_other_fields_ignored() -> None:
    data = b'event: message\nid: 7\nretry: 10\ndata: {"a":\ndata: 1}\n\n'
    assert decode_all(data, 3) == [b'{"a":\n1}']


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_endings(newline: bytes) -> None:
    data = b"data: x" + newline + newline + b"data: y" + newline + newline
    for step in (1, 2, 5, len(data)):
        assert decode_all(data, step) == [b"x", b"y"]


def test_data_without_space_after_colon() -> None:
    assert decode_all(b"data:{}\n\n", 100) == [b"{}"]


def test_unterminated_last_event_is_returned_by_flush() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'data: {"partial": tr') == []
    assert decoder.flush() == [b'{"partial": tr']


@pytest.mark.parametrize("name", sse_names())
def test_every_split_of_a_recorded_stream_gives_the_same_events(name: str) -> None:
    data = fixture_bytes(f"{name}.sse")
    whole = decode_all(data, len(data))
    assert whole[-1] == b"[DONE]"
    assert len(whole) == data.count(b"\ndata: ") + data.startswith(b"data: ")
    for step in (1, 7, 64, 1000):
        assert decode_all(data, step) == whole


def lines(newline: bytes, *parts: bytes) -> bytes:
    return b"".join(part + newline for part in parts)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_multiline_events_survive_a_cut_anywhere(newline: bytes) -> None:
    # A line ending split across two reads (CR, then LF) must not end the event early or split
    # its data lines into two events.
    data = lines(newline, b"data: a", b"data: b", b"", b": ping", b"data: c", b"", b"")
    for cut in range(len(data) + 1):
        decoder = SSEDecoder()
        payloads = decoder.feed(data[:cut]) + decoder.feed(data[cut:]) + decoder.flush()
        assert payloads == [b"a\nb", b"c"], cut


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_an_event_is_returned_by_the_read_that_completes_it(newline: bytes) -> None:
    # Without waiting for flush: a chunk must reach the caller as soon as its blank line has arrived.
    decoder = SSEDecoder()
    assert decoder.feed(lines(newline, b"data: a", b"data: b", b"") + b": ping") == [b"a\nb"]
    decoder = SSEDecoder()
    both = decoder.feed(lines(newline, b"data: x", b"", b"data: y", b""))
    # A final CR may be the first half of a CRLF, so the event it ends waits for the next byte.
    assert both == ([b"x"] if newline == b"\r" else [b"x", b"y"])
    assert both + decoder.feed(b": ping\n") + decoder.flush() == [b"x", b"y"]


@pytest.mark.parametrize("tail", [b"", b"\n"], ids=["last-line-unterminated", "last-line-complete"])
def test_an_unterminated_multiline_event_is_joined_by_flush(tail: bytes) -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\ndata: b" + tail) == []
    assert decoder.flush() == [b"a\nb"]
    assert decoder.flush() == []
