"""Imports every model module so the metadata (and Alembic) sees all tables."""

from network import audit, email  # noqa: F401
from network.governance import models as governance_models  # noqa: F401
from network.members import models as members_models  # noqa: F401
from network.workplan import models as workplan_models  # noqa: F401
