"""Authenticate, decide, log, then call: the path every protected request takes.

`@protected(action, ...)` on a view is the only way a route reaches a service. The view runs only
after the policy allowed it and the decision was written to the decision log; an engine error or
timeout is a denial (fail closed), and a decision that cannot be logged is not acted on.
"""
from __future__ import annotations

import functools
import hashlib
import threading
import uuid
from datetime import datetime, timezone
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Response, current_app, g, make_response, request
from marshmallow import Schema

from hmis_gateway import browser_session, decisions, network
from hmis_gateway.client_address import Network, client_address
from hmis_gateway.errors import Forbidden
from hmis_gateway.policy import DECISION_PATH, Decision, PolicyEngine, PolicyEngineError
from hmis_gateway.rpc import RpcPool, carry_idempotency_key
from hmis_kit import idempotency, logs
from hmis_kit.errors import AuthenticationFailed, ValidationFailed, load_or_fail
from hmis_kit.purposes import PURPOSES

ENGINE_FAILURE = "policy_engine_unavailable"
UNAVAILABLE = Decision(allow=False, reasons=(ENGINE_FAILURE,), path=DECISION_PATH, revision="unavailable")


@dataclass(frozen=True)
class RouteDoc:
    """What a route does and answers, for the OpenAPI document (openapi.py) and for tests that walk every
    route. The view answers `status` on success (the guard sets it); `errors` are the failures particular to
    the route (409 where its service can raise Conflict, 429, a 404 for an id in the body): the ones every
    route of its kind can give (401, 403, 404 for an id in the path, 413, 422, 503) openapi.py adds itself."""

    summary: str
    action: str | None = None  # None: a public route (no authentication)
    resource_type: str | None = None
    body: type[Schema] | None = None
    returns: type[Schema] | dict | None = None  # a schema, or a JSON Schema for a shape no schema has
    many: bool = False
    query: type[Schema] | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    status: int = 200
    errors: tuple[int, ...] = ()
    raw_body: str | None = None  # the media type of a body read as it is (not JSON), e.g. application/zip
    raw_answer: tuple[str, ...] = ()  # the media types of an answer sent as it is (not JSON), e.g. a signed form
    body_limit: int | None = None  # bytes, where the route takes more than the app's MAX_CONTENT_LENGTH
    csv: bool = False  # `?format=csv` answers text/csv (audit_views.response_format)
    answers: dict[int, type[Schema]] = field(default_factory=dict)  # a failure answered with its own schema


def answered(doc: RouteDoc, result) -> Response:
    """A view's answer with the route's declared success status (a view that picks its status itself, as
    GET /ready does, returns a (body, status) pair, which stands)."""
    response = make_response(result)
    if not isinstance(result, tuple):
        response.status_code = doc.status
    return response


class Gateway:
    """The gateway's collaborators, one per app: its database, the RPC pool, the policy engine, and the
    proxies whose X-Forwarded-For it believes (client_address.py)."""

    def __init__(self, engine: sa.Engine, rpc: RpcPool, policy: PolicyEngine, trusted_proxies: tuple[Network, ...] = ()):
        self.engine = engine
        self.rpc = rpc
        self.policy = policy
        self.trusted_proxies = trusted_proxies
        self._data_version: str | None = None
        self._data_lock = threading.Lock()

    def client_address(self) -> str | None:
        """Where the current request came from (client_address.py)."""
        return client_address(request.remote_addr, request.headers.get("X-Forwarded-For", ""), self.trusted_proxies)

    def authenticate(self, services, headers) -> dict:
        authorization = headers.get("Authorization", "")
        if authorization.startswith("Bearer ") and authorization[7:].strip():
            return services.identity.authenticate(authorization[7:].strip(), self.client_address())
        if headers.get("X-API-Key", "").strip():
            return services.identity.authenticate_api_key(headers["X-API-Key"].strip(), self.client_address())
        token = browser_session.cookie_token(request.method in WRITES)
        if token:
            return services.identity.authenticate(token, self.client_address())
        raise AuthenticationFailed("send a session token (Authorization: Bearer ...) or an API key (X-API-Key)")

    def _follow_network(self, connection) -> None:
        """Load the trust-network data into the engine when the policy feed has changed it."""
        version = network.version(connection)
        if version != self._data_version:
            with self._data_lock:
                if version != self._data_version:
                    self.policy.set_data(network.document(connection), version)
                    self._data_version = version

    def authorize(self, policy_input: dict) -> tuple[str, Decision]:
        with self.engine.begin() as connection:
            resource = policy_input["resource"]
            if isinstance(resource.get("consents"), ConsentsOf):  # read in the decision's own transaction
                resource["consents"] = network.consents_of(connection, resource["consents"].client_id)
            [decision] = self._decisions(connection, [policy_input])
            return decisions.record(connection, decision, policy_input, logs.current_correlation_id()), decision

    def authorize_each(self, questions: list[dict]) -> list[tuple[str, Decision]]:
        """`authorize` for each of several questions about clients (a page of a report's members), in one
        transaction: every client's consents read in one query, every decision logged."""
        with self.engine.begin() as connection:
            consents = network.consents_of_clients(connection, [question["resource"]["consents"].client_id
                                                                for question in questions])
            for question in questions:
                question["resource"]["consents"] = consents.get(question["resource"]["consents"].client_id, [])
            decided = self._decisions(connection, questions)
            ids = decisions.record_each(connection, list(zip(decided, questions)), logs.current_correlation_id())
        return list(zip(ids, decided))

    def _decisions(self, connection, questions: list[dict]) -> list[Decision]:
        """The policy's decision on each question, on the newest policy data; an engine that fails denies (fail
        closed)."""
        try:
            self._follow_network(connection)
        except PolicyEngineError:
            return [UNAVAILABLE for _ in questions]
        return [self._decision(question) for question in questions]

    def _decision(self, policy_input: dict) -> Decision:
        try:
            return self.policy.decide(policy_input)
        except PolicyEngineError:
            return UNAVAILABLE


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def idempotency_key(principal: dict) -> str | None:
    """The key that makes this write request apply once (hmis_kit.idempotency): the caller's
    `Idempotency-Key`, scoped to the caller and to what is asked (a key sent again with another request is
    another write), or a new key for this request alone. Reads need none."""
    if request.method not in WRITES:
        return None
    sent = request.headers.get("Idempotency-Key")
    if sent is None:
        return f"request:{uuid.uuid4()}"
    if not 0 < len(sent) <= idempotency.MAX_KEY_LENGTH or not sent.isprintable():
        raise ValidationFailed("the idempotency key is not usable", {"Idempotency-Key": [
            f"1 to {idempotency.MAX_KEY_LENGTH} printable characters"]})
    asked = hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(), request.get_data()]))
    return f"{principal['kind']}:{principal['id']}:{asked.hexdigest()}:{sent}"


def stated_purpose(principal: dict) -> str | None:
    """A user may state a purpose per request (`X-Purpose`); a partner key stated its own when issued.
    A purpose is a code (hmis_kit.purposes.PURPOSES): free text is refused before anything stores it."""
    stated = request.headers.get("X-Purpose", "").strip()
    if not stated:
        return principal.get("purpose")
    if stated not in PURPOSES:
        raise ValidationFailed("X-Purpose must be a purpose code",
                               {"X-Purpose": [f"must be one of: {', '.join(PURPOSES)}"]})
    return stated


def policy_input(principal: dict, action: str, resource: dict) -> dict:
    """The question put to the policy: who, what, on which resource, why, and when (the UTC date)."""
    return {"principal": principal, "action": action, "resource": resource,
            "purpose": stated_purpose(principal),
            "break_glass_reason": request.headers.get("X-Break-Glass-Reason"),
            "now": datetime.now(timezone.utc).date().isoformat()}


def access_context(question: dict, decision_id: str, decision: Decision) -> dict:
    """What a service holding client data writes into its audit row: who, under which decision, why,
    and the consent (with its dates as evaluated) that let another agency in."""
    principal = question["principal"]
    consents = {c["consent_id"]: c for c in question["resource"].get("consents", [])}
    basis = consents.get(decision.consents[0]) if decision.consents else None
    glass = question["break_glass_reason"] if question["resource"].get("agency_id") not in (
        None, principal["agency_id"]) and not basis else None
    return {"principal": {key: principal[key] for key in ("kind", "id", "agency_id", "roles")},
            "action": question["action"], "decision_id": decision_id, "purpose": question["purpose"],
            "break_glass_reason": glass, "consent": basis}


@dataclass(frozen=True)
class ConsentsOf:
    """In a policy input, a client's consents still to be read: `Gateway.authorize` reads them from the
    policy data in the transaction that logs the decision (one database trip a request)."""

    client_id: str


def client_facts(principal: dict, services, kwargs: dict) -> dict:
    """What the policy weighs about a client: its owning agency, whether a victim service provider holds
    it (one RPC), and its consents (the policy data's, see ConsentsOf)."""
    facts = services.clients.sharing_facts(kwargs["resource_id"])  # first: an unknown or malformed id is a 404
    return {**facts, "consents": ConsentsOf(kwargs["resource_id"])}


def current_gateway() -> Gateway:
    return current_app.extensions["hmis"]


def json_body(schema: type[Schema] | None = None) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed("the request body must be a JSON object", {"_body": ["not a JSON object"]})
    return load_or_fail(schema(), body) if schema else body


def body_field(name: str):
    """One field of the JSON body, for an owner or details function: it runs before the view validates the body."""
    body = request.get_json(silent=True)
    return body.get(name) if isinstance(body, dict) else None


def public(summary: str, **doc) -> Callable:
    def decorate(view: Callable) -> Callable:
        route_doc = RouteDoc(summary=summary, **doc)

        @functools.wraps(view)
        def open_view(**kwargs):
            return answered(route_doc, view(**kwargs))

        open_view.route_doc = route_doc
        return open_view
    return decorate


Owner = Callable[[dict, object, dict], str | None]


def own_agency(principal: dict, services, kwargs: dict) -> str:
    """An owner for resources that always belong to the caller's agency (an agency_id sent is ignored)."""
    return principal["agency_id"]


def listed_agency(principal: dict, services, kwargs: dict) -> str:
    """An owner for a list of one agency's resources: `?agency_id=`, by default the caller's own."""
    return request.args.get("agency_id") or principal["agency_id"]


def listed_agencies(principal: dict, services, kwargs: dict) -> dict:
    """Details for a list that may span agencies: the agency named (`?agency_id=`); none names every agency's,
    which the policy leaves to the HMIS lead."""
    agency_id = request.args.get("agency_id")
    return {"agency_ids": [agency_id] if agency_id else []}


def protected(action: str, summary: str, resource_type: str | None = None, owner: Owner | None = None,
              details: Callable[[dict, object, dict], dict] | None = None, **doc) -> Callable:
    """Guard a view. `owner(principal, services, view_kwargs)` names the agency owning the resource;
    `details(principal, services, view_kwargs)` adds what else the policy weighs about it (the roles a
    new user would get; for a client, `client_facts`, which names the owner too)."""
    def decorate(view: Callable) -> Callable:
        route_doc = RouteDoc(summary=summary, action=action, resource_type=resource_type, **doc)

        @functools.wraps(view)
        def guarded(**kwargs):
            if route_doc.body_limit:
                request.max_content_length = route_doc.body_limit  # before anything reads the body
            gw = current_gateway()
            with gw.rpc.cluster() as services:
                principal = gw.authenticate(services, request.headers)
                key = idempotency_key(principal)
                if key:
                    carry_idempotency_key(services, key)
                resource = {
                    "type": resource_type,
                    "id": kwargs.get("resource_id"),
                    "agency_id": owner(principal, services, kwargs) if owner else None,
                    **(details(principal, services, kwargs) if details else {}),
                }
                question = policy_input(principal, action, resource)
                decision_id, decision = gw.authorize(question)
                if not decision.allow:
                    raise Forbidden(decision.reasons, decision_id)
                g.principal, g.services, g.decision_id = principal, services, decision_id
                g.access = access_context(question, decision_id, decision)
                return answered(route_doc, view(**kwargs))

        guarded.route_doc = route_doc
        return guarded
    return decorate
