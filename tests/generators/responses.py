"""Hypothesis generator of OpenRouter Responses outputs, and renderers for the two ways they arrive.

`responses()` draws a protocol-valid final response object: every output item type the package
knows (messages with citations and refusals, the three reasoning forms, function calls with valid,
cut-off and non-object arguments, parallel calls, web search and the other server tools, image
generation that succeeded or failed, item types the package has never seen), a status (completed,
incomplete, failed) and usage with cached and reasoning tokens and cost.

`json_body(response)` renders it as a non-streaming body. `sse_events(response, rng)` renders the
events OpenRouter streams for it, in the orders of the bundled recordings
(`langchain_openrouter_responses/emulator/recordings/*.sse`): `response.created`, then for each item
`output_item.added`, its parts and deltas (text split at random points), the server tools' progress
events (web search statuses, zero to three partial images, a fusion run's panels and analysis),
`output_item.done`, and the terminal event. Function-call arguments come either as deltas, or (as
Claude's recorded streams do) only in `response.completed`. `sse_bytes` frames the events (with keep-alive comments) and
`random_writes` cuts the bytes into network writes at random points.

Usage (see integration_tests/test_output_generator.py):

    @given(response=responses(), rng=st.randoms(use_true_random=False))
    def test_x(response, rng):
        body = json_body(response)
        stream = sse_bytes(sse_events(response, rng), rng)
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

from hypothesis import strategies as st

Item = dict[str, Any]
Event = dict[str, Any]

KEEPALIVE = b": OPENROUTER PROCESSING\n\n"
TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
MODEL = "openai/gpt-5-mini"

TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24)
WORDS = st.text("abcdefghij ", min_size=1, max_size=12)
SMALL = st.integers(min_value=0, max_value=5000)


# -- strategies ----------------------------------------------------------------------------------


@st.composite
def citations(draw: st.DrawFn, text: str) -> list[Any]:
    """URL citations over a text (or none)."""
    found = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        citation = {
            "type": "url_citation",
            "url": f"https://example.com/{draw(st.integers(0, 9))}",
            "title": draw(WORDS),
            "start_index": start,
            "end_index": draw(st.integers(start, len(text))),
        }
        found.append(citation)
    return found


@st.composite
def message_items(draw: st.DrawFn) -> Item:
    """An assistant message: one to three text or refusal parts."""
    parts: list[Item] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()) or parts:
            text = draw(TEXTS)
            logprobs = [{"token": text, "logprob": -0.5, "bytes": list(text.encode()), "top_logprobs": []}]
            part = {"type": "output_text", "text": text, "annotations": draw(citations(text))}
            part["logprobs"] = logprobs if text and draw(st.booleans()) else []
            parts.append(part)
        else:
            parts.append({"type": "refusal", "refusal": draw(TEXTS)})
    return {"type": "message", "role": "assistant", "status": "completed", "content": parts}


@st.composite
def reasoning_items(draw: st.DrawFn) -> Item:
    """Reasoning in one of its three forms: raw text (signed), summaries (encrypted), encrypted only."""
    form = draw(st.sampled_from(["text", "summary", "encrypted"]))
    item: Item = {"type": "reasoning", "summary": []}
    if form == "text":
        item["content"] = [
            {"type": "reasoning_text", "text": text} for text in draw(st.lists(TEXTS, min_size=1, max_size=2))
        ]
        item["signature"] = "sig" + draw(st.text("abc=", max_size=6))
        item["format"] = "anthropic-claude-v1"
    else:
        if form == "summary":
            summaries = draw(st.lists(TEXTS, min_size=1, max_size=2))
            item["summary"] = [{"type": "summary_text", "text": text} for text in summaries]
        item["encrypted_content"] = "gAAAA" + draw(st.text("xyz", max_size=8))
        item["format"] = "openai-responses-v1"
    return item


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-100, 100) | TEXTS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(WORDS, inner, max_size=2),
    max_leaves=4,
)


@st.composite
def arguments(draw: st.DrawFn, *, may_be_cut: bool) -> str:
    """Function-call arguments: a JSON object, JSON that is no object, or (last item only) a cut-off object."""
    kinds = ["object", "object", "not-object", "none", *(["cut"] if may_be_cut else [])]
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return ""
    if kind == "not-object":
        return json.dumps(draw(JSON_VALUES.filter(lambda value: not isinstance(value, dict))))
    whole = json.dumps(draw(st.dictionaries(WORDS, JSON_VALUES, min_size=1 if kind == "cut" else 0, max_size=3)))
    return whole if kind == "object" else whole[: draw(st.integers(1, len(whole) - 1))]


def function_call_item(name: str, args: str) -> Item:
    return {"type": "function_call", "name": name, "arguments": args, "status": "completed"}


@st.composite
def server_tool_items(draw: st.DrawFn) -> Item:
    """A web search (two spellings), file search, code run or `openrouter:*` tool item (datetime, fusion)."""
    kinds = ["web_search_call", "openrouter:web_search", "file_search_call", "code", "datetime", "fusion"]
    kind = draw(st.sampled_from(kinds))
    status = draw(st.sampled_from(["completed", "completed", "failed"]))
    if kind in {"web_search_call", "openrouter:web_search"}:
        sources = [{"type": "url", "url": f"https://example.com/{n}"} for n in range(draw(st.integers(0, 2)))]
        action: Item = {"type": "search", "query": draw(WORDS)}
        if sources:
            action["sources"] = sources
        return {"type": kind, "status": status, "action": action}
    if kind == "file_search_call":
        results = [{"file_id": "file_1", "text": draw(TEXTS)}] if draw(st.booleans()) else None
        return {"type": kind, "status": status, "queries": [draw(WORDS)], "results": results}
    if kind == "code":
        return {
            "type": "code_interpreter_call",
            "status": status,
            "code": "print(1)",
            "outputs": [{"type": "logs", "logs": "1"}],
        }
    if kind == "fusion":
        return draw(fusion_items(status))
    return {"type": "openrouter:datetime", "status": status, "arguments": "{}", "datetime": "2026-12-07T12:00:00Z"}


PANEL_MODELS = ("openai/gpt-5-mini", "anthropic/claude-sonnet-4.6", "google/gemini-2.5-flash")


@st.composite
def fusion_items(draw: st.DrawFn, status: str) -> Item:
    """An `openrouter:fusion` run: panel answers (any text), maybe failed panels, the analysis unless it failed."""
    panel = draw(st.lists(st.sampled_from(PANEL_MODELS), min_size=1, max_size=3, unique=True))
    failing = draw(st.integers(0, len(panel) if status == "failed" else len(panel) - 1))
    answered, failed = panel[: len(panel) - failing], panel[len(panel) - failing :]
    item: Item = {"type": "openrouter:fusion", "status": status}
    item["responses"] = [{"model": model, "content": draw(TEXTS)} for model in answered]
    if failed:
        item["failed_models"] = [{"model": model, "error": "rate limited", "status_code": 429} for model in failed]
    if status == "failed":
        reason = "judge_upstream_error" if answered else "all_panels_failed"
        item["error"], item["failure_reason"] = f"the fusion run failed ({reason})", reason
    else:
        item["analysis"] = {
            "consensus": [draw(TEXTS)],
            "contradictions": [],
            "partial_coverage": [],
            "unique_insights": [{"model": model, "insight": draw(WORDS)} for model in answered[:1]],
            "blind_spots": [],
        }
    return item


@st.composite
def image_items(draw: st.DrawFn) -> Item:
    """An image generation that produced an image, or failed."""
    if draw(st.booleans()):
        return {"type": "image_generation_call", "status": "completed", "output_format": "png", "result": TINY_PNG}
    return {"type": "image_generation_call", "status": "failed"}


@st.composite
def unknown_items(draw: st.DrawFn) -> Item:
    """An item type the package has no block for: an MCP call, or a type invented later."""
    if draw(st.booleans()):
        return {"type": "mcp_call", "server_label": "docs", "name": "search", "arguments": "{}", "output": draw(TEXTS)}
    return {"type": "brand_new_item", "status": "completed", "payload": draw(JSON_VALUES)}


@st.composite
def usages(draw: st.DrawFn) -> Item:
    """Usage with cached (and sometimes cache-write) input tokens, reasoning tokens and cost."""
    input_tokens, output_tokens = draw(SMALL), draw(SMALL)
    details: Item = {"cached_tokens": draw(st.integers(0, input_tokens))}
    if draw(st.booleans()):
        details["cache_write_tokens"] = draw(st.integers(0, input_tokens))
    cost = draw(st.integers(0, 10**6)) / 10**8
    usage: Item = {
        "input_tokens": input_tokens,
        "input_tokens_details": details,
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": draw(st.integers(0, output_tokens))},
        "total_tokens": input_tokens + output_tokens,
        "cost": cost,
        "is_byok": False,
        "cost_details": {"upstream_inference_cost": None, "upstream_inference_input_cost": cost},
    }
    if draw(st.booleans()):
        key = draw(st.sampled_from(["server_tool_use", "server_tool_use_details"]))
        usage[key] = {"web_search_requests": draw(st.integers(0, 3))}
    return usage


@st.composite
def responses(draw: st.DrawFn, *, statuses: tuple[str, ...] = ("completed", "incomplete", "failed")) -> Item:
    """A final response object: one to four drawn items (parallel calls count one), a status, usage.

    Args:
        draw: Hypothesis's draw.
        statuses: The statuses to draw from.

    Returns:
        The response as OpenRouter sends it in `response.completed` (or `.incomplete`, `.failed`).
    """
    status = draw(st.sampled_from(statuses))
    kinds = draw(
        st.lists(
            st.sampled_from(["message", "reasoning", "call", "calls", "server", "image", "unknown"]),
            min_size=1,
            max_size=4,
        )
    )
    output: list[Item] = []
    for position, kind in enumerate(kinds):
        if kind in {"call", "calls"}:
            output += draw(
                _calls(parallel=kind == "calls", may_be_cut=status == "incomplete" and position == len(kinds) - 1)
            )
        else:
            output.append(draw(_ITEMS[kind]))
    _number(output, anonymous_calls=draw(st.integers(0, 4)) == 0)
    if status == "incomplete" and output[-1]["type"] in {"message", "function_call"}:
        output[-1]["status"] = "incomplete"
    response: Item = {
        "object": "response",
        "id": "gen-1767766547-generated",
        "created_at": 1767766547,
        "model": MODEL,
        "status": status,
        "output": output,
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
        "usage": draw(usages()),
    }
    if status == "failed":
        code = draw(st.sampled_from(ERROR_CODES))
        response["error"] = {"code": code, "message": f"The answer failed ({code})."}
    if draw(st.booleans()):
        response["service_tier"] = "default"
    return response


ERROR_CODES = (
    "server_error",
    "rate_limit_exceeded",
    "context_length_exceeded",
    "invalid_prompt",
    "content_policy_violation",
    "timeout",
    "provider_overloaded",
)
"""`error.code` of a failed response."""

_ITEMS = {
    "message": message_items(),
    "reasoning": reasoning_items(),
    "server": server_tool_items(),
    "image": image_items(),
    "unknown": unknown_items(),
}


@st.composite
def _calls(draw: st.DrawFn, *, parallel: bool, may_be_cut: bool) -> list[Item]:
    """One call, or two in parallel; only the last one of a response cut by max_output_tokens may be cut."""
    names = ["get_weather", "get_time"] if parallel else ["get_weather"]
    return [
        function_call_item(name, draw(arguments(may_be_cut=may_be_cut and number == len(names) - 1)))
        for number, name in enumerate(names)
    ]


def _number(output: list[Item], *, anonymous_calls: bool) -> None:
    """Give each item its id (and each call its call_id), by position; Claude's calls come without an id."""
    for number, item in enumerate(output):
        prefix = {"message": "msg", "reasoning": "rs", "function_call": "fc"}.get(item["type"], "it")
        if item["type"] == "function_call":
            item["call_id"] = f"toolu_{number}" if anonymous_calls else f"call_{number}"
            if anonymous_calls:
                continue
        item["id"] = f"{prefix}_{number}"


# -- renderers -----------------------------------------------------------------------------------


def json_body(response: Item, *, omit_status: bool = False) -> bytes:
    """The non-streaming body (without its top-level `status`, as bodies recorded in 2026-01 are)."""
    if omit_status:
        response = {key: value for key, value in response.items() if key != "status"}
    return json.dumps(response).encode()


def split(text: str, rng: random.Random) -> list[str]:
    """`text` cut at random points into non-empty deltas (none for an empty text)."""
    if not text:
        return []
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 4)))) if len(text) > 1 else []
    bounds = [0, *cuts, len(text)]
    return [text[start:end] for start, end in itertools.pairwise(bounds)]


def sse_events(response: Item, rng: random.Random, *, arguments_only_at_the_end: bool | None = None) -> list[Event]:
    """The events OpenRouter streams for `response`, as in the bundled recordings.

    Args:
        response: A final response (from `responses()`).
        rng: Chooses the delta splits (and, when not given, how function-call arguments arrive).
        arguments_only_at_the_end: True sends function-call arguments only in the terminal event,
            as Claude's recorded streams do; False streams them as deltas.

    Returns:
        The events, numbered, ending with the terminal event.
    """
    skeleton = {**response, "status": "in_progress", "output": [], "usage": None, "error": None}
    skeleton["incomplete_details"] = None
    events: list[Event] = [
        {"type": "response.created", "response": skeleton},
        {"type": "response.in_progress", "response": skeleton},
    ]
    late_arguments = rng.random() < 0.3 if arguments_only_at_the_end is None else arguments_only_at_the_end
    output = response["output"]
    held_back: list[Event] = []
    for position, item in enumerate(output):
        item_events = _item_events(item, position, rng, late_arguments=late_arguments)
        if item["type"] in UNANNOUNCED_TYPES:
            item_events = _announced(item_events, rng, last=position == len(output) - 1)
        following = output[position + 1]["type"] if position + 1 < len(output) else None
        if item["type"] == "reasoning" and following == "message" and rng.random() < 0.3:
            # As Claude's recorded stream does: the reasoning item ends after the message that follows it.
            last_delta = max((n for n, event in enumerate(item_events) if event["type"].endswith(".delta")), default=0)
            item_events, later = item_events[: last_delta + 1], item_events[last_delta + 1 :]
            events += held_back + item_events
            held_back = later
            continue
        events += item_events + held_back
        held_back = []
    events += held_back
    terminal = {"completed": "response.completed", "incomplete": "response.incomplete", "failed": "response.failed"}
    events.append({"type": terminal[response["status"]], "response": response})
    for number, event in enumerate(events):
        event["sequence_number"] = number
    return events


UNANNOUNCED_TYPES = frozenset(
    {
        "mcp_call",
        "brand_new_item",
        "image_generation_call",
        "web_search_call",
        "openrouter:web_search",
        "file_search_call",
        "code_interpreter_call",
        "openrouter:datetime",
        "openrouter:fusion",
    }
)
"""Item types a stream may leave unannounced: only `output_item.done` carries them, or only the terminal event."""


def _announced(item_events: list[Event], rng: random.Random, *, last: bool) -> list[Event]:
    """All of an item's events; or only its `output_item.done`; or (for the last item) none at all."""
    choice = rng.random()
    if choice < 0.15:
        return item_events[-1:]
    if choice < 0.25 and last:
        return []
    return item_events


def _item_events(item: Item, position: int, rng: random.Random, *, late_arguments: bool) -> list[Event]:
    where = {"output_index": position, **({"item_id": item["id"]} if "id" in item else {})}
    kind = item["type"]
    body: list[Event] = []
    if kind == "message":
        shell: Item = {"type": "message", "status": "in_progress", "content": [], "id": item["id"], "role": "assistant"}
        for part_index, part in enumerate(item["content"]):
            body += _part_events(part, {**where, "content_index": part_index}, rng)
    elif kind == "reasoning":
        shell = {"type": "reasoning", "id": item["id"], "summary": []}
        body = _reasoning_events(item, where, rng)
    elif kind == "function_call":
        shell = {key: item[key] for key in ("type", "id", "call_id", "name") if key in item} | {
            "arguments": "",
            "status": "in_progress",
        }
        if late_arguments:
            body = [{"type": "response.function_call_arguments.done", **where, "name": item["name"], "arguments": ""}]
            done = {**item, "arguments": ""}
            return _bracket(shell, body, done, position)
        body = [
            {"type": "response.function_call_arguments.delta", **where, "delta": piece}
            for piece in split(item["arguments"], rng)
        ]
        body.append(
            {
                "type": "response.function_call_arguments.done",
                **where,
                "name": item["name"],
                "arguments": item["arguments"],
            }
        )
    else:
        shell = {"type": kind, "id": item["id"], "status": "in_progress"}
        if kind == "image_generation_call":
            body = [{"type": "response.image_generation_call.in_progress", **where}]
            if item.get("result"):
                body += [
                    {
                        "type": "response.image_generation_call.partial_image",
                        **where,
                        "partial_image_b64": TINY_PNG,
                        "partial_image_index": number,
                    }
                    for number in range(rng.randint(0, 3))
                ]
        elif kind in {"web_search_call", "openrouter:web_search"}:
            body = [
                {"type": f"response.web_search_call.{phase}", **where}
                for phase in ("in_progress", "searching", "completed")
            ]
        elif kind == "openrouter:fusion":
            body = _fusion_events(item, where, rng)
    return _bracket(shell, body, item, position)


def _fusion_events(item: Item, where: Event, rng: random.Random) -> list[Event]:
    """A fusion run's events as OpenRouter streams them: panels added, their deltas, failures, analysis."""
    prefix = "response.fusion_call"
    failures = item.get("failed_models") or []
    events: list[Event] = [{"type": f"{prefix}.in_progress", **where}]
    for model in [entry["model"] for entry in item["responses"]] + [failure["model"] for failure in failures]:
        events.append({"type": f"{prefix}.panel.added", **where, "model": model})
    for entry in item["responses"]:
        at = {**where, "model": entry["model"]}
        thought = f"{entry['model']} thinks."
        events += [{"type": f"{prefix}.panel.reasoning.delta", **at, "delta": d} for d in split(thought, rng)]
        events += [{"type": f"{prefix}.panel.delta", **at, "delta": d} for d in split(entry["content"], rng)]
        events.append({"type": f"{prefix}.panel.completed", **at, "content": entry["content"]})
    events += [{"type": f"{prefix}.panel.failed", **where, **failure} for failure in failures]
    if "analysis" in item:
        events.append({"type": f"{prefix}.analysis.in_progress", **where, "analyst_model": MODEL, "judge_model": MODEL})
        events.append({"type": f"{prefix}.analysis.completed", **where, "analysis": item["analysis"]})
    if item["status"] == "completed":
        events.append({"type": f"{prefix}.completed", **where})
    return events


def _bracket(shell: Item, body: list[Event], done: Item, position: int) -> list[Event]:
    added = {"type": "response.output_item.added", "output_index": position, "item": shell}
    return [added, *body, {"type": "response.output_item.done", "output_index": position, "item": done}]


def _part_events(part: Item, at: Event, rng: random.Random) -> list[Event]:
    if part["type"] == "refusal":
        empty: Item = {"type": "refusal", "refusal": ""}
        inner = [{"type": "response.refusal.delta", **at, "delta": piece} for piece in split(part["refusal"], rng)]
        inner.append({"type": "response.refusal.done", **at, "refusal": part["refusal"]})
    else:
        empty = {"type": "output_text", "annotations": [], "text": ""}
        inner = [
            {"type": "response.output_text.delta", "logprobs": [], **at, "delta": piece}
            for piece in split(part["text"], rng)
        ]
        inner += [
            {"type": "response.output_text.annotation.added", **at, "annotation_index": n, "annotation": annotation}
            for n, annotation in enumerate(part["annotations"])
        ]
        inner.append({"type": "response.output_text.done", **at, "text": part["text"], "logprobs": part["logprobs"]})
    added = {"type": "response.content_part.added", **at, "part": empty}
    return [added, *inner, {"type": "response.content_part.done", **at, "part": part}]


def _reasoning_events(item: Item, where: Event, rng: random.Random) -> list[Event]:
    events: list[Event] = []
    for index, part in enumerate(item.get("content") or ()):
        at = {**where, "content_index": index}
        events.append({"type": "response.content_part.added", **at, "part": {"type": "reasoning_text", "text": ""}})
        events += [
            {"type": "response.reasoning_text.delta", **at, "delta": piece} for piece in split(part["text"], rng)
        ]
        events.append({"type": "response.reasoning_text.done", **at, "text": part["text"]})
        events.append({"type": "response.content_part.done", **at, "part": part})
    prefix = "response.reasoning_summary"
    for index, part in enumerate(item.get("summary") or ()):
        at = {**where, "summary_index": index}
        events.append({"type": f"{prefix}_part.added", **at, "part": {"type": "summary_text", "text": ""}})
        events += [{"type": f"{prefix}_text.delta", **at, "delta": piece} for piece in split(part["text"], rng)]
        events.append({"type": f"{prefix}_text.done", **at, "text": part["text"]})
        events.append({"type": f"{prefix}_part.done", **at, "part": part})
    return events


def sse_frames(events: list[Event], rng: random.Random, *, done_marker: bool = True) -> list[bytes]:
    """Frame events as OpenRouter's SSE body: one `data:` frame each, keep-alive comments, `[DONE]`."""
    frames = [KEEPALIVE] * rng.randint(0, 2)
    for event in events:
        frames.append(b"data: " + json.dumps(event, separators=(",", ":")).encode() + b"\n\n")
        if rng.random() < 0.05:
            frames.append(KEEPALIVE)
    if done_marker:
        frames.append(b"data: [DONE]\n\n")
    return frames


def sse_bytes(events: list[Event], rng: random.Random, *, done_marker: bool = True) -> bytes:
    """The SSE body of `events` (see `sse_frames`)."""
    return b"".join(sse_frames(events, rng, done_marker=done_marker))


def cut_short(events: list[Event], rng: random.Random) -> bytes:
    """An SSE body that ends early: after a frame before the terminal event (often a text delta), or inside the next."""
    frames = sse_frames(events[:-1], rng, done_marker=False)
    after_deltas = [number + 1 for number, frame in enumerate(frames) if b'output_text.delta"' in frame[:60]]
    kept = rng.choice(after_deltas) if after_deltas and rng.random() < 0.7 else rng.randint(0, len(frames))
    data = b"".join(frames[:kept])
    if kept < len(frames) and rng.random() < 0.3:
        data += frames[kept][: rng.randint(1, len(frames[kept]) - 1)]
    return data


def random_writes(data: bytes, rng: random.Random, *, most: int = 12) -> list[bytes]:
    """`data` cut into up to `most` network writes at random points."""
    if len(data) < 2:
        return [data]
    cuts = sorted(rng.sample(range(1, len(data)), k=min(len(data) - 1, rng.randint(0, most - 1))))
    bounds = [0, *cuts, len(data)]
    return [data[start:end] for start, end in itertools.pairwise(bounds)]
