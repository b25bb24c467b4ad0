"""`make bench`: every benchmark, each printing its ratios against a baseline of the same run."""

from __future__ import annotations

from bench import (
    calendar_bench,
    catalogue_bench,
    dossier_bench,
    index_bench,
    portal_bench,
    search_bench,
    signature_bench,
    stats_bench,
)

if __name__ == "__main__":
    calendar_bench.main()
    catalogue_bench.main()
    search_bench.main()
    dossier_bench.main()
    stats_bench.main()
    index_bench.main()
    portal_bench.main()
    signature_bench.main()
