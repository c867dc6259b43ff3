"""Fixtures borrowed from the elections tests."""

from tests.governance.conftest import network  # noqa: F401 - a fixture for these tests
