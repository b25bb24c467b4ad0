"""Saving a legal regime: its neighbours' dates follow, and the whole table is checked before
anything is written (no overlap, no gap, a pattern that makes codes)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.transactions import outermost
from motcua.legal.defaults import DEFAULT_REGIMES
from motcua.legal.models import LegalRegime
from motcua.legal.regimes import RegimeError, Span, check_coverage, check_pattern, span_for


def _neighbours_following(regime: LegalRegime, others: list[LegalRegime]) -> list[LegalRegime]:
    """The regimes whose dates change with `regime`'s: moving a boundary moves it for both
    sides (the regime before ends the day before; the one after starts the day after)."""
    start = regime.valid_from or date.min
    before = [o for o in others if (o.valid_from or date.min) < start]
    after = [o for o in others if (o.valid_from or date.min) > start]
    changed = []
    if before and regime.valid_from is not None:
        previous = max(before, key=lambda o: o.valid_from or date.min)
        end = regime.valid_from - timedelta(days=1)
        if previous.valid_to != end:
            previous.valid_to = end
            changed.append(previous)
    if after and regime.valid_to is not None:
        following = min(after, key=lambda o: o.valid_from or date.min)
        begin = regime.valid_to + timedelta(days=1)
        if following.valid_from != begin:
            following.valid_from = begin
            changed.append(following)
    return changed


def regime_table_check(regime: LegalRegime, others: list[LegalRegime]) -> list[LegalRegime]:
    """The neighbours to save with `regime`; RegimeError when the table would not hold."""
    check_pattern(regime.code_pattern)
    changed = _neighbours_following(regime, others)
    check_coverage([regime.span(), *(o.span() for o in others)])
    return changed


def regime_save(*, regime: LegalRegime) -> LegalRegime:
    """Save a regime and the neighbours whose dates follow it, all or nothing (each change is
    kept in the regime's history with who made it)."""
    with outermost():
        others = list(LegalRegime.objects.select_for_update().exclude(pk=regime.pk))
        try:
            changed = regime_table_check(regime, others)
        except RegimeError as error:
            raise DomainError(str(error)) from None
        for neighbour in changed:
            neighbour.save(update_fields=["valid_from", "valid_to"])
        regime.save()
    return regime


def regime_for(day: date) -> LegalRegime:
    """The regime in force on `day` (a dossier's receipt date)."""
    regimes = {regime.code: regime for regime in LegalRegime.objects.all()}
    if not regimes:  # never configured, or emptied: the legal defaults, written down again
        for row in DEFAULT_REGIMES:
            regime, _created = LegalRegime.objects.get_or_create(code=row["code"], defaults=row)
            regimes[regime.code] = regime
    try:
        return regime_among(list(regimes.values()), day)
    except RegimeError:
        raise DomainError(
            _("No legal regime covers %(day)s: an administrator completes the regimes' dates.")
            % {"day": f"{day:%d/%m/%Y}"}
        ) from None


def regime_among(regimes: list[LegalRegime], day: date) -> LegalRegime:
    """The regime of `day` among rows already read (RegimeError when none covers it)."""
    span: Span = span_for([regime.span() for regime in regimes], day)
    return next(regime for regime in regimes if regime.code == span.code)
