"""Count the images, files, audio and video a model received, and say so in words."""

from __future__ import annotations

from collections import Counter
from typing import Any

KINDS = ("image", "PDF file", "file", "audio clip", "video")


def media_kind(part: Any) -> str | None:
    """Return the kind of media in one input part ("image", "PDF file", ...), or None."""
    if not isinstance(part, dict):
        return None
    kind = part.get("type")
    if kind == "input_image":
        return "image"
    if kind == "input_file":
        return "PDF file" if _is_pdf(part) else "file"
    if kind == "input_audio":
        return "audio clip"
    if kind == "input_video":
        return "video"
    return None


def _is_pdf(part: dict[str, Any]) -> bool:
    filename = str(part.get("filename") or "").lower()
    data = str(part.get("file_data") or part.get("file_url") or "").lower()
    return filename.endswith(".pdf") or data.startswith("data:application/pdf") or data.endswith(".pdf")


def count_media(content: Any) -> Counter[str]:
    """Count the media parts of a message `content` or tool output (a string counts none)."""
    if not isinstance(content, list):
        return Counter()
    return Counter(kind for kind in map(media_kind, content) if kind is not None)


def describe_media(content: Any) -> str:
    """Describe the media in `content`, e.g. "1 image and 1 PDF file" ("" when none)."""
    counts = count_media(content)
    phrases = [f"{counts[kind]} {kind}{'' if counts[kind] == 1 else 's'}" for kind in KINDS if counts[kind]]
    if len(phrases) < 2:  # noqa: PLR2004 - "a" vs "a and b"
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"
