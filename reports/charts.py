"""Horizontal bar charts as PNG images, drawn with Pillow.

Pillow draws the few bars a target needs without pulling in a plotting stack. Labels need a
font with Vietnamese letters: the first of the usual system fonts found is used; without one,
Pillow's built-in font draws the labels without diacritics rather than as empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from knowledge.normalize import fold
from reports.figures import Bar, bar_texts, vn_percent

FONT_CANDIDATES = (
    # DejaVu first: Debian's Liberation Sans lacks some Vietnamese letters (ỉ).
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/freefont/FreeSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/Library/Fonts/Arial.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
)
WIDTH = 1600  # pixels for about 16 cm on the page: sharp when printed
BAR_HEIGHT = 56
GAP = 28
MARGIN = 24
FONT_SIZE = 30
BAR_COLOUR = (31, 78, 121)
TARGET_COLOUR = (192, 0, 0)
TEXT_COLOUR = (0, 0, 0)
AXIS_COLOUR = (128, 128, 128)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int) -> tuple[Font, bool]:
    """A font and whether it has Vietnamese letters."""
    for path in FONT_CANDIDATES:
        if path.is_file():
            return ImageFont.truetype(str(path), size), True
    return ImageFont.load_default(size), False


def _text(text: str, vietnamese: bool) -> str:
    return text if vietnamese else fold(text)


def bar_chart(bars: Sequence[Bar], *, percent: bool, target: float | None = None) -> bytes:
    """A PNG with one labelled horizontal bar per item and an optional target line."""
    font, vietnamese = _font(FONT_SIZE)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    labels = [_text(bar.label, vietnamese) for bar in bars]
    values = [_text(text, vietnamese) for text in bar_texts(bars, percent=percent)]
    label_width = max((int(probe.textlength(t, font=font)) for t in labels), default=0)
    # Only the figures stand right of their bar; "no figure" is written at the axis.
    value_width = max(
        (int(probe.textlength(t, font=font)) for t, b in zip(values, bars, strict=True)
         if b.value is not None),
        default=0,
    )  # fmt: skip
    left = MARGIN + label_width + MARGIN
    right = WIDTH - MARGIN - value_width - MARGIN
    top = MARGIN + (FONT_SIZE + GAP if target is not None else 0)
    height = top + len(bars) * (BAR_HEIGHT + GAP) + MARGIN
    figures = [b.value for b in bars if b.value is not None]
    scale_max = max([*figures, target or 0.0, 100.0 if percent else 1.0])
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)

    def x_of(value: float) -> int:
        return left + round((right - left) * max(value, 0.0) / scale_max)

    for index, (bar, label, value) in enumerate(zip(bars, labels, values, strict=True)):
        y = top + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT // 2
        draw.text((left - MARGIN, middle), label, font=font, fill=TEXT_COLOUR, anchor="rm")
        if bar.value is None:  # no figure: no bar, the words in grey at the axis
            draw.text((left + MARGIN // 2, middle), value, font=font, fill=AXIS_COLOUR,
                      anchor="lm")  # fmt: skip
            continue
        draw.rectangle((left, y, max(x_of(bar.value), left + 2), y + BAR_HEIGHT), fill=BAR_COLOUR)
        draw.text((x_of(bar.value) + MARGIN // 2, middle), value, font=font, fill=TEXT_COLOUR,
                  anchor="lm")  # fmt: skip
    bottom = height - MARGIN
    draw.line((left, top - GAP // 2, left, bottom), fill=AXIS_COLOUR, width=2)
    if target is not None:
        x = x_of(target)
        for y in range(top - GAP // 2, bottom, 16):
            draw.line((x, y, x, min(y + 8, bottom)), fill=TARGET_COLOUR, width=4)
        caption = _text(f"Chỉ tiêu {vn_percent(target)}", vietnamese)
        draw.text((x, MARGIN), caption, font=font, fill=TARGET_COLOUR, anchor="rt")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
