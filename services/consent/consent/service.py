"""The consent service: its database, its event relay, health and status. Rules arrive with their issue."""
from hmis_kit.db import Database
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase


class ConsentService(ServiceBase):
    name = "consent"
    db = Database("consent")
    outbox_relay = OutboxRelay("consent")
