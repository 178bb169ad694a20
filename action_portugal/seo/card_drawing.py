"""Drawing a page's share image: 1200x630, the site's blue, the section's name over the
page's title, and the page's icon (``static/icons/share/``, rasterised once by
scripts/rasterise-share-icons.py: no SVG library at run time). The text is in DejaVu Sans
(Debian's fonts-dejavu-core, installed by the Dockerfile and `make install`), which has
every letter of both languages; without it, Pillow's built-in font, which lacks accented
letters but never fails. Any title draws: control and direction-override characters
are dropped, long words are broken, and what does not fit ends in an ellipsis."""

import io
import unicodedata
from functools import cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# The site's colours (static/css/site.css: --blue, --blue-dark, --tint-2, --white).
BLUE = (0x1E, 0x2D, 0xBE)
BLUE_DARK = (0x14, 0x1F, 0x85)
TINT = (0xE4, 0xE8, 0xFA)
WHITE = (0xFF, 0xFF, 0xFF)
ICONS = settings.BASE_DIR / "static" / "icons" / "share"
DEFAULT_ICON = "mark"
MARGIN = 80
TEXT_WIDTH = 700
TITLE_SIZES = (60, 52, 44)
TITLE_LINES = 4
LONGEST_TEXT = 400
ELLIPSIS = "…"


FONT = settings.SHARE_IMAGE_FONT


@cache
def font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


@cache
def icon(name, size):
    """The icon ``name`` at ``size`` pixels; the programme's mark for a name without one."""
    path = ICONS / f"{name}.png"
    if not name.replace("-", "").isalnum() or not path.is_file():
        path = ICONS / f"{DEFAULT_ICON}.png"
    with Image.open(path) as opened:
        return opened.convert("RGBA").resize((size, size), Image.Resampling.LANCZOS)


def clean(text):
    """``text`` as one line of visible characters: no control or format characters (a
    right-to-left override would turn the rest around), whitespace collapsed, not endless."""
    kept = "".join(
        " " if character.isspace() else character
        for character in str(text)[: LONGEST_TEXT * 2]
        if character.isspace() or unicodedata.category(character) not in ("Cc", "Cf", "Cs")
    )
    return " ".join(kept.split())[:LONGEST_TEXT]


def fits(text, size, width):
    return font(size).getlength(text) <= width


def break_word(word, size, width):
    """A word too long for a line, cut into pieces that fit."""
    pieces, piece = [], ""
    for character in word:
        if piece and not fits(piece + character, size, width):
            pieces.append(piece)
            piece = ""
        piece += character
    return [*pieces, piece] if piece else pieces


def wrap(text, size, width, most):
    """``text`` in lines of at most ``width`` pixels, at most ``most`` of them; the last
    ends in an ellipsis when some text was left out. ``(lines, complete)``."""
    lines, line = [], ""
    for word in text.split(" "):
        for piece in break_word(word, size, width) if not fits(word, size, width) else [word]:
            candidate = f"{line} {piece}" if line else piece
            if fits(candidate, size, width):
                line = candidate
                continue
            lines.append(line)
            line = piece
    if line:
        lines.append(line)
    if len(lines) <= most:
        return lines, True
    last = lines[most - 1]
    while last and not fits(last + ELLIPSIS, size, width):
        last = last[:-1]
    return [*lines[: most - 1], last.rstrip() + ELLIPSIS], False


def title_lines(title):
    """The title at the largest size that holds it whole, else the smallest, cut."""
    for size in TITLE_SIZES:
        lines, complete = wrap(title, size, TEXT_WIDTH, TITLE_LINES)
        if complete:
            return size, lines
    return size, lines


def draw(title, section, icon_name, site_name):
    """The PNG bytes of a share image."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    pen = ImageDraw.Draw(image)
    # The icon, large, in a darker disc on the right.
    pen.ellipse((820, 135, 1180, 495), fill=BLUE_DARK)
    picture = icon(icon_name, 220)
    image.paste(picture, (890, 205), picture)
    # The programme's name and mark, top left.
    mark = icon(DEFAULT_ICON, 56)
    image.paste(mark, (MARGIN, 60), mark)
    pen.text((MARGIN + 72, 88), clean(site_name), font=font(34), fill=WHITE, anchor="lm")
    # The section, then the title.
    section_lines, _complete = wrap(clean(section).upper(), 28, TEXT_WIDTH, 1)
    if section_lines:
        pen.text((MARGIN, 190), section_lines[0], font=font(28), fill=TINT)
        pen.rectangle((MARGIN, 238, MARGIN + 72, 243), fill=TINT)
    size, lines = title_lines(clean(title))
    y = 270
    for line in lines:
        pen.text((MARGIN, y), line, font=font(size), fill=WHITE)
        y += round(size * 1.2)
    output = io.BytesIO()
    # Few colours: a palette keeps the file small (well under 150 kB).
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(output, "PNG", optimize=True)
    return output.getvalue()
