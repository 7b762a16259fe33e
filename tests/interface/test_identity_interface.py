"""The identity service alone against its contract (identity.contract): every RPC the gateway calls, its
answers and refusals, and its events. Training's word on a user's courses is fed as training publishes it."""
import uuid
from datetime import date, timedelta

import pyotp
import pytest

from conformance import announced, conforms, refused
from identity.contract import events, schemas
from support import eventually
from training.contract import events as training_events

pytestmark = pytest.mark.integration

SERVICE = "identity"
PASSWORD = "Interface test password 2026"
LEAD = str(uuid.uuid4())  # the acting HMIS lead: identity records who acted, it does not look them up


def types(published) -> list[str]:
    return [event.type for event in announced(published, SERVICE)]


@pytest.fixture(scope="module")
def agency(service):
    answer, published = service.call("create_agency", {"name": f"Harbor {uuid.uuid4().hex[:6]}"}, LEAD)
    assert types(published) == [events.AGENCY_CREATED]
    return conforms(schemas.AgencySchema(), answer)


@pytest.fixture(scope="module")
def user(service, agency):
    username = f"worker.{uuid.uuid4().hex[:6]}"
    body = {"username": username, "password": PASSWORD, "roles": ["case_manager"], "agency_id": str(agency["id"])}
    answer, published = service.call("create_user", body)
    assert [event.type for event in announced(published, SERVICE, sent=(username, PASSWORD))] == [events.USER_CREATED]
    return conforms(schemas.UserSchema(), answer)


def test_agencies_are_created_applied_for_and_moved_between_statuses(service, agency):
    assert refused(service.rpc.create_agency, {"name": "x"}, LEAD).keys() == {"name"}
    assert refused(service.rpc.apply_for_membership, {}).keys() == {"name"}

    answer, published = service.call("apply_for_membership", {"name": f"Bayside {uuid.uuid4().hex[:6]}"})
    applied = conforms(schemas.AgencySchema(), answer)
    assert (applied["status"], types(published)) == ("pending", [events.AGENCY_CREATED])

    assert refused(service.rpc.change_agency_status, str(applied["id"]), {"status": "gone", "reason": "why"},
                   LEAD).keys() == {"status"}
    answer, published = service.call("change_agency_status", str(applied["id"]),
                                     {"status": "active", "reason": "board approved"}, LEAD)
    assert conforms(schemas.AgencySchema(), answer)["status"] == "active"
    assert types(published) == [events.AGENCY_STATUS_CHANGED]

    listed = conforms(schemas.AgencySchema(), service.rpc.list_agencies(), many=True)
    assert {agency["id"], applied["id"]} <= {row["id"] for row in listed}
    conforms(schemas.AgencySchema(), service.rpc.list_agencies(True), many=True)

    assert refused(service.rpc.find_agencies, {"name": ""}).keys() == {"name"}
    assert refused(service.rpc.find_agencies, {"name": "Harbor", "limit": 0, "status": "ended"}).keys() == \
        {"limit", "status"}
    found = conforms(schemas.AgencyNameSchema(), service.rpc.find_agencies({"name": agency["name"].upper()}), many=True)
    assert found == [{"id": agency["id"], "name": agency["name"]}]  # its id and name, nothing more
    pending, _ = service.call("apply_for_membership", {"name": f"Pending {uuid.uuid4().hex[:6]}"})
    assert service.rpc.find_agencies({"name": pending["name"]}) == []  # active agencies only


def test_an_agencys_contacts_and_fees(service, agency):
    agency_id = str(agency["id"])
    detail = conforms(schemas.AgencyDetailSchema(), service.rpc.get_agency(agency_id))
    assert detail["missing_contacts"]

    assert refused(service.rpc.set_agency_contact, agency_id, "mascot", {"name": "Ann", "email": "a@b.org"}) \
        .keys() == {"role"}
    assert refused(service.rpc.set_agency_contact, agency_id, "security_officer", {"name": "Ann", "email": "no"}) \
        .keys() == {"email"}
    answer, published = service.call("set_agency_contact", agency_id, "security_officer",
                                     {"name": "Ann Officer", "email": "ann@harbor.example", "phone": "555-0100"})
    assert [c["role"] for c in conforms(schemas.AgencyDetailSchema(), answer)["contacts"]] == ["security_officer"]
    announced(published, SERVICE)

    overdue = (date.today() - timedelta(days=90)).isoformat()
    assert refused(service.rpc.issue_fee, agency_id, {"quarter": "2026", "amount_cents": 1, "due_date": overdue}) \
        .keys() == {"quarter"}
    answer, published = service.call("issue_fee", agency_id, {"quarter": "2026Q1", "amount_cents": 50000,
                                                              "due_date": overdue})
    assert [fee["status"] for fee in conforms(schemas.AgencyDetailSchema(), answer)["fees"]] == ["overdue"]
    announced(published, SERVICE)

    suspended, published = service.call("enforce_fees")
    assert agency_id in suspended and all(str(uuid.UUID(value)) == value for value in suspended)
    assert events.AGENCY_STATUS_CHANGED in types(published)

    answer, published = service.call("record_fee_payment", agency_id, "2026Q1", LEAD)
    paid = conforms(schemas.AgencyDetailSchema(), answer)
    assert ([fee["status"] for fee in paid["fees"]], paid["status"]) == (["paid"], "active")
    assert events.AGENCY_STATUS_CHANGED in types(published)


def test_users_are_created_listed_and_named(service, agency, user):
    agency_id = str(agency["id"])
    assert refused(service.rpc.create_user, {"username": "x", "password": "short", "roles": ["king"],
                                             "agency_id": agency_id}).keys() == {"username", "password", "roles"}
    listed = conforms(schemas.UserSchema(), service.rpc.list_users(agency_id), many=True)
    assert [row["id"] for row in listed] == [user["id"]]
    assert conforms(schemas.UserSchema(), service.rpc.get_user(str(user["id"])))["username"] == user["username"]
    assert service.rpc.user_agency(str(user["id"])) == agency_id

    assert refused(service.rpc.principals, ["not an id"]).keys() == {"ids"}
    named = conforms(schemas.PrincipalNameSchema(), service.rpc.principals([str(user["id"])]), many=True)
    assert [(row["kind"], row["name"]) for row in named] == [("user", user["username"])]


def test_sessions_and_a_second_factor(service, user):
    user_id = str(user["id"])
    assert refused(service.rpc.login, {"username": user["username"], "password": PASSWORD, "totp": "12"}) \
        .keys() == {"totp"}
    session, published = service.call("login", {"username": user["username"], "password": PASSWORD})
    session = conforms(schemas.SessionSchema(), session)
    announced(published, SERVICE, sent=(PASSWORD,))
    principal = conforms(schemas.PrincipalSchema(), service.rpc.authenticate(session["token"]))
    assert (principal["kind"], principal["id"], principal["mfa"]) == ("user", user["id"], False)

    enrollment = conforms(schemas.TotpEnrollmentSchema(), service.rpc.start_totp(user_id))
    assert refused(service.rpc.confirm_totp, user_id, {"code": "12"}).keys() == {"code"}
    answer, published = service.call("confirm_totp", user_id, {"code": pyotp.TOTP(enrollment["secret"]).now()})
    assert answer is None
    mfa = announced(published, SERVICE, sent=(enrollment["secret"],))
    assert [event.type for event in mfa] == [events.USER_MFA_ENABLED]

    assert service.rpc.logout(session["token"]) is None
    assert service.rpc.logout_everywhere(user_id) == 0  # the one session already ended


def test_a_license_follows_its_fee_and_the_training_service(service, agency, user):
    user_id = str(user["id"])
    answer, published = service.call("request_license", user_id, LEAD)
    assert conforms(schemas.LicenseSchema(), answer)["status"] == "requested"
    assert types(published) == [events.LICENSE_CHANGED]
    answer, published = service.call("approve_license_fee", user_id, LEAD)
    assert conforms(schemas.LicenseSchema(), answer)["fee_approved"] is True
    announced(published, SERVICE)  # still requested until the training is done: no change to announce

    service.feed(training_events.COMPLIANCE_CHANGED, "training", {
        "user_id": user_id, "agency_id": str(agency["id"]), "license_training_complete": True,
        "mandatory_current": True, "ces_workflow_complete": False, "overdue": [], "due_soon": []})
    license_ = eventually(lambda: (found := service.rpc.get_license(user_id))["training_complete"] and found)
    assert conforms(schemas.LicenseSchema(), license_)["status"] == "active"
    assert events.LICENSE_CHANGED in types(service.published())


def test_a_user_is_unlocked_and_deactivated(service, agency):
    created = service.rpc.create_user({"username": f"leaver.{uuid.uuid4().hex[:6]}", "password": PASSWORD,
                                       "roles": ["report_viewer"], "agency_id": str(agency["id"])})
    service.published()
    answer, published = service.call("unlock_user", created["id"])
    assert conforms(schemas.UserSchema(), answer)["locked"] is False
    announced(published, SERVICE)
    answer, published = service.call("deactivate_user", created["id"])
    assert conforms(schemas.UserSchema(), answer)["active"] is False
    assert events.USER_DEACTIVATED in types(published)


def test_partner_api_keys(service, agency, user):
    agency_id, user_id = str(agency["id"]), str(user["id"])
    assert refused(service.rpc.create_api_key, {"name": "Partner", "scopes": ["all"], "purpose": "curiosity"},
                   agency_id, user_id).keys() == {"scopes", "purpose"}
    answer, published = service.call("create_api_key", {"name": "Partner", "scopes": ["clients:read"],
                                                        "purpose": "client_services"}, agency_id, user_id)
    key = conforms(schemas.ApiKeySchema(), answer)
    assert [event.type for event in announced(published, SERVICE, sent=(key["key"],))] == [events.API_KEY_CREATED]

    assert [row["id"] for row in conforms(schemas.ApiKeySchema(), service.rpc.list_api_keys(agency_id), many=True)] \
        == [key["id"]]
    assert service.rpc.api_key_agency(str(key["id"])) == agency_id
    principal = conforms(schemas.PrincipalSchema(), service.rpc.authenticate_api_key(key["key"]))
    assert (principal["kind"], principal["scopes"]) == ("api_key", ["clients:read"])

    answer, published = service.call("rotate_api_key", str(key["id"]))
    rotated = conforms(schemas.ApiKeySchema(), answer)
    assert [event.type for event in announced(published, SERVICE, sent=(rotated["key"], key["key"]))] \
        == [events.API_KEY_ROTATED]
    answer, published = service.call("revoke_api_key", str(key["id"]))
    assert conforms(schemas.ApiKeySchema(), answer)["revoked_at"] is not None
    assert types(published) == [events.API_KEY_REVOKED]
