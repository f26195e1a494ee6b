"""Concurrency for a whole batch: prompts in progress, requests in flight, and a shared back-off.

Two counts are kept. A prompt is *admitted* from its first request until its result is recorded,
so at most `maximum` prompts are ever unrecorded at once (the most a killed run can have to ask
again). A *request* holds a slot only while it is on the wire, and the number of slots (`limit`)
adapts: a rate limit (429) pauses every new request until its `Retry-After` has passed and halves
the limit (once per back-off window); every `limit` successes in a row then raise it by a quarter,
back up to `maximum`.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque


class FleetLimiter:
    """Admission, request slots and the shared back-off of one batch (one event loop).

    Attributes:
        maximum: The configured concurrency.
        limit: The request slots now (between 1 and `maximum`).
        lowest: The lowest `limit` reached.
        rate_limited: How many rate-limit responses were reported.
        admitted: Prompts admitted and not yet finished.
        active: Requests on the wire.
    """

    def __init__(self, maximum: int) -> None:
        """Start with `maximum` request slots.

        Args:
            maximum: The concurrency (at least 1).

        Raises:
            ValueError: `maximum` is below 1.
        """
        if maximum < 1:
            raise ValueError("concurrency must be at least 1")
        self.maximum = self.limit = self.lowest = maximum
        self.rate_limited = 0
        self.admitted = 0
        self.active = 0
        self.closed = False
        self._resume_at = 0.0
        self._cut_until = 0.0
        self._successes = 0
        self._admission: deque[asyncio.Future[None]] = deque()
        self._slots: deque[asyncio.Future[None]] = deque()

    async def admit(self) -> bool:
        """Wait until another prompt may start (fewer than `maximum` admitted, no back-off).

        Returns:
            True when admitted; False once `close` was called (start nothing more).
        """
        while True:
            if self.closed:
                return False
            if await self._paused():
                continue
            if self.admitted < self.maximum:
                self.admitted += 1
                return True
            await self._park(self._admission)

    def finish(self) -> None:
        """An admitted prompt is recorded (or abandoned): let another start."""
        self.admitted -= 1
        _wake_one(self._admission)

    async def acquire(self) -> None:
        """Wait for a request slot (fewer than `limit` requests on the wire, no back-off)."""
        while True:
            if await self._paused():
                continue
            if self.active < self.limit:
                self.active += 1
                return
            await self._park(self._slots)

    def release(self, *, ok: bool) -> None:
        """A request is done.

        Args:
            ok: It succeeded (counts towards raising the limit again).
        """
        self.active -= 1
        if ok and self.limit < self.maximum:
            self._successes += 1
            if self._successes >= self.limit:
                self._successes = 0
                self.limit = min(self.maximum, self.limit + max(1, self.limit // 4))
                for _ in range(self.limit - self.active):
                    _wake_one(self._slots)
        _wake_one(self._slots)

    def throttled(self, delay: float) -> None:
        """Report a rate limit: pause new requests for `delay` seconds and lower the limit.

        Args:
            delay: Seconds to wait (the response's `Retry-After`, or a back-off).
        """
        now = time.monotonic()
        self.rate_limited += 1
        self._resume_at = max(self._resume_at, now + delay)
        self._successes = 0
        if now >= self._cut_until:  # one cut per back-off window, however many requests hit it
            self.limit = max(1, self.limit // 2)
            self.lowest = min(self.lowest, self.limit)
            self._cut_until = now + max(delay, 0.1)

    def close(self) -> None:
        """Admit no more prompts (requests of admitted prompts still get slots)."""
        self.closed = True
        for waiter in self._admission:
            if not waiter.done():
                waiter.set_result(None)

    async def _paused(self) -> bool:
        delay = self._resume_at - time.monotonic()
        if delay <= 0:
            return False
        await asyncio.sleep(delay)
        return True

    @staticmethod
    async def _park(queue: deque[asyncio.Future[None]]) -> None:
        waiter = asyncio.get_running_loop().create_future()
        queue.append(waiter)
        try:
            await waiter
        finally:
            if waiter in queue:
                queue.remove(waiter)


def _wake_one(queue: deque[asyncio.Future[None]]) -> None:
    while queue:
        waiter = queue.popleft()
        if not waiter.done():
            waiter.set_result(None)
            return
