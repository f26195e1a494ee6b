"""Web-search answers: what the emulator says when a request turns web search on.

OpenRouter enables web search with the `:online` model suffix, the `web` plugin or
the `openrouter:web_search` server tool, and returns `url_citation` annotations on
the answer's text. The emulator cites one deterministic source derived from the
user's words, so clients can be tested end to end.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_plus

from langchain_openrouter_responses.emulator.model.answers import QUOTE_LIMIT, excerpt
from langchain_openrouter_responses.emulator.replies.ids import next_number
from langchain_openrouter_responses.emulator.replies.items import Item, text_item

SOURCE_TITLE = "Emulated search result"


DEFAULT_MAX_RESULTS = 5
"""OpenRouter's default number of results per search."""
MAX_RESULTS_LIMIT = 25
SEARCH_ITEM_TYPES = {"openrouter:web_search": "openrouter:web_search", "web_search": "web_search_call"}
"""Search tool type → the output item type that reports the search."""


def web_search_requested(body: dict[str, Any], model: str) -> bool:
    """Whether the request asks for web search.

    Args:
        body: The parsed request.
        model: The routed model.

    Returns:
        True for `:online` models, the `web` plugin, or a web-search tool.
    """
    if model.endswith(":online"):
        return True
    plugins = _list(body.get("plugins"))
    if any(isinstance(p, dict) and p.get("id") == "web" and p.get("enabled", True) for p in plugins):
        return True
    return search_tool(body) is not None


def search_tool(body: dict[str, Any]) -> dict[str, Any] | None:
    """The request's web-search tool (`openrouter:web_search`, or the hosted `web_search`), if any."""
    for tool in _list(body.get("tools")):
        if isinstance(tool, dict) and tool.get("type") in SEARCH_ITEM_TYPES:
            return tool
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def max_results(tool: dict[str, Any] | None) -> int:
    """How many results a search returns: the tool's `parameters.max_results` (1-25), else 5."""
    options = tool.get("parameters") if tool is not None else None
    wanted = options.get("max_results") if isinstance(options, dict) else None
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        return max(1, min(wanted, MAX_RESULTS_LIMIT))
    return DEFAULT_MAX_RESULTS


def _topic(text: str) -> str:
    return excerpt(re.sub(r"\s+", " ", text[: 4 * QUOTE_LIMIT]).strip()).rstrip("?.!") or "your question"


def _source_url(topic: str, rank: int) -> str:
    return f"https://search.example/results?q={quote_plus(topic)}" + (f"&page={rank}" if rank > 1 else "")


def search_item(text: str, tool: dict[str, Any]) -> Item:
    """The item reporting the search a web-search tool ran, with its sources.

    Args:
        text: The user's question.
        tool: The `openrouter:web_search` (or hosted `web_search`) tool; its
            `parameters.max_results` sets how many sources come back.

    Returns:
        An `openrouter:web_search` (or `web_search_call`) item: `action` holds the
        query and the sources, as OpenAI's `web_search_call.action` does.
    """
    topic = _topic(text)
    sources = [{"type": "url", "url": _source_url(topic, rank)} for rank in range(1, max_results(tool) + 1)]
    return {
        "id": f"ws_tmp_{next_number()}",
        "type": SEARCH_ITEM_TYPES[str(tool["type"])],
        "status": "completed",
        "action": {"type": "search", "query": topic, "sources": sources},
    }


def cited_answer(text: str, sources: int = 1) -> Item:
    """A short answer citing `sources` sources about `text`.

    Args:
        text: The user's question.
        sources: How many sources to cite (one marker and `url_citation` each).

    Returns:
        A message item whose text carries one `url_citation` annotation per source.
    """
    topic = _topic(text)
    sentence = f"According to a recent source, here is what I found about {topic}."
    annotations: list[dict[str, Any]] = []
    for rank in range(1, sources + 1):
        marker = f" [{rank}]"
        annotations.append(
            {
                "type": "url_citation",
                "url": _source_url(topic, rank),
                "title": SOURCE_TITLE if rank == 1 else f"{SOURCE_TITLE} {rank}",
                "start_index": len(sentence),
                "end_index": len(sentence) + len(marker),
                "content": f"Search results for {topic}.",
            }
        )
        sentence += marker
    return text_item(sentence, annotations=annotations)


def web_search_output(body: dict[str, Any], text: str) -> list[Item]:
    """The items a web-search request ends with: the search (for a search tool), then the cited answer.

    Args:
        body: The parsed request.
        text: The user's question.

    Returns:
        `[search item, cited message]` for a search tool; `[cited message]` for `:online` or the `web` plugin.
    """
    tool = search_tool(body)
    if tool is None:
        return [cited_answer(text)]
    item = search_item(text, tool)
    return [item, cited_answer(text, len(item["action"]["sources"]))]
