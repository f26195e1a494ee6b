"""The output file: what it already holds (resuming), and appending records durably.

Each record is one JSON line, written whole and fsynced before its prompt counts as done. Lines
written together are fsynced together (a group commit), so many prompts finishing at once cost
one `fsync`. A run killed mid-write leaves at most a torn last line without its newline:
`OutputState.load` cuts it off, and that prompt is asked again.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from langchain_openrouter_responses.batch.records import PromptId


class BatchOutputError(ValueError):
    """The output file has a complete line that is not a result record."""


@dataclass
class OutputState:
    """The ids an output file already answers.

    Attributes:
        answered: Ids with a record without `error`.
        failed: Ids whose record has an `error`.
        repaired: Bytes of a torn last line that were cut off.
    """

    answered: set[PromptId] = field(default_factory=set)
    failed: set[PromptId] = field(default_factory=set)
    repaired: int = 0

    @classmethod
    def load(cls, path: str | Path) -> OutputState:
        """Read (and repair) an output file; a missing file is empty.

        Args:
            path: The JSONL output.

        Returns:
            Its answered and failed ids.

        Raises:
            BatchOutputError: A complete line that is not a JSON object with an `id`.
        """
        state = cls()
        try:
            file = Path(path).open("r+b")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            return state
        with file:
            data = file.read()
            end = data.rfind(b"\n") + 1
            if end < len(data):  # a torn last line from a killed run
                state.repaired = len(data) - end
                file.truncate(end)
                file.flush()
                os.fsync(file.fileno())
        for number, line in enumerate(data[:end].splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                prompt_id = record["id"]
            except (ValueError, TypeError, KeyError):
                message = f"{path}:{number} is not a result record; is it the right output file?"
                raise BatchOutputError(message) from None
            if "error" in record:
                state.answered.discard(prompt_id)
                state.failed.add(prompt_id)
            else:
                state.failed.discard(prompt_id)
                state.answered.add(prompt_id)
        return state

    @staticmethod
    def drop_failed(path: str | Path) -> int:
        """Rewrite the output without its failed records (atomically), so a retry writes each id once.

        Args:
            path: The JSONL output (already repaired by `load`).

        Returns:
            How many records were dropped.
        """
        target = Path(path)
        if not target.exists():
            return 0
        kept: list[bytes] = []
        dropped = 0
        for line in target.read_bytes().splitlines(keepends=True):
            if line.strip() and "error" in json.loads(line):
                dropped += 1
            else:
                kept.append(line)
        if dropped:
            temporary = target.with_name(target.name + ".tmp")
            with temporary.open("wb") as file:
                file.write(b"".join(kept))
                file.flush()
                os.fsync(file.fileno())
            temporary.replace(target)
            _fsync_folder(target.parent)
        return dropped


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class JsonlAppender:
    """Appends records to a JSONL file; `append` returns once the line is on disk."""

    def __init__(self, path: str | Path, *, fsync: bool = True) -> None:
        """Open `path` for appending.

        Args:
            path: The output file (created if missing).
            fsync: Sync each group of lines to disk (False: only flush to the OS).
        """
        self._file: BinaryIO = Path(path).open("ab")  # noqa: SIM115 - closed by close()
        self._fsync = fsync
        self._pending: list[tuple[bytes, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.lines = 0

    async def append(self, record: dict[str, Any]) -> None:
        """Write one record as one line, and wait until it is durable.

        Args:
            record: A JSON-ready dict.
        """
        line = json.dumps(record, ensure_ascii=False, default=str).encode() + b"\n"
        done = asyncio.get_running_loop().create_future()
        self._pending.append((line, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        await asyncio.shield(done)

    async def _drain(self) -> None:
        while self._pending:
            group, self._pending = self._pending, []
            try:
                await asyncio.to_thread(self._write, b"".join(line for line, _ in group))
            except Exception as error:  # noqa: BLE001 - handed to every waiting append
                for _, done in group:
                    if not done.done():
                        done.set_exception(error)
                        # The run stops at the first failed write, so a waiter may be cancelled before it
                        # reads this; marking it read keeps asyncio from logging it at exit.
                        done.exception()
                continue
            self.lines += len(group)
            for _, done in group:
                if not done.done():
                    done.set_result(None)

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())

    async def aclose(self) -> None:
        """Wait for pending lines, then close the file."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        self._file.close()
