"""Streamed events for one output item, in the order OpenRouter sends them.

Events are returned without `sequence_number`; the renderer numbers them.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.replies.fusion import FUSION, fusion_events

Event = dict[str, Any]
Item = dict[str, Any]


def pieces(text: str, size: int) -> list[str]:
    """Split `text` into consecutive pieces of at most `size` characters.

    Pieces are cut between code points, so a multi-byte UTF-8 character is never split
    (each delta is valid UTF-8 on its own), while a long string value still spans deltas.
    """
    return [text[start : start + size] for start in range(0, len(text), size)]


def placeholder(item: Item) -> Item:
    """Return the in-progress form of `item` sent with `output_item.added`."""
    kind = str(item.get("type"))
    if kind in ADDED_WHOLE:
        return item
    shell = _SHELLS.get(kind)
    if shell is None:
        return {**item, "status": "in_progress"}
    keep, empty = shell
    return {**{key: item[key] for key in keep if key in item}, "status": "in_progress", **empty}


ADDED_WHOLE = frozenset({"openrouter:armor_blocked"})
"""Items announced already finished: a blocked call exists only once Armor has judged it."""
_SHELLS: dict[str, tuple[tuple[str, ...], Item]] = {
    "message": (("id", "type", "role", "phase"), {"content": []}),
    "reasoning": (("id", "type"), {"summary": []}),
    "function_call": (("id", "type", "call_id", "name"), {"arguments": ""}),
    "custom_tool_call": (("id", "type", "call_id", "name"), {"input": ""}),
    "web_search_call": (("id", "type"), {}),
    "openrouter:web_search": (("id", "type"), {}),
    FUSION: (("id", "type"), {}),
    "code_interpreter_call": (("id", "type", "container_id"), {"code": "", "outputs": None}),
    "image_generation_call": (("id", "type"), {"result": None}),
}
"""Per item type: the keys its in-progress form keeps, and the empty values it starts with."""


SEARCH_ITEMS = ("web_search_call", "openrouter:web_search")
"""Items whose search runs between `added` (no action yet) and `done` (query and sources)."""


def item_events(item: Item, output_index: int, delta_size: int, *, analyst: str = "") -> list[Event]:
    """Return every event for `item`: `added`, its deltas and parts, `done`.

    Args:
        item: The final output item.
        output_index: Its position in the response's `output`.
        delta_size: Characters per delta.
        analyst: The analyst model of an `openrouter:fusion` run.

    Returns:
        The events in wire order.
    """
    where = {"output_index": output_index, "item_id": item_key(item)}
    kind = item.get("type")
    if kind == "message":
        body = _message_events(item, where, delta_size)
    elif kind == "reasoning":
        body = _reasoning_events(item, where, delta_size)
    elif kind == "function_call":
        body = _function_call_events(item, where, delta_size)
    elif kind == "custom_tool_call":
        body = _custom_input_events(item, where, delta_size)
    elif kind == "code_interpreter_call":
        body = _code_interpreter_events(item, where, delta_size)
    elif kind == "image_generation_call":
        body = _image_generation_events(item, where)
    elif kind in SEARCH_ITEMS:
        phases = ("in_progress", "searching", "completed")
        body = [{"type": f"response.web_search_call.{phase}", **where} for phase in phases]
    elif kind == FUSION:
        body = fusion_events(item, where, pieces, delta_size, analyst)
    else:
        body = []
    added = {"type": "response.output_item.added", "output_index": output_index}
    done = {"type": "response.output_item.done", "output_index": output_index}
    return [{**added, "item": placeholder(item)}, *body, {**done, "item": item}]


def item_key(item: Item) -> str:
    """Return the `item_id` used by an item's delta events."""
    return str(item.get("id") or item.get("call_id") or "")


def _message_events(item: Item, where: Event, size: int) -> list[Event]:
    events: list[Event] = []
    for index, part in enumerate(item.get("content") or []):
        at = {**where, "content_index": index}
        if part.get("type") == "output_text":
            events += _output_text_events(part, at, size)
        elif part.get("type") == "refusal":
            events += _refusal_events(part, at, size)
        else:
            events += _part_bracket(part, dict(part), at, [])
    return events


def _output_text_events(part: Item, at: Event, size: int) -> list[Event]:
    text = str(part.get("text", ""))
    inner = [
        {"type": "response.output_text.delta", **at, "delta": piece, "logprobs": []} for piece in pieces(text, size)
    ]
    inner += [
        {
            "type": "response.output_text.annotation.added",
            **at,
            "annotation_index": index,
            "annotation": annotation,
        }
        for index, annotation in enumerate(part.get("annotations") or [])
    ]
    inner.append({"type": "response.output_text.done", **at, "text": text, "logprobs": part.get("logprobs") or []})
    empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    return _part_bracket(part, empty, at, inner)


def _refusal_events(part: Item, at: Event, size: int) -> list[Event]:
    refusal = str(part.get("refusal", ""))
    inner: list[Event] = [{"type": "response.refusal.delta", **at, "delta": piece} for piece in pieces(refusal, size)]
    inner.append({"type": "response.refusal.done", **at, "refusal": refusal})
    return _part_bracket(part, {"type": "refusal", "refusal": ""}, at, inner)


def _part_bracket(part: Item, empty: Item, at: Event, inner: list[Event]) -> list[Event]:
    added = {"type": "response.content_part.added", **at, "part": empty}
    done = {"type": "response.content_part.done", **at, "part": part}
    return [added, *inner, done]


def _reasoning_events(item: Item, where: Event, size: int) -> list[Event]:
    events: list[Event] = []
    for index, part in enumerate(item.get("content") or []):
        at = {**where, "content_index": index}
        text = str(part.get("text", ""))
        inner: list[Event] = [
            {"type": "response.reasoning_text.delta", **at, "delta": piece} for piece in pieces(text, size)
        ]
        inner.append({"type": "response.reasoning_text.done", **at, "text": text})
        events += _part_bracket(part, {"type": "reasoning_text", "text": ""}, at, inner)
    for index, part in enumerate(item.get("summary") or []):
        events += _summary_events(part, {**where, "summary_index": index}, size)
    return events


def _summary_events(part: Item, at: Event, size: int) -> list[Event]:
    text = str(part.get("text", ""))
    prefix = "response.reasoning_summary"
    deltas = [{"type": f"{prefix}_text.delta", **at, "delta": piece} for piece in pieces(text, size)]
    return [
        {"type": f"{prefix}_part.added", **at, "part": {"type": "summary_text", "text": ""}},
        *deltas,
        {"type": f"{prefix}_text.done", **at, "text": text},
        {"type": f"{prefix}_part.done", **at, "part": part},
    ]


def _function_call_events(item: Item, where: Event, size: int) -> list[Event]:
    arguments = str(item.get("arguments", ""))
    deltas = [
        {"type": "response.function_call_arguments.delta", **where, "delta": piece} for piece in pieces(arguments, size)
    ]
    done = {
        "type": "response.function_call_arguments.done",
        **where,
        "name": item.get("name"),
        "arguments": arguments,
    }
    return [*deltas, done]


def _custom_input_events(item: Item, where: Event, size: int) -> list[Event]:
    text = str(item.get("input", ""))
    prefix = "response.custom_tool_call_input"
    deltas = [{"type": f"{prefix}.delta", **where, "delta": piece} for piece in pieces(text, size)]
    return [*deltas, {"type": f"{prefix}.done", **where, "input": text}]


def _code_interpreter_events(item: Item, where: Event, size: int) -> list[Event]:
    code = str(item.get("code") or "")
    prefix = "response.code_interpreter_call"
    deltas = [{"type": f"{prefix}_code.delta", **where, "delta": piece} for piece in pieces(code, size)]
    return [
        {"type": f"{prefix}.in_progress", **where},
        *deltas,
        {"type": f"{prefix}_code.done", **where, "code": code},
        {"type": f"{prefix}.interpreting", **where},
        {"type": f"{prefix}.completed", **where},
    ]


def _image_generation_events(item: Item, where: Event) -> list[Event]:
    # One partial image (the final one), as a request with `partial_images: 1` gets.
    prefix = "response.image_generation_call"
    partial = {"partial_image_b64": str(item.get("result") or ""), "partial_image_index": 0}
    return [
        {"type": f"{prefix}.in_progress", **where},
        {"type": f"{prefix}.generating", **where},
        *([{"type": f"{prefix}.partial_image", **where, **partial}] if item.get("result") else []),
        {"type": f"{prefix}.completed", **where},
    ]
