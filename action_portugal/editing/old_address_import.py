"""A list of old addresses, from a file, made into redirects: read, every line checked
against the site, shown as what will change, and written all at once or not at all.

Wagtail's own import (``wagtail.contrib.redirects.views.start_import``) previews the file
rather than what will change, writes each good line as it goes and reports the bad ones
after, and sends every line to the address typed (any site's, from a file: an open
redirect). Here a line leads to a page (``Redirect.redirect_page``: it follows the page
when it moves, in the old address's language, ``old_addresses``), or to another site only
when staff allow it; it may not take over the site's own addresses or a published page's,
nor lead to another old address (never a chain or a loop). The content loader's old
addresses go through the same checks.
"""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.log_actions import log
from wagtail.models import Page

from action_portugal.base.i18n import (
    IN_A_SENTENCE,
    LANGUAGE_CODES,
    absolute_url,
    localized_name,
    page_url_in,
)
from action_portugal.editing.old_addresses import WORDPRESS_PARAMETERS, language_of, not_pages

logger = logging.getLogger(__name__)

MAX_BYTES = 1024 * 1024
MAX_LINES = 2000
# What an .xlsx may unpack to, and rows read from it (empty ones included): a file that
# claims more (a zip bomb, a sheet "used" down to its millionth row) is refused.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_SHEET_ROWS = 10 * MAX_LINES
MAX_LENGTH = 255  # Redirect.old_path's and redirect_link's
SERVE_VIEW = "wagtail_serve"


class Refused(Exception):
    """The file as a whole cannot be used; nothing of it is."""


class Unfit(Exception):
    """One line does not fit; it says why."""


# Reading the file ---------------------------------------------------------------------------


def read_rows(upload):
    """The rows of a CSV (comma, semicolon or tab separated, UTF-8) or Excel (.xlsx) file,
    each a list of texts."""
    if upload.size > MAX_BYTES:
        raise Refused(too_big())
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refused(too_big())
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        return spreadsheet_rows(data)
    if name.endswith((".csv", ".tsv", ".txt")):
        return text_rows(data)
    raise Refused(_("Give a CSV file (.csv) or an Excel workbook (.xlsx)."))


def too_big():
    return _(
        "The file is larger than 1 MB. Split it into smaller files of at most %(lines)s lines each."
    ) % {"lines": MAX_LINES}


def too_long():
    return _("The file has more than %(lines)s lines. Split it into smaller files.") % {
        "lines": MAX_LINES
    }


def text_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(
            _(
                "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”; in "
                "LibreOffice, choose the character set “Unicode (UTF-8)”."
            )
        ) from None
    if "\0" in text:
        raise Refused(_("The file is not a text file: it cannot be read as CSV."))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max("\t;,", key=first.count) if any(c in first for c in "\t;,") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_LINES + 1:
                raise Refused(too_long())
    except csv.Error:
        raise Refused(
            _(
                "Line %(line)s cannot be read as CSV (a quotation mark left open, or text "
                "after a closing one)."
            )
            % {"line": reader.line_num}
        ) from None
    return rows


def spreadsheet_rows(data):
    """The first sheet's rows, as texts (the values last calculated: no formula is run)."""
    import openpyxl  # Wagtail's own dependency, for its import

    unreadable = _("The file cannot be read as an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise Refused(unreadable) from None
    if len(members) > 1000 or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise Refused(unreadable)
    rows, filled = [], 0
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise Refused(unreadable)
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                cells = ["" if value is None else str(value) for value in row[:3]]
                rows.append(cells)  # empty ones too: line numbers are the sheet's
                filled += any(cell.strip() for cell in cells)
                if filled > MAX_LINES + 1 or len(rows) > MAX_SHEET_ROWS:
                    raise Refused(too_long())
        finally:
            workbook.close()
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - whatever a damaged or hostile workbook raises
        raise Refused(unreadable) from None
    return rows


# Checking each line -------------------------------------------------------------------------


@dataclass
class Line:
    """A line of the list: the old address and where it will lead, or why it does not fit."""

    number: int
    old: str
    new: str
    old_path: str = ""
    language: str = ""
    target_path: str = ""
    page: Page | None = None
    link: str = ""
    current: Redirect | None = None
    error: str = ""

    @property
    def change(self):
        """``new``, ``changed`` or ``same``: what writing the line does."""
        if self.current is None:
            return "new"
        same_page = self.page is not None and self.current.redirect_page_id == self.page.pk
        same_link = self.page is None and self.current.redirect_link == self.link
        plain = self.current.is_permanent and not self.current.redirect_page_route_path
        return "same" if (same_page or same_link) and plain else "changed"

    def destination(self):
        """``(label, address)`` of where the line leads."""
        if self.page is None:
            return self.link, self.link
        return title_in(self.page, self.language), page_url_in(self.page, self.language)

    @property
    def waits(self):
        """Whether it leads to a page not published yet (meanwhile, the page above it)."""
        return self.page is not None and not self.page.live

    def previous(self):
        """Where the old address led before, if anywhere."""
        if self.current is None:
            return None
        page = self.current.redirect_page
        if page is not None:
            return title_in(page, self.language), page_url_in(page, self.language)
        return self.current.redirect_link, self.current.redirect_link

    def key(self):
        """What writing the line does, to compare with what the preview showed."""
        before = None
        if self.current is not None:
            current = self.current
            before = [current.pk, current.redirect_page_id, current.redirect_link]
        return [self.old_path, self.page.pk if self.page is not None else self.link, before]


def title_in(page, language):
    return getattr(page, localized_name("title", language), None) or page.title


def unusable_characters(text):
    return any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c == "\\" for c in text)


def old_path_of(text):
    """The old address as redirects keep it (``Redirect.normalise_path``), if it may be one."""
    if not text:
        raise Unfit(_("The old address is missing."))
    if len(text) > MAX_LENGTH:
        raise Unfit(_("The old address is longer than 255 characters."))
    if unusable_characters(text):
        raise Unfit(_("The old address has spaces or characters no address has."))
    wrong_form = _(
        "Give the old address as a path (/sao-tome-e-principe/) or as a web address (https://…)."
    )
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise Unfit(wrong_form)
        text = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    elif not text.startswith("/") or text.startswith("//"):
        raise Unfit(wrong_form)
    path = Redirect.normalise_path(text)
    bare, _mark, query = path.partition("?")
    if {".", ".."} & set(unquote(bare).split("/")):
        raise Unfit(_("The old address has “.” or “..” in it: give it as a browser shows it."))
    if query:
        if bare != "/" or not wordpress_query(query):
            raise Unfit(
                _(
                    "Only the old site's home address may carry a query, as in /?p=123 or "
                    "/?page_id=123."
                )
            )
    elif bare == "/":
        raise Unfit(
            _(
                "“/” is the site's own address: it sends each visitor to the home page in "
                "their language."
            )
        )
    elif the_sites_own(bare):
        raise Unfit(
            _(
                "%(address)s is one of the site's own addresses (the administration, "
                "documents, search, feeds…): it cannot be redirected."
            )
            % {"address": bare}
        )
    if len(path) > MAX_LENGTH:
        raise Unfit(_("The old address is longer than 255 characters."))
    return path


def wordpress_query(query):
    pairs = parse_qsl(query, keep_blank_values=True)
    return (
        len(pairs) == 1
        and pairs[0][0] in WORDPRESS_PARAMETERS
        and pairs[0][1].isascii()
        and pairs[0][1].isdigit()
        and len(pairs[0][1]) <= 12
    )


def the_sites_own(path):
    """Whether the site answers ``path`` with something other than a page."""
    if (path + "/").lower().startswith(not_pages()):
        return True
    with translation.override(language_of(path)):
        for probe in (path, path + "/"):
            try:
                match = resolve(probe)
            except Resolver404:
                continue
            return match.url_name != SERVE_VIEW
    return False


def target_of(text, language, own_hosts, other_sites):
    """``(path, None)`` for a page of this site, or ``(None, link)`` for another site's."""
    if not text:
        raise Unfit(_("The new address is missing."))
    if len(text) > MAX_LENGTH:
        raise Unfit(_("The new address is longer than 255 characters."))
    if unusable_characters(text):
        raise Unfit(_("The new address has spaces or characters no address has."))
    wrong_form = _(
        "Give the new address as a page's address on this site (/pt/…, /en/…) or as a web "
        "address (https://…)."
    )
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise Unfit(wrong_form)
        if parts.username is not None or parts.password is not None:
            raise Unfit(_("The new address has a user name or a password in it."))
        if parts.hostname.lower() not in own_hosts:
            if not other_sites:
                raise Unfit(
                    _(
                        "%(address)s is on another site. Addresses on other sites are "
                        "imported only when “Allow addresses on other sites” is ticked."
                    )
                    % {"address": text}
                )
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError:
                raise Unfit(wrong_form) from None
            return None, text
        text, query = parts.path or "/", parts.query
    elif not text.startswith("/") or text.startswith("//"):
        raise Unfit(wrong_form)
    else:
        text, _mark, query = text.split("#", 1)[0].partition("?")
    if query:
        raise Unfit(_("A page's address has no query (?…): give the page's own address."))
    first = text.strip("/").split("/", 1)[0]
    if first not in LANGUAGE_CODES:
        raise Unfit(_("The new address must start with its language: /pt/… or /en/…."))
    if first != language:
        raise Unfit(
            _(
                "The old address is in %(old)s, the new one in %(new)s: give the page's "
                "address in %(old)s (an old address without /en/ is Portuguese)."
            )
            % {"old": IN_A_SENTENCE[language], "new": IN_A_SENTENCE[first]}
        )
    return text, None


def url_path_of(path, language, root):
    """The tree's ``url_path_<language>`` of the page at ``/<language>/...``."""
    rest = unquote(path).strip("/").split("/", 1)[1:]
    root_path = getattr(root, localized_name("url_path", language), None) or root.url_path
    return root_path + (rest[0].strip("/") + "/" if rest and rest[0].strip("/") else "")


def pages_at(url_paths, root):
    """``{(language, url_path): page}`` for the site's pages at these addresses, one query
    per language."""
    found = {}
    for language in LANGUAGE_CODES:
        wanted = {path for code, path in url_paths if code == language}
        if not wanted:
            continue
        field = localized_name("url_path", language)
        pages = Page.objects.filter(path__startswith=root.path, **{f"{field}__in": wanted})
        for page in pages:
            found[(language, getattr(page, field))] = page
    return found


def ancestors_of(url_path, root, language):
    """The url_paths between the site's root (itself included) and ``url_path``."""
    root_path = url_path_of(f"/{language}/", language, root)
    parts = url_path[len(root_path) :].strip("/").split("/")[:-1]
    return [root_path + "".join(f"{part}/" for part in parts[:n]) for n in range(len(parts) + 1)]


def prefixed(old_path, language):
    """Whether the old address is under the ``/<language>/`` of this site's pages (and so
    may be a page's address)."""
    path = old_path.split("?", 1)[0]
    return path == f"/{language}" or path.startswith(f"/{language}/")


def check(numbered, site, own_hosts, other_sites=False):
    """Every line of ``numbered`` (``(number, old, new)``), checked against the site in a
    fixed number of queries, whatever the number of lines."""
    root = site.root_page
    lines, by_old = [], {}
    for number, old, new in numbered:
        line = Line(number=number, old=old, new=new)
        lines.append(line)
        try:
            line.old_path = old_path_of(old)
            line.language = language_of(line.old_path)
            target_path, link = target_of(new, line.language, own_hosts, other_sites)
            line.target_path, line.link = target_path or "", link or ""
        except Unfit as unfit:
            line.error = str(unfit)
            continue
        if line.old_path in by_old:
            line.error = _("This old address is already on line %(line)s.") % {
                "line": by_old[line.old_path].number
            }
            continue
        by_old[line.old_path] = line

    good = [line for line in lines if not line.error]
    wanted = set()
    for line in good:
        language = line.language
        if line.target_path:
            wanted.add((language, url_path_of(line.target_path, language, root)))
        if prefixed(line.old_path, language):
            address = url_path_of(line.old_path, language, root)
            above = ancestors_of(address, root, language)
            wanted |= {(language, path) for path in [address, *above]}
    pages = pages_at(wanted, root)
    targets = {Redirect.normalise_path(line.target_path) for line in good if line.target_path}
    existing = {}
    # The site's own redirect before one for every site, as visitors get them.
    for redirect in sorted(
        Redirect.get_for_site(site)
        .filter(old_path__in={*by_old, *targets})
        .select_related("redirect_page"),
        key=lambda redirect: redirect.site_id is None,
    ):
        existing.setdefault(redirect.old_path, redirect)

    for line in good:
        try:
            check_against_the_site(line, root, pages, existing, by_old)
        except Unfit as unfit:
            line.error = str(unfit)
    return lines


def check_against_the_site(line, root, pages, existing, by_old):
    language = line.language
    if prefixed(line.old_path, language):
        address = url_path_of(line.old_path, language, root)
        page = pages.get((language, address))
        if page is not None and page.live:
            raise Unfit(
                _(
                    "A published page is at this old address (“%(title)s”): the redirect "
                    "would never be used."
                )
                % {"title": title_in(page, language)}
            )
        for above in ancestors_of(address, root, language):
            page = pages.get((language, above))
            routes = page is not None and issubclass(page.specific_class, RoutablePageMixin)
            if routes and page.live:
                raise Unfit(
                    _("“%(title)s” answers every address below its own, this one included.")
                    % {"title": title_in(page, language)}
                )
    line.current = existing.get(line.old_path)
    if line.link:
        return
    target = Redirect.normalise_path(line.target_path)
    if target == line.old_path:
        raise Unfit(_("The old and the new address are the same."))
    line.page = pages.get((language, url_path_of(line.target_path, language, root)))
    if line.page is not None:
        return
    if target in by_old:
        raise Unfit(
            _(
                "%(address)s is itself an old address, on line %(line)s: give the address of "
                "the page it leads to."
            )
            % {"address": line.target_path, "line": by_old[target].number}
        )
    earlier = existing.get(target)
    if earlier is not None and earlier.redirect_page is not None:
        line.page = earlier.redirect_page  # a page's old address: straight to the page
        return
    raise Unfit(_("No page has the address %(address)s.") % {"address": line.target_path})


def numbered_lines(rows):
    """``(number, old, new)`` for each line with anything in it, and the line read as the
    columns' names, if any: the first line, when its first cell holds no address."""
    numbered, names = [], None
    for number, row in enumerate(rows, start=1):
        cells = [str(cell).strip() for cell in row[:2]] + ["", ""]
        if not any(str(cell).strip() for cell in row):
            continue
        if not numbered and names is None and "/" not in cells[0]:
            names = (number, cells[:2])
            continue
        numbered.append((number, cells[0], cells[1]))
    return numbered, names


def own_hosts(site):
    """The host names this site is reached at: an address on one of them is a page of
    ours, not another site's."""
    hosts = {site.hostname.lower(), urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""}
    hosts |= {host.lower() for host in settings.ALLOWED_HOSTS if "*" not in host}
    return {host.lstrip(".") for host in hosts if host}


# Writing ----------------------------------------------------------------------------------


@transaction.atomic
def write(lines, site, user=None):
    """Write every line that changes something; ``(created, changed)``."""
    created = changed = 0
    written = []
    for line in lines:
        if line.error or line.change == "same":
            continue
        current = line.current
        redirect = current if current is not None and current.site_id == site.pk else None
        action = "wagtail.edit" if redirect is not None else "wagtail.create"
        redirect = redirect or Redirect(old_path=line.old_path, site=site)
        redirect.redirect_page = line.page
        redirect.redirect_link = line.link
        redirect.redirect_page_route_path = ""
        redirect.is_permanent = True
        redirect.automatically_created = False
        redirect.save()
        log(instance=redirect, action=action, user=user)
        written.append(redirect)
        if action == "wagtail.create":
            created += 1
        else:
            changed += 1
    transaction.on_commit(lambda: purge(written))
    return created, changed


def purge(redirects):
    """A CDN may keep an old address's "not found" for a minute (``views.page_not_found``)."""
    if not redirects or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    for redirect in redirects:
        batch.add_url(absolute_url(redirect.old_path))
    try:
        batch.purge()
    except Exception:  # noqa: BLE001 - a CDN that does not answer must not undo the import
        logger.exception("Purging the old addresses from the frontend cache failed")
