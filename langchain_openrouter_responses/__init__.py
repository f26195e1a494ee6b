"""LangChain integration for OpenRouter's Responses API.

The error classes subclass the `openai` SDK's exceptions; they (and the SDK) are
imported on first use, which keeps `import langchain_openrouter_responses` light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses._transport.credentials import MissingAPIKeyError
from langchain_openrouter_responses._version import __version__
from langchain_openrouter_responses._wire.parts import MessageConversionError
from langchain_openrouter_responses.chat_models import ChatOpenRouterResponses

if TYPE_CHECKING:
    from langchain_openrouter_responses._transport.errors import (
        OpenRouterAuthenticationError,
        OpenRouterBadRequestError,
        OpenRouterConflictError,
        OpenRouterConnectionError,
        OpenRouterContextOverflowError,
        OpenRouterError,
        OpenRouterInsufficientCreditsError,
        OpenRouterNotFoundError,
        OpenRouterPermissionDeniedError,
        OpenRouterRateLimitError,
        OpenRouterRequestTimeoutError,
        OpenRouterResponseAuthenticationError,
        OpenRouterResponseContextOverflowError,
        OpenRouterResponseError,
        OpenRouterResponseInvalidRequestError,
        OpenRouterResponsePermissionDeniedError,
        OpenRouterResponseRateLimitError,
        OpenRouterResponseTimeoutError,
        OpenRouterServerError,
        OpenRouterStreamAuthenticationError,
        OpenRouterStreamContextOverflowError,
        OpenRouterStreamError,
        OpenRouterStreamInvalidRequestError,
        OpenRouterStreamPermissionDeniedError,
        OpenRouterStreamRateLimitError,
        OpenRouterStreamTimeoutError,
        OpenRouterTimeoutError,
        OpenRouterUnprocessableError,
    )


def __getattr__(name: str) -> Any:
    if name.startswith("OpenRouter") and name in __all__:
        from langchain_openrouter_responses._transport import errors as _errors  # noqa: PLC0415

        return getattr(_errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChatOpenRouterResponses",
    "MessageConversionError",
    "MissingAPIKeyError",
    "OpenRouterAuthenticationError",
    "OpenRouterBadRequestError",
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
    "__version__",
]
