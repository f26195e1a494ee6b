"""`GET /models`, `/generation?id=` and `/key` over raw HTTP."""

from __future__ import annotations

from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from tests.emulator.conftest import Client


def test_models_lists_the_catalogue_in_openrouters_shape(client: Client) -> None:
    answer = client.post(b"", method="GET", path="/api/v1/models")
    assert answer.status == 200
    models = answer.json()["data"]
    assert len(models) >= 300
    entry = next(model for model in models if model["id"] == "openai/gpt-4o-mini")
    assert set(entry) >= {"id", "name", "context_length", "pricing", "architecture", "supported_parameters"}
    assert entry["pricing"]["prompt"] == "0.00000015"  # the bundled price list's $0.15 per million
    assert entry["pricing"]["input_cache_read"] == "0.000000075"
    assert entry["architecture"]["input_modalities"][0] == "text"
    assert entry["top_provider"]["context_length"] == entry["context_length"]


def test_models_includes_added_profiles() -> None:
    profile = {"max_input_tokens": 1000, "audio_inputs": True, "reasoning_output": True}
    with Emulator(api_key="k", model_profiles={"acme/new": profile}) as emu:
        answer = Client(emu).post(b"", method="GET", path="/api/v1/models", key="k")
        entry = next(model for model in answer.json()["data"] if model["id"] == "acme/new")
        assert entry["context_length"] == 1000
        assert "audio" in entry["architecture"]["input_modalities"]
        assert "reasoning" in entry["supported_parameters"]
        assert Client(emu).post({"model": "acme/new", "input": "Hi"}, key="k").status == 200


def test_info_endpoints_need_the_key(client: Client) -> None:
    for path in ("/models", "/key", "/generation?id=x"):
        assert client.post(b"", method="GET", path=f"/api/v1{path}", key="wrong").status == 401
        assert client.post(b"", method="GET", path=f"/api/v1{path}", key=None).status == 401


def test_generation_reports_a_produced_response_and_404s_otherwise(emu: Emulator, client: Client) -> None:
    emu.queue(Reply([text_item("one two three")]))
    response = client.ask("a b c d").json()
    answer = client.post(b"", method="GET", path=f"/api/v1/generation?id={response['id']}")
    assert answer.status == 200
    data = answer.json()["data"]
    assert data["id"] == response["id"]
    assert data["model"] == response["model"]
    assert data["native_tokens_prompt"] == response["usage"]["input_tokens"] == 4
    assert data["native_tokens_completion"] == response["usage"]["output_tokens"] == 3
    assert data["total_cost"] == response["usage"]["cost"]
    assert data["streamed"] is False
    missing = client.post(b"", method="GET", path="/api/v1/generation?id=gen-unknown")
    assert missing.status == 404
    assert missing.json()["error"]["code"] == 404


def test_failed_responses_are_not_billed(emu: Emulator, client: Client) -> None:
    emu.queue(Reply([text_item("x")], failure="response.failed", fail_after=0))
    failed = client.ask("Hi")
    assert failed.status == 200
    assert client.post(b"", method="GET", path="/api/v1/key").json()["data"]["usage"] == 0


def test_key_usage_accumulates_against_the_limit(emu: Emulator, client: Client) -> None:
    emu.credit_limit = 0.5
    costs = [client.ask("Hi there").json()["usage"]["cost"], client.stream("Hello").events[-1]["response"]["usage"]]
    data = client.post(b"", method="GET", path="/api/v1/key").json()["data"]
    spent = costs[0] + costs[1]["cost"]
    assert abs(data["usage"] - spent) < 1e-9
    assert data["limit"] == 0.5
    assert abs(data["limit_remaining"] - (0.5 - spent)) < 1e-9
    assert data["is_free_tier"] is False
