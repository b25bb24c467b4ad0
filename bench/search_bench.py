"""Search that forgives, measured: the share of everyday queries (bench/data/search_queries.json,
each with the procedure it should find) found in the first three results, against the former
search (every folded word must appear in the name or code) in the same run, and the time per
query. Runs on the configured database with the demo catalogue (loaded if absent)."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

QUERIES = Path(__file__).parent / "data" / "search_queries.json"


def main() -> None:
    from bench.catalogue_bench import setup_django

    setup_django()
    from django.utils import timezone

    from motcua.catalog.demo import load_demo_catalogue
    from motcua.catalog.selectors import procedure_search, procedure_versions_in_force
    from motcua.core.text import fold
    from motcua.org.demo import load_demo_organisation
    from motcua.org.models import Position

    load_demo_organisation(password=secrets.token_urlsafe(), reset_passwords=False)
    load_demo_catalogue(actor=Position.objects.get(user__username="admin").user)
    today = timezone.localdate()
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))

    def former(query: str) -> list[str]:
        versions = procedure_versions_in_force(today)
        for word in fold(query).split()[:8]:
            versions = versions.filter(search_folded__contains=word)
        return list(versions.order_by("name").values_list("name", flat=True)[:3])

    def forgiving(query: str) -> list[str]:
        return [version.name for version in procedure_search(day=today, query=query)[:3]]

    procedure_search(day=today, query="khai sinh")  # the index, built once per catalogue
    results = {}
    for name, search in (("former search", former), ("forgiving search", forgiving)):
        started = time.perf_counter()
        hits = sum(item["expect"] in search(item["q"]) for item in queries)
        elapsed = (time.perf_counter() - started) / len(queries)
        results[name] = (hits, elapsed)
    print(f"\nSearch, {len(queries)} everyday queries on the demo catalogue")
    base_hits, base_time = results["former search"]
    for name, (hits, elapsed) in results.items():
        print(
            f"  {name:18} found in the first three: {hits:3}/{len(queries)} "
            f"({hits / len(queries):5.1%})   {elapsed * 1000:6.2f} ms/query "
            f"(×{elapsed / base_time:.2f})"
        )
    print(f"  goal: ≥ 90% found; former search found {base_hits / len(queries):.0%}")


if __name__ == "__main__":
    main()
