"""Prompt caching: a repeated prompt prefix is reported as `cached_tokens`, a newly cached one as `cache_write_tokens`.

Anthropic models cache only what `cache_control` marks, as OpenRouter passes it to Anthropic: a
top-level `cache_control` puts the breakpoint on the prompt's last block, a marked part is a
breakpoint of its own. A breakpoint reads the longest cached prefix that ends at one of the 20
blocks up to it (blocks: `instructions`, each content part, each other input item) and writes
the prompt up to it; a prefix shorter than 1,024 tokens is neither read nor written.

Every other model caches automatically, like OpenAI's automatic caching (which OpenRouter passes
through): a prefix counts once it is at least 1,024 tokens long and grows in steps of 128 tokens.
The prefix is `instructions` followed by the `input` in order, so a conversation that resends its
history hits the cache on every later turn. The cache is per served model and bounded; it lives as long as the emulator.

With `prompt_cache_options: {"mode": "explicit"}` (OpenAI GPT-5.6+) there is no automatic
prefix: only prefixes that end at a part marked with `prompt_cache_breakpoint` (or
`cache_control`) are written and read, and a request without markers caches nothing.

The request's reasoning effort is part of what a prefix is cached under, so changing the
request-level `reasoning.effort` between turns misses the cache, while a `configuration_update`
input item (which carries the new effort inside the conversation and adds no prompt text) keeps it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.replies.usage import TEXT_KEYS, strings

if TYPE_CHECKING:
    from collections.abc import Iterator

MIN_PREFIX = 1024
STEP = 128
MAX_ENTRIES = 100_000
MARKED_ONLY_VENDORS = frozenset({"anthropic"})
"""Vendors whose models cache only prefixes that `cache_control` marks."""
LOOKBACK_BLOCKS = 20


@dataclass(frozen=True)
class CacheUse:
    """How many prompt tokens one request read from the cache and wrote to it."""

    read: int = 0
    written: int = 0


@dataclass(frozen=True)
class Block:
    """A prompt block's end (tokens from the prompt's start), the digest of the prefix it ends, and its marker."""

    end: int
    digest: bytes
    marked: bool


class PromptCache:
    """Remembers the prompt prefixes each model has seen (thread-safe)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        """Create an empty cache holding at most `max_entries` prefixes."""
        self._seen: OrderedDict[tuple[str, bytes], None] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def read_and_write(self, model: str, body: dict[str, Any]) -> CacheUse:
        """Return how many leading tokens of `body`'s prompt `model` has cached (and writes now), then cache them.

        Args:
            model: The served model (caches are per model).
            body: The request.

        Returns:
            Tokens read (0 on a first request or a short prompt) and written (Anthropic models only).
        """
        if model.removeprefix("~").split("/", 1)[0] in MARKED_ONLY_VENDORS:
            return self._read_and_write_marked(model, body)
        tokens = prompt_words(body)
        if explicit_mode(body):
            ends = [end for end in marked_ends(body) if end >= MIN_PREFIX]
            digests = [hashlib.sha256("\x00".join(tokens[:end]).encode()).digest() for end in ends]
        else:
            digests = prefix_digests(tokens)
            ends = [MIN_PREFIX + STEP * index for index in range(len(digests))]
        keys = [(f"{model}\x00{reasoning_effort(body)}", digest) for digest in digests]
        with self._lock:
            hits = [end for end, key in zip(ends, keys, strict=True) if key in self._seen]
            self._remember(keys)
        return CacheUse(read=max(hits, default=0))

    def _read_and_write_marked(self, model: str, body: dict[str, Any]) -> CacheUse:
        blocks = block_digests(body)
        top_level = bool(body.get("cache_control"))
        breakpoints = [
            index
            for index, block in enumerate(blocks)
            if (block.marked or (top_level and index == len(blocks) - 1)) and block.end >= MIN_PREFIX
        ]
        if not breakpoints:
            return CacheUse()
        read = 0
        with self._lock:
            for index in breakpoints:
                for earlier in range(index, max(-1, index - LOOKBACK_BLOCKS), -1):
                    if (model, blocks[earlier].digest) in self._seen:
                        read = max(read, blocks[earlier].end)
                        break
            self._remember([(model, blocks[index].digest) for index in breakpoints])
        return CacheUse(read=read, written=max(0, blocks[breakpoints[-1]].end - read))

    def _remember(self, keys: list[tuple[str, bytes]]) -> None:
        for key in keys:
            self._seen[key] = None
            self._seen.move_to_end(key)
        while len(self._seen) > self._max_entries:
            self._seen.popitem(last=False)


def prompt_blocks(body: dict[str, Any]) -> Iterator[Any]:
    """Yield the prompt's cacheable blocks in order: `instructions`, then each content part or other input item."""
    if body.get("instructions"):
        yield body["instructions"]
    items = body.get("input")
    if isinstance(items, str):
        yield items
        return
    for item in items or []:
        content = item.get("content") if isinstance(item, dict) else None
        if isinstance(content, list) and content:
            yield from content
        else:
            yield item


def block_digests(body: dict[str, Any]) -> list[Block]:
    """Return each prompt block's end, the digest of the prefix it ends, and whether it is marked."""
    blocks: list[Block] = []
    running = hashlib.sha256()
    end = 0
    for block in prompt_blocks(body):
        words = [word for text in strings(block) for word in text.split()]
        end += len(words)
        running.update("\x00".join(words).encode() + b"\x01")
        marked = isinstance(block, dict) and any(block.get(marker) for marker in MARKERS)
        blocks.append(Block(end, running.copy().digest(), marked))
    return blocks


def reasoning_effort(body: dict[str, Any]) -> str:
    """The request-level `reasoning.effort` ("" when unset)."""
    reasoning = body.get("reasoning")
    return str(reasoning.get("effort") or "") if isinstance(reasoning, dict) else ""


def prompt_words(body: dict[str, Any]) -> list[str]:
    """Return the prompt's tokens in order: the words of `instructions`, then of `input`."""
    return [word for field in ("instructions", "input") for text in strings(body.get(field)) for word in text.split()]


def prefix_digests(tokens: list[str]) -> list[bytes]:
    """Return a digest of each cacheable prefix: 1,024 tokens, then every 128 more."""
    digests: list[bytes] = []
    running = hashlib.sha256()
    for end in range(MIN_PREFIX, len(tokens) + 1, STEP):
        start = end - (MIN_PREFIX if end == MIN_PREFIX else STEP)
        running.update("\x00".join(tokens[start:end]).encode() + b"\x00")
        digests.append(running.copy().digest())
    return digests


MARKERS = ("prompt_cache_breakpoint", "cache_control")


def explicit_mode(body: dict[str, Any]) -> bool:
    """Whether the request turns the implicit breakpoint off (`prompt_cache_options.mode == "explicit"`)."""
    options = body.get("prompt_cache_options")
    return isinstance(options, dict) and options.get("mode") == "explicit"


def marked_ends(body: dict[str, Any]) -> list[int]:
    """Token counts at the end of each marked part, walking the prompt as `prompt_words` does."""
    ends: list[int] = []
    count = 0

    def walk(value: Any) -> None:
        nonlocal count
        if isinstance(value, str):
            count += len(value.split())
        elif isinstance(value, list):
            for element in value:
                walk(element)
        elif isinstance(value, dict):
            for key in TEXT_KEYS:
                walk(value.get(key))
            if any(value.get(marker) for marker in MARKERS):
                ends.append(count)

    walk(body.get("instructions"))
    walk(body.get("input"))
    return ends
