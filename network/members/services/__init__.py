"""Every state change of the members domain: sign-in, people and offices, API tokens."""
