from hmis_kit.migrations import run_env
from clients.models import metadata

run_env(metadata)
