"""The forward agenda (the next twelve months), forward plan entries and the annual workplan."""
