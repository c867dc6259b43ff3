"""Every state change of the workplan domain."""
