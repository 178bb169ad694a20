"""Checks on every file that enters the image library, whichever admin view it comes through
(add one, add several, the chooser's upload in the page editor, replacing an image's file):
they all build their form on ``SiteImageForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``).

Wagtail's image field refuses what is not an image, an extension that is not allowed or does
not match the content (an SVG among them), an empty file and one over
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``. For ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` it asks Willow,
which decodes the first frame before the size is compared and counts one frame of an
animation; and a damaged file ends in a server error there. Here Pillow reads the size and
frame count from the header first, and only a picture within the limit is decoded, in full:
every frame of an animation.
"""

import os
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageSequence, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Formats whose frames are all shown, one after another. A JPEG can also hold more than one
# picture (Pillow's "MPO": a phone photo's depth or HDR gain map), but only the first is shown.
ANIMATION_FORMATS = {"GIF", "PNG", "WEBP", "AVIF"}


def use_file_field(form, field_class):
    """Wagtail makes the image and document forms' file field in a function of its own
    (formfield_for_dbfield), with no setting to name another class: ``field_class`` takes
    its place, with the same label and widget."""
    wagtails = form.fields.get("file")
    if wagtails is not None:
        form.fields["file"] = field_class(
            label=wagtails.label, required=wagtails.required, widget=wagtails.widget
        )


class SiteImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_file_field(self, SiteImageField)


class SiteImageField(WagtailImageField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Clearer than Wagtail's, and in Portuguese too (Wagtail's pt_PT catalogue lacks it).
        self.error_messages["invalid_image_known_format"] = _(
            "The file is not a .%(extension)s image: its content is in the %(image_format)s format."
        )

    def to_python(self, data):
        file = super().to_python(data)  # Wagtail's checks, then check_image_pixel_size below
        if file is not None:
            with self.opened(file) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
                    if image.format not in ANIMATION_FORMATS:
                        break
        return file

    def check_image_pixel_size(self, f):
        """Wagtail's own check asks Willow, which decodes the first frame before the size is
        known, and counts a single frame when Pillow is its only backend (wagtail/Willow#76)."""
        with self.opened(f) as image:
            frames = image.n_frames if image.format in ANIMATION_FORMATS else 1
            pixels = image.width * image.height * frames
            if self.max_image_pixels is not None and pixels > self.max_image_pixels:
                raise self.too_many_pixels(pixels, self.max_image_pixels)
            # Pillow warns about a picture over its own limit (a possible decompression bomb)
            # and refuses one over twice that: both are refused here, whatever the setting.
            if image.width * image.height > PILImage.MAX_IMAGE_PIXELS:
                raise self.too_many_pixels(image.width * image.height, PILImage.MAX_IMAGE_PIXELS)

    @contextmanager
    def opened(self, f):
        """``f`` opened with Pillow as the format its extension names. A file Pillow cannot
        read is a form error, never a server error (wagtail#1354)."""
        image_format = PILImage.registered_extensions().get(os.path.splitext(f.name)[1].lower())
        f.seek(0)
        try:
            with PILImage.open(f, formats=[image_format] if image_format else None) as image:
                yield image
        except ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise self.too_many_pixels(_("unknown number"), PILImage.MAX_IMAGE_PIXELS) from None
        except UnidentifiedImageError as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        except Exception as error:  # noqa: BLE001 - whatever a damaged file makes Pillow raise
            raise ValidationError(
                _("This image file is damaged or incomplete: it cannot be read in full."),
                code="damaged_image",
            ) from error
        finally:
            f.seek(0)

    def too_many_pixels(self, pixels, limit):
        limit = min(limit, self.max_image_pixels or limit)
        return ValidationError(
            self.error_messages["file_too_many_pixels"]
            % {"num_pixels": pixels, "max_pixels_count": limit},
            code="file_too_many_pixels",
        )
