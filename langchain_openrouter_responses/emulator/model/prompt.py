"""What the default responder reads from a request, like a model would.

Only the conversation is read: the last user message, the last input item and
the cues in the user's words (numbers, quoted text, "in <place>", "generate a <word>").
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

QUOTED = re.compile(r"(?<!\w)'([^'\n]+?)'(?!\w)")
QUOTED_WORD = re.compile(r"(?<!\w)'([A-Za-z_][\w-]*)'(?!\w)")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w)")
IN_PHRASE = re.compile(r"(?:^|\s)in\s+([^?\n]+)", re.IGNORECASE)
GENERATE_WORD = re.compile(r"\bgenerate an?\s+(\w+)", re.IGNORECASE)
TOPIC = re.compile(r"\babout\s+([^.,;:?!\n]+)", re.IGNORECASE)


def last_user_text(value: Any) -> str:
    """Return the text of the last user message in `input` ("" if none)."""
    if isinstance(value, str):
        return value
    return message_text(last_user_content(value))


def last_user_content(value: Any) -> Any:
    """Return the `content` of the last user message in `input` (None if none)."""
    if not isinstance(value, list):
        return None
    for item in reversed(value):
        if isinstance(item, dict) and item.get("role") == "user":
            return item.get("content")
    return None


def message_text(content: Any) -> str:
    """Return the text of a message `content` (a string or a list of parts)."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    texts = [part.get("text") for part in content if isinstance(part, dict)]
    return "\n".join(text for text in texts if isinstance(text, str))


TOOL_OUTPUTS = ("function_call_output", "custom_tool_call_output")


def last_tool_output(value: Any) -> Any:
    """Return the `output` of the last input item if it is a `function_call_output` or `custom_tool_call_output`.

    Args:
        value: The request's `input`.

    Returns:
        The output (a string or a list of parts), or None when the last item is anything else.
    """
    if not isinstance(value, list) or not value:
        return None
    last = value[-1]
    if isinstance(last, dict) and last.get("type") in TOOL_OUTPUTS:
        return last.get("output", "")
    return None


def topic(text: str) -> str | None:
    """Return what the user asks "about" (e.g. "cats"), if anything."""
    found = TOPIC.search(text)
    return found.group(1).strip() if found else None


def quoted_words(text: str) -> list[str]:
    """Return the single-quoted identifiers of `text` (e.g. 'setup'), without repeats."""
    return list(dict.fromkeys(QUOTED_WORD.findall(text)))


class Cues:
    """Values a model would lift from the user's words, consumed in order of use.

    Numbers are handed out in order of appearance. Strings come from single-quoted
    text first, then the phrase after " in " (up to "?"), then the word after
    "generate a"; each is used once.
    """

    def __init__(self, text: str) -> None:
        """Read the cues of `text`."""
        self.text = text
        self._numbers: deque[int | float] = deque(_number(token) for token in NUMBER.findall(text))
        strings = [value.strip() for value in QUOTED.findall(text)]
        strings += [_phrase(found.group(1)) for found in [IN_PHRASE.search(text)] if found]
        strings += [found.group(1) for found in [GENERATE_WORD.search(text)] if found]
        self._strings: deque[str] = deque(value for value in strings if value)

    def number(self) -> int | float | None:
        """Return the next unused number of the prompt, or None."""
        return self._numbers.popleft() if self._numbers else None

    def string(self) -> str | None:
        """Return the next unused string cue of the prompt, or None."""
        return self._strings.popleft() if self._strings else None

    def omits(self, name: str) -> bool:
        """Whether the user says "no <name>" or "without <name>"."""
        words = r"[\s_]+".join(re.escape(word) for word in re.split(r"[\s_]+", name.strip()) if word)
        if not words:
            return False
        return re.search(rf"\b(?:no|without)\s+{words}\b", self.text, re.IGNORECASE) is not None


def _number(token: str) -> int | float:
    value = float(token)
    return int(value) if value.is_integer() and "." not in token else value


def _phrase(text: str) -> str:
    return text.strip().rstrip(".!").strip().strip("'\"").strip()
