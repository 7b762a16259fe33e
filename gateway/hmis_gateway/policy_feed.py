"""Keeps the gateway's policy data current from identity's, training's and consent's events (its own
nameko process)."""
from __future__ import annotations

from hmis_gateway import network
from hmis_kit.db import Database
from hmis_kit.inbox import handles
from hmis_kit.service import ServiceBase

TRAINING_FACTS = {"license_training_complete": "license_training", "mandatory_current": "mandatory_current",
                  "ces_workflow_complete": "ces_workflow", "overdue": "overdue"}


class PolicyFeedService(ServiceBase):
    name = "policy_feed"
    db = Database("gateway")  # the gateway's database, which this feed keeps current (not one of its own)

    @handles("identity.agency.created")
    def agency_created(self, session, event):
        network.set_agency_status(session, event.data["agency_id"], event.data["status"])

    @handles("identity.agency.status_changed")
    def agency_status_changed(self, session, event):
        network.set_agency_status(session, event.data["agency_id"], event.data["status"])

    @handles("identity.user.created")
    def user_created(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], active=True)

    @handles("identity.user.deactivated")
    def user_deactivated(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], active=False)

    @handles("identity.license.changed")
    def license_changed(self, session, event):
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], license=event.data["status"])

    @handles("consent.consent.recorded")
    def consent_recorded(self, session, event):
        network.follow_consent(session, event.data)

    @handles("consent.consent.revoked")
    def consent_revoked(self, session, event):
        network.follow_consent(session, event.data)

    @handles("training.compliance.changed")
    def training_changed(self, session, event):
        facts = {column: event.data[key] for key, column in TRAINING_FACTS.items()}
        network.set_user_facts(session, event.data["user_id"], event.data["agency_id"], **facts)
