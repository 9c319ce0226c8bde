"""Read the consolidated report's charts back from a .docx: alt text and the bars drawn."""

from __future__ import annotations

import io

from docx.document import Document
from docx.shape import InlineShape
from PIL import Image

from reports.charts import BAR_COLOUR


def alt_texts(document: Document) -> list[str]:
    """The description (alt text) of every picture, in document order."""
    return [shape._inline.docPr.get("descr", "") for shape in document.inline_shapes]


def png_of(document: Document, shape: InlineShape) -> bytes:
    """The image file a picture shows (word/media/imageN.png)."""
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    return bytes(document.part.related_parts[blip.embed].blob)


def bars_drawn(png: bytes) -> int:
    """How many separate bands of bar colour the image has, top to bottom."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    bands, inside = 0, False
    for y in range(height):
        coloured = any(pixels[x, y] == BAR_COLOUR for x in range(width))
        bands += coloured and not inside
        inside = coloured
    return bands
