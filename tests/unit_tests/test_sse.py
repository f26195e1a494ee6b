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
