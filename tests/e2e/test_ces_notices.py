"""The sweep's notices end to end, through the gateway on the real services and RabbitMQ: the sweep publishes
ces.referral.stalled and ces.referral.due_soon naming the step's owner and their agency; the ces service keeps each as
a notice (its consumer of those events); the owner's agency sees it at GET /ces/notices and nobody else but the CES
team does, not even the referral's other agency; marking it seen is one user's; taking the step answers it."""
from hmis_kit.db import make_engine
from support import eventually
from test_ces import assessed, ces, expect_created, network, opening_with, step  # noqa: F401 - fixtures

NOTICES = "/api/v1/ces/notices"


def matched(client, network, ces, age: int) -> dict:  # noqa: F811
    """A referral of a new client of agency A (of this age) to a new opening of agency B's, pending (the case
    worker's step)."""
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, age=age, ami_percent=0)
    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": age - 1}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert referral["client_id"] == waiting
    return referral


def notices_of(client, person) -> dict:
    response = client.get(NOTICES, headers=person.headers)
    assert response.status_code == 200, response.get_json()
    return {(notice["referral_id"], notice["kind"]): notice for notice in response.get_json()}


def test_the_sweep_tells_each_steps_owner_and_nobody_else_until_the_step_is_taken(client, network, ces,  # noqa: F811
                                                                                  settings):
    team = ces["team"]
    # The provider's step, untouched for longer than the policy's stall_days (2).
    stalled = matched(client, network, ces, age=150)
    assert step(client, network.a_worker, stalled["id"], action="start").status_code == 200
    # The case worker's step, due within the policy's due_soon_days (1, the default).
    due = matched(client, network, ces, age=160)
    engine = make_engine(settings.database_url("ces"))
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE referrals SET last_activity_at = now() - interval '3 days' WHERE id = %s",
                                   (stalled["id"],))
        connection.exec_driver_sql("UPDATE referrals SET due_at = now() + interval '12 hours' WHERE id = %s",
                                   (due["id"],))
    engine.dispose()
    swept = client.post("/api/v1/ces/sweep", headers=team.headers).get_json()
    assert swept["stalled"] >= 1 and swept["due_soon"] >= 1, swept

    # The provider's agency (B) is told of the stall, the client's agency (A) of the deadline near: each its own.
    provider = eventually(lambda: notices_of(client, network.b_admin).get((stalled["id"], "stalled")))
    assert (provider["step_owner"], provider["owner_agency_id"], provider["status"], provider["seen"]) == (
        "provider", network.b_admin.agency_id, "in_process", False)
    case_worker = eventually(lambda: notices_of(client, network.a_worker).get((due["id"], "due_soon")))
    assert (case_worker["step_owner"], case_worker["owner_agency_id"], case_worker["status"]) == (
        "case_worker", network.a_worker.agency_id, "pending")
    assert case_worker["due_at"] is not None
    assert (stalled["id"], "stalled") not in notices_of(client, network.a_worker)  # a party, not the owner
    assert (due["id"], "due_soon") not in notices_of(client, network.b_admin)
    assert {(stalled["id"], "stalled"), (due["id"], "due_soon")} <= set(notices_of(client, team))
    # A report viewer has no CES action at all.
    assert client.get(NOTICES, headers=network.a_reporter.headers).status_code == 403

    # Seen is one user's: the administrator's mark leaves their colleague's notice unseen.
    seen = client.post(f"{NOTICES}/{provider['id']}/seen", headers=network.b_admin.headers)
    assert seen.status_code == 204, seen.get_json()
    assert notices_of(client, network.b_admin)[(stalled["id"], "stalled")]["seen"] is True
    assert notices_of(client, network.b_worker)[(stalled["id"], "stalled")]["seen"] is False
    refused = client.post(f"{NOTICES}/{provider['id']}/seen", headers=network.a_worker.headers)
    assert refused.status_code == 403 and "other_agency" in refused.get_json()["reasons"]
    assert client.post(f"{NOTICES}/{due['id']}/seen", headers=network.a_worker.headers).status_code == 404

    # Swept again, nothing new is told; the step taken answers the notice.
    client.post("/api/v1/ces/sweep", headers=team.headers)
    assert [key for key in notices_of(client, network.b_admin) if key[0] == stalled["id"]] == [
        (stalled["id"], "stalled")]
    assert step(client, network.b_admin, stalled["id"], action="accept").status_code == 200
    assert (stalled["id"], "stalled") not in notices_of(client, network.b_admin)
    assert (stalled["id"], "stalled") not in notices_of(client, team)
