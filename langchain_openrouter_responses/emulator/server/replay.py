"""Replay recorded exchanges: answer a request with the recording whose request matches it.

Two requests match when their bodies are equal after dropping volatile fields. Identical
requests get their recordings in recorded order. A request with no unused match gets a 404
naming the closest recording and the fields that differ, never a made-up answer.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_openrouter_responses.emulator.replies.fixtures import Fixture, load_fixture
from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.replies.render import recorded_outcome

VOLATILE_FIELDS = frozenset({"stream_options", "trace", "session_id", "prompt_cache_key"})
"""Fields that differ between runs of the same test and do not change the answer."""
SSE_CHUNK = 1000


@dataclass(frozen=True)
class Recording:
    """One recorded exchange: the request body it answered and the response."""

    name: str
    request: dict[str, Any]
    fixture: Fixture


class Replayer:
    """Serves the recordings of a folder (thread-safe)."""

    def __init__(self, directory: str | Path) -> None:
        """Load every recording in `directory` that has a request and a response.

        Raises:
            FileNotFoundError: `directory` holds no such recording.
        """
        self.directory = Path(directory)
        self.recordings = load_recordings(self.directory)
        if not self.recordings:
            raise FileNotFoundError(f"no recordings (NAME.request.json with a response) in {self.directory}")
        self._unused: dict[str, list[Recording]] = defaultdict(list)
        for recording in self.recordings:
            self._unused[match_key(recording.request)].append(recording)
        self._lock = threading.Lock()

    def answer(self, body: Any) -> Outcome:
        """Return the next unused recording matching `body`, or the no-match 404."""
        key = match_key(body) if isinstance(body, dict) else ""
        with self._lock:
            queue = self._unused.get(key)
            recording = queue.pop(0) if queue else None
        if recording is None:
            return self._no_match(body if isinstance(body, dict) else {}, used_up=key in self._unused)
        return recorded_outcome(recording.fixture, SSE_CHUNK, label=f"replayed {recording.name}")

    def _no_match(self, body: dict[str, Any], *, used_up: bool) -> Outcome:
        closest, fields = min(
            ((recording, differing_fields(body, recording.request)) for recording in self.recordings),
            key=lambda pair: (len(pair[1]), pair[0].name),
        )
        if used_up:
            message = f"every recording in {self.directory} matching this request was already replayed"
        else:
            listed = ", ".join(fields)
            message = (
                f"no recording in {self.directory} matches this request; "
                f"the closest, {closest.name}, differs in: {listed}"
            )
        metadata = {"closest": closest.name, "differing_fields": fields}
        return json_outcome(
            404, {"error": {"code": 404, "message": message, "metadata": metadata}}, label="no recording"
        )


def load_recordings(directory: Path) -> list[Recording]:
    """Return the folder's recordings in name order (recorded order for the recording proxy)."""
    found = []
    for path in sorted(directory.glob("*.request.json")):
        name = path.name.removesuffix(".request.json")
        try:
            fixture = load_fixture(name, directory)
        except FileNotFoundError:
            continue
        request = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(request, dict):
            found.append(Recording(name, request, fixture))
    return found


def match_key(body: dict[str, Any]) -> str:
    """Return the canonical text two matching request bodies share."""
    kept = {key: value for key, value in body.items() if key not in VOLATILE_FIELDS}
    return json.dumps(kept, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def differing_fields(body: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """Return the top-level fields whose values differ (volatile ones ignored), sorted."""
    names = (set(body) | set(recorded)) - VOLATILE_FIELDS
    return sorted(name for name in names if body.get(name) != recorded.get(name))
