"""Typed results of OpenRouter's account and catalogue endpoints.

Every model keeps fields OpenRouter adds later (`extra="allow"`), and every field but the id
is optional, so a new or missing key never breaks a call.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_OPEN = ConfigDict(extra="allow", protected_namespaces=())


class GenerationStats(BaseModel):
    """`GET /generation?id=`: what one generation cost and how it was served.

    Token counts are the provider's own (`native_tokens_*`) beside OpenRouter's normalised
    ones (`tokens_*`); times are in milliseconds; costs in USD credits.
    """

    model_config = _OPEN

    id: str
    model: str | None = None
    provider_name: str | None = None
    created_at: str | None = None
    streamed: bool | None = None
    cancelled: bool | None = None
    finish_reason: str | None = None
    native_finish_reason: str | None = None
    latency: float | None = None
    """Total latency (ms)."""
    generation_time: float | None = None
    """Time spent generating (ms)."""
    moderation_latency: float | None = None
    tokens_prompt: int | None = None
    tokens_completion: int | None = None
    native_tokens_prompt: int | None = None
    native_tokens_completion: int | None = None
    native_tokens_reasoning: int | None = None
    native_tokens_cached: int | None = None
    total_cost: float | None = None
    """What the generation cost (USD credits)."""
    cache_discount: float | None = None
    upstream_inference_cost: float | None = None
    is_byok: bool | None = None
    upstream_id: str | None = None
    router: str | None = None
    api_type: str | None = None


class RateLimit(BaseModel):
    """A key's request rate limit: `requests` per `interval` (e.g. `"10s"`)."""

    model_config = _OPEN

    requests: int | None = None
    interval: str | None = None


class KeyInfo(BaseModel):
    """`GET /key`: the key's credit limit, usage and rate limit."""

    model_config = _OPEN

    label: str | None = None
    limit: float | None = None
    """Credit limit (USD); None when the key is unlimited."""
    limit_remaining: float | None = None
    """Credit left under the limit; None when the key is unlimited."""
    limit_reset: str | None = None
    usage: float | None = None
    """Credits used, all time."""
    usage_daily: float | None = None
    usage_weekly: float | None = None
    usage_monthly: float | None = None
    byok_usage: float | None = None
    include_byok_in_limit: bool | None = None
    is_free_tier: bool | None = None
    """True when the account has never bought credits."""
    is_provisioning_key: bool | None = None
    rate_limit: RateLimit | None = None
    expires_at: str | None = None


class ModelPricing(BaseModel):
    """Prices in USD per token (per request / image / search for those keys)."""

    model_config = _OPEN

    prompt: float | None = None
    completion: float | None = None
    request: float | None = None
    image: float | None = None
    web_search: float | None = None
    internal_reasoning: float | None = None
    input_cache_read: float | None = None
    input_cache_write: float | None = None


class ModelArchitecture(BaseModel):
    """What a model takes and produces."""

    model_config = _OPEN

    modality: str | None = None
    input_modalities: list[str] = Field(default_factory=list)
    output_modalities: list[str] = Field(default_factory=list)
    tokenizer: str | None = None
    instruct_type: str | None = None


class TopProvider(BaseModel):
    """Limits of the model's top provider."""

    model_config = _OPEN

    context_length: int | None = None
    max_completion_tokens: int | None = None
    is_moderated: bool | None = None


_INPUTS = {"text": "text_inputs", "image": "image_inputs", "file": "pdf_inputs", "audio": "audio_inputs"}
_INPUTS_MORE = {"video": "video_inputs"}
_OUTPUTS = {"text": "text_outputs", "image": "image_outputs", "audio": "audio_outputs", "video": "video_outputs"}


class ModelInfo(BaseModel):
    """One entry of `GET /models`."""

    model_config = _OPEN

    id: str
    name: str | None = None
    canonical_slug: str | None = None
    created: int | None = None
    description: str | None = None
    context_length: int | None = None
    architecture: ModelArchitecture = Field(default_factory=ModelArchitecture)
    pricing: ModelPricing = Field(default_factory=ModelPricing)
    top_provider: TopProvider = Field(default_factory=TopProvider)
    supported_parameters: list[str] = Field(default_factory=list)
    default_parameters: dict[str, Any] | None = None

    def to_profile(self) -> dict[str, Any]:
        """Return a LangChain `ModelProfile` built from this entry.

        Returns:
            Limits, modalities, and tool, structured-output, reasoning and temperature support.
        """
        inputs, outputs = set(self.architecture.input_modalities), set(self.architecture.output_modalities)
        parameters = set(self.supported_parameters)
        profile: dict[str, Any] = {"name": self.name or self.id}
        if self.context_length is not None:
            profile["max_input_tokens"] = self.context_length
        if self.top_provider.max_completion_tokens is not None:
            profile["max_output_tokens"] = self.top_provider.max_completion_tokens
        profile.update({key: name in inputs for name, key in {**_INPUTS, **_INPUTS_MORE}.items()})
        profile.update({key: name in outputs for name, key in _OUTPUTS.items()})
        profile["tool_calling"] = "tools" in parameters
        profile["tool_choice"] = "tool_choice" in parameters
        profile["structured_output"] = "structured_outputs" in parameters
        profile["reasoning_output"] = "reasoning" in parameters
        profile["temperature"] = "temperature" in parameters
        return profile


class Credits(BaseModel):
    """`GET /credits`: the account's credits bought and used, in USD."""

    model_config = _OPEN

    total_credits: float | None = None
    """Credits bought, all time."""
    total_usage: float | None = None
    """Credits used, all time."""

    @property
    def remaining(self) -> float | None:
        """Credits left (`total_credits - total_usage`), or None when either is unknown."""
        if self.total_credits is None or self.total_usage is None:
            return None
        return self.total_credits - self.total_usage


class LatencyPercentiles(BaseModel):
    """Percentiles of a measure over the last 30 minutes (latency in ms, throughput in tokens/s)."""

    model_config = _OPEN

    p50: float | None = None
    p75: float | None = None
    p90: float | None = None
    p99: float | None = None


class ModelEndpoint(BaseModel):
    """One provider endpoint serving a model (an entry of `GET /models/{author}/{slug}/endpoints`)."""

    model_config = _OPEN

    name: str | None = None
    provider_name: str | None = None
    tag: str | None = None
    """The provider slug to name in `provider={"order": [...]}`."""
    model_id: str | None = None
    context_length: int | None = None
    max_completion_tokens: int | None = None
    max_prompt_tokens: int | None = None
    pricing: ModelPricing = Field(default_factory=ModelPricing)
    quantization: str | None = None
    supported_parameters: list[str] = Field(default_factory=list)
    status: int | None = None
    """0 when the endpoint is up; negative codes when degraded or down."""
    uptime_last_30m: float | None = None
    latency_last_30m: LatencyPercentiles | None = None
    throughput_last_30m: LatencyPercentiles | None = None
    supports_implicit_caching: bool | None = None


class ModelEndpoints(BaseModel):
    """`GET /models/{author}/{slug}/endpoints`: a model and the provider endpoints that serve it."""

    model_config = _OPEN

    id: str
    name: str | None = None
    created: int | None = None
    description: str | None = None
    architecture: ModelArchitecture = Field(default_factory=ModelArchitecture)
    endpoints: list[ModelEndpoint] = Field(default_factory=list)
