"""Content-part checks: text, images, files, audio and video in messages and tool outputs.

Accepted shapes (OpenRouter's Responses schema):

* `input_image`: `image_url` (an http(s) URL or a base64 `data:image/...` URL) or
  `file_id`; optional `detail` (`auto`, `low`, `high`, `original`).
* `input_file`: `filename` + `file_data` (a base64 data URL), or `file_url`
  (an http(s) or data URL), or `file_id`.
* `input_audio`: `{"input_audio": {"data": <base64>, "format": "mp3" | "wav"}}`.
* `input_video`: `video_url` (an http(s) or data URL).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.api.issues import (
    MISSING,
    Issue,
    Path,
    issue,
    type_issue,
    value_issue,
)

if TYPE_CHECKING:
    from collections.abc import Callable

INPUT_PARTS = ("input_text", "input_image", "input_file", "input_audio", "input_video")
ASSISTANT_PARTS = ("output_text", "refusal")
TOOL_OUTPUT_PARTS = ("input_text", "input_image", "input_file")
DETAILS = ("auto", "low", "high", "original")
AUDIO_FORMATS = ("mp3", "wav")
_PARAMS = r"(?:;[\w.+-]+=[^;,]*)*"
DATA_URL = re.compile(rf"^data:[\w.+-]+/[\w.+-]+{_PARAMS};base64,")
IMAGE_DATA_URL = re.compile(rf"^data:image/[\w.+-]+{_PARAMS};base64,")
WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$")


def check_part(part: Any, allowed: tuple[str, ...], path: Path) -> list[Issue]:
    """Return the issues of one content part whose type must be one of `allowed`."""
    if not isinstance(part, dict):
        return [type_issue(path, "object", part)]
    kind = part.get("type", MISSING)
    if kind not in allowed:
        return [value_issue([*path, "type"], allowed, kind)]
    check = _PART_CHECKS.get(kind)
    return check(part, path) if check else []


def _check_text(part: dict[str, Any], path: Path) -> list[Issue]:
    if isinstance(part.get("text"), str):
        return []
    return [type_issue([*path, "text"], "string", part.get("text", MISSING))]


def _check_image(part: dict[str, Any], path: Path) -> list[Issue]:
    has_file_id = part.get("image_url") is None and isinstance(part.get("file_id"), str)
    issues = [] if has_file_id else _check_image_url(part.get("image_url", MISSING), [*path, "image_url"])
    detail = part.get("detail")
    if detail is not None and detail not in DETAILS:
        issues.append(value_issue([*path, "detail"], DETAILS, detail))
    return issues


def _check_image_url(url: Any, path: Path) -> list[Issue]:
    if not isinstance(url, str):
        return [type_issue(path, "string", url)]
    if not (IMAGE_DATA_URL.match(url) or WEB_URL.match(url)):
        return [issue(path, "Invalid image_url: expected an http(s) URL or a base64 data:image/... URL")]
    return []


def _check_file(part: dict[str, Any], path: Path) -> list[Issue]:
    sources = [key for key in ("file_data", "file_url", "file_id") if part.get(key) is not None]
    if not sources:
        return [issue(path, "input_file needs file_data (with filename), file_url or file_id")]
    issues = [type_issue([*path, key], "string", part[key]) for key in sources if not isinstance(part[key], str)]
    if issues:
        return issues
    if "file_data" in sources:
        issues += _check_file_data(part, path)
    if "file_url" in sources and not _is_url(part["file_url"]):
        issues.append(issue([*path, "file_url"], "Invalid file_url: expected an http(s) URL or a data URL"))
    return issues


def _check_file_data(part: dict[str, Any], path: Path) -> list[Issue]:
    issues: list[Issue] = []
    if not DATA_URL.match(part["file_data"]):
        message = "Invalid file_data: expected a base64 data URL such as data:application/pdf;base64,..."
        issues.append(issue([*path, "file_data"], message))
    filename = part.get("filename", MISSING)
    if not isinstance(filename, str) or not filename:
        issues.append(type_issue([*path, "filename"], "string", filename))
    return issues


def _check_audio(part: dict[str, Any], path: Path) -> list[Issue]:
    audio = part.get("input_audio", MISSING)
    if not isinstance(audio, dict):
        return [type_issue([*path, "input_audio"], "object", audio)]
    issues: list[Issue] = []
    data = audio.get("data", MISSING)
    if not isinstance(data, str) or not data:
        issues.append(type_issue([*path, "input_audio", "data"], "string", data))
    audio_format = audio.get("format", MISSING)
    if audio_format not in AUDIO_FORMATS:
        issues.append(value_issue([*path, "input_audio", "format"], AUDIO_FORMATS, audio_format))
    return issues


def _check_video(part: dict[str, Any], path: Path) -> list[Issue]:
    url = part.get("video_url", MISSING)
    if not isinstance(url, str):
        return [type_issue([*path, "video_url"], "string", url)]
    if not _is_url(url):
        return [issue([*path, "video_url"], "Invalid video_url: expected an http(s) URL or a data URL")]
    return []


def _is_url(value: str) -> bool:
    return bool(DATA_URL.match(value) or WEB_URL.match(value))


_PART_CHECKS: dict[str, Callable[[dict[str, Any], Path], list[Issue]]] = {
    "input_text": _check_text,
    "output_text": _check_text,
    "input_image": _check_image,
    "input_file": _check_file,
    "input_audio": _check_audio,
    "input_video": _check_video,
}
