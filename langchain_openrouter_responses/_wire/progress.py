"""Server-tool progress events → "progress blocks", which a stream shows and its final message drops.

A web search's `in_progress` / `searching` / `completed`, an image generation's partial images and
a fusion run's panels and analysis (`fusion_call.*`) say how a server tool is doing while it runs.
Each such event becomes one chunk holding one progress block, with an `index` of its own
(`"progress:<n>"`, n counting the stream's progress blocks): langchain-core never merges blocks
whose string index lacks its `lc_` prefix, so a progress block stays as it came and never
concatenates into a real block. The final chunk (and every sum that includes it) drops them, so a
complete stream sums to what `invoke` returns; replay never sends them.

Every progress block carries the same description, `progress_value`:
`{"type": "progress", "event", "tool", "status", "item_id", "output_index", ...the event's other fields}`
(never `sequence_number`). A partial image is a standard `image` block (base64, mime type, the
item's id) with that description in `extras["progress"]`; every other event is a `non_standard`
block with it as `value`.
"""

from __future__ import annotations

from typing import Any

PROGRESS = "progress"
"""The `type` of a progress description, and the `extras` key of a partial image's."""
INDEX_PREFIX = "progress:"
"""Progress blocks' indexes: this prefix and the block's number in the stream."""
PARTIAL_IMAGE = "response.image_generation_call.partial_image"

_TOOL_PREFIXES = {
    "response.web_search_call.": "web_search",
    "response.image_generation_call.": "image_generation",
    "response.fusion_call.": "fusion",
}
PROGRESS_EVENTS = frozenset(
    {
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
        "response.web_search_call.completed",
        PARTIAL_IMAGE,
        "response.fusion_call.in_progress",
        "response.fusion_call.panel.added",
        "response.fusion_call.panel.reasoning.delta",
        "response.fusion_call.panel.delta",
        "response.fusion_call.panel.completed",
        "response.fusion_call.panel.failed",
        "response.fusion_call.analysis.in_progress",
        "response.fusion_call.analysis.completed",
        "response.fusion_call.completed",
    }
)
"""The events a stream shows as progress blocks."""
_NOT_DESCRIBED = frozenset({"type", "sequence_number", "item_id", "output_index", "partial_image_b64"})
"""Event keys the description leaves out or names itself (the image's bytes are the block's `base64`)."""


def progress_value(event: dict[str, Any]) -> dict[str, Any]:
    """Describe one progress event.

    Args:
        event: A decoded event of `PROGRESS_EVENTS`.

    Returns:
        `{"type": "progress", "event": <event type>, "tool": "web_search" | "image_generation" |
        "fusion", "status": <the event type after the tool's prefix, e.g. "searching",
        "panel.delta">, "item_id", "output_index"}` and the event's other fields (`model`,
        `delta`, `content`, `error`, `status_code`, `analysis`, `partial_image_index`, ...).
    """
    kind = str(event["type"])
    prefix, tool = next((p, t) for p, t in _TOOL_PREFIXES.items() if kind.startswith(p))
    value: dict[str, Any] = {
        "type": PROGRESS,
        "event": kind,
        "tool": tool,
        "status": kind.removeprefix(prefix),
        "item_id": event.get("item_id"),
        "output_index": event.get("output_index"),
    }
    value.update((key, field) for key, field in event.items() if key not in _NOT_DESCRIBED)
    return value


def progress_block(event: dict[str, Any], number: int, image_format: str | None = None) -> dict[str, Any] | None:
    """The progress block of one event.

    Args:
        event: A decoded event of `PROGRESS_EVENTS`.
        number: How many progress blocks the stream showed before this one.
        image_format: The image item's `output_format` (`png`, `jpeg`, `webp`), if known.

    Returns:
        A partial `image` block (None when the event holds no image), or a `non_standard` block.
    """
    value = progress_value(event)
    index = f"{INDEX_PREFIX}{number}"
    if event["type"] != PARTIAL_IMAGE:
        return {"type": "non_standard", "value": value, "index": index}
    image = event.get("partial_image_b64")
    if not isinstance(image, str) or not image:
        return None
    block: dict[str, Any] = {"type": "image", "base64": image, "mime_type": f"image/{image_format or 'png'}"}
    if event.get("item_id"):
        block["id"] = event["item_id"]
    return {**block, "extras": {PROGRESS: value}, "index": index}


def server_tool_progress(block: Any) -> dict[str, Any] | None:
    """The progress description a streamed content block carries, or None for any other block.

    A stream shows how a server tool is doing (a web search's statuses, partial images, a fusion
    run's panels) as progress blocks, which the final chunk and every stream sum leave out. A
    description holds `type` ("progress"), `event`, `tool`, `status`, `item_id`, `output_index`
    and the event's other fields; it is the `value` of a `non_standard` block, or the
    `extras["progress"]` of a partial `image` block.

    Args:
        block: A content block of a chunk (`chunk.content` or `chunk.content_blocks`).

    Returns:
        The block's progress description, or None when the block is no progress block.

    Example:
        ```python
        from langchain_openrouter_responses import ChatOpenRouterResponses, server_tool_progress

        llm = ChatOpenRouterResponses(model="openai/gpt-5-mini")
        for chunk in llm.stream("What is new at OpenRouter?", tools=[{"type": "openrouter:web_search"}]):
            for block in chunk.content:
                if (progress := server_tool_progress(block)) is not None:
                    print(progress["tool"], progress["status"])
        ```
    """
    if not isinstance(block, dict):
        return None
    if block.get("type") == "non_standard":
        holder = block.get("value")
    else:
        extras = block.get("extras")
        holder = extras.get(PROGRESS) if isinstance(extras, dict) else None
    return holder if isinstance(holder, dict) and holder.get("type") == PROGRESS else None


def is_progress_block(block: Any) -> bool:
    """Tell whether a content block is a progress block (native or v1 content alike).

    Args:
        block: A content block.

    Returns:
        True when `server_tool_progress` finds a description in it.
    """
    return server_tool_progress(block) is not None


def without_progress(content: list[str | dict[str, Any]]) -> list[str | dict[str, Any]]:
    """Content with its progress blocks left out.

    Args:
        content: A message's content blocks.

    Returns:
        The same list when it holds no progress block, else a new list without them.
    """
    if not any(map(is_progress_block, content)):
        return content
    return [block for block in content if not is_progress_block(block)]
