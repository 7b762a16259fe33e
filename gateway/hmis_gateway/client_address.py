"""Where a request came from, for the login throttle and the authentication log.

The peer's address, unless the peer is a trusted proxy (`HMIS_TRUSTED_PROXIES`: addresses or CIDR
networks): then X-Forwarded-For is read from the right, each proxy having appended the address it saw, up
to the first address that is not a trusted proxy. With no trusted proxy configured the header is ignored:
anyone can send one, so believing it would let a client choose the address it is throttled by.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The setting's entries as networks; a malformed one is an error at start, not a proxy ignored."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parsed(value: str | None):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str, trusted: tuple[Network, ...]) -> str | None:
    """The nearest address on the way in that is not a trusted proxy (None when the peer has no address).
    A malformed entry ends the walk at the trusted proxy that passed it on."""
    address = None
    for hop in [peer, *reversed(forwarded_for.split(","))]:
        parsed = _parsed(hop)
        if parsed is None:
            break
        address = str(parsed)
        if not any(parsed in network for network in trusted):
            break
    return address


def forwarded_secure(peer: str | None, forwarded_proto: str, trusted: tuple[Network, ...]) -> bool:
    """Whether a trusted proxy says the client reached it over TLS (`X-Forwarded-Proto: https`). From any
    other peer the header is ignored, as X-Forwarded-For is. The nearest proxy's word counts: the last
    value of the header."""
    parsed = _parsed(peer)
    if parsed is None or not any(parsed in network for network in trusted):
        return False
    values = [value.strip().lower() for value in forwarded_proto.split(",") if value.strip()]
    return bool(values) and values[-1] == "https"
