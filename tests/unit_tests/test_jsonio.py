"""Events and bodies decode the same with orjson as with the standard library."""

from __future__ import annotations

import json
import math

import pytest

from langchain_openrouter_responses._wire import jsonio


@pytest.mark.parametrize(
    "text",
    [
        b'{"type":"response.output_text.delta","delta":"caf\\u00e9 \xe2\x80\x94 ok","sequence_number":7}',
        b'\n         \n{"cost":0.00000405,"usage":{"input_tokens":9}}',
        b'{"sequence_number":9223372036854775807,"created_at":1767766548}',
    ],
)
def test_loads_matches_the_standard_library(text: bytes) -> None:
    assert jsonio.loads(text) == json.loads(text)


def test_what_orjson_refuses_is_decoded_by_the_standard_library() -> None:
    assert math.isnan(jsonio.loads(b'{"x": NaN}')["x"])
    assert jsonio.loads(b'{"x": Infinity}')["x"] == math.inf


def test_orjson_is_used_when_present() -> None:
    assert jsonio.orjson is not None  # a dependency of langsmith, so of langchain-core


@pytest.mark.parametrize("text", [b"{not json", b'{"a": 1', b""])
def test_text_that_is_not_json_raises_value_error(text: bytes) -> None:
    with pytest.raises(ValueError):
        jsonio.loads(text)
