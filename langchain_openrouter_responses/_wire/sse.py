"""Incremental Server-Sent Events decoder for OpenRouter's data-only streams.

OpenRouter sends `data: <json>` events separated by blank lines, `:` keep-alive
comments before and between events, and a final `data: [DONE]`. The decoder is
fed raw bytes in whatever pieces the network delivers and returns complete
event payloads; it never decodes JSON itself, so sync and async paths share it.
"""

from __future__ import annotations

DONE = b"[DONE]"


class SSEDecoder:
    """Turns arbitrary byte chunks into complete SSE `data` payloads.

    Follows the SSE rules a client needs: lines end in LF, CRLF or CR; lines
    starting with `:` are comments; several `data:` lines of one event are joined
    with a newline; `event:`, `id:` and `retry:` fields are ignored.
    """

    __slots__ = ("_data", "_pending")

    def __init__(self) -> None:
        """Create an empty decoder."""
        self._pending: list[bytes] = []
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[bytes]:
        """Consume bytes and return the payloads of the events they completed.

        Args:
            chunk: The next bytes of the response body.

        Returns:
            Payloads (the text after `data:`) of every event finished by this chunk,
            in order. `[DONE]` is returned like any other payload.
        """
        if b"\n" not in chunk and b"\r" not in chunk:
            # Part of a long line: keep it without re-scanning what came before,
            # so an event of n bytes costs O(n) however finely it is split.
            self._pending.append(chunk)
            return []
        buffer = b"".join((*self._pending, chunk)) if self._pending else chunk
        if b"\r" in buffer:
            buffer = _normalize_newlines(buffer)
        lines = buffer.split(b"\n")
        last = lines.pop()
        self._pending = [last] if last else []
        payloads: list[bytes] = []
        data = self._data
        for line in lines:
            if not line:
                if data:
                    payloads.append(data[0] if len(data) == 1 else b"\n".join(data))
                    data.clear()
            elif line.startswith(b"data:"):
                data.append(line[6:] if line[5:6] == b" " else line[5:])
        return payloads

    def flush(self) -> list[bytes]:
        """Return the payload of an event left unterminated when the body ended.

        Returns:
            Payloads of events the body ended without terminating.
        """
        payloads = self.feed(b"\n") if self._pending else []
        if self._data:
            payloads.append(b"\n".join(self._data))
            self._data.clear()
        return payloads


def _normalize_newlines(buffer: bytes) -> bytes:
    # A trailing lone CR may be the first half of a CRLF split across chunks;
    # keep it pending by turning only complete line endings into LF.
    if buffer.endswith(b"\r"):
        return buffer[:-1].replace(b"\r\n", b"\n").replace(b"\r", b"\n") + b"\r"
    return buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
