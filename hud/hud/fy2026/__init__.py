"""HUD's FY2026 HMIS CSV Format Specifications.

columns.csv, lists.csv: the spec as data (files, columns in order, types, value lists); spec.py loads it.
rules.py: HUD's rules for one record, as the API applies them. checks.py: the same rules compiled to SQL
over a staged file. tables.py: the records as SQLAlchemy tables. Migrations have built tables from this
package, so it changes only to bring the data to HUD's own text, with a migration that brings databases
along; the next fiscal year is a package of its own (docs/hud.md).
"""
