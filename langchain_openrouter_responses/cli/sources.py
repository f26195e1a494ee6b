"""The web pages an answer cites (web search): found in a message, listed after the answer.

Standard library only: `logs` finds them in the logged message dictionary too.
"""

from __future__ import annotations

from typing import Any

_CITATION_TYPES = frozenset({"citation", "url_citation"})


def cited_sources(message: Any) -> list[dict[str, str]]:
    """Find the URLs a message cites, first citation first, each once.

    Args:
        message: A message's content, or its logged dictionary (any JSON-like value): every
            `citation` (LangChain's block) or `url_citation` (OpenRouter's annotation) in it counts.

    Returns:
        `{"url": ..., "title": ...}` per cited URL (`title` empty when the citation has none).
    """
    found: dict[str, str] = {}
    _walk(message, found)
    return [{"url": url, "title": title} for url, title in found.items()]


def _walk(value: Any, found: dict[str, str]) -> None:
    if isinstance(value, dict):
        url = value.get("url")
        if value.get("type") in _CITATION_TYPES and isinstance(url, str) and url:
            title = value.get("title")
            if not found.get(url):
                found[url] = title if isinstance(title, str) else ""
        for item in value.values():
            _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)


def sources_text(sources: list[dict[str, str]]) -> str:
    """List cited sources for reading, one numbered line each.

    Args:
        sources: What `cited_sources` found.

    Returns:
        `Sources:` then `[1] Title: URL` lines; empty when nothing was cited.
    """
    if not sources:
        return ""
    lines = ["Sources:"]
    for number, source in enumerate(sources, start=1):
        title = f"{source['title']}: " if source["title"] else ""
        lines.append(f"[{number}] {title}{source['url']}")
    return "\n".join(lines)
