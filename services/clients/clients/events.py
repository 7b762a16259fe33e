"""Events the clients service publishes. No names or dates of birth travel on the bus."""

CLIENT_CREATED = "clients.client.created"


def client_created_payload(client: dict) -> dict:
    return {"client_id": str(client["id"]), "agency_id": str(client["agency_id"])}
