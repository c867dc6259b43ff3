"""The home dashboards: read-only panels over members, workplan and governance.

Nothing imports this package except the home view (lazily); it reads the domains only
through their models and queries modules and changes nothing."""
