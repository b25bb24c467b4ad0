"""A campaign from the sample to the close: invitations sent once by SMS, one answer per
invitation on a phone, refusals replaced from the same procedure, expired links, and answers
that keep no personal data once the campaign closes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.org.models import Role
from motcua.surveys.models import Answer, Campaign, Invitation, InvitationStatus, Response
from motcua.surveys.reports import campaign_report
from motcua.surveys.services import campaign_close, campaign_draw, invitation_refuse
from motcua.surveys.tasks import invitations_deliver
from tests.factories import staff
from tests.surveys.fixtures import full_answers

pytestmark = pytest.mark.django_db


def _sms() -> list[dict[str, str]]:
    folder = Path(settings.VAR_DIR) / "sms"
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def test_the_sample_is_drawn_and_each_invitation_sent_once(world, reform, make_campaign):
    campaign = make_campaign(returned=5)
    assert campaign_draw(actor=reform, campaign_id=campaign.pk) == 5  # 5 people: ask all 5
    surveyed = campaign.units.get(unit=world.district.desk_a.unit)
    assert (surveyed.population, surveyed.target) == (5, 5)
    before = len(_sms())
    assert invitations_deliver(campaign.pk) == 5
    assert invitations_deliver(campaign.pk) == 0  # a retry sends nothing twice
    sent = _sms()[before:]
    tokens = set(Invitation.objects.values_list("token", flat=True))
    assert len(sent) == 5
    assert {message["text"].split("/survey/")[1].split("/")[0] for message in sent} == tokens
    with pytest.raises(Exception, match="đã được rút"):
        campaign_draw(actor=reform, campaign_id=campaign.pk)


def test_one_answer_per_invitation_checked_on_the_scale(client, reform, make_campaign):
    campaign = make_campaign(returned=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    invitation = Invitation.objects.get()
    page = reverse("surveys-answer", args=[invitation.token])
    assert "Ông/Bà hài lòng thế nào với thủ tục hành chính?" in client.get(page).content.decode()
    off_scale = client.post(page, full_answers([5, 4, 4, 7, 5]))
    assert off_scale.status_code == 400
    assert "4.HL: hãy chọn từ 1 đến 5" in off_scale.content.decode()
    missing = client.post(page, full_answers([5, 4, 4, 4]))  # factor 5 not answered
    assert missing.status_code == 400
    assert not Response.objects.exists()
    done = client.post(page, full_answers([5, 4, 4, 3, 5], **{"3.GY": "Cán bộ nhiệt tình"}))
    assert done.status_code == 302
    assert done["Location"] == reverse("surveys-thanks")
    again = client.post(page, full_answers([1, 1, 1, 1, 1]))
    assert again.status_code == 410
    assert "đã được trả lời" in again.content.decode()
    response = Response.objects.get()
    scores = Answer.objects.filter(value__isnull=False).order_by("question__position")
    assert [answer.value for answer in scores] == [5, 4, 4, 3, 5]
    assert response.procedure_code == "1.000894"
    assert campaign_report(campaign)["units"][0]["comments"] == {"3": ["Cán bộ nhiệt tình"]}


def test_a_closed_or_expired_campaign_takes_no_answer_and_forgets_whom_it_asked(
    client, reform, make_campaign
):
    campaign = make_campaign(returned=2)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    first, second = Invitation.objects.order_by("pk")
    client.post(reverse("surveys-answer", args=[first.token]), full_answers([4, 4, 4, 4, 4]))
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    expired = client.get(reverse("surveys-answer", args=[second.token]))
    assert expired.status_code == 410
    assert "đã kết thúc" in expired.content.decode()
    assert client.get(reverse("surveys-answer", args=["khong-co"])).status_code == 404
    campaign_close(actor=reform, campaign_id=campaign.pk)
    assert not Invitation.objects.filter(dossier__isnull=False).exists()
    assert Response.objects.get().unit_id == first.unit_id  # the answer stays, anonymous
    assert campaign_report(campaign)["units"][0]["n"] == 1


def test_a_refusal_is_replaced_from_the_same_procedure(world, reform, make_campaign):
    campaign = make_campaign(returned=8, margin="0.2")  # 8 people, a sample of 7
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    assert Invitation.objects.count() == 7
    declined = Invitation.objects.order_by("pk").first()
    replacement = invitation_refuse(actor=reform, invitation_id=declined.pk)
    assert replacement is not None
    assert replacement.replaces == declined
    assert replacement.procedure_code == declined.procedure_code
    assert replacement.dossier_id not in set(
        Invitation.objects.exclude(pk=replacement.pk).values_list("dossier_id", flat=True)
    )
    declined.refresh_from_db()
    assert declined.status == InvitationStatus.REFUSED
    assert declined.refused_by == reform  # who recorded it, and when
    assert declined.refused_at is not None
    # Nobody left to ask in that procedure: recorded, no replacement.
    other = Invitation.objects.filter(status=InvitationStatus.INVITED).exclude(
        pk=replacement.pk).first()  # fmt: skip
    assert invitation_refuse(actor=reform, invitation_id=other.pk) is None


def test_the_tracking_page_of_a_sampled_dossier_invites_to_the_survey(
    client, reform, make_campaign, django_capture_on_commit_callbacks
):
    campaign = make_campaign(returned=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    invitation = Invitation.objects.select_related("dossier").get()
    dossier = invitation.dossier
    track = f"{reverse('portal-track-dossier', args=[dossier.code])}?s={dossier.secret}"
    page = client.get(track).content.decode()
    survey = f"{reverse('surveys-answer', args=[invitation.token])}?via=tracking"
    assert survey in page
    with django_capture_on_commit_callbacks(execute=True):  # the answer's commit
        client.post(survey, full_answers([5, 5, 5, 5, 4]))
    assert Response.objects.get().channel == "tracking"
    assert survey not in client.get(track).content.decode()  # answered: no longer offered


def test_the_desk_kiosk_opens_the_questionnaire_of_a_sampled_dossier(client, world, reform,
                                                                     make_campaign):  # fmt: skip
    campaign = make_campaign(returned=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    invitation = Invitation.objects.select_related("dossier").get()
    kiosk = reverse("surveys-kiosk", args=[campaign.pk])
    client.force_login(staff(Role.CLERK, world.district.desk_b))  # another commune's desk
    elsewhere = client.post(kiosk, {"code": invitation.dossier.code}, follow=True)
    assert "không chờ trả lời" in elsewhere.content.decode()  # not its dossier: not opened
    client.force_login(world.clerk)
    unknown = client.post(kiosk, {"code": "KHONG-CO"}, follow=True)
    assert "không chờ trả lời" in unknown.content.decode()
    opened = client.post(kiosk, {"code": invitation.dossier.code.lower()})
    assert opened["Location"] == f"{reverse('surveys-answer', args=[invitation.token])}?via=kiosk"
    client.post(opened["Location"], full_answers([4, 4, 4, 4, 4]))
    assert Response.objects.get().channel == "kiosk"
    client.force_login(world.specialist)
    assert client.get(kiosk).status_code == 403  # not a desk clerk, not the reform office


def test_the_dashboard_shows_the_index_over_the_campaigns_and_the_comments(
    client, world, reform, make_campaign
):
    first = make_campaign(returned=2, minimum=1, seed=1)
    second = make_campaign(minimum=1, seed=2)
    Campaign.objects.filter(pk=first.pk).update(end=first.end.replace(day=15))  # the earlier one
    for campaign, scores in ((first, [2, 2, 4, 4, 4]), (second, [4, 4, 4, 4, 5])):
        campaign_draw(actor=reform, campaign_id=campaign.pk)
        invitation = campaign.invitations.filter(status=InvitationStatus.INVITED).first()
        client.post(reverse("surveys-answer", args=[invitation.token]),
                    full_answers(scores, **{"3.GY": f"Góp ý {campaign.seed}"}))  # fmt: skip
    client.force_login(reform)
    page = client.get(reverse("surveys-campaign", args=[second.pk])).content.decode()
    trend = page.split("Qua các đợt khảo sát")[1].split("</ul>")[0]
    assert trend.index("60%") < trend.index("100%")  # 3 of 5 factors, then all 5
    assert "Công chức giải quyết công việc" in page
    assert "Góp ý 2" in page
    assert "Góp ý 1" not in page  # another campaign's comments stay with it


def test_a_closed_campaign_is_published_on_the_portal_without_comments(
    client, reform, make_campaign
):
    campaign = make_campaign(returned=1, minimum=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    invitation = Invitation.objects.get()
    client.post(reverse("surveys-answer", args=[invitation.token]),
                full_answers([4, 4, 4, 4, 2], **{"3.GY": "Anh Nam ở quầy 2 rất tốt"}))  # fmt: skip
    assert "Khảo sát quý I/2019" not in client.get(reverse("portal-units")).content.decode()
    campaign_close(actor=reform, campaign_id=campaign.pk)
    page = client.get(reverse("portal-units")).content.decode()
    assert "Khảo sát quý I/2019" in page
    row = page.split("Khảo sát quý I/2019")[1].split("Xã A")[1].split("</tr>")[0]
    assert "80%" in row  # 4 of 5 factors satisfied
    assert "Anh Nam" not in page  # a comment may name someone: never published
