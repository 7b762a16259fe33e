"""Consents: HMIS sharing (MPA), CIE and releases of information, their versions, status and signed forms.

Another agency may read a client's consents and badges while a consent shares the client with it (the
policy weighs the client's consents); a consent itself, its history and its form stay with the agency
that recorded it. Every read or write is audited by the consent service, under the request's decision.
"""
import base64

from flask import Blueprint, Response, g, jsonify, request

from consent.contract.schemas import (AsOfSchema, ConsentChangeSchema, ConsentCreateSchema, ConsentHistorySchema,
                             ConsentSchema, ConsentStatusSchema, RevocationSchema)
from consent.contract.rules import DOCUMENT_MEDIA_TYPES
from hmis_gateway import network
from hmis_gateway.guard import client_facts, current_gateway, json_body, protected

bp = Blueprint("consent", __name__)


def _consent_in_force(consent: dict) -> dict:
    """A consent's new terms bind the policy from the moment the API answers them."""
    network.hold_consent(current_gateway().engine, consent)
    return consent


def _consent_owner(principal, services, kwargs):
    return services.consent.consent_owner(kwargs["resource_id"])


@bp.post("/clients/<resource_id>/consents")
@protected("consents:write", "Record a client's consent for your agency", resource_type="client",
           details=client_facts, body=ConsentCreateSchema, returns=ConsentSchema, status=201, tags=("consent",))
def record_consent(resource_id):
    consent = g.services.consent.record_consent(resource_id, json_body(), g.access)
    return jsonify(_consent_in_force(consent))


@bp.get("/clients/<resource_id>/consents")
@protected("consents:read", "A client's consents, each as its current version with its status (`?as_of=`)",
           resource_type="client", details=client_facts, query=AsOfSchema,
           returns=ConsentSchema, many=True, tags=("consent",))
def list_consents(resource_id):
    return jsonify(g.services.consent.client_consents(resource_id, request.args.to_dict(), g.access))


@bp.get("/clients/<resource_id>/consent-status")
@protected("consents:read", "A client's consent badge per type: active, expiring soon, expired, revoked or none",
           resource_type="client", details=client_facts, query=AsOfSchema,
           returns=ConsentStatusSchema, tags=("consent",))
def client_status(resource_id):
    return jsonify(g.services.consent.client_status(resource_id, request.args.to_dict(), g.access))


@bp.get("/consents/<resource_id>")
@protected("consents:read", "One consent with every version of its terms (its signed form has its own route)",
           resource_type="consent", owner=_consent_owner, query=AsOfSchema, returns=ConsentHistorySchema,
           tags=("consent",))
def get_consent(resource_id):
    return jsonify(g.services.consent.get_consent(resource_id, request.args.to_dict(), g.access))


@bp.get("/consents/<resource_id>/document")
@protected("consents:read", "The signed form as it was uploaded or captured", resource_type="consent",
           owner=_consent_owner, raw_answer=DOCUMENT_MEDIA_TYPES, tags=("consent",))
def signed_form(resource_id):
    form = g.services.consent.signed_form(resource_id, g.access)
    response = Response(base64.b64decode(form["content"]), mimetype=form["media_type"])
    # A download, never rendered in the gateway's origin (nor kept by a cache: headers.py, on every answer).
    response.headers.update({"Content-Disposition": "attachment", "ETag": f'"{form["sha256"]}"'})
    return response


@bp.put("/consents/<resource_id>")
@protected("consents:write", "Change a consent's dates, scope or agencies released to: a new version",
           resource_type="consent", owner=_consent_owner, body=ConsentChangeSchema, returns=ConsentSchema,
           errors=(409,), tags=("consent",))
def change_consent(resource_id):
    return jsonify(_consent_in_force(g.services.consent.change_consent(resource_id, json_body(), g.access)))


@bp.post("/consents/<resource_id>/revocation")
@protected("consents:write", "Revoke a consent (final); `revoked_on` defaults to today", resource_type="consent",
           owner=_consent_owner, body=RevocationSchema, returns=ConsentSchema, errors=(409,), tags=("consent",))
def revoke_consent(resource_id):
    return jsonify(_consent_in_force(g.services.consent.revoke_consent(resource_id, json_body(), g.access)))
