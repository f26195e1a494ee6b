"""`-a/--attach PATH_OR_URL`: images, PDFs and audio as LangChain content blocks.

The MIME type is sniffed from the file's first bytes (then its name); `--attach-type
PATH_OR_URL MIME` forces it. Before any request, the model's bundled profile is asked
whether it takes that kind of input.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"%PDF-", 0, "application/pdf"),
    (b"ID3", 0, "audio/mpeg"),
    (b"\xff\xfb", 0, "audio/mpeg"),
    (b"\xff\xf3", 0, "audio/mpeg"),
    (b"fLaC", 0, "audio/flac"),
    (b"OggS", 0, "audio/ogg"),
)
_RIFF = {b"WEBP": "image/webp", b"WAVE": "audio/wav"}
# What each kind needs from the model's profile (the first key it has decides).
PROFILE_KEYS = {"image": ("image_inputs",), "file": ("pdf_inputs", "attachment"), "audio": ("audio_inputs",)}
_NOUNS = {"image": "images", "file": "PDF files", "audio": "audio"}
# The types OpenRouter passes to models: images, PDFs and audio formats (its audio parts name the format).
ACCEPTED_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/gif",
        "application/pdf",
        "audio/wav",
        "audio/x-wav",
        "audio/mpeg",
        "audio/mp3",
        "audio/flac",
        "audio/ogg",
        "audio/aac",
        "audio/mp4",
        "audio/x-m4a",
    }
)
_ACCEPTED_TEXT = "images (PNG, JPEG, WebP, GIF), PDF, audio (WAV, MP3, FLAC, OGG, AAC, M4A)"
# The largest local file the command sends. It goes base64-encoded (a third larger) in one JSON body that
# takes several times its size in memory, and OpenRouter answered a 150 MB image with 413: a bigger file is
# refused from its size, before it is read.
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
_MODELS_FLAG = {
    kind: f" (see `openrouter-responses models --{flag}`)"
    for kind, flag in (("image", "vision"), ("audio", "audio"), ("file", "pdf"))
}


class AttachmentError(ValueError):
    """An attachment that cannot be read or sent."""


@dataclass(frozen=True)
class Attachment:
    """A file or URL to send with the prompt.

    Attributes:
        source: The path or URL as given.
        mime_type: Its MIME type.
    """

    source: str
    mime_type: str

    @property
    def is_url(self) -> bool:
        """Whether the source is an http(s) URL."""
        return is_url(self.source)

    @property
    def kind(self) -> str:
        """The content block type: `image`, `file` (PDFs and other documents) or `audio`."""
        major = self.mime_type.split("/", 1)[0]
        return major if major in {"image", "audio"} else "file"


def is_url(source: str) -> bool:
    """Tell a URL from a path.

    Args:
        source: What follows `-a`.

    Returns:
        True for `http://` and `https://` URLs.
    """
    return urlsplit(source).scheme in {"http", "https"}


def sniff(source: str) -> str:
    """Find an attachment's MIME type: magic bytes first, then the name.

    Args:
        source: A path or URL.

    Returns:
        The MIME type.

    Raises:
        AttachmentError: The file is missing, or its type cannot be told.
    """
    if not is_url(source):
        try:
            with Path(source).open("rb") as file:
                head = file.read(16)
        except OSError as error:
            raise AttachmentError(f"cannot read attachment {source}: {error.strerror or error}") from None
        for magic, offset, mime_type in _MAGIC:
            if head[offset : offset + len(magic)] == magic:
                return mime_type
        if head[:4] == b"RIFF" and head[8:12] in _RIFF:
            return _RIFF[head[8:12]]
    guessed, _ = mimetypes.guess_type(urlsplit(source).path if is_url(source) else source)
    if guessed:
        return guessed
    raise AttachmentError(f"cannot tell the type of {source}; give it with --attach-type {source} MIME")


def collect(paths: list[str], typed: list[list[str]]) -> list[Attachment]:
    """Build the attachments from `-a` and `--attach-type`.

    Args:
        paths: The `-a` values (types sniffed).
        typed: The `--attach-type PATH_OR_URL MIME` pairs.

    Returns:
        The attachments, in command-line order (`-a` ones first).

    Raises:
        AttachmentError: A missing file, a type OpenRouter does not take, or a file too large to send.
    """
    sniffed = [Attachment(path, sniff(path)) for path in paths]
    forced = [Attachment(path, mime) for path, mime in typed]
    for attachment in sniffed:
        _check(attachment, forced=False)
    for attachment in forced:
        _check(attachment, forced=True)
    return sniffed + forced


def _check(attachment: Attachment, *, forced: bool) -> None:
    """Refuse a type OpenRouter does not take, or a file too large to send, without reading it."""
    source, mime_type = attachment.source, attachment.mime_type
    if mime_type.lower() not in ACCEPTED_TYPES:
        fix = (
            f"give one of those with --attach-type {source} MIME"
            if forced
            else f"if it is one of those, name its type: --attach-type {source} MIME"
        )
        raise AttachmentError(f"cannot attach {source} as {mime_type}: OpenRouter takes {_ACCEPTED_TEXT}; {fix}")
    if attachment.is_url:
        return
    try:
        size = Path(source).stat().st_size
    except OSError as error:
        raise AttachmentError(f"cannot read attachment {source}: {error.strerror or error}") from None
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            f"{source} is {size / 1e6:.0f} MB; the command sends files up to {MAX_ATTACHMENT_BYTES // 2**20} MiB "
            "(OpenRouter refuses much larger requests): shrink it, or attach it by http(s) URL"
        )


def check_model(attachments: list[Attachment], model: str, profile: dict[str, Any] | None) -> None:
    """Refuse attachments the model cannot take, before any request.

    Args:
        attachments: The attachments.
        model: The model id, for the message.
        profile: Its bundled profile (None: unknown, so anything goes).

    Raises:
        AttachmentError: The profile says the model lacks that input.
    """
    if profile is None:
        return
    for attachment in attachments:
        known = [profile[key] for key in PROFILE_KEYS[attachment.kind] if isinstance(profile.get(key), bool)]
        if known and not known[0]:
            flag = _MODELS_FLAG[attachment.kind]
            raise AttachmentError(
                f"{model} does not accept {_NOUNS[attachment.kind]} ({attachment.source}, "
                f"{attachment.mime_type}); pick another model with -m{flag}"
            )


def content_block(attachment: Attachment) -> dict[str, Any]:
    """Turn an attachment into a LangChain content block.

    Args:
        attachment: The attachment.

    Returns:
        An `image`, `file` or `audio` block with a `url` or `base64` data and `mime_type`.

    Raises:
        AttachmentError: Audio given as a URL (OpenRouter takes audio only as data), or an
            unreadable file.
    """
    block: dict[str, Any] = {"type": attachment.kind, "mime_type": attachment.mime_type}
    if attachment.is_url:
        if attachment.kind == "audio":
            raise AttachmentError(f"audio must be a local file (OpenRouter takes no audio URLs): {attachment.source}")
        block["url"] = attachment.source
        return block
    try:
        data = Path(attachment.source).read_bytes()
    except OSError as error:
        raise AttachmentError(f"cannot read attachment {attachment.source}: {error.strerror or error}") from None
    block["base64"] = base64.b64encode(data).decode("ascii")
    if attachment.kind == "file":
        block["extras"] = {"filename": Path(attachment.source).name}
    return block
