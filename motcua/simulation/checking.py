"""`--check`: compare a result with a scenario's expectations (any subset of its shape)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.simulation.scenario import LOCAL


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        # Instants may be written in local time without the offset: compare as instants.
        try:
            return _instant(expected) == _instant(actual)
        except ValueError:
            return False
    return bool(expected == actual)


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace(" ", "T"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    return moment


def mismatches(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Every place where `actual` differs from `expected` (keys absent from `expected` are not
    checked), as `where: expected X, got Y`."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or 'result'}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            path = f"{where}.{key}" if where else str(key)
            if key not in actual:
                found.append(f"{path}: missing from the result")
                continue
            found += mismatches(value, actual[key], path)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: {actual!r}"]
        found = []
        for index, (value, got) in enumerate(zip(expected, actual, strict=True)):
            found += mismatches(value, got, f"{where}[{index}]")
        return found
    if not _same(expected, actual):
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []
