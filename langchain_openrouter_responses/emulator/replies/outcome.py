"""What the HTTP layer must send for one request (independent of how it was decided)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

JSON_TYPE = "application/json"
SSE_TYPE = "text/event-stream"


@dataclass(frozen=True)
class Outcome:
    """A planned HTTP response.

    Attributes:
        status: HTTP status code.
        headers: Header pairs, including `Content-Type`.
        body: The whole body of a fixed-length response.
        chunks: For a chunked (streamed) response, the body pieces, one write each.
        delay: Seconds to wait before the status line.
        chunk_delay: Seconds to wait between two chunks.
        respond: `False` closes the connection without any response.
        close: Close the connection after this response.
        label: Short description for the request log.
        source: For a relayed response, the body pieces as they arrive (written as chunks).
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    chunks: tuple[bytes, ...] | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    respond: bool = True
    close: bool = False
    label: str = ""
    source: AsyncIterator[bytes] | None = None


def dumps(value: Any) -> bytes:
    """Serialise `value` as compact UTF-8 JSON (raw non-ASCII, like OpenRouter)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def json_outcome(
    status: int,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    label: str = "",
) -> Outcome:
    """Return a fixed-length JSON response."""
    pairs = (("Content-Type", JSON_TYPE), *(headers or {}).items())
    return Outcome(status, pairs, body=dumps(body), label=label or str(status))
