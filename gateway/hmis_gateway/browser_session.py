"""Sessions for browsers: the session token in a cookie script cannot read, and a CSRF token on every write.

A browser logs in with `X-Session-Mode: cookie` (routes/auth.py): the gateway sets the session token as an
HttpOnly, SameSite=Strict cookie scoped to the API, and answers a CSRF token instead of the session token.
The cookie is the very session a bearer token is (identity's sessions, idle and absolute expiry, the same
policy, decision log and audit path); only how it travels differs. Because a browser sends a cookie by
itself, a write made with it must also carry the CSRF token in `X-CSRF-Token`: a page on another site can
make the browser send the cookie but cannot read the token. The token is derived from the session token
(a hash, so it gives the session token away to no one), so the gateway keeps no state for it.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from flask import Response, request

from hmis_kit.errors import HmisError

SESSION_MODE_HEADER = "X-Session-Mode"
COOKIE_MODE = "cookie"
SESSION_COOKIE = "hmis_session"
CSRF_COOKIE = "hmis_csrf"  # readable by the app's script, so a reload keeps the token
CSRF_HEADER = "X-CSRF-Token"
COOKIE_PATH = "/api/v1"


class CsrfRefused(HmisError):
    """A write made with the session cookie but without its CSRF token (403)."""

    code = "csrf_token_required"

    def __init__(self):
        super().__init__(f"a write made with the session cookie must send the session's CSRF token in {CSRF_HEADER}",
                         {CSRF_HEADER: ["missing or not this session's"]})


def csrf_token(session_token: str) -> str:
    return hashlib.sha256(b"hmis-csrf\n" + session_token.encode()).hexdigest()


def wants_cookie() -> bool:
    return request.headers.get(SESSION_MODE_HEADER, "").strip().lower() == COOKIE_MODE


def cookie_token(write: bool) -> str | None:
    """The session token from the cookie, for a request that sent neither a bearer token nor an API key;
    a write must carry the CSRF token too (CsrfRefused)."""
    token = request.cookies.get(SESSION_COOKIE, "").strip()
    if not token:
        return None
    if write and not hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), csrf_token(token)):
        raise CsrfRefused()
    return token


def start(response: Response, session: dict, secure: bool) -> Response:
    """Set the session and CSRF cookies of a session just begun; both end with the session."""
    expires = datetime.fromisoformat(session["expires_at"])
    response.set_cookie(SESSION_COOKIE, session["token"], expires=expires, path=COOKIE_PATH, secure=secure,
                        httponly=True, samesite="Strict")
    response.set_cookie(CSRF_COOKIE, csrf_token(session["token"]), expires=expires, path="/", secure=secure,
                        httponly=False, samesite="Strict")
    return response


def browser_answer(session: dict) -> dict:
    """The login answer for a browser: the CSRF token in place of the session token, which stays in the cookie."""
    return {**{key: value for key, value in session.items() if key != "token"}, "csrf_token": csrf_token(session["token"])}


def end(response: Response, secure: bool) -> Response:
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=secure, httponly=True, samesite="Strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="Strict")
    return response
