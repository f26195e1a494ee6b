"""`/responses` requests built from templates are the requests the SDK itself would build."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import httpx
import openai
import pydantic
import pytest
from openai._models import FinalRequestOptions

from langchain_openrouter_responses._transport.calls import _post_options
from langchain_openrouter_responses._transport.httpx_shim import HttpTimeout
from langchain_openrouter_responses._transport.retry import OpenRouterAsyncOpenAI, OpenRouterOpenAI
from langchain_openrouter_responses._transport.templates import MAX_TEMPLATES

BASE_URL = "http://127.0.0.1:9/api/v1"
RAW_STREAM_HEADER = {"X-Stainless-Raw-Response": "stream"}  # what with_streaming_response adds


class Point(pydantic.BaseModel):
    x: int
    label: str = "origin"


BODIES = [
    {"model": "openai/gpt-4o-mini", "input": "Capital of France?"},
    {"model": "openai/gpt-4o-mini", "input": "Ünïcödé → 中文 ✓", "stream": True, "temperature": 0.2},
    {"model": "a/b", "input": [{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}], "tools": []},
    {"model": "a/b", "input": "when", "metadata": {"at": datetime(2026, 12, 2, 1, 2, 3, tzinfo=UTC)}},
    {"model": "a/b", "input": "model", "text": {"format": Point(x=1)}},
]


def options(body: dict[str, Any], **extra: Any) -> FinalRequestOptions:
    settings: dict[str, Any] = {"method": "post", "url": "/responses", "json_data": {}, "extra_json": body}
    settings.setdefault("headers", RAW_STREAM_HEADER)
    return FinalRequestOptions.construct(**{**settings, **extra})


def described(request: Any) -> tuple[Any, ...]:
    headers = sorted((name.lower(), value) for name, value in request.headers.items())
    return request.method, str(request.url), headers, request.read(), request.extensions


def sdk_built(client: Any, opts: FinalRequestOptions, retries_taken: int = 0) -> tuple[Any, ...]:
    base = openai.AsyncOpenAI if isinstance(client, openai.AsyncOpenAI) else openai.OpenAI
    return described(base._build_request(client, opts, retries_taken=retries_taken))


def ours_built(client: Any, opts: FinalRequestOptions, retries_taken: int = 0) -> tuple[Any, ...]:
    return described(client._build_request(opts, retries_taken=retries_taken))


@pytest.fixture(params=["sync", "async", "sync-timeout", "sync-headers", "plain-httpx"])
def client(request: pytest.FixtureRequest) -> Any:
    if request.param == "async":
        return OpenRouterAsyncOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    if request.param == "sync-timeout":
        return OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL, timeout=12.5, max_retries=3)
    if request.param == "sync-headers":
        headers = {"HTTP-Referer": "https://example.org", "X-Title": "demo"}
        return OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL, default_headers=headers)
    if request.param == "plain-httpx":  # a user's own client from plain httpx
        own = httpx.Client(headers={"X-Own": "yes"}, timeout=7.0)
        return OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL, http_client=own)
    return OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)


def test_every_body_is_sent_as_the_sdk_would_send_it(client: Any) -> None:
    for body in BODIES:  # the first builds the template; the others reuse it
        assert ours_built(client, options(body)) == sdk_built(client, options(body))
    assert len(client._request_templates) == 1


def test_each_retry_and_timeout_gets_its_own_template(client: Any) -> None:
    body = BODIES[0]
    for retries_taken in (0, 1, 2):
        built = ours_built(client, options(body), retries_taken)
        assert built == sdk_built(client, options(body), retries_taken)
        assert ("x-stainless-retry-count", str(retries_taken)) in built[2]
    for timeout in (HttpTimeout(30.0, read=0.5), HttpTimeout(30.0, read=2.0), 4.0, None):
        assert ours_built(client, options(body, timeout=timeout)) == sdk_built(client, options(body, timeout=timeout))
    for headers in (openai.NOT_GIVEN, {}, {"X-Call": "one"}, {"X-Call": "two"}):
        assert ours_built(client, options(body, headers=headers)) == sdk_built(client, options(body, headers=headers))
    assert len(client._request_templates) == 10


def test_a_body_never_leaks_into_the_next_request() -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    long_body = {"model": "a/b", "input": "x" * 5000}
    short_body = {"model": "a/b", "input": "y"}
    ours_built(client, options(long_body))
    _, _, headers, content, _ = ours_built(client, options(short_body))
    assert content == b'{"model":"a/b","input":"y"}'
    assert ("content-length", str(len(content))) in headers


def test_other_requests_are_built_by_the_sdk() -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    others = [
        FinalRequestOptions.construct(method="get", url="/models"),
        options(BODIES[0], params={"q": "1"}),
        options(BODIES[0], headers={"X-Drop": openai.Omit()}),
        options(BODIES[0], content=b"{}", json_data=None, extra_json=None),
    ]
    for opts in others:
        assert ours_built(client, opts) == sdk_built(client, opts)
    assert not client.__dict__.get("_request_templates")


def test_cookies_the_server_set_are_sent_as_the_sdk_sends_them() -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    ours_built(client, options(BODIES[0]))  # a template exists from before the cookie
    client._client.cookies.set("__cf_bm", "abc", domain="127.0.0.1")
    built = ours_built(client, options(BODIES[1]))
    assert built == sdk_built(client, options(BODIES[1]))
    assert ("cookie", "__cf_bm=abc") in built[2]


def test_the_same_headers_in_another_order_share_one_template() -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    for headers in ({"X-A": "1", "X-B": "2"}, {"X-B": "2", "X-A": "1"}):
        built = ours_built(client, options(BODIES[0], headers=headers))
        assert built == sdk_built(client, options(BODIES[0], headers=headers))
    assert len(client._request_templates) == 1


def test_templates_are_bounded() -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    for seconds in range(MAX_TEMPLATES * 2):
        ours_built(client, options(BODIES[0], timeout=float(seconds + 1)))
        assert len(client._request_templates) <= MAX_TEMPLATES


@pytest.mark.parametrize(
    ("body", "error"),
    [({"input": math.nan}, ValueError), ({"input": math.inf}, ValueError), ({"input": object()}, TypeError)],
)
def test_bodies_json_cannot_carry_fail_as_in_the_sdk(body: dict[str, Any], error: type[Exception]) -> None:
    client = OpenRouterOpenAI(api_key="sk-or-test", base_url=BASE_URL)
    ours_built(client, options(BODIES[0]))  # the template exists: the failure is the body's
    with pytest.raises(error):
        ours_built(client, options(body))
    with pytest.raises(error):
        sdk_built(client, options(body))


@pytest.mark.parametrize("body", BODIES)
def test_the_post_options_are_those_the_sdks_post_builds(body: dict[str, Any]) -> None:
    # `post_responses` copies its options from a template; the SDK's `post` constructs them afresh.
    built = FinalRequestOptions.construct(method="post", url="/responses", json_data=body, content=None, files=None)
    copied = _post_options(body)

    assert fields(copied) == fields(built)
    assert copied.model_fields_set == built.model_fields_set
    assert _post_options({"input": "another call"}).json_data == {"input": "another call"}
    assert copied.json_data == body, "each call's options are its own copy"


def fields(options: FinalRequestOptions) -> dict[str, Any]:
    return {name: "not given" if isinstance(value, openai.NotGiven) else value for name, value in options}
