"""Self-assessment with evidence before the set's deadline, appraisal with a reason, publication;
every change kept in the scores' history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.spreadsheets import ImportRejected, RowError
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import checked_upload, removed_on_failure
from motcua.org.access import can_appraise, can_self_assess
from motcua.par.exports import read_scores_xlsx
from motcua.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionScore,
    EvidenceFile,
)
from motcua.surveys.models import Campaign
from motcua.surveys.reports import campaign_report

if TYPE_CHECKING:
    from motcua.accounts.models import User


def _locked(assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("criteria_set", "unit")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise NotFound
    return assessment


def _leaf(assessment: Assessment, criterion_id: int | None) -> Criterion:
    criterion = (
        Criterion.objects.filter(criteria_set=assessment.criteria_set, pk=criterion_id or 0)
        .exclude(children__isnull=False)
        .first()
    )
    if criterion is None:
        raise DomainError(_("Choose a criterion of this set that is scored (not a field)."))
    return criterion


def _checked_points(criterion: Criterion, points: Decimal | None) -> Decimal:
    if points is None or not 0 <= points <= criterion.max_points:
        raise DomainError(
            _("The points of %(code)s go from 0 to %(max)s.")
            % {"code": criterion.code, "max": format(criterion.max_points.normalize(), "f")},
            field="points",
        )
    return points


@dataclass(frozen=True, slots=True)
class Evidence:
    """What proves a self-score: a note (a document's number and date), the address of a motcua
    record, uploaded files. A blank note or link keeps the one given before; files are added."""

    note: str = ""
    link: str = ""
    files: Sequence[UploadedFile[Any]] = ()


def _checked_link(raw: str) -> str:
    """The address of a page of motcua itself (its path and query), or a clear refusal: evidence
    links point to motcua's own records, never to another site."""
    link = normalize_text(raw)
    if not link:
        return ""
    parts = urlsplit(link)
    path = parts.path or "/"
    try:
        resolve(path)
    except Resolver404:
        resolved = False
    else:
        resolved = path.startswith("/")
    if not resolved or (parts.netloc and parts.netloc not in _own_hosts()):
        raise DomainError(
            _("Link to a page of motcua (a report, a statistics table, a procedure list): "
              "its address starts with /, e.g. /staff/statistics/."),
            field="link",
        )  # fmt: skip
    return (path + (f"?{parts.query}" if parts.query else ""))[:500]


def _own_hosts() -> set[str]:
    hosts = {host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))}
    public = urlsplit(settings.MOTCUA_PUBLIC_URL or "").netloc
    return hosts | ({public} if public else set())


def _check_open(assessment: Assessment) -> None:
    due = assessment.criteria_set.self_assessment_due
    if assessment.status != AssessmentStatus.DRAFT:
        raise DomainError(_("The self-assessment was submitted: it can no longer change."))
    if due is not None and timezone.localdate() > due:
        raise DomainError(
            _("The self-assessment closed on %(date)s.") % {"date": due.strftime("%d/%m/%Y")}
        )


def _self_score(
    assessment: Assessment, criterion: Criterion, points: Decimal | None, evidence: Evidence,
    *, actor: User, saved: list[FieldFile],
) -> CriterionScore:  # fmt: skip
    points = _checked_points(criterion, points)
    note, link = normalize_text(evidence.note)[:500], _checked_link(evidence.link)
    score, _created = CriterionScore.objects.get_or_create(
        assessment=assessment, criterion=criterion
    )
    score.self_score = points
    score.evidence_note = note or score.evidence_note
    score.evidence_link = link or score.evidence_link
    has_files = bool(evidence.files) or score.files.exists()
    if criterion.evidence and not (score.evidence_note or score.evidence_link or has_files):
        raise DomainError(
            _("%(code)s needs its evidence: %(what)s")
            % {"code": criterion.code, "what": criterion.evidence},
            field="evidence",
        )
    score.save()
    for upload in evidence.files:
        kept = EvidenceFile(
            score=score, name=normalize_text(upload.name or "")[:255] or "file",
            uploaded_by=actor,
        )  # fmt: skip
        kept.file.save(upload.name or "evidence", upload, save=False)
        saved.append(kept.file)
        kept.save()
    return score


def score_self(
    *, actor: User, assessment_id: int, criterion_id: int | None, points: Decimal | None,
    evidence: Evidence,
) -> CriterionScore:  # fmt: skip
    """The unit scores itself on one criterion, with its evidence, while the self-assessment is
    open (not submitted, not past the set's deadline); every change is kept in the score's
    history."""
    for upload in evidence.files:
        checked_upload(upload, field="files")
    with removed_on_failure() as saved, outermost():
        assessment = _locked(assessment_id)
        if not can_self_assess(actor, assessment.unit_id):
            raise PermissionDenied(_("Only the unit's own leaders and officials score it."))
        _check_open(assessment)
        criterion = _leaf(assessment, criterion_id)
        return _self_score(assessment, criterion, points, evidence, actor=actor, saved=saved)


def scores_import(*, actor: User, assessment_id: int, source: IO[bytes]) -> int:
    """The unit's scores from its filled-in scorecard spreadsheet (`scorecard_xlsx`): every row
    checked first — an unknown criterion, a field, points out of range are refused with the row
    and the reason, and nothing is saved; returns how many criteria were scored."""
    with removed_on_failure() as saved, outermost():
        assessment = _locked(assessment_id)
        if not can_self_assess(actor, assessment.unit_id):
            raise PermissionDenied(_("Only the unit's own leaders and officials score it."))
        _check_open(assessment)
        criteria = {row.code: row for row in assessment.criteria_set.criteria.all()}
        fields = {row.parent_id for row in criteria.values() if row.parent_id}
        rows = read_scores_xlsx(source)
        errors: list[RowError] = []
        for row in rows:
            criterion = criteria.get(row.code)
            if criterion is None:
                errors.append(
                    RowError(
                        row.sheet, row.row, row.code, _("No criterion of this set has this code.")
                    )
                )
            elif criterion.pk in fields:
                errors.append(
                    RowError(
                        row.sheet,
                        row.row,
                        row.code,
                        _("A field is not scored: score its criteria."),
                    )
                )
            else:
                try:
                    _self_score(
                        assessment, criterion, row.points, Evidence(note=row.evidence),
                        actor=actor, saved=saved,
                    )  # fmt: skip
                except DomainError as error:
                    errors.append(RowError(row.sheet, row.row, row.code, str(error.message)))
        if errors:
            raise ImportRejected(errors)
        return len(rows)


def assessment_submit(*, actor: User, assessment_id: int) -> Assessment:
    """The unit sends its self-assessment to the council: it is locked from then on."""
    with outermost():
        assessment = _locked(assessment_id)
        if not can_self_assess(actor, assessment.unit_id):
            raise PermissionDenied(_("Only the unit's own leaders and officials score it."))
        _check_open(assessment)
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.save(update_fields=["status"])
        return assessment


def score_appraise(
    *, actor: User, assessment_id: int, criterion_id: int | None, points: Decimal | None,
    reason: str,
) -> CriterionScore:  # fmt: skip
    """The council sets a criterion's appraised points, with the reason the unit will read."""
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council appraises."))
        assessment = _locked(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise DomainError(
                _("Only a submitted self-assessment is appraised, before its publication.")
            )
        criterion = _leaf(assessment, criterion_id)
        reason = normalize_text(reason)
        if not reason:
            raise DomainError(_("Give the reason of the appraisal."), field="reason")
        score, _created = CriterionScore.objects.update_or_create(
            assessment=assessment, criterion=criterion,
            defaults={"appraised": _checked_points(criterion, points),
                      "appraisal_reason": reason[:500]},
        )  # fmt: skip
        return score


def assessment_publish(*, actor: User, assessment_id: int) -> Assessment:
    """The council publishes the appraised result: it enters the ranking as it stands."""
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council publishes."))
        assessment = _locked(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise DomainError(_("Only a submitted self-assessment is published."))
        assessment.status = AssessmentStatus.PUBLISHED
        assessment.save(update_fields=["status"])
        return assessment


def _survey_set(assessment: Assessment, points: Decimal | None, source: str) -> Assessment:
    if assessment.status == AssessmentStatus.PUBLISHED:
        raise DomainError(_("The result is published: it can no longer change."))
    most = assessment.criteria_set.survey_max
    if points is None or not 0 <= points <= most:
        raise DomainError(
            _("The survey's points go from 0 to %(max)s.") % {"max": format(most.normalize(), "f")},
            field="survey",
        )
    source = normalize_text(source)
    if not source:
        raise DomainError(_("Say where the survey's points come from."), field="source")
    assessment.survey_score, assessment.survey_source = points, source[:300]
    assessment.save(update_fields=["survey_score", "survey_source"])
    return assessment


def assessment_survey_set(
    *, actor: User, assessment_id: int, points: Decimal | None, source: str
) -> Assessment:
    """The council records the survey's points (the sociological survey, SIPAS) with where they
    come from, before publication; they count up to the set's survey part."""
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council appraises."))
        return _survey_set(_locked(assessment_id), points, source)


def assessment_survey_from_campaign(
    *, actor: User, assessment_id: int, campaign_id: int | None
) -> Assessment:
    """The survey's points from a satisfaction campaign of motcua: the unit's index times the
    set's survey part (an index of 86.74 % of 50 points gives 43.37), with the campaign, the
    sample and the interval as the source. A unit under the minimum sample gets no points."""
    campaign = Campaign.objects.select_related("questionnaire").filter(pk=campaign_id or 0).first()
    if campaign is None:
        raise DomainError(_("Choose a satisfaction campaign."), field="campaign")
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council appraises."))
        assessment = _locked(assessment_id)
        found = next(
            (u for u in campaign_report(campaign)["units"] if u["code"] == assessment.unit.code),
            None,
        )
        if found is None:
            raise DomainError(_("That campaign did not survey this unit."), field="campaign")
        if not found["enough"]:
            raise DomainError(
                _("Only %(n)s answers for this unit: under the minimum sample of %(minimum)s.")
                % {"n": found["n"], "minimum": campaign.questionnaire.minimum_sample},
                field="campaign",
            )
        most = assessment.criteria_set.survey_max
        points = (Decimal(str(found["index"])) * most).quantize(Decimal("0.01"), ROUND_HALF_UP)
        source = _("%(campaign)s: index %(index)s %% (%(low)s–%(high)s %%), %(n)s answers") % {
            "campaign": campaign.name, "n": found["n"],
            **{key: format(found[name] * 100, ".1f")
               for key, name in (("index", "index"), ("low", "ci_low"), ("high", "ci_high"))},
        }  # fmt: skip
        return _survey_set(assessment, points, source)
