"""Schema synthesis: tool arguments and JSON answers built from schemas and the user's words."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.emulator.conftest import Client

ADDRESS_V2 = {
    "$defs": {
        "Address": {
            "title": "Address",
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name."},
                "zip": {"type": "integer", "minimum": 10000, "maximum": 99999},
            },
            "required": ["city", "zip"],
        }
    },
    "title": "Person",
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Name"},
        "home": {"$ref": "#/$defs/Address"},
        "tags": {"type": "array", "items": {"type": "string", "title": "Tag"}},
        "vip": {"type": "boolean"},
        "score": {"type": "number"},
        "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "Nickname"},
    },
    "required": ["name", "home", "tags", "vip", "score"],
}
ORDER_V1 = {
    "title": "Order",
    "type": "object",
    "properties": {
        "item": {"title": "Item", "description": "the product", "allOf": [{"$ref": "#/definitions/Product"}]},
        "quantity": {"title": "Quantity", "type": "integer", "exclusiveMinimum": 0},
    },
    "required": ["item", "quantity"],
    "definitions": {
        "Product": {
            "title": "Product",
            "type": "object",
            "properties": {"sku": {"title": "Sku", "type": "string"}},
            "required": ["sku"],
        }
    },
}
OPTIONAL_JOKE = {
    "title": "Joke",
    "type": "object",
    "properties": {
        "setup": {"type": "string", "description": "question to set up a joke"},
        "punchline": {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "default": None,
            "description": "answer to resolve the joke",
        },
    },
    "required": ["setup"],
}


def instance(client: Client, schema: Any, prompt: str) -> Any:
    fmt = {"type": "json_schema", "name": "Answer", "schema": schema}
    answer = client.ask(prompt, text={"format": fmt})
    assert answer.status == 200, answer.body
    return json.loads(answer.json()["output"][0]["content"][0]["text"])


def raw_arguments(client: Client, parameters: Any, prompt: str, **extra: Any) -> str:
    tool = {"type": "function", "name": "act", **({"parameters": parameters} if parameters != "absent" else {})}
    answer = client.ask(prompt, tools=[tool], tool_choice={"type": "function", "name": "act"}, **extra)
    assert answer.status == 200, answer.body
    call = answer.json()["output"][0]
    assert call["type"] == "function_call"
    arguments: str = call["arguments"]
    return arguments


def arguments(client: Client, properties: dict[str, Any], prompt: str, required: Any = None) -> Any:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }
    return json.loads(raw_arguments(client, schema, prompt))


def test_refs_to_defs_nested_objects_arrays_and_optional_anyof(client: Client) -> None:
    prompt = "Numbers: 7 then 2.5. Register 'Ada' from 'London'."

    assert instance(client, ADDRESS_V2, prompt) == {
        "name": "Ada",
        "home": {"city": "London", "zip": 10000},
        "tags": ["Tag"],
        "vip": True,
        "score": 2.5,
        "nickname": "Nickname",
    }


def test_pydantic_v1_definitions_and_allof(client: Client) -> None:
    assert instance(client, ORDER_V1, "Order something") == {"item": {"sku": "Sku"}, "quantity": 1}


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Give me the setup to a joke about cats, no punchline.", {"setup": "question to set up a joke"}),
        (
            "Give me a joke about cats, include the punchline.",
            {"setup": "question to set up a joke", "punchline": "answer to resolve the joke"},
        ),
    ],
)
def test_optional_properties_follow_the_prompt(client: Client, prompt: str, expected: Any) -> None:
    assert instance(client, OPTIONAL_JOKE, prompt) == expected


def test_required_nullable_property_is_null_when_the_prompt_says_no(client: Client) -> None:
    strict = {**OPTIONAL_JOKE, "required": ["setup", "punchline"], "additionalProperties": False}

    assert instance(client, strict, "A setup, no punchline.") == {
        "setup": "question to set up a joke",
        "punchline": None,
    }


def test_exactly_the_schema_properties_are_emitted(client: Client) -> None:
    schema = {"type": "object", "properties": {"setup": {"type": "string"}, "punchline": {"type": "string"}}}

    assert set(instance(client, schema, "Joke with 'extra' words 3 4")) == {"setup", "punchline"}


@pytest.mark.parametrize(
    "parameters",
    [
        {"type": "object", "properties": {}},
        None,
        pytest.param("absent", marks=pytest.mark.sdk_nonconforming("the SDK requires a function tool's `parameters`")),
    ],
)
def test_tool_without_parameters_gets_empty_object_arguments(client: Client, parameters: Any) -> None:
    assert raw_arguments(client, parameters, "What is the value of magic_function_no_args()?") == "{}"


def test_integers_come_from_the_prompt_in_order(client: Client) -> None:
    properties = {"a": {"type": "integer"}, "b": {"type": "integer"}}

    assert arguments(client, properties, "What is 3 + 4") == {"a": 3, "b": 4}
    assert arguments(client, properties, "What is the value of magic_function(3)?") == {"a": 3, "b": 0}


@pytest.mark.parametrize(
    ("schema", "prompt", "expected"),
    [
        ({"type": "integer", "exclusiveMinimum": -1000, "exclusiveMaximum": 1000}, "magic_function(3)", 3),
        ({"type": "integer", "exclusiveMinimum": -1000, "exclusiveMaximum": 1000}, "try 5000", 999),
        ({"type": "integer", "minimum": 1, "maximum": 10}, "pick 50", 10),
        ({"type": "integer", "minimum": 1, "maximum": 10}, "pick -50", 1),
        ({"type": "integer", "exclusiveMinimum": 5}, "no numbers here", 6),
        ({"type": "integer", "minimum": 5, "exclusiveMinimum": True}, "use 0", 6),
        ({"type": "integer", "maximum": -3}, "nothing", -3),
        ({"type": "integer"}, "round 2.6 up", 3),
        ({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}, "take 5", 0.5),
        ({"type": "number", "minimum": 1.5}, "take 0.25", 1.5),
        ({"type": "number"}, "take -0.25", -0.25),
    ],
)
def test_numbers_respect_bounds(client: Client, schema: Any, prompt: str, expected: float) -> None:
    assert arguments(client, {"value": schema}, prompt) == {"value": expected}


def test_string_sources_in_order(client: Client) -> None:
    properties = {
        "first": {"type": "string"},
        "second": {"type": "string"},
        "third": {"type": "string"},
        "fourth": {"type": "string", "description": "The mood.\nMore detail."},
        "fifth": {"type": "string"},
    }
    prompt = "Please generate a Pirate note named 'Jolly Roger' for a party in Port Royal?"

    assert arguments(client, properties, prompt) == {
        "first": "Jolly Roger",
        "second": "Port Royal",
        "third": "Pirate",
        "fourth": "The mood",
        "fifth": "fifth",
    }


def test_enums_consts_formats_and_lengths(client: Client) -> None:
    properties = {
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "kind": {"const": "forecast"},
        "level": {"enum": [3, 5]},
        "when": {"type": "string", "format": "date-time"},
        "code": {"type": "string", "maxLength": 3, "title": "Airport code"},
        "pin": {"type": "string", "minLength": 4, "title": "pi"},
    }

    assert arguments(client, properties, "Forecast in fahrenheit") == {
        "unit": "fahrenheit",
        "kind": "forecast",
        "level": 3,
        "when": "2024-01-01T00:00:00Z",
        "code": "fah",
        "pin": "pixx",
    }


def test_arrays_respect_min_items_and_prefix_items(client: Client) -> None:
    properties = {
        "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "boolean"}]},
        "many": {"type": "array", "minItems": 2, "items": {"type": "integer"}},
        "none": {"type": "array", "maxItems": 0},
        "nullable": {"type": ["null", "boolean"]},
    }

    assert arguments(client, properties, "1 2 3") == {"pair": [1, True], "many": [2, 3], "none": [], "nullable": True}


def test_recursive_schema_terminates(client: Client) -> None:
    schema = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "child": {"$ref": "#/$defs/Node"}},
                "required": ["name", "child"],
            }
        },
        "$ref": "#/$defs/Node",
    }

    value = instance(client, schema, "tree")

    depth = 0
    while value:
        value = value["child"]
        depth += 1
    assert 5 < depth < 20


def test_unicode_arguments_are_raw_utf8(client: Client) -> None:
    tool = {
        "type": "function",
        "name": "unicode_customer",
        "parameters": {
            "type": "object",
            "properties": {
                "customer_name": {"type": "string", "title": "Customer Name"},
                "description": {"type": "string", "title": "Description"},
            },
            "required": ["customer_name", "description"],
        },
    }
    prompt = "Create a customer named '你好啊集团' (Hello Group) - a Chinese technology company"

    answer = client.ask(prompt, tools=[tool], tool_choice="required")

    arguments = answer.json()["output"][0]["arguments"]
    assert json.loads(arguments) == {"customer_name": "你好啊集团", "description": "Description"}
    assert "\\u" not in arguments
    assert "你好啊集团".encode() in answer.body


def test_unicode_deltas_split_mid_string_but_never_inside_a_character(client: Client) -> None:
    properties = {"customer_name": {"type": "string"}}
    tool = {"type": "function", "name": "unicode_customer", "parameters": {"type": "object", "properties": properties}}
    prompt = "Create a customer named 'こんにちは株式会社' (Hello Corporation) - a Japanese company"

    answer = client.stream(prompt, tools=[tool], tool_choice="required")

    for payload in answer.data:
        payload.decode("utf-8", errors="strict")
    deltas = [e["delta"] for e in answer.events if e["type"] == "response.function_call_arguments.delta"]
    assert "".join(deltas) == '{"customer_name":"こんにちは株式会社"}'
    assert len(deltas) > 2
    assert any(delta and all("\u3040" <= char <= "\u9fff" for char in delta) for delta in deltas)
    assert all("こんにちは株式会社" not in delta for delta in deltas)
