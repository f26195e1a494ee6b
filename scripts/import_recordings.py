"""Copy recordings made by the emulator's recording proxy into the bundled recordings folder.

The proxy (`openrouter-responses-emulator --record DIR`) writes each exchange as
`NNNN-<model>-<mode>.request.json`, one response file (`.sse`, `.response.json` or `.error.json`)
and `.meta.json`. This script copies every complete one into the bundled folder under a
descriptive name built from what the recording holds (mode, output kind, served model and capture
date, never its text), rewrites the names inside its meta file, and appends a provenance row to the
folder's README table. Request and response bytes are copied unchanged, so replay stays byte-exact.

It refuses (exit 1, nothing written) when any file of a recording holds something key-like
(`sk-` followed by 8 or more key characters, or `Bearer <token>`), or when a name is already taken
in the target folder. Incomplete recordings (a file missing, or a response the client cut off) are
skipped and listed.

Usage:

    python scripts/import_recordings.py recordings/            # into the package's bundled folder
    python scripts/import_recordings.py recordings/ --name-prefix live- --dry-run
    python scripts/import_recordings.py recordings/ --target some/other/folder
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESPONSE_SUFFIXES = (".sse", ".response.json", ".error.json")
SUFFIXES = (".meta.json", ".request.json", *RESPONSE_SUFFIXES)
KEY_LIKE = re.compile(rb"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,}")
UNSAFE = re.compile(r"[^a-z0-9.]+")
MAX_SLUG = 60
README_TABLE_HEADING = "## Fixtures"


class ImportRefusedError(Exception):
    """A recording cannot be imported safely; nothing was written."""


@dataclass(frozen=True)
class Recording:
    """One complete recording in the source folder."""

    source_name: str
    meta: dict[str, Any]
    request: Path
    response: Path
    meta_path: Path

    @property
    def suffix(self) -> str:
        """The response file's kind: `.sse`, `.response.json` or `.error.json`."""
        return next(suffix for suffix in RESPONSE_SUFFIXES if self.response.name.endswith(suffix))

    def files(self) -> list[Path]:
        """The recording's three files."""
        return [self.request, self.response, self.meta_path]


@dataclass(frozen=True)
class Planned:
    """A recording and the name it gets in the target folder."""

    recording: Recording
    name: str

    def targets(self, folder: Path) -> list[Path]:
        """Where its request, response and meta files go in `folder`."""
        return [folder / f"{self.name}{suffix}" for suffix in (".request.json", self.recording.suffix, ".meta.json")]


def slug(text: str) -> str:
    """Lowercase `text`: runs of `[a-z0-9]` with single dots, joined by single hyphens (no path characters)."""
    hyphenated = re.sub(r"-*\.{2,}-*|-{2,}", "-", UNSAFE.sub("-", text.lower()))
    return hyphenated.strip("-.")[:MAX_SLUG].strip("-.")


def find_recordings(source: Path) -> tuple[list[Recording], list[str]]:
    """Return the complete recordings of `source` (sorted by name) and why others were skipped."""
    names: set[str] = set()
    for path in source.iterdir():
        for suffix in SUFFIXES:
            if path.is_file() and path.name.endswith(suffix):
                names.add(path.name.removesuffix(suffix))
    found: list[Recording] = []
    skipped: list[str] = []
    for name in sorted(names):
        meta_path, request = source / f"{name}.meta.json", source / f"{name}.request.json"
        responses = [
            source / f"{name}{suffix}" for suffix in RESPONSE_SUFFIXES if (source / f"{name}{suffix}").is_file()
        ]
        if not meta_path.is_file() or not request.is_file() or len(responses) != 1:
            skipped.append(f"{name}: needs exactly one .meta.json, .request.json and response file")
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            skipped.append(f"{name}: .meta.json is not valid JSON")
            continue
        if not isinstance(meta, dict) or meta.get("complete") is False:
            skipped.append(f"{name}: the response was cut off while recording (meta says complete: false)")
            continue
        found.append(Recording(name, meta, request, responses[0], meta_path))
    return found, skipped


def response_kind(recording: Recording) -> str:
    """Describe the response by its shape: error-STATUS, tool-call, reasoning-FORM or text (+ -incomplete)."""
    if recording.suffix == ".error.json":
        return f"error-{recording.meta.get('http_status') or 'unknown'}"
    final = final_response(recording)
    items = [item for item in final.get("output") or [] if isinstance(item, dict)]
    reasoning = [item for item in items if item.get("type") == "reasoning"]
    if any(item.get("type") == "function_call" for item in items):
        kind = "tool-call"
    elif any(item.get("content") for item in reasoning):
        kind = "reasoning-text"
    elif any(item.get("summary") for item in reasoning):
        kind = "reasoning-summary"
    elif reasoning:
        kind = "reasoning-encrypted"
    else:
        kind = "text"
    return f"{kind}-incomplete" if final.get("status") == "incomplete" else kind


def final_response(recording: Recording) -> dict[str, Any]:
    """The last response object with output in the recorded body (empty when none parses)."""
    body = recording.response.read_bytes()
    texts = (
        [body]
        if recording.suffix != ".sse"
        else [line[6:] for line in body.split(b"\n") if line.startswith(b"data: {")]
    )
    final: dict[str, Any] = {}
    for text in texts:
        try:
            parsed = json.loads(text)
        except ValueError:
            continue
        response = parsed.get("response", parsed) if isinstance(parsed, dict) else None
        if isinstance(response, dict) and isinstance(response.get("output"), list) and response["output"]:
            final = response
    return final


def model_of(recording: Recording) -> str:
    """The served model (the requested one when the response names none)."""
    return str(recording.meta.get("response_model") or recording.meta.get("model") or "unknown")


def captured(recording: Recording) -> str:
    """The capture date from the meta file (YYYY-MM-DD), or `undated`."""
    date = str(recording.meta.get("captured") or "")
    return date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else "undated"


def plan(recordings: list[Recording], prefix: str) -> list[Planned]:
    """Give each recording a descriptive, unique name: [prefix-]mode-kind-model-date (errors: error-STATUS-...).

    Recordings that would share a name are numbered (-1, -2, ...) in recorded order, so identical
    requests still replay in the order they were recorded (replay serves them in name order).
    """
    clean_prefix = slug(prefix)
    bases: list[str] = []
    for recording in recordings:
        model, date = slug(model_of(recording)) or "unknown", captured(recording)
        if recording.suffix == ".error.json":
            parts = [clean_prefix, response_kind(recording), model, date]
        else:
            mode = "stream" if recording.suffix == ".sse" else "json"
            parts = [clean_prefix, mode, response_kind(recording), model, date]
        bases.append("-".join(part for part in parts if part))
    totals = Counter(bases)
    seen: Counter[str] = Counter()
    planned: list[Planned] = []
    for recording, base in zip(recordings, bases, strict=True):
        seen[base] += 1
        width = len(str(totals[base]))
        name = base if totals[base] == 1 else f"{base}-{seen[base]:0{width}d}"
        planned.append(Planned(recording, name))
    return planned


def refusals(planned: list[Planned], target: Path) -> list[str]:
    """Every reason not to import: key-like content (file and offset, never the value) or a taken name."""
    problems: list[str] = []
    for entry in planned:
        for path in entry.recording.files():
            for hit in KEY_LIKE.finditer(path.read_bytes()):
                kind = "sk- key" if hit.group().startswith(b"sk-") else "Bearer token"
                problems.append(f"{path.name}: something key-like ({kind}) at byte {hit.start()}")
        problems.extend(
            f"{path.name} already exists in {target} (refusing to overwrite)"
            for path in entry.targets(target)
            if path.exists()
        )
    return problems


def readme_row(entry: Planned) -> str:
    """The provenance row for the README's fixtures table."""
    recording = entry.recording
    served, requested = model_of(recording), recording.meta.get("model")
    model = served if not requested or requested == served else f"{served} (request: {requested})"
    stream = {".sse": "yes", ".response.json": "no"}.get(recording.suffix, "no (error)")
    return f"| `{entry.name}` | {model} | {stream} | live recording {captured(recording)} | — |"


def append_rows(readme: Path, rows: list[str]) -> None:
    """Append rows to the README's fixtures table (right after its last row)."""
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == README_TABLE_HEADING)
        first = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    except StopIteration:
        raise ImportRefusedError(f"{readme} has no '{README_TABLE_HEADING}' table to record provenance in") from None
    end = first
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = [row + "\n" for row in rows]
    readme.write_text("".join(lines), encoding="utf-8")


def write(entry: Planned, target: Path) -> None:
    """Copy the request and response bytes unchanged; write the meta under the new name."""
    recording = entry.recording
    request_path, response_path, meta_path = entry.targets(target)
    shutil.copyfile(recording.request, request_path)
    shutil.copyfile(recording.response, response_path)
    meta = dict(recording.meta)
    meta["name"] = entry.name
    meta["imported_from"] = recording.source_name
    meta.setdefault("exercises", [f"live recording {captured(recording)}"])
    meta.setdefault("defects", [])
    files = meta.get("files") if isinstance(meta.get("files"), dict) else {}
    meta["files"] = {key: (request_path.name if key == "request" else response_path.name) for key in files} or {
        "request": request_path.name,
        "response": response_path.name,
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def import_recordings(source: Path, target: Path, prefix: str = "", *, dry_run: bool = False) -> list[str]:
    """Import every complete recording of `source` into `target`; return the new names.

    Raises:
        ImportRefusedError: Something key-like, a name already taken, or no README table; nothing is written.
    """
    recordings, skipped = find_recordings(source)
    for reason in skipped:
        print(f"skipped {reason}", file=sys.stderr)
    planned = plan(recordings, prefix)
    problems = refusals(planned, target)
    readme = target / "README.md"
    if not readme.is_file():
        problems.append(f"{readme} is missing (it keeps the recordings' provenance)")
    if problems:
        raise ImportRefusedError("refusing to import, nothing was written:\n  " + "\n  ".join(problems))
    for entry in planned:
        print(f"{entry.recording.source_name} -> {entry.name}{entry.recording.suffix}")
    if dry_run or not planned:
        return [entry.name for entry in planned]
    append_rows(readme, [readme_row(entry) for entry in planned])
    for entry in planned:
        write(entry, target)
    return [entry.name for entry in planned]


def bundled_folder() -> Path:
    """The package's bundled recordings folder (its public `FIXTURES_DIR`)."""
    from langchain_openrouter_responses.emulator import FIXTURES_DIR  # noqa: PLC0415 - only when no --target

    return Path(FIXTURES_DIR)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", metavar="SRC_DIR", type=Path, help="a folder written by --record")
    parser.add_argument("--name-prefix", default="", help="put this before every new name (e.g. live-)")
    parser.add_argument("--target", type=Path, help="recordings folder to import into (default: the bundled one)")
    parser.add_argument("--dry-run", action="store_true", help="check and print the new names, write nothing")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        parser.error(f"{args.source} is not a folder")
    target = args.target or bundled_folder()
    try:
        names = import_recordings(args.source, target, args.name_prefix, dry_run=args.dry_run)
    except ImportRefusedError as refused:
        print(refused, file=sys.stderr)
        return 1
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {len(names)} recording(s) into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
