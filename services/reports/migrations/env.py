from hmis_kit.migrations import run_env
from reports.models import metadata

run_env(metadata)
