"""Where a request came from: X-Forwarded-For is believed only as far as trusted proxies vouch for it."""
import pytest

from hmis_gateway.client_address import client_address, forwarded_secure, trusted_networks

PROXIES = trusted_networks(["10.0.0.0/8", "2001:db8::1"])


@pytest.mark.parametrize(("peer", "forwarded_for", "expected"), [
    # No trusted proxy in the way: the header is anyone's to forge, and ignored.
    ("198.51.100.7", "192.0.2.1", "198.51.100.7"),
    ("198.51.100.7", "", "198.51.100.7"),
    # A trusted proxy: the address it saw, the rightmost entry.
    ("10.1.2.3", "192.0.2.1", "192.0.2.1"),
    ("2001:db8::1", "192.0.2.1", "192.0.2.1"),
    # What the client put in front of the proxy's entry is not believed.
    ("10.1.2.3", "203.0.113.9, 192.0.2.1", "192.0.2.1"),
    # Through two trusted proxies.
    ("10.1.2.3", "192.0.2.1, 10.9.9.9", "192.0.2.1"),
    # A malformed entry ends the walk at the trusted proxy that passed it on.
    ("10.1.2.3", "not-an-address", "10.1.2.3"),
    # Only trusted proxies all the way: the farthest one.
    ("10.1.2.3", "10.4.4.4", "10.4.4.4"),
    (None, "192.0.2.1", None),
])
def test_the_client_address_is_the_nearest_hop_not_a_trusted_proxy(peer, forwarded_for, expected):
    assert client_address(peer, forwarded_for, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_never_read():
    assert client_address("10.1.2.3", "192.0.2.1", trusted_networks([])) == "10.1.2.3"


def test_a_malformed_trusted_proxy_setting_fails_at_start():
    with pytest.raises(ValueError):
        trusted_networks(["10.0.0.0/8", "proxy.example"])


@pytest.mark.parametrize(("peer", "forwarded_proto", "secure"), [
    ("10.1.2.3", "https", True),
    ("10.1.2.3", "http, https", True),   # the nearest proxy's word: the last value
    ("10.1.2.3", "https, http", False),
    ("10.1.2.3", "", False),
    ("198.51.100.7", "https", False),    # anyone may send the header: believed from a trusted proxy only
    (None, "https", False),
])
def test_tls_is_believed_from_a_trusted_proxy_only(peer, forwarded_proto, secure):
    assert forwarded_secure(peer, forwarded_proto, PROXIES) is secure
