"""Password forms and password resets, throttled per visitor address (``throttle``)."""

import unicodedata

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext
from wagtail import views as wagtail_views
from wagtail.admin.views import account as wagtail_account
from wagtail.documents.views import serve as wagtail_documents
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from action_portugal.security import throttle
from action_portugal.security.sign_in import client_ip


def normal_email(value):
    """An e-mail address as Django's password reset matches it to accounts."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


class PasswordResetView(wagtail_account.PasswordResetView):
    """Wagtail's password reset, limited per e-mail address typed and per visitor address
    (action_portugal.security.throttle). Over a limit no e-mail is sent, and the answer does not
    depend on whether an account has that e-mail address."""

    def form_valid(self, form):
        checks = [
            (throttle.PASSWORD_RESET_ACCOUNT, normal_email(form.cleaned_data.get("email"))),
            (throttle.PASSWORD_RESET_ADDRESS, client_ip(self.request)),
        ]
        refused_for = throttle.refused_for(*checks)
        if not refused_for:
            throttle.count(*checks)
            return super().form_valid(form)
        minutes = throttle.minutes(refused_for)
        form.add_error(
            None,
            ngettext(
                "Too many password reset requests for this e-mail address or from your "
                "address. No e-mail was sent. Try again in %(minutes)d minute.",
                "Too many password reset requests for this e-mail address or from your "
                "address. No e-mail was sent. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        add_never_cache_headers(response)
        return response


def wrong_password_message(refused_for):
    minutes = throttle.minutes(refused_for)
    return ngettext(
        "Too many wrong passwords from your address. Try again in %(minutes)d minute.",
        "Too many wrong passwords from your address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def throttled_password(view, restriction_key, refusal):
    """Wagtail's password form for a private page or collection (``view``), limited per
    visitor address for this restriction and for all of them. While refused, no password
    is checked, not even the right one: ``refusal(request, *args)`` shows the form again."""

    def wrapped(request, *args, **kwargs):
        address = client_ip(request)
        checks = [
            (throttle.PRIVATE_PASSWORD, f"{restriction_key(*args, **kwargs)} {address}"),
            (throttle.PRIVATE_PASSWORD_ADDRESS, address),
        ]
        refused_for = throttle.refused_for(*checks) if request.method == "POST" else 0
        if refused_for:
            response = refusal(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
            failed = request.method == "POST" and response.status_code == 200
            if failed and throttle.count(*checks):
                refused_for = throttle.refused_for(*checks)
        if refused_for and isinstance(response, TemplateResponse):
            response.status_code = 429
            response.context_data["refusal"] = wrong_password_message(refused_for)
        add_never_cache_headers(response)
        return response

    return wrapped


def refused_form(request):
    """The password form again, unchecked, with where to go once it is accepted."""
    return {"initial": {"return_url": request.POST.get("return_url", "")}}


def page_password_refused(request, page_view_restriction_id, page_id):
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = PasswordViewRestrictionForm(instance=restriction, **refused_form(request))
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return page.serve_password_required_response(request, form, action_url)


def document_password_refused(request, restriction_id):
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    form = PasswordViewRestrictionForm(instance=restriction, **refused_form(request))
    action_url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    context = {"form": form, "action_url": action_url}
    return TemplateResponse(request, settings.WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE, context)


page_password = throttled_password(
    wagtail_views.authenticate_with_password,
    lambda page_view_restriction_id, page_id: f"page {page_view_restriction_id}",
    page_password_refused,
)


document_password = throttled_password(
    wagtail_documents.authenticate_with_password,
    lambda restriction_id: f"collection {restriction_id}",
    document_password_refused,
)
