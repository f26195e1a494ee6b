"""orjson decodes when it is importable (found by mutation testing, issue 12)."""

from __future__ import annotations

from langchain_openrouter_responses._wire import jsonio


def test_orjson_decodes_so_an_integer_beyond_64_bits_becomes_a_float() -> None:
    # The one documented difference from the standard library, which would keep the exact int.
    value = jsonio.loads(b"18446744073709551617")
    assert isinstance(value, float)
    assert value == 1.8446744073709552e19
