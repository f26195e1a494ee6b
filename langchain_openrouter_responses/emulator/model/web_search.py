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
from langchain_openrouter_responses.emulator.replies.items import Item, text_item

SOURCE_TITLE = "Emulated search result"


def web_search_requested(body: dict[str, Any], model: str) -> bool:
    """Whether the request asks for web search.

    Args:
        body: The parsed request.
        model: The routed model.

    Returns:
        True for `:online` models, the `web` plugin, or the `openrouter:web_search` tool.
    """
    if model.endswith(":online"):
        return True
    plugins = _list(body.get("plugins"))
    if any(isinstance(p, dict) and p.get("id") == "web" and p.get("enabled", True) for p in plugins):
        return True
    tools = _list(body.get("tools"))
    return any(isinstance(tool, dict) and tool.get("type") == "openrouter:web_search" for tool in tools)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def cited_answer(text: str) -> Item:
    """A short answer citing one source about `text`.

    Args:
        text: The user's question.

    Returns:
        A message item whose text carries one `url_citation` annotation.
    """
    topic = excerpt(re.sub(r"\s+", " ", text[: 4 * QUOTE_LIMIT]).strip()).rstrip("?.!") or "your question"
    sentence = f"According to a recent source, here is what I found about {topic}."
    marker = " [1]"
    url = f"https://search.example/results?q={quote_plus(topic)}"
    annotation = {
        "type": "url_citation",
        "url": url,
        "title": SOURCE_TITLE,
        "start_index": len(sentence),
        "end_index": len(sentence) + len(marker),
        "content": f"Search results for {topic}.",
    }
    return text_item(sentence + marker, annotations=[annotation])
