"""Public request settings of `ChatOpenRouterResponses`: OpenRouter's routing and request extras.

`RequestSettings` holds the fields that become top-level request body fields
(`_wire/body.py: settings_body` reads them); the chat model inherits them. The
typed values (cache directives, image options, stop conditions) live here too.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from langchain_core.utils import from_env
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from langchain_openrouter_responses._open_options import OpenRouterOptions
from langchain_openrouter_responses.routing import AnyPlugin, ProviderPreferences


class CacheControl(OpenRouterOptions):
    """Anthropic-style prompt-cache directive, `{"type": "ephemeral", "ttl": "5m" | "1h"}`.

    At the top level of a request (`cache_control=` on the model) it turns on automatic
    caching (the breakpoint goes on the last cacheable block); on a content block it marks
    an explicit breakpoint.
    """

    option_name: ClassVar[str] = "cache_control"

    type: Literal["ephemeral"] = "ephemeral"
    ttl: Literal["5m", "1h"] | None = None


class PromptCacheOptions(OpenRouterOptions):
    """OpenAI GPT-5.6+ prompt-cache controls, sent as `prompt_cache_options`.

    `mode="explicit"` disables OpenAI's implicit breakpoint, so only parts marked with
    `prompt_cache_breakpoint` (see `explicit_breakpoint`) are cached.
    """

    option_name: ClassVar[str] = "prompt_cache_options"

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


class StepCountIs(OpenRouterOptions):
    """Stop the server-tool loop after this many steps."""

    option_name: ClassVar[str] = "stop condition 'step_count_is'"

    type: Literal["step_count_is"] = "step_count_is"
    step_count: int = Field(ge=1)


class HasToolCall(OpenRouterOptions):
    """Stop the server-tool loop once the named tool has been called."""

    option_name: ClassVar[str] = "stop condition 'has_tool_call'"

    type: Literal["has_tool_call"] = "has_tool_call"
    tool_name: str = Field(min_length=1)


class MaxCost(OpenRouterOptions):
    """Stop the server-tool loop once it has cost this much (USD)."""

    option_name: ClassVar[str] = "stop condition 'max_cost'"

    type: Literal["max_cost"] = "max_cost"
    max_cost_in_dollars: float = Field(gt=0)


class MaxTokensUsed(OpenRouterOptions):
    """Stop the server-tool loop once it has used this many tokens."""

    option_name: ClassVar[str] = "stop condition 'max_tokens_used'"

    type: Literal["max_tokens_used"] = "max_tokens_used"
    max_tokens: int = Field(ge=1)


class FinishReasonIs(OpenRouterOptions):
    """Stop the server-tool loop when a step finishes for this reason (e.g. `"stop"`)."""

    option_name: ClassVar[str] = "stop condition 'finish_reason_is'"

    type: Literal["finish_reason_is"] = "finish_reason_is"
    reason: str = Field(min_length=1)


StopCondition = Annotated[
    StepCountIs | HasToolCall | MaxCost | MaxTokensUsed | FinishReasonIs, Field(discriminator="type")
]
"""One condition of `stop_server_tools_when` (a model or an equivalent dict with its `type`)."""
_STOP_CONDITIONS: TypeAdapter[list[StopCondition]] = TypeAdapter(list[StopCondition])


def stop_conditions(value: Any) -> list[StepCountIs | HasToolCall | MaxCost | MaxTokensUsed | FinishReasonIs]:
    """Validate `stop_server_tools_when`: one condition or a list of them.

    Raises:
        pydantic.ValidationError: A condition is invalid (the error names its type and field).
    """
    return _STOP_CONDITIONS.validate_python(value if isinstance(value, list) else [value])


class TraceConfig(BaseModel):
    """Observability metadata, sent as `trace`.

    OpenRouter treats the named keys specially; any other key passes through to the
    configured broadcast destinations as custom metadata.
    """

    model_config = ConfigDict(extra="allow")

    trace_id: str | None = None
    trace_name: str | None = None
    span_name: str | None = None
    generation_name: str | None = None
    parent_span_id: str | None = None


class RegexToolSearch(OpenRouterOptions):
    """Deferred-tool search by regular expression, run by OpenRouter."""

    option_name: ClassVar[str] = "deferred_tools.search"

    type: Literal["regex"] = "regex"
    max_results: int | None = Field(default=None, ge=1)


class Bm25ToolSearch(OpenRouterOptions):
    """Deferred-tool search by BM25 ranking over the tool definitions, run by OpenRouter."""

    option_name: ClassVar[str] = "deferred_tools.search"

    type: Literal["bm25"] = "bm25"
    max_results: int | None = Field(default=None, ge=1)


class CustomToolSearch(OpenRouterOptions):
    """Deferred-tool search the caller runs: the tool `tool_id` returns tool identities under `result_key`."""

    option_name: ClassVar[str] = "deferred_tools.search"

    type: Literal["custom"] = "custom"
    tool_id: str = Field(min_length=1)
    result_key: str = Field(min_length=1)
    max_results: int | None = Field(default=None, ge=1)


DeferredToolSearch = Annotated[RegexToolSearch | Bm25ToolSearch | CustomToolSearch, Field(discriminator="type")]
"""How deferred tools are found (a model or an equivalent dict with its `type`)."""


class DeferredTools(OpenRouterOptions):
    """OpenRouter's router-level deferred-tool protocol, sent as `deferred_tools`.

    Tools marked `defer_loading` (see `bind_tools(defer_loading=...)`) are withheld from the
    model until the search finds them; OpenRouter builds the search and call wrappers, so it
    works on any model. Replay the assistant's reasoning unchanged and keep the tool list the
    same across turns.
    """

    option_name: ClassVar[str] = "deferred_tools"

    search: DeferredToolSearch
    profile: Literal["portable"] = "portable"
    """Loading profile; `portable` is the only one OpenRouter offers today."""
    protocol: Literal["v1"] = "v1"
    validation: Literal["runtime"] = "runtime"
    """Where tool-call arguments are checked against the original schema (in OpenRouter)."""


SESSION_ID_MAX = 256
"""OpenRouter refuses longer session ids."""


class DebugOptions(OpenRouterOptions):
    """OpenRouter's debug options (streaming only; not for production)."""

    option_name: ClassVar[str] = "debug"

    echo_upstream_body: bool | None = None
    """Stream a `response.debug` event with the body sent to each provider (kept in
    `response_metadata["debug"]`)."""


class RequestSettings(BaseModel):
    """OpenRouter's routing and request extras, each sent as the body field of its name."""

    provider: ProviderPreferences | None = None
    """Provider routing preferences (a `ProviderPreferences` or an equivalent dict)."""
    plugins: list[AnyPlugin] | None = None
    """Plugins such as `{"id": "file-parser", "pdf": {"engine": "native"}}` or `FileParserPlugin(...)`;
    known ids are typed (`routing.WebPlugin`, ...), other ids pass through as given."""
    session_id: str | None = Field(
        default_factory=from_env("OPENROUTER_SESSION_ID", default=None), validate_default=True
    )
    """Sticky-routing and cache-affinity key; also groups requests in OpenRouter's logs (at most 256
    characters). Read from the `OPENROUTER_SESSION_ID` environment variable when not given, as
    langchain-openrouter does; an empty value counts as unset."""
    trace: TraceConfig | None = None
    """Observability metadata (`trace_id`, `trace_name`, `span_name`, `generation_name`,
    `parent_span_id`, and custom keys for broadcast destinations); a `TraceConfig` or a dict."""
    deferred_tools: DeferredTools | None = None
    """OpenRouter's deferred-tool protocol, e.g. `DeferredTools(search=Bm25ToolSearch())`."""
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
    stop_server_tools_when: list[StopCondition] | None = None
    """When OpenRouter stops its server-tool loop: `StepCountIs(step_count=3)`, `MaxCost(...)`, ...
    (one condition or a list; any met condition stops it). `max_tool_calls` is ignored when set."""
    top_logprobs: int | None = Field(default=None, ge=0, le=20)
    """Most likely alternatives per output token; the logprobs land in `response_metadata["logprobs"]`."""
    debug: DebugOptions | None = None
    """`{"echo_upstream_body": True}`: a stream also reports the upstream request in
    `response_metadata["debug"]` (streaming only)."""

    @field_validator("session_id")
    @classmethod
    def _session_id_length(cls, value: str | None) -> str | None:
        if not value:
            return None
        if len(value) > SESSION_ID_MAX:
            raise ValueError(
                f"session_id is {len(value)} characters long; OpenRouter takes at most {SESSION_ID_MAX}. "
                "Use a shorter id (or hash it), or unset OPENROUTER_SESSION_ID if it came from there."
            )
        return value

    @field_validator("stop_server_tools_when", mode="before")
    @classmethod
    def _one_or_more_conditions(cls, value: Any) -> Any:
        return value if value is None or isinstance(value, list) else [value]


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

    A model with a `to_body` method (provider preferences, plugins) gives that; others their
    fields that are not None. Lists and dicts are converted entry by entry.

    Args:
        value: A setting's value.

    Returns:
        The JSON-ready value.
    """
    if isinstance(value, BaseModel):
        to_body = getattr(value, "to_body", None)
        return to_body() if callable(to_body) else value.model_dump(exclude_none=True)
    if isinstance(value, list):
        return [body_value(entry) for entry in value]
    if isinstance(value, dict):
        return {key: body_value(entry) for key, entry in value.items()}
    return value
