"""`GET /api/v1/models`: the catalogue in OpenRouter's model-list shape.

Each entry is built from the model's profile (models.dev keys): `context_length` from
`max_input_tokens`, modalities from the `*_inputs` / `*_outputs` flags, `supported_parameters` from
the tool, structured-output, reasoning and temperature flags. `pricing` is the model's price (USD per
token, as strings like OpenRouter's), the same price `usage.cost` is computed with
(`replies/pricing.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.replies.pricing import per_token_text, price_of

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.api.catalogue import Catalogue, Profile

_INPUTS = (("text", "text_inputs"), ("image", "image_inputs"), ("file", "pdf_inputs"), ("audio", "audio_inputs"))
_MORE_INPUTS = (("video", "video_inputs"),)
_OUTPUTS = (("text", "text_outputs"), ("image", "image_outputs"), ("audio", "audio_outputs"))
_PARAMETERS = (
    ("temperature", ("temperature", "top_p")),
    ("tool_calling", ("tools",)),
    ("tool_choice", ("tool_choice",)),
    ("structured_output", ("structured_outputs", "response_format")),
    ("reasoning_output", ("reasoning", "include_reasoning")),
)


def models_body(catalogue: Catalogue) -> dict[str, Any]:
    """Return the `GET /models` body: `{"data": [entry, ...], "total_count", "links"}`, sorted by id (one page)."""
    entries = [model_entry(model, profile) for model, profile in catalogue.listed().items()]
    return {"data": entries, "total_count": len(entries), "links": {"next": None}}


def model_entry(model: str, profile: Profile | None) -> dict[str, Any]:
    """Return one model-list entry for `model` (a profile of None lists a text-only model)."""
    known = profile or {"text_inputs": True, "text_outputs": True}
    inputs = [name for name, key in (*_INPUTS, *_MORE_INPUTS) if known.get(key)]
    if "file" not in inputs and "pdf_inputs" not in known and known.get("attachment"):
        inputs.insert(1, "file")
    outputs = [name for name, key in _OUTPUTS if known.get(key)] or ["text"]
    parameters = ["max_tokens", "stop"] + [name for key, names in _PARAMETERS if known.get(key) for name in names]
    context = known.get("max_input_tokens")
    price = price_of(model)
    return {
        "id": model,
        "canonical_slug": model,
        "name": str(known.get("name") or model),
        "created": _created(known.get("release_date")),
        "description": "",
        "context_length": context,
        "architecture": {
            "modality": f"{'+'.join(inputs or ['text'])}->{'+'.join(outputs)}",
            "input_modalities": inputs or ["text"],
            "output_modalities": outputs,
            "tokenizer": "Other",
            "instruct_type": None,
        },
        "pricing": {
            "prompt": per_token_text(price.input),
            "completion": per_token_text(price.output),
            "request": "0",
            "image": "0",
            "web_search": "0",
            "internal_reasoning": per_token_text(price.output),
            "input_cache_read": per_token_text(price.cache_read),
            "input_cache_write": per_token_text(price.cache_write),
        },
        "top_provider": {
            "context_length": context,
            "max_completion_tokens": known.get("max_output_tokens"),
            "is_moderated": False,
        },
        "per_request_limits": None,
        "supported_parameters": parameters,
        "supported_voices": None,
        "links": {"details": f"/api/v1/models/{model}/endpoints"},
        "default_parameters": {},
    }


def _created(release_date: Any) -> int:
    try:
        day = dt.date.fromisoformat(str(release_date))
    except ValueError:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
