"""LangChain messages and model settings → an OpenRouter Responses request body.

Pure functions over plain dicts. OpenRouter's Responses API is stateless, so the
whole history is converted on every call; items this package produced earlier
(kept in content block `extras["item"]`, or `value["item"]` of `non_standard`
blocks) are replayed
exactly as OpenRouter returned them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolCall,
    ToolMessage,
)
from langchain_core.utils.json import parse_partial_json

from langchain_openrouter_responses._wire.items import ITEM_KEY, raw_item  # noqa: F401 (ITEM_KEY: re-exported for older imports)
from langchain_openrouter_responses._wire.parts import MessageConversionError, input_part
from langchain_openrouter_responses._wire.tools import flatten_tool_choice, flatten_tools, text_format
from langchain_openrouter_responses.routing import Plugin, ProviderPreferences

_ROLE_ALIASES = {"human": "user", "user": "user", "system": "system", "developer": "developer"}


def messages_to_input(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """Convert a LangChain history to Responses `input` items.

    Args:
        messages: The conversation, oldest first.

    Returns:
        The `input` array for the request.

    Raises:
        MessageConversionError: A message type, role or block cannot be sent.
    """
    items: list[dict[str, Any]] = []
    for message in messages:
        if isinstance(message, AIMessage):
            items.extend(ai_message_to_items(message))
        elif isinstance(message, ToolMessage):
            items.append(tool_message_to_item(message))
        else:
            items.append(_role_message_to_item(message))
    return items


def _role_message_to_item(message: BaseMessage) -> dict[str, Any]:
    role = _role_of(message)
    content = message.content
    if isinstance(content, str):
        return {"type": "message", "role": role, "content": content}
    parts = [input_part(block, f"a {role} message") for block in content]
    return {"type": "message", "role": role, "content": parts}


def _role_of(message: BaseMessage) -> str:
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, SystemMessage):
        override = message.additional_kwargs.get("__openai_role__")
        return "developer" if override == "developer" else "system"
    if isinstance(message, ChatMessage):
        role = _ROLE_ALIASES.get(message.role)
        if role is None:
            raise MessageConversionError(
                f"ChatMessage role {message.role!r} is not supported by the Responses API. "
                "Use one of 'user', 'system', 'developer', or an AIMessage / ToolMessage."
            )
        return role
    if isinstance(message, FunctionMessage):
        raise MessageConversionError(
            "FunctionMessage is the legacy function-calling format; use ToolMessage with tool_call_id."
        )
    raise MessageConversionError(
        f"Cannot send a {type(message).__name__}: expected HumanMessage, SystemMessage, "
        "AIMessage, ToolMessage or ChatMessage."
    )


def ai_message_to_items(message: AIMessage) -> list[dict[str, Any]]:
    """Convert an assistant turn to output items for replay.

    Items this package received from OpenRouter are replayed verbatim and in
    their original order, unless the message was edited since: changed text and
    changed tool-call arguments are sent as edited, and tool calls removed from
    `tool_calls` are left out. Text written by hand becomes an assistant
    message; tool calls not already replayed become `function_call` items.

    Args:
        message: The assistant message.

    Returns:
        Input items representing the turn.
    """
    content = message.content
    blocks: list[str | dict[str, Any]] = [content] if isinstance(content, str) else list(content)
    items = _content_to_items(blocks, _Edits.of(message, blocks))
    return items + _missing_function_calls(message, items)


class _Edits:
    """What the message says now, to compare raw items against."""

    __slots__ = ("calls", "invalid_call_ids", "texts")

    def __init__(self, calls: dict[str, ToolCall], invalid_call_ids: set[str], texts: dict[str, list[str]]) -> None:
        self.calls = calls
        self.invalid_call_ids = invalid_call_ids
        self.texts = texts

    @classmethod
    def of(cls, message: AIMessage, blocks: list[str | dict[str, Any]]) -> _Edits:
        texts: dict[str, list[str]] = {}
        for block in blocks:
            if isinstance(block, dict) and block.get("type") == "text" and block.get("id"):
                texts.setdefault(str(block["id"]), []).append(str(block.get("text", "")))
        calls = {str(call["id"]): call for call in message.tool_calls if call.get("id")}
        invalid = {str(call["id"]) for call in message.invalid_tool_calls if call.get("id")}
        return cls(calls, invalid, texts)

    def apply(self, item: dict[str, Any]) -> dict[str, Any] | None:
        """The item as the message now has it, or None if it was removed."""
        if item.get("type") == "function_call":
            return self._function_call(item)
        if item.get("type") == "message" and item.get("id") in self.texts:
            return _with_texts(item, self.texts[item["id"]])
        return item

    def _function_call(self, item: dict[str, Any]) -> dict[str, Any] | None:
        call_id = str(item.get("call_id"))
        if call_id in self.invalid_call_ids:
            return item
        call = self.calls.get(call_id)
        if call is None:
            return None
        # Streams parse arguments leniently (as langchain-core does), so compare the same way:
        # a call whose arguments were cut off still replays exactly as received.
        unchanged = parse_partial_json(item.get("arguments") or "{}") == call["args"]
        return item if unchanged else {**item, "arguments": json.dumps(call["args"], ensure_ascii=False)}


def _with_texts(item: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    parts = item.get("content")
    if not isinstance(parts, list):
        return item
    text_parts = [part for part in parts if isinstance(part, dict) and part.get("type") == "output_text"]
    if [part.get("text") for part in text_parts] == texts:
        return item
    if len(text_parts) != len(texts):
        return {**item, "content": [{"type": "output_text", "text": text, "annotations": []} for text in texts]}
    edited = iter(texts)
    new_parts = [{**part, "text": next(edited)} if part in text_parts else part for part in parts]
    return {**item, "content": new_parts}


def _content_to_items(blocks: list[str | dict[str, Any]], edits: _Edits) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    replayed_ids: set[str] = set()
    loose_text: list[str] = []
    for block in blocks:
        raw = raw_item(block)
        if raw is not None:
            _flush_text(loose_text, items)
            current = edits.apply(raw) if raw.get("id") not in replayed_ids or raw.get("id") is None else None
            if current is not None:
                items.append(_with_required_id(current))
            if raw.get("id"):
                replayed_ids.add(raw["id"])
        elif isinstance(block, str):
            loose_text.append(block)
        elif isinstance(block, dict) and block.get("id") in replayed_ids:
            continue  # a further part of a message item already replayed whole
        elif isinstance(block, dict) and block.get("type") == "text":
            loose_text.append(str(block.get("text", "")))
    _flush_text(loose_text, items)
    return items


def _with_required_id(item: dict[str, Any]) -> dict[str, Any]:
    # OpenRouter's schema requires an id on function_call items, but Anthropic calls
    # come back without one. Derive it from call_id (never random) so the replayed
    # prefix stays identical across turns and provider prompt caches keep hitting.
    if item.get("type") == "function_call" and not item.get("id") and item.get("call_id"):
        return {**item, "id": _function_call_id(item["call_id"])}
    return item


def _function_call_id(call_id: str) -> str:
    return call_id if call_id.startswith(("fc_", "toolu_")) else f"fc_{call_id}"


def _flush_text(loose_text: list[str], items: list[dict[str, Any]]) -> None:
    text = "".join(loose_text)
    loose_text.clear()
    if text:
        items.append(_assistant_text_item(text))


def _assistant_text_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": text}


def _missing_function_calls(message: AIMessage, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sent = {item.get("call_id") for item in items if item.get("type") == "function_call"}
    return [
        {
            "type": "function_call",
            "id": _function_call_id(str(call["id"])),
            "call_id": call["id"],
            "name": call["name"],
            "arguments": json.dumps(call["args"], ensure_ascii=False),
        }
        for call in message.tool_calls
        if call.get("id") and call["id"] not in sent
    ]


def tool_message_to_item(message: ToolMessage) -> dict[str, Any]:
    """Convert a tool result to a `function_call_output` item.

    Args:
        message: The tool's result.

    Returns:
        The item: string output for text; a list of `input_*` parts when the
        result holds images or files (as MCP tools return); JSON text for
        unknown blocks, so nothing is dropped.

    Raises:
        MessageConversionError: The result holds audio or video, which tool
            output cannot carry.
    """
    output = _tool_output(message.content, message.tool_call_id)
    return {"type": "function_call_output", "call_id": message.tool_call_id, "output": output}


TOOL_OUTPUT_PARTS = ("input_text", "input_image", "input_file")
"""The only parts `function_call_output.output` takes (reference §2.2(d)): no audio, no video."""


def _tool_output(content: str | list[str | dict[str, Any]], call_id: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    if all(isinstance(block, str) or block.get("type") == "text" for block in content):
        return "".join(block if isinstance(block, str) else str(block.get("text", "")) for block in content)
    try:
        parts = [input_part(block, "a tool result") for block in content]
    except MessageConversionError:
        return json.dumps(content, ensure_ascii=False, default=str)
    for block, part in zip(content, parts, strict=True):
        _check_tool_output_part(block, part, call_id)
    return parts


def _check_tool_output_part(block: Any, part: dict[str, Any], call_id: str) -> None:
    if part["type"] in TOOL_OUTPUT_PARTS:
        return
    kind = block.get("type") if isinstance(block, dict) else type(block).__name__
    raise MessageConversionError(
        f"The tool result for call {call_id!r} holds a {kind!r} block, which OpenRouter cannot take as tool output: "
        f"function_call_output accepts only {', '.join(TOOL_OUTPUT_PARTS)} parts (text, images and files). "
        "Return text from the tool, or send the media in a HumanMessage after the ToolMessage "
        "(user messages accept audio and video)."
    )


_REASONING_VALUES: dict[str, tuple[Any, ...]] = {
    "effort": ("none", "minimal", "low", "medium", "high", "xhigh", "max"),
    "summary": ("auto", "concise", "detailed"),
    "context": ("auto", "all_turns", "current_turn"),
    "mode": ("standard", "pro"),
}
_REASONING_KEYS = ("effort", "summary", "enabled", "max_tokens", "context", "mode")
ENCRYPTED_REASONING = "reasoning.encrypted_content"
_STATEFUL_KEYS = ("previous_response_id", "conversation", "use_previous_response_id")
_CALL_KEY_ALIASES = {"max_tokens": "max_output_tokens", "model_name": "model", "request_metadata": "metadata"}


_MODEL_ID = re.compile(
    r"""
    ~?[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:[a-z0-9][a-z0-9._-]*)?  # [~]vendor/name[:variant]
    | @preset/[a-z0-9][a-z0-9._-]*                                       # a saved preset
    """,
    re.VERBOSE | re.IGNORECASE,
)


def validate_model(model: Any, parameter: str = "model") -> str:
    """Check that a model id has a form OpenRouter routes.

    Args:
        model: The id, e.g. `"openai/gpt-4o"`, `"meta-llama/llama-3.3-70b-instruct:free"`,
            `"openrouter/auto"`, `"~anthropic/claude-sonnet-latest"` or `"@preset/my-preset"`.
        parameter: The parameter's name, for the error message.

    Returns:
        The id.

    Raises:
        ValueError: The id is not a string of one of those forms (empty, blank, no vendor, ...).
    """
    if isinstance(model, str) and _MODEL_ID.fullmatch(model):
        return model
    raise ValueError(
        f"{parameter}={model!r} is not an OpenRouter model id. Use 'vendor/name' such as 'openai/gpt-4o', "
        "optionally with a ':variant' such as ':free' or ':online'; 'openrouter/auto'; a "
        "'~vendor/name-latest' alias; or a preset '@preset/name'."
    )


def validate_models(models: Any) -> list[str] | None:
    """Check each fallback model id (see `validate_model`).

    Args:
        models: None or a list of model ids.

    Returns:
        The list (None when unset).

    Raises:
        ValueError: `models` is not a list, or one entry is not a model id.
    """
    if models is None:
        return None
    if not isinstance(models, list | tuple):
        raise ValueError(f"models must be a list of model ids such as ['openai/gpt-4o'], got {models!r}.")  # noqa: TRY004 (pydantic reports ValueError only)
    return [validate_model(model, f"models[{position}]") for position, model in enumerate(models)]


def validate_reasoning(reasoning: Any) -> dict[str, Any] | None:
    """Check a `reasoning` setting against what OpenRouter accepts.

    Args:
        reasoning: None or a dict such as `{"effort": "high"}`.

    Returns:
        The dict (None when unset or empty, since some models reject `{}`).

    Raises:
        ValueError: An unknown key, a bad value, or both `effort` and `max_tokens`.
    """
    if reasoning is None:
        return None
    if not isinstance(reasoning, dict):
        # ValueError, not TypeError: pydantic turns only ValueError into a ValidationError.
        raise ValueError(f"reasoning must be a dict such as {{'effort': 'high'}}, got {reasoning!r}.")  # noqa: TRY004
    unknown = sorted(set(reasoning) - set(_REASONING_KEYS))
    if unknown:
        raise ValueError(f"Unknown reasoning key(s) {unknown}; accepted keys are {list(_REASONING_KEYS)}.")
    for key, allowed in _REASONING_VALUES.items():
        if key in reasoning and reasoning[key] is not None and reasoning[key] not in allowed:
            raise ValueError(f"reasoning[{key!r}]={reasoning[key]!r} is invalid; use one of {list(allowed)}.")
    if "enabled" in reasoning and not isinstance(reasoning["enabled"], bool):
        raise ValueError(f"reasoning['enabled'] must be True or False, got {reasoning['enabled']!r}.")
    budget = reasoning.get("max_tokens")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0):
        raise ValueError(f"reasoning['max_tokens'] must be a positive integer, got {budget!r}.")
    if reasoning.get("effort") is not None and budget is not None:
        raise ValueError("reasoning sets both 'effort' and 'max_tokens'; OpenRouter takes one or the other.")
    return dict(reasoning) or None


def reasoning_requested(reasoning: dict[str, Any] | None) -> bool:
    """Tell whether a reasoning setting asks the model to reason.

    Args:
        reasoning: A validated reasoning dict or None.

    Returns:
        False when unset, `enabled` is False or `effort` is "none".
    """
    if not reasoning:
        return False
    return reasoning.get("enabled") is not False and reasoning.get("effort") != "none"


def reject_stateful(params: dict[str, Any]) -> None:
    """Refuse parameters that only make sense for a stateful server.

    Args:
        params: Constructor extras or per-call keyword arguments.

    Raises:
        ValueError: `previous_response_id` (or similar) or `store=True` was given.
    """
    for key in _STATEFUL_KEYS:
        if params.get(key) not in (None, False):
            raise ValueError(
                f"{key} is not supported: OpenRouter's Responses API is stateless and keeps no "
                "responses. Pass the whole conversation instead (this model resends the history, "
                "including reasoning, on every call); use session_id for sticky routing."
            )
    if params.get("store"):
        raise ValueError(
            "store=True is not supported: OpenRouter's Responses API is stateless and rejects it. "
            "Leave store unset (False)."
        )


def _provider_body(value: Any) -> Any:
    return ProviderPreferences.model_validate(value).to_body() if value is not None else None


def _plugins_body(value: Any) -> Any:
    return [Plugin.model_validate(plugin).model_dump() for plugin in value] if value is not None else None


_CALL_VALUE_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "model": validate_model,
    "model_name": validate_model,
    "models": validate_models,
    "provider": _provider_body,
    "plugins": _plugins_body,
    "reasoning": validate_reasoning,
}


def build_body(
    defaults: dict[str, Any],
    messages: Sequence[BaseMessage],
    call_kwargs: dict[str, Any],
    *,
    stream: bool,
) -> dict[str, Any]:
    """Assemble the JSON body for `POST /responses`.

    Args:
        defaults: Body fields from the model's settings (already in wire names).
        messages: The conversation.
        call_kwargs: Per-call overrides, in LangChain or wire names.
        stream: Whether to ask for SSE.

    Returns:
        The request body.
    """
    body = dict(defaults)
    if call_kwargs:
        reject_stateful(call_kwargs)
        for key, value in call_kwargs.items():
            convert = _CALL_VALUE_CONVERTERS.get(key)
            body[_CALL_KEY_ALIASES.get(key, key)] = convert(value) if convert else value
        if "verbosity" in body:
            _set_verbosity(body, body.pop("verbosity"))
        if isinstance(body.get("stop"), str):
            body["stop"] = [body["stop"]]
        if not body.get("stop"):
            body.pop("stop", None)
        for key in [k for k, v in body.items() if v is None]:
            del body[key]
        add_reasoning_include(body)
    _convert_tool_settings(body)
    body["input"] = messages_to_input(messages)
    if stream:
        body["stream"] = True
    return body


def _set_verbosity(body: dict[str, Any], verbosity: Any) -> None:
    text = {key: value for key, value in (body.get("text") or {}).items() if key != "verbosity"}
    if verbosity is not None:
        text["verbosity"] = verbosity
    if text:
        body["text"] = text
    else:
        body.pop("text", None)


def _convert_tool_settings(body: dict[str, Any]) -> None:
    if "tools" in body:
        tools = flatten_tools(body["tools"])
        if tools:
            body["tools"] = tools
        else:
            del body["tools"]
    if "tool_choice" in body:
        body["tool_choice"] = flatten_tool_choice(body["tool_choice"])
    if "response_format" in body:
        text = dict(body.get("text") or {})
        text["format"] = text_format(body.pop("response_format"))
        body["text"] = text


def add_reasoning_include(body: dict[str, Any]) -> None:
    """Ask for encrypted reasoning whenever reasoning is on, so it can be replayed.

    Args:
        body: The request body, updated in place.
    """
    if not reasoning_requested(body.get("reasoning")):
        return
    include = list(body.get("include") or [])
    if ENCRYPTED_REASONING not in include:
        include.append(ENCRYPTED_REASONING)
    body["include"] = include
