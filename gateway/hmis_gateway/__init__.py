"""The API gateway: the only public door. Authenticates, asks the policy engine, logs the decision,
and only then calls the owning service over nameko RPC."""
