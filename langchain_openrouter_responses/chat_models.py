"""`ChatOpenRouterResponses`: a LangChain chat model over OpenRouter's Responses API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams, LanguageModelInput, ModelProfile
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils import from_env, secret_from_env
from pydantic import ConfigDict, Field, SecretStr, field_validator, model_validator

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

from langchain_openrouter_responses._transport.calls import (
    CLIENT_KWARGS,
    apost_responses,
    app_categories_from_env,
    client_settings,
    default_base_url,
    header_metadata,
    post_responses,
    result_from_body,
    sdk_errors,
    stream_timeout,
    typed_stream_errors,
)
from langchain_openrouter_responses._transport.clients import (
    aiohttp_installed,
    check_base_url,
    leased_async_client,
    leased_sync_client,
)
from langchain_openrouter_responses._wire import translator as _translator
from langchain_openrouter_responses._wire.body import (
    build_body,
    langsmith_params,
    reject_stateful,
    settings_body,
    validate_model,
    validate_models,
    validate_reasoning,
)
from langchain_openrouter_responses._wire.keywords import call_settings, collect_extra_fields, model_settings
from langchain_openrouter_responses._wire.reader import StreamReader
from langchain_openrouter_responses._wire.tools import tool_bindings
from langchain_openrouter_responses.callbacks import check_caps, record_call
from langchain_openrouter_responses.data import model_profile
from langchain_openrouter_responses.settings import RequestSettings, body_value

_translator.register()

DEFAULT_MODEL = "openai/gpt-oss-20b"


class ChatOpenRouterResponses(BaseChatModel, RequestSettings):
    """Any OpenRouter model through OpenRouter's Responses API.

    OpenRouter's Responses API is stateless: every call sends the whole history.
    Messages this model returns keep OpenRouter's output items (reasoning with its
    signature or encrypted content, messages, function calls) in their content
    blocks, so passing them back replays them exactly.

    Setup:
        From a clone of the repository, in its top folder, until a release is on PyPI
        (then `pip install langchain-openrouter-responses`):

        ```bash
        pip install ".[cli]"
        export OPENROUTER_API_KEY="sk-or-..."
        ```

    Example:
        ```python
        from langchain_openrouter_responses import ChatOpenRouterResponses

        llm = ChatOpenRouterResponses(
            model="openai/gpt-oss-20b",
            models=["openai/gpt-4o"],  # fallbacks, tried in order
            reasoning={"effort": "low"},
        )
        reply = llm.invoke("Share a 2 sentence horror story")
        reply.text  # the answer only
        reply.content_blocks  # reasoning and text as standard blocks
        reply.response_metadata["model_name"]  # the model that served
        ```

    Output:
        `.text` is the answer; `.content_blocks` lists `reasoning` blocks (raw
        reasoning text or summaries) and `text` blocks; `.usage_metadata` has
        token counts with cache-read and reasoning details;
        `.response_metadata` has `id`, `model_name`, `model_provider`, `status`,
        `finish_reason` and OpenRouter's `cost`, `cost_details`, `is_byok`.
    """

    model_config = ConfigDict(populate_by_name=True, protected_namespaces=())

    model_name: str = Field(default=DEFAULT_MODEL, alias="model")
    """OpenRouter model slug, e.g. `"anthropic/claude-sonnet-4"`. `id=` is accepted too."""
    models: list[str] | None = None
    """Fallback models, tried in order when the primary model fails before answering."""
    openrouter_api_key: SecretStr | None = Field(
        default_factory=secret_from_env("OPENROUTER_API_KEY", default=None), alias="api_key"
    )
    """API key; read from `OPENROUTER_API_KEY` when not given."""
    base_url: str = Field(default_factory=default_base_url)
    """API base URL; `OPENROUTER_BASE_URL` overrides the default."""
    reasoning: dict[str, Any] | None = None
    """Reasoning settings: `effort`, `max_tokens`, `enabled`, `summary`, `context`, `mode`."""
    include: list[str] | None = None
    """Extra output to include; encrypted reasoning is added whenever reasoning is on."""
    store: bool = False
    """Must stay False: OpenRouter keeps no responses."""
    temperature: float | None = None
    """Sampling temperature."""
    top_p: float | None = None
    """Nucleus sampling."""
    max_tokens: int | None = Field(default=None, alias="max_output_tokens")
    """Output token cap, sent as `max_output_tokens`."""
    stop: list[str] | None = Field(default=None, alias="stop_sequences")
    """Stop sequences (a string or a list; sent only when non-empty)."""
    timeout: float | None = Field(default=None, alias="request_timeout")
    """Request timeout in seconds (None: the `openai` SDK's default)."""
    max_retries: int = 2
    """Retries on connection errors, 408, 429 and 5xx, honouring `Retry-After`."""
    max_connections: int | None = None
    """Connection-pool size of the HTTP clients (None: the `openai` SDK's default, 1,000)."""
    http_client: Any = Field(default=None, exclude=True)
    """A custom `httpx.Client` for synchronous calls (proxies, transports, limits)."""
    http_async_client: Any = Field(default=None, exclude=True)
    """A custom `httpx.AsyncClient` for asynchronous calls (wins over `http_async_transport`)."""
    http_async_transport: Literal["auto", "aiohttp", "httpx"] = "auto"
    """HTTP client of asynchronous calls: `"aiohttp"` is the SDK's `DefaultAioHttpClient` (far faster with
    hundreds of calls at once; install the `aiohttp` extra), `"httpx"` the SDK's default client, and
    `"auto"` aiohttp when it is installed, httpx otherwise. Synchronous calls always use httpx."""
    stream_chunk_timeout: float | None = None
    """Longest silence (seconds without any bytes, keep-alive comments included) a
    stream may have before `ModelTimeoutError`; None uses `timeout`."""
    stream_chunk_coalesce: bool = False
    """Join the text deltas that arrive in one network read into one chunk. For consumers that are
    not interactive (batch jobs, very long answers): far fewer chunks for langchain-core to keep and
    merge, the same final message."""
    allow_insecure_base_url: bool = False
    """Allow an `http://` base URL on a non-loopback host (the key would travel in clear text)."""
    streaming: bool = False
    """Whether `invoke` streams internally."""
    default_headers: dict[str, str] | None = Field(default=None, exclude=True)
    """Extra HTTP headers sent with every request."""
    model_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Extra top-level request body fields."""
    name: str | None = "OpenRouterResponses"
    """Name of the runnable in traces."""

    # -- attribution and routing metadata (HTTP headers) -----------------------
    app_url: str | None = Field(default_factory=from_env("OPENROUTER_APP_URL", default=None))
    """Your app's URL, sent as `HTTP-Referer` for OpenRouter's app attribution."""
    app_title: str | None = Field(default_factory=from_env("OPENROUTER_APP_TITLE", default=None))
    """Your app's name, sent as `X-OpenRouter-Title` (and the legacy `X-Title`)."""
    app_categories: list[str] | None = Field(default_factory=app_categories_from_env)
    """App categories such as `["cli-agent"]`, sent as `X-OpenRouter-Categories`."""
    routing_metadata: bool = False
    """Ask for `openrouter_metadata` (attempts, endpoint, provider) in `response_metadata`."""

    lc_secrets_map: ClassVar[dict[str, str]] = {"openrouter_api_key": "OPENROUTER_API_KEY"}

    @property
    def lc_secrets(self) -> dict[str, str]:
        """Map the key field to its environment variable for serialization."""
        return self.lc_secrets_map

    @property
    def lc_attributes(self) -> dict[str, Any]:
        """Typed settings (provider, plugins, cache directives, ...) as the JSON the request carries.

        `dumpd` writes these instead of the pydantic objects, and the constructor validates them
        back into the same settings, so a loaded model sends the same requests.
        """
        attributes = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if field.exclude or value is None:
                continue
            plain = body_value(value)
            if plain != value:  # it holds pydantic models
                attributes[name] = plain
        return attributes

    @classmethod
    def is_lc_serializable(cls) -> bool:
        """Return True: the model can be dumped with `dumpd` (the key is never written)."""
        return True

    @classmethod
    def get_lc_namespace(cls) -> list[str]:
        """Return the namespace used by `dumpd` / `load`."""
        return ["langchain_openrouter_responses", "chat_models"]

    def _resolve_model_profile(self) -> ModelProfile | None:
        return cast("ModelProfile | None", model_profile(self.model_name))

    @property
    def model(self) -> str:
        """The model slug (same as `model_name`)."""
        return self.model_name

    @property
    def _llm_type(self) -> str:
        return "openrouter-responses"

    # -- validation ----------------------------------------------------------

    @model_validator(mode="before")
    @classmethod
    def _collect_extra(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        known = set(cls.model_fields) | {field.alias for field in cls.model_fields.values() if field.alias}
        return collect_extra_fields(values, known, model_settings(cls))

    @field_validator("model_name")
    @classmethod
    def _check_model(cls, value: str) -> str:
        return validate_model(value)

    @field_validator("models")
    @classmethod
    def _check_models(cls, value: list[str] | None) -> list[str] | None:
        return validate_models(value)

    @field_validator("reasoning")
    @classmethod
    def _check_reasoning(cls, value: Any) -> dict[str, Any] | None:
        return validate_reasoning(value)

    @field_validator("store")
    @classmethod
    def _check_store(cls, value: bool) -> bool:
        reject_stateful({"store": value})
        return value

    @field_validator("max_tokens")
    @classmethod
    def _check_max_tokens(cls, value: int | None) -> int | None:
        if value is not None and value <= 0:
            raise ValueError(f"max_tokens must be a positive integer, got {value}.")
        return value

    @field_validator("http_async_transport")
    @classmethod
    def _check_async_transport(cls, value: str) -> str:
        if value == "aiohttp" and not aiohttp_installed():
            raise ValueError(
                "http_async_transport='aiohttp' needs aiohttp, which is not installed: "
                "pip install 'langchain-openrouter-responses[aiohttp]', or use 'auto' or 'httpx'."
            )
        return value

    @field_validator("stop", mode="before")
    @classmethod
    def _stop_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_base_url(self) -> ChatOpenRouterResponses:
        check_base_url(self.base_url, allow_insecure=self.allow_insecure_base_url)
        return self

    @field_validator("model_kwargs")
    @classmethod
    def _check_model_kwargs(cls, value: dict[str, Any]) -> dict[str, Any]:
        reject_stateful(value)
        return value

    # -- LangChain plumbing --------------------------------------------------

    @property
    def _identifying_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"model_name": self.model_name}
        for key in ("models", "reasoning", "temperature", "top_p", "max_tokens", "stop"):
            if (value := getattr(self, key)) is not None:
                params[key] = value
        return {**params, **self.model_kwargs}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        return cast("LangSmithParams", langsmith_params(self, stop, kwargs))

    # -- tools and structured output ---------------------------------------

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | bool | dict[str, Any] | None = None,
        strict: bool | None = None,
        parallel_tool_calls: bool | None = None,
        response_format: Any = None,
        defer_loading: bool | Sequence[str] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools the model may call.

        Args:
            tools: BaseTools, functions, pydantic models, TypedDicts, JSON schemas,
                OpenAI-style function dicts, or server-tool dicts (passed through).
            tool_choice: "auto", "none", "required", "any" or True (→ "required"),
                a tool name, or a dict such as `{"type": "function", "name": ...}`.
            strict: Ask for strict schema adherence in tool arguments.
            parallel_tool_calls: Allow or forbid several calls in one turn.
            response_format: A structured-output format to request alongside the
                tools (sent as `text.format`).
            defer_loading: Function tools sent with `defer_loading: true` (True: all of
                them, or a list of names), loaded only when a tool-search server tool
                (`{"type": "openrouter:tool_search"}`, bound too) finds them.
            **kwargs: Other request fields to bind.

        Returns:
            The model with the tools bound.
        """
        bound = tool_bindings(
            tools, tool_choice, strict=strict, parallel_tool_calls=parallel_tool_calls, defer_loading=defer_loading
        )
        if response_format is not None:
            bound["response_format"] = response_format
        return self.bind(**bound, **kwargs)

    def with_structured_output(
        self,
        schema: dict[str, Any] | type | None = None,
        *,
        method: str = "json_schema",
        include_raw: bool = False,
        strict: bool | None = None,
        tools: list[Any] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, Any]:
        """Return a runnable whose output follows `schema`.

        Args:
            schema: Pydantic model (v2 or v1), TypedDict, JSON schema, or OpenAI
                function dict. Pydantic models yield instances, others dicts.
            method: "json_schema" (`text.format`, the default), "function_calling"
                (a forced tool call) or "json_mode" (`{"type": "json_object"}`).
            include_raw: Return `{"raw", "parsed", "parsing_error"}` instead of
                raising on malformed output.
            strict: Strict schema adherence, where the provider supports it.
            tools: Tools the model may also call.
            **kwargs: Not supported; raises if given.

        Returns:
            The structured-output runnable. A refusal raises `ModelRefusalError`;
                malformed output (JSON cut off or not an object, arguments a
                pydantic schema rejects, no call to the forced tool) raises
                `OutputParserException`, for every method (or lands in
                `parsing_error` with `include_raw=True`).

        Raises:
            ValueError: Unknown method or unsupported keyword arguments.
        """
        from langchain_openrouter_responses._wire.structured import structured_runnable  # noqa: PLC0415 (output parsers load on first use)

        if kwargs:
            raise ValueError(f"Unsupported with_structured_output arguments: {sorted(kwargs)}.")
        return structured_runnable(self, schema, method=method, include_raw=include_raw, strict=strict, tools=tools)

    # -- request building ----------------------------------------------------

    def _body(
        self, messages: Sequence[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any], *, stream: bool
    ) -> dict[str, Any]:
        call_kwargs = {key: value for key, value in kwargs.items() if key not in _NOT_BODY_KWARGS}
        if stop:
            if "stop_sequences" in call_kwargs:
                raise ValueError("stop= and stop_sequences= both give the stop sequences; pass only one of them.")
            call_kwargs["stop"] = stop
        return build_body(settings_body(self), messages, call_settings(self, call_kwargs), stream=stream)

    def _get_invocation_params(self, stop: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        params = super()._get_invocation_params(stop=stop, **kwargs)
        for key in ("api_key", "openrouter_api_key"):
            if key in params:
                params[key] = "**********"
        return params

    # -- calls -----------------------------------------------------------------

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,  # noqa: ARG002 (core reports callbacks)
        **kwargs: Any,
    ) -> ChatResult:
        check_caps()
        body = self._body(messages, stop, kwargs, stream=False)
        with sdk_errors(), leased_sync_client(client_settings(self, kwargs)) as client:
            response = post_responses(client, body)
        return _counted(result_from_body(response.content, response))

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,  # noqa: ARG002 (core reports callbacks)
        **kwargs: Any,
    ) -> ChatResult:
        check_caps()
        body = self._body(messages, stop, kwargs, stream=False)
        with sdk_errors():
            async with leased_async_client(client_settings(self, kwargs)) as client:
                response = await apost_responses(client, body)
        return _counted(result_from_body(response.content, response))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,  # noqa: ARG002 (core reports tokens)
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        check_caps()
        body = self._body(messages, stop, kwargs, stream=True)
        settings = client_settings(self, kwargs)
        timeout = stream_timeout(settings, self.stream_chunk_timeout)
        with (
            sdk_errors(),
            leased_sync_client(settings) as client,
            client.responses.with_streaming_response.create(extra_body=body, timeout=timeout) as response,
        ):
            reader = StreamReader(
                header_metadata(response.http_response), output_version=self.output_version, on_final=record_call
            )
            feed = reader.feed_coalesced if self.stream_chunk_coalesce else reader.feed
            with typed_stream_errors(response.http_response.request):
                try:
                    for data in response.iter_bytes():
                        yield from feed(data)
                    reader.close()
                except Exception:
                    if (held := reader.release_held()) is not None:
                        yield held
                    raise

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,  # noqa: ARG002 (core reports tokens)
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        check_caps()
        body = self._body(messages, stop, kwargs, stream=True)
        settings = client_settings(self, kwargs)
        timeout = stream_timeout(settings, self.stream_chunk_timeout)
        with sdk_errors():
            async with (
                leased_async_client(settings) as client,
                client.responses.with_streaming_response.create(extra_body=body, timeout=timeout) as response,
            ):
                reader = StreamReader(
                    header_metadata(response.http_response), output_version=self.output_version, on_final=record_call
                )
                feed = reader.feed_coalesced if self.stream_chunk_coalesce else reader.feed
                with typed_stream_errors(response.http_response.request):
                    try:
                        async for data in response.iter_bytes():
                            for chunk in feed(data):
                                yield chunk
                        reader.close()
                    except Exception:
                        if (held := reader.release_held()) is not None:
                            yield held
                        raise


def _counted(result: ChatResult) -> ChatResult:
    """Count the call in every open `get_openrouter_callback()` context, and return it."""
    record_call(result.generations[0].message)
    return result


_NOT_BODY_KWARGS = frozenset(
    {"stream", "run_manager", "ls_structured_output_format", "structured_output_format", *CLIENT_KWARGS}
)
