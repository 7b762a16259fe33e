"""HUD's FY2026 HMIS CSV Format Specifications as data: files, columns in order, types, value lists."""
