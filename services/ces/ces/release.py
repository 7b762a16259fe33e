"""Consent to refer: a referral releases a client's data (who they are, their rank and the facts it rests on) to the
provider's agency the moment it is proposed, since the provider reads its openings' referrals from then on. So a
referral to another agency than the client's needs a consent in force, as the consent service answers it (its
status today), that covers the client's profile and releases it to that agency: a release of information naming the
agency, or HMIS sharing (the trust network's Multi-Party Authorization, which releases to every agency of the
network) - the same consents under which the gateway's policy lets that agency read the client's record.

Plain Python: the consents are the consent service's answer (consent.contract.schemas.ConsentSchema, dumped)."""
from __future__ import annotations

from consent.contract.rules import ACTIVE, EXPIRING_SOON, RELEASE_TYPE
from hmis_kit.errors import Conflict

RULE = "release_consent_missing"
IN_FORCE = (ACTIVE, EXPIRING_SOON)
SHARING_TYPE = "hmis_sharing"
RELEASED_PART = "profile"


def releases_to(consents: list[dict], agency_id: str) -> bool:
    """Whether one of the client's consents, in force today, releases their profile to `agency_id`."""
    return any(consent["status"] in IN_FORCE and RELEASED_PART in consent["scope"]
               and (consent["type"] == SHARING_TYPE
                    or (consent["type"] == RELEASE_TYPE and agency_id in consent["released_to"]))
               for consent in consents)


def require_release(consents: list[dict], client_agency_id: str, provider_agency_id: str) -> None:
    """Refuse (409, naming the rule) a referral that would release the client's data to an agency they have not
    released it to; within the client's own agency nothing is released."""
    if client_agency_id == provider_agency_id or releases_to(consents, provider_agency_id):
        return
    raise Conflict(f"{RULE}: the client has no consent in force releasing their record to the provider's agency "
                   "(a release of information naming it, or HMIS sharing); record one, or override with another "
                   "client", {"client_id": [RULE]})
