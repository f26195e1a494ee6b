"""JSON decoding for events and bodies: orjson when it is importable, the standard library otherwise.

orjson ships with langsmith, so it is present wherever LangSmith is. What orjson refuses but the
standard library accepts (`NaN`, `Infinity`) is decoded by the standard library; text that is not
JSON raises `ValueError` either way. One difference remains: orjson reads an integer beyond 64 bits
as a float. Nothing OpenRouter sends (counts, costs, timestamps, sequence numbers) comes close.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - exercised by the fallback test in a subprocess
    orjson = None  # type: ignore[assignment]


def loads(data: bytes | str) -> Any:
    """Decode one JSON document.

    Raises:
        ValueError: `data` is not JSON.
    """
    if orjson is not None:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # the standard library decides: it accepts a few things orjson does not
    return json.loads(data)
