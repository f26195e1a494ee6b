"""Typed OpenRouter routing settings: provider preferences and plugins.

`ProviderPreferences` mirrors OpenRouter's `provider` object. Fallback *models*
(`models=[...]`) and provider preferences answer different questions: `models`
lists other models to try when the requested one fails, while `provider`
chooses and orders the endpoints (providers) that serve each model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    """One entry of `plugins` (`web`, `file-parser`, `response-healing`, ...).

    Only `id` is checked; each plugin's options pass through as given, since
    OpenRouter adds plugins and options over time.
    """

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _no_surrounding_spaces(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError(f"plugin id {value!r} has surrounding spaces")
        return value
