"""Legal regimes as data, without Django: which regime a receipt date falls in, whether a set of
regimes covers time without overlap or gap, and the dossier code a regime's pattern makes.

A regime is the set of one-stop rules in force between two dates: Decree 61/2018/NĐ-CP with
Circular 01/2018/TT-VPCP, then Decree 118/2025/NĐ-CP with Circular 03/2025/TT-VPCP from
01/07/2025. A dossier follows the regime of its receipt date for its whole life.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


class RegimeError(ValueError):
    """A regime table or pattern that cannot be used; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Span:
    code: str
    valid_from: date | None  # None: since the first records
    valid_to: date | None  # inclusive; None: still in force


def check_coverage(spans: Sequence[Span]) -> None:
    """Consecutive, without overlap or gap, from an open start to an open end."""
    if not spans:
        raise RegimeError("At least one legal regime is needed.")
    ordered = sorted(spans, key=lambda span: span.valid_from or date.min)
    if ordered[0].valid_from is not None:
        raise RegimeError(
            f"The first regime ({ordered[0].code}) must have no start date: "
            "dossiers received before it would follow no rules."
        )
    for span in ordered:
        if (
            span.valid_to is not None
            and span.valid_from is not None
            and span.valid_to < span.valid_from
        ):
            raise RegimeError(f"Regime {span.code} ends before it starts.")
    for earlier, later in itertools.pairwise(ordered):
        if earlier.valid_to is None:
            raise RegimeError(f"Regime {earlier.code} has no end date but {later.code} follows it.")
        assert later.valid_from is not None
        if later.valid_from <= earlier.valid_to:
            raise RegimeError(f"Regimes {earlier.code} and {later.code} overlap.")
        if later.valid_from != earlier.valid_to + timedelta(days=1):
            raise RegimeError(
                f"Between regimes {earlier.code} and {later.code} the days "
                f"{earlier.valid_to + timedelta(days=1):%d/%m/%Y}–"
                f"{later.valid_from - timedelta(days=1):%d/%m/%Y} follow no regime."
            )
    if ordered[-1].valid_to is not None:
        raise RegimeError(f"The last regime ({ordered[-1].code}) must have no end date.")


def span_for(spans: Sequence[Span], day: date) -> Span:
    for span in spans:
        if (span.valid_from is None or span.valid_from <= day) and (
            span.valid_to is None or day <= span.valid_to
        ):
            return span
    raise RegimeError(f"No legal regime covers {day:%d/%m/%Y}.")


# What a code pattern may use: {agency} (the agency's code), {electronic_id} (its electronic
# identifier, Decision 20/2020/QĐ-TTg), {date:...} (the receipt date), {platform} (the platform
# owner's two digits) and {seq:0Nd} (the agency's daily sequence, gap-free).
CODE_FIELDS = frozenset({"agency", "electronic_id", "date", "platform", "seq"})
CODE_MAX_LENGTH = 80


def check_pattern(pattern: str) -> None:
    fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    unknown = fields - CODE_FIELDS
    if unknown:
        raise RegimeError(f"Unknown fields in the code pattern: {', '.join(sorted(unknown))}.")
    if not {"date", "seq"} <= fields:
        raise RegimeError("A code pattern needs the receipt date {date:%y%m%d} and {seq:04d}.")
    if not fields & {"agency", "electronic_id"}:
        raise RegimeError("A code pattern needs the agency: {agency} or {electronic_id}.")
    try:
        sample = dossier_code(
            pattern, agency="H38.AB", electronic_id="H38.01.02", day=date(2025, 7, 1),
            platform="00", seq=9999,
        )  # fmt: skip
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise RegimeError(f"The code pattern {pattern!r} cannot be filled: {error}.") from None
    if len(sample) > CODE_MAX_LENGTH:
        raise RegimeError(f"Codes from {pattern!r} would exceed {CODE_MAX_LENGTH} characters.")


def dossier_code(
    pattern: str, *, agency: str, electronic_id: str, day: date, platform: str, seq: int
) -> str:
    if "{electronic_id" in pattern and not electronic_id:
        raise RegimeError(f"Agency {agency} has no electronic identifier, which the code needs.")
    return pattern.format(
        agency=agency, electronic_id=electronic_id, date=day, platform=platform, seq=seq
    )
