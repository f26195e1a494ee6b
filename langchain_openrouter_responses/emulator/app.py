"""The `Emulator`: scripted OpenRouter Responses API on a loopback port."""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from langchain_openrouter_responses._net import is_loopback
from langchain_openrouter_responses.emulator.api.account import Generation, Ledger, answer_info
from langchain_openrouter_responses.emulator.api.admission import API_PREFIX, RESPONSES_PATH, admit, info_path
from langchain_openrouter_responses.emulator.api.catalogue import Catalogue
from langchain_openrouter_responses.emulator.api.limits import cap_output, context_overflow
from langchain_openrouter_responses.emulator.api.routing import route, router_metadata
from langchain_openrouter_responses.emulator.conformance import installed_check
from langchain_openrouter_responses.emulator.model.oracle import default_reply
from langchain_openrouter_responses.emulator.replies.caching import PromptCache
from langchain_openrouter_responses.emulator.replies.envelope import ResponseMeta
from langchain_openrouter_responses.emulator.replies.ids import next_number, response_id
from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.replies.render import render_any, reply_usage
from langchain_openrouter_responses.emulator.replies.scripted import (
    AnyReply,
    ErrorReply,
    FixtureReply,
    Reply,
)
from langchain_openrouter_responses.emulator.server.listener import LoopServer
from langchain_openrouter_responses.emulator.server.recording import DEFAULT_UPSTREAM, Recorder
from langchain_openrouter_responses.emulator.server.replay import Replayer

if TYPE_CHECKING:
    from types import TracebackType

    from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest

DEFAULT_API_KEY = "sk-or-emulator"

Responder = Callable[[dict[str, Any], str], Reply | None]
"""Answers a valid request body for the routed model, or returns None for the default reply."""


@dataclass(frozen=True)
class Fault:
    """An exception raised while answering a request (the client got a 500), or a conformance problem.

    A conformance problem (see `emulator.conformance`) leaves the answer unchanged; only the test fails.

    Attributes:
        request: The request being answered.
        traceback: The formatted traceback, or the conformance problems.
    """

    request: RecordedRequest
    traceback: str


class EmulatorCheckError(AssertionError):
    """The emulator saw a fault, or scripted replies were left unused, during a test."""


class Emulator:
    """A real HTTP server speaking OpenRouter's Responses API, for tests.

    Each `POST /api/v1/responses` consumes one queued reply (FIFO), or gets the
    default answer when the queue is empty. Usable from sync and asyncio code: the
    server runs its own event loop in a daemon thread. It also answers `GET /api/v1/models`
    (the catalogue), `GET /api/v1/generation?id=` (the stats of a response it generated)
    and `GET /api/v1/key` (usage so far against `credit_limit`), authenticated the same way.

    Example:
        ```python
        from langchain_openrouter_responses import ChatOpenRouterResponses
        from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

        with Emulator() as emu:
            emu.queue(Reply([text_item("Paris.")]))
            llm = ChatOpenRouterResponses(base_url=emu.base_url, api_key=emu.api_key)
            assert llm.invoke("Capital of France?").text == "Paris."
        ```

    Like OpenRouter, it answers 400 to a model id it does not know (the bundled model
    profiles, the recorded models and `models=` are known), 404 when the model lacks an
    input modality or tool use the request needs, and 400 when the prompt exceeds the
    model's context length. An exception while answering becomes a 500 on the wire and a
    `Fault` in `faults`; `verify` raises if any fault happened or queued replies are left.

    Attributes:
        api_key (str | None): The accepted bearer; `None` accepts any non-empty bearer.
        unavailable_models: Models that fail, so routing falls back to the next candidate.
        responder (Responder | None): Consulted when the queue is empty, before the default reply.
        catalogue (Catalogue): The known model ids and their profiles (`catalogue.add(id)` adds one).
        prompt_cache (PromptCache): Remembers prompt prefixes per model, for `cached_tokens`.
        ledger (Ledger): The generated responses (model, tokens, cost, latency) and their total cost.
        credit_limit (float | None): The key's limit reported by `GET /key` (None: unlimited).
    """

    def __init__(
        self,
        api_key: str | None = DEFAULT_API_KEY,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        responder: Responder | None = None,
        models: Iterable[str] = (),
        model_profiles: Mapping[str, dict[str, Any]] | None = None,
        record_to: str | Path | None = None,
        upstream: str = DEFAULT_UPSTREAM,
        replay: str | Path | None = None,
    ) -> None:
        """Configure the emulator (call `start` or use it as a context manager).

        Args:
            api_key: The accepted bearer; `None` accepts any non-empty bearer.
            host: Loopback address to bind.
            port: Port to bind (0 picks a free one).
            responder: Called with the request body and the routed model when no reply is
                queued; a `Reply` it returns is served, None means the default reply.
            models: Extra model ids to accept (for testing slugs newer than the bundled
                profiles); their capabilities are unknown, so any input is accepted.
            model_profiles: Extra models with a profile (models.dev keys such as
                `max_input_tokens`, `image_inputs`, `tool_calling`), checked and listed by
                `GET /models` like the bundled ones.
            record_to: Act as a recording proxy: relay each `/responses` request, with the
                caller's headers, to `upstream` and write each exchange into this folder
                (keys redacted). Nothing is emulated in this mode.
            upstream: The API base URL the recording proxy relays to.
            replay: Answer each request with the matching recording of this folder (made by
                `record_to` or in the bundled format); no match gets a 404 naming the closest.

        Raises:
            ValueError: `host` is not a loopback address, or both `record_to` and `replay` are set.
        """
        if not is_loopback(host):
            raise ValueError(f"the emulator only binds loopback addresses, not {host!r}")
        if record_to is not None and replay is not None:
            raise ValueError("pass either record_to= (record real traffic) or replay= (serve recordings), not both")
        self.recorder = Recorder(record_to, upstream) if record_to is not None else None
        self.replayer = Replayer(replay) if replay is not None else None
        self.api_key = api_key
        self.host = host
        self.unavailable_models: set[str] = set()
        self.responder = responder
        self.catalogue = Catalogue(models, model_profiles)
        self.prompt_cache = PromptCache()
        self.ledger = Ledger()
        self.credit_limit: float | None = None
        self._lock = threading.Lock()
        self._queue: deque[AnyReply] = deque()
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._disconnects = 0
        self._server = LoopServer(
            self._handle, self._count_disconnect, host, port, on_fault=self._record_fault, on_close=self._close_recorder
        )

    def start(self) -> Self:
        """Start serving (idempotent) and return `self`."""
        check = installed_check()
        if check is not None:
            check.prepare()
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every connection (idempotent)."""
        self._server.stop()

    def __enter__(self) -> Self:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (0 before `start`)."""
        return self._server.port

    @property
    def base_url(self) -> str:
        """The API base URL, e.g. `http://127.0.0.1:54321/api/v1`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{API_PREFIX}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every received request, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def disconnects(self) -> int:
        """How many responses the client closed before they were fully written."""
        with self._lock:
            return self._disconnects

    @property
    def pending(self) -> int:
        """How many queued replies are still unused."""
        with self._lock:
            return len(self._queue)

    @property
    def faults(self) -> list[Fault]:
        """Exceptions raised while answering requests (each was answered with a 500)."""
        with self._lock:
            return list(self._faults)

    def verify(self, *, allow_unused_replies: bool = False) -> None:
        """Raise if a request failed inside the emulator, or queued replies were never used.

        The pytest plugin calls this after each test that used an emulator.

        Args:
            allow_unused_replies: Do not complain about replies still queued.

        Raises:
            EmulatorCheckError: With each fault's traceback and the unused replies.
        """
        with self._lock:
            faults, unused = list(self._faults), list(self._queue)
        problems = [f"{fault.request.method} {fault.request.path} raised:\n{fault.traceback}" for fault in faults]
        if unused and not allow_unused_replies:
            listed = "\n".join(f"  {describe_reply(reply)}" for reply in unused)
            problems.append(f"{len(unused)} queued reply(ies) never used:\n{listed}")
        if problems:
            raise EmulatorCheckError("the OpenRouter emulator reports:\n" + "\n".join(problems))

    def queue(self, *replies: AnyReply) -> None:
        """Append replies; each POST (and each retry) consumes the oldest one."""
        for reply in replies:
            if not isinstance(reply, Reply | ErrorReply | FixtureReply):
                raise TypeError(f"not a reply: {reply!r}")
        with self._lock:
            self._queue.extend(replies)

    def clear(self) -> None:
        """Drop queued replies, recorded requests and faults."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._faults.clear()

    def _record_fault(self, request: RecordedRequest, exc: Exception) -> None:
        text = "".join(traceback.format_exception(exc))
        with self._lock:
            self._faults.append(Fault(request, text))

    def _conform_request(self, request: RecordedRequest, body: dict[str, Any]) -> None:
        """Record a fault for each problem the installed conformance check finds in an admitted body."""
        check = installed_check()
        if check is not None:
            self._record_problems(request, "request body", check.request_problems(body))

    def _conform(self, request: RecordedRequest, outcome: Outcome) -> Outcome:
        """Record a fault for each problem the installed conformance check finds in a built response."""
        check = installed_check()
        if check is not None and outcome.respond:
            content_type = dict(outcome.headers).get("Content-Type", "")
            body = outcome.body if outcome.chunks is None else b"".join(outcome.chunks)
            problems = check.response_problems(outcome.status, content_type, body)
            self._record_problems(request, f"{outcome.status} response", problems)
        return outcome

    def _record_problems(self, request: RecordedRequest, what: str, problems: list[str]) -> None:
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems)
            with self._lock:
                self._faults.append(Fault(request, f"the {what} does not conform to the schema:\n{listed}"))

    def _count_disconnect(self) -> None:
        with self._lock:
            self._disconnects += 1

    def _take(self) -> AnyReply | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _handle(self, request: RecordedRequest) -> Outcome | Awaitable[Outcome]:
        started = time.perf_counter()
        with self._lock:
            self._requests.append(request)
        if self.recorder is not None:
            return self._relay(request, self.recorder)
        info = self._answer_info(request)
        if info is not None:
            return info
        rejection = admit(request, self.api_key)
        if rejection is not None:
            return self._conform(request, rejection)
        body: dict[str, Any] = request.json
        if self.replayer is not None:
            return self.replayer.answer(body)
        self._conform_request(request, body)
        model = self._route(body)
        if isinstance(model, Outcome):
            return self._conform(request, model)
        reply = self._reply(body, model)
        served = reply.model if isinstance(reply, Reply) and reply.model else model
        created = int(time.time())
        metadata = None
        if request.headers.get("x-openrouter-metadata", "").lower() == "enabled":
            metadata = router_metadata(body, served, self.unavailable_models)
        cache = self.prompt_cache.read_and_write(served, body)
        meta = ResponseMeta(
            body, served, response_id(created, next_number()), created, metadata, cache.read, cache.written
        )
        stream = body.get("stream") is True
        outcome = render_any(reply, meta, stream=stream)
        if built_here(reply):
            self._conform(request, outcome)
        if isinstance(reply, Reply) and reply.status != "failed" and reply.fail_after is None:
            latency = round((time.perf_counter() - started + reply.delay) * 1000, 3)
            finish = "length" if reply.status == "incomplete" else "stop"
            usage = reply_usage(reply, meta)
            self.ledger.record(Generation(meta.response_id, served, created, usage, stream, latency, finish))
        return outcome

    def _route(self, body: dict[str, Any]) -> str | Outcome:
        """Return the model that answers `body`, or the error when none can (unknown, unavailable, too long)."""
        model = route(body, set(self.unavailable_models), self.catalogue)
        if isinstance(model, Outcome):
            return model
        overflow = context_overflow(body, self.catalogue.profile(model))
        return model if overflow is None else overflow

    def _answer_info(self, request: RecordedRequest) -> Outcome | None:
        """Answer `GET /models`, `/generation` or `/key`; None for any other request."""
        info = info_path(request)
        if info is None:
            return None
        return answer_info(
            request,
            info,
            api_key=self.api_key,
            catalogue=self.catalogue,
            ledger=self.ledger,
            credit_limit=self.credit_limit,
        )

    async def _relay(self, request: RecordedRequest, recorder: Recorder) -> Outcome:
        if request.method != "POST" or request.path.partition("?")[0] != RESPONSES_PATH:
            return json_outcome(404, {"error": {"code": 404, "message": "Not Found"}}, label="not found")
        return await recorder.relay(request, "/responses")

    async def _close_recorder(self) -> None:
        if self.recorder is not None:
            await self.recorder.aclose()

    def _reply(self, body: dict[str, Any], model: str) -> AnyReply:
        """Return the queued reply, else the responder's, else the default model's answer."""
        reply = self._take()
        if reply is None and self.responder is not None:
            reply = self.responder(body, model)
        return reply if reply is not None else limited_default_reply(body, model)


def built_here(reply: AnyReply) -> bool:
    """Whether the emulator built this reply's body (not a recording, a scripted error or a broken body)."""
    if not isinstance(reply, Reply):
        return False
    return reply.fail_after is None or reply.failure not in {"truncate", "disconnect"}


def describe_reply(reply: AnyReply) -> str:
    """Return a one-line description of a scripted reply, for reports."""
    if isinstance(reply, ErrorReply):
        return f"ErrorReply(status={reply.status})"
    if isinstance(reply, FixtureReply):
        return f"FixtureReply({reply.name!r})"
    kinds = ", ".join(str(item.get("type")) for item in reply.output)
    texts = [part.get("text") for item in reply.output for part in item.get("content") or [] if isinstance(part, dict)]
    said = next((text for text in texts if isinstance(text, str)), None)
    return f"Reply([{kinds}]" + (f", text {said[:60]!r})" if said is not None else ")")


def limited_default_reply(body: dict[str, Any], model: str) -> Reply:
    """Return the default answer, cut to `max_output_tokens` (status `incomplete`) when longer."""
    reply = default_reply(body, model)
    limit = body.get("max_output_tokens")
    if not isinstance(limit, int) or isinstance(limit, bool):
        return reply
    output, cut = cap_output(reply.output, limit)
    if not cut:
        return reply
    return Reply(output, status="incomplete", incomplete_reason="max_output_tokens")
