"""The HTTP library behind the `openai` SDK, and the user's own, behind one small interface.

Recent `openai` releases run on `httpx2`, a fork of `httpx`, yet still accept
plain `httpx.Client` / `httpx.AsyncClient` instances as `http_client=`. Errors
raised while a body is read come from whichever library the client belongs
to, so both are recognised here. Plain `httpx` is only consulted once something
has imported it: a user who passes an `httpx` client has done so already.
"""

from __future__ import annotations

import functools
import ssl
import sys
from types import ModuleType

try:  # the openai SDK moved from httpx to its fork httpx2
    import httpx2 as sdk_httpx
except ImportError:  # pragma: no cover - older openai releases
    import httpx as sdk_httpx  # type: ignore[no-redef]

HttpTimeout = sdk_httpx.Timeout
"""The timeout class the `openai` SDK accepts per request."""
HttpResponse = sdk_httpx.Response
"""The response class the `openai` SDK returns for `cast_to=` an HTTP response."""
HttpLimits = sdk_httpx.Limits
"""The connection-pool limits class of the SDK's default clients."""


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One TLS context (with its CA bundle) for every client this package builds.

    Loading the CA bundle takes ~1 MB of native memory and most of the ~20 ms a new
    client costs; sharing one context keeps both flat however many clients are built.

    Returns:
        The SDK library's default context, created on first use.
    """
    return sdk_httpx.create_ssl_context()


def _libraries() -> tuple[ModuleType, ...]:
    plain = sys.modules.get("httpx")
    return (sdk_httpx,) if plain is None or plain is sdk_httpx else (sdk_httpx, plain)


def transport_errors() -> tuple[type[Exception], ...]:
    """Network errors raised while a response body is read, which the SDK does not wrap.

    Returns:
        `TransportError` of `httpx2` and, when it is loaded, of plain `httpx`.
    """
    return tuple(library.TransportError for library in _libraries())


def is_timeout(error: BaseException) -> bool:
    """Tell whether an `httpx`/`httpx2` error is a timeout.

    Args:
        error: A transport error.

    Returns:
        True for any `TimeoutException` of either library.
    """
    return isinstance(error, tuple(library.TimeoutException for library in _libraries()))
