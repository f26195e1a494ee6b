"""Locating and loading recorded OpenRouter responses (served verbatim).

The recordings ship inside the package (`emulator/recordings/`, with their provenance
README and licences), so a clone or an installed wheel replays them with no other folder.
`$OPENROUTER_FIXTURES_DIR` adds folders of your own (several separated by `os.pathsep`),
searched before the bundled one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

FIXTURES_ENV = "OPENROUTER_FIXTURES_DIR"
RECORDINGS_DIR: Path = Path(__file__).resolve().parents[1] / "recordings"
FIXTURES_DIR: Path = RECORDINGS_DIR
"""The bundled recordings folder (kept under its older name too)."""
_KINDS = (".sse", ".response.json", ".error.json")


def fixture_dirs() -> list[Path]:
    """Return the folders searched for recordings, in order.

    The folders named by `$OPENROUTER_FIXTURES_DIR` come first (read at each call), then the
    bundled recordings.

    Returns:
        The folders; the bundled one is always last.
    """
    extra = os.environ.get(FIXTURES_ENV, "")
    added = [Path(entry) for entry in extra.split(os.pathsep) if entry.strip()]
    return [*added, RECORDINGS_DIR]


@dataclass(frozen=True)
class Fixture:
    """One recorded response: its bytes, HTTP status and media type."""

    name: str
    path: Path
    status: int
    content_type: str
    body: bytes

    @property
    def streaming(self) -> bool:
        """Whether the fixture is an SSE stream."""
        return self.path.name.endswith(".sse")


def load_fixture(name: str, directory: Path | None = None) -> Fixture:
    """Load fixture `name` (`.sse`, `.response.json` or `.error.json`).

    Args:
        name: Fixture name without suffix, e.g. `"stream-text-gpt-4o-mini"`.
        directory: The only folder to read from; by default every folder of `fixture_dirs()`.

    Returns:
        The loaded fixture.

    Raises:
        FileNotFoundError: No response file exists for `name`.
    """
    folders = [directory] if directory is not None else fixture_dirs()
    for folder in folders:
        for suffix in _KINDS:
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return Fixture(
                    name=name,
                    path=path,
                    status=_status(folder / f"{name}.meta.json", suffix),
                    content_type="text/event-stream" if suffix == ".sse" else "application/json",
                    body=path.read_bytes(),
                )
    tried = ", ".join(f"{name}{suffix}" for suffix in _KINDS)
    where = ", ".join(str(folder) for folder in folders)
    raise FileNotFoundError(f"no fixture named {name!r} in {where} (looked for {tried})")


def fixture_names(directory: Path | None = None) -> list[str]:
    """Return the names of all servable fixtures, sorted.

    Args:
        directory: The only folder to list; by default every folder of `fixture_dirs()`.

    Returns:
        Fixture names without suffix.
    """
    folders = [directory] if directory is not None else fixture_dirs()
    return sorted(
        {
            path.name.removesuffix(suffix)
            for folder in folders
            for suffix in _KINDS
            for path in folder.glob(f"*{suffix}")
        }
    )


def _status(meta_path: Path, suffix: str) -> int:
    default = 400 if suffix == ".error.json" else 200
    if not meta_path.is_file():
        return default
    status = json.loads(meta_path.read_text(encoding="utf-8")).get("http_status")
    return status if isinstance(status, int) else default
