"""Client records: people, projects and enrollments on HUD's HMIS Data Standards."""
