"""The default responder: a deterministic "model" used when no reply is queued.

It reads only what a real model sees: `tool_choice`, the tools' names and
schemas, `text.format`, the last input item and the user's words. It never
reads test names or special headers. See `respond` for the rules.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from langchain_openrouter_responses.emulator.model.answers import (
    HAIKU,
    HORROR_STORY,
    answer,
    keyed_object,
    to_json,
    tool_output_answer,
)
from langchain_openrouter_responses.emulator.model.choice import chosen_tools
from langchain_openrouter_responses.emulator.model.fusion import fusion_output, fusion_requested
from langchain_openrouter_responses.emulator.model.logprobs import with_logprobs
from langchain_openrouter_responses.emulator.model.prompt import (
    Cues,
    last_tool_output,
    last_user_content,
    last_user_text,
)
from langchain_openrouter_responses.emulator.model.synthesis import synthesize
from langchain_openrouter_responses.emulator.model.web_search import web_search_output, web_search_requested
from langchain_openrouter_responses.emulator.replies.ids import b64url_json_text, digest, opaque_token
from langchain_openrouter_responses.emulator.replies.items import (
    Item,
    custom_tool_call_item,
    function_call_item,
    image_generation_item,
    reasoning_item,
    text_item,
)
from langchain_openrouter_responses.emulator.replies.scripted import Reply

__all__ = [
    "HAIKU",
    "HORROR_STORY",
    "answer",
    "default_reply",
    "last_user_text",
    "respond",
]


IMAGE_TOOLS = ("image_generation", "openrouter:image_generation")


def image_requested(body: dict[str, Any]) -> bool:
    """Whether the request asks for an image: `"image"` in `modalities`, or an image-generation tool."""
    modalities = body.get("modalities")
    if isinstance(modalities, list) and "image" in modalities:
        return True
    tools = body.get("tools")
    return isinstance(tools, list) and any(isinstance(t, dict) and t.get("type") in IMAGE_TOOLS for t in tools)


def forces_a_call(choice: Any) -> bool:
    """Whether `tool_choice` obliges the model to call a function (`"required"`, a named one, ...)."""
    if isinstance(choice, dict):
        kind, mode = choice.get("type"), choice.get("mode")
        return kind == "function" or (kind == "allowed_tools" and mode == "required")
    return bool(choice == "required")


def default_reply(body: dict[str, Any], model: str) -> Reply:
    """Return the emulator's own answer to a valid request body.

    Args:
        body: The parsed request.
        model: The routed model (decides the reasoning shape).

    Returns:
        A reply with an optional reasoning item, then function calls or a message.
    """
    text = last_user_text(body.get("input"))
    output: list[Item] = []
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict) and reasoning_enabled(reasoning):
        output.append(default_reasoning(model, text, reasoning))
    visible = respond(body, text)
    if web_search_requested(body, model) and visible and visible[-1].get("type") == "message" and not body.get("text"):
        visible = [*visible[:-1], *web_search_output(body, text)]
    if fusion_requested(body) and visible and visible[-1].get("type") == "message" and not body.get("text"):
        visible = [*visible[:-1], *fusion_output(body, text)]
    if image_requested(body) and visible and visible[-1].get("type") == "message":
        visible = [image_generation_item(revised_prompt=text), *visible]
    top = body.get("top_logprobs")
    if isinstance(top, int) and not isinstance(top, bool):
        visible = with_logprobs(visible, top)
    return Reply(output + visible)


def respond(body: dict[str, Any], text: str) -> list[Item]:
    """Return the visible output items for `body`, in the documented evaluation order.

    1. The last input item is a tool's output and `tool_choice` does not force a
       call (absent, `"auto"`, `"none"`, `allowed_tools` in `"auto"` mode or a hosted tool):
       no call; a text answer that quotes the tool output (under a JSON `text.format` the
       answer is JSON instead, as a real model's would be).
    2. A forced tool (`{"type": "function", "name"}`, `"required"` or `allowed_tools` in
       `"required"` mode, among the allowed tools) is called.
    3. Unforced, a tool is called only if a long token of its name is in the user text.
       Two or more tools named outright give parallel calls unless
       `parallel_tool_calls` is false (see `chosen_tools`).
    4. `text.format` `json_schema`: an instance of the schema.
    5. `json_object`: an object keyed by the prompt's single-quoted words.
    6. Plain text: a media description, a horror story, a haiku or a greeting.

    Args:
        body: The parsed request.
        text: The last user message.

    Returns:
        `function_call` (or `custom_tool_call`, for a custom tool: the user's words as its input)
        items, or one assistant message.
    """
    cues = Cues(text)
    finishing = not forces_a_call(body.get("tool_choice")) and last_tool_output(body.get("input")) is not None
    if not finishing:
        calls = [_call(tool, text, cues) for tool in chosen_tools(body, text)]
        if calls:
            return calls
    return [text_item(_final_text(body, text, cues, finishing=finishing))]


def _call(tool: dict[str, Any], text: str, cues: Cues) -> Item:
    # A custom tool takes free text: the user's words are its input.
    if tool.get("type") == "custom":
        return custom_tool_call_item(tool["name"], text)
    return function_call_item(tool["name"], _arguments(tool, cues))


def _arguments(tool: dict[str, Any], cues: Cues) -> str:
    arguments = synthesize(tool.get("parameters"), cues)
    return to_json(arguments if isinstance(arguments, dict) else {})


def _final_text(body: dict[str, Any], text: str, cues: Cues, *, finishing: bool) -> str:
    text_options = body.get("text")
    fmt = text_options.get("format") if isinstance(text_options, dict) else None
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if isinstance(fmt, dict) and kind == "json_schema":
        return to_json(synthesize(fmt.get("schema"), cues))
    if kind == "json_object":
        return to_json(keyed_object(text))
    if finishing:
        return tool_output_answer(last_tool_output(body.get("input")))
    return answer(text, last_user_content(body.get("input")))


def reasoning_enabled(reasoning: Any) -> bool:
    """Whether a `reasoning` request field turns reasoning on."""
    if not isinstance(reasoning, dict) or not reasoning:
        return False
    return reasoning.get("effort") != "none" and reasoning.get("enabled") is not False


def reasoning_text(text: str) -> str:
    """Return a short plausible thought about answering `text`."""
    if "horror" in text.lower():
        return "The user wants a horror story. Two sentences with a twist at the end will do."
    return "The user greeted me or asked something short. I should answer briefly and quote them."


def default_reasoning(model: str, text: str, reasoning: dict[str, Any]) -> Item:
    """Return a reasoning item shaped like `model`'s provider family."""
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
