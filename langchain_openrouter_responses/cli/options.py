"""`-o/--option KEY VALUE`: any model setting, with values parsed as JSON where possible."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

# The settings of `ChatOpenRouterResponses` that `-o` may set (the key, URL, model and
# fallbacks have their own flags; HTTP clients and headers make no sense on a command line).
OPTION_KEYS = (
    "app_categories",
    "app_title",
    "app_url",
    "cache_control",
    "debug",
    "deferred_tools",
    "frequency_penalty",
    "http_async_transport",
    "image_config",
    "include",
    "max_connections",
    "max_output_tokens",
    "max_retries",
    "max_tool_calls",
    "modalities",
    "plugins",
    "presence_penalty",
    "prompt_cache_key",
    "prompt_cache_options",
    "provider",
    "reasoning",
    "request_metadata",
    "request_timeout",
    "routing_metadata",
    "safety_identifier",
    "service_tier",
    "session_id",
    "stop_sequences",
    "stop_server_tools_when",
    "stream_chunk_coalesce",
    "stream_chunk_timeout",
    "temperature",
    "top_k",
    "top_logprobs",
    "top_p",
    "trace",
    "truncation",
    "user",
    "verbosity",
)
# Settings that are objects: `-o provider.sort price` sets one of their keys.
NESTED_KEYS = (
    "cache_control",
    "debug",
    "deferred_tools",
    "image_config",
    "prompt_cache_options",
    "provider",
    "reasoning",
    "request_metadata",
    "trace",
)


class OptionError(ValueError):
    """An `-o` key that is not a model setting."""


def valid_keys_text() -> str:
    """Describe the accepted keys for an error message.

    Returns:
        The keys, comma-separated, with the dotted forms.
    """
    return ", ".join(OPTION_KEYS) + "; and " + ", ".join(f"{key}.KEY" for key in NESTED_KEYS)


def parse_value(text: str) -> Any:
    """Read an option value: JSON when it parses (`0.2`, `true`, `["a"]`), else the string.

    Args:
        text: The value as typed.

    Returns:
        The value.
    """
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_options(pairs: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Turn `-o KEY VALUE` pairs into model settings.

    Args:
        pairs: The pairs in command-line order (a later one wins).

    Returns:
        Settings for `ChatOpenRouterResponses` (dotted keys become nested dicts).

    Raises:
        OptionError: A key that is not a model setting.
    """
    settings: dict[str, Any] = {}
    for key, raw in pairs:
        value = parse_value(raw)
        head, dot, rest = key.partition(".")
        if dot and head in NESTED_KEYS and rest:
            nested = settings.get(head)
            settings[head] = {**(nested if isinstance(nested, dict) else {}), rest: value}
        elif not dot and key in OPTION_KEYS:
            settings[key] = value
        else:
            raise OptionError(f"unknown option {key!r}; valid keys: {valid_keys_text()}")
    return settings


def apply_model_flags(
    settings: dict[str, Any], fallback: Sequence[str] | None, effort: str | None, options: Any
) -> None:
    """Add the model flags shared by prompts and batches to `settings`: `-f`, `-r` and `-o`.

    An `-o` value for an object setting (`provider`, `reasoning`, ...) is merged into what the
    other flags set, so `-r high -o reasoning.summary auto` keeps both.
    """
    if fallback:
        settings["models"] = list(fallback)
    if effort:
        settings["reasoning"] = {"effort": effort}
    for key, value in parse_options(options).items():
        merged = settings.get(key)
        settings[key] = {**merged, **value} if isinstance(merged, dict) and isinstance(value, dict) else value


def describe(error: ValueError) -> str:
    """Say what is wrong with a setting in one line: what is allowed and how to write it.

    pydantic reports each member of a union (`provider.sort` takes a name or an object) as its
    own error under a location naming the member; those are merged into one sentence per setting.

    Args:
        error: A `ValueError` (often a pydantic `ValidationError`).

    Returns:
        One sentence per wrong setting, joined by `; `.
    """
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return str(error)
    problems: dict[str, list[dict[str, Any]]] = {}
    for item in errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if _is_setting_name(part))
        problems.setdefault(where, []).append(item)
    return "; ".join(_sentence(where, items) for where, items in problems.items())


def _is_setting_name(part: Any) -> bool:
    """Tell a setting's name (or a list index) from the name of a union member pydantic adds."""
    return isinstance(part, int) or (isinstance(part, str) and part.isidentifier() and part.islower())


def _sentence(where: str, items: list[dict[str, Any]]) -> str:
    messages = list(dict.fromkeys(str(item.get("msg", "")).removeprefix("Value error, ") for item in items))
    if len(messages) == 1 and (not where or where in messages[0]):
        return messages[0]
    if all(item.get("type") == "value_error" for item in items):  # a validator's own sentence
        return f"{where}: {'; '.join(messages)}"
    allowed = [message.removeprefix("Input should be ") for message in messages]
    value = items[0].get("input")
    text = f"{where}: {value!r} is not valid; it should be {', or '.join(allowed)}"
    kinds = {str(item.get("type")) for item in items}
    if "list_type" in kinds:
        example = json.dumps([value] if isinstance(value, str) else ["a", "b"])
        text += f"; write a list as JSON, e.g. -o {where} '{example}'"
    elif "model_type" in kinds or "dict_type" in kinds:
        text += f'; write an object as JSON, e.g. -o {where} \'{{"key": "value"}}\''
    return text


def positive_usd(text: str) -> float:
    """Parse a `--max-cost` value: a positive amount of USD credits (the chat and batch commands).

    Args:
        text: The value as typed.

    Returns:
        The amount.

    Raises:
        argparse.ArgumentTypeError: Not a number, or not above zero.
    """
    try:
        amount = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount of USD, e.g. --max-cost 0.50") from None
    if not amount > 0:
        raise argparse.ArgumentTypeError(
            f"{text} is not a positive amount of USD, e.g. --max-cost 0.50 (a cap must allow some spending)"
        )
    return amount


def add_endpoint_flags(parser: argparse.ArgumentParser) -> None:
    """Add the flags `run.endpoint` reads: `--key`, `--base-url`, `--allow-insecure-base-url`, `--offline`.

    Args:
        parser: The command's parser (the prompt command, `batch` or `key`).
    """
    add = parser.add_argument
    add("--key", help="API key (overrides OPENROUTER_API_KEY)")
    add("--base-url", metavar="URL", help="API base URL (overrides OPENROUTER_BASE_URL)")
    add("--allow-insecure-base-url", action="store_true", help="accept a plain-http base URL on a remote host")
    add("--offline", action="store_true", help="use the bundled emulator even with a key")
