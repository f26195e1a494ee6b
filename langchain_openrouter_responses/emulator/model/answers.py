"""The default responder's visible answers: plain text, tool-result summaries and JSON."""

from __future__ import annotations

import json
from typing import Any

from langchain_openrouter_responses.emulator.model.media import describe_media
from langchain_openrouter_responses.emulator.model.prompt import message_text, quoted_words, topic

HORROR_STORY = (
    "I finally fixed the creaking floorboard outside my bedroom last night. "
    "This morning I woke to it creaking again, one slow step at a time, coming closer."
)
HAIKU = "Requests drift inward\nthe loopback answers softly\nno packet strays far"
TOOL_OUTPUT_LIMIT = 200
QUOTE_LIMIT = 200
"""A model does not echo a long prompt: answers quote at most this many characters of it."""


def answer(text: str, content: Any = None) -> str:
    """Return the visible answer to the user's last message.

    Args:
        text: The text of the last user message.
        content: Its content (parts), to notice images, files and audio.

    Returns:
        A media description, a horror story, a haiku, a greeting or a quote of the user.
    """
    media = describe_media(content)
    if media:
        return f"I see {media}."
    lowered = text.lower()
    if "horror" in lowered:
        return HORROR_STORY
    if "haiku" in lowered:
        return HAIKU
    if not text.strip():
        return "Hello! How can I help you today?"
    return f'Hello! You said: "{excerpt(text)}"'


def excerpt(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Return `text`, or its first words up to `limit` characters followed by "..." when longer."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(None, 1)[0] if " " in head.strip() else text[:limit]
    return f"{cut.rstrip()}..."


def tool_output_answer(output: Any) -> str:
    """Return an answer that uses a `function_call_output` (a string or a list of parts)."""
    said = excerpt((output if isinstance(output, str) else message_text(output)).strip(), TOOL_OUTPUT_LIMIT)
    media = describe_media(output)
    sentences = [f"The tool returned: {said}"] if said else []
    sentences += [f"I see {media}."] if media else []
    return " ".join(sentences) or "The tool returned nothing."


def keyed_object(text: str) -> dict[str, str]:
    """Return the JSON-mode answer: one string per single-quoted word of `text`.

    Example: "... a JSON with 'setup' and 'punchline' keys" gives both keys.
    """
    about = topic(text)
    keys = quoted_words(text)
    if not keys:
        return {"answer": answer(text)}
    suffix = f" about {about}" if about else ""
    return {key: f"The {key.replace('_', ' ')}{suffix}." for key in keys}


def to_json(value: Any) -> str:
    """Serialise a generated value as compact JSON with raw (unescaped) Unicode."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
