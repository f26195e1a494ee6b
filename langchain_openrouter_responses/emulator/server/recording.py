"""Record real traffic: relay each `/responses` request upstream and keep the exchange on disk.

The answer streams back to the caller as it arrives; once it has ended, the exchange is written
in the bundled recordings' format (`NAME.request.json`, `NAME.sse` / `NAME.response.json` /
`NAME.error.json`, `NAME.meta.json`). Credentials never reach disk: secret headers and any
key-like value in headers or bodies are replaced by a marker, and the meta file lists what was.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.server.upstream import UpstreamClient

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest
    from langchain_openrouter_responses.emulator.server.upstream import RelayedResponse

DEFAULT_UPSTREAM = "https://openrouter.ai/api/v1"
MARKER = "[REDACTED]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
KEY_LIKE = re.compile(rb"sk-[A-Za-z0-9][A-Za-z0-9_-]{7,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,}")
NOT_FORWARDED = frozenset(
    {"host", "content-length", "connection", "transfer-encoding", "accept-encoding", "keep-alive"}
)
NOT_RETURNED = frozenset({"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"})
UNSAFE_NAME = re.compile(r"[^a-z0-9.]+")


class Recorder:
    """Relays requests to `upstream` and writes each exchange into `directory`."""

    def __init__(self, directory: str | Path, upstream: str = DEFAULT_UPSTREAM) -> None:
        """Prepare the folder (created if missing) and the numbering of new recordings.

        Args:
            directory: Where recordings go; nothing is written outside it.
            upstream: The API base URL requests are relayed to.
        """
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.upstream = upstream.rstrip("/")
        taken = [int(path.name[:4]) for path in self.directory.glob("[0-9][0-9][0-9][0-9]-*.meta.json")]
        self._numbers = itertools.count(max(taken, default=0) + 1)
        self._client = UpstreamClient(self.upstream)
        self._writing: set[asyncio.Future[None]] = set()

    async def relay(self, request: RecordedRequest, api_path: str) -> Outcome:
        """Send `request` upstream and return an outcome that streams the answer back.

        Args:
            request: The caller's request (its headers, key included, go upstream unchanged).
            api_path: The path below the API prefix, e.g. `/responses`.

        Returns:
            The relayed response; the exchange is written when its body ends.
        """
        started = time.perf_counter()
        headers = [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in request.headers.items()
            if name not in NOT_FORWARDED
        ]
        headers.append((b"accept-encoding", b"identity"))  # ask for plain bytes; a compressed answer is decoded anyway
        try:
            response = await self._client.post(api_path, headers, request.body)
        except Exception as exc:  # noqa: BLE001 - any network failure becomes a 502 for the caller
            message = f"recording proxy could not reach {self.upstream}: {type(exc).__name__}"
            return json_outcome(502, {"error": {"code": 502, "message": message}}, label="upstream unreachable")
        merged = decode_headers(response.headers)
        returned = tuple((name, value) for name, value in merged.items() if name not in NOT_RETURNED)
        exchange = _Exchange(self, request, response, merged, started)
        return Outcome(response.status, returned, source=exchange.pieces(), label=f"relayed {response.status}")

    def next_name(self, body: Any) -> str:
        """Return the next recording's name: a sequence number, the model and the mode (never raw content)."""
        model = body.get("model") if isinstance(body, dict) else None
        slug = UNSAFE_NAME.sub("-", str(model or "unknown").lower()).strip("-")[:60] or "unknown"
        mode = "stream" if isinstance(body, dict) and body.get("stream") is True else "json"
        return f"{next(self._numbers):04d}-{slug}-{mode}"

    async def save(self, write: Callable[[], None]) -> None:
        """Run `write` (an exchange's files) in a worker thread and wait for it; `aclose` waits for it too.

        Creating files can block for milliseconds (ext4 under load: 1 to 3 ms per exchange in the
        profile), which on the loop would stall every other relayed stream, and delayed callers'
        first chunks in the overhead benchmark.
        """
        writing = asyncio.ensure_future(asyncio.to_thread(write))
        self._writing.add(writing)
        writing.add_done_callback(self._writing.discard)
        await asyncio.shield(writing)  # a cancelled relay still leaves a whole recording

    async def aclose(self) -> None:
        """Wait for recordings still being written, then close the upstream connections."""
        if self._writing:
            await asyncio.gather(*self._writing, return_exceptions=True)
        await self._client.aclose()


class _Exchange:
    """One relayed request: streams the body through and writes the files at the end."""

    def __init__(
        self,
        recorder: Recorder,
        request: RecordedRequest,
        response: RelayedResponse,
        headers: dict[str, str],
        started: float,
    ) -> None:
        self.recorder = recorder
        self.request = request
        self.response = response
        self.headers = headers
        self.started = started

    async def pieces(self) -> AsyncIterator[bytes]:
        body = bytearray()
        first_byte: float | None = None
        complete = False
        try:
            async for piece in self.response.pieces():
                first_byte = first_byte or time.perf_counter()
                body += piece
                yield piece
            complete = True
        finally:
            ended = time.perf_counter()
            await self.response.aclose()
            await self.recorder.save(functools.partial(self._write, bytes(body), first_byte, ended, complete=complete))

    def _write(self, body: bytes, first_byte: float | None, ended: float, *, complete: bool) -> None:
        secrets = _secrets(self.request.headers)
        name = self.recorder.next_name(self.request.json)
        folder = self.recorder.directory
        content_type = self.headers.get("content-type", "")
        suffix = _suffix(self.response.status, content_type)
        request_body, request_redacted = redact(self.request.body, secrets)
        response_body, response_redacted = redact(body, secrets)
        (folder / f"{name}.request.json").write_bytes(request_body)
        (folder / f"{name}{suffix}").write_bytes(response_body)
        meta = self._meta(name, suffix, first_byte, ended, complete=complete)
        meta["response_model"] = served_model(response_body, suffix)
        meta["redacted"] += [
            label for label, hit in (("request body", request_redacted), ("response body", response_redacted)) if hit
        ]
        (folder / f"{name}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    def _meta(
        self, name: str, suffix: str, first_byte: float | None, ended: float, *, complete: bool
    ) -> dict[str, Any]:
        body = self.request.json if isinstance(self.request.json, dict) else {}
        request_headers, redacted_request = redact_headers(self.request.headers)
        response_headers, redacted_response = redact_headers(self.headers)
        now = datetime.now(UTC)
        return {
            "name": name,
            "source": {"description": "recorded by the langchain-openrouter-responses emulator's recording proxy"},
            "captured": now.date().isoformat(),
            "captured_at": now.isoformat(timespec="milliseconds"),
            "endpoint": f"POST {self.recorder.upstream}/responses",
            "upstream": self.recorder.upstream,
            "http_status": self.response.status,
            "model": body.get("model"),
            "response_model": None,  # filled in from the (redacted) body
            "streaming": suffix == ".sse",
            "complete": complete,
            "timing": {
                "first_byte_ms": round((first_byte - self.started) * 1000, 1) if first_byte else None,
                "total_ms": round((ended - self.started) * 1000, 1),
            },
            "request_matches_response": True,
            "files": {"request": f"{name}.request.json", "response": f"{name}{suffix}"},
            "request_headers": request_headers,
            "response_headers": response_headers,
            "redacted": [f"request header {n}" for n in redacted_request]
            + [f"response header {n}" for n in redacted_response],
        }


def decode_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Return response headers as `httpx` showed them: lower-case names, repeated ones joined by commas."""
    merged: dict[str, str] = {}
    encoding = _encoding(raw)
    for name, value in raw:
        key, text = name.decode(encoding).lower(), value.decode(encoding)
        merged[key] = f"{merged[key]}, {text}" if key in merged else text
    return merged


def _encoding(raw: list[tuple[bytes, bytes]]) -> str:
    for encoding in ("ascii", "utf-8"):
        try:
            for name, value in raw:
                name.decode(encoding)
                value.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "iso-8859-1"


def _suffix(status: int, content_type: str) -> str:
    if "text/event-stream" in content_type:
        return ".sse"
    return ".error.json" if status >= 400 else ".response.json"  # noqa: PLR2004 - HTTP error range


def served_model(body: bytes, suffix: str) -> str | None:
    """Return the `model` of the response object in a recorded body (the last one of a stream)."""
    if suffix == ".error.json":
        return None
    texts = [body] if suffix != ".sse" else [line[6:] for line in body.split(b"\n") if line.startswith(b"data: {")]
    for text in reversed(texts):  # the last event naming a model wins, so parse from the end
        try:
            parsed = json.loads(text)
        except ValueError:
            continue
        response = parsed.get("response", parsed) if isinstance(parsed, dict) else None
        if isinstance(response, dict) and isinstance(response.get("model"), str):
            return str(response["model"])
    return None


def _secrets(headers: dict[str, str]) -> list[bytes]:
    """Return the credential values of the caller's headers (the bearer token, cookie values)."""
    _scheme, _, token = headers.get("authorization", "").partition(" ")
    values = [token, headers.get("x-api-key", ""), headers.get("cookie", "")]
    return [value.strip().encode() for value in values if value.strip()]


def redact(data: bytes, secrets: list[bytes]) -> tuple[bytes, bool]:
    """Replace each secret and key-like value in `data` with the marker; say whether any was."""
    original = data
    for secret in secrets:
        data = data.replace(secret, MARKER.encode())
    if b"sk-" in data or b"Bearer" in data:  # KEY_LIKE matches nothing else; scanning costs ~50 us a stream
        data = KEY_LIKE.sub(MARKER.encode(), data)
    return data, data != original


def redact_headers(headers: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Return the headers with secret or key-like values replaced, and the names replaced."""
    kept: dict[str, str] = {}
    replaced: list[str] = []
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in SECRET_HEADERS or KEY_LIKE.search(value.encode()):
            kept[lowered] = MARKER
            replaced.append(lowered)
        else:
            kept[lowered] = value
    return kept, replaced
