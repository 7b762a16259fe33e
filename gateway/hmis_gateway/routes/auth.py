"""Sessions and second factors: log in, log out (here or everywhere), who am I, set up TOTP."""
from flask import Blueprint, g, jsonify, make_response, request

from hmis_gateway import browser_session
from hmis_gateway.headers import over_tls
from hmis_gateway.schemas import PermissionQuerySchema, PermissionSchema, SessionsEndedSchema
from hmis_gateway.guard import current_gateway, json_body, policy_input, protected, public
from hmis_kit.errors import ValidationFailed
from identity.contract.schemas import LoginSchema, PrincipalSchema, SessionSchema, TotpConfirmSchema, TotpEnrollmentSchema

bp = Blueprint("auth", __name__)
MAX_ACTIONS_ASKED = 50


@bp.post("/auth/login")
@public("Log in with username, password and (when set up) a TOTP code; returns a session token. Every refusal "
        "is the same 401 (docs/security.md); 429 when too many failed logins came from your address. A browser sends "
        "`X-Session-Mode: cookie`: the token then goes in an HttpOnly cookie and the answer carries `csrf_token` "
        "in its place (docs/web.md)",
        body=LoginSchema, returns=SessionSchema, errors=(401, 403, 429, 503), tags=("auth",))
def login():
    gateway = current_gateway()
    with gateway.rpc.cluster() as services:
        session = services.identity.login(json_body(), gateway.client_address())
    if not browser_session.wants_cookie():
        return jsonify(session)
    return browser_session.start(jsonify(browser_session.browser_answer(session)), session,
                                 over_tls(gateway.trusted_proxies))


@bp.post("/auth/logout")
@protected("session:end", "End this session; the token is refused from now on", status=204, tags=("auth",))
def logout():
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        g.services.identity.logout(authorization[7:].strip())
        return ""
    if request.headers.get("X-API-Key", "").strip() or not request.cookies.get(browser_session.SESSION_COOKIE):
        raise ValidationFailed("an API key has no session to end; revoke the key instead",
                               {"Authorization": ["no session token sent"]})
    g.services.identity.logout(request.cookies[browser_session.SESSION_COOKIE].strip())
    return _cookies_ended("")


def _cookies_ended(answer):
    return browser_session.end(make_response(answer), over_tls(current_gateway().trusted_proxies))


@bp.post("/auth/logout-everywhere")
@protected("session:end", "End every session of this user", returns=SessionsEndedSchema, tags=("auth",))
def logout_everywhere():
    answer = jsonify({"ended": g.services.identity.logout_everywhere(g.principal["id"])})
    return _cookies_ended(answer) if request.cookies.get(browser_session.SESSION_COOKIE) else answer


@bp.get("/auth/me")
@protected("session:read", "The principal behind this token or key", returns=PrincipalSchema, tags=("auth",))
def me():
    return jsonify(g.principal)


@bp.get("/auth/permissions")
@protected("session:read", "What the policy decides for you on each of `?actions=a,b` (on your own agency's "
           "resources), with reasons: lets a front end show only what you may do",
           query=PermissionQuerySchema, returns={"type": "object", "additionalProperties": PermissionSchema},
           tags=("auth",))
def permissions():
    actions = [action for action in request.args.get("actions", "").split(",") if action]
    if not 1 <= len(actions) <= MAX_ACTIONS_ASKED:
        raise ValidationFailed("name the actions to check", {"actions": [f"1 to {MAX_ACTIONS_ASKED}, comma-separated"]})
    answers = {}
    for action in actions:
        resource = {"type": None, "id": None, "agency_id": g.principal["agency_id"]}
        _, decision = current_gateway().authorize(policy_input(g.principal, action, resource))
        answers[action] = {"allow": decision.allow, "reasons": list(decision.reasons)}
    return jsonify(answers)


@bp.post("/auth/totp")
@protected("mfa:enroll", "Start setting up a TOTP second factor: returns the secret once",
           returns=TotpEnrollmentSchema, status=201, tags=("auth",))
def start_totp():
    return jsonify(g.services.identity.start_totp(g.principal["id"]))


@bp.post("/auth/totp/confirmation")
@protected("mfa:enroll", "Finish setting up TOTP with a code from the app; log in again with a code",
           body=TotpConfirmSchema, status=204, tags=("auth",))
def confirm_totp():
    g.services.identity.confirm_totp(g.principal["id"], json_body())
    return ""
