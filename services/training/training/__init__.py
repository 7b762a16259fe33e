"""Training compliance: course catalogue, sessions, quizzes, completions, each user's status."""
