"""Coordinated Entry tables: the community's instruments, policies and requirements (versioned data), the
assessments and the prioritization list they feed, housing openings, and referrals with their history."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

metadata = sa.MetaData()


def _created() -> list[sa.Column]:
    return [sa.Column("created_by", UUID(as_uuid=True), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())]


# An instrument's versions share its code; the one in force on a date is the newest in effect by then.
instruments = sa.Table(
    "instruments", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("items", JSONB, nullable=False),
    sa.Column("bands", JSONB, nullable=False),
    *_created(),
    sa.UniqueConstraint("code", "version"),
)

# The prioritization policy in force is the newest version of any code in effect (docs/ces.md).
policies = sa.Table(
    "policies", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("sort_keys", JSONB, nullable=False),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("workflow", JSONB, nullable=False),
    *_created(),
    sa.UniqueConstraint("code", "version"),
)

requirements = sa.Table(
    "requirements", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("level", sa.Text, nullable=False),   # program, funding_source, project, unit
    sa.Column("target", sa.Text, nullable=False),  # which one of its level
    sa.Column("attribute", sa.Text, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),    # must, must_not
    sa.Column("value", JSONB, nullable=True),
    *_created(),
    sa.Index("ix_requirements_level_target", "level", "target"),
)

assessments = sa.Table(
    "assessments", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("enrollment_id", sa.Text, nullable=False),
    sa.Column("instrument_id", UUID(as_uuid=True), sa.ForeignKey("instruments.id"), nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("answers", JSONB, nullable=False),
    sa.Column("facts", JSONB, nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("band", sa.Text, nullable=True),
    sa.Column("recommendation", sa.Text, nullable=True),
    sa.Column("hud_assessment_id", sa.Text, nullable=False),  # the 4.19 record on the enrollment
    *_created(),
)

# The prioritization list: one row per assessed client, with the attributes a policy sorts on and the facts
# requirements test (from their latest assessment), their place (status, park) and the CES team's manual rank.
list_entries = sa.Table(
    "list_entries", metadata,
    sa.Column("client_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("enrollment_id", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # active, housed, deceased, inactive
    sa.Column("parked_until", sa.Date, nullable=True),
    sa.Column("assessment_id", UUID(as_uuid=True), nullable=False),
    sa.Column("score", sa.Integer, nullable=True),
    sa.Column("recommendation", sa.Text, nullable=True),
    sa.Column("assessed_on", sa.Date, nullable=True),
    sa.Column("chronic", sa.Boolean, nullable=True),
    sa.Column("days_homeless_3y", sa.Integer, nullable=True),
    sa.Column("unsheltered_nights", sa.Integer, nullable=True),
    sa.Column("veteran", sa.Boolean, nullable=True),
    sa.Column("household_type", sa.Text, nullable=True),
    sa.Column("first_homeless_on", sa.Date, nullable=True),
    sa.Column("age", sa.Integer, nullable=True),
    sa.Column("ami_percent", sa.Integer, nullable=True),
    sa.Column("disability_verified", sa.Boolean, nullable=True),
    sa.Column("manual_rank", sa.Integer, nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Index("ix_list_entries_status", "status"),
)

openings = sa.Table(
    "openings", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False, index=True),  # the provider
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=True),
    sa.Column("program", sa.Text, nullable=False),
    sa.Column("funding_source", sa.Text, nullable=False),
    sa.Column("event_type", sa.Integer, nullable=False),  # HUD 4.20 EventType of a referral to it
    sa.Column("available_on", sa.Date, nullable=True),  # the day the unit or voucher can be taken up
    sa.Column("status", sa.Text, nullable=False),  # rules.OPENING_STATUSES
    sa.Column("withdrawal_reason", sa.Text, nullable=True),  # rules.WITHDRAWAL_REASONS
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_by", UUID(as_uuid=True), nullable=True),
    *_created(),
)

referrals = sa.Table(
    "referrals", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("opening_id", UUID(as_uuid=True), sa.ForeignKey("openings.id"), nullable=False),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("client_agency_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("provider_agency_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("enrollment_id", sa.Text, nullable=False),
    sa.Column("policy_id", UUID(as_uuid=True), sa.ForeignKey("policies.id"), nullable=False),
    sa.Column("rank", sa.Integer, nullable=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("step_owner", sa.Text, nullable=True),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("stalled", sa.Boolean, nullable=False, server_default=sa.false()),
    # its step's owner was told the deadline is near (once a step; any step clears it, like `stalled`)
    sa.Column("due_soon_sent", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("declined_by", sa.Text, nullable=True),
    sa.Column("decline_reason", sa.Text, nullable=True),
    sa.Column("override_reason", sa.Text, nullable=True),
    sa.Column("referral_result", sa.Integer, nullable=True),
    sa.Column("requirements", JSONB, nullable=False),  # the snapshot it was matched under
    sa.Column("hud_event_id", sa.Text, nullable=True),  # the 4.20 Event it wrote on the client's enrollment
    *_created(),
    # An opening is locked by one active referral at a time.
    sa.Index("ux_referrals_active_opening", "opening_id", unique=True,
             postgresql_where=sa.text("status IN ('pending', 'in_process')")),
)

referral_history = sa.Table(
    "referral_history", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("from_status", sa.Text, nullable=True),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("side", sa.Text, nullable=False),
    sa.Column("actor_id", UUID(as_uuid=True), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),  # a code of the policy's
)

# Notices (ces.notices): a read model of the ces.referral.stalled and ces.referral.due_soon events, one per referral,
# kind and step (the step's last activity, `step_since`), addressed to the step's owner and their agency. A notice
# is current while its referral is still at that step; who has seen it is kept per user.
notices = sa.Table(
    "notices", metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),           # stalled, due_soon
    sa.Column("step_owner", sa.Text, nullable=False),     # case_worker, provider
    sa.Column("owner_agency_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("step_since", sa.DateTime(timezone=True), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("referral_id", "kind", "step_since"),
)

notice_seen = sa.Table(
    "notice_seen", metadata,
    sa.Column("notice_id", UUID(as_uuid=True), sa.ForeignKey("notices.id"), primary_key=True),
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)
