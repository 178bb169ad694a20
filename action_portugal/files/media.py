"""Uploaded files as the outside world gets them: what the site's own origin serves of
``MEDIA_URL`` (pictures, nothing else), and how the bucket keeps each file.

A file under ``MEDIA_URL`` is served with the type its name implies, on the site's origin,
under the public pages' policy: an uploaded HTML or SVG file would run there with a
signed-in editor's session. So only the image library's files are served here, with a type
from a fixed map and a policy that runs nothing; documents go out through their own view
(action_portugal.files.documents), which checks collection privacy first.
"""

import os
import stat

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe
from storages.backends.s3 import S3Storage

# Originals (wagtail.images' upload_to), renditions and pages' share images
# (action_portugal.seo.share_cards); the folders are flat.
SHARE_IMAGES = "share_images/"
PICTURE_FOLDERS = ("original_images", "images", SHARE_IMAGES.rstrip("/"))
# The image library's extensions (WAGTAILIMAGES_EXTENSIONS) and the renditions' formats.
PICTURE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}
# A day, not a year: a file name is used again once its picture is deleted, and a
# picture taken down should not stay in browsers and CDNs for long.
PICTURE_CACHE_CONTROL = "public, max-age=86400"
# Whatever a file turns out to be, nothing in it runs, and it gets no origin of its own.
SANDBOX = "default-src 'none'; sandbox"


def set_headers(response, headers):
    for name, value in headers.items():
        response[name] = value


def picture_type(name):
    """The Content-Type of ``name`` (relative to MEDIA_ROOT or the bucket) when it is one of
    the image library's files, else None."""
    folder, _slash, filename = name.partition("/")
    if folder not in PICTURE_FOLDERS or not filename or filename.startswith("."):
        return None
    if any(character in filename for character in "/\\\x00"):
        return None
    return PICTURE_TYPES.get(os.path.splitext(filename)[1][1:].lower())


@require_safe
def serve_picture(request, path):
    """``MEDIA_URL`` served from MEDIA_ROOT (``SERVE_MEDIA``): pictures only, 404 for the
    rest."""
    content_type = picture_type(path)
    if content_type is None:
        raise Http404
    try:
        full_path = FileSystemStorage(location=settings.MEDIA_ROOT).path(path)
        status = os.stat(full_path)
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404 from None
    if not stat.S_ISREG(status.st_mode):
        raise Http404
    headers = {
        "Cache-Control": PICTURE_CACHE_CONTROL,
        "ETag": quote_etag(f"{status.st_mtime_ns:x}-{status.st_size:x}"),
        "Last-Modified": http_date(status.st_mtime),
    }
    not_modified = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(status.st_mtime)
    )
    if not_modified is not None:
        response = not_modified
    else:
        try:
            response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115 - closed by the response
        except OSError:
            raise Http404 from None
    headers.update({"X-Content-Type-Options": "nosniff", "Content-Security-Policy": SANDBOX})
    set_headers(response, headers)
    return response


class SiteS3Storage(S3Storage):
    """The bucket, with each object's type fixed by where it is kept, never taken from the
    name's guess or from the type the uploading browser declared.

    Pictures get the public caching of ``object_parameters``; everything else (documents,
    Wagtail's pending uploads) is kept as a private download: the bucket grants public read
    on the pictures' folders only, and documents are reached through short-lived signed
    URLs (action_portugal.files.documents)."""

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        relative = name
        if self.location and relative.startswith(self.location):
            relative = relative[len(self.location) :].lstrip("/")
        content_type = picture_type(relative)
        if content_type:
            params["ContentType"] = content_type
            if relative.startswith(SHARE_IMAGES):
                # Deleted when their page stops being public: not kept for a year.
                params["CacheControl"] = PICTURE_CACHE_CONTROL
        else:
            params["ContentType"] = "application/octet-stream"
            params["ContentDisposition"] = "attachment"
            params["CacheControl"] = "private, no-store"
        return params
