"""The dossier gauges Prometheus reads (core.metrics; settings.MOTCUA_METRICS_COLLECTORS)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from motcua.core.metrics import Gauge
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import overdue_now


def gauges() -> Iterator[Gauge]:
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    yield Gauge(
        "motcua_dossiers_received_today", "Dossiers received since local midnight",
        Dossier.objects.filter(received_at__gte=midnight).count(),
    )  # fmt: skip
    yield Gauge(
        "motcua_dossiers_overdue", "Open dossiers past their appointment now",
        Dossier.objects.filter(overdue_now()).count(),
    )  # fmt: skip
