from hmis_kit.migrations import run_env
from consent.models import metadata

run_env(metadata)
