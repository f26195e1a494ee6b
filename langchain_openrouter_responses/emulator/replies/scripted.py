"""Scripted replies: what the emulator answers to one `POST /responses`."""

from __future__ import annotations

import json
import time
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.replies.fixtures import Fixture, load_fixture

if TYPE_CHECKING:
    from pathlib import Path

FAILURES = ("response.failed", "error", "disconnect", "truncate")
STATUSES = ("completed", "incomplete", "failed")


@dataclass(frozen=True)
class Reply:
    """A generated model answer, rendered as a JSON body or an SSE stream.

    Attributes:
        output: Final output items (see `text_item` and friends).
        model: Served model reported in the response; defaults to the routed model.
        usage: Usage object; computed from the request and output when omitted.
        status: `"completed"`, `"incomplete"` or `"failed"`.
        incomplete_reason: `incomplete_details.reason` when `status="incomplete"`.
        delta_size: Characters per streamed delta.
        keepalive_comments: `: OPENROUTER PROCESSING` comments before `response.created`
            (and, when positive, one more between two deltas).
        delay: Seconds to wait before sending the response headers.
        event_delay: Seconds to wait between streamed events.
        fail_after: Inject `failure` after this many data events (streaming). Values past
            the last event put the failure in place of the terminal event. For a non-streaming
            request, `"response.failed"`/`"error"` give a `status:"failed"` body,
            `"disconnect"` closes without a response and `"truncate"` sends half the body.
        failure: `"response.failed"`, `"error"`, `"disconnect"` or `"truncate"`.
        error_type: `error_type` of a failed response.
        error_code: `error.code` of a failed response / `code` of an `error` event.
        error_message: The error message.
        headers: Extra response headers.
        omit_status: Drop the top-level `status` of a JSON body (as 2026-01 recordings do).
        response_fields: More top-level fields of the final response object, e.g. Armor's
            `safeguard_results` or the alignment plugin's `alignment`.
    """

    output: list[dict[str, Any]]
    _: KW_ONLY
    model: str | None = None
    usage: dict[str, Any] | None = None
    status: str = "completed"
    incomplete_reason: str | None = None
    delta_size: int = 4
    keepalive_comments: int = 1
    delay: float = 0.0
    event_delay: float = 0.0
    fail_after: int | None = None
    failure: str = "response.failed"
    error_type: str = "server"
    error_code: str = "server_error"
    error_message: str = "Internal server error"
    headers: dict[str, str] | None = None
    omit_status: bool = False
    response_fields: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        """Reject settings the renderer cannot honour."""
        if self.failure not in FAILURES:
            raise ValueError(f"failure must be one of {FAILURES}, got {self.failure!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.delta_size < 1:
            raise ValueError("delta_size must be at least 1")
        if self.fail_after is not None and self.fail_after < 0:
            raise ValueError("fail_after must be >= 0")
        if min(self.delay, self.event_delay, self.keepalive_comments) < 0:
            raise ValueError("delay, event_delay and keepalive_comments must be >= 0")


@dataclass(frozen=True)
class ErrorReply:
    """A pre-stream error: exactly this status, body and headers.

    Attributes:
        status: HTTP status code.
        body: A dict (sent as compact JSON), raw bytes or text.
        headers: Extra response headers, e.g. `{"Retry-After": "1"}`.
        content_type: The `Content-Type` header.
        delay: Seconds to wait before answering.
    """

    status: int
    body: dict[str, Any] | bytes | str
    _: KW_ONLY
    headers: dict[str, str] | None = None
    content_type: str = "application/json"
    delay: float = 0.0

    @property
    def body_bytes(self) -> bytes:
        """The body as sent on the wire."""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def openrouter(
        cls,
        status: int,
        message: str,
        *,
        metadata: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> ErrorReply:
        """Build an error in OpenRouter's usual envelope: `{"error":{"code":<status>,"message":...}}`.

        Args:
            status: HTTP status, repeated as the integer `error.code`.
            message: `error.message`.
            metadata: Optional `error.metadata`.
            headers: Extra response headers.

        Returns:
            The error reply.
        """
        error: dict[str, Any] = {"code": status, "message": message}
        if metadata is not None:
            error["metadata"] = metadata
        return cls(status, {"error": error}, headers=headers)

    @classmethod
    def invalid_prompt(cls, raw_issues: list[Any]) -> ErrorReply:
        """Build the 400 for a request that fails schema validation (see `validation_body`)."""
        return cls(400, validation_body(raw_issues))

    @classmethod
    def unauthorized(cls) -> ErrorReply:
        """Build the real 401 body for an unknown key."""
        return cls(401, {"error": {"message": "User not found.", "code": 401}})

    @classmethod
    def insufficient_credits(cls) -> ErrorReply:
        """Build a 402 for an account without credits."""
        return cls.openrouter(402, "Insufficient credits. Add more using https://openrouter.ai/credits")

    @classmethod
    def rate_limited(cls, retry_after: int = 1, *, limit: int = 20) -> ErrorReply:
        """Build a platform 429 with `Retry-After` and `X-RateLimit-*` headers.

        `X-RateLimit-Reset` is the reset time in epoch milliseconds, as OpenRouter sends it.
        """
        headers = {
            "Retry-After": str(retry_after),
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int((time.time() + retry_after) * 1000)),
        }
        metadata = {"error_type": "rate_limit_exceeded", "provider_code": "rate_limited"}
        return cls.openrouter(429, "Rate limit exceeded", metadata=metadata, headers=headers)

    @classmethod
    def provider_error(cls, status: int = 502, provider: str = "Emulated") -> ErrorReply:
        """Build an upstream provider failure (502 / 503 / 529 style)."""
        metadata = {"provider_name": provider, "raw": "upstream error"}
        return cls.openrouter(status, "Provider returned error", metadata=metadata)

    @classmethod
    def no_endpoints(cls, model: str) -> ErrorReply:
        """Build the 404 for a model without endpoints."""
        return cls.openrouter(404, f"No endpoints found for {model}.")

    @classmethod
    def html(cls, status: int = 502) -> ErrorReply:
        """Build an HTML error page as an edge proxy sends it."""
        page = (
            f"<html><head><title>{status} Bad Gateway</title></head>"
            f"<body><center><h1>{status} Bad Gateway</h1></center>"
            "<hr><center>cloudflare</center></body></html>"
        )
        return cls(status, page, content_type="text/html")


def validation_body(raw_issues: list[Any]) -> dict[str, Any]:
    """Return the body OpenRouter sends for a request that fails its schema validation.

    Unlike its usual error envelope, `error.code` is the string `"invalid_prompt"` (not the HTTP
    status), and the validation issues travel as JSON text in a top-level `metadata.raw`.
    """
    return {
        "error": {"code": "invalid_prompt", "message": "Invalid Responses API request"},
        "metadata": {"raw": json.dumps(raw_issues, separators=(",", ":"))},
    }


@dataclass(frozen=True)
class FixtureReply:
    """A recorded response served byte for byte.

    Attributes:
        name: Fixture name without suffix (`<name>.sse`, `.response.json` or
            `.error.json` in the fixtures folder).
        directory: Fixtures folder; defaults to `FIXTURES_DIR`.
        chunk_size: Streamed bodies are written in HTTP chunks of this many bytes.
        delay: Seconds to wait before answering.
    """

    name: str
    _: KW_ONLY
    directory: Path | None = None
    chunk_size: int = 1000
    delay: float = 0.0
    fixture: Fixture = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Load the fixture now so a wrong name fails where it is written."""
        if self.chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        object.__setattr__(self, "fixture", load_fixture(self.name, self.directory))


AnyReply = Reply | ErrorReply | FixtureReply
