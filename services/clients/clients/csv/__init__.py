"""HMIS CSV FY2026: import, export and a synthetic data generator."""
