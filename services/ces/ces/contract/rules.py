"""What Coordinated Entry's community settings may say: the client attributes a prioritization policy sorts
on and a requirement tests, the referral's states, steps and their owners, and HUD's codes they map to.

Plain Python, part of the service's contract: the request schemas (on input), the rules modules of the
service (scoring, prioritization, eligibility, workflow) and the gateway read the same names.
"""
from __future__ import annotations

# The attributes of an assessed client that a policy may sort on, with their kind. Each is a column of the
# prioritization list (ces.models.list_entries), filled from the client's latest assessment (`facts`) or, for
# the score and the assessment date, by the assessment itself; `manual_rank` is set by the CES team.
SORT_ATTRIBUTES = {
    "chronic": "boolean",             # chronically homeless (HUD's definition, as verified by the assessor)
    "score": "integer",               # the instrument's score
    "days_homeless_3y": "integer",    # days homeless in the last three years
    "unsheltered_nights": "integer",  # nights unsheltered in the last three years
    "veteran": "boolean",
    "household_type": "text",         # HOUSEHOLD_TYPES
    "assessed_on": "date",            # the latest assessment's date
    "first_homeless_on": "date",      # the first date homeless (of this episode)
    "manual_rank": "integer",         # a rank the CES team gives by hand (case conferencing)
}
DIRECTIONS = ("asc", "desc")
MISSING = ("first", "last")  # where a client without a value for the key sorts

HOUSEHOLD_TYPES = ("adult_only", "with_children", "youth", "child_only")

# The facts an assessor records beside an instrument's answers: what the policy sorts on and what
# requirements test. Each may be left out (unknown); an unknown fact sorts where the policy says and never
# meets a requirement.
FACTS = {
    "chronic": "boolean",
    "days_homeless_3y": "integer",
    "unsheltered_nights": "integer",
    "veteran": "boolean",
    "household_type": "text",
    "first_homeless_on": "date",
    "age": "integer",
    "ami_percent": "integer",          # household income as a percentage of area median income
    "disability_verified": "boolean",
}

# Requirements: what an opening asks of a client, attached to a level of the inventory and inherited downward
# (a project's requirements hold for each of its units), all of them ANDed. Each tests one fact; `value`
# says whether the test takes a number or a code.
LEVELS = ("program", "funding_source", "project", "unit")
RULES = ("must", "must_not")
REQUIREMENTS = {
    "veteran": None,                   # is a veteran
    "chronic": None,                   # is chronically homeless
    "disability_verified": None,       # has a verified disability
    "age_over": "integer",             # is older than N
    "household_type": "text",          # is a household of this type (HOUSEHOLD_TYPES)
    "income_under_ami": "integer",     # has income under N% of AMI
    "seen_within_days": "integer",     # was assessed or seen in the last N days
}

# A referral's states and the steps between them: (from, action) -> to. `expire` is the sweep's alone.
PENDING, IN_PROCESS, ACCEPTED, DECLINED, EXPIRED, CANCELLED = (
    "pending", "in_process", "accepted", "declined", "expired", "cancelled")
STATUSES = (PENDING, IN_PROCESS, ACCEPTED, DECLINED, EXPIRED, CANCELLED)
ACTIVE_STATUSES = (PENDING, IN_PROCESS)
TRANSITIONS = {
    (PENDING, "start"): IN_PROCESS,
    (PENDING, "decline"): DECLINED,
    (PENDING, "cancel"): CANCELLED,
    (PENDING, "expire"): EXPIRED,
    (IN_PROCESS, "accept"): ACCEPTED,
    (IN_PROCESS, "decline"): DECLINED,
    (IN_PROCESS, "cancel"): CANCELLED,
    (IN_PROCESS, "expire"): EXPIRED,
}
ACTIONS = ("start", "accept", "decline", "cancel")  # what a person may do; `expire` is the sweep's

# Who acts on a referral: the CES team (any agency's referrals), the provider (the agency whose opening it
# is) and the case worker (the agency holding the client). The owner of a step is who must act next.
CES_TEAM, PROVIDER, CASE_WORKER, SYSTEM = "ces_team", "provider", "case_worker", "system"
SIDES = (CES_TEAM, PROVIDER, CASE_WORKER)
STEP_OWNERS = {PENDING: CASE_WORKER, IN_PROCESS: PROVIDER}
# Who may take each action (the CES team may take any, as an override).
MAY_ACT = {"start": {CASE_WORKER, CES_TEAM}, "accept": {PROVIDER, CES_TEAM},
           "decline": {CASE_WORKER, PROVIDER, CES_TEAM}, "cancel": {CES_TEAM}}
# The roles that make a user the CES team (the HMIS lead's system administrators included).
CES_TEAM_ROLES = ("ces_user", "system_admin")

# What a notice tells a step's owner (ces.notices): the referral has had no activity for the policy's stall limit,
# or its step's deadline is near (the policy's `due_soon_days`).
STALLED_NOTICE, DUE_SOON_NOTICE = "stalled", "due_soon"
NOTICE_KINDS = (STALLED_NOTICE, DUE_SOON_NOTICE)

# Who declined a referral, and HUD's ReferralResult (4.20.D) for an accepted or declined one.
DECLINERS = ("client", "provider")
REFERRAL_ACCEPTED = 1
REFERRAL_RESULTS = {"client": 2, "provider": 3}

# The consent a referral to another agency than the client's needs before it is proposed (a policy's
# `release_consent`): a release of the client's record to the receiving (provider's) agency, as an ROI naming it or
# HMIS sharing; or none, for a community whose CoC-wide consent, taken at entry to coordinated entry, covers it.
RELEASE_TO_RECEIVING_AGENCY, NO_RELEASE = "roi_to_receiving_agency", "none"
RELEASE_CONSENTS = (RELEASE_TO_RECEIVING_AGENCY, NO_RELEASE)
# Where a referral stands on that release when it is read: the policy asks for none (or one agency), it is in force,
# or it is missing (revoked or ended since the referral was made, which does not undo it).
RELEASE_NOT_NEEDED, RELEASE_IN_FORCE, RELEASE_MISSING = "not_needed", "in_force", "missing"
RELEASE_STANDINGS = (RELEASE_NOT_NEEDED, RELEASE_IN_FORCE, RELEASE_MISSING)

# An opening's states: open (matching may refer a client to it), locked by its one active referral, filled by an
# accepted one, or withdrawn by its provider or the CES team while open (it never comes back: post a new one).
OPEN, LOCKED, FILLED, WITHDRAWN = "open", "locked", "filled", "withdrawn"
OPENING_STATUSES = (OPEN, LOCKED, FILLED, WITHDRAWN)
# Why an opening is withdrawn: codes, not free text (a note could carry a client's name into the events and logs).
WITHDRAWAL_REASONS = ("unit_offline", "voucher_pulled", "funding_ended", "filled_outside_ces", "entered_in_error",
                      "other")
# What may be changed of an open opening: not its project (which decides whose it is); its program and funding
# source (whose requirements it inherits) only while open, when no referral was matched under them.
OPENING_CHANGEABLE = ("unit", "available_on", "program", "funding_source", "event_type")

# HUD's EventType (4.20) codes of a referral to a housing opening, one per kind of program.
OPENING_EVENTS = (10, 11, 12, 13, 14, 15, 17, 18)

# A client's place on the list.
ON_LIST, HOUSED, DECEASED, INACTIVE = "active", "housed", "deceased", "inactive"
CLIENT_STATUSES = (ON_LIST, HOUSED, DECEASED, INACTIVE)
