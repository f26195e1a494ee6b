"""The record of one request the emulator received."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
REDACTED = "[REDACTED]"


@dataclass(frozen=True, repr=False)
class RecordedRequest:
    """One request as received.

    Attributes:
        method: HTTP method, e.g. `"POST"`.
        path: Request target, e.g. `"/api/v1/responses"`.
        headers: Headers with lower-cased names (secrets included; `repr` hides them).
        body: Raw body bytes.
        json: Parsed body, or `None` when it is not valid JSON.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any

    @classmethod
    def parse(cls, method: str, path: str, headers: dict[str, str], body: bytes) -> RecordedRequest:
        """Build a record, parsing `body` as JSON when possible."""
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        return cls(method, path, headers, body, parsed)

    @property
    def bearer(self) -> str | None:
        """The bearer token of the `Authorization` header, if any."""
        scheme, _, token = self.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()

    def redacted_headers(self) -> dict[str, str]:
        """Return the headers with secret values replaced by `[REDACTED]`."""
        return {name: REDACTED if name in SECRET_HEADERS else value for name, value in self.headers.items()}

    def __repr__(self) -> str:
        """Describe the request without any credential."""
        return (
            f"RecordedRequest(method={self.method!r}, path={self.path!r}, "
            f"headers={self.redacted_headers()!r}, body=<{len(self.body)} bytes>)"
        )
