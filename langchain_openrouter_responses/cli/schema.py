"""`--schema` and `--schema-multi`: a JSON schema for structured output, for prompts and batches.

Standard library only: the flags are checked before langchain-core is imported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_TITLE = "output"


class SchemaError(ValueError):
    """A `--schema` or `--schema-multi` value that is not a JSON schema (a usage error)."""


def read_schema(text: str, *, multi: bool = False) -> dict[str, Any]:
    """Read a schema flag: a JSON schema inline (text starting with `{`, or `[` to be refused) or in a file.

    Args:
        text: The flag's value.
        multi: `--schema-multi`, as `llm` does: the answer is an object whose `items` array holds
            any number of objects matching the schema.

    Returns:
        The schema to send, titled `output` unless it has a title.

    Raises:
        SchemaError: A missing file, text that is not JSON, or JSON that is not an object.
    """
    flag = "--schema-multi" if multi else "--schema"
    try:
        source = text if text.lstrip().startswith(("{", "[")) else Path(text).read_text(encoding="utf-8")
        schema = json.loads(source)
    except OSError as error:
        raise SchemaError(f"{flag}: cannot read {text}: {error.strerror or error}") from None
    except ValueError as error:
        raise SchemaError(f"{flag} is not JSON: {error}") from None
    if not isinstance(schema, dict):
        raise SchemaError(f'{flag} must be a JSON object (a JSON schema), e.g. {flag} \'{{"type": "object", ...}}\'')
    if multi:
        schema = {
            "title": DEFAULT_TITLE,
            "type": "object",
            "properties": {"items": {"type": "array", "items": schema}},
            "required": ["items"],
        }
    schema.setdefault("title", DEFAULT_TITLE)
    return schema


def schema_from_flags(schema: str | None, schema_multi: str | None) -> dict[str, Any] | None:
    """Read whichever of `--schema` and `--schema-multi` was given.

    Args:
        schema: `--schema`'s value, if given.
        schema_multi: `--schema-multi`'s value, if given.

    Returns:
        The schema to send, or None when neither flag was given.

    Raises:
        SchemaError: Both flags, or a value that is not a JSON schema.
    """
    if schema is not None and schema_multi is not None:
        raise SchemaError("give --schema (one object) or --schema-multi (a list of them), not both")
    if schema_multi is not None:
        return read_schema(schema_multi, multi=True)
    return None if schema is None else read_schema(schema)
