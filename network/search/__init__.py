"""Search across the network's records: read-only, on top of the domains; nothing imports it
(but the composition root)."""
