"""`GET /api/v1/models/{author}/{slug}/endpoints` and `GET /api/v1/credits`.

A known model is served by one endpoint, the emulator's own: its limits, modalities and supported
parameters come from the model's model-list entry (`listing.py`), its price is the emulator's one
price, and it is always up. The account's credits are the key's `credit_limit` (100 when
unlimited) against the cost of every response the emulator generated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.api.listing import model_entry

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.api.catalogue import Catalogue

ENDPOINTS_PATH = re.compile(r"/api/v1/models/(?P<author>[^/]+)/(?P<slug>[^/]+)/endpoints")
MODEL_NOT_FOUND = {"error": {"code": 404, "message": "Model not found"}}
UNLIMITED_CREDITS = 100.0
"""`total_credits` reported when the emulator's key has no `credit_limit`."""
PROVIDER = "Emulator"


def endpoints_body(path: str, catalogue: Catalogue) -> dict[str, Any] | None:
    """Return the body of an endpoints request, or None for a model the catalogue does not know.

    Args:
        path: The request path (matching `ENDPOINTS_PATH`).
        catalogue: The emulator's models.

    Returns:
        `{"data": {"id", "name", "created", "description", "architecture", "endpoints": [...]}}`.
    """
    found = ENDPOINTS_PATH.fullmatch(path)
    model = f"{found['author']}/{found['slug']}" if found else ""
    if not found or not catalogue.knows(model):
        return None
    entry = model_entry(model, catalogue.profile(model))
    pricing = entry["pricing"]
    endpoint = {
        "name": f"{PROVIDER} | {model}",
        "model_id": model,
        "model_name": entry["name"],
        "context_length": entry["context_length"] or 0,
        "pricing": {key: pricing[key] for key in ("prompt", "completion", "request", "image", "input_cache_read")},
        "provider_name": PROVIDER,
        "tag": PROVIDER.lower(),
        "quantization": None,
        "service_tier": None,
        "max_completion_tokens": entry["top_provider"]["max_completion_tokens"],
        "max_prompt_tokens": None,
        "supported_parameters": entry["supported_parameters"],
        "status": 0,
        "uptime_last_30m": 100.0,
        "uptime_last_5m": 100.0,
        "uptime_last_1d": 100.0,
        "supports_implicit_caching": True,
        "supports_diarization": False,
        "supports_tool_choice": {"auto": True, "none": True, "required": True, "function": True},
        "native_tools": {},
        "latency_last_30m": None,
        "throughput_last_30m": None,
    }
    keys = ("id", "name", "created", "description", "architecture")
    return {"data": {**{key: entry[key] for key in keys}, "endpoints": [endpoint]}}


def credits_body(credit_limit: float | None, spent: float) -> dict[str, Any]:
    """Return the `GET /credits` body: credits bought (the limit) and used (the ledger's total)."""
    total = UNLIMITED_CREDITS if credit_limit is None else credit_limit
    return {"data": {"total_credits": total, "total_usage": round(spent, 9)}}
