"""The members domain: offices, people, roles, sign-in, and the policy table."""
