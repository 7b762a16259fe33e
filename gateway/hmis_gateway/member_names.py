"""A drill-down that shows names (docs/reports.md, "Drill-down and who may see it"): each member of a page whose
client the caller may read as a client record is answered with its first and last name, read through the clients
service and audited there as a read of those fields; every other member keeps its ids, its name withheld with the
reasons.

"May read" is the gateway's decision on `clients:read` of that client, the question a GET /clients/{id} puts to
the policy (its owning agency, whether a victim service provider holds it, its consents in force), one decision per
client, each logged, with no broken glass: a drill-down is not an emergency, so the HMIS lead reads by name only
the clients of its own agency and those a consent shares. The page costs two calls to the clients service (the
facts of its clients, then the names of those allowed) and one transaction of the gateway's, whatever its size.
"""
from __future__ import annotations

from collections.abc import Callable

NOT_IN_THIS_HMIS = "not_in_this_hmis"  # a record of a loaded export: no client here to read
NO_CLIENT_RECORD = "no_client_record"  # this HMIS's record, but the clients service holds no client for it
READ = "clients:read"


def read_question(facts: dict, ask: Callable[[str, dict], dict], consents_of: Callable[[str], object]) -> dict:
    """The policy's question for reading the client `facts` describes (`report_member_facts`), as for
    GET /clients/{id} (`ask`: guard.policy_input; `consents_of`: guard.ConsentsOf), without breaking the glass."""
    client_id = str(facts["client_id"])
    question = ask(READ, {"type": "client", "id": client_id, "agency_id": str(facts["agency_id"]),
                          "victim_service_provider": facts["victim_service_provider"],
                          "consents": consents_of(client_id)})
    return {**question, "break_glass_reason": None}


def with_names(members: list[dict], facts: list[dict], decide: Callable[[list[dict]], list[dict]],
               names_of: Callable[[list[dict]], list[dict]],
               question_of: Callable[[dict], dict]) -> list[dict]:
    """`members` each with `first_name`, `last_name` and `name_withheld` (None, or the reasons).

    `facts`: the clients service's facts of the members' clients; `question_of(facts)`: the policy's question
    (read_question); `decide(questions)`: each question's decision, logged, as {"access": its access context,
    "reasons": why it was denied, none when allowed} (Gateway.authorize_each, guard.access_context); `names_of(reads)`: the names of the clients read (`report_member_names`: it audits
    each read under its own access context)."""
    client_of = {(fact["personal_id"], fact["source"]): fact for fact in facts}
    clients = {str(fact["client_id"]): fact for fact in facts}  # a client behind several members is asked once
    decided = dict(zip(clients, decide([question_of(fact) for fact in clients.values()]))) if clients else {}
    reads = [{"client_id": client_id, "access": decision["access"]} for client_id, decision in decided.items()
             if not decision["reasons"]]
    names = {str(name["client_id"]): name for name in names_of(reads)} if reads else {}
    return [{**member, **_name(member, client_of, decided, names)} for member in members]


def _name(member: dict, client_of: dict, decided: dict, names: dict) -> dict:
    if member["clients_source"] is None:
        return _withheld([NOT_IN_THIS_HMIS])
    facts = client_of.get((member["personal_id"], member["clients_source"]))
    if facts is None:
        return _withheld([NO_CLIENT_RECORD])
    client_id = str(facts["client_id"])
    if decided[client_id]["reasons"]:
        return _withheld(decided[client_id]["reasons"])
    if client_id not in names:  # gone between the facts and the read
        return _withheld([NO_CLIENT_RECORD])
    return {"first_name": names[client_id]["first_name"], "last_name": names[client_id]["last_name"],
            "name_withheld": None}


def _withheld(reasons: list[str]) -> dict:
    return {"first_name": None, "last_name": None, "name_withheld": sorted(reasons)}
