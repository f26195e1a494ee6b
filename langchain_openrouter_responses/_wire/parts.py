"""LangChain content blocks → Responses input parts (`input_text`, `input_image`, ...).

Accepts the block shapes LangChain users and agents send: standard v1 blocks
(`text`, `image`, `file`, `audio`, `video`, `text-plain`), legacy v0 blocks with
`source_type`, OpenAI chat blocks (`image_url`, `file`, `input_audio`),
Anthropic blocks (`image`/`document` with `source`) and Responses parts, which
pass through. Anything else is an error naming the block: nothing is dropped.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

PASSTHROUGH_PARTS = frozenset({"input_text", "input_image", "input_file", "input_audio", "input_video"})
_DEFAULT_DETAIL = "auto"
_AUDIO_FORMATS = {"mpeg": "mp3", "mp3": "mp3", "wav": "wav", "x-wav": "wav", "wave": "wav"}


class MessageConversionError(ValueError):
    """A message or content block cannot be expressed as a Responses input item."""


def input_part(block: Any, where: str) -> dict[str, Any]:
    """Convert one content block to a Responses input part.

    Args:
        block: A string or a content-block dict.
        where: Where the block sits, for error messages (e.g. "a user message").

    Returns:
        The input part.

    Raises:
        MessageConversionError: The block's type is unknown or it lacks its data.
    """
    if isinstance(block, str):
        return {"type": "input_text", "text": block}
    if not isinstance(block, dict):
        raise MessageConversionError(f"Content blocks in {where} must be str or dict, got {type(block).__name__}.")
    block_type = block.get("type")
    if block_type in PASSTHROUGH_PARTS:
        return dict(block)
    mapper = _MAPPERS.get(str(block_type))
    if mapper is None:
        raise MessageConversionError(
            f"Unsupported content block type {block_type!r} in {where}. Supported: text, image, image_url, "
            f"file, audio, input_audio, video, text-plain, and Responses input_* parts. Block: {_preview(block)}"
        )
    part = mapper(block)
    for key in CACHE_MARKERS:
        marker = block.get(key) or (block.get("extras") or {}).get(key)
        if marker:
            part[key] = marker
    return part


CACHE_MARKERS = ("cache_control", "prompt_cache_breakpoint")
"""Prompt-cache markers a content block may carry (at its top level, as langchain-anthropic
users write them, or in `extras`); they go onto the input part as given. OpenRouter takes
`cache_control` on any part (Anthropic, Gemini and others; it converts it for OpenAI models
with explicit caching) and `prompt_cache_breakpoint` natively for OpenAI GPT-5.6+."""


def with_message_cache_control(parts: list[dict[str, Any]], marker: Any) -> list[dict[str, Any]]:
    """Put a message-level `cache_control` on the message's last part (langchain-anthropic's rule).

    Args:
        parts: The message's input parts.
        marker: The message's `cache_control` (None: unchanged).

    Returns:
        The parts, the last one carrying the marker unless it already has one.
    """
    if not marker or not parts or "cache_control" in parts[-1]:
        return parts
    return [*parts[:-1], {**parts[-1], "cache_control": marker}]


_PREVIEW_CHARS = 40


def _preview(block: dict[str, Any]) -> str:
    def cut(value: Any) -> Any:
        text = str(value)
        return value if len(text) <= _PREVIEW_CHARS else f"{text[:_PREVIEW_CHARS]}..."

    return repr({key: cut(value) for key, value in block.items()})


def _text(block: dict[str, Any]) -> dict[str, Any]:
    text = block.get("text")
    if not isinstance(text, str):
        raise MessageConversionError(f"A text block needs a string 'text': {_preview(block)}")
    return {"type": "input_text", "text": text}


def _image(block: dict[str, Any]) -> dict[str, Any]:
    source = _source(block)
    detail = block.get("detail") or (block.get("extras") or {}).get("detail") or _DEFAULT_DETAIL
    if "file_id" in source:
        return {"type": "input_image", "file_id": source["file_id"], "detail": detail}
    url = source.get("url") or _data_url(source, "an image block")
    return {"type": "input_image", "image_url": url, "detail": detail}


def _image_url(block: dict[str, Any]) -> dict[str, Any]:
    value = block.get("image_url")
    url = value.get("url") if isinstance(value, dict) else value
    if not isinstance(url, str) or not url:
        raise MessageConversionError(f"An image_url block needs a URL: {_preview(block)}")
    detail = (value.get("detail") if isinstance(value, dict) else None) or _DEFAULT_DETAIL
    return {"type": "input_image", "image_url": url, "detail": detail}


def _file(block: dict[str, Any]) -> dict[str, Any]:
    nested = block.get("file")
    if isinstance(nested, dict):  # OpenAI chat shape
        return {"type": "input_file", **nested}
    source = _source(block)
    if "file_id" in source:
        return {"type": "input_file", "file_id": source["file_id"]}
    if source.get("url"):
        return {"type": "input_file", "file_url": source["url"]}
    data_url = _data_url(source, "a file block")
    return {"type": "input_file", "filename": _filename(block, source), "file_data": data_url}


def _text_plain(block: dict[str, Any]) -> dict[str, Any]:
    if isinstance(block.get("text"), str):
        return {"type": "input_text", "text": block["text"]}
    return _file({**block, "mime_type": block.get("mime_type", "text/plain")})


def _audio(block: dict[str, Any]) -> dict[str, Any]:
    source = _source(block)
    data = source.get("base64")
    if not data:
        raise MessageConversionError(
            f"Audio must be sent as base64 data (OpenRouter takes no audio URLs): {_preview(block)}"
        )
    subtype = str(source.get("mime_type") or "audio/wav").split("/")[-1]
    return {"type": "input_audio", "input_audio": {"data": data, "format": _AUDIO_FORMATS.get(subtype, subtype)}}


def _video(block: dict[str, Any]) -> dict[str, Any]:
    source = _source(block)
    url = source.get("url") or _data_url(source, "a video block")
    return {"type": "input_video", "video_url": url}


def _source(block: dict[str, Any]) -> dict[str, Any]:
    """Normalise v1, v0 (`source_type`) and Anthropic (`source`) data fields."""
    anthropic = block.get("source")
    if isinstance(anthropic, dict):
        return _ANTHROPIC_SOURCES.get(str(anthropic.get("type")), dict)(anthropic)
    if "source_type" in block:
        return _V0_SOURCES.get(str(block["source_type"]), dict)(block)
    return {key: block[key] for key in ("base64", "url", "file_id", "mime_type") if block.get(key)}


_ANTHROPIC_SOURCES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "base64": lambda s: {"base64": s.get("data"), "mime_type": s.get("media_type")},
    "url": lambda s: {"url": s.get("url")},
    "file": lambda s: {"file_id": s.get("file_id")},
}
_V0_SOURCES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "base64": lambda b: {"base64": b.get("data"), "mime_type": b.get("mime_type")},
    "url": lambda b: {"url": b.get("url")},
    "id": lambda b: {"file_id": b.get("id")},
}


def _data_url(source: dict[str, Any], what: str) -> str:
    data = source.get("base64")
    if not data:
        raise MessageConversionError(f"{what.capitalize()} needs base64 data, a url or a file_id; it has none.")
    if str(data).startswith("data:"):
        return str(data)
    mime_type = source.get("mime_type")
    if not mime_type:
        raise MessageConversionError(f"{what.capitalize()} with base64 data needs a mime_type such as 'image/png'.")
    return f"data:{mime_type};base64,{data}"


def _filename(block: dict[str, Any], source: dict[str, Any]) -> str:
    for holder in (block, block.get("extras") or {}, block.get("metadata") or {}):
        if isinstance(holder, dict) and isinstance(holder.get("filename"), str) and holder["filename"]:
            return str(holder["filename"])
    extension = mimetypes.guess_extension(str(source.get("mime_type") or "")) or ""
    return f"document{extension}"


_MAPPERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "text": _text,
    "image": _image,
    "image_url": _image_url,
    "file": _file,
    "document": _file,
    "text-plain": _text_plain,
    "audio": _audio,
    "video": _video,
}
