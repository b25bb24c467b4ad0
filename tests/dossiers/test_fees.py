"""Fees paid for a dossier, recorded by the receiving clerk with how they were paid: the
reference an online payment needs, one reference once, the page's form that keeps what was
typed when it is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import FeePayment, PaymentChannel
from motcua.dossiers.services import dossier_fee_record
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def test_the_clerk_records_a_fee_with_its_reference_once(world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    payment = dossier_fee_record(
        actor=world.clerk, dossier_id=dossier.pk, amount=50_000, channel=PaymentChannel.ONLINE,
        reference="VNPAY-123456", paid_at=vn(2019, 3, 4, 8, 30),
    )  # fmt: skip
    assert payment.recorded_by == world.clerk
    event = dossier.events.get(action=Action.RECORD_FEE)
    assert event.data["reference"] == "VNPAY-123456"
    with pytest.raises(DomainError, match="VNPAY-123456"):  # one transaction, one payment
        dossier_fee_record(
            actor=world.clerk, dossier_id=dossier.pk, amount=50_000,
            channel=PaymentChannel.ONLINE, reference="VNPAY-123456",
            paid_at=vn(2019, 3, 4, 9),
        )  # fmt: skip
    bad = [
        ({"amount": 0, "channel": PaymentChannel.DESK}, "amount"),
        ({"amount": 10, "channel": PaymentChannel.ONLINE, "reference": ""}, "reference"),
        ({"amount": 10, "channel": PaymentChannel.DESK,
          "paid_at": timezone.now() + timedelta(days=1)}, "paid_at"),
        ({"amount": 10, "channel": PaymentChannel.DESK, "paid_at": vn(2019, 3, 1, 8)}, "paid_at"),
    ]  # fmt: skip
    for fields, field in bad:
        values: dict[str, Any] = {"paid_at": vn(2019, 3, 4, 9), **fields}
        with pytest.raises(DomainError) as refused:
            dossier_fee_record(actor=world.clerk, dossier_id=dossier.pk, **values)
        assert refused.value.field == field
    manager = staff(Role.CENTRE_MANAGER, world.district.desk_a)  # reads it, not the clerk
    with pytest.raises(PermissionDenied):
        dossier_fee_record(actor=manager, dossier_id=dossier.pk, amount=10,
                           channel=PaymentChannel.DESK, paid_at=vn(2019, 3, 4, 9))  # fmt: skip
    assert FeePayment.objects.count() == 1


def test_the_page_form_records_and_keeps_what_was_typed_when_refused(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    page = reverse("staff-dossier", args=[dossier.handle])
    client.force_login(world.specialist)
    assert 'id="fee_amount"' not in client.get(page).content.decode()  # not the clerk's desk
    client.force_login(world.clerk)
    assert 'id="fee_amount"' in client.get(page).content.decode()
    url = reverse("staff-dossier-fee", args=[dossier.handle])
    refused = client.post(url, {"amount": "50000", "channel": "online", "reference": "",
                                "paid_at": "2019-03-04T08:30"})  # fmt: skip
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "mã giao dịch" in text  # the reason, in Vietnamese
    assert 'value="50000"' in text  # nothing typed is lost
    done = client.post(url, {"amount": "50000", "channel": "online", "reference": "MOMO-42",
                             "paid_at": "04/03/2019 08:30"})  # fmt: skip
    assert done.status_code == 302
    shown = client.get(page).content.decode()
    assert "MOMO-42" in shown
    assert FeePayment.objects.get().paid_at == vn(2019, 3, 4, 8, 30)
