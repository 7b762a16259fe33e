"""Consent to refer: a referral releases a client's data (who they are, their rank and the facts it rests on) to the
provider's agency the moment it is proposed, since the provider reads its openings' referrals from then on. Which
consent that takes is the community's choice, a setting of its prioritization policy (`release_consent`):

- `roi_to_receiving_agency` (the default): a referral to another agency than the client's needs a consent in force,
  as the consent service answers it (its status today), that covers the client's profile and releases it to that
  agency: a release of information naming the agency, or HMIS sharing (the trust network's Multi-Party
  Authorization, which releases to every agency of the network) - the same consents under which the gateway's
  policy lets that agency read the client's record;
- `none`: nothing is asked, for a community whose CoC-wide consent, taken when a client enters coordinated entry,
  covers CE referrals. The provider's reads of the client's record still go through the gateway's consent rules.

The check is made once, at proposal: a release revoked or ended later does not undo the referral (the client may
still want the housing, and what was released cannot be called back), but the referral then says so when it is
read (`standing`: missing), so its parties can talk with the client, and the gateway refuses the provider's reads of
the client's record from the moment of the revocation.

Plain Python: the consents are the consent service's answer (consent.contract.schemas.ConsentSchema, dumped)."""
from __future__ import annotations

from collections.abc import Callable

from ces.contract.rules import RELEASE_IN_FORCE, RELEASE_MISSING, RELEASE_NOT_NEEDED, RELEASE_TO_RECEIVING_AGENCY
from consent.contract.rules import ACTIVE, EXPIRING_SOON, RELEASE_TYPE
from hmis_kit.errors import Conflict

RULE = "release_consent_missing"
CONSENT_IN_FORCE = (ACTIVE, EXPIRING_SOON)
SHARING_TYPE = "hmis_sharing"
RELEASED_PART = "profile"


def releases_to(consents: list[dict], agency_id: str) -> bool:
    """Whether one of the client's consents, in force today, releases their profile to `agency_id`."""
    return any(consent["status"] in CONSENT_IN_FORCE and RELEASED_PART in consent["scope"]
               and (consent["type"] == SHARING_TYPE
                    or (consent["type"] == RELEASE_TYPE and agency_id in consent["released_to"]))
               for consent in consents)


def needed(workflow: dict, client_agency_id: str, provider_agency_id: str) -> bool:
    """Whether a referral under this workflow needs the client's release: across agencies, when the policy asks for
    one (within the client's own agency nothing is released)."""
    return workflow["release_consent"] == RELEASE_TO_RECEIVING_AGENCY and client_agency_id != provider_agency_id


def standing(workflow: dict, client_agency_id: str, provider_agency_id: str,
             consents_of: Callable[[], list[dict]]) -> str:
    """Where a referral stands on the release its policy asks for, today: not needed (the policy asks for none, or
    one agency), in force, or missing (never given, or revoked or ended since). `consents_of` is asked only when a
    release is needed."""
    if not needed(workflow, client_agency_id, provider_agency_id):
        return RELEASE_NOT_NEEDED
    return RELEASE_IN_FORCE if releases_to(consents_of(), provider_agency_id) else RELEASE_MISSING


def require_release(workflow: dict, client_agency_id: str, provider_agency_id: str,
                    consents_of: Callable[[], list[dict]]) -> str:
    """Refuse (409, naming the rule) a referral that would release the client's data to an agency they have not
    released it to, where the policy asks for a release; else its standing (not needed, in force)."""
    found = standing(workflow, client_agency_id, provider_agency_id, consents_of)
    if found == RELEASE_MISSING:
        raise Conflict(f"{RULE}: the client has no consent in force releasing their record to the provider's agency "
                       "(a release of information naming it, or HMIS sharing), as the prioritization policy requires; "
                       "record one, or override with another client", {"client_id": [RULE]})
    return found
