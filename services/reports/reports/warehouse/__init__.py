"""The HUD-shaped warehouse reports are computed from (docs/reports.md, "The warehouse"): every HMIS CSV
file's records, from the clients service (kept current by its events, rebuilt in bulk) and from exports
loaded as sources of their own. Names and SSNs are never in it: the clients service hands over verdicts."""
