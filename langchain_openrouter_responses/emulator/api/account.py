"""`GET /api/v1/generation?id=` and `GET /api/v1/key`: what each response cost, and the key's usage.

The emulator remembers every response it generated (model, tokens, cost, latency); a generation
id it did not produce gets OpenRouter's 404. The key's usage is the sum of those costs, and its
limit is the emulator's `credit_limit` (None: unlimited).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from langchain_openrouter_responses.emulator.api.admission import (
    CREDITS_PATH,
    GENERATION_PATH,
    KEY_PATH,
    MODELS_PATH,
    UNAUTHORIZED,
    authorized,
)
from langchain_openrouter_responses.emulator.api.endpoints import MODEL_NOT_FOUND, credits_body, endpoints_body
from langchain_openrouter_responses.emulator.api.listing import models_body
from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.api.catalogue import Catalogue
    from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest

NOT_FOUND = {"error": {"code": 404, "message": "Generation not found"}}


@dataclass(frozen=True)
class Generation:
    """What the emulator remembers about one response it produced."""

    id: str
    model: str
    created_at: int
    usage: dict[str, Any]
    streamed: bool
    latency_ms: float
    finish_reason: str


class Ledger:
    """Generations by id, and the key's accumulated cost (thread-safe)."""

    def __init__(self) -> None:
        """Start with no generations."""
        self._lock = threading.Lock()
        self._generations: dict[str, Generation] = {}
        self._spent = 0.0

    def record(self, generation: Generation) -> None:
        """Remember `generation` and add its cost to the key's usage."""
        with self._lock:
            self._generations[generation.id] = generation
            self._spent += float(generation.usage.get("cost") or 0.0)

    @property
    def generations(self) -> list[Generation]:
        """Every recorded generation, in the order they were recorded."""
        with self._lock:
            return list(self._generations.values())

    @property
    def spent(self) -> float:
        """The total cost of every recorded generation, in USD credits."""
        with self._lock:
            return self._spent

    def generation_body(self, generation_id: str) -> dict[str, Any] | None:
        """Return the `GET /generation` body for `generation_id`, or None when it is unknown."""
        with self._lock:
            found = self._generations.get(generation_id)
        return None if found is None else {"data": generation_data(found)}

    def key_body(self, label: str, limit: float | None) -> dict[str, Any]:
        """Return the `GET /key` body: usage so far against `limit` (None: unlimited)."""
        spent = round(self.spent, 9)
        return {
            "data": {
                "label": label,
                "limit": limit,
                "limit_reset": None,
                "limit_remaining": None if limit is None else round(max(limit - spent, 0.0), 9),
                "include_byok_in_limit": False,
                "usage": spent,
                "usage_daily": spent,
                "usage_weekly": spent,
                "usage_monthly": spent,
                "byok_usage": 0,
                "byok_usage_daily": 0,
                "byok_usage_weekly": 0,
                "byok_usage_monthly": 0,
                "is_free_tier": False,
                "is_provisioning_key": False,
                "rate_limit": {"requests": -1, "interval": "10s", "note": "This field is deprecated."},
                "expires_at": None,
                "is_management_key": False,
                "allowed_data_regions": ["global"],
                "budgets": [],
                "effective_budget": None,
                "free_model_daily_requests": {"limit": 1000, "remaining": 1000, "used": 0},
                "creator_user_id": None,
                "organization_id": None,
                "workspace_id": None,
            }
        }


def generation_data(generation: Generation) -> dict[str, Any]:
    """Return the `data` object of `GET /generation` for one remembered response."""
    usage = generation.usage
    prompt = int(usage.get("input_tokens") or 0)
    completion = int(usage.get("output_tokens") or 0)
    cached = int((usage.get("input_tokens_details") or {}).get("cached_tokens") or 0)
    reasoning = int((usage.get("output_tokens_details") or {}).get("reasoning_tokens") or 0)
    cost = usage.get("cost")
    created = dt.datetime.fromtimestamp(generation.created_at, tz=dt.UTC)
    return {
        "id": generation.id,
        "upstream_id": generation.id,
        "total_cost": cost,
        "cache_discount": None,
        "upstream_inference_cost": cost,
        "created_at": created.isoformat(),
        "model": generation.model,
        "app_id": None,
        "streamed": generation.streamed,
        "cancelled": False,
        "provider_name": "Emulator",
        "latency": generation.latency_ms,
        "moderation_latency": None,
        "generation_time": generation.latency_ms,
        "finish_reason": generation.finish_reason,
        "native_finish_reason": generation.finish_reason,
        "tokens_prompt": prompt,
        "tokens_completion": completion,
        "native_tokens_prompt": prompt,
        "native_tokens_completion": completion,
        "native_tokens_completion_images": 0,
        "native_tokens_reasoning": reasoning,
        "native_tokens_cached": cached,
        "num_media_prompt": None,
        "num_media_completion": None,
        "num_search_results": None,
        "origin": "",
        "usage": cost,
        "is_byok": bool(usage.get("is_byok")),
        "api_type": "responses",
        "router": None,
        "service_tier": None,
        "data_region": "global",
        "provider_responses": None,
        "num_fetches": None,
        "num_input_audio_prompt": None,
        "web_search_engine": None,
        "http_referer": None,
        "user_agent": None,
        "external_user": None,
        "preset_id": None,
        "workspace_id": None,
    }


def answer_info(
    request: RecordedRequest,
    path: str,
    *,
    api_key: str | None,
    catalogue: Catalogue,
    ledger: Ledger,
    credit_limit: float | None,
) -> Outcome:
    """Answer `GET /models`, `/generation?id=`, `/key`, `/credits` or a model's endpoints (authenticated).

    Args:
        request: The received request.
        path: Which of `INFO_PATHS` (or which model's endpoints) it asks for.
        api_key: The accepted bearer; `None` accepts any non-empty bearer.
        catalogue: The models to list.
        ledger: The generations produced so far.
        credit_limit: The key's limit in USD credits (None: unlimited).

    Returns:
        The 200 answer, a 401 without a valid bearer, or a 404 for an unknown generation id or model.
    """
    if not authorized(request.bearer, api_key):
        return json_outcome(401, UNAUTHORIZED, label="unauthorized")
    if path == MODELS_PATH:
        return json_outcome(200, models_body(catalogue), label="models")
    if path == KEY_PATH:
        bearer = request.bearer or ""
        return json_outcome(200, ledger.key_body(f"{bearer[:12]}...", credit_limit), label="key")
    if path == CREDITS_PATH:
        return json_outcome(200, credits_body(credit_limit, ledger.spent), label="credits")
    if path == GENERATION_PATH:
        return _generation_outcome(request, ledger)
    return _endpoints_outcome(path, catalogue)


def _endpoints_outcome(path: str, catalogue: Catalogue) -> Outcome:
    found = endpoints_body(path, catalogue)
    if found is None:
        return json_outcome(404, MODEL_NOT_FOUND, label="model not found")
    return json_outcome(200, found, label="endpoints")


def _generation_outcome(request: RecordedRequest, ledger: Ledger) -> Outcome:
    ids = parse_qs(urlsplit(request.path).query).get("id")
    body = ledger.generation_body(ids[0]) if ids else None
    if body is None:
        return json_outcome(404, NOT_FOUND, label="generation not found")
    return json_outcome(200, body, label="generation")
