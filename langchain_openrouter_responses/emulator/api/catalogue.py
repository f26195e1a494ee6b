"""The models the emulator knows, and what each can take as input.

The catalogue is the bundled model profiles (the same snapshot the chat model reads), the models
named by the bundled recordings, `openrouter/auto`, and any ids a test adds. A known id may carry a
variant suffix (`:free`, `:online`, `:thinking`, ...); presets (`@preset/...`) are accepted as they
are. Anything else gets OpenRouter's 400 "is not a valid model ID".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from langchain_openrouter_responses.emulator.replies.fixtures import RECORDINGS_DIR

AUTO_ROUTER = "openrouter/auto"
AUTO_SERVED = "openai/gpt-4o-mini"
"""What `openrouter/auto` routes to (the emulator's router always picks this model)."""

MODEL_ID = re.compile(r"~?[a-z0-9][a-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(?::[a-z0-9._-]+)?")
PRESET = re.compile(r"@preset/[A-Za-z0-9][A-Za-z0-9._-]*")
Profile = dict[str, Any]


class Catalogue:
    """Known model ids and their profiles (None: known, capabilities unknown)."""

    def __init__(self, extra: Iterable[str] = (), profiles: Mapping[str, Profile] | None = None) -> None:
        """Build the catalogue.

        Args:
            extra: Ids to accept besides the bundled ones (their capabilities are unknown,
                so every input is accepted for them).
            profiles: Models to add with a profile (models.dev keys, like the bundled ones);
                they are served, checked and listed by `GET /models` like bundled models.
        """
        self._extra = {model.split(":", 1)[0] for model in extra}
        self._profiles = {base_id(model): dict(profile) for model, profile in (profiles or {}).items()}

    def add(self, model: str) -> None:
        """Accept `model` (and its variants) from now on."""
        self._extra.add(model.split(":", 1)[0])

    def knows(self, model: str) -> bool:
        """Whether `model` is a servable id."""
        if PRESET.fullmatch(model) or model == AUTO_ROUTER:
            return True
        if not MODEL_ID.fullmatch(model):
            return False
        base = base_id(model)
        if model.startswith("~"):  # an alias such as ~anthropic/claude-sonnet-latest
            return base.split("/", 1)[0] in known_vendors()
        return base in self._extra or base in self._profiles or base in bundled_profiles() or base in recorded_models()

    def profile(self, model: str) -> Profile | None:
        """Return the profile of `model` (added, else bundled), or None when its capabilities are unknown."""
        base = base_id(model)
        return self._profiles.get(base) or bundled_profiles().get(base)

    def listed(self) -> dict[str, Profile | None]:
        """Return every listable model id and its profile (None: capabilities unknown), sorted by id."""
        models: dict[str, Profile | None] = dict.fromkeys(recorded_models() | self._extra)
        models.update(bundled_profiles())
        models.update(self._profiles)
        return dict(sorted(models.items()))


def base_id(model: str) -> str:
    """Return `model` without its `~` alias marker and `:variant` suffix."""
    return model.removeprefix("~").split(":", 1)[0]


@functools.cache
def bundled_profiles() -> dict[str, Profile]:
    """Return the bundled model profiles, keyed by OpenRouter id."""
    text = resources.files("langchain_openrouter_responses.data").joinpath("profiles.json").read_text("utf-8")
    profiles: dict[str, Profile] = json.loads(text)
    return profiles


@functools.cache
def known_vendors() -> frozenset[str]:
    """Return the vendor prefixes of the bundled profiles (`anthropic`, `openai`, ...)."""
    return frozenset(model.split("/", 1)[0] for model in bundled_profiles())


@functools.cache
def recorded_models() -> frozenset[str]:
    """Return the requested and served models of the bundled recordings (real ids seen on the wire)."""
    found: set[str] = set()
    for meta in RECORDINGS_DIR.glob("*.meta.json"):
        recorded = json.loads(meta.read_text(encoding="utf-8"))
        for key in ("model", "response_model"):
            value = recorded.get(key)
            if isinstance(value, str) and MODEL_ID.fullmatch(value):
                found.add(base_id(value))
    return frozenset(found)
