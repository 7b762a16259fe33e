"""The identity service: RPC wiring only; the rules are in domain.py."""
from __future__ import annotations

from datetime import timedelta

from nameko.rpc import rpc

from hmis_kit import config
from hmis_kit.db import Database
from hmis_kit.errors import EXPECTED_ERRORS, load_or_fail, parse_id
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase
from identity import domain, schemas


def _timeouts() -> tuple[timedelta, timedelta]:
    settings = config.load()
    return timedelta(minutes=settings.session_idle_minutes), timedelta(hours=settings.session_absolute_hours)


class IdentityService(ServiceBase):
    name = "identity"
    db = Database("identity")
    outbox_relay = OutboxRelay("identity")

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def login(self, credentials: dict) -> dict:
        data = load_or_fail(schemas.LoginSchema(), credentials)
        idle, absolute = _timeouts()
        with self.db.transaction() as session:
            created = domain.login(session, data["username"], data["password"], idle, absolute)
        return schemas.SessionSchema().dump(created)

    @rpc
    def logout(self, token: str) -> None:
        with self.db.transaction() as session:
            domain.logout(session, token)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def authenticate(self, token: str) -> dict:
        idle, _ = _timeouts()
        with self.db.transaction() as session:
            return schemas.PrincipalSchema().dump(domain.authenticate_session(session, token, idle))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def authenticate_api_key(self, key: str) -> dict:
        with self.db.transaction() as session:
            return schemas.PrincipalSchema().dump(domain.authenticate_api_key(session, key))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def create_agency(self, payload: dict) -> dict:
        data = load_or_fail(schemas.AgencyCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.AgencySchema().dump(domain.create_agency(session, data["name"], data["status"]))

    @rpc
    def list_agencies(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.AgencySchema(many=True).dump(domain.list_agencies(session))

    @rpc
    def network_snapshot(self) -> dict:
        with self.db.transaction() as session:
            return domain.network_snapshot(session)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def create_user(self, payload: dict) -> dict:
        data = load_or_fail(schemas.UserCreateSchema(), payload)
        with self.db.transaction() as session:
            user = domain.create_user(session, data["username"], data["password"], data["roles"], data["agency_id"])
        return schemas.UserSchema().dump(user)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def create_api_key(self, payload: dict, agency_id: str, created_by: str) -> dict:
        data = load_or_fail(schemas.ApiKeyCreateSchema(), payload)
        with self.db.transaction() as session:
            key = domain.create_api_key(session, parse_id(agency_id, "agency_id"), data["name"], data["scopes"],
                                         parse_id(created_by, "created_by"))
        return schemas.ApiKeySchema().dump(key)
