"""HTTP serving: the loopback server, HTTP framing, the request record, recording proxy and replay."""
