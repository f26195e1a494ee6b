"""Public request settings of `ChatOpenRouterResponses`: OpenRouter's routing and request extras.

`RequestSettings` holds the fields that become top-level request body fields
(`_wire/body.py: settings_body` reads them); the chat model inherits them. The
typed values (cache directives, image options, stop conditions) live here too.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from langchain_openrouter_responses.routing import Plugin, ProviderPreferences


class CacheControl(BaseModel):
    """Anthropic-style prompt-cache directive, `{"type": "ephemeral", "ttl": "5m" | "1h"}`.

    At the top level of a request (`cache_control=` on the model) it turns on automatic
    caching (the breakpoint goes on the last cacheable block); on a content block it marks
    an explicit breakpoint.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal["ephemeral"] = "ephemeral"
    ttl: Literal["5m", "1h"] | None = None


class PromptCacheOptions(BaseModel):
    """OpenAI GPT-5.6+ prompt-cache controls, sent as `prompt_cache_options`.

    `mode="explicit"` disables OpenAI's implicit breakpoint, so only parts marked with
    `prompt_cache_breakpoint` (see `explicit_breakpoint`) are cached.
    """

    model_config = ConfigDict(extra="forbid")

    mode: Literal["explicit"] = "explicit"
    ttl: str | None = None
    """Minimum lifetime of each breakpoint; `"30m"` (the default) is the only value OpenAI takes today."""


class ImageConfig(BaseModel):
    """Image-generation options, sent as `image_config` (provider-specific keys pass through)."""

    model_config = ConfigDict(extra="allow")

    aspect_ratio: str | None = None
    """For example `"16:9"` (Gemini image models)."""
    image_size: str | None = None
    """For example `"1K"`, `"2K"`, `"4K"`."""


class RequestSettings(BaseModel):
    """OpenRouter's routing and request extras, each sent as the body field of its name."""

    provider: ProviderPreferences | None = None
    """Provider routing preferences (a `ProviderPreferences` or an equivalent dict)."""
    plugins: list[Plugin] | None = None
    """Plugins such as `{"id": "web", "max_results": 3}` or `{"id": "file-parser", ...}`."""
    session_id: str | None = None
    """Sticky-routing and cache-affinity key; also groups requests in OpenRouter's logs."""
    trace: dict[str, Any] | None = None
    """Observability metadata (`trace_id`, `trace_name`, `span_name`, ...)."""
    request_metadata: dict[str, str] | None = None
    """Sent as the request's `metadata` (string pairs OpenRouter echoes back). Named
    differently because `metadata` is LangChain's tracing metadata."""
    user: str | None = None
    """End-user identifier."""
    safety_identifier: str | None = None
    """Stable per-end-user identifier, hashed before it reaches providers."""
    top_k: int | None = None
    """Top-k sampling."""
    frequency_penalty: float | None = None
    """Frequency penalty."""
    presence_penalty: float | None = None
    """Presence penalty."""
    prompt_cache_key: str | None = None
    """Prompt-cache key (OpenAI-style)."""
    service_tier: str | None = None
    """Service tier: `auto`, `default`, `flex`, `priority`, ..."""
    max_tool_calls: int | None = None
    """Budget for OpenRouter server-tool steps (not function tools)."""
    verbosity: Literal["low", "medium", "high", "xhigh", "max"] | None = None
    """Answer length hint, sent as `text.verbosity`."""
    truncation: Literal["auto", "disabled"] | None = None
    """Context truncation strategy."""

    cache_control: CacheControl | None = None
    """Top-level cache directive (automatic prompt caching for Anthropic models)."""
    prompt_cache_options: PromptCacheOptions | None = None
    """OpenAI GPT-5.6+ prompt-cache options (`{"mode": "explicit", "ttl": "30m"}`)."""
    modalities: list[Literal["text", "image"]] | None = None
    """Output modalities; `["image", "text"]` asks an image model for images (returned as `image` blocks)."""
    image_config: ImageConfig | None = None
    """Image-generation options (`aspect_ratio`, `image_size`, provider-specific keys)."""


EXPLICIT_BREAKPOINT = {"mode": "explicit"}


def explicit_breakpoint(block: str | dict[str, Any]) -> dict[str, Any]:
    """Mark a content block as an explicit prompt-cache breakpoint for OpenAI GPT-5.6+ models.

    The block is sent with `prompt_cache_breakpoint: {"mode": "explicit"}`; pair it with
    `prompt_cache_options=PromptCacheOptions(mode="explicit")` to cache only marked prefixes.

    Args:
        block: A text string, or a `text`, `image` or `file` content block.

    Returns:
        A copy of the block (a `text` block for a string) carrying the marker.
    """
    marked: dict[str, Any] = {"type": "text", "text": block} if isinstance(block, str) else dict(block)
    marked["prompt_cache_breakpoint"] = dict(EXPLICIT_BREAKPOINT)
    return marked


def body_value(value: Any) -> Any:
    """A setting as it goes into the request body: pydantic models as JSON objects without unset fields.

    Args:
        value: A setting's value.

    Returns:
        The JSON-ready value.
    """
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True)
    if isinstance(value, list):
        return [body_value(entry) for entry in value]
    return value
