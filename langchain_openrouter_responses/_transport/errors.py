"""OpenRouter failures as exceptions of both langchain-core's and the openai SDK's kinds.

Every HTTP error is re-raised as a class inheriting from the matching
`langchain_core.exceptions.ModelError` subclass *and* the `openai` exception the
SDK raised, so `except ModelRateLimitError` and `except openai.RateLimitError`
both work. Failures after OpenRouter accepted the request (a failed response
object, a body that cannot be read) get the same treatment with `openai.APIError`:
`OpenRouterResponse*Error` for non-streaming calls, and their `OpenRouterStream*Error`
subclasses for failures inside a stream (`response.failed`, `error` events, a
stream cut short). OpenRouter's precise `error_type` picks the class wherever it
is sent; otherwise the HTTP status (or the error code) does.
"""

from __future__ import annotations

from typing import Any

import openai
from langchain_core import exceptions as core

from langchain_openrouter_responses._transport.credentials import MissingAPIKeyError

__all__ = [
    "MissingAPIKeyError",
    "OpenRouterAuthenticationError",
    "OpenRouterBadRequestError",
    "OpenRouterBudgetExceededError",
    "OpenRouterConflictError",
    "OpenRouterConnectionError",
    "OpenRouterContextOverflowError",
    "OpenRouterError",
    "OpenRouterInsufficientCreditsError",
    "OpenRouterNotFoundError",
    "OpenRouterPermissionDeniedError",
    "OpenRouterRateLimitError",
    "OpenRouterRequestTimeoutError",
    "OpenRouterResponseAuthenticationError",
    "OpenRouterResponseContextOverflowError",
    "OpenRouterResponseError",
    "OpenRouterResponseInvalidRequestError",
    "OpenRouterResponsePermissionDeniedError",
    "OpenRouterResponseRateLimitError",
    "OpenRouterResponseTimeoutError",
    "OpenRouterServerError",
    "OpenRouterStreamAuthenticationError",
    "OpenRouterStreamContextOverflowError",
    "OpenRouterStreamError",
    "OpenRouterStreamInvalidRequestError",
    "OpenRouterStreamPermissionDeniedError",
    "OpenRouterStreamRateLimitError",
    "OpenRouterStreamTimeoutError",
    "OpenRouterTimeoutError",
    "OpenRouterUnprocessableError",
]


class OpenRouterError(Exception):
    """Details OpenRouter sent with a failure, shared by every error class here.

    Attributes:
        http_status: HTTP status (None for failures inside a stream).
        openrouter_code: OpenRouter's `error.code` (an int status or a string
            such as `"invalid_prompt"`); also on the SDK's `code` as a string.
        openrouter_message: OpenRouter's own message.
        error_type: The precise reason (`error_type`), when OpenRouter sent one.
        metadata: `error.metadata` merged over a top-level `metadata`, whose
            keys it overrides (validation issues under `raw`, `provider_name`, ...).
        provider_name: The upstream provider named in the metadata, if any.
        retry_after: Seconds to wait before retrying, if OpenRouter said: the
            longer of the `Retry-After` header and the error body's hints
            (`error.availability.retry_after`, `error.metadata.retry_after_seconds`).
    """

    http_status: int | None = None
    openrouter_code: int | str | None = None
    openrouter_message: str = ""
    error_type: str | None = None
    metadata: dict[str, Any]
    provider_name: str | None = None
    retry_after: float | None = None


class OpenRouterBadRequestError(OpenRouterError, openai.BadRequestError, core.ModelInvalidRequestError):
    """OpenRouter rejected the request as invalid (HTTP 400, 413, 422)."""


class OpenRouterContextOverflowError(OpenRouterError, openai.BadRequestError, core.ContextOverflowError):
    """The input is longer than the model's context window."""


class OpenRouterAuthenticationError(OpenRouterError, openai.AuthenticationError, core.ModelAuthenticationError):
    """The API key is missing, invalid or disabled (HTTP 401)."""


class OpenRouterInsufficientCreditsError(OpenRouterError, openai.APIStatusError, core.ModelPermissionDeniedError):
    """The account or key has no credits left (HTTP 402)."""


class OpenRouterPermissionDeniedError(OpenRouterError, openai.PermissionDeniedError, core.ModelPermissionDeniedError):
    """The request was blocked: moderation, guardrail, key limit or region (HTTP 403)."""


class OpenRouterNotFoundError(OpenRouterError, openai.NotFoundError, core.ModelNotFoundError):
    """No endpoint serves the model with the requested features (HTTP 404)."""


class OpenRouterRequestTimeoutError(OpenRouterError, openai.APIStatusError, core.ModelTimeoutError):
    """OpenRouter timed out waiting for the provider (HTTP 408)."""


class OpenRouterRateLimitError(OpenRouterError, openai.RateLimitError, core.ModelRateLimitError):
    """Rate limited by OpenRouter or the upstream provider (HTTP 429)."""


class OpenRouterServerError(OpenRouterError, openai.InternalServerError, core.ModelAPIError):
    """OpenRouter or the provider failed (HTTP 5xx)."""


class OpenRouterConnectionError(OpenRouterError, openai.APIConnectionError, core.ModelConnectionError):
    """OpenRouter could not be reached."""


class OpenRouterTimeoutError(OpenRouterError, openai.APITimeoutError, core.ModelTimeoutError):
    """The request took longer than the configured `timeout`."""


class OpenRouterResponseError(OpenRouterError, openai.APIError, core.ModelAPIError):
    """A response failed after OpenRouter accepted the request: a failed response object or an unreadable body."""


class OpenRouterResponseRateLimitError(OpenRouterError, openai.APIError, core.ModelRateLimitError):
    """A response failed because of a rate limit."""


class OpenRouterResponseContextOverflowError(OpenRouterError, openai.APIError, core.ContextOverflowError):
    """A response failed because the input exceeded the context window."""


class OpenRouterResponseInvalidRequestError(OpenRouterError, openai.APIError, core.ModelInvalidRequestError):
    """A response failed because the provider rejected the request."""


class OpenRouterResponseAuthenticationError(OpenRouterError, openai.APIError, core.ModelAuthenticationError):
    """A response failed because the provider rejected the credentials."""


class OpenRouterResponsePermissionDeniedError(OpenRouterError, openai.APIError, core.ModelPermissionDeniedError):
    """A response failed on permissions, payment or content policy."""


class OpenRouterResponseTimeoutError(OpenRouterError, openai.APIError, core.ModelTimeoutError):
    """A response failed because the provider timed out."""


class OpenRouterStreamError(OpenRouterResponseError):
    """A stream failed after it started: `response.failed`, an `error` event, or a broken stream."""


class OpenRouterStreamRateLimitError(OpenRouterResponseRateLimitError):
    """A started stream failed because of a rate limit."""


class OpenRouterStreamContextOverflowError(OpenRouterResponseContextOverflowError):
    """A started stream failed because the input exceeded the context window."""


class OpenRouterStreamInvalidRequestError(OpenRouterResponseInvalidRequestError):
    """A started stream failed because the provider rejected the request."""


class OpenRouterStreamAuthenticationError(OpenRouterResponseAuthenticationError):
    """A started stream failed because the provider rejected the credentials."""


class OpenRouterStreamPermissionDeniedError(OpenRouterResponsePermissionDeniedError):
    """A started stream failed on permissions, payment or content policy."""


class OpenRouterStreamTimeoutError(OpenRouterResponseTimeoutError):
    """A started stream failed because the provider timed out."""


class OpenRouterConflictError(OpenRouterError, openai.ConflictError, core.ModelInvalidRequestError):
    """OpenRouter reported a conflict (HTTP 409)."""


class OpenRouterUnprocessableError(OpenRouterError, openai.UnprocessableEntityError, core.ModelInvalidRequestError):
    """OpenRouter could not process the request (HTTP 422)."""


class OpenRouterBudgetExceededError(OpenRouterError, core.ModelError):
    """A cost cap (`get_openrouter_callback(max_cost=...)`) was reached; no request was sent.

    Not retryable (`is_retryable` is False): asking again cannot succeed inside the same context.

    Attributes:
        spent (float): What the calls counted by the capped context have cost so far, in USD credits.
        max_cost (float): The cap that was reached.
    """

    def __init__(self, spent: float, max_cost: float) -> None:
        """Name what was spent and the cap it reached.

        Args:
            spent: The capped context's running total, in USD credits.
            max_cost: The context's cap, in USD credits.
        """
        self.spent = spent
        self.max_cost = max_cost
        self.metadata = {}
        self.openrouter_message = (
            f"Cost cap reached: spent ${_usd(spent)} of max_cost=${_usd(max_cost)}; no request was sent. "
            "Catch OpenRouterBudgetExceededError to keep a partial result, or raise max_cost."
        )
        super().__init__(self.openrouter_message)


def _usd(amount: float) -> str:
    """`amount` to the nano-dollar OpenRouter bills in, without trailing zeros."""
    return f"{amount:.9f}".rstrip("0").rstrip(".")
