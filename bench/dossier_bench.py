"""Full dossier lifecycle throughput through the services (intake → forward → forward →
approve → sign → return), against a bare one-row transaction on the same database in the
same run. Uses the demo district's business-registration process (5 steps, 6 transactions).
"""

from __future__ import annotations

import secrets
import statistics
import time
from datetime import timedelta

LIFECYCLES = 200
ROUNDS = 5
TRANSACTIONS_PER_LIFECYCLE = 6


def main() -> None:
    from bench.catalogue_bench import setup_django

    setup_django()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from motcua.catalog.demo import load_demo_catalogue
    from motcua.catalog.selectors import processes_in_force
    from motcua.dossiers.lifecycle import Action
    from motcua.dossiers.models import DailySequence
    from motcua.dossiers.services import (
        ApplicantData,
        ComponentReceived,
        dossier_receive,
        dossier_return_result,
        dossier_step_act,
    )
    from motcua.org.demo import load_demo_organisation
    from motcua.org.models import Agency, Position

    load_demo_organisation(password=secrets.token_urlsafe(), reset_passwords=False)
    load_demo_catalogue(actor=Position.objects.get(user__username="admin").user)
    process = processes_in_force(timezone.localdate()).get(
        agency__code="BX.HCC", procedure__code="BX-H-001"
    )
    steps = list(process.steps.order_by("position").select_related("agency"))
    handler = {
        (p.agency_id, p.role): p.user
        for p in Position.objects.filter(is_active=True).select_related("user")
    }
    desk = Agency.objects.get(code="BX.HCC")
    components = [
        ComponentReceived(c.name, c.originals, c.copies, c.position)
        for c in process.procedure_version.components.all()
    ]

    def baseline_transaction(number: int) -> None:
        with transaction.atomic(durable=True):
            DailySequence.objects.update_or_create(
                agency=desk, day=timezone.localdate() - timedelta(days=10_000 + number)
            )

    at = timezone.now() - timedelta(days=30)

    def lifecycle() -> None:
        dossier = dossier_receive(
            actor=handler[(desk.pk, "clerk")], agency=desk, procedure_code="BX-H-001",
            applicant=ApplicantData(name="Nguyễn Văn Thử"), components=components, at=at,
        )  # fmt: skip
        for step, action in zip(
            steps[:4], (Action.FORWARD, Action.FORWARD, Action.APPROVE, Action.SIGN), strict=True
        ):
            dossier_step_act(
                actor=handler[(step.agency_id, step.role)], dossier_id=dossier.pk,
                action=action, at=at,
            )  # fmt: skip
        dossier_return_result(
            actor=handler[(desk.pk, "clerk")], dossier_id=dossier.pk, collected_by="Thử", at=at
        )

    # Rounds that alternate the two, so that a change of the machine's load in the middle of
    # the run touches both; the ratio is the median of the rounds'.
    ratios, baselines, actions = [], [], []
    done = 0
    for _round in range(ROUNDS):
        started = time.perf_counter()
        for number in range(LIFECYCLES // ROUNDS * TRANSACTIONS_PER_LIFECYCLE):
            baseline_transaction(done + number)
        done += LIFECYCLES // ROUNDS * TRANSACTIONS_PER_LIFECYCLE
        baseline = (time.perf_counter() - started) / (
            LIFECYCLES // ROUNDS * TRANSACTIONS_PER_LIFECYCLE
        )
        started = time.perf_counter()
        for _ in range(LIFECYCLES // ROUNDS):
            lifecycle()
        per_action = (time.perf_counter() - started) / (
            LIFECYCLES // ROUNDS * TRANSACTIONS_PER_LIFECYCLE
        )
        baselines.append(baseline)
        actions.append(per_action)
        ratios.append(per_action / baseline)
    with CaptureQueriesContext(connection) as queries:
        lifecycle()
    baseline, per_action = statistics.median(baselines), statistics.median(actions)
    print(f"\nDossier lifecycle on {connection.vendor}, {LIFECYCLES} dossiers × 6 actions")
    print(f"  bare one-row transaction        {baseline * 1000:7.2f} ms")
    print(
        f"  lifecycle action (service)      {per_action * 1000:7.2f} ms  "
        f"×{statistics.median(ratios):5.1f} of the bare transaction "
        f"(median of {ROUNDS} alternating rounds: "
        f"{', '.join(f'{ratio:.1f}' for ratio in ratios)})"
    )
    print(
        f"  throughput                      {1 / (per_action * TRANSACTIONS_PER_LIFECYCLE):7.1f} "
        f"dossiers/s (intake to return)"
    )
    print(
        f"  queries per action              "
        f"{len(queries) / TRANSACTIONS_PER_LIFECYCLE:7.1f} (a bare transaction: 2 to 3)"
    )


if __name__ == "__main__":
    main()
