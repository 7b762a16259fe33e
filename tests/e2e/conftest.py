"""A small trust network, built through the gateway as its users would."""
import uuid
from dataclasses import dataclass

import pytest

from support import admitted, eventually, login
from hmis_kit import demo


@dataclass
class Actor:
    username: str
    agency_id: str
    headers: dict


@dataclass
class Network:
    admin: Actor        # system administrator of the HMIS lead
    a_admin: Actor      # agency administrator, agency A
    a_worker: Actor     # case manager, agency A
    a_reporter: Actor   # report viewer, agency A
    b_worker: Actor     # case manager, agency B
    b_admin: Actor      # agency administrator, agency B


@pytest.fixture(scope="session")
def network(app, settings):
    client = app.test_client()
    demo.bootstrap_lead(settings)
    admin_headers = login(client, *demo.ADMIN)
    eventually(lambda: admitted(client, admin_headers))
    me = client.get("/api/v1/auth/me", headers=admin_headers).get_json()
    actors = {"admin": Actor(demo.ADMIN[0], me["agency_id"], admin_headers)}
    suffix = uuid.uuid4().hex[:6]
    password = "correct horse battery staple"
    for letter in ("a", "b"):
        agency = client.post("/api/v1/agencies", json={"name": f"Agency {letter.upper()} {suffix}"},
                             headers=admin_headers)
        assert agency.status_code == 201, agency.get_json()
        agency_id = agency.get_json()["id"]
        for role, key in (("agency_admin", "admin"), ("case_manager", "worker"), ("report_viewer", "reporter")):
            username = f"{letter}.{key}.{suffix}"
            created = client.post("/api/v1/users", headers=admin_headers,
                                  json={"username": username, "password": password, "roles": [role],
                                        "agency_id": agency_id})
            assert created.status_code == 201, created.get_json()
            headers = login(client, username, password)
            eventually(lambda: admitted(client, headers))
            actors[f"{letter}_{key}"] = Actor(username, agency_id, headers)
    return Network(actors["admin"], actors["a_admin"], actors["a_worker"], actors["a_reporter"], actors["b_worker"],
                   actors["b_admin"])


@pytest.fixture
def new_client(client, network):
    """A client record of agency A, made by its case manager."""
    response = client.post("/api/v1/clients", headers=network.a_worker.headers,
                           json={"first_name": "Test", "last_name": "Person", "dob": "1980-05-17"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()
