"""Two staff members on one page: nothing either of them saved is lost, and a page one of
them has locked cannot be saved by the other."""

import pytest
from django.test import Client

from action_portugal.base.permissions import EDITORS
from pillars.models import PillarPage

from .admin_forms import edit_form_data
from .staff import member_of, superuser

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_later_save_keeps_the_earlier_one_in_the_history():
    page = PillarPage.objects.order_by("path").first()
    ana, bruno = signed_in(superuser()), signed_in(member_of(EDITORS, "bruno"))
    ana_form = edit_form_data(
        ana, page, publish=False, title_en="Actuarial studies (Ana's version)"
    )
    bruno_form = edit_form_data(
        bruno, page, publish=False, title_en="Actuarial studies (Bruno's version)"
    )
    before = page.revisions.count()

    assert ana.post(f"/admin/pages/{page.pk}/edit/", ana_form).status_code == 302
    assert bruno.post(f"/admin/pages/{page.pk}/edit/", bruno_form).status_code == 302

    revisions = list(page.revisions.order_by("created_at", "pk"))
    assert len(revisions) == before + 2  # every save is a revision of its own
    anas, brunos = revisions[-2], revisions[-1]
    assert anas.as_object().title_en == "Actuarial studies (Ana's version)"
    assert brunos.as_object().title_en == "Actuarial studies (Bruno's version)"
    # Ana's version can be brought back from the history.
    revert = ana.get(f"/admin/pages/{page.pk}/revisions/{anas.pk}/revert/")
    assert revert.status_code == 200
    assert "Actuarial studies (Ana&#x27;s version)" in revert.content.decode()


def test_a_locked_page_cannot_be_saved_by_someone_else():
    page = PillarPage.objects.order_by("path").first()
    ana, bruno = signed_in(superuser()), signed_in(member_of(EDITORS, "bruno"))
    bruno_form = edit_form_data(bruno, page, False, title_en="Changed while locked")
    assert ana.post(f"/admin/pages/{page.pk}/lock/").status_code == 302
    before = page.revisions.count()

    response = bruno.post(f"/admin/pages/{page.pk}/edit/", bruno_form)

    assert response.status_code == 200
    assert "locked" in response.content.decode().lower()
    assert page.revisions.count() == before
    fresh = PillarPage.objects.get(pk=page.pk)
    assert fresh.title_en == page.title_en and fresh.locked
