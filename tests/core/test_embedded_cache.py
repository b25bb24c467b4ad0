"""The embedded cache of `make run` (no Redis): one store for every process, whose counters —
the rate limits — count exactly when several processes increment them at once."""

from __future__ import annotations

import multiprocessing

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string


def _embedded(location: str) -> BaseCache:
    config = {**settings.EMBEDDED_CACHE, "LOCATION": location}
    backend = import_string(str(config.pop("BACKEND")))
    cache: BaseCache = backend(config.pop("LOCATION"), config)
    return cache


def _hammer(location: str, times: int) -> None:
    cache = _embedded(location)
    for _ in range(times):
        cache.incr("rate:203.0.113.9")
    cache.close()


def test_counters_are_exact_when_processes_increment_together(tmp_path):
    location = str(tmp_path / "cache")
    first = _embedded(location)
    assert first.add("rate:203.0.113.9", 0, timeout=60)
    first.close()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_hammer, args=(location, 400)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert _embedded(location).get("rate:203.0.113.9") == 1600


def test_the_embedded_cache_keeps_values_and_refuses_a_missing_counter(tmp_path):
    cache = _embedded(str(tmp_path / "cache"))
    cache.set("tracking:BX-1", {"status": "Đã tiếp nhận"}, timeout=60)
    assert cache.get("tracking:BX-1") == {"status": "Đã tiếp nhận"}
    assert cache.add("tracking:BX-1", "other") is False
    try:
        cache.incr("nobody")
    except ValueError:
        pass
    else:
        raise AssertionError("incr of a missing key must raise ValueError (rate limits rely on it)")


def test_make_run_uses_it_when_there_is_no_redis():
    if settings.REDIS_URL:
        assert caches["default"].__class__.__name__ == "RedisCache"
    else:
        assert caches["default"].__class__.__name__ == "DjangoCache"
