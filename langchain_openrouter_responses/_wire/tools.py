"""Tools, tool choice and response formats: LangChain shapes → Responses wire shapes.

Bound tools are stored in the nested OpenAI chat shape (`{"type": "function",
"function": {...}}`), which LangChain's agent helpers read; they are flattened
into Responses function tools only when a request body is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_function, convert_to_openai_tool

_CHOICE_KEYWORDS = {"auto": "auto", "none": "none", "required": "required", "any": "required"}


def format_tool(tool: Any, *, strict: bool | None = None) -> dict[str, Any]:
    """Convert anything LangChain accepts as a tool to the chat shape.

    Args:
        tool: A BaseTool, function, pydantic model, TypedDict, JSON schema,
            OpenAI-style function dict, or a non-function tool dict (server or
            hosted tools such as `{"type": "openrouter:web_search"}`), which
            passes through unchanged.
        strict: Ask for strict schema adherence.

    Returns:
        The tool in the chat shape, or the non-function dict as given.
    """
    if is_server_tool(tool):
        return tool  # type: ignore[no-any-return]
    return convert_to_openai_tool(tool, strict=strict)


HOSTED_TOOL_TYPES = frozenset(
    {
        "web_search",
        "web_search_preview",
        "web_search_preview_2025_03_11",
        "web_search_2025_08_26",
        "file_search",
        "code_interpreter",
        "computer_use_preview",
        "image_generation",
        "mcp",
        "local_shell",
        "shell",
        "apply_patch",
        "custom",
        "namespace",
    }
)
"""Hosted tool types OpenRouter's Responses schema lists (reference §2.3); they bind as given."""
SERVER_TOOL_PREFIX = "openrouter:"
"""OpenRouter's own server tools (`openrouter:web_search`, `openrouter:datetime`, ...): options under `parameters`."""
_SCHEMA_KEYS = ("function", "input_schema", "parameters", "properties", "title")


def is_server_tool(tool: Any) -> bool:
    """Tell whether a tool dict is a server or hosted tool, which binds exactly as given.

    Any `openrouter:*` type and every hosted type of the spec is one, whatever keys it
    has (their options sit under `parameters`, which is not a function schema there).
    Other unknown types count only when they look like no function or JSON schema.

    Args:
        tool: A tool as passed to `bind_tools`.

    Returns:
        True for server and hosted tools.
    """
    if not isinstance(tool, dict):
        return False
    kind = tool.get("type")
    if not isinstance(kind, str) or kind in {"function", "object"}:
        return False
    if kind.startswith(SERVER_TOOL_PREFIX) or kind in HOSTED_TOOL_TYPES:
        return True
    return not any(key in tool for key in _SCHEMA_KEYS)


def tool_name(tool: dict[str, Any]) -> str | None:
    """Name of a formatted tool (None for server tools without one).

    Args:
        tool: A tool in the chat shape or a server tool dict.

    Returns:
        The function name.
    """
    function = tool.get("function")
    name = function.get("name") if isinstance(function, dict) else tool.get("name")
    return name if isinstance(name, str) else None


def format_tool_choice(choice: Any, tools: Sequence[dict[str, Any]]) -> str | dict[str, Any] | None:
    """Map LangChain's `tool_choice` values to Responses ones.

    Args:
        choice: None, "auto", "none", "required", "any", True, a tool name or a dict.
        tools: The formatted tools being bound.

    Returns:
        The wire value, or None to leave it unset.

    Raises:
        ValueError: For any other value, or a name that is not a bound tool.
    """
    if choice is None:
        return None
    if choice is True:
        return "required"
    if isinstance(choice, str):
        if choice in _CHOICE_KEYWORDS:
            return _CHOICE_KEYWORDS[choice]
        kinds = _bound_kinds(tools)
        if choice not in kinds:
            raise ValueError(
                f"tool_choice={choice!r} names no bound tool; bound tools are {list(kinds)}. "
                "Use 'auto', 'none', 'required', 'any', True, or one of those names."
            )
        return _forced_custom(choice) if kinds[choice] == "custom" else {"type": "function", "name": choice}
    if isinstance(choice, dict):
        flat: dict[str, Any] = flatten_tool_choice(choice)
        return flat
    raise ValueError(
        f"tool_choice={choice!r} is not supported; use None, 'auto', 'none', 'required', 'any', True, "
        "a tool name, or a dict such as {'type': 'function', 'name': 'my_tool'}."
    )


def _bound_kinds(tools: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The `type` of each named bound tool, by name (the first tool of a name wins)."""
    kinds: dict[str, Any] = {}
    for tool in tools:
        if name := tool_name(tool):
            kinds.setdefault(name, tool.get("type"))
    return kinds


def _forced_custom(name: Any) -> dict[str, Any]:
    # OpenRouter's schema has no `{"type": "custom", "name"}` choice (OpenAI's form); an
    # `allowed_tools` choice in "required" mode listing only that tool means the same.
    return {"type": "allowed_tools", "mode": "required", "tools": [{"type": "custom", "name": name}]}


def flatten_tool_choice(choice: Any) -> Any:
    """Flatten a chat-shaped `{"type": "function", "function": {"name"}}` choice; rewrite OpenAI's custom one.

    Args:
        choice: A tool choice value.

    Returns:
        The Responses shape OpenRouter's schema accepts (other values unchanged). OpenAI's
        `{"type": "custom", "name": ...}` becomes `allowed_tools` in "required" mode listing only
        that tool, since OpenRouter's schema has no custom tool choice.
    """
    if isinstance(choice, dict) and isinstance(choice.get("function"), dict):
        return {"type": "function", "name": choice["function"].get("name")}
    if isinstance(choice, dict) and choice.get("type") == "custom" and set(choice) == {"type", "name"}:
        return _forced_custom(choice["name"])
    return choice


def flatten_tools(tools: Sequence[Any]) -> list[dict[str, Any]]:
    """Turn stored chat-shaped tools into flat Responses function tools.

    Args:
        tools: Bound or per-call tools: chat shape, already flat, server tools, or anything
            `format_tool` accepts (including function dicts without a `type`).

    Returns:
        Tools for the request body.
    """
    flat: list[dict[str, Any]] = []
    for tool in tools:
        # A dict without a type is an OpenAI-style function or a JSON schema: format it like any tool.
        formatted = tool if isinstance(tool, dict) and "type" in tool else format_tool(tool)
        function = formatted.get("function")
        if formatted.get("type") == "function" and isinstance(function, dict):
            flat.append({"type": "function", **function})
        else:
            flat.append(formatted)
    return flat


def text_format(response_format: Any) -> dict[str, Any]:
    """Map a response format to Responses `text.format`.

    Accepts the chat shape `{"type": "json_schema", "json_schema": {name, schema,
    strict}}` (what `create_agent` sends), the flat Responses shape,
    `{"type": "json_object"}`, or a schema (pydantic model, TypedDict, JSON schema).

    Args:
        response_format: The format or schema.

    Returns:
        The `text.format` object.
    """
    if isinstance(response_format, dict) and response_format.get("type") in {"json_object", "text"}:
        return {"type": response_format["type"]}
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        nested = response_format.get("json_schema")
        return {"type": "json_schema", **nested} if isinstance(nested, dict) else dict(response_format)
    return json_schema_format(response_format)


def json_schema_format(schema: Any, *, strict: bool | None = None) -> dict[str, Any]:
    """Build a `json_schema` text format from a pydantic model, TypedDict or JSON schema.

    Args:
        schema: The output schema.
        strict: Ask for strict adherence (None leaves it to the provider).

    Returns:
        `{"type": "json_schema", "name", "schema", "strict"?, "description"?}`.
    """
    function = convert_to_openai_function(schema, strict=strict)
    text_format: dict[str, Any] = {
        "type": "json_schema",
        "name": function["name"],
        "schema": function.get("parameters") or {"type": "object", "properties": {}},
    }
    if function.get("description"):
        text_format["description"] = function["description"]
    if strict is not None:
        text_format["strict"] = strict
    return text_format


def mark_deferred(tools: list[dict[str, Any]], chosen: bool | Sequence[str]) -> list[dict[str, Any]]:
    """Mark function tools `defer_loading: true`, so a tool-search tool loads them only when needed.

    Args:
        tools: Formatted tools (chat-shaped functions and server tools).
        chosen: True for every function tool, or the names of those to defer.

    Returns:
        The tools, the chosen functions copied with the marker.

    Raises:
        ValueError: A name is not one of the bound function tools (or names a string, not a list).
    """
    if isinstance(chosen, str):
        raise ValueError(f"defer_loading takes True or a list of tool names, not the string {chosen!r}.")  # noqa: TRY004 - a value error to the caller
    names = {tool_name(tool) for tool in tools if isinstance(tool.get("function"), dict)}
    wanted = names if isinstance(chosen, bool) else set(chosen)
    if unknown := sorted(str(name) for name in wanted - names):
        raise ValueError(
            f"defer_loading names {unknown}, which are not bound function tools ({sorted(map(str, names))})."
        )
    marked = []
    for tool in tools:
        function = tool.get("function")
        if isinstance(function, dict) and function.get("name") in wanted:
            tool = {**tool, "function": {**function, "defer_loading": True}}  # noqa: PLW2901 - a marked copy
        marked.append(tool)
    return marked


def tool_bindings(
    tools: Sequence[Any],
    tool_choice: Any,
    *,
    strict: bool | None,
    parallel_tool_calls: bool | None,
    defer_loading: bool | Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return what `bind_tools` binds: the tools in the Responses shape, the choice and parallelism.

    Args:
        tools: BaseTools, functions, pydantic models, TypedDicts, JSON schemas, function or server-tool dicts.
        tool_choice: LangChain's tool choice (see `format_tool_choice`).
        strict: Ask for strict schema adherence in tool arguments.
        parallel_tool_calls: Allow or forbid several calls in one turn (None: the provider's default).
        defer_loading: Function tools to mark `defer_loading: true` (True: every one).

    Returns:
        Keyword arguments for `Runnable.bind`.
    """
    formatted = [format_tool(tool, strict=strict) for tool in tools]
    if defer_loading:
        formatted = mark_deferred(formatted, defer_loading)
    bound: dict[str, Any] = {"tools": formatted}
    if (choice := format_tool_choice(tool_choice, formatted)) is not None:
        bound["tool_choice"] = choice
    if parallel_tool_calls is not None:
        bound["parallel_tool_calls"] = parallel_tool_calls
    return bound
