"""The Constitution: versions of numbered parts and clauses, the decision rules each version
carries, amendments and their adoption."""
