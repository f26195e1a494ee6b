"""Deterministic identifiers: item ids, response ids and opaque tokens.

Nothing here reads the clock or a random source for the identifying part, so a
test run that builds the same replies in the same order sees the same ids.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_counter = itertools.count(1)
_lock = threading.Lock()


def next_number() -> int:
    """Return the next value of the process-wide id counter (1, 2, 3, ...)."""
    with _lock:
        return next(_counter)


def digest(seed: str) -> bytes:
    """Return the SHA-256 digest of `seed`."""
    return hashlib.sha256(seed.encode()).digest()


def alnum(seed: str, length: int) -> str:
    """Return `length` alphanumeric characters derived from `seed`."""
    data = digest(seed)
    while len(data) < length:
        data += digest(data.hex())
    return "".join(_ALNUM[byte % len(_ALNUM)] for byte in data[:length])


def response_id(created_at: int, number: int) -> str:
    """Return an OpenRouter-style response id `gen-<10 digits>-<20 alnum>`."""
    return f"gen-{created_at:010d}-{alnum(f'gen:{number}', 20)}"


def opaque_token(seed: str, size: int = 96) -> str:
    """Return a URL-safe base64 token of `size` bytes derived from `seed`."""
    data = digest(seed)
    while len(data) < size:
        data += digest(data.hex())
    return base64.urlsafe_b64encode(data[:size]).decode()


def b64url_json_text(text: str) -> str:
    """Return `text` encoded as unpadded URL-safe base64."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
