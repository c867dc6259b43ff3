"""The record as a whole: the hand-over export, its restore, and data protection (subject
access, erasure of people who have left, retention). Reads every domain; nothing imports it
but the composition root and the scheduler."""
