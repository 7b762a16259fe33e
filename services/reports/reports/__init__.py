"""Reporting read model: every event kept, and the counts and HUD reports built from them."""
