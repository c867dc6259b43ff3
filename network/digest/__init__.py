"""The scheduler's jobs: outbox delivery and election timetables (digests come later)."""
