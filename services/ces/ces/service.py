"""The ces service: its database, its event relay, health and status. Rules arrive with their issue."""
from hmis_kit.db import Database
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase


class CesService(ServiceBase):
    name = "ces"
    db = Database("ces")
    outbox_relay = OutboxRelay("ces")
