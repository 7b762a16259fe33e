"""Client rules: a client belongs to the agency that recorded it; its HUD answers follow HUD's rules
(hud/fy2026/rules.py) as a whole record; a victim service provider stores no PII; a change is announced."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from clients import data_quality, dedup, pii, sources
from clients.contract import events
from clients.models import HUD_TABLES, agency_settings, clients, organization_agencies
from hmis_kit.db import first_or_not_found
from hmis_kit.errors import ValidationFailed
from hmis_kit.outbox import record_event
from hud.fy2026 import rules
from hud.fy2026.spec import FILES, MISSING

# What identifies a person. VAWA: a victim service provider enters none of it into HMIS.
PII_FIELDS = ("first_name", "middle_name", "last_name", "name_suffix", "ssn", "dob")
VSP_RULE = "victim service providers may not store client PII in HMIS"
# Each data-quality code and the answers it describes.
QUALITY_OF = {"name_data_quality": ("first_name", "middle_name", "last_name", "name_suffix"),
              "ssn_data_quality": ("ssn",), "dob_data_quality": ("dob",)}
RACE_FIELDS = tuple(FILES["Client"].by_name[name].db_name for name in rules.RACE_COLUMNS)
organization = HUD_TABLES["Organization"]
CODED_REQUIRED = tuple(column.db_name for column in FILES["Client"].columns
                       if column.required and column.list_name and column.db_name not in QUALITY_OF)


def with_hud_defaults(data: dict) -> dict:
    """A new record's answers, with HUD's for what was not said: a data-quality code is 1 (reported)
    when any answer it describes came and 99 otherwise; a race or ethnicity not said is 0 (No), with
    RaceNone 99 when none is Yes; any other required coded answer is 99."""
    record = dict(data)
    for quality, answers in QUALITY_OF.items():
        if record.get(quality) is None:
            record[quality] = 1 if any(record.get(name) is not None for name in answers) else MISSING
    for race in RACE_FIELDS:
        if record.get(race) is None:
            record[race] = 0
    if record.get("race_none") is None and not any(record[race] == 1 for race in RACE_FIELDS):
        record["race_none"] = MISSING
    for name in CODED_REQUIRED:
        if record.get(name) is None:
            record[name] = MISSING
    return record


def check_client(record: dict) -> None:
    """HUD's rules between a client's answers, on the record as it will stand."""
    problems = rules.api_problems("Client", record)
    if problems:
        raise ValidationFailed("the client's answers break HUD's rules named in fields", problems)


def refuse_pii_at_victim_service_provider(session: Session, agency_id: uuid.UUID, data: dict) -> None:
    sent = [name for name in PII_FIELDS if data.get(name) is not None]
    if sent and is_victim_service_provider(session, agency_id):
        raise ValidationFailed(VSP_RULE, {name: [VSP_RULE] for name in sent})


def _stored(data: dict) -> dict:
    """Answers as columns: the SSN becomes its ciphertext and keyed hashes (hud.fy2026.tables.SSN_COLUMNS)."""
    values = {name: value for name, value in data.items() if name != "ssn"}
    if "ssn" in data:
        values.update(zip(("ssn_ciphertext", "ssn_hash", "ssn_last4_hash"), pii.ssn_forms(data["ssn"])))
    return values


def create_client(session: Session, data: dict, agency_id: uuid.UUID, created_by: uuid.UUID) -> dict:
    """Record a client; its PersonalID is its UUID's hex, and it is its own person until matched."""
    refuse_pii_at_victim_service_provider(session, agency_id, data)
    record = with_hud_defaults(data)
    check_client(record)
    client_id = uuid.uuid4()
    now = datetime.now(timezone.utc)
    client = {"id": client_id, "personal_id": client_id.hex, "person_id": client_id, "agency_id": agency_id,
              "source": sources.OWN_SOURCE,
              "created_by": created_by, "created_at": now, "user_id": created_by.hex,
              "date_created": now.replace(tzinfo=None), "date_updated": now.replace(tzinfo=None), **_stored(record)}
    session.execute(clients.insert().values(**client))
    data_quality.evaluate_record(session.connection(), "Client", client["personal_id"], client["source"])
    record_event(session, events.CHANGED["Client"], events.changes("Client", events.CREATED, client))
    dedup.link_client(session, client_id)
    return get_client(session, client_id)


def update_client(session: Session, client_id: uuid.UUID, changes: dict, updated_by: uuid.UUID) -> dict:
    """Change the answers sent; HUD's rules hold for the record as it will stand."""
    if not changes:
        raise ValidationFailed("nothing to change", {"_body": ["send at least one field to change"]})
    current = _client_row(session, client_id, lock=True)._mapping
    refuse_pii_at_victim_service_provider(session, current["agency_id"], changes)
    ssn = pii.decrypt_ssn(current["ssn_ciphertext"]) if current["ssn_ciphertext"] else None
    check_client({**current, "ssn": ssn, **changes})
    now = datetime.now(timezone.utc)
    session.execute(clients.update().where(clients.c.id == client_id).values(
        **_stored(changes), updated_at=now, date_updated=now.replace(tzinfo=None), user_id=updated_by.hex))
    data_quality.evaluate_record(session.connection(), "Client", current["personal_id"], current["source"])
    record_event(session, events.CHANGED["Client"], events.changes("Client", events.UPDATED, current))
    dedup.link_client(session, client_id)
    return get_client(session, client_id)


def _client_row(session: Session, client_id: uuid.UUID, columns=(clients,), lock: bool = False):
    return first_or_not_found(session, sa.select(*columns).where(clients.c.id == client_id), "client_id", "client",
                              lock)


def get_client(session: Session, client_id: uuid.UUID) -> dict:
    """A client's record as answered: of the SSN, the last four digits only."""
    client = dict(_client_row(session, client_id)._mapping)
    ciphertext = client.pop("ssn_ciphertext")
    client["ssn_last4"] = pii.decrypt_ssn(ciphertext)[-4:] if ciphertext else None
    return client


def owning_agency(session: Session, client_id: uuid.UUID) -> uuid.UUID:
    """Only the owner, for the gateway's policy input: no client data leaves before the decision."""
    return _client_row(session, client_id, (clients.c.agency_id,)).agency_id


def is_victim_service_provider(session: Session, agency_id: uuid.UUID) -> bool:
    """Marked so by the HMIS lead, or running an organization HUD's data flags VictimServiceProvider=1
    (a client belongs to the agency, not to one of its organizations, so one such organization is enough)."""
    marked = sa.select(agency_settings.c.agency_id).where(agency_settings.c.agency_id == agency_id,
                                                          agency_settings.c.victim_service_provider)
    runs_one = (sa.select(organization_agencies.c.agency_id)
                .join(organization, sa.and_(organization.c.organization_id == organization_agencies.c.organization_id,
                                            organization.c.source == organization_agencies.c.source))
                .where(organization_agencies.c.agency_id == agency_id, organization.c.victim_service_provider == 1,
                       organization.c.date_deleted.is_(None)))
    return session.execute(sa.select(sa.or_(sa.exists(marked), sa.exists(runs_one)))).scalar()


def set_victim_service_provider(session: Session, agency_id: uuid.UUID, flag: bool, changed_by: uuid.UUID) -> dict:
    values = {"agency_id": agency_id, "victim_service_provider": flag, "changed_by": changed_by,
              "changed_at": datetime.now(timezone.utc)}
    statement = insert(agency_settings).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=[agency_settings.c.agency_id], set_=values))
    return values
