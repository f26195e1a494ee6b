"""`GET /credits` and `GET /models/{author}/{slug}/endpoints` over raw HTTP, in the SDK's shapes."""

from __future__ import annotations

import pytest
from openrouter import components, operations

from langchain_openrouter_responses.emulator import Emulator
from tests.emulator.conftest import Client


def test_credits_validate_against_the_sdk(emu: Emulator, client: Client) -> None:
    emu.credit_limit = 3.0
    answer = client.post(b"", method="GET", path="/api/v1/credits")
    assert answer.status == 200
    bought = operations.GetCreditsResponse.model_validate(answer.json())
    assert (bought.data.total_credits, bought.data.total_usage) == (3.0, 0.0)


@pytest.mark.parametrize("model", ["openai/gpt-4o", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash"])
def test_endpoints_validate_against_the_sdk(client: Client, model: str) -> None:
    answer = client.post(b"", method="GET", path=f"/api/v1/models/{model}/endpoints")
    assert answer.status == 200
    found = components.ListEndpointsResponse.model_validate(answer.json()["data"])
    assert found.id == model
    assert [endpoint.model_id for endpoint in found.endpoints] == [model]


def test_endpoints_of_an_unknown_model_are_a_404(client: Client) -> None:
    answer = client.post(b"", method="GET", path="/api/v1/models/acme/nothing/endpoints")
    assert answer.status == 404
    assert answer.json() == {"error": {"code": 404, "message": "Model not found"}}


def test_credits_and_endpoints_need_the_key(client: Client) -> None:
    for path in ("/credits", "/models/openai/gpt-4o/endpoints"):
        assert client.post(b"", method="GET", path=f"/api/v1{path}", key="wrong").status == 401
