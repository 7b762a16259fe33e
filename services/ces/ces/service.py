"""The CES service: RPC wiring only; the rules are in domain.py."""
from ces import domain
from ces.contract import schemas
from hmis_kit.db import Database
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc


class CesService(ServiceBase):
    name = "ces"
    db = Database()
    outbox_relay = OutboxRelay()

    @rpc
    def prioritization_list(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.QueueEntrySchema(many=True).dump(domain.prioritization_list(session))
