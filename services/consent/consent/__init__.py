"""Consent: HMIS sharing (MPA), CIE and release-of-information records, and their status per client."""
