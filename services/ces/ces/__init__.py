"""Coordinated Entry: assessments, prioritization, matching clients to housing openings, referrals."""
