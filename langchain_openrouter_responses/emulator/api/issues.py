"""Zod-like validation issues, as OpenRouter puts them in `metadata.raw` of a 400."""

from __future__ import annotations

from typing import Any

Issue = dict[str, Any]
Path = list[str | int]

MISSING: Any = object()
_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "number"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def received(value: Any) -> str:
    """Return zod's name for the type of `value` (`undefined` when missing)."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), "unknown")


def issue(path: Path, message: str, code: str = "custom") -> Issue:
    """Return one zod-like issue."""
    return {"code": code, "path": path, "message": message}


def type_issue(path: Path, expected: str, value: Any) -> Issue:
    """Return an `invalid_type` issue for `value` at `path`."""
    message = f"Invalid input: expected {expected}, received {received(value)}"
    return {"expected": expected, "code": "invalid_type", "path": path, "message": message}


def value_issue(path: Path, allowed: tuple[str, ...], value: Any) -> Issue:
    """Return an `invalid_value` issue: `value` is not one of `allowed`."""
    expected = " | ".join(f'"{name}"' for name in allowed)
    message = f"Invalid input: expected {expected}, received {show(value)}"
    return {"code": "invalid_value", "values": list(allowed), "path": path, "message": message}


def unrecognized_issue(path: Path, key: str, message: str) -> Issue:
    """Return an `unrecognized_keys` issue for `key`."""
    return {"code": "unrecognized_keys", "keys": [key], "path": path, "message": message}


def show(value: Any) -> str:
    """Return `value` as zod quotes it in messages (strings quoted, others by type)."""
    return f'"{value}"' if isinstance(value, str) else received(value)
