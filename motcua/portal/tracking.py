"""The tracking page's content, cached per dossier and language until the dossier changes.

Citizens look their dossier up far more often than it changes, and the lookup must stay cheap
under load (bench/portal_bench.py): the part of the page that depends on the dossier — status,
steps, history — is rendered once and kept in the cache with the secret it must be opened with.
Any save of the dossier (every action that changes what the applicant sees saves it) or of its
rating drops the entry once the transaction commits; entries also expire after a few minutes, as
a safety net for bulk updates.
Codes that do not exist are cached too, and the body is rendered only for a visitor who gave the
right secret: a wrong secret costs the same one-row lookup for a real code as for a made-up one,
so the time of the answer does not tell whether a code exists.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.utils.translation import get_language

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.portal.models import Rating
from motcua.portal.selectors import public_steps, public_timeline
from motcua.signatures.selectors import valid_result
from motcua.surveys.models import Invitation
from motcua.surveys.selectors import waiting_invitation

TTL_SECONDS = 300
# Part of every key: bump it when what is cached changes shape, so that a new release never
# reads an entry an older one wrote.
FORMAT = 7


@dataclass(frozen=True)
class Tracking:
    code: str
    secret: str
    body: str  # the rendered dossier part of the page ("" until the secret was given once)
    awaiting: bool  # the supplementation upload form is shown
    can_rate: bool
    rated: bool
    has_receipt: bool
    built: str  # tells one build of this content from the next
    signed_result: bool = False  # an electronic result, signed and valid, to download
    page: str = ""  # the whole page as an anonymous visitor gets it, once rendered
    survey: str = ""  # the token of the satisfaction survey's invitation, while it waits


def _key(code: str, language: str) -> str:
    return f"portal:track:{FORMAT}:{language}:{code}"


def _find(code: str) -> Tracking | None:
    """The facts of the dossier with this code, from one row; its body is not rendered yet."""
    dossier = (
        Dossier.objects.exclude(status=DossierStatus.DRAFT)
        .filter(Q(code=code) | Q(reference=code))
        .values("secret", "status")
        .first()
    )
    if dossier is None:
        return None
    return Tracking(
        code=code,
        secret=dossier["secret"],
        body="",
        awaiting=dossier["status"] == DossierStatus.AWAITING_SUPPLEMENT,
        can_rate=False,
        rated=False,
        has_receipt=dossier["status"] != DossierStatus.NOT_RECEIVED,
        built=secrets.token_hex(8),
    )


def _build(code: str) -> Tracking | None:
    dossier = (
        Dossier.objects.select_related("agency", "procedure_version")
        .exclude(status=DossierStatus.DRAFT)
        .filter(Q(code=code) | Q(reference=code))
        .first()
    )
    if dossier is None:
        return None
    rated = Rating.objects.filter(dossier=dossier).exists()
    invitation = waiting_invitation(dossier.pk)
    body = render_to_string(
        "portal/_track_body.html",
        {"dossier": dossier, "steps": public_steps(dossier), "timeline": public_timeline(dossier)},
    )
    return Tracking(
        code=code,
        secret=dossier.secret,
        body=body,
        awaiting=dossier.status == DossierStatus.AWAITING_SUPPLEMENT,
        can_rate=dossier.status == DossierStatus.RETURNED and not rated,
        rated=rated,
        has_receipt=dossier.status != DossierStatus.NOT_RECEIVED,
        built=secrets.token_hex(8),
        survey=invitation.token if invitation else "",
        signed_result=valid_result(dossier.pk) is not None,
    )


def tracking(code: str) -> Tracking | None:
    """What is known of the dossier with this (normalised) code — enough to check its secret —
    or None. Call `opened` once the secret matched, for the rendered body."""
    key = _key(code, get_language() or settings.LANGUAGE_CODE)
    cached: tuple[Tracking | None] | None = cache.get(key)
    if cached is None:
        cached = (_find(code),)  # a 1-tuple, so that "no such dossier" can be cached too
        cache.set(key, cached, TTL_SECONDS)
    return cached[0]


def opened(found: Tracking) -> Tracking:
    """The tracking content with its rendered body (rendered once per change of the dossier)."""
    if found.body:
        return found
    built = _build(found.code)
    if built is None:  # deleted meanwhile
        return found
    _replace_unless_changed(found, built)
    return built


def keep_page(found: Tracking, page: str) -> None:
    """Keep the rendered page with the content it was rendered from (one cache read serves
    both next time) — unless the dossier changed while it was being rendered: then the entry
    was dropped or rebuilt, and an old page must not come back."""
    _replace_unless_changed(found, replace(found, page=page))


def _replace_unless_changed(found: Tracking, replacement: Tracking) -> None:
    """Cache `replacement` in place of `found` — unless the entry is no longer `found` (the
    dossier changed while this was being rendered: the entry was dropped or rebuilt)."""
    key = _key(found.code, get_language() or settings.LANGUAGE_CODE)
    current: tuple[Tracking | None] | None = cache.get(key)
    if current is not None and current[0] is not None and current[0].built == found.built:
        cache.set(key, (replacement,), TTL_SECONDS)


def forget(*codes: str | None) -> None:
    """Drop the cached content of a dossier (under its code and its submission reference) once
    the transaction commits: before, every other connection still reads the state before the
    change, and a rolled-back change leaves the cached state true."""
    keys = [_key(code, language) for code in codes if code for language, _ in settings.LANGUAGES]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def _dossier_saved(sender: Any, instance: Dossier, **kwargs: Any) -> None:
    forget(instance.code, instance.reference)


def _rating_saved(sender: Any, instance: Rating, **kwargs: Any) -> None:
    forget(instance.dossier.code, instance.dossier.reference)


def _invitation_saved(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    if instance.dossier_id:
        dossier = Dossier.objects.filter(pk=instance.dossier_id).values("code", "reference")
        for found in dossier:
            forget(found["code"], found["reference"])


def connect() -> None:
    # Every action that changes what the applicant sees saves the dossier row (its status,
    # instants or current step) in the same transaction as its event; ratings are the rest.
    post_save.connect(_dossier_saved, sender=Dossier, dispatch_uid="portal-track-dossier")
    post_save.connect(_rating_saved, sender=Rating, dispatch_uid="portal-track-rating")
    # A sampled dossier's page invites to the survey until it is answered (invitations drawn in
    # bulk show within TTL_SECONDS).
    post_save.connect(_invitation_saved, sender=Invitation, dispatch_uid="portal-track-survey")
