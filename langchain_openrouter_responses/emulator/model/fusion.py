"""Fusion answers: what the emulator says when a request binds the `openrouter:fusion` server tool.

The panel is the tool's `parameters.analysis_models` (by default two models), capped at 8 as
OpenRouter caps it. A panel model the emulator has no profile of fails (404, as OpenRouter reports
a model without endpoints), so a run with a failing panel is one unknown slug away; the others
answer, the analyst analyses, and the model answers from the analysis.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.api.catalogue import base_id, bundled_profiles
from langchain_openrouter_responses.emulator.model.answers import QUOTE_LIMIT, excerpt
from langchain_openrouter_responses.emulator.replies.fusion import fusion_item, fusion_tool
from langchain_openrouter_responses.emulator.replies.items import Item, text_item

DEFAULT_PANEL = ("openai/gpt-5-mini", "anthropic/claude-sonnet-4.6")
"""The emulator's panel when the tool names none (OpenRouter's default preset is larger)."""
PANEL_LIMIT = 8
NOT_FOUND = 404


def fusion_requested(body: dict[str, Any]) -> bool:
    """Whether the request binds the `openrouter:fusion` server tool."""
    return fusion_tool(body) is not None


def fusion_output(body: dict[str, Any], text: str) -> list[Item]:
    """The items a fusion request ends with: the fusion run, then the answer drawn from it.

    Args:
        body: The parsed request (binds `openrouter:fusion`).
        text: The user's question.

    Returns:
        `[openrouter:fusion item, message]`.
    """
    topic = excerpt(" ".join(text.split())[: 4 * QUOTE_LIMIT]).rstrip("?.!") or "your question"
    panel = _panel(fusion_tool(body) or {})
    known = bundled_profiles()
    answered = [model for model in panel if base_id(model) in known]
    failed = [(model, f"No endpoints found for {model}.", NOT_FOUND) for model in panel if model not in answered]
    item = fusion_item(topic, answered, failed)
    summary = f"Drawing on {len(answered)} panel answers: the main facts about {topic}, and one detail."
    return [item, text_item(summary)]


def _panel(tool: dict[str, Any]) -> list[str]:
    options = tool.get("parameters")
    models = options.get("analysis_models") if isinstance(options, dict) else None
    if not isinstance(models, list) or not models:
        return list(DEFAULT_PANEL)
    return [str(model) for model in models[:PANEL_LIMIT]]
