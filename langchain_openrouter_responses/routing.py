"""Typed OpenRouter routing settings: provider preferences and plugins.

`ProviderPreferences` mirrors OpenRouter's `provider` object. Fallback *models*
(`models=[...]`) and provider preferences answer different questions: `models`
lists other models to try when the requested one fails, while `provider`
chooses and orders the endpoints (providers) that serve each model.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

from langchain_openrouter_responses._open_options import OpenRouterOptions, UnknownOptionWarning, unknown_names_message

Quantization = Literal[
    "int4", "int8", "fp4", "mxfp4", "nvfp4", "fp6", "fp8", "mxfp8", "fp16", "bf16", "fp32", "unknown"
]
SortBy = Literal["price", "throughput", "latency", "exacto"]


IsoDate = Annotated[date, PlainSerializer(date.isoformat, return_type=str)]
"""A calendar date, checked as OpenRouter checks it, and sent as `YYYY-MM-DD`."""


class ProviderSort(OpenRouterOptions):
    """Sort endpoints by a metric, optionally across all fallback models."""

    option_name: ClassVar[str] = "provider.sort"

    by: SortBy
    partition: Literal["model", "none"] | None = None


class MaxPrice(OpenRouterOptions):
    """Hard price caps in USD per million tokens (or per request / image / audio unit)."""

    option_name: ClassVar[str] = "provider.max_price"

    prompt: float | str | None = None
    completion: float | str | None = None
    request: float | str | None = None
    image: float | str | None = None
    audio: float | str | None = None


class Percentiles(OpenRouterOptions):
    """Throughput or latency preferences by percentile."""

    option_name: ClassVar[str] = "provider percentiles"

    p50: float | None = None
    p75: float | None = None
    p90: float | None = None
    p99: float | None = None


class ProviderPreferences(OpenRouterOptions):
    """OpenRouter's provider-routing preferences, sent as the request's `provider` object.

    Example:
        ```python
        ProviderPreferences(order=["anthropic", "amazon-bedrock"], allow_fallbacks=False, data_collection="deny")
        ```
    """

    option_name: ClassVar[str] = "provider"

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


class Plugin(OpenRouterOptions):
    """One entry of `plugins`: the base of the typed plugins, and the model of any other id.

    A dict or a `Plugin` with a typed id (`web`, `file-parser`, `response-healing`,
    `moderation`, `context-compression`, `web-fetch`, `auto-router`) is validated as that
    plugin's class, so a bad value fails naming the plugin and the field, and an option the
    class does not know is sent as given with an `UnknownOptionWarning` naming the closest one.
    Other ids keep every option as given: OpenRouter's other plugins (`PASSED_THROUGH_PLUGINS`)
    quietly, an id nobody knows with a warning naming the closest known id.
    """

    id: str = Field(min_length=1)

    @model_validator(mode="after")
    def _warn_about_unknown_keys(self) -> Self:
        if type(self) is not Plugin:
            extra = self.model_extra or {}
            if extra:
                known = set(type(self).model_fields) - {"id"}
                message = unknown_names_message(f"plugin {self.id!r}", extra, known, noun="option")
                warnings.warn(message, UnknownOptionWarning, stacklevel=2)
        elif self.id not in TYPED_PLUGINS and self.id not in PASSED_THROUGH_PLUGINS:
            known_ids = {*TYPED_PLUGINS, *PASSED_THROUGH_PLUGINS}
            message = unknown_names_message("plugins", [self.id], known_ids, noun="plugin id")
            warnings.warn(message, UnknownOptionWarning, stacklevel=2)
        return self

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


class XSearchOptions(OpenRouterOptions):
    """The `web` plugin's X search options (xAI models)."""

    option_name: ClassVar[str] = "plugin 'web' x_search"

    allowed_x_handles: list[str] | None = None
    excluded_x_handles: list[str] | None = None
    enable_image_understanding: bool | None = None
    enable_video_understanding: bool | None = None
    from_date: IsoDate | None = None
    """A date or `YYYY-MM-DD`; sent as `YYYY-MM-DD`."""
    to_date: IsoDate | None = None
    """A date or `YYYY-MM-DD`; sent as `YYYY-MM-DD`."""


class WebPlugin(Plugin):
    """`{"id": "web"}`: web search results added to the prompt (deprecated: prefer `openrouter:web_search`)."""

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
    x_search: XSearchOptions | None = None
    """X (Twitter) search options for xAI models."""


class PdfOptions(OpenRouterOptions):
    """How the `file-parser` plugin reads PDFs."""

    option_name: ClassVar[str] = "plugin 'file-parser' pdf"

    engine: Literal["mistral-ocr", "native", "cloudflare-ai", "pdf-text"] | None = None
    """`native` (the model reads the file), `mistral-ocr`, `cloudflare-ai` (or its old name `pdf-text`)."""


class FileParserPlugin(Plugin):
    """`{"id": "file-parser", "pdf": {"engine": ...}}`: how attached files are parsed."""

    id: Literal["file-parser"] = "file-parser"
    enabled: bool | None = None
    pdf: PdfOptions | None = None


class ResponseHealingPlugin(Plugin):
    """`{"id": "response-healing"}`: repairs malformed JSON in non-streaming structured output."""

    id: Literal["response-healing"] = "response-healing"
    enabled: bool | None = None


class ModerationPlugin(Plugin):
    """`{"id": "moderation"}`: OpenRouter's moderation of the request."""

    id: Literal["moderation"] = "moderation"


class ContextCompressionPlugin(Plugin):
    """`{"id": "context-compression"}`: compresses a prompt longer than the context window."""

    id: Literal["context-compression"] = "context-compression"
    enabled: bool | None = None
    engine: Literal["middle-out"] | None = None


class WebFetchPlugin(Plugin):
    """`{"id": "web-fetch"}`: lets the model fetch web pages."""

    id: Literal["web-fetch"] = "web-fetch"
    allowed_domains: list[str] | None = None
    blocked_domains: list[str] | None = None
    max_uses: int | None = Field(default=None, ge=1)
    max_content_tokens: int | None = Field(default=None, ge=1)


class AutoRouterPlugin(Plugin):
    """`{"id": "auto-router", "allowed_models": [...]}`: limits which models `openrouter/auto` picks."""

    id: Literal["auto-router"] = "auto-router"
    enabled: bool | None = None
    allowed_models: list[str] | None = None
    """Model patterns such as `"anthropic/*"`."""
    excluded_models: list[str] | None = None
    """Model patterns the router must not pick."""
    cost_tier: Literal["low", "medium", "high", "xhigh", "max"] | None = None
    """How much the picked model may cost."""
    cost_quality_tradeoff: int | None = None
    """Leaning from cost (low) to quality (high)."""
    pin_model: bool | None = None
    """Keep the model picked first for the rest of the conversation."""


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

PASSED_THROUGH_PLUGINS: frozenset[str] = frozenset(
    {"alignment", "armor", "auto-beta-router", "fusion", "jev-router", "pareto-router", "switchyard-router"}
)
"""OpenRouter's plugins without a class here (OpenRouter's SDK defines them): sent as given, without a warning."""


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
