"""Keeps the gateway's policy data current from identity's events (runs as its own nameko process)."""
from __future__ import annotations

from hmis_kit.db import Database
from hmis_kit.inbox import handles
from hmis_kit.service import ServiceBase

from hmis_gateway import network


class PolicyFeedService(ServiceBase):
    name = "policy_feed"
    db = Database("gateway")

    @handles("identity.agency.created")
    def agency_created(self, session, event):
        network.set_agency_status(session, event.data["agency_id"], event.data["status"])
