from clients.models import metadata
from hmis_kit.audit import audit_metadata
from hmis_kit.migrations import run_env

run_env(metadata, audit_metadata)
