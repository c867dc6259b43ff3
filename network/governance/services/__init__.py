"""Every state change of the governance domain."""
