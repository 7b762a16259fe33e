"""Identity: the trust network of agencies, users, sessions and partner API keys."""
