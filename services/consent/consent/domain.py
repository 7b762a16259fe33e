"""Consent rules over the database: recording a consent with its signed form, changing its terms by
adding a version, revoking it for good, and reading consents with their status on a date.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event
from consent import status
from consent.contract import events
from consent.contract.rules import Terms, default_end, term_problems
from consent.models import consent_versions, consents, signed_forms

# What a version holds besides its number and who made it when.
TERMS = ("scope", "released_to", "start_date", "end_date", "revoked_on", "revocation_reason", "revoked_by")
# What is said about a signed form when reading a consent: everything but its bytes.
FORM_FIELDS = ("kind", "media_type", "sha256", "size", "signer_name")


def _current_query() -> sa.Select:
    """Each consent with its latest version and what its signed form is."""
    latest = (sa.select(consent_versions).ext(distinct_on(consent_versions.c.consent_id))
              .order_by(consent_versions.c.consent_id, consent_versions.c.version.desc()).subquery())
    return (sa.select(consents, *(column for column in latest.c if column.name != "consent_id"),
                      *(signed_forms.c[name].label(f"form_{name}") for name in FORM_FIELDS))
            .join(latest, latest.c.consent_id == consents.c.id)
            .join(signed_forms, signed_forms.c.consent_id == consents.c.id))


def _as_consent(row) -> dict:
    consent = dict(row._mapping)
    consent["form"] = {name: consent.pop(f"form_{name}") for name in FORM_FIELDS}
    return consent


def _current(session: Session, consent_id: uuid.UUID, lock: bool = False) -> dict:
    if lock:
        # Serialises changes to one consent, so two edits cannot both become the same next version.
        session.execute(sa.select(consents.c.id).where(consents.c.id == consent_id).with_for_update())
    row = session.execute(_current_query().where(consents.c.id == consent_id)).first()
    if row is None:
        raise NotFound("no such consent", {"consent_id": ["unknown consent"]})
    return _as_consent(row)


def _add_version(session: Session, consent: dict, actor: uuid.UUID, event_type: str) -> dict:
    """Keep `consent`'s terms as its next version and announce them."""
    version = {"version": consent["version"] + 1, **{name: consent[name] for name in TERMS},
               "recorded_by": actor, "recorded_at": datetime.now(timezone.utc)}
    session.execute(consent_versions.insert().values(consent_id=consent["id"], **version))
    updated = {**consent, **version}
    record_event(session, event_type, events.consent_payload(updated))
    return updated


def record(session: Session, data: dict, client_id: uuid.UUID, agency_id: uuid.UUID, actor: uuid.UUID,
           terms: Terms) -> dict:
    """A new consent: its version 1, with the start defaulting to the signing and the end to the term."""
    kind = "document" if data["document"] else "signature"
    form = data[kind]
    start_date = data["start_date"] or data["signed_on"]
    consent = {"id": uuid.uuid4(), "client_id": client_id, "agency_id": agency_id, "type": data["type"],
               "signed_on": data["signed_on"]}
    session.execute(consents.insert().values(**consent))
    form_facts = {"kind": kind, "media_type": form["media_type"], "sha256": hashlib.sha256(form["content"]).hexdigest(),
                  "size": len(form["content"]), "signer_name": form.get("signer_name")}
    session.execute(signed_forms.insert().values(consent_id=consent["id"], content=form["content"], **form_facts))
    first = {**consent, "version": 0, "scope": data["scope"], "released_to": data["released_to"],
             "start_date": start_date, "end_date": data["end_date"] or default_end(start_date, terms),
             "revoked_on": None, "revocation_reason": None, "revoked_by": None}
    return {**_add_version(session, first, actor, events.RECORDED), "form": form_facts}


def _unrevoked(session: Session, consent_id: uuid.UUID) -> dict:
    consent = _current(session, consent_id, lock=True)
    if consent["revoked_on"] is not None:
        raise Conflict("a revoked consent is final: record a new one", {"consent_id": ["revoked"]})
    return consent


def change(session: Session, consent_id: uuid.UUID, changes: dict, actor: uuid.UUID) -> dict:
    """New terms as a new version; terms not named stay. Asking for the terms it has changes nothing."""
    current = _unrevoked(session, consent_id)
    changed = {**current, **changes}
    problems = term_problems(changed["type"], changed["released_to"], changed["signed_on"], changed["start_date"],
                             changed["end_date"])
    if problems:
        raise ValidationFailed("the changed terms break the rules named in fields", problems)
    if all(current[name] == value for name, value in changes.items()):
        return current
    return _add_version(session, changed, actor, events.RECORDED)


def revoke(session: Session, consent_id: uuid.UUID, reason: str, revoked_on: date, actor: uuid.UUID) -> dict:
    current = _unrevoked(session, consent_id)
    if revoked_on < current["signed_on"]:
        raise ValidationFailed("a consent cannot be revoked before it was signed", {"revoked_on": ["before signed_on"]})
    revoked = {**current, "revoked_on": revoked_on, "revocation_reason": reason, "revoked_by": actor}
    return _add_version(session, revoked, actor, events.REVOKED)


def owning_agency(session: Session, consent_id: uuid.UUID) -> uuid.UUID:
    """Only the recording agency, for the gateway's policy input: nothing else leaves before the decision."""
    agency_id = session.execute(sa.select(consents.c.agency_id).where(consents.c.id == consent_id)).scalar()
    if agency_id is None:
        raise NotFound("no such consent", {"consent_id": ["unknown consent"]})
    return agency_id


def with_status(consent: dict, as_of: date, terms: Terms) -> dict:
    dates = status.Dates(consent["start_date"], consent["end_date"], consent["revoked_on"])
    return {**consent, "status": status.status_on(dates, as_of, terms.expiring_days)}


def client_consents(session: Session, client_id: uuid.UUID) -> list[dict]:
    """A client's consents, each as its current version, most recently signed first."""
    query = _current_query().where(consents.c.client_id == client_id).order_by(consents.c.signed_on.desc())
    return [_as_consent(row) for row in session.execute(query)]


def consent_history(session: Session, consent_id: uuid.UUID) -> dict:
    consent = _current(session, consent_id)
    versions = session.execute(sa.select(consent_versions).where(consent_versions.c.consent_id == consent_id)
                               .order_by(consent_versions.c.version))
    return {**consent, "history": [dict(row._mapping) for row in versions]}


def signed_form(session: Session, consent_id: uuid.UUID) -> dict:
    """The form's bytes and media type, with its client for the audit row."""
    form = session.execute(sa.select(consents.c.client_id, signed_forms.c.media_type, signed_forms.c.sha256,
                                     signed_forms.c.content).join_from(signed_forms, consents)
                           .where(signed_forms.c.consent_id == consent_id)).first()
    if form is None:
        raise NotFound("no such consent", {"consent_id": ["unknown consent"]})
    return dict(form._mapping)
