from hmis_gateway.models import metadata
from hmis_kit.migrations import run_env

run_env(metadata)
