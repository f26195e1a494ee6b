"""Model fallback routing (`model` first, then `models` in order).

Candidates the catalogue does not know are skipped, as are unavailable ones and ones whose
profile lacks an input modality or tool use the request needs. When none is left, the answer
is OpenRouter's: 400 "not a valid model ID" (nothing known), 404 "No endpoints found that
support ..." (known but incapable) or 503 (known but unavailable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.api.capabilities import missing_capability, request_needs
from langchain_openrouter_responses.emulator.api.catalogue import AUTO_ROUTER, AUTO_SERVED, Catalogue
from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome

if TYPE_CHECKING:
    from collections.abc import Collection

DOCS_URL = "https://openrouter.ai/docs/errors"


def candidates(body: dict[str, Any]) -> list[str]:
    """Return the models to try, in priority order, without duplicates."""
    models = body.get("models")
    ordered = [body.get("model"), *(models if isinstance(models, list) else [])]
    return list(dict.fromkeys(name for name in ordered if isinstance(name, str) and name))


def route(body: dict[str, Any], unavailable: Collection[str], catalogue: Catalogue) -> str | Outcome:
    """Return the model that serves `body`, or the error OpenRouter sends when none can.

    Args:
        body: The validated request.
        unavailable: Models that fail, so routing falls back to the next candidate.
        catalogue: The known models and their profiles.

    Returns:
        The served model id, or a 400/404/503 outcome.
    """
    names = candidates(body)
    known = [name for name in names if catalogue.knows(name)]
    if not known:
        return invalid_model(names[0] if names else "")
    needs = request_needs(body)
    lacking: str | None = None
    for name in known:
        served = AUTO_SERVED if name == AUTO_ROUTER else name
        missing = missing_capability(catalogue.profile(served), needs)
        if missing is not None:
            lacking = lacking or missing
        elif name not in unavailable:
            return served
    if lacking is not None and all(name not in unavailable for name in known):
        return no_capable_endpoints(lacking)
    return no_endpoints(body)


def invalid_model(model: str) -> Outcome:
    """Return OpenRouter's 400 for a model id it does not know."""
    error = {
        "code": 400,
        "message": f"{model} is not a valid model ID",
        "availability": {
            "code": "model_not_found",
            "retryable": False,
            "requested_models": [model],
            "docs_url": f"{DOCS_URL}#model_not_found",
        },
    }
    return json_outcome(400, {"error": error}, label="model not found")


def no_capable_endpoints(capability: str) -> Outcome:
    """Return OpenRouter's 404 when no endpoint of the model supports `capability`."""
    error = {"code": 404, "message": f"No endpoints found that support {capability}"}
    return json_outcome(404, {"error": error}, label=f"no {capability}")


def no_endpoints(body: dict[str, Any]) -> Outcome:
    """Return the 503 sent when every candidate model is unavailable."""
    names = ", ".join(candidates(body))
    error = {
        "code": 503,
        "message": f"No endpoints available for {names}",
        "metadata": {"provider_name": None},
    }
    return json_outcome(503, {"error": error}, label="no endpoints")


def router_metadata(body: dict[str, Any], served: str, unavailable: Collection[str]) -> dict[str, Any]:
    """Return the `openrouter_metadata` sent when `X-OpenRouter-Metadata: enabled`.

    Args:
        body: The request.
        served: The model that answered.
        unavailable: Models that failed before it.

    Returns:
        Requested model, strategy, attempt count and each attempt's outcome, with the fields
        OpenRouter's SDK requires (`summary`, `endpoints`, `is_byok`, `region`).
    """
    tried = candidates(body)
    attempts = tried[: tried.index(served) + 1] if served in tried else [served]
    requested = body.get("model") or served
    strategy = "fallback" if body.get("models") else "direct"
    return {
        "requested": requested,
        "strategy": strategy,
        "summary": f"{strategy}: {requested} -> {served} after {len(attempts)} attempt(s)",
        "attempt": len(attempts),
        "attempts": [
            {"provider": "Emulated", "model": name, "status": 503 if name in unavailable else 200} for name in attempts
        ],
        "endpoints": {"total": 1, "available": [{"provider": "Emulated", "model": served, "selected": True}]},
        "endpoint": {"provider": "Emulated", "model": served},
        "is_byok": False,
        "region": None,
    }
