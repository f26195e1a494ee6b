"""LangChain integration for OpenRouter's Responses API."""

from langchain_openrouter_responses._content import MessageConversionError
from langchain_openrouter_responses._errors import (
    MissingAPIKeyError,
    OpenRouterAuthenticationError,
    OpenRouterBadRequestError,
    OpenRouterConnectionError,
    OpenRouterContextOverflowError,
    OpenRouterError,
    OpenRouterInsufficientCreditsError,
    OpenRouterNotFoundError,
    OpenRouterPermissionDeniedError,
    OpenRouterRateLimitError,
    OpenRouterRequestTimeoutError,
    OpenRouterServerError,
    OpenRouterStreamContextOverflowError,
    OpenRouterStreamError,
    OpenRouterStreamInvalidRequestError,
    OpenRouterStreamRateLimitError,
    OpenRouterTimeoutError,
)
from langchain_openrouter_responses._version import __version__
from langchain_openrouter_responses.chat_models import ChatOpenRouterResponses

__all__ = [
    "ChatOpenRouterResponses",
    "MessageConversionError",
    "MissingAPIKeyError",
    "OpenRouterAuthenticationError",
    "OpenRouterBadRequestError",
    "OpenRouterConnectionError",
    "OpenRouterContextOverflowError",
    "OpenRouterError",
    "OpenRouterInsufficientCreditsError",
    "OpenRouterNotFoundError",
    "OpenRouterPermissionDeniedError",
    "OpenRouterRateLimitError",
    "OpenRouterRequestTimeoutError",
    "OpenRouterServerError",
    "OpenRouterStreamContextOverflowError",
    "OpenRouterStreamError",
    "OpenRouterStreamInvalidRequestError",
    "OpenRouterStreamRateLimitError",
    "OpenRouterTimeoutError",
    "__version__",
]
