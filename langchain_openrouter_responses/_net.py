"""Network address helpers shared by the model and the emulator (stdlib only)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address is on the loopback interface.

    Args:
        host: A host name or IP address (IPv6 without brackets).

    Returns:
        True for `localhost`, 127.0.0.0/8 and ::1.
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
