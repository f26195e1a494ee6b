"""LangChain integration for OpenRouter's Responses API.

Every public name is imported on first use (module `__getattr__`), which keeps
`import langchain_openrouter_responses` light: the command line's `--help` and the
emulator import the package without langchain-core or the `openai` SDK.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses._version import __version__

if TYPE_CHECKING:
    from langchain_openrouter_responses._transport.credentials import MissingAPIKeyError
    from langchain_openrouter_responses._transport.errors import (
        OpenRouterAuthenticationError,
        OpenRouterBadRequestError,
        OpenRouterBudgetExceededError,
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
    from langchain_openrouter_responses._wire.parts import MessageConversionError
    from langchain_openrouter_responses._wire.progress import server_tool_progress
    from langchain_openrouter_responses.callbacks import OpenRouterCallback, UnpricedCall, get_openrouter_callback
    from langchain_openrouter_responses.chat_models import ChatOpenRouterResponses


_HOMES = {
    "ChatOpenRouterResponses": "langchain_openrouter_responses.chat_models",
    "MessageConversionError": "langchain_openrouter_responses._wire.parts",
    "MissingAPIKeyError": "langchain_openrouter_responses._transport.credentials",
    "OpenRouterCallback": "langchain_openrouter_responses.callbacks",
    "UnpricedCall": "langchain_openrouter_responses.callbacks",
    "get_openrouter_callback": "langchain_openrouter_responses.callbacks",
    "server_tool_progress": "langchain_openrouter_responses._wire.progress",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        home = _HOMES[name]
    elif name.startswith("OpenRouter") and name in __all__:
        home = "langchain_openrouter_responses._transport.errors"
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ChatOpenRouterResponses",
    "MessageConversionError",
    "MissingAPIKeyError",
    "OpenRouterAuthenticationError",
    "OpenRouterBadRequestError",
    "OpenRouterBudgetExceededError",
    "OpenRouterCallback",
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
    "UnpricedCall",
    "__version__",
    "get_openrouter_callback",
    "server_tool_progress",
]
