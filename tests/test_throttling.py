"""Throttles beyond django-axes' lock per account and address: failed sign-ins from one
address across accounts (admin and front end), password-reset requests, and the passwords
of private pages and document collections (action_portugal.security.throttle)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from action_portugal.security import throttle
from timeline.models import StoryPage

from .conftest import soup
from .pages import url_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase"  # noqa: S105 - the test users'
SECRET = "palavra-secreta"  # noqa: S105 - the private page's
ADDRESS, OTHER_ADDRESS = "203.0.113.7", "198.51.100.2"
ADMIN_LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"


def later(**delta):
    return freeze_time(timezone.now() + timedelta(**delta))


@pytest.fixture
def staff(db):
    return [
        User.objects.create_superuser(name, f"{name}@example.org", PASSWORD)
        for name in ("ana", "bruno")
    ]


def sign_in(client, username, password, url=ADMIN_LOGIN, address=ADDRESS, language="en"):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers={"accept-language": language},
    )


def spray(client, times, url=ADMIN_LOGIN, address=ADDRESS, language="en"):
    """``times`` wrong passwords, each for another account (never axes' 5 for one)."""
    return [
        sign_in(client, f"someone-{n}", "wrong", url=url, address=address, language=language)
        for n in range(times)
    ]


class TestSigninSpraying:
    def test_ten_failures_across_accounts_refuse_the_address(self, client, staff):
        answers = spray(client, 10)
        assert [a.status_code for a in answers] == [200] * 9 + [429]
        refused = sign_in(client, "ana", PASSWORD)
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "Too many failed sign-in attempts from your address" in page
        assert "15 minutes" in page
        assert "_auth_user_id" not in client.session

    def test_nine_do_not_and_a_success_does_not_clear_the_count(self, client, staff):
        spray(client, 9)
        assert sign_in(client, "ana", PASSWORD).status_code == 302
        client.logout()
        assert [a.status_code for a in spray(client, 1)] == [429]
        assert sign_in(client, "bruno", PASSWORD).status_code == 429

    def test_other_addresses_are_not_refused(self, client, staff):
        spray(client, 10)
        assert sign_in(client, "ana", PASSWORD).status_code == 429
        assert sign_in(client, "ana", PASSWORD, address=OTHER_ADDRESS).status_code == 302

    def test_the_refusal_ends_after_fifteen_minutes(self, client, staff):
        spray(client, 10)
        with later(minutes=14):
            assert sign_in(client, "ana", PASSWORD).status_code == 429
        with later(minutes=15, seconds=1):
            assert sign_in(client, "ana", PASSWORD).status_code == 302

    def test_refused_attempts_are_not_checked_and_do_not_extend_it(self, client, staff):
        spray(client, 10)
        with later(minutes=10):
            assert {a.status_code for a in spray(client, 10)} == {429}
        with later(minutes=15, seconds=1):
            assert sign_in(client, "ana", PASSWORD).status_code == 302

    def test_the_front_end_sign_in_counts_and_is_refused_too(self, client, staff):
        spray(client, 6, url="/en/_util/login/")
        spray(client, 4)  # the admin's and the front end's failures add up
        refused = sign_in(client, "ana", PASSWORD, url="/en/_util/login/")
        assert refused.status_code == 429
        document = soup(refused)
        assert document.h1.get_text(strip=True) == "Sign in"  # the site's page, not the admin's
        assert "Too many failed sign-in attempts from your address" in document.get_text()
        assert "_auth_user_id" not in client.session

    def test_the_message_is_in_the_visitors_language(self, client, staff):
        spray(client, 10, language="pt")
        page = sign_in(client, "ana", PASSWORD, language="pt").content.decode()
        assert "Demasiadas tentativas de entrada falhadas a partir do seu endereço" in page
        assert "15 minutos" in page

    def test_the_limit_comes_from_the_settings(self, client, staff, settings):
        settings.THROTTLES = {**settings.THROTTLES, "sign-in-address": (3, 5)}
        assert [a.status_code for a in spray(client, 3)] == [200, 200, 429]
        with later(minutes=5, seconds=1):
            assert sign_in(client, "ana", PASSWORD).status_code == 302


def reset(client, email, address=ADDRESS, language="en"):
    return client.post(
        RESET, {"email": email}, REMOTE_ADDR=address, headers={"accept-language": language}
    )


class TestPasswordReset:
    def test_three_requests_per_account_then_no_more_mail(self, client, staff):
        for _attempt in range(3):
            assert reset(client, "ana@example.org").status_code == 302
        assert len(mail.outbox) == 3
        refused = reset(client, "ana@example.org")
        assert refused.status_code == 429
        assert "Too many password reset requests" in refused.content.decode()
        assert "No e-mail was sent" in refused.content.decode()
        assert len(mail.outbox) == 3

    def test_the_address_typed_is_counted_however_it_is_written(self, client, staff):
        for n, email in enumerate(("ana@example.org", " ANA@example.org", "Ana@Example.ORG ")):
            assert reset(client, email, address=f"192.0.2.{n}").status_code == 302
        assert reset(client, "ana@EXAMPLE.org", address=OTHER_ADDRESS).status_code == 429
        assert len(mail.outbox) == 3

    def test_the_answer_does_not_say_whether_the_account_exists(self, client, staff):
        for email in ("ana@example.org", "nobody@example.org"):
            answers = [reset(client, email, address=f"192.0.2.{n}") for n in range(4)]
            assert [a.status_code for a in answers] == [302, 302, 302, 429]
        known, unknown = reset(client, "ana@example.org"), reset(client, "nobody@example.org")
        assert known.status_code == unknown.status_code == 429
        assert (
            soup(known).select_one(".messages").get_text()
            == soup(unknown).select_one(".messages").get_text()
        )

    def test_ten_requests_per_address_whatever_the_accounts(self, client, staff):
        for n in range(10):
            assert reset(client, f"person-{n}@example.org").status_code == 302
        assert reset(client, "bruno@example.org").status_code == 429
        assert mail.outbox == []  # none of those had an account
        assert reset(client, "bruno@example.org", address=OTHER_ADDRESS).status_code == 302
        assert len(mail.outbox) == 1

    def test_the_limit_lasts_an_hour(self, client, staff):
        for _attempt in range(3):
            reset(client, "ana@example.org")
        with later(minutes=59):
            assert reset(client, "ana@example.org").status_code == 429
        with later(minutes=60, seconds=1):
            assert reset(client, "ana@example.org").status_code == 302
        assert len(mail.outbox) == 4

    def test_the_message_is_in_the_visitors_language(self, client, staff):
        for _attempt in range(4):
            refused = reset(client, "ana@example.org", language="pt")
        page = refused.content.decode()
        assert "Demasiados pedidos de reposição da palavra-passe" in page
        assert "Não foi enviada nenhuma mensagem" in page


@pytest.fixture
def story(db):
    return StoryPage.objects.get(slug_pt="acordo-da-3-fase")


@pytest.fixture
def restriction(story):
    return PageViewRestriction.objects.create(
        page=story, restriction_type=BaseViewRestriction.PASSWORD, password=SECRET
    )


def page_password(client, restriction, password, address=ADDRESS, language="en"):
    page = restriction.page
    return client.post(
        f"/{language}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": url_in(page.specific, language)},
        REMOTE_ADDR=address,
        headers={"accept-language": language},
    )


def let_in(client, story, language="en"):
    """Whether the visitor now sees the story itself, not the password form."""
    response = client.get(url_in(story, language))
    return response.status_code == 200 and not soup(response).select('input[name="password"]')


class TestPrivatePagePasswords:
    def test_five_wrong_passwords_refuse_even_the_right_one(self, client, story, restriction):
        answers = [page_password(client, restriction, "wrong") for _attempt in range(5)]
        assert [a.status_code for a in answers] == [200] * 4 + [429]
        refused = page_password(client, restriction, SECRET)
        assert refused.status_code == 429
        document = soup(refused)
        assert "Too many wrong passwords from your address" in document.get_text()
        assert "15 minutes" in document.get_text()
        # The form again, with where to go once it is accepted.
        assert document.select_one('input[name="return_url"]')["value"] == url_in(story, "en")
        assert not let_in(client, story)

    def test_four_do_not_and_the_right_password_does_not_clear_the_count(
        self, client, story, restriction
    ):
        for _attempt in range(4):
            page_password(client, restriction, "wrong")
        response = page_password(client, restriction, SECRET)
        assert response.status_code == 302
        assert response["Location"] == url_in(story, "en")
        assert let_in(client, story)
        assert page_password(client, restriction, "wrong").status_code == 429

    def test_other_addresses_may_still_try(self, client, story, restriction):
        for _attempt in range(5):
            page_password(client, restriction, "wrong")
        assert page_password(client, restriction, SECRET).status_code == 429
        assert page_password(client, restriction, SECRET, address=OTHER_ADDRESS).status_code == 302

    def test_the_refusal_ends_after_fifteen_minutes(self, client, story, restriction):
        for _attempt in range(5):
            page_password(client, restriction, "wrong")
        with later(minutes=14):
            assert page_password(client, restriction, SECRET).status_code == 429
        with later(minutes=15, seconds=1):
            assert page_password(client, restriction, SECRET).status_code == 302

    def test_failures_on_every_restriction_add_up_per_address(self, client, story, settings):
        settings.THROTTLES = {**settings.THROTTLES, "private-password-address": (7, 15)}
        first, second = (
            PageViewRestriction.objects.create(
                page=page, restriction_type=BaseViewRestriction.PASSWORD, password=SECRET
            )
            for page in (story, StoryPage.objects.exclude(pk=story.pk).first())
        )
        for _attempt in range(4):
            assert page_password(client, first, "wrong").status_code == 200
        assert page_password(client, second, "wrong").status_code == 200
        assert page_password(client, second, "wrong").status_code == 200
        assert page_password(client, second, "wrong").status_code == 429
        assert page_password(client, second, SECRET).status_code == 429
        assert page_password(client, first, SECRET).status_code == 429

    def test_the_message_is_in_the_visitors_language(self, client, story, restriction):
        for _attempt in range(5):
            refused = page_password(client, restriction, "errada", language="pt")
        page = refused.content.decode()
        assert "Demasiadas palavras-passe erradas a partir do seu endereço" in page
        assert '<html lang="pt"' in page


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Reservado")
    return CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.PASSWORD, password=SECRET
    )


def document_password(client, restriction, password, address=ADDRESS):
    return client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": password, "return_url": "/en/"},
        REMOTE_ADDR=address,
        headers={"accept-language": "en"},
    )


class TestPrivateCollectionPasswords:
    def test_five_wrong_passwords_refuse_even_the_right_one(self, client, private_collection):
        answers = [document_password(client, private_collection, "x") for _attempt in range(5)]
        assert [a.status_code for a in answers] == [200] * 4 + [429]
        refused = document_password(client, private_collection, SECRET)
        assert refused.status_code == 429
        assert "Too many wrong passwords from your address" in refused.content.decode()
        assert not private_collection.accept_request(refused.wsgi_request)

    def test_the_right_password_is_accepted_before(self, client, private_collection):
        for _attempt in range(4):
            document_password(client, private_collection, "x")
        response = document_password(client, private_collection, SECRET)
        assert response.status_code == 302
        assert private_collection.accept_request(response.wsgi_request)
        assert document_password(client, private_collection, "x").status_code == 429

    def test_pages_and_collections_share_the_count_per_address(
        self, client, private_collection, restriction, settings
    ):
        settings.THROTTLES = {**settings.THROTTLES, "private-password-address": (6, 15)}
        for _attempt in range(4):
            document_password(client, private_collection, "x")
        assert page_password(client, restriction, "wrong").status_code == 200
        assert page_password(client, restriction, "wrong").status_code == 429


class TestCounter:
    def test_defaults(self):
        assert settings.THROTTLES == {
            "sign-in-address": (10, 15),
            "password-reset-account": (3, 60),
            "password-reset-address": (10, 60),
            "private-password": (5, 15),
            "private-password-address": (20, 15),
            "contact-address": (5, 60),
        }

    def test_a_limit_of_zero_turns_it_off(self, settings):
        settings.THROTTLES = {**settings.THROTTLES, "private-password": (0, 15)}
        assert not any(throttle.PRIVATE_PASSWORD.count("x") for _attempt in range(100))
        assert throttle.PRIVATE_PASSWORD.refused_for("x") == 0

    def test_windows_are_fixed(self):
        limit = throttle.PRIVATE_PASSWORD
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        with freeze_time(start + timedelta(minutes=14)):
            assert not any(limit.count("x") for _attempt in range(4))
        with freeze_time(start + timedelta(minutes=15)):  # a new window: counting again
            assert not any(limit.count("x") for _attempt in range(4))
            assert limit.count("x")
            assert limit.refused_for("x") == 15 * 60
