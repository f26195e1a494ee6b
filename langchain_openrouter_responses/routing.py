"""Typed OpenRouter routing settings: provider preferences and plugins.

`ProviderPreferences` mirrors OpenRouter's `provider` object. Fallback *models*
(`models=[...]`) and provider preferences answer different questions: `models`
lists other models to try when the requested one fails, while `provider`
chooses and orders the endpoints (providers) that serve each model.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, TypeAdapter, field_validator

Quantization = Literal[
    "int4", "int8", "fp4", "mxfp4", "nvfp4", "fp6", "fp8", "mxfp8", "fp16", "bf16", "fp32", "unknown"
]
SortBy = Literal["price", "throughput", "latency", "exacto"]


class ProviderSort(BaseModel):
    """Sort endpoints by a metric, optionally across all fallback models."""

    model_config = ConfigDict(extra="forbid")

    by: SortBy
    partition: Literal["model", "none"] | None = None


class MaxPrice(BaseModel):
    """Hard price caps in USD per million tokens (or per request / image / audio unit)."""

    model_config = ConfigDict(extra="forbid")

    prompt: float | str | None = None
    completion: float | str | None = None
    request: float | str | None = None
    image: float | str | None = None
    audio: float | str | None = None


class Percentiles(BaseModel):
    """Throughput or latency preferences by percentile."""

    model_config = ConfigDict(extra="forbid")

    p50: float | None = None
    p75: float | None = None
    p90: float | None = None
    p99: float | None = None


class ProviderPreferences(BaseModel):
    """OpenRouter's provider-routing preferences, sent as the request's `provider` object.

    Example:
        ```python
        ProviderPreferences(order=["anthropic", "amazon-bedrock"], allow_fallbacks=False, data_collection="deny")
        ```
    """

    model_config = ConfigDict(extra="forbid")

    order: list[str] | None = None
    """Providers to try, in this order (disables load balancing)."""
    only: list[str] | None = None
    """Allow only these providers."""
    ignore: list[str] | None = None
    """Never use these providers."""
    allow_fallbacks: bool | None = None
    """False: return the upstream error instead of trying other providers."""
    require_parameters: bool | None = None
    """True: only providers that support every parameter sent."""
    data_collection: Literal["allow", "deny"] | None = None
    """Whether providers that may store or train on data are allowed."""
    zdr: bool | None = None
    """Zero-data-retention endpoints only."""
    enforce_distillable_text: bool | None = None
    """Only models whose output may be used for distillation."""
    quantizations: list[Quantization] | None = None
    """Allowed quantization levels."""
    sort: SortBy | ProviderSort | None = None
    """Sort endpoints by price, throughput, latency or exacto."""
    preferred_min_throughput: float | Percentiles | None = None
    """Soft minimum throughput (tokens per second)."""
    preferred_max_latency: float | Percentiles | None = None
    """Soft maximum latency (seconds)."""
    max_price: MaxPrice | None = None
    """Hard price caps; the request fails when no endpoint meets them."""
    options: dict[str, Any] | None = None
    """Provider-specific options."""

    def to_body(self) -> dict[str, Any]:
        """The `provider` object for the request body (unset fields omitted).

        Returns:
            The JSON object.
        """
        return self.model_dump(exclude_none=True)


class Plugin(BaseModel):
    """One entry of `plugins`: the base of the typed plugins, and the model of any other id.

    A dict or a `Plugin` with a known id (`web`, `file-parser`, `response-healing`,
    `moderation`, `context-compression`, `web-fetch`, `auto-router`) is validated as that
    plugin's class, so a misspelt option or a bad value fails naming the plugin and the field.
    Other ids (OpenRouter adds plugins over time) keep every option as given.
    """

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _no_surrounding_spaces(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError(f"plugin id {value!r} has surrounding spaces")
        return value

    def to_body(self) -> dict[str, Any]:
        """The plugin object for the request body: its id and the options that were set.

        Returns:
            The JSON object.
        """
        return {"id": self.id, **self.model_dump(exclude_unset=True, exclude={"id"})}


class WebPlugin(Plugin):
    """`{"id": "web"}`: web search results added to the prompt (deprecated: prefer `openrouter:web_search`)."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["web"] = "web"
    enabled: bool | None = None
    engine: Literal["native", "exa", "firecrawl", "parallel", "perplexity"] | None = None
    max_results: int | None = Field(default=None, ge=1, le=25)
    max_uses: int | None = Field(default=None, ge=1)
    include_domains: list[str] | None = None
    exclude_domains: list[str] | None = None
    search_prompt: str | None = None
    mode: str | None = None
    user_location: dict[str, Any] | None = None


class PdfOptions(BaseModel):
    """How the `file-parser` plugin reads PDFs."""

    model_config = ConfigDict(extra="forbid")

    engine: Literal["mistral-ocr", "native", "cloudflare-ai", "pdf-text"] | None = None
    """`native` (the model reads the file), `mistral-ocr`, `cloudflare-ai` (or its old name `pdf-text`)."""


class FileParserPlugin(Plugin):
    """`{"id": "file-parser", "pdf": {"engine": ...}}`: how attached files are parsed."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["file-parser"] = "file-parser"
    enabled: bool | None = None
    pdf: PdfOptions | None = None


class ResponseHealingPlugin(Plugin):
    """`{"id": "response-healing"}`: repairs malformed JSON in non-streaming structured output."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["response-healing"] = "response-healing"
    enabled: bool | None = None


class ModerationPlugin(Plugin):
    """`{"id": "moderation"}`: OpenRouter's moderation of the request."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["moderation"] = "moderation"


class ContextCompressionPlugin(Plugin):
    """`{"id": "context-compression"}`: compresses a prompt longer than the context window."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["context-compression"] = "context-compression"
    enabled: bool | None = None
    engine: Literal["middle-out"] | None = None


class WebFetchPlugin(Plugin):
    """`{"id": "web-fetch"}`: lets the model fetch web pages."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["web-fetch"] = "web-fetch"
    allowed_domains: list[str] | None = None
    blocked_domains: list[str] | None = None
    max_uses: int | None = Field(default=None, ge=1)
    max_content_tokens: int | None = Field(default=None, ge=1)


class AutoRouterPlugin(Plugin):
    """`{"id": "auto-router", "allowed_models": [...]}`: limits which models `openrouter/auto` picks."""

    model_config = ConfigDict(extra="forbid")

    id: Literal["auto-router"] = "auto-router"
    enabled: bool | None = None
    allowed_models: list[str] | None = None
    """Model patterns such as `"anthropic/*"`."""


TYPED_PLUGINS: dict[str, type[Plugin]] = {
    plugin.model_fields["id"].default: plugin
    for plugin in (
        WebPlugin,
        FileParserPlugin,
        ResponseHealingPlugin,
        ModerationPlugin,
        ContextCompressionPlugin,
        WebFetchPlugin,
        AutoRouterPlugin,
    )
}
"""The plugin class of each known id."""


def _as_input(value: Any) -> Any:
    # A `Plugin(id="web", ...)` built by hand is re-validated as its typed class.
    if isinstance(value, Plugin) and type(value) is not TYPED_PLUGINS.get(value.id, Plugin):
        return {"id": value.id, **value.model_dump(exclude_unset=True, exclude={"id"})}
    return value


def _plugin_tag(value: Any) -> str:
    plugin_id = value.get("id") if isinstance(value, dict) else getattr(value, "id", None)
    return plugin_id if isinstance(plugin_id, str) and plugin_id in TYPED_PLUGINS else "other"


AnyPlugin = Annotated[
    Annotated[WebPlugin, Tag("web")]
    | Annotated[FileParserPlugin, Tag("file-parser")]
    | Annotated[ResponseHealingPlugin, Tag("response-healing")]
    | Annotated[ModerationPlugin, Tag("moderation")]
    | Annotated[ContextCompressionPlugin, Tag("context-compression")]
    | Annotated[WebFetchPlugin, Tag("web-fetch")]
    | Annotated[AutoRouterPlugin, Tag("auto-router")]
    | Annotated[Plugin, Tag("other")],
    Discriminator(_plugin_tag),
    BeforeValidator(_as_input),
]
"""A plugin entry: a dict or `Plugin`, validated as its id's typed class (or as `Plugin`)."""

_PLUGIN_LIST: TypeAdapter[list[AnyPlugin]] = TypeAdapter(list[AnyPlugin])


def plugins_body(plugins: Any) -> list[dict[str, Any]]:
    """Validate a list of plugins (dicts or `Plugin`s) and return their request-body objects.

    Args:
        plugins: The `plugins` setting or call keyword.

    Returns:
        One JSON object per plugin.

    Raises:
        pydantic.ValidationError: An entry is invalid; the error names the plugin and the field.
    """
    return [plugin.to_body() for plugin in _PLUGIN_LIST.validate_python(plugins)]
