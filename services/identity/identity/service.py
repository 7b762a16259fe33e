"""The identity service: RPC wiring only; the rules are in trust_network.py, licensing.py and
authentication.py."""
from __future__ import annotations

from datetime import date, timedelta

from nameko.timer import timer

from hmis_kit.db import Database
from hmis_kit.errors import HmisError, ValidationFailed, load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.inbox import handles
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc
from identity import auth_log, authentication, licensing, settings, trust_network
from identity.contract import schemas
from training.contract import events as training_events

FEE_ENFORCEMENT_INTERVAL_SECONDS = 3600


def _login_policy() -> authentication.LoginPolicy:
    current = settings.load()
    return authentication.LoginPolicy(
        idle=timedelta(minutes=current.session_idle_minutes),
        absolute=timedelta(hours=current.session_absolute_hours),
        max_failures=current.login_max_failures,
        lockout=timedelta(minutes=current.login_lockout_minutes),
        inactive_after=timedelta(days=current.inactive_lock_days),
        address_max_failures=current.login_address_max_failures,
        address_window=timedelta(minutes=current.login_address_window_minutes),
    )


def _answer(outcome: dict | HmisError) -> dict:
    """Raise a refusal only now, after the transaction that logged it (and counted a failure) committed."""
    if isinstance(outcome, HmisError):
        raise outcome
    return outcome


def _grace() -> timedelta:
    return timedelta(days=settings.load().fee_grace_days)


class IdentityService(ServiceBase, KeepsAnswers):
    name = "identity"
    db = Database()
    outbox_relay = OutboxRelay()

    # Sessions

    @rpc
    def login(self, credentials: dict, client_address: str | None = None) -> dict:
        """`client_address`: where the attempt came from (the gateway's word), for the throttle and the log."""
        data = load_or_fail(schemas.LoginSchema(), credentials)
        with self.db.transaction() as session:
            outcome = authentication.attempt_login(session, data["username"], data["password"], data["totp"],
                                                   client_address, _login_policy())
        return schemas.SessionSchema().dump(_answer(outcome))

    @rpc
    def logout(self, token: str) -> None:
        with self.db.transaction() as session:
            authentication.logout(session, token)

    @rpc
    @applied_once
    def logout_everywhere(self, user_id: str) -> int:
        with self.db.transaction() as session:
            return authentication.logout_everywhere(session, parse_id(user_id, "user_id"))

    @rpc
    def authenticate(self, token: str, client_address: str | None = None) -> dict:
        with self.db.transaction() as session:
            outcome = authentication.authenticate_session(session, token, _login_policy().idle, client_address)
        return schemas.PrincipalSchema().dump(_answer(outcome))

    @rpc
    def authenticate_api_key(self, key: str, client_address: str | None = None) -> dict:
        with self.db.transaction() as session:
            outcome = authentication.authenticate_api_key(session, key, client_address)
        return schemas.PrincipalSchema().dump(_answer(outcome))

    @rpc
    def auth_events(self, filters: dict) -> list[dict]:
        """The authentication log, newest first, for compliance views."""
        query = load_or_fail(schemas.AuthEventQuerySchema(), filters)
        with self.db.transaction() as session:
            return schemas.AuthEventSchema(many=True).dump(auth_log.search(session, query))

    @rpc
    def start_totp(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.TotpEnrollmentSchema().dump(authentication.start_totp(session, parse_id(user_id, "user_id")))

    @rpc
    def confirm_totp(self, user_id: str, payload: dict) -> None:
        data = load_or_fail(schemas.TotpConfirmSchema(), payload)
        with self.db.transaction() as session:
            authentication.confirm_totp(session, parse_id(user_id, "user_id"), data["code"])

    # Trust network

    @rpc
    @applied_once
    def create_agency(self, payload: dict, actor: str | None = None) -> dict:
        data = load_or_fail(schemas.AgencyCreateSchema(), payload)
        with self.db.transaction() as session:
            agency = trust_network.create_agency(session, data["name"], data["status"],
                                                 actor and parse_id(actor, "actor"), "created by the HMIS lead")
        return schemas.AgencySchema().dump(agency)

    @rpc
    def apply_for_membership(self, payload: dict) -> dict:
        data = load_or_fail(schemas.AgencyApplicationSchema(), payload)
        with self.db.transaction() as session:
            agency = trust_network.create_agency(session, data["name"], "pending", None, "applied")
        return schemas.AgencySchema().dump(agency)

    @rpc
    @applied_once
    def change_agency_status(self, agency_id: str, payload: dict, actor: str) -> dict:
        data = load_or_fail(schemas.AgencyStatusChangeSchema(), payload)
        with self.db.transaction() as session:
            agency = trust_network.change_status(session, parse_id(agency_id, "agency_id"), data["status"],
                                                 data["reason"], parse_id(actor, "actor"))
        return schemas.AgencySchema().dump(agency)

    @rpc
    def list_agencies(self, contacts_incomplete: bool = False) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.AgencySchema(many=True).dump(trust_network.list_agencies(session, contacts_incomplete))

    @rpc
    def find_agencies(self, query: dict) -> list[dict]:
        """Active agencies by name (a case worker's picker of the agencies a release of information goes to): each
        one's id and name only."""
        data = load_or_fail(schemas.AgencyLookupQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.AgencyNameSchema(many=True).dump(
                trust_network.find_active_agencies(session, data["name"], data["limit"]))

    @rpc
    def get_agency(self, agency_id: str) -> dict:
        with self.db.transaction() as session:
            detail = trust_network.agency_detail(session, parse_id(agency_id, "agency_id"), date.today())
        return schemas.AgencyDetailSchema().dump(detail)

    @rpc
    @applied_once
    def set_agency_contact(self, agency_id: str, role: str, payload: dict) -> dict:
        if role not in trust_network.CONTACT_ROLES:
            raise ValidationFailed("unknown contact role", {"role": [f"one of {', '.join(trust_network.CONTACT_ROLES)}"]})
        data = load_or_fail(schemas.ContactSchema(), payload)
        with self.db.transaction() as session:
            trust_network.set_contact(session, parse_id(agency_id, "agency_id"), role, data)
        return self.get_agency(agency_id)

    @rpc
    def network_snapshot(self) -> dict:
        with self.db.transaction() as session:
            return trust_network.network_snapshot(session)

    @rpc
    @applied_once
    def issue_fee(self, agency_id: str, payload: dict) -> dict:
        data = load_or_fail(schemas.FeeCreateSchema(), payload)
        with self.db.transaction() as session:
            trust_network.issue_fee(session, parse_id(agency_id, "agency_id"), data["quarter"], data["amount_cents"],
                                    data["due_date"])
        return self.get_agency(agency_id)

    @rpc
    @applied_once
    def record_fee_payment(self, agency_id: str, quarter: str, actor: str) -> dict:
        with self.db.transaction() as session:
            trust_network.record_payment(session, parse_id(agency_id, "agency_id"), quarter, date.today(), _grace(),
                                         parse_id(actor, "actor"))
        return self.get_agency(agency_id)

    @rpc
    @applied_once
    def enforce_fees(self) -> list[str]:
        """Suspend agencies with fees unpaid past the grace period; returns their ids."""
        with self.db.transaction() as session:
            return trust_network.enforce_fees(session, date.today(), _grace())

    @timer(interval=FEE_ENFORCEMENT_INTERVAL_SECONDS)
    def enforce_fees_hourly(self) -> None:
        self.enforce_fees()

    # Users and licenses

    @rpc
    @applied_once
    def create_user(self, payload: dict) -> dict:
        data = load_or_fail(schemas.UserCreateSchema(), payload)
        with self.db.transaction() as session:
            user = licensing.create_user(session, data["username"], data["password"], data["roles"], data["agency_id"])
        return schemas.UserSchema().dump(user)

    @rpc
    def list_users(self, agency_id: str) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.UserSchema(many=True).dump(licensing.list_users(session, parse_id(agency_id, "agency_id")))

    @rpc
    def get_user(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.UserSchema().dump(licensing.get_user(session, parse_id(user_id, "user_id")))

    @rpc
    def user_agency(self, user_id: str) -> str:
        """Only the owning agency, for the gateway's policy input."""
        with self.db.transaction() as session:
            return str(licensing.user_row(session, parse_id(user_id, "user_id")).agency_id)

    @rpc
    def principals(self, ids: list[str]) -> list[dict]:
        """Who each user or API key id is (name, agency), for compliance views."""
        data = load_or_fail(schemas.PrincipalIdsSchema(), {"ids": ids})
        with self.db.transaction() as session:
            return schemas.PrincipalNameSchema(many=True).dump(authentication.principals(session, data["ids"]))

    @rpc
    def find_principals(self, query: dict) -> list[dict]:
        """Users and API keys by name (a compliance officer's picker): who each is, as `principals` names them."""
        data = load_or_fail(schemas.PrincipalLookupQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.PrincipalNameSchema(many=True).dump(
                authentication.find_principals(session, data["name"], data["agency_id"], data["limit"]))

    @rpc
    @applied_once
    def deactivate_user(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.UserSchema().dump(licensing.deactivate_user(session, parse_id(user_id, "user_id")))

    @rpc
    @applied_once
    def unlock_user(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.UserSchema().dump(licensing.unlock_user(session, parse_id(user_id, "user_id")))

    @rpc
    @applied_once
    def request_license(self, user_id: str, actor: str) -> dict:
        with self.db.transaction() as session:
            detail = licensing.request_license(session, parse_id(user_id, "user_id"), parse_id(actor, "actor"))
        return schemas.LicenseSchema().dump(detail)

    @rpc
    @applied_once
    def approve_license_fee(self, user_id: str, actor: str) -> dict:
        with self.db.transaction() as session:
            detail = licensing.approve_license_fee(session, parse_id(user_id, "user_id"), parse_id(actor, "actor"))
        return schemas.LicenseSchema().dump(detail)

    @rpc
    def get_license(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.LicenseSchema().dump(licensing.license_detail(session, parse_id(user_id, "user_id")))

    @handles(training_events.COMPLIANCE_CHANGED)
    def follow_training(self, session, event):
        licensing.follow_training(session, parse_id(event.data["user_id"], "user_id"),
                                  event.data["license_training_complete"])

    # Partner API keys

    @rpc
    def create_api_key(self, payload: dict, agency_id: str, created_by: str) -> dict:
        data = load_or_fail(schemas.ApiKeyCreateSchema(), payload)
        with self.db.transaction() as session:
            key = authentication.create_api_key(session, parse_id(agency_id, "agency_id"), data["name"],
                                                data["scopes"], data["purpose"], parse_id(created_by, "created_by"))
        return schemas.ApiKeySchema().dump(key)

    @rpc
    def list_api_keys(self, agency_id: str) -> list[dict]:
        with self.db.transaction() as session:
            keys = authentication.list_api_keys(session, parse_id(agency_id, "agency_id"))
        return schemas.ApiKeySchema(many=True).dump(keys)

    @rpc
    def api_key_agency(self, key_id: str) -> str:
        with self.db.transaction() as session:
            return str(authentication.key_agency(session, parse_id(key_id, "api_key_id")))

    @rpc
    def rotate_api_key(self, key_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ApiKeySchema().dump(authentication.rotate_api_key(session, parse_id(key_id, "api_key_id")))

    @rpc
    @applied_once
    def revoke_api_key(self, key_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ApiKeySchema().dump(authentication.revoke_api_key(session, parse_id(key_id, "api_key_id")))
