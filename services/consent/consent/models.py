"""Tables of the consent service. Its own tables arrive with their issue; the outbox and inbox are the kit's."""
import sqlalchemy as sa

metadata = sa.MetaData()
