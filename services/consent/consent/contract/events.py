"""Events the consent service publishes; the gateway's policy feed keeps its consent data from them.

Payloads carry ids, dates and codes only: never a signer's name, a reason or a signed form.
"""

RECORDED = "consent.consent.recorded"  # a new consent, or a new version of one
REVOKED = "consent.consent.revoked"


def consent_payload(consent: dict) -> dict:
    """`consent` holds a consent's fixed facts and one version's terms."""
    revoked_on = consent["revoked_on"]
    return {
        "consent_id": str(consent["id"]),
        "version": consent["version"],
        "client_id": str(consent["client_id"]),
        "agency_id": str(consent["agency_id"]),
        "type": consent["type"],
        "scope": list(consent["scope"]),
        "released_to": [str(agency_id) for agency_id in consent["released_to"]],
        "start_date": consent["start_date"].isoformat(),
        "end_date": consent["end_date"].isoformat(),
        "revoked_on": revoked_on.isoformat() if revoked_on else None,
    }
