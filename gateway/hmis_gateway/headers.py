"""The headers every answer of the API carries, set in one place (app.py's after_request).

The gateway answers JSON (and CSV downloads, and a consent's signed form), never a page: its content
security policy allows nothing to load, run or frame it. The web app's files (web_app.py) carry their
own policy. Answers carry client data, so no cache (browser or proxy) keeps them. Strict-Transport-Security is
sent only over TLS (HSTS on plain HTTP is ignored by browsers and would mislead): when the request itself
came over TLS, or a trusted proxy (HMIS_TRUSTED_PROXIES, client_address.py) says it did.
"""
from __future__ import annotations

from flask import Response, request

from hmis_gateway.client_address import Network, forwarded_secure

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Referrer-Policy": "no-referrer",
}
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def over_tls(trusted_proxies: tuple[Network, ...]) -> bool:
    return request.is_secure or forwarded_secure(request.remote_addr, request.headers.get("X-Forwarded-Proto", ""),
                                                 trusted_proxies)


def secure(response: Response, trusted_proxies: tuple[Network, ...]) -> Response:
    own_policy = response.headers.get("Content-Security-Policy")  # the web app's (web_app.py)
    response.headers.update(SECURITY_HEADERS)
    if own_policy:
        response.headers["Content-Security-Policy"] = own_policy
    if over_tls(trusted_proxies):
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response
