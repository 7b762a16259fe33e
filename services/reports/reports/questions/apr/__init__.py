"""The CoC APR's questions (FY2026 shells), a module per few."""
