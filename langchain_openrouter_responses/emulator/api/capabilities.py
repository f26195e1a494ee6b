"""What a request needs from a model (image, file, audio or video input; tool use).

A model's bundled profile says what it supports; a capability the profile does not mention
is assumed present, so the emulator stays permissive where the facts are missing.
"""

from __future__ import annotations

from typing import Any

NEEDS_BY_PART = {
    "input_image": "image input",
    "input_file": "file input",
    "input_audio": "audio input",
    "input_video": "video input",
}
PROFILE_KEYS = {
    "image input": ("image_inputs",),
    "file input": ("pdf_inputs", "attachment"),
    "audio input": ("audio_inputs",),
    "video input": ("video_inputs",),
    "tool use": ("tool_calling",),
}


def request_needs(body: dict[str, Any]) -> list[str]:
    """Return the capabilities `body` needs, in a stable order (e.g. `["image input", "tool use"]`)."""
    needs = {NEEDS_BY_PART[kind] for kind in _part_types(body.get("input")) if kind in NEEDS_BY_PART}
    tools = body.get("tools")
    if isinstance(tools, list) and tools:
        needs.add("tool use")
    return [need for need in PROFILE_KEYS if need in needs]


def missing_capability(profile: dict[str, Any] | None, needs: list[str]) -> str | None:
    """Return the first of `needs` that `profile` says the model lacks, or None."""
    if profile is None:
        return None
    for need in needs:
        known = [profile[key] for key in PROFILE_KEYS[need] if isinstance(profile.get(key), bool)]
        if known and not known[0]:
            return need
    return None


def _part_types(value: Any) -> set[str]:
    """Return the `type` of every content part in `input` (messages and tool outputs)."""
    if not isinstance(value, list):
        return set()
    found: set[str] = set()
    for item in value:
        if not isinstance(item, dict):
            continue
        parts = item.get("content") if "content" in item else item.get("output")
        if isinstance(parts, list):
            found.update(str(part.get("type")) for part in parts if isinstance(part, dict))
    return found
