"""The settings generator: a setting means the same however it is given (issue 21).

Hypothesis draws valid combinations of the body settings (every field of the model's typed
settings, read from their pydantic types: `settings_strategies.py`) and of the per-call tool
keywords, and sends them to the loopback emulator along every path: all on the constructor
(the reference), each setting on a path of its own (constructor, `model_kwargs`, `.bind`, the
call's keywords, under its field name or its alias), all per call, all bound, all in
`model_kwargs`, and the models rebuilt by `dumpd`/`load`, `dumps`/`loads` and pickle. Every
request body must be byte-identical to the reference's.

Under the `ci` profile the draws are derandomised; `HYPOTHESIS_PROFILE=deep` draws thousands.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import pickle
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.load import dumpd, dumps, load

from integration_tests.helpers import TOOLS
from integration_tests.settings_strategies import ALIASES, request_settings
from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.emulator import Emulator

PATHS = ("constructor", "model_kwargs", "bind", "call")

TOOL_CHOICES = st.sampled_from(
    [
        "auto",
        "none",
        "required",
        "any",
        True,
        "add",
        {"type": "function", "name": "multiply"},
        {"type": "function", "function": {"name": "add"}},
    ]
)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as running:
        yield running
        running.verify()


class Sender:
    """Builds models on the emulator and returns what each one sends: the body bytes and the headers."""

    def __init__(self, emulator: Emulator, mode: str, model_only: dict[str, Any]) -> None:
        self.emulator = emulator
        self.mode = mode
        self.model_only = model_only

    def model(self, **settings: Any) -> ChatOpenRouterResponses:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unknown keys in model_kwargs are the point
            return ChatOpenRouterResponses(
                base_url=self.emulator.base_url,
                api_key=self.emulator.api_key,
                max_retries=0,
                **self.model_only,
                **settings,
            )

    def send(self, runnable: Any, **call: Any) -> tuple[bytes, dict[str, str]]:
        before = len(self.emulator.requests)
        with contextlib.suppress(OpenRouterError):  # the emulator may refuse a combination; the request is what counts
            run(runnable, self.mode, call)
        (request,) = self.emulator.requests[before:]
        return request.body, request.headers


def run(runnable: Any, mode: str, call: dict[str, Any]) -> None:
    async def consume() -> None:
        async for _ in runnable.astream("hi", **call):
            pass

    if mode == "invoke":
        runnable.invoke("hi", **call)
    elif mode == "stream":
        list(runnable.stream("hi", **call))
    elif mode == "ainvoke":
        asyncio.run(runnable.ainvoke("hi", **call))
    else:
        asyncio.run(consume())


HEADER_TEXT = st.text(alphabet="abcdefXYZ0129-", min_size=1, max_size=8)
MODEL_ONLY = st.fixed_dictionaries(
    {},
    optional={
        "app_title": HEADER_TEXT,
        "app_url": HEADER_TEXT.map(lambda name: f"https://example.org/{name}"),
        "app_categories": st.lists(HEADER_TEXT, min_size=1, max_size=2),
        "routing_metadata": st.booleans(),
    },
)
"""Header settings only the model takes (set on the constructor in every variant)."""
TIMEOUTS = st.floats(
    20, 120, allow_nan=False
)  # long: a loaded machine must not time a request out.map(lambda seconds: round(seconds, 2))
DEFAULT_HEADERS = st.dictionaries(HEADER_TEXT.map(lambda name: f"X-Test-{name}"), HEADER_TEXT, min_size=1, max_size=2)


@st.composite
def placements(draw: st.DrawFn) -> dict[str, Any]:
    """Settings and tool keywords, each with the path and name it is given under."""
    settings = draw(request_settings())
    placed = {
        field: (draw(st.sampled_from(PATHS)), draw(st.sampled_from([field, ALIASES.get(field, field)])), value)
        for field, value in settings.items()
    }
    client = draw(st.fixed_dictionaries({}, optional={"timeout": TIMEOUTS, "default_headers": DEFAULT_HEADERS}))
    for field, value in client.items():
        path = draw(st.sampled_from(PATHS))
        if field == "timeout" and path in {"bind", "call"} and draw(st.booleans()):
            value = httpx.Timeout(value)  # noqa: PLW2901 - the same timeout, as the SDK's type (per call only)
        placed[field] = (path, draw(st.sampled_from([field, ALIASES.get(field, field)])), value)
        settings[field] = client[field]
    tool_keywords = draw(
        st.fixed_dictionaries({}, optional={"tool_choice": TOOL_CHOICES, "parallel_tool_calls": st.booleans()})
    )
    return {
        "mode": draw(st.sampled_from(["invoke", "stream", "ainvoke", "astream"])),
        "model_only": draw(MODEL_ONLY),
        "settings": settings,
        "placed": placed,
        "tool_keywords": tool_keywords,
        "tool_path": draw(st.sampled_from(["bind_tools", "bind", "call", "model_kwargs"])),
        "with_tools": bool(tool_keywords) or draw(st.booleans()),
    }


def with_tools(model: ChatOpenRouterResponses, drawn: dict[str, Any], *, bind_keywords: bool) -> Any:
    if not drawn["with_tools"]:
        return model
    return model.bind_tools(TOOLS, **(drawn["tool_keywords"] if bind_keywords else {}))


def on_path(drawn: dict[str, Any], path: str, *, renamed: bool = True) -> dict[str, Any]:
    """The settings given on one path, under the names drawn for them."""
    return {
        name if renamed else field: value for field, (where, name, value) in drawn["placed"].items() if where == path
    }


def tool_keywords_on(drawn: dict[str, Any], path: str) -> dict[str, Any]:
    return dict(drawn["tool_keywords"]) if drawn["tool_path"] == path else {}


def build_mixed(sender: Sender, drawn: dict[str, Any]) -> ChatOpenRouterResponses:
    model_kwargs = on_path(drawn, "model_kwargs") | tool_keywords_on(drawn, "model_kwargs")
    return sender.model(**on_path(drawn, "constructor"), model_kwargs=model_kwargs)


def send_mixed(sender: Sender, model: ChatOpenRouterResponses, drawn: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    runnable = with_tools(model, drawn, bind_keywords=drawn["tool_path"] == "bind_tools")
    bound = on_path(drawn, "bind") | tool_keywords_on(drawn, "bind")
    if bound:
        runnable = runnable.bind(**bound)
    return sender.send(runnable, **on_path(drawn, "call"), **tool_keywords_on(drawn, "call"))


def load_model(serialized: Any, key: str) -> ChatOpenRouterResponses:
    loaded = load(
        serialized,
        allowed_objects=[ChatOpenRouterResponses],
        valid_namespaces=["langchain_openrouter_responses"],
        secrets_map={"OPENROUTER_API_KEY": key},
    )
    assert isinstance(loaded, ChatOpenRouterResponses)
    return loaded


def round_trips(model: ChatOpenRouterResponses, key: str) -> dict[str, Callable[[], ChatOpenRouterResponses]]:
    text = dumps(model)
    assert "not_implemented" not in text
    assert key not in text
    return {
        "dumpd/load": lambda: load_model(dumpd(model), key),
        "dumps/load": lambda: load_model(json.loads(text), key),
        "pickle": lambda: pickle.loads(pickle.dumps(model)),  # noqa: S301 (our own bytes)
    }


@given(drawn=placements())
def test_a_setting_reaches_the_wire_the_same_on_every_path(emulator: Emulator, drawn: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # load() is beta
        check_every_path(Sender(emulator, drawn["mode"], drawn["model_only"]), drawn, emulator.api_key)


def check_every_path(sender: Sender, drawn: dict[str, Any], key: str) -> None:
    settings, tool_keywords = drawn["settings"], drawn["tool_keywords"]
    reference_model = sender.model(**settings)
    reference = sender.send(with_tools(reference_model, drawn, bind_keywords=True))
    mixed = build_mixed(sender, drawn)
    plain = with_tools(sender.model(), drawn, bind_keywords=False)
    sent = {
        "each on its own path": send_mixed(sender, mixed, drawn),
        "all per call": sender.send(plain, **settings, **tool_keywords),
        "all bound": sender.send(plain.bind(**settings, **tool_keywords)),
        "all in model_kwargs": sender.send(
            with_tools(sender.model(model_kwargs={**settings, **tool_keywords}), drawn, bind_keywords=False)
        ),
    }
    for name, rebuild in round_trips(reference_model, key).items():
        sent[f"reference after {name}"] = sender.send(with_tools(rebuild(), drawn, bind_keywords=True))
    for name, rebuild in round_trips(mixed, key).items():
        if name != "dumps/load":  # the same JSON as dumpd's, checked on the reference
            sent[f"each on its own path after {name}"] = send_mixed(sender, rebuild(), drawn)
    for path, (body, headers) in sent.items():
        assert body == reference[0], f"{path}:\n{body.decode()}\nconstructor:\n{reference[0].decode()}"
        expected = reference[1]
        if path.endswith("/load"):  # dumpd leaves out default_headers (they may hold credentials)
            headers, expected = without_default_headers(headers, drawn), without_default_headers(expected, drawn)  # noqa: PLW2901
        assert headers == expected, f"{path}: {headers}\nconstructor: {expected}"


def without_default_headers(headers: dict[str, str], drawn: dict[str, Any]) -> dict[str, str]:
    custom = {name.lower() for name in drawn["settings"].get("default_headers", {})}
    return {name: value for name, value in headers.items() if name not in custom}
