"""Transport: clients (httpx and httpx2 shims, bounded caches, retries), credentials and error classes and mapping."""
