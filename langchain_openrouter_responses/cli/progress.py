"""The batch command's progress: a rich bar on a terminal, a periodic status line otherwise."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType
from typing import Any, Protocol, Self, TextIO

from langchain_openrouter_responses.batch import BatchRunner, BatchSummary


class Progress(Protocol):
    """Shown while a batch runs."""

    def update(self, summary: BatchSummary) -> None:
        """Take the latest totals (called after each recorded prompt)."""

    def close(self) -> None:
        """Stop showing progress."""


def status_text(summary: BatchSummary) -> str:
    """Describe progress in one line: done/total, failures, rate, ETA and spend.

    Args:
        summary: The live totals.

    Returns:
        E.g. `[batch: 120/1000 done, 2 failed, 41.0/s, ETA 21s, $0.001200]`.
    """
    elapsed = max(time.monotonic() - summary._started, 1e-9)  # noqa: SLF001 - the summary's own clock
    rate = summary.done / elapsed
    left = summary.total - summary.done
    eta = f"{left / rate:.0f}s" if rate > 0 else "?"
    failed = f", {summary.failed} failed" if summary.failed else ""
    throttled = f", rate-limited {summary.rate_limited}x" if summary.rate_limited else ""
    return (
        f"[batch: {summary.done}/{summary.total} done{failed}, {rate:.1f}/s, ETA {eta}, ${summary.cost:.6f}{throttled}]"
    )


class StatusLines:
    """A status line on `err` at most every `interval` seconds (for logs and pipes)."""

    def __init__(self, err: TextIO, interval: float) -> None:
        """Write to `err`.

        Args:
            err: Usually stderr.
            interval: Seconds between two lines.
        """
        self._err = err
        self._interval = interval
        self._last = time.monotonic()

    def update(self, summary: BatchSummary) -> None:
        """Write a line when `interval` has passed since the last one."""
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._err.write(status_text(summary) + "\n")
            self._err.flush()

    def close(self) -> None:
        """Nothing to close."""


class RichBar:
    """rich's progress bar on the terminal: done/total, rate, ETA and spend."""

    def __init__(self, err: TextIO, total: int) -> None:
        """Start the bar.

        Args:
            err: The terminal stream (stderr).
            total: Prompts to answer in this run.
        """
        from rich.console import Console  # noqa: PLC0415 - the cli extra
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress  # noqa: PLC0415

        self._progress = RichProgress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f}/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("${task.fields[cost]:.4f}{task.fields[extra]}"),
            console=Console(file=err),
            transient=False,
        )
        self._task = self._progress.add_task("batch", total=total, rate=0.0, cost=0.0, extra="")
        self._progress.start()

    def update(self, summary: BatchSummary) -> None:
        """Move the bar."""
        elapsed = max(time.monotonic() - summary._started, 1e-9)  # noqa: SLF001
        extra: list[str] = []
        if summary.failed:
            extra.append(f"{summary.failed} failed")
        if summary.rate_limited:
            extra.append(f"429 x{summary.rate_limited}")
        fields: dict[str, Any] = {"rate": summary.done / elapsed, "cost": summary.cost}
        fields["extra"] = (" " + ", ".join(extra)) if extra else ""
        self._progress.update(self._task, completed=summary.done, **fields)

    def close(self) -> None:
        """Stop the bar (it stays on screen)."""
        self._progress.stop()


class NoProgress:
    """No progress output."""

    def update(self, summary: BatchSummary) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


def make_progress(err: TextIO, total: int, *, mode: str, interval: float) -> Progress:
    """Pick how to show progress.

    Args:
        err: Where it goes (stderr).
        total: Prompts to answer in this run.
        mode: `auto` (a bar on a terminal with rich installed, status lines otherwise), `bar`,
            `lines` or `none`.
        interval: Seconds between status lines.

    Returns:
        The progress display.
    """
    if mode == "none":
        return NoProgress()
    if mode == "bar" or (mode == "auto" and err.isatty()):
        try:
            return RichBar(err, total)
        except ImportError:
            pass
    return StatusLines(err, interval)


class ShownProgress:
    """Shows a runner's progress while the `async with` block runs (refreshed at least twice a second)."""

    def __init__(self, runner: BatchRunner, err: TextIO, *, mode: str, interval: float) -> None:
        """Hook into `runner`.

        Args:
            runner: The runner (its `on_start` and `on_result` are set).
            err: Where progress goes (stderr).
            mode: See `make_progress`.
            interval: Seconds between status lines.
        """
        self._runner = runner
        self._progress: Progress | None = None
        self._ticker: asyncio.Task[None] | None = None

        def start(summary: BatchSummary) -> None:
            self._progress = make_progress(err, summary.total, mode=mode, interval=interval)

        self._period = min(0.5, interval)
        runner.on_start = start
        runner.on_result = lambda _, summary: self._update(summary)

    def _update(self, summary: BatchSummary) -> None:
        if self._progress is not None:
            self._progress.update(summary)

    async def _tick(self) -> None:  # status lines even while every prompt in progress is slow
        while True:
            await asyncio.sleep(self._period)
            self._update(self._runner.summary)

    async def __aenter__(self) -> Self:
        """Start refreshing."""
        self._ticker = asyncio.create_task(self._tick())
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Show the final totals and stop."""
        if self._ticker is not None:
            self._ticker.cancel()
        self._update(self._runner.summary)
        if self._progress is not None:
            self._progress.close()
