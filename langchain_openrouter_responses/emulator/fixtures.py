"""Locating and loading the recorded OpenRouter fixtures (served verbatim)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

FIXTURES_ENV = "OPENROUTER_FIXTURES_DIR"
_RELATIVE = Path("shared") / "fixtures" / "openrouter"
_KINDS = (".sse", ".response.json", ".error.json")


def find_fixtures_dir() -> Path:
    """Return the fixtures folder.

    `$OPENROUTER_FIXTURES_DIR` wins. Otherwise the first `shared/fixtures/openrouter`
    found walking up from this package (the checkout's sibling `shared/` folder).
    If none exists, the conventional location next to the checkout is returned.

    Returns:
        The folder path (which may not exist).
    """
    override = os.environ.get(FIXTURES_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / _RELATIVE
        if candidate.is_dir():
            return candidate
    return here.parents[3] / _RELATIVE


FIXTURES_DIR: Path = find_fixtures_dir()


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
        directory: Folder to read from; defaults to `FIXTURES_DIR`.

    Returns:
        The loaded fixture.

    Raises:
        FileNotFoundError: No response file exists for `name`.
    """
    folder = directory or FIXTURES_DIR
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
    raise FileNotFoundError(f"no fixture named {name!r} in {folder} (looked for {tried})")


def fixture_names(directory: Path | None = None) -> list[str]:
    """Return the names of all servable fixtures, sorted."""
    folder = directory or FIXTURES_DIR
    names = {path.name.removesuffix(suffix) for suffix in _KINDS for path in folder.glob(f"*{suffix}")}
    return sorted(names)


def _status(meta_path: Path, suffix: str) -> int:
    default = 400 if suffix == ".error.json" else 200
    if not meta_path.is_file():
        return default
    status = json.loads(meta_path.read_text(encoding="utf-8")).get("http_status")
    return status if isinstance(status, int) else default
