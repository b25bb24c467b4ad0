"""Public catalogue pages with 5,000 procedures: server time per page against a bare view.

Loads 5,000 procedures in force (bulk inserts, once per database), then renders through the
full middleware stack with Django's test client: the accent-free search (common words, a rare
word, filters), the procedure page, and /health/ as the baseline of the same run. Goal: every
page under 100 ms. Runs on the configured database (SQLite by default, DATABASE_URL for
PostgreSQL).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

PROCEDURES = 5_000
PREFIX = "BENCH."


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_catalogue() -> None:
    from django.db import connection, transaction

    from motcua.catalog.models import (
        Field,
        Level,
        Procedure,
        ProcedureVersion,
        RequiredComponent,
        VersionStatus,
    )
    from motcua.catalog.services import procedure_search_key

    if Procedure.objects.filter(code__startswith=PREFIX).count() == PROCEDURES:
        return
    sample = json.loads(
        (Path(__file__).parent.parent / "motcua/catalog/data/procedures-demo.json").read_text()
    )["procedures"]
    with transaction.atomic():
        Procedure.objects.filter(code__startswith=PREFIX).delete()
        fields = {
            name: Field.objects.get_or_create(name=name)[0]
            for name in {item["field"] for item in sample}
        }
        procedures = Procedure.objects.bulk_create(
            Procedure(code=f"{PREFIX}{number:05d}") for number in range(PROCEDURES)
        )
        versions = []
        for number, procedure in enumerate(procedures):
            item = sample[number % len(sample)]
            name = f"{item['name']} (mẫu {number})"
            versions.append(
                ProcedureVersion(
                    procedure=procedure,
                    number=1,
                    status=VersionStatus.PUBLISHED,
                    effective_from=date(2018, 1, 1),
                    name=name,
                    search_folded=procedure_search_key(procedure.code, name),
                    field=fields[item["field"]],
                    level=Level(item["level"]),
                    implementing_agency=item["implementing_department"] or "UBND cấp xã",
                    deciding_agency="Chủ tịch UBND",
                    time_limit_value=item["time_limit"]["value"],
                    time_limit_unit=item["time_limit"]["unit"],
                    fee_text=item["fee"],
                    result=item["result"],
                    legal_basis=item["legal_basis"],
                )
            )
        versions = ProcedureVersion.objects.bulk_create(versions, batch_size=500)
        RequiredComponent.objects.bulk_create(
            (
                RequiredComponent(version=version, position=position, name=name)
                for number, version in enumerate(versions)
                for position, name in enumerate(sample[number % len(sample)]["components"], 1)
            ),
            batch_size=1000,
        )
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics until autovacuum runs.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median_ms(client: object, url: str, *, rounds: int = 30) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.MOTCUA_PUBLIC_RATE_LIMIT = 10**9  # measuring the page, not the limiter
    started = time.perf_counter()
    load_catalogue()
    print(
        f"\nCatalogue pages, {PROCEDURES:,} procedures on {connection.vendor} "
        f"(loaded in {time.perf_counter() - started:.1f} s)"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    baseline = median_ms(client, "/health/")
    pages = {
        "search 'dang ky' (common words)": "/procedures/?q=dang+ky",
        "search 'karaoke' (rare word)": "/procedures/?q=karaoke",
        "search + level filter, page 5": "/procedures/?q=cap&level=district&page=5",
        "no query (first page of all)": "/procedures/",
        "procedure page": f"/procedures/{PREFIX}00042/",
    }
    print(f"  {'baseline /health/':<36} {baseline:7.2f} ms")
    for label, url in pages.items():
        ms = median_ms(client, url)
        verdict = "ok" if ms < 100 else "OVER 100 ms"
        print(f"  {label:<36} {ms:7.2f} ms  ×{ms / baseline:5.1f} of baseline  [{verdict}]")


if __name__ == "__main__":
    main()
