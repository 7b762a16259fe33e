from hmis_kit.audit import audit_metadata
from hmis_kit.migrations import run_env
from ces.models import metadata

run_env(metadata, audit_metadata)
