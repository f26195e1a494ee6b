"""Fill a JSON Schema with a plausible instance, taking values from the user's words.

Follows `$ref` (`#/$defs/...` and pydantic v1 `#/definitions/...`), `allOf`,
`anyOf` and `oneOf`. Emits exactly the schema's properties: required ones always,
optional ones unless the user says "no <property>".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_openrouter_responses.emulator.model.prompt import Cues

Schema = dict[str, Any]

MAX_DEPTH = 12
OPTIONAL_DEPTH = 4
FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def synthesize(schema: Any, cues: Cues) -> Any:
    """Return an instance of `schema` built from `cues`.

    Args:
        schema: A JSON Schema (the root, holding any `$defs`); None means an empty object.
        cues: The prompt's values, consumed in order.

    Returns:
        A JSON-ready value.
    """
    root = schema if isinstance(schema, dict) else {"type": "object", "properties": {}}
    return _Filler(root, cues).value(root, "", 0)


class _Filler:
    """One synthesis run over a root schema."""

    def __init__(self, root: Schema, cues: Cues) -> None:
        self.root = root
        self.cues = cues

    def value(self, schema: Any, name: str, depth: int) -> Any:
        node = self.resolve(schema)
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            return self._choose(node["enum"])
        branches = node.get("anyOf") or node.get("oneOf")
        if isinstance(branches, list) and branches and depth < MAX_DEPTH:
            outer = {key: value for key, value in node.items() if key not in {"anyOf", "oneOf"}}
            return self.value({**outer, **self._first_branch(branches)}, name, depth + 1)
        return self._typed(node, _kind(node), name, depth)

    def _typed(self, node: Schema, kind: str, name: str, depth: int) -> Any:
        if kind == "object":
            return self._object(node, depth)
        if kind == "array":
            return self._array(node, name, depth)
        if kind in {"integer", "number"}:
            return self._number(node, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self._string(node, name)

    def resolve(self, schema: Any) -> Schema:
        """Return `schema` with `$ref` followed and `allOf` merged."""
        node: Schema = schema if isinstance(schema, dict) else {}
        seen: set[str] = set()
        while isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            seen.add(node["$ref"])
            target = _pointer(self.root, node["$ref"])
            node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
        parts = node.get("allOf")
        if not isinstance(parts, list):
            return node
        merged = {key: value for key, value in node.items() if key != "allOf"}
        for part in parts:
            merged = _merge(merged, self.resolve(part))
        return merged

    def _object(self, node: Schema, depth: int) -> dict[str, Any]:
        properties = node.get("properties")
        if not isinstance(properties, dict) or depth >= MAX_DEPTH:
            return {}
        required = set(node.get("required") or [])
        result: dict[str, Any] = {}
        for name, schema in properties.items():
            if name in required:
                result[name] = self._required(name, schema, depth + 1)
            elif depth < OPTIONAL_DEPTH and not self.cues.omits(name):
                result[name] = self.value(schema, name, depth + 1)
        return result

    def _required(self, name: str, schema: Any, depth: int) -> Any:
        if self.cues.omits(name) and self._nullable(schema):
            return None
        return self.value(schema, name, depth)

    def _nullable(self, schema: Any) -> bool:
        node = self.resolve(schema)
        kind = node.get("type")
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            return True
        branches = node.get("anyOf") or node.get("oneOf") or []
        return any(self._nullable(branch) for branch in branches if isinstance(branch, dict))

    def _array(self, node: Schema, name: str, depth: int) -> list[Any]:
        if depth >= MAX_DEPTH or node.get("maxItems") == 0:
            return []
        prefix = node.get("prefixItems")
        if isinstance(prefix, list) and prefix:
            return [self.value(item, name, depth + 1) for item in prefix]
        count = max(1, _int(node.get("minItems"), 1))
        return [self.value(node.get("items") or {}, name, depth + 1) for _ in range(count)]

    def _number(self, node: Schema, *, integer: bool) -> int | float:
        found = self.cues.number()
        value: float = 0 if found is None else found
        fitted = fit_number(round(value) if integer else value, node, integer=integer)
        return int(fitted) if integer else fitted

    def _string(self, node: Schema, name: str) -> str:
        canned = FORMATS.get(str(node.get("format")))
        text = canned or self.cues.string() or describe(node, name)
        limit = node.get("maxLength")
        if isinstance(limit, int) and not isinstance(limit, bool):
            text = text[:limit]
        return text.ljust(_int(node.get("minLength"), 0), "x")

    def _first_branch(self, branches: list[Any]) -> Schema:
        resolved = [self.resolve(branch) for branch in branches]
        return next((branch for branch in resolved if branch.get("type") != "null"), resolved[0])

    def _choose(self, options: list[Any]) -> Any:
        lowered = self.cues.text.lower()
        named = [option for option in options if isinstance(option, str) and option and option.lower() in lowered]
        return named[0] if named else options[0]


def describe(node: Schema, name: str) -> str:
    """Return a string value derived from a property's description, title or name."""
    for key in ("description", "title"):
        text = node.get(key)
        if isinstance(text, str) and text.strip():
            first = text.strip().splitlines()[0].strip()
            return first.rstrip(".") or first
    return name.replace("_", " ").strip() or "value"


def fit_number(value: float, node: Schema, *, integer: bool) -> float:
    """Move `value` inside the schema's minimum/maximum (inclusive or exclusive) bounds.

    Args:
        value: The wanted value.
        node: The number or integer schema.
        integer: Whether the result must be a whole number.

    Returns:
        `value` when it fits, else the nearest allowed value (a midpoint for tight ranges).
    """
    low, low_open = _bound(node, "minimum", "exclusiveMinimum", lower=True)
    high, high_open = _bound(node, "maximum", "exclusiveMaximum", lower=False)
    if low is not None and _beyond(value, low, low_open, -1):
        value = _inside(low, low_open, +1, integer=integer)
    if high is not None and _beyond(value, high, high_open, +1):
        value = _inside(high, high_open, -1, integer=integer)
    if low is not None and high is not None and _beyond(value, low, low_open, -1):
        middle = (low + high) / 2
        value = math.floor(middle) if integer else middle
    return value


def _beyond(value: float, bound: float, opened: bool, side: int) -> bool:
    """Whether `value` lies past `bound` on `side` (-1: below a minimum, +1: above a maximum)."""
    return (value - bound) * side > 0 or (opened and value == bound)


def _bound(node: Schema, inclusive: str, exclusive: str, *, lower: bool) -> tuple[float | None, bool]:
    closed, opened = _as_number(node.get(inclusive)), node.get(exclusive)
    if opened is True and closed is not None:  # JSON Schema draft 4 style
        return closed, True
    open_value = _as_number(opened)
    if open_value is None:
        return closed, False
    if closed is not None and (closed > open_value if lower else closed < open_value):
        return closed, False
    return open_value, True


def _inside(bound: float, opened: bool, direction: int, *, integer: bool) -> float:
    if integer:
        edge = math.ceil(bound) if direction > 0 else math.floor(bound)
        return edge + direction if opened and edge == bound else edge
    return bound + direction if opened else bound


def _as_number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _kind(node: Schema) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [str(name) for name in kind if name != "null"]
        return kinds[0] if kinds else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in node:
        return "object"
    if "items" in node or "prefixItems" in node:
        return "array"
    return "string"


def _pointer(root: Schema, ref: str) -> Schema:
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for token in filter(None, ref[1:].split("/")):
        key = token.replace("~1", "/").replace("~0", "~")
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def _merge(first: Schema, second: Schema) -> Schema:
    merged = {**second, **first}
    properties = {**(second.get("properties") or {}), **(first.get("properties") or {})}
    if properties:
        merged["properties"] = properties
    required = list(dict.fromkeys([*(second.get("required") or []), *(first.get("required") or [])]))
    if required:
        merged["required"] = required
    return merged
