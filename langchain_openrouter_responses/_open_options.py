"""The base of the typed OpenRouter objects: known keys checked, unknown keys sent with a warning.

OpenRouter adds options often. A key this package does not know yet may be one OpenRouter takes
today, so it is never refused: it is sent as given, with one `UnknownOptionWarning` per object
that names the closest known key (a misspelling shows up at once). Known keys keep their types.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator


class UnknownOptionWarning(UserWarning):
    """An OpenRouter option (a key or a plugin id) this package does not know; it is sent as given."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like `name` (difflib), or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_names_message(where: str, names: Iterable[str], known: Iterable[str], noun: str = "key") -> str:
    """One sentence naming each unknown name, its closest known name, and that it is sent as given."""
    known = sorted(known)
    parts = []
    for name in names:
        guess = closest(name, known)
        parts.append(f"{name!r} (did you mean {guess!r}?)" if guess else f"{name!r}")
    listed = ", ".join(parts)
    return (
        f"{where}: unknown {noun} {listed} is sent to OpenRouter as given; known {noun}s: {', '.join(known)}. "
        "If it is misspelt, fix it; if OpenRouter added it, ignore this warning."
    )


class OpenRouterOptions(BaseModel):
    """A typed OpenRouter object: known keys are validated, unknown keys pass with one warning."""

    model_config = ConfigDict(extra="allow")

    option_name: ClassVar[str] = "options"
    """How warnings name this object (for example `provider`)."""

    @model_validator(mode="after")
    def _warn_about_unknown_keys(self) -> Self:
        extra = self.model_extra or {}
        if extra:
            known = {field.alias or name for name, field in type(self).model_fields.items()}
            message = unknown_names_message(self.option_name, extra, known)
            warnings.warn(message, UnknownOptionWarning, stacklevel=2)
        return self
