"""Memory of the client caches under many tenants: 1,000 distinct API keys x 3 calls each.

Run with `python -m benchmarks.client_cache`. Prints RSS after warm-up and at the end for
the sync and async paths, and any ResourceWarning (an unclosed client or socket).
"""

from __future__ import annotations

import asyncio
import gc
import resource
import sys
import warnings
from pathlib import Path

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator

TENANTS = 1000
CALLS_PER_TENANT = 3
WARM_UP = 100


def rss_mib() -> float:
    """Current resident set size in MiB (Linux /proc, else the peak from getrusage)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sync_run(llm: ChatOpenRouterResponses, emulator: Emulator) -> tuple[float, float]:
    warmed = 0.0
    for tenant in range(TENANTS):
        for _ in range(CALLS_PER_TENANT):
            llm.invoke("hi", api_key=f"sk-or-tenant-{tenant}")
        emulator.clear()  # the emulator's own request log is not what is measured
        if tenant == WARM_UP:
            gc.collect()
            warmed = rss_mib()
    gc.collect()
    return warmed, rss_mib()


async def async_run(llm: ChatOpenRouterResponses, emulator: Emulator) -> tuple[float, float]:
    warmed = 0.0
    for tenant in range(TENANTS):
        for _ in range(CALLS_PER_TENANT):
            await llm.ainvoke("hi", api_key=f"sk-or-tenant-{tenant}")
        emulator.clear()
        if tenant == WARM_UP:
            gc.collect()
            warmed = rss_mib()
    gc.collect()
    return warmed, rss_mib()


def main() -> None:
    """Measure both paths and report."""
    warnings.simplefilter("always", ResourceWarning)
    with warnings.catch_warnings(record=True) as caught, Emulator(api_key=None) as emulator:  # any key
        llm = ChatOpenRouterResponses(base_url=emulator.base_url, api_key="unused", max_retries=0)
        sync_warm, sync_end = sync_run(llm, emulator)
        async_warm, async_end = asyncio.run(async_run(llm, emulator))
        gc.collect()
    unclosed = [str(warning.message) for warning in caught if issubclass(warning.category, ResourceWarning)]
    print(f"{TENANTS} keys x {CALLS_PER_TENANT} calls")
    print(f"sync : RSS {sync_warm:.1f} MiB after {WARM_UP} keys -> {sync_end:.1f} MiB at the end")
    print(f"async: RSS {async_warm:.1f} MiB after {WARM_UP} keys -> {async_end:.1f} MiB at the end")
    print(f"unclosed-resource warnings: {len(unclosed)}")
    for message in unclosed[:5]:
        print("  ", message)
    sys.exit(1 if unclosed else 0)


if __name__ == "__main__":
    main()
