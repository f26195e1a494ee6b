"""OpenRouter's official SDK (`openrouter`, a dev dependency) as the contract of the emulator's traffic.

`SdkConformance` is the emulator's `ConformanceCheck` for this test suite; the root `conftest.py`
installs it, so every request the suite sends to an `Emulator` and every response the emulator
builds is validated against the SDK's pydantic models:

- a request body against `ResponsesRequest`, with no top-level key the SDK lacks, and each input
  item against the members of the SDK's input item union that take its `type`;
- a JSON response against `OpenResponsesResult`, an error body against the error model of its
  status, each SSE event against the event model of its `type`.

Nothing may fall to one of the SDK's `Unknown*` fallback variants (the SDK's open unions turn an
item or event that fails its model into one, silently). Where a real recording contradicts the SDK,
the recording wins: `DEVIATIONS` lists each case with the recording that decides it
(docs/emulator.md repeats the list).
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import typing
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import pydantic
from openrouter import components, errors
from openrouter.types import BaseModel as SdkModel

SDK_VERSION = version("openrouter")


@dataclass(frozen=True)
class Deviation:
    """A place where real OpenRouter traffic differs from the SDK's schema; the recording wins.

    Attributes:
        model: The SDK model checked (`ResponsesRequest`, an error model, ...).
        loc: Where, as a pydantic error location; `"*"` stands for any list index or key.
        evidence: The bundled recording that shows the real shape (or, where no recording exists,
            the documentation that decides it).
        why: What the evidence shows.
    """

    model: str
    loc: tuple[str, ...]
    evidence: str
    why: str

    def covers(self, model: str, loc: tuple[str | int, ...]) -> bool:
        """Whether a problem of `model` at `loc` is this deviation."""
        if model != self.model or len(loc) != len(self.loc):
            return False
        return all(want in {"*", str(got)} for want, got in zip(self.loc, loc, strict=True))


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "BadRequestResponseErrorData",
        ("error", "code"),
        "error-400-invalid-prompt.error.json",
        "a schema rejection carries `error.code` as the string `invalid_prompt`; the SDK types it as an integer",
    ),
    Deviation(
        "OpenResponsesResult",
        ("status",),
        "json-text-claude-sonnet-4.response.json (and every json-* recording of 2026-01)",
        "a non-streamed body without a top-level `status`; the emulator sends one only with "
        "`Reply(omit_status=True)`, which reproduces these recordings",
    ),
    Deviation(
        "ResponsesRequest",
        ("client_metadata",),
        "stream-reasoning-encrypted-content-gpt-5.6-sol.request.json, stream-reasoning-text-minimax-m3.request.json",
        "OpenRouter accepted a top-level `client_metadata` object (sent by the Codex CLI) that `ResponsesRequest` "
        "does not declare",
    ),
    Deviation(
        "input item",
        ("input", "*", "content", "*", "cache_control"),
        "no recording; the SDK's own `AnthropicCacheControlDirective` docstring",
        "block-level `cache_control` on an input part marks an explicit cache breakpoint (the SDK documents it "
        "on its directive), but the SDK's input part models do not declare the key",
    ),
)
"""Every known difference between a real recording and the SDK; each check consults this table."""


def _deviation(model: str, loc: tuple[str | int, ...]) -> bool:
    return any(deviation.covers(model, loc) for deviation in DEVIATIONS)


# ---------------------------------------------------------------- the SDK's open unions


@functools.cache
def _open_unions() -> dict[type, dict[str, Any]]:
    """Each `Unknown*` fallback class of the SDK, with the variants its union dispatches to."""
    unions: dict[type, dict[str, Any]] = {}
    for model in (components.ResponsesRequest, components.OpenResponsesResult, components.UnknownStreamEvents):
        importlib.import_module(model.__module__)  # loads every model the request, result and events use
    prefix = f"{components.__name__}."
    loaded = [module for name, module in list(sys.modules.items()) if name.startswith(prefix)]
    for module in loaded:
        for value in vars(module).values():
            for meta in getattr(value, "__metadata__", ()):
                partial = getattr(meta, "func", None)
                keywords = getattr(partial, "keywords", None) or {}
                if "unknown_cls" in keywords:
                    unions[keywords["unknown_cls"]] = keywords["variants"]
    return unions


def _unknowns(value: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    """Where a validated SDK model holds an `Unknown*` fallback, with why its variant refused it."""
    if isinstance(value, SdkModel):
        variants = _open_unions().get(type(value))
        if variants is not None:
            return [_unknown_reason(value, variants, path)]
        found = []
        for name in type(value).model_fields:  # read the stored values: a deprecated field's getter warns
            found += _unknowns(value.__dict__.get(name), (*path, name))
        return found
    if isinstance(value, list | tuple):
        return [problem for index, entry in enumerate(value) for problem in _unknowns(entry, (*path, index))]
    if isinstance(value, dict):
        return [problem for key, entry in value.items() for problem in _unknowns(entry, (*path, key))]
    return []


def _unknown_reason(value: SdkModel, variants: dict[str, Any], path: tuple[str | int, ...]) -> str:
    raw = getattr(value, "raw", None)
    where = _where(path)
    kind = next((raw[key] for key in ("type", "id") if isinstance(raw, dict) and key in raw), None)
    variant = variants.get(kind) if isinstance(kind, str) else None
    if variant is None:
        return f"{where}: {kind!r} is not a variant the SDK knows ({type(value).__name__})"
    try:
        _adapter(variant).validate_python(raw)
    except pydantic.ValidationError as error:
        return f"{where}: {kind!r} fails the SDK's {_name(variant)}: {_short(error)}"
    return f"{where}: {kind!r} fell to {type(value).__name__}"


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path) or "(body)"


def _name(model: Any) -> str:
    return getattr(model, "__name__", str(model))


def _short(error: pydantic.ValidationError) -> str:
    return "; ".join(f"{_where(tuple(e['loc']))} {e['msg']}" for e in error.errors()[:3])


@functools.cache
def _adapter(model: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(model)


def validate(model: Any, data: Any, *, name: str | None = None) -> list[str]:
    """Validate `data` against an SDK model or type: its errors (less `DEVIATIONS`) and any Unknown fallback.

    Args:
        model: An SDK pydantic model class or a type.
        data: The JSON value.
        name: The model's name in `DEVIATIONS` (default: the class name).

    Returns:
        One message per problem; empty when `data` conforms.
    """
    label = name or _name(model)
    try:
        parsed = _adapter(model).validate_python(data)
    except pydantic.ValidationError as error:
        problems = [e for e in error.errors() if not _deviation(label, tuple(e["loc"]))]
        return [f"{label}: {_where(tuple(e['loc']))}: {e['msg']} (got {e['input']!r:.80})" for e in problems]
    return [f"{label}: {problem}" for problem in _unknowns(parsed)]


# ---------------------------------------------------------------- requests


@functools.cache
def request_keys() -> frozenset[str]:
    """Every top-level key `ResponsesRequest` declares (field names and aliases)."""
    fields = components.ResponsesRequest.model_fields
    return frozenset(field.alias or name for name, field in fields.items())


@functools.cache
def input_item_models() -> tuple[type[SdkModel], ...]:
    """The members of the SDK's input item union (`InputsUnion1`)."""
    union = importlib.import_module("openrouter.components.inputs_union").InputsUnion1.__value__
    return tuple(typing.get_args(union))


def type_values(model: type[SdkModel]) -> frozenset[str] | None:
    """The `type` values a model accepts (None: it has no `type` or takes any string)."""
    field = model.model_fields.get("type")
    if field is None:
        return None
    values = _literals(field.annotation)
    return frozenset(values) if values else None


def _literals(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [value for value in typing.get_args(annotation) if isinstance(value, str)]
    value = getattr(annotation, "__value__", None)
    if value is not None:
        return _literals(value)
    return [literal for arg in typing.get_args(annotation) for literal in _literals(arg)]


def _keys(model: type[SdkModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


BUILT_ITEMS = frozenset({"message", "function_call_output", "custom_tool_call_output"})
"""Input items a client builds itself, whose keys (and whose parts' keys) must all be the SDK's. Other
items replay what the service returned, byte for byte, so keys the SDK does not model are the
service's own (the SDK's models ignore them too)."""


def input_item_problems(item: Any, index: int) -> list[str]:
    """Validate one input item against the union members that take its `type`.

    For the items a client builds (`BUILT_ITEMS`), a key the SDK lacks is a problem too.
    """
    if not isinstance(item, dict):
        return [f"input item: input.{index}: not an object ({item!r:.80})"]
    kind = item.get("type", "message")
    candidates = [model for model in input_item_models() if kind in (type_values(model) or {"message"})]
    if not candidates:
        return [f"input item: input.{index}: type {kind!r} is not an input item the SDK knows"]
    best: list[str] | None = None
    for model in candidates:
        problems = validate(model, item, name="input item")
        if kind in BUILT_ITEMS:
            problems += [
                f"input item: input.{index}.{key}: a key the SDK's {model.__name__} lacks"
                for key in sorted(set(item) - _keys(model))
            ]
            problems += _part_keys(model, item, index)
        if not problems:
            return []
        if best is None or len(problems) < len(best):
            best = problems
    return [problem.replace("input item: ", f"input item: input.{index}: ", 1) for problem in best or []]


def _part_keys(model: type[SdkModel], item: dict[str, Any], index: int) -> list[str]:
    """Keys of a message's content parts that no part model of the SDK declares (minus `DEVIATIONS`)."""
    content = item.get("content")
    if not isinstance(content, list) or "content" not in model.model_fields:
        return []
    part_models = _part_models(model.model_fields["content"].annotation)
    problems = []
    for position, part in enumerate(content):
        if not isinstance(part, dict):
            continue
        known = set().union(*(_keys(m) for m in part_models if part.get("type") in (type_values(m) or set())))
        for key in sorted(set(part) - known if known else ()):
            if not _deviation("input item", ("input", index, "content", position, key)):
                problems.append(f"input item: content.{position}.{key}: a key the SDK's part models lack")
    return problems


def _part_models(annotation: Any) -> list[type[SdkModel]]:
    value = getattr(annotation, "__value__", None)
    if value is not None:
        return _part_models(value)
    if isinstance(annotation, type) and issubclass(annotation, SdkModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _part_models(arg)]


def request_problems(body: dict[str, Any]) -> list[str]:
    """Every way a `POST /responses` body differs from the SDK's `ResponsesRequest`."""
    unknown = [key for key in sorted(set(body) - request_keys()) if not _deviation("ResponsesRequest", (key,))]
    problems = [f"ResponsesRequest: {key!r} is not a request field" for key in unknown]
    items = body.get("input")
    # The input list is checked item by item below: the SDK's item union is not discriminated, so
    # its own error for one bad item lists every member.
    fields = {key: value for key, value in body.items() if key != "input" or isinstance(value, str)}
    problems += validate(components.ResponsesRequest, fields)
    if isinstance(items, list):
        for index, item in enumerate(items):
            problems += input_item_problems(item, index)
    return problems


# ---------------------------------------------------------------- responses

ERROR_MODELS: dict[int, type[SdkModel]] = {
    400: errors.BadRequestResponseErrorData,
    401: errors.UnauthorizedResponseErrorData,
    402: errors.PaymentRequiredResponseErrorData,
    403: errors.ForbiddenResponseErrorData,
    404: errors.NotFoundResponseErrorData,
    408: errors.RequestTimeoutResponseErrorData,
    413: errors.PayloadTooLargeResponseErrorData,
    422: errors.UnprocessableEntityResponseErrorData,
    429: errors.TooManyRequestsResponseErrorData,
    500: errors.InternalServerResponseErrorData,
    502: errors.BadGatewayResponseErrorData,
    503: errors.ServiceUnavailableResponseErrorData,
    524: errors.EdgeNetworkTimeoutResponseErrorData,
    529: errors.ProviderOverloadedResponseErrorData,
}
"""The SDK's error model of each status `POST /responses` documents (the SDK's `beta_responses.py`)."""


@functools.cache
def event_models() -> dict[str, Any]:
    """The SDK's model of each stream event `type`."""
    return _open_unions()[components.UnknownStreamEvents]


def event_problems(event: Any) -> list[str]:
    """Validate one SSE event against the model of its `type` (an unknown type is a problem)."""
    kind = event.get("type") if isinstance(event, dict) else None
    model = event_models().get(kind) if isinstance(kind, str) else None
    if model is None:
        return [f"stream event {kind!r} is not an event the SDK knows"]
    return validate(model, event)


def error_problems(status: int, body: Any) -> list[str]:
    """Validate an error body against the SDK's model for its status (a status it lacks is a problem)."""
    model = ERROR_MODELS.get(status)
    if model is None:
        return [f"status {status} is not an error status the SDK documents for POST /responses"]
    return validate(model, body, name=model.__name__)


def sse_events(body: bytes) -> list[Any]:
    """The JSON payloads of an SSE body (comments and `[DONE]` skipped)."""
    return [json.loads(data) for data in _sse_data(body)]


def _sse_data(body: bytes) -> list[str]:
    payloads = []
    for frame in body.decode().split("\n\n"):
        lines = [line[6:] for line in frame.split("\n") if line.startswith("data: ")]
        if lines and lines != ["[DONE]"]:
            payloads.append("\n".join(lines))
    return payloads


_TYPE_PREFIX = '{"type":"'


def _checked_events(body: bytes) -> list[Any]:
    """The events of an SSE body to check: every event but repeated deltas.

    Of each `*.delta` type only the first is parsed and checked: the emulator builds every delta of
    a type the same way, differing only in its text, and checking hundreds of them per stream would
    make the emulator's load tests time out.
    """
    seen: set[str] = set()
    events = []
    for data in _sse_data(body):
        if data.startswith(_TYPE_PREFIX):
            kind = data[len(_TYPE_PREFIX) : data.find('"', len(_TYPE_PREFIX))]
            if kind.endswith(".delta"):
                if kind in seen:
                    continue
                seen.add(kind)
        events.append(json.loads(data))
    return events


def response_problems(status: int, content_type: str, body: bytes) -> list[str]:
    """Every way a `POST /responses` response differs from the SDK's result, event or error models."""
    if content_type.startswith("text/event-stream"):
        return [problem for event in _checked_events(body) for problem in event_problems(event)]
    if not content_type.startswith("application/json"):
        return [f"content type {content_type!r} is neither JSON nor SSE"]
    value = json.loads(body)
    if status == 200:
        return validate(components.OpenResponsesResult, value)
    return error_problems(status, value)


class SdkConformance:
    """The emulator's `ConformanceCheck` backed by the SDK (see the module docstring)."""

    def prepare(self) -> None:
        """Build the lookup tables once (about two seconds: the SDK's models are many)."""
        event_models()
        input_item_models()
        request_keys()

    def request_problems(self, body: dict[str, Any]) -> list[str]:
        """Problems of an admitted request body."""
        return request_problems(body)

    def response_problems(self, status: int, content_type: str, body: bytes) -> list[str]:
        """Problems of a response the emulator built."""
        return response_problems(status, content_type, body)


def deviations_table() -> str:
    """The rows of docs/emulator.md's deviations table, one per `DEVIATIONS` entry."""
    return "\n".join(f"| `{d.model}` | `{'.'.join(d.loc)}` | {d.evidence} | {d.why} |" for d in DEVIATIONS)
