"""HUD's HMIS specifications, one package per fiscal year (`hud.fy2026`): the CSV format as data, the
rules for one record (and their SQL), and the record tables built from them.

HUD publishes a new specification every October; each gets its own package beside the older ones, which
stay as they are, because a migration that built tables from one imports it by year (docs/hud.md).
Code that follows the specification in force imports `hud.<CURRENT>` (`from hud.fy2026.spec import
FILES`); tests/unit/test_hud_fiscal_years.py holds every such import to CURRENT, so moving to a new year
is changing CURRENT and then each import the test names.

The package imports no service, no gateway and nothing of the kit: data, plain rules, SQL text and
SQLAlchemy tables only.
"""

CURRENT = "fy2026"
