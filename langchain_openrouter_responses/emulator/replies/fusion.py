"""The `openrouter:fusion` server tool: its output item, and the events a stream reports its run with.

Fusion sends the user's prompt to a panel of analysis models, then asks an analyst model for a
structured analysis of their answers. A stream reports the run as it goes: the run starts, each
panel is added, streams its reasoning and its answer and completes (or fails), the analyst works,
and the run completes, before the item's `output_item.done`.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.replies.ids import next_number

Item = dict[str, Any]
Event = dict[str, Any]
FUSION = "openrouter:fusion"
PREFIX = "response.fusion_call"


def fusion_tool(request: dict[str, Any]) -> dict[str, Any] | None:
    """The request's `openrouter:fusion` tool, if it binds one."""
    tools = request.get("tools")
    if not isinstance(tools, list):
        return None
    return next((tool for tool in tools if isinstance(tool, dict) and tool.get("type") == FUSION), None)


def analyst(request: dict[str, Any], model: str) -> str:
    """The fusion run's analyst: the tool's `parameters.model`, else the model the request runs on."""
    tool = fusion_tool(request) or {}
    options = tool.get("parameters")
    chosen = options.get("model") if isinstance(options, dict) else None
    return chosen if isinstance(chosen, str) and chosen else model


def fusion_item(topic: str, answered: list[str], failed: list[tuple[str, str, int]]) -> Item:
    """Build a completed `openrouter:fusion` item: the panel's answers, its failures and the analysis.

    Args:
        topic: What the panel was asked about (the user's words, shortened).
        answered: The panel models that answered, in panel order.
        failed: `(model, error, status_code)` of each panel model that did not.

    Returns:
        The item as a JSON-ready dict.
    """
    item: Item = {
        "id": f"fu_tmp_{next_number()}",
        "type": FUSION,
        "status": "completed",
        "responses": [{"model": model, "content": panel_answer(model, topic)} for model in answered],
    }
    if failed:
        item["failed_models"] = [{"model": model, "error": error, "status_code": code} for model, error, code in failed]
    item["analysis"] = {
        "consensus": [f"The panel agrees on the main facts about {topic}."],
        "contradictions": [],
        "partial_coverage": [{"point": f"Recent changes to {topic}", "models": answered[:1]}],
        "unique_insights": [{"model": model, "insight": f"{model} adds one detail."} for model in answered[1:2]],
        "blind_spots": ["No source older than a year was consulted."],
    }
    return item


def panel_answer(model: str, topic: str) -> str:
    """What a panel model answers about `topic`."""
    return f"{model} on {topic}: the main facts, then one detail."


def panel_reasoning(model: str) -> str:
    """What a panel model thinks before it answers (streamed; the item does not keep it)."""
    return f"{model} weighs what the question asks."


def fusion_events(item: Item, where: Event, pieces: Any, size: int, analyst_model: str) -> list[Event]:
    """The events of a fusion run, between the item's `added` and `done`.

    Args:
        item: The finished `openrouter:fusion` item.
        where: `output_index` and `item_id`, which every event carries.
        pieces: Splits a text into deltas of at most `size` characters.
        size: Characters per delta.
        analyst_model: The analyst's slug.

    Returns:
        `in_progress`; every panel `added`; each answering panel's reasoning and answer deltas and
        `completed`; each failing panel's `failed`; the analysis; `completed`.
    """
    answers = [(str(entry["model"]), str(entry.get("content") or "")) for entry in item.get("responses") or []]
    failures = list(item.get("failed_models") or [])
    panel = [model for model, _ in answers] + [str(failure["model"]) for failure in failures]
    events: list[Event] = [{"type": f"{PREFIX}.in_progress", **where}]
    events += [{"type": f"{PREFIX}.panel.added", **where, "model": model} for model in panel]
    for model, content in answers:
        at = {**where, "model": model}
        thinking = pieces(panel_reasoning(model), size)
        events += [{"type": f"{PREFIX}.panel.reasoning.delta", **at, "delta": d} for d in thinking]
        events += [{"type": f"{PREFIX}.panel.delta", **at, "delta": d} for d in pieces(content, size)]
        events.append({"type": f"{PREFIX}.panel.completed", **at, "content": content})
    events += [{"type": f"{PREFIX}.panel.failed", **where, **failure} for failure in failures]
    if item.get("analysis") is not None:
        analysing = {"analyst_model": analyst_model, "judge_model": analyst_model}
        events.append({"type": f"{PREFIX}.analysis.in_progress", **where, **analysing})
        events.append({"type": f"{PREFIX}.analysis.completed", **where, "analysis": item["analysis"]})
    events.append({"type": f"{PREFIX}.completed", **where})
    return events
