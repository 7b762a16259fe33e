"""Coordinated Entry request and response schemas: the ces service's contract (and its OpenAPI shapes).

A community's instrument, prioritization policy and requirements are data, loaded and checked here
(docs/ces.md). Reasons are codes from the policy, never free text: a note could carry a client's name into
the history, the events and the logs.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ces.contract.rules import (ACTIONS, CLIENT_STATUSES, DECLINERS, DIRECTIONS, FACTS, HOUSEHOLD_TYPES,
                                LEVELS, MISSING, NOTICE_KINDS, OPENING_EVENTS, OPENING_STATUSES, RELEASE_CONSENTS, RELEASE_STANDINGS,
                                RELEASE_TO_RECEIVING_AGENCY,
                                REQUIREMENTS, RULES,
                                SIDES, SORT_ATTRIBUTES, STATUSES, WITHDRAWAL_REASONS)
from hmis_kit.inputs import Input

CODE = validate.Regexp(r"^[a-z0-9_]{1,60}$", error="a code: 1 to 60 lower-case letters, digits or _")
TEXT = validate.Length(min=1, max=250)  # HUD's AssessmentQuestion and AssessmentAnswer are S250
DAYS = validate.Range(min=0, max=3650)


def _unique(codes: list, field: str) -> None:
    if len(set(codes)) != len(codes):
        raise ValidationError({field: ["codes must be unique"]})


# Instruments ------------------------------------------------------------------------------------------------

class OptionSchema(Input):
    code = fields.String(required=True, validate=CODE)
    label = fields.String(required=True, validate=TEXT)
    points = fields.Integer(required=True, validate=validate.Range(min=-1000, max=1000))


class ItemSchema(Input):
    code = fields.String(required=True, validate=CODE)
    question = fields.String(required=True, validate=TEXT)
    group = fields.String(load_default=None, validate=TEXT)
    weight = fields.Integer(load_default=1, validate=validate.Range(min=0, max=100))
    options = fields.List(fields.Nested(OptionSchema), required=True, validate=validate.Length(min=1, max=50))

    @validates_schema
    def _options(self, data: dict, **kwargs) -> None:
        _unique([option["code"] for option in data["options"]], "options")


class BandSchema(Input):
    min_score = fields.Integer(required=True, validate=validate.Range(min=-100000, max=100000))
    band = fields.String(required=True, validate=CODE)
    recommendation = fields.String(required=True, validate=CODE,
                                   metadata={"description": "e.g. diversion, rrh, psh"})


class InstrumentCreateSchema(Input):
    code = fields.String(required=True, validate=CODE, metadata={"description": "the instrument; versions share it"})
    name = fields.String(required=True, validate=TEXT)
    effective_from = fields.Date(required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(min=1, max=200))
    bands = fields.List(fields.Nested(BandSchema), required=True, validate=validate.Length(min=1, max=20))

    @validates_schema
    def _codes(self, data: dict, **kwargs) -> None:
        _unique([item["code"] for item in data["items"]], "items")
        _unique([band["min_score"] for band in data["bands"]], "bands")


class InstrumentSchema(Schema):
    id = fields.UUID()
    code = fields.String()
    version = fields.Integer()
    name = fields.String()
    effective_from = fields.Date()
    items = fields.List(fields.Dict())
    bands = fields.List(fields.Dict())
    created_at = fields.AwareDateTime()


# Prioritization policies --------------------------------------------------------------------------------------

class SortKeySchema(Input):
    attribute = fields.String(required=True, validate=validate.OneOf(SORT_ATTRIBUTES))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    missing = fields.String(load_default="last", validate=validate.OneOf(MISSING),
                            metadata={"description": "where a client without a value sorts"})


class DeclineReasonSchema(Input):
    code = fields.String(required=True, validate=CODE)
    by = fields.String(required=True, validate=validate.OneOf(DECLINERS),
                       metadata={"description": "client (HUD ReferralResult 2) or provider (3)"})


class DeadlinesSchema(Input):
    pending = fields.Integer(required=True, validate=DAYS, metadata={"description": "days for the case worker"})
    in_process = fields.Integer(required=True, validate=DAYS, metadata={"description": "days for the provider"})


class ParkDaysSchema(Input):
    """Days a resolution parks the client off the list; null or left out: they keep their place."""
    client = fields.Integer(load_default=None, allow_none=True, validate=DAYS)
    provider = fields.Integer(load_default=None, allow_none=True, validate=DAYS)
    expired = fields.Integer(load_default=None, allow_none=True, validate=DAYS)


class ExpiryResultsSchema(Input):
    """Whose refusal an expired step counts as in HUD's ReferralResult on the referral's 4.20 Event: client (2) or
    provider (3); null or left out: an expiry records no result."""
    pending = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(DECLINERS))
    in_process = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(DECLINERS))


class WorkflowSchema(Input):
    deadline_days = fields.Nested(DeadlinesSchema, required=True)
    stall_days = fields.Integer(required=True, validate=validate.Range(min=1, max=365),
                                metadata={"description": "an active referral untouched this long is flagged"})
    due_soon_days = fields.Integer(load_default=1, validate=validate.Range(min=0, max=365), metadata={
        "description": "a step's owner is told this many days before its deadline (0: not told)"})
    park_days = fields.Nested(ParkDaysSchema, load_default=lambda: {"client": None, "provider": None, "expired": None})
    decline_reasons = fields.List(fields.Nested(DeclineReasonSchema), required=True, validate=validate.Length(min=1))
    override_reasons = fields.List(fields.String(validate=CODE), required=True, validate=validate.Length(min=1))
    expiry_results = fields.Nested(ExpiryResultsSchema, load_default=lambda: {"pending": None, "in_process": None})
    one_active_referral = fields.Boolean(load_default=True,
                                         metadata={"description": "a client in an active referral is not matched"})
    release_consent = fields.String(load_default=RELEASE_TO_RECEIVING_AGENCY, validate=validate.OneOf(RELEASE_CONSENTS),
                                    metadata={"description": "the consent a referral to another agency than the "
                                              "client's needs: roi_to_receiving_agency (an ROI naming it, or HMIS "
                                              "sharing) or none (the CoC's own consent covers CE referrals)"})

    @validates_schema
    def _codes(self, data: dict, **kwargs) -> None:
        _unique([reason["code"] for reason in data["decline_reasons"]], "decline_reasons")


class PolicyCreateSchema(Input):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=TEXT)
    effective_from = fields.Date(required=True)
    sort_keys = fields.List(fields.Nested(SortKeySchema), required=True, validate=validate.Length(min=1, max=20),
                            metadata={"description": "in order; a seeded random tie-breaker always comes last"})
    seed = fields.Integer(required=True, metadata={"description": "the tie-breaker's seed"})
    workflow = fields.Nested(WorkflowSchema, required=True)

    @validates_schema
    def _keys(self, data: dict, **kwargs) -> None:
        attributes = [key["attribute"] for key in data["sort_keys"]]
        if len(set(attributes)) != len(attributes):
            raise ValidationError({"sort_keys": ["each attribute at most once"]})


class PolicySchema(Schema):
    id = fields.UUID()
    code = fields.String()
    version = fields.Integer()
    name = fields.String()
    effective_from = fields.Date()
    sort_keys = fields.List(fields.Dict())
    seed = fields.Integer()
    workflow = fields.Dict()
    created_at = fields.AwareDateTime()


# Requirements ------------------------------------------------------------------------------------------------

class EligibilityRequirementCreateSchema(Input):
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    target = fields.String(required=True, validate=validate.Length(min=1, max=100),
                           metadata={"description": "the program or funding source code, project id or unit"})
    attribute = fields.String(required=True, validate=validate.OneOf(REQUIREMENTS))
    rule = fields.String(required=True, validate=validate.OneOf(RULES))
    value = fields.Raw(load_default=None, metadata={"description": "an integer or a code, as the attribute takes"})

    @validates_schema
    def _value(self, data: dict, **kwargs) -> None:
        kind, value = REQUIREMENTS[data["attribute"]], data["value"]
        if kind is None and value is not None:
            raise ValidationError({"value": [f"{data['attribute']} takes no value"]})
        if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100000):
            raise ValidationError({"value": ["an integer from 0 to 100000"]})
        if data["attribute"] == "household_type" and value not in HOUSEHOLD_TYPES:
            raise ValidationError({"value": [f"must be one of: {', '.join(HOUSEHOLD_TYPES)}"]})


class EligibilityRequirementSchema(Schema):
    id = fields.UUID()
    level = fields.String()
    target = fields.String()
    attribute = fields.String()
    rule = fields.String()
    value = fields.Raw(allow_none=True)
    created_at = fields.AwareDateTime()


# Assessments ------------------------------------------------------------------------------------------------

_FACT_FIELDS = {"boolean": lambda: fields.Boolean(load_default=None, allow_none=True),
                "integer": lambda: fields.Integer(load_default=None, allow_none=True,
                                                  validate=validate.Range(min=0, max=100000)),
                "date": lambda: fields.Date(load_default=None, allow_none=True)}


def _fact(name: str, kind: str):
    if name == "household_type":
        return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(HOUSEHOLD_TYPES))
    return _FACT_FIELDS[kind]()


FactsSchema = Input.from_dict({name: _fact(name, kind) for name, kind in FACTS.items()}, name="FactsSchema")


class CesAssessmentCreateSchema(Input):
    enrollment_id = fields.String(required=True, validate=validate.Length(min=1, max=32),
                                  metadata={"description": "the client's coordinated entry enrollment (HUD id)"})
    instrument = fields.String(required=True, validate=CODE, metadata={"description": "the instrument's code"})
    assessed_on = fields.Date(required=True)
    assessment_location = fields.String(required=True, validate=TEXT)
    assessment_type = fields.Integer(required=True, validate=validate.OneOf((1, 2, 3)),
                                     metadata={"description": "HUD AssessmentType: 1 phone, 2 virtual, 3 in person"})
    answers = fields.Dict(keys=fields.String(validate=CODE), values=fields.String(validate=CODE), required=True)
    facts = fields.Nested(FactsSchema, load_default=dict)


class CesAssessmentSchema(Schema):
    id = fields.UUID()
    client_id = fields.UUID()
    agency_id = fields.UUID()
    enrollment_id = fields.String()
    instrument_id = fields.UUID()
    assessed_on = fields.Date()
    score = fields.Integer()
    band = fields.String(allow_none=True)
    recommendation = fields.String(allow_none=True)
    hud_assessment_id = fields.String(metadata={"description": "the HUD 4.19 Assessment written on the enrollment"})
    created_at = fields.AwareDateTime()


# The prioritization list ----------------------------------------------------------------------------------------

class ListQuerySchema(Input):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class KeyValueSchema(Schema):
    attribute = fields.String()
    direction = fields.String()
    missing = fields.String()
    value = fields.Raw(allow_none=True)


class ListEntrySchema(Schema):
    rank = fields.Integer()
    client_id = fields.UUID()
    agency_id = fields.UUID()
    recommendation = fields.String(allow_none=True)
    keys = fields.List(fields.Nested(KeyValueSchema), metadata={"description": "each key's value: why this rank"})
    tiebreak = fields.String()
    in_referral = fields.Boolean()


class ManualRankSchema(Input):
    manual_rank = fields.Integer(required=True, allow_none=True, validate=validate.Range(min=1, max=1000000))


class ClientStatusSchema(Input):
    status = fields.String(required=True, validate=validate.OneOf(CLIENT_STATUSES))


class ListClientSchema(Schema):
    client_id = fields.UUID()
    agency_id = fields.UUID()
    status = fields.String()
    parked_until = fields.Date(allow_none=True)
    manual_rank = fields.Integer(allow_none=True)


# Openings and referrals ---------------------------------------------------------------------------------------

class OpeningCreateSchema(Input):
    project_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    unit = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                         metadata={"description": "a unit or voucher of the project's inventory"})
    program = fields.String(required=True, validate=CODE)
    funding_source = fields.String(required=True, validate=CODE)
    event_type = fields.Integer(required=True, validate=validate.OneOf(OPENING_EVENTS),
                                metadata={"description": "HUD 4.20 EventType of a referral to it"})
    available_on = fields.Date(load_default=None, allow_none=True,
                               metadata={"description": "the day the unit or voucher can be taken up"})


class OpeningChangeSchema(Input):
    """What may be changed of an open opening (rules.OPENING_CHANGEABLE): any of these, the rest left as they are.
    Not its project: that decides whose opening it is (withdraw it and post another)."""
    unit = fields.String(allow_none=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "a unit or voucher of the project's inventory; null: none"})
    available_on = fields.Date(allow_none=True, metadata={"description": "null: not said"})
    program = fields.String(validate=CODE)
    funding_source = fields.String(validate=CODE)
    event_type = fields.Integer(validate=validate.OneOf(OPENING_EVENTS))


class OpeningWithdrawalSchema(Input):
    reason = fields.String(required=True, validate=validate.OneOf(WITHDRAWAL_REASONS),
                           metadata={"description": "why the opening is withdrawn (a code)"})


class OpeningSchema(Schema):
    id = fields.UUID()
    agency_id = fields.UUID()
    project_id = fields.String()
    unit = fields.String(allow_none=True)
    program = fields.String()
    funding_source = fields.String()
    event_type = fields.Integer()
    available_on = fields.Date(allow_none=True)
    status = fields.String(validate=validate.OneOf(OPENING_STATUSES))
    withdrawal_reason = fields.String(allow_none=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()


class ReferralCreateSchema(Input):
    """Empty: the best eligible client is proposed. An override names the client and a reason."""
    client_id = fields.UUID(load_default=None)
    override_reason = fields.String(load_default=None, validate=CODE)

    @validates_schema
    def _override(self, data: dict, **kwargs) -> None:
        if (data["client_id"] is None) != (data["override_reason"] is None):
            raise ValidationError({"override_reason": ["an override names both a client and a reason"]})


class StepSchema(Input):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    declined_by = fields.String(load_default=None, validate=validate.OneOf(DECLINERS))
    reason = fields.String(load_default=None, validate=CODE,
                           metadata={"description": "decline or cancel: one of the policy's reason codes"})


class HistorySchema(Schema):
    at = fields.AwareDateTime()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    action = fields.String()
    side = fields.String()
    actor_id = fields.UUID(allow_none=True)
    reason = fields.String(allow_none=True)


class ReferralSchema(Schema):
    id = fields.UUID()
    opening_id = fields.UUID()
    client_id = fields.UUID()
    client_agency_id = fields.UUID()
    provider_agency_id = fields.UUID()
    policy_id = fields.UUID()
    rank = fields.Integer(allow_none=True, metadata={"description": "the client's rank when matched"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    step_owner = fields.String(allow_none=True, validate=validate.OneOf(SIDES))
    due_at = fields.AwareDateTime(allow_none=True)
    stalled = fields.Boolean()
    declined_by = fields.String(allow_none=True)
    decline_reason = fields.String(allow_none=True)
    override_reason = fields.String(allow_none=True)
    referral_result = fields.Integer(allow_none=True, metadata={"description": "HUD ReferralResult"})
    requirements = fields.List(fields.Dict(), metadata={"description": "the requirements it was matched under"})
    hud_event_id = fields.String(allow_none=True, metadata={
        "description": "the HUD 4.20 Event written on the client's enrollment when it was made"})
    history = fields.List(fields.Nested(HistorySchema))
    release = fields.String(validate=validate.OneOf(RELEASE_STANDINGS), metadata={
        "description": "one referral's answer: the client's release to the provider's agency that its policy asks for, "
                       "today: not_needed, in_force, or missing (revoked or ended since; the referral stands, the "
                       "provider's reads of the client's record are refused)"})
    created_at = fields.AwareDateTime()


class ReferralQuerySchema(Input):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class SweepSchema(Schema):
    expired = fields.Integer()
    stalled = fields.Integer()
    due_soon = fields.Integer()
    unparked = fields.Integer()


# Notices: what a step's owner is told (a stall, a deadline near), while the referral is still at that step -------

class NoticeSchema(Schema):
    id = fields.UUID()
    referral_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(NOTICE_KINDS))
    step_owner = fields.String(validate=validate.OneOf(SIDES), metadata={"description": "whose step it is"})
    owner_agency_id = fields.UUID(metadata={"description": "the agency that must act"})
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "the referral's status"})
    step_since = fields.AwareDateTime(metadata={"description": "the step's last activity"})
    due_at = fields.AwareDateTime(allow_none=True, metadata={"description": "the step's deadline"})
    noticed_at = fields.AwareDateTime()
    seen = fields.Boolean(metadata={"description": "whether the signed-in user marked it seen"})


