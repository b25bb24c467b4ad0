"""PAR assessments, by concept: scorecards and the ranking (`scorecards`), the self-assessment
and the appraisal (`assessments`), criteria sets in and out of spreadsheets (`criteria`)."""

from motcua.par.services.assessments import (
    Evidence,
    assessment_publish,
    assessment_submit,
    assessment_survey_from_campaign,
    assessment_survey_set,
    score_appraise,
    score_self,
    scores_import,
)
from motcua.par.services.criteria import (
    LEVEL_KINDS,
    assessments_open,
    criteria_set_export,
    criteria_set_import,
)
from motcua.par.services.scorecards import (
    CardLine,
    FieldLine,
    Scorecard,
    core_set,
    last_year_card,
    par_report,
    ranking_heading,
    scorecard,
    unit_years,
)

__all__ = [
    "LEVEL_KINDS",
    "CardLine",
    "Evidence",
    "FieldLine",
    "Scorecard",
    "assessment_publish",
    "assessment_submit",
    "assessment_survey_from_campaign",
    "assessment_survey_set",
    "assessments_open",
    "core_set",
    "criteria_set_export",
    "criteria_set_import",
    "last_year_card",
    "par_report",
    "ranking_heading",
    "score_appraise",
    "score_self",
    "scorecard",
    "scores_import",
    "unit_years",
]
