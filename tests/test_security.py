"""Deploy checks, security headers and cookies, and the admin sign-in throttle."""

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone
from freezegun import freeze_time

from action_portugal.caching import pages as page_cache
from action_portugal.operations import middleware
from action_portugal.security import sign_in as security

ROOT = settings.BASE_DIR
PRODUCTION_ENV = ROOT / "docs" / "production.env"
YEAR = 365 * 24 * 60 * 60
LOGIN = "/admin/login/"
PASSWORD = "a-long-passphrase"  # noqa: S105 - the test users'


def documented_production_env():
    """docs/production.env as the environment of a fresh process, a real key added."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    for line in PRODUCTION_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def production_values(*names, **env):
    """Settings as production computes them from the documented environment (and ``env``)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**documented_production_env(), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


class TestDeployChecks:
    def test_the_documented_production_environment_passes_check_deploy(self):
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING", env=documented_production_env()
        )
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_check_deploy_catches_what_a_deployment_forgot(self):
        env = {**documented_production_env(), "SECURE_HSTS_SECONDS": "0"}
        del env["SMTP_HOST"]
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        assert result.returncode != 0
        assert "mail.E001" in result.stderr and "security.W004" in result.stderr

    def test_check_deploy_wants_the_sites_public_address(self):
        env = {**documented_production_env(), "WAGTAILADMIN_BASE_URL": "http://localhost:8000"}
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        assert result.returncode != 0
        assert "action_portugal.W001" in result.stderr

    def test_production_is_https_only_by_default(self):
        values = production_values(
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "LANGUAGE_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER",
        )
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_HSTS_SECONDS"] >= YEAR
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["CSRF_COOKIE_SECURE"] is True
        assert values["LANGUAGE_COOKIE_SECURE"] is True
        assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]

    def test_the_proxy_header_is_trusted_only_when_configured(self):
        values = production_values("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="false")
        assert values["SECURE_PROXY_SSL_HEADER"] is None


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    return {
        name: values
        for name, *values in (part.split() for part in response[header].split(";") if part.strip())
    }


@pytest.mark.django_db
class TestHeaders:
    @pytest.mark.parametrize("url", ["/pt/", "/en/", "/pt/equipa/", "/en/timeline/", "/pt/nada/"])
    def test_public_pages_run_no_inline_script_or_style(self, client, url):
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["default-src"] == ["'self'"]
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header

    def test_a_page_from_the_cache_carries_the_same_headers(self, client, settings):
        settings.PAGE_CACHE_ENABLED = True
        first = client.get("/pt/")
        second = client.get("/pt/")
        assert second["X-Cache"] == "hit"
        for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
            assert second[header] == first[header]

    def test_the_admin_has_its_own_policy(self, client):
        csp = policy(client.get(LOGIN))
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"]  # the preview panel
        assert csp["frame-src"] == ["'self'"]
        assert csp["base-uri"] == ["'self'"]
        assert "'unsafe-eval'" not in csp["script-src"]

    def test_pictures_may_come_from_where_media_is_kept(self, settings):
        assert set(settings.IMAGE_ORIGINS) <= set(settings.SECURE_CSP["img-src"])

    def test_static_files_on_a_cdn_are_allowed_in_both_policies(self):
        cdn = "https://static.example.org"
        values = production_values("SECURE_CSP", "ADMIN_CSP", STATIC_URL=f"{cdn}/static/")
        for policy_name in ("SECURE_CSP", "ADMIN_CSP"):
            csp = values[policy_name]
            for directive in ("script-src", "style-src", "font-src", "img-src"):
                assert cdn in csp[directive], (policy_name, directive)
        assert "'unsafe-inline'" not in values["SECURE_CSP"]["script-src"]

    @pytest.mark.parametrize("url", ["/pt/", "/en/equipa-nao-existe/", LOGIN, "/health/"])
    def test_every_response_carries_the_other_headers(self, client, url):
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        permissions = dict(
            part.strip().split("=") for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert permissions[feature] == "()"

    def test_public_pages_cannot_be_framed(self, client):
        assert client.get("/pt/")["X-Frame-Options"] == "DENY"

    def assert_every_header(self, response):
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "default-src" in response["Content-Security-Policy"]

    def test_the_health_check_and_the_503_page_carry_every_header(self, client):
        self.assert_every_header(client.get("/health/"))
        middleware.status.failed(OperationalError("connection refused"))
        unavailable = client.get("/pt/")
        assert unavailable.status_code == 503
        self.assert_every_header(unavailable)
        self.assert_every_header(client.get("/health/"))

    def test_static_files_carry_every_header_in_production(self, settings, tmp_path):
        settings.MIDDLEWARE = production_values("MIDDLEWARE")["MIDDLEWARE"]
        settings.STATIC_ROOT = str(tmp_path)  # nothing collected: found where they are
        settings.WHITENOISE_USE_FINDERS = True
        response = Client().get("/static/css/site.css")
        assert response.status_code == 200
        self.assert_every_header(response)

    @pytest.mark.parametrize(
        ("url", "status", "expected"),
        [
            ("/pt/nada-aqui/", 404, {"public", "max-age=0", "must-revalidate", "s-maxage=60"}),
            ("/en/no-such-page/", 404, {"public", "max-age=0", "must-revalidate", "s-maxage=60"}),
            ("/pt/pesquisa/?q=estudo", 200, {"private", "no-cache"}),
            ("/en/search/?q=study", 200, {"private", "no-cache"}),
        ],
    )
    def test_not_found_and_search_say_how_long_they_may_be_kept(
        self, client, url, status, expected
    ):
        response = client.get(url)
        assert response.status_code == status
        assert {part.strip() for part in response["Cache-Control"].split(",")} == expected


@pytest.fixture
def https_production(settings):
    """The security settings production computes, applied to this process."""
    values = production_values(
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
    )
    for name, value in values.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


@pytest.mark.django_db
class TestHttps:
    def test_plain_http_is_redirected(self, client, https_production):
        response = client.get("/pt/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/pt/"

    def test_hsts_of_a_year_over_https_behind_the_proxy(self, client, https_production):
        response = client.get("/pt/", headers={"x-forwarded-proto": "https"})
        assert response.status_code == 200
        hsts = response["Strict-Transport-Security"]
        assert hsts == f"max-age={YEAR}; includeSubDomains; preload"

    def test_a_page_cached_over_https_is_never_served_over_plain_http(
        self, client, rf, https_production
    ):
        """The page cache answers before SecurityMiddleware (and, in production, in front
        of Django): a plain request must still get the redirect, not the cached page."""
        https_production.PAGE_CACHE_ENABLED = True
        https = {"x-forwarded-proto": "https"}
        client.get("/pt/", headers=https)
        assert client.get("/pt/", headers=https)["X-Cache"] == "hit"
        response = client.get("/pt/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/pt/"

        def django_app(environ, start_response):
            start_response("301 Moved Permanently", [])
            return [b"Django"]

        app = page_cache.CachedPagesWSGI(django_app)
        assert b"".join(app(rf.get("/pt/").environ, lambda status, headers: None)) == b"Django"
        replies = []
        https_environ = rf.get("/pt/", headers=https).environ
        app(https_environ, lambda status, headers: replies.append(dict(headers)))
        assert replies[0]["X-Cache"] == "hit"

    def test_without_the_redirect_each_scheme_has_its_own_cached_page(
        self, client, https_production
    ):
        """HSTS is sent over HTTPS only; a page kept from one scheme is not answered on the
        other."""
        https_production.PAGE_CACHE_ENABLED = True
        https_production.SECURE_SSL_REDIRECT = False
        https = {"x-forwarded-proto": "https"}
        for _ in range(2):
            assert "Strict-Transport-Security" in client.get("/en/", headers=https)
            plain = client.get("/en/")
            assert plain.status_code == 200
            assert "Strict-Transport-Security" not in plain
        assert plain["X-Cache"] == "hit"

    @pytest.mark.parametrize(
        ("proxy_header", "forwarded", "server_scheme"),
        [
            (None, None, "http"),
            (None, "https", "http"),
            (None, None, "https"),
            (("HTTP_X_FORWARDED_PROTO", "https"), "https", "http"),
            (("HTTP_X_FORWARDED_PROTO", "https"), " https , http", "http"),
            (("HTTP_X_FORWARDED_PROTO", "https"), "http, https", "https"),
            (("HTTP_X_FORWARDED_PROTO", "https"), "HTTPS", "http"),
            (("HTTP_X_FORWARDED_PROTO", "https"), None, "https"),
            (("HTTP_X_FORWARDED_PROTO", "https"), "", "http"),
        ],
    )
    def test_the_cache_sees_the_scheme_django_sees(
        self, settings, proxy_header, forwarded, server_scheme
    ):
        from django.core.handlers.wsgi import WSGIRequest

        settings.SECURE_PROXY_SSL_HEADER = proxy_header
        headers = {} if forwarded is None else {"x-forwarded-proto": forwarded}
        environ = RequestFactory().get("/pt/", headers=headers).environ
        environ["wsgi.url_scheme"] = server_scheme
        assert page_cache.request_scheme(environ) == WSGIRequest(environ).scheme

    def test_cookies_are_secure_httponly_and_same_site(self, client, https_production):
        User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
        https = {"x-forwarded-proto": "https"}
        client.get(LOGIN, headers=https)
        response = client.post(
            LOGIN, {"username": "admin", "password": PASSWORD}, headers=https, secure=True
        )
        assert response.status_code == 302
        for name in ("sessionid", "csrftoken"):
            cookie = response.cookies[name] if name in response.cookies else client.cookies[name]
            assert cookie["secure"] is True, name
            assert cookie["httponly"] is True, name
            assert cookie["samesite"] == "Lax", name
        language = client.get("/language/en/?next=/en/", headers=https, secure=True).cookies
        cookie = language[settings.LANGUAGE_COOKIE_NAME]
        assert cookie["secure"] is True and cookie["httponly"] is True


def sign_in(client, username, password, address="203.0.113.7", language="en", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers={"accept-language": language, **headers},
    )


def fail(client, username, times, **kwargs):
    """``times`` wrong passwords; the fifth is answered with the lock."""
    for attempt in range(1, times + 1):
        expected = 429 if attempt >= settings.AXES_FAILURE_LIMIT else 200
        assert sign_in(client, username, "wrong", **kwargs).status_code == expected


@pytest.fixture
def staff(db):
    return [
        User.objects.create_superuser(name, f"{name}@example.org", PASSWORD)
        for name in ("ana", "bruno")
    ]


@pytest.mark.django_db
class TestSignInThrottle:
    def test_five_failures_lock_the_account_from_that_address(self, client, staff):
        fail(client, "ana", 5)
        response = sign_in(client, "ana", PASSWORD)
        assert response.status_code == 429
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert "15 minutes" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_four_failures_do_not(self, client, staff):
        fail(client, "ana", 4)
        assert sign_in(client, "ana", PASSWORD).status_code == 302

    def test_the_message_is_in_the_users_language(self, client, staff):
        fail(client, "ana", 5, language="pt")
        page = sign_in(client, "ana", PASSWORD, language="pt").content.decode()
        assert "Demasiadas tentativas de entrada falhadas" in page
        assert "15 minutos" in page
        assert '<html lang="pt"' in page

    def test_the_lock_is_for_that_account_and_that_address_only(self, client, staff):
        fail(client, "ana", 5)
        assert sign_in(client, "bruno", PASSWORD).status_code == 302
        client.logout()
        assert sign_in(client, "ana", PASSWORD, address="198.51.100.2").status_code == 302

    def test_the_lock_ends_after_fifteen_minutes(self, client, staff):
        fail(client, "ana", 5)
        with freeze_time(timezone.now() + timedelta(minutes=14)):
            assert sign_in(client, "ana", PASSWORD).status_code == 429
        with freeze_time(timezone.now() + timedelta(minutes=15, seconds=1)):
            assert sign_in(client, "ana", PASSWORD).status_code == 302

    def test_a_success_resets_the_count(self, client, staff):
        fail(client, "ana", 4)
        assert sign_in(client, "ana", PASSWORD).status_code == 302
        client.logout()
        fail(client, "ana", 4)
        assert sign_in(client, "ana", PASSWORD).status_code == 302

    def test_a_forwarded_address_is_ignored_unless_configured(self, client, staff):
        for hop in range(5):
            sign_in(client, "ana", "wrong", x_forwarded_for=f"192.0.2.{hop}")
        response = sign_in(client, "ana", PASSWORD, x_forwarded_for="192.0.2.99")
        assert response.status_code == 429

    def test_behind_a_configured_proxy_its_header_names_the_visitor(self, client, staff, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        proxy = "10.0.0.2"
        fail(client, "ana", 5, address=proxy, x_forwarded_for="203.0.113.50")
        locked = sign_in(client, "ana", PASSWORD, address=proxy, x_forwarded_for="203.0.113.50")
        assert locked.status_code == 429
        other = sign_in(client, "ana", PASSWORD, address=proxy, x_forwarded_for="203.0.113.51")
        assert other.status_code == 302


class TestClientAddress:
    def request(self, **meta):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)

    def test_the_connection_counts_without_a_configured_header(self, settings):
        settings.CLIENT_IP_HEADER = ""
        assert security.client_ip(self.request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.2"

    def test_the_header_is_read_from_the_right(self, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        settings.TRUSTED_PROXY_COUNT = 1
        spoofed = self.request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
        assert security.client_ip(spoofed) == "203.0.113.9"
        settings.TRUSTED_PROXY_COUNT = 2
        two_proxies = self.request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1")
        assert security.client_ip(two_proxies) == "203.0.113.9"

    @pytest.mark.parametrize("header", ["", "not-an-address", " , "])
    def test_a_missing_or_garbled_header_falls_back_to_the_connection(self, settings, header):
        settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        settings.TRUSTED_PROXY_COUNT = 1
        assert security.client_ip(self.request(HTTP_X_FORWARDED_FOR=header)) == "10.0.0.2"
