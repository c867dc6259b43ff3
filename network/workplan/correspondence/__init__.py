"""The queries and correspondence log. Named `correspondence`, not `queries`, because every
sub-package keeps its reads in a module called `queries.py`: `workplan.queries.queries`
would read as a mistake and clash with that fixed name."""
