"""Model fallback routing (`model` first, then `models` in order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.outcome import Outcome, json_outcome

if TYPE_CHECKING:
    from collections.abc import Collection


def candidates(body: dict[str, Any]) -> list[str]:
    """Return the models to try, in priority order, without duplicates."""
    models = body.get("models")
    ordered = [body.get("model"), *(models if isinstance(models, list) else [])]
    return list(dict.fromkeys(name for name in ordered if isinstance(name, str) and name))


def route(body: dict[str, Any], unavailable: Collection[str]) -> str | None:
    """Return the first candidate model that is not unavailable, or `None`."""
    return next((name for name in candidates(body) if name not in unavailable), None)


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
        Requested model, strategy, attempt count and each attempt's outcome.
    """
    tried = candidates(body)
    attempts = tried[: tried.index(served) + 1] if served in tried else [served]
    return {
        "requested": body.get("model"),
        "strategy": "fallback" if body.get("models") else "direct",
        "attempt": len(attempts),
        "attempts": [
            {"provider": "Emulated", "model": name, "status": 503 if name in unavailable else 200} for name in attempts
        ],
        "endpoint": {"provider": "Emulated", "model": served},
    }
