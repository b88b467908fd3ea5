"""Models of the dashboards app; each feature keeps its models in a module of its own, imported here."""

from kinerja.dashboards.models_reality import SignalReview, SignalSighting  # noqa: F401
from kinerja.dashboards.models_supervision import (  # noqa: F401
    SupervisionAnswer,
    SupervisionAssignment,
    SupervisionRequest,
)
