"""Check model settings before anything starts: the model is built once with a stand-in endpoint."""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses import ChatOpenRouterResponses

# A stand-in endpoint, so the check neither reads OPENROUTER_BASE_URL / OPENROUTER_API_KEY (their
# problems are the endpoint's, reported in the command's words) nor needs a key.
_STAND_IN = {"base_url": "https://openrouter.ai/api/v1", "api_key": "settings-check"}


def checked_model(settings: dict[str, Any]) -> ChatOpenRouterResponses:
    """Build the model from `settings` with a stand-in endpoint; nothing is sent.

    Args:
        settings: Model settings without the endpoint (`model`, `temperature`, ...).

    Returns:
        The model, for checks that need one (e.g. a batch's lines).

    Raises:
        ValueError: A setting the model rejects (pydantic's `ValidationError`).
    """
    return ChatOpenRouterResponses(**{**settings, **_STAND_IN})
