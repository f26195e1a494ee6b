r"""The command line's log: every exchange in a private SQLite database (standard library only).

The database lives in the platform's user data folder (`platformdirs` semantics:
`$XDG_DATA_HOME/openrouter-responses/logs.db` on Linux, `~/Library/Application
Support/openrouter-responses/logs.db` on macOS, `%LOCALAPPDATA%\\openrouter-responses\\logs.db`
on Windows), readable by the user only. It runs in WAL mode with a generous busy
timeout, and each row is written in its own `BEGIN IMMEDIATE` transaction, so many
processes can log at once. The API key is never written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from langchain_openrouter_responses.cli.sources import cited_sources

APP_NAME = "openrouter-responses"
NO_LOG_ENV = "OPENROUTER_RESPONSES_NO_LOG"
COMPLETE = "complete"
INTERRUPTED = "interrupted"
_BUSY_TIMEOUT_MS = 30_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    datetime_utc TEXT NOT NULL,
    requested_model TEXT NOT NULL,
    served_model TEXT,
    system TEXT,
    prompt TEXT NOT NULL,
    prompt_content TEXT NOT NULL,
    attachments TEXT NOT NULL,
    options TEXT NOT NULL,
    message TEXT,
    text TEXT NOT NULL,
    reasoning TEXT NOT NULL,
    usage TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost REAL,
    finish_reason TEXT,
    status TEXT NOT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS exchanges_by_conversation ON exchanges (conversation_id, id);
"""
_JSON_COLUMNS = ("prompt_content", "attachments", "options", "message", "usage")


def data_dir() -> Path:
    """Return the platform's user data folder for the command (created on first write).

    Returns:
        `platformdirs.user_data_dir("openrouter-responses")`, computed without the dependency.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        base = xdg if Path(xdg).is_absolute() else str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def db_path() -> Path:
    """Return where the log database is.

    Returns:
        `<user data folder>/logs.db`.
    """
    return data_dir() / "logs.db"


def logging_disabled() -> bool:
    """Tell whether `OPENROUTER_RESPONSES_NO_LOG` turns the log off.

    Returns:
        True when it is set to anything but ``""``, ``0``, ``false`` or ``no``.
    """
    return os.environ.get(NO_LOG_ENV, "").strip().lower() not in {"", "0", "false", "no"}


def new_conversation_id() -> str:
    """Return a fresh conversation id: sortable by time, unique across processes.

    Returns:
        E.g. `01j9z3...` style: 12 hex digits of milliseconds then 8 random hex digits.
    """
    return f"{time.time_ns() // 1_000_000:012x}{os.urandom(4).hex()}"


def utc_now() -> str:
    """Return the current time as an ISO 8601 UTC string with seconds.

    Returns:
        E.g. `2026-05-01T12:00:00Z`.
    """
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Exchange:
    """One prompt and its answer, as logged.

    Attributes:
        conversation_id: Groups the exchanges of one conversation.
        requested_model: The model asked for.
        prompt: The prompt text (stdin and arguments combined).
        prompt_content: The user message's content as sent (text, or text and attachment blocks).
        served_model: The model that answered (a fallback may serve).
        system: The system prompt.
        attachments: The attachments' paths or URLs.
        options: The model settings used (never the key).
        message: The returned AIMessage as `langchain_core.messages.message_to_dict` gives it;
            its content blocks keep the raw output items, so it replays byte-exact.
        text: The answer's text.
        reasoning: The readable reasoning text.
        usage: The usage metadata.
        cost: OpenRouter's cost in USD credits.
        finish_reason: Why the answer ended.
        status: `complete`, or `interrupted` (never replayed).
        duration_ms: How long the request took.
        datetime_utc: When it was asked.
        id: The row id, once logged.
    """

    conversation_id: str
    requested_model: str
    prompt: str
    prompt_content: Any
    served_model: str | None = None
    system: str | None = None
    attachments: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    message: dict[str, Any] | None = None
    text: str = ""
    reasoning: str = ""
    usage: dict[str, Any] | None = None
    cost: float | None = None
    finish_reason: str | None = None
    status: str = COMPLETE
    duration_ms: int = 0
    datetime_utc: str = field(default_factory=utc_now)
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Describe the exchange for `logs --json`.

        Returns:
            Every field, JSON-ready, and `sources`: the URLs the answer cites.
        """
        return {**asdict(self), "sources": cited_sources(self.message)}


class LogError(Exception):
    """The log cannot be read (a damaged or unreadable database); the message names the file."""


class LogStore:
    """The log database. Each method opens its own short-lived connection."""

    def __init__(self, path: Path | None = None) -> None:
        """Point at a database (the user's by default); nothing is created until the first write.

        Args:
            path: The database file.
        """
        self.path = path or db_path()

    def exists(self) -> bool:
        """Tell whether the database file exists.

        Returns:
            True once something was logged.
        """
        return self.path.exists()

    @contextmanager
    def _connect(self, *, create: bool, read_only: bool = False) -> Iterator[sqlite3.Connection]:
        if create:
            _make_private(self.path)
        # immutable=1 reads a file SQLite may not write to (no WAL index); lines still in the WAL are not seen.
        target = f"{self.path.resolve().as_uri()}?immutable=1" if read_only else str(self.path)
        timeout = _BUSY_TIMEOUT_MS / 1000
        with closing(sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=read_only)) as db:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            if create:
                _retry_busy(lambda: db.execute("PRAGMA journal_mode = WAL"))
                _retry_busy(lambda: db.executescript(_SCHEMA))
            db.row_factory = sqlite3.Row
            yield db

    def add(self, exchange: Exchange) -> int:
        """Log an exchange in its own transaction.

        Args:
            exchange: What was asked and answered.

        Returns:
            The new row's id (also set on `exchange.id`).
        """
        row = asdict(exchange)
        row.pop("id")
        for column in _JSON_COLUMNS:
            row[column] = json.dumps(row[column], ensure_ascii=False) if row[column] is not None else None
        usage = exchange.usage or {}
        row["input_tokens"] = usage.get("input_tokens")
        row["output_tokens"] = usage.get("output_tokens")
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        with self._connect(create=True) as db:
            _retry_busy(lambda: db.execute("BEGIN IMMEDIATE"))
            try:
                cursor = db.execute(f"INSERT INTO exchanges ({columns}) VALUES ({marks})", row)  # noqa: S608
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite has already rolled back after e.g. a full disk
                    db.execute("ROLLBACK")
                raise
        exchange.id = cursor.lastrowid
        return exchange.id or 0

    def latest_conversation(self) -> str | None:
        """Return the id of the conversation logged last.

        Returns:
            The id, or None when nothing was logged.
        """
        rows = self._select("SELECT conversation_id FROM exchanges ORDER BY id DESC LIMIT 1", ())
        return str(rows[0]["conversation_id"]) if rows else None

    def conversation(self, conversation_id: str) -> list[Exchange]:
        """Return a conversation's exchanges, oldest first (interrupted ones included).

        Args:
            conversation_id: The conversation.

        Returns:
            Its exchanges; empty when there is no such conversation.
        """
        rows = self._select("SELECT * FROM exchanges WHERE conversation_id = ? ORDER BY id", (conversation_id,))
        return [_exchange(row) for row in rows]

    def recent(
        self,
        count: int,
        *,
        query: str | None = None,
        conversation_id: str | None = None,
        model: str | None = None,
        since: str | None = None,
    ) -> list[Exchange]:
        """Return the latest exchanges, oldest first.

        Args:
            count: How many (0 or less: all).
            query: Keep exchanges whose prompt, answer or system prompt contains this text.
            conversation_id: Keep one conversation's exchanges.
            model: Keep exchanges that asked for or were served by this model.
            since: Keep exchanges logged at or after this UTC time (`2026-05-01T12:00:00Z`).

        Returns:
            The exchanges, oldest first.
        """
        conditions, params = _conditions(query, conversation_id, model, since)
        sql = "SELECT * FROM exchanges" + conditions + " ORDER BY id DESC"  # noqa: S608
        if count > 0:
            sql += f" LIMIT {int(count)}"
        return [_exchange(row) for row in reversed(self._select(sql, params))]

    def totals(
        self,
        *,
        query: str | None = None,
        conversation_id: str | None = None,
        model: str | None = None,
        since: str | None = None,
    ) -> tuple[int, int, int, float, int]:
        """Sum every matching exchange, not only the latest few.

        Args:
            query: Keep exchanges whose prompt, answer or system prompt contains this text.
            conversation_id: Keep one conversation's exchanges.
            model: Keep exchanges that asked for or were served by this model.
            since: Keep exchanges logged at or after this UTC time (`2026-05-01T12:00:00Z`).

        Returns:
            `(exchanges, input tokens, output tokens, cost, exchanges without a reported cost)`.
        """
        conditions, params = _conditions(query, conversation_id, model, since)
        sums = "COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost), SUM(cost IS NULL)"
        rows = self._select(f"SELECT {sums} FROM exchanges" + conditions, params)  # noqa: S608
        if not rows:
            return 0, 0, 0, 0.0, 0
        count, tokens_in, tokens_out, cost, unpriced = tuple(rows[0])
        return int(count or 0), int(tokens_in or 0), int(tokens_out or 0), float(cost or 0.0), int(unpriced or 0)

    def recent_prompts(self, count: int) -> list[str]:
        """Return the latest distinct prompts, oldest first (the interactive chat's history).

        Args:
            count: How many at most.

        Returns:
            The prompts.
        """
        sql = "SELECT prompt FROM exchanges GROUP BY prompt ORDER BY MAX(id) DESC LIMIT ?"
        return [str(row["prompt"]) for row in reversed(self._select(sql, (count,)))]

    def _select(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        if not self.exists():
            return []
        try:
            return self._query(sql, params, read_only=False)
        except sqlite3.DatabaseError:
            pass  # e.g. a read-only folder, where SQLite cannot create the WAL index it reads through
        try:
            return self._query(sql, params, read_only=True)
        except sqlite3.Error as error:
            raise LogError(f"cannot read the log {self.path}: {error}") from None

    def _query(self, sql: str, params: tuple[Any, ...], *, read_only: bool) -> list[sqlite3.Row]:
        with self._connect(create=False, read_only=read_only) as db:
            try:
                return list(db.execute(sql, params))
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return []
                raise


def _conditions(
    query: str | None, conversation_id: str | None, model: str | None = None, since: str | None = None
) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause (fixed text; the values are parameters) for a text search, a conversation, a model."""
    where, params = [], []
    if query:
        where.append("(prompt LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\' OR system LIKE ? ESCAPE '\\')")
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern] * 3
    if conversation_id:
        where.append("conversation_id = ?")
        params.append(conversation_id)
    if model:
        where.append("(requested_model = ? OR served_model = ?)")
        params += [model, model]
    if since:
        where.append("datetime_utc >= ?")
        params.append(since)
    return (f" WHERE {' AND '.join(where)}" if where else ""), tuple(params)


def _exchange(row: sqlite3.Row) -> Exchange:
    values = {key: row[key] for key in row.keys() if key not in {"input_tokens", "output_tokens"}}  # noqa: SIM118
    for column in _JSON_COLUMNS:
        values[column] = json.loads(values[column]) if values[column] is not None else None
    return Exchange(**values)


def _make_private(path: Path) -> None:
    """Create the folder (0700) and the database file (0600) before SQLite opens it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.parent.chmod(0o700)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(descriptor)
    if os.name == "posix":
        path.chmod(0o600)


def _retry_busy(action: Any, attempts: int = 50) -> Any:
    """Run an SQLite statement, retrying while another process holds a lock it needs."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + 0.01 * attempt)
    return None
