"""The default responder: a deterministic "model" used when no reply is queued.

It reads only what a real model sees: the last user message and request options.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from langchain_openrouter_responses.emulator.ids import b64url_json_text, digest, opaque_token
from langchain_openrouter_responses.emulator.items import (
    Item,
    function_call_item,
    reasoning_item,
    text_item,
)
from langchain_openrouter_responses.emulator.replies import Reply

HORROR_STORY = (
    "I finally fixed the creaking floorboard outside my bedroom last night. "
    "This morning I woke to it creaking again, one slow step at a time, coming closer."
)
_PLACEHOLDERS: dict[str, Any] = {
    "integer": 1,
    "number": 1,
    "boolean": True,
    "array": [],
    "object": {},
    "null": None,
}


def default_reply(body: dict[str, Any], model: str) -> Reply:
    """Return the emulator's own answer to a valid request body.

    Args:
        body: The parsed request.
        model: The routed model (decides the reasoning shape).

    Returns:
        A reply with an optional reasoning item and a message or forced tool call.
    """
    text = last_user_text(body.get("input"))
    output: list[Item] = []
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict) and reasoning_enabled(reasoning):
        output.append(default_reasoning(model, text, reasoning))
    tool = forced_tool(body)
    if tool is not None and not _answers_tool(body.get("input")):
        output.append(function_call_item(tool["name"], _arguments(tool, text)))
    else:
        output.append(text_item(answer(text)))
    return Reply(output)


def answer(text: str) -> str:
    """Return the visible answer to the user's last message."""
    if "horror" in text.lower():
        return HORROR_STORY
    if not text.strip():
        return "Hello! How can I help you today?"
    return f'Hello! You said: "{text}"'


def last_user_text(value: Any) -> str:
    """Return the text of the last user message in ``input`` ("" if none)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    for item in reversed(value):
        if isinstance(item, dict) and item.get("role") == "user":
            return _message_text(item.get("content"))
    return ""


def _message_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    texts = [part.get("text") for part in content if isinstance(part, dict)]
    return "\n".join(text for text in texts if isinstance(text, str))


def reasoning_enabled(reasoning: Any) -> bool:
    """Whether a ``reasoning`` request field turns reasoning on."""
    if not isinstance(reasoning, dict) or not reasoning:
        return False
    return reasoning.get("effort") != "none" and reasoning.get("enabled") is not False


def reasoning_text(text: str) -> str:
    """Return a short plausible thought about answering ``text``."""
    if "horror" in text.lower():
        return "The user wants a horror story. Two sentences with a twist at the end will do."
    return "The user greeted me or asked something short. I should answer briefly and quote them."


def default_reasoning(model: str, text: str, reasoning: dict[str, Any]) -> Item:
    """Return a reasoning item shaped like ``model``'s provider family."""
    thought = reasoning_text(text)
    seed = f"{model}\n{text}"
    if model.startswith("openai/"):
        summary = [f"**Answering the user**\n\n{thought}"] if reasoning.get("summary") else []
        return reasoning_item(
            summary=summary,
            encrypted_content=_encrypted(seed, model),
            format="openai-responses-v1",
        )
    if model.startswith("anthropic/"):
        signature = base64.b64encode(digest(seed) * 4).decode()
        return reasoning_item(text=thought, signature=signature, format="anthropic-claude-v1")
    return reasoning_item(text=thought)


def _encrypted(seed: str, model: str) -> str:
    slug = json.dumps({"endpoint_slug": f"{model}|openai"}, separators=(",", ":"))
    return f"gAAAAAB{opaque_token(seed)}.{b64url_json_text(slug)}"


def forced_tool(body: dict[str, Any]) -> dict[str, Any] | None:
    """Return the function tool that ``tool_choice`` forces, if any."""
    tools = [tool for tool in body.get("tools") or [] if isinstance(tool, dict) and tool.get("type") == "function"]
    choice = body.get("tool_choice")
    if choice == "required" and tools:
        return tools[0]
    if isinstance(choice, dict) and choice.get("type") == "function":
        return next((tool for tool in tools if tool.get("name") == choice.get("name")), None)
    return None


def _answers_tool(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and isinstance(value[-1], dict)
        and value[-1].get("type") == "function_call_output"
    )


def _arguments(tool: dict[str, Any], text: str) -> str:
    parameters = tool.get("parameters") or {}
    properties = parameters.get("properties") or {}
    arguments = {}
    for name in parameters.get("required") or []:
        kind = (properties.get(name) or {}).get("type")
        arguments[name] = _PLACEHOLDERS.get(str(kind), text)
    return json.dumps(arguments)
