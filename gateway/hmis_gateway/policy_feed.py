"""Keeps the gateway's policy data current from identity's, training's and consent's events (its own
nameko process)."""
from __future__ import annotations

from consent.contract import events as consent_events
from hmis_gateway import network
from hmis_kit.db import Database
from hmis_kit.inbox import handles
from hmis_kit.service import ServiceBase
from identity.contract import events as identity_events
from training.contract import events as training_events

TRAINING_FACTS = {"license_training_complete": "license_training", "mandatory_current": "mandatory_current",
                  "ces_workflow_complete": "ces_workflow", "overdue": "overdue"}


class PolicyFeedService(ServiceBase):
    name = "policy_feed"
    db = Database("gateway")  # the gateway's database, which this feed keeps current (not one of its own)

    @handles(identity_events.AGENCY_CREATED)
    def agency_created(self, session, event):
        network.set_agency_status(session, event.data["agency_id"], event.data["status"])

    @handles(identity_events.AGENCY_STATUS_CHANGED)
    def agency_status_changed(self, session, event):
        network.set_agency_status(session, event.data["agency_id"], event.data["status"])

    @handles(identity_events.USER_CREATED)
    def user_created(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], active=True)

    @handles(identity_events.USER_REACTIVATED)
    def user_reactivated(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], active=True)

    @handles(identity_events.USER_DEACTIVATED)
    def user_deactivated(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], active=False)

    @handles(identity_events.LICENSE_CHANGED)
    def license_changed(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], license=event.data["status"])

    @handles(consent_events.RECORDED)
    def consent_recorded(self, session, event):
        network.follow_consent(session, event.data)

    @handles(consent_events.REVOKED)
    def consent_revoked(self, session, event):
        network.follow_consent(session, event.data)

    @handles(training_events.COMPLIANCE_CHANGED)
    def training_changed(self, session, event):
        facts = {column: event.data[key] for key, column in TRAINING_FACTS.items()}
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], **facts)
