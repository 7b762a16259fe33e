"""The RPCs of a service that keeps an audit trail of client-data access (hmis_kit.audit), mixed into its class:
the gateway's audit verification and compliance views ask each audited service the same two questions."""
from __future__ import annotations

from hmis_kit import audit
from hmis_kit.audit import AccessQuerySchema, AccessSchema
from hmis_kit.errors import load_or_fail
from hmis_kit.service import rpc


class KeepsAuditTrail:
    """Mixed into a service whose database holds an audit trail; the service's `db` is its Database."""

    @rpc
    def audit_verification(self) -> dict:
        """The audit chain checked now, row by row and against its signed head (hmis_kit.audit.verify)."""
        with self.db.connect() as connection:
            return audit.verification(connection)

    @rpc
    def access_log(self, filters: dict) -> list[dict]:
        """Audit rows for compliance officers, filtered (see hmis_kit.audit.search)."""
        query = load_or_fail(AccessQuerySchema(), filters)
        with self.db.transaction() as session:
            return AccessSchema(many=True).dump(audit.search(session, query))
