"""What the search migration builds outside the models, so that the models-versus-migrations
comparison (tests/test_migrations.py) and autogenerate (migrations/env.py) leave it alone:
SQLite's FTS5 table `search_index` (and the shadow tables FTS5 keeps beside it) and its
triggers, PostgreSQL's expression indexes `ix_search_<table>`. These cannot be described as
models: a virtual table has no SQLAlchemy form, and an expression index on a domain's table
would have to be declared in that domain, below this package."""

from __future__ import annotations


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a reflected table or index is the search index (not the models')."""
    if not name:
        return False
    if type_ == "table":
        return name == "search_index" or name.startswith("search_index_")
    if type_ == "index":
        return name.startswith("ix_search_")
    return False


def include_name(name, type_, parent_names) -> bool:
    """Alembic's `include_name` hook: everything but the search index."""
    return not is_search_index(name, type_)
