"""Checks a request must pass before any reply is consumed: auth, route, schema."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from langchain_openrouter_responses.emulator.api.endpoints import ENDPOINTS_PATH
from langchain_openrouter_responses.emulator.api.issues import issue
from langchain_openrouter_responses.emulator.api.validation import validate_request
from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.replies.scripted import validation_body

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest

API_PREFIX = "/api/v1"
RESPONSES_PATH = f"{API_PREFIX}/responses"
MODELS_PATH = f"{API_PREFIX}/models"
GENERATION_PATH = f"{API_PREFIX}/generation"
KEY_PATH = f"{API_PREFIX}/key"
CREDITS_PATH = f"{API_PREFIX}/credits"
INFO_PATHS = frozenset({MODELS_PATH, GENERATION_PATH, KEY_PATH, CREDITS_PATH})
"""The `GET` endpoints besides `/responses`: model list, generation stats, key info, credits
(and a model's endpoints, see `ENDPOINTS_PATH`)."""
UNAUTHORIZED = {"error": {"message": "User not found.", "code": 401}}


def admit(request: RecordedRequest, api_key: str | None) -> Outcome | None:
    """Return the rejection for `request`, or `None` when it may be answered.

    Order: bearer (401), method and path (404), JSON body and schema (400).

    Args:
        request: The received request.
        api_key: The accepted bearer; `None` accepts any non-empty bearer.

    Returns:
        A 401/404/400 outcome, or `None`.
    """
    if not authorized(request.bearer, api_key):
        return json_outcome(401, UNAUTHORIZED, label="unauthorized")
    if request.method != "POST" or request.path.partition("?")[0] != RESPONSES_PATH:
        body = {"error": {"code": 404, "message": "Not Found"}}
        return json_outcome(404, body, label="not found")
    if request.json is None:
        issues = [issue([], "Invalid input: request body is not valid JSON", "invalid_type")]
        return json_outcome(400, validation_body(issues), label="invalid JSON")
    issues = validate_request(request.json)
    if issues:
        return json_outcome(400, validation_body(issues), label="invalid_prompt")
    return None


def info_path(request: RecordedRequest) -> str | None:
    """Return the info endpoint (`INFO_PATHS`, or a model's endpoints) a `GET` request asks for, or None."""
    path = request.path.partition("?")[0]
    known = path in INFO_PATHS or ENDPOINTS_PATH.fullmatch(path) is not None
    return path if request.method == "GET" and known else None


def authorized(bearer: str | None, api_key: str | None) -> bool:
    """Whether `bearer` is accepted (constant-time comparison)."""
    if bearer is None:
        return False
    return api_key is None or hmac.compare_digest(bearer.encode(), api_key.encode())
