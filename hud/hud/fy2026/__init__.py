"""HUD's FY2026 HMIS CSV Format Specifications.

columns.csv, lists.csv: the spec as data (files, columns in order, types, value lists); spec.py loads it.
rules.py: HUD's rules for one record, as the API applies them. checks.py: the same rules compiled to SQL
over a staged file. tables.py: the records as SQLAlchemy tables. Nothing here changes once a migration
has built tables from it (docs/hud.md): the next fiscal year is a package of its own.
"""
