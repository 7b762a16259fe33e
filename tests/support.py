"""Helpers the tests share."""
import time


def eventually(check, timeout: float = 15.0, interval: float = 0.05):
    """Call `check` until it returns a truthy value (returned) or the time is up (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {check}")
        time.sleep(interval)


def login(client, username: str, password: str) -> dict:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def admitted(client, headers: dict) -> bool:
    """The policy data knows the actor's agency (the policy feed has followed identity's event)."""
    return client.get("/api/v1/auth/me", headers=headers).status_code == 200
