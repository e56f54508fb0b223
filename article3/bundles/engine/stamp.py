"""Page numbers stamped onto every page, upright as the page is viewed.

Each page gets a small content stream of its own, drawn after the original content, which is
wrapped in q/Q so that whatever state it leaves behind does not reach the number. All pages
share one Helvetica font object. Positions are computed from the page's effective box
(CropBox within MediaBox, with any origin) and its /Rotate, in "viewed" coordinates: origin
at the bottom left of the page as displayed, x to the right, y up.

With `shrink` the original content is scaled (uniformly, towards the top centre) so that it
ends above the band that holds the number; annotation rectangles move with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.pdfmetrics import stringWidth

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
FONT_NAME = Name("/A3PageNo")
FONT_SIZE = 9.0
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Geometry:
    """A page's effective box and rotation, and the matrix from viewed to user space."""

    width: float  # as viewed
    height: float
    to_user: Matrix

    @property
    def from_user(self) -> Matrix:
        return invert(self.to_user)


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The transform that applies `first`, then `then` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = then
    return (
        a * p + b * r, a * q + b * s,
        c * p + d * r, c * q + d * s,
        e * p + f * r + t, e * q + f * s + u,
    )


def invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def _box(value: object) -> Box | None:
    if not isinstance(value, Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def effective_box(page: pikepdf.Object) -> Box:
    media = _box(page.get("/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
    crop = _box(page.get("/CropBox"))
    if crop is None:
        return media
    # The crop box is clipped to the media box; a crop box outside it is ignored.
    x0, y0 = max(crop[0], media[0]), max(crop[1], media[1])
    x1, y1 = min(crop[2], media[2]), min(crop[3], media[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else media


def rotation(page: pikepdf.Object) -> int:
    try:
        value = int(page.get("/Rotate", 0))
    except (TypeError, ValueError):
        return 0
    return (round(value / 90) * 90) % 360


def geometry(page: pikepdf.Object) -> Geometry:
    x0, y0, x1, y1 = effective_box(page)
    turn = rotation(page)
    if turn == 90:  # viewed bottom is the user-space right edge
        return Geometry(y1 - y0, x1 - x0, (0.0, 1.0, -1.0, 0.0, x1, y0))
    if turn == 180:
        return Geometry(x1 - x0, y1 - y0, (-1.0, 0.0, 0.0, -1.0, x1, y1))
    if turn == 270:  # viewed bottom is the user-space left edge
        return Geometry(y1 - y0, x1 - x0, (0.0, -1.0, 1.0, 0.0, x0, y1))
    return Geometry(x1 - x0, y1 - y0, (1.0, 0.0, 0.0, 1.0, x0, y0))


def shrink_matrix(geo: Geometry, band: float) -> Matrix:
    """User-space transform that fits the content above a band at the viewed bottom."""
    scale = max(geo.height - band, 1.0) / geo.height
    in_view: Matrix = (scale, 0.0, 0.0, scale, geo.width * (1 - scale) / 2, band)
    return multiply(multiply(geo.from_user, in_view), geo.to_user)


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _matrix_text(m: Matrix) -> str:
    return " ".join(_num(v) for v in m)


def pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


@dataclass(frozen=True)
class Shape:
    """What every page of one size, origin and rotation shares: computed once."""

    geometry: Geometry
    content: Matrix
    opener: pikepdf.Object  # "q" (and the shrink transform), shared between pages
    prefix: bytes  # closes the original content and positions the number's text object


class Stamper:
    """Stamps the pages of one output PDF; caches what pages of the same shape share."""

    def __init__(self, pdf: pikepdf.Pdf, *, band: float) -> None:
        self.pdf = pdf
        self.band = band
        self.font = pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.WinAnsiEncoding,
            )
        )
        self._shapes: dict[tuple[bytes, bytes, bytes, bool], Shape] = {}
        self._openers: dict[tuple[Matrix, Box | None], pikepdf.Object] = {}
        self._widths: dict[str, float] = {}

    def stamp(self, page: pikepdf.Object, *, text: str, shrink: bool) -> None:
        shape = self._shape(page, shrink)
        contents = page.get("/Contents")
        parts = list(contents) if isinstance(contents, Array) else [contents] if contents else []
        closer = pikepdf.Stream(self.pdf, self._closing(shape, text))
        page.Contents = Array([shape.opener, *parts, closer])
        self._add_font(page)
        if shape.content != IDENTITY and "/Annots" in page:
            move_annotations(page, shape.content)

    def _shape(self, page: pikepdf.Object, shrink: bool) -> Shape:
        key = (_raw(page, "/MediaBox"), _raw(page, "/CropBox"), _raw(page, "/Rotate"), shrink)
        shape = self._shapes.get(key)
        if shape is None:
            geo = geometry(page)
            content = shrink_matrix(geo, self.band) if shrink else IDENTITY
            opener = self._opener(content, effective_box(page))
            prefix = f"Q q {_matrix_text(geo.to_user)} cm BT 0 g /A3PageNo {_num(FONT_SIZE)} Tf "
            shape = self._shapes[key] = Shape(geo, content, opener, prefix.encode())
        return shape

    def _opener(self, content: Matrix, box: Box) -> pikepdf.Object:
        """The stream before the original content, shared by all pages of one shape.

        When shrinking, the content is first clipped to the page's box: drawing that lay
        outside the box (and so was never visible) must not slide into the band.
        """
        key = (content, box if content != IDENTITY else None)
        opener = self._openers.get(key)
        if opener is None:
            code = "q\n"
            if content != IDENTITY:
                x, y, width, height = box[0], box[1], box[2] - box[0], box[3] - box[1]
                clip = " ".join(_num(v) for v in (x, y, width, height))
                code = f"q {_matrix_text(content)} cm {clip} re W n\n"
            opener = self.pdf.make_indirect(pikepdf.Stream(self.pdf, code.encode()))
            self._openers[key] = opener
        return opener

    def _closing(self, shape: Shape, text: str) -> bytes:
        x = (shape.geometry.width - self._width(text)) / 2
        y = (self.band - FONT_SIZE) / 2 + 1.5
        position = f"{_num(x)} {_num(y)} Td ".encode()
        return shape.prefix + position + pdf_string(text) + b" Tj ET Q\n"

    def _width(self, text: str) -> float:
        total = 0.0
        for char in text:
            width = self._widths.get(char)
            if width is None:
                width = self._widths[char] = stringWidth(char, "Helvetica", FONT_SIZE)
            total += width
        return total  # Helvetica has no kerning in a plain Tj, so widths simply add up

    def _add_font(self, page: pikepdf.Object) -> None:
        resources = page.get("/Resources")
        if not isinstance(resources, Dictionary):
            resources = page.Resources = Dictionary()
        fonts = resources.get("/Font")
        if not isinstance(fonts, Dictionary):
            fonts = resources.Font = Dictionary()
        fonts[FONT_NAME] = self.font


def _raw(page: pikepdf.Object, key: str) -> bytes:
    value = page.get(key)
    if isinstance(value, pikepdf.Object):
        return bytes(value.unparse())
    return repr(value).encode()  # numbers come back as Python ints or Decimals


def move_annotations(page: pikepdf.Object, m: Matrix) -> None:
    """Apply a scale-and-shift transform to the rectangles of a page's annotations."""
    scale, _, _, _, dx, dy = m
    for annot in page.Annots:
        if not isinstance(annot, Dictionary):
            continue
        for key in ("/Rect", "/QuadPoints"):
            values = annot.get(key)
            if isinstance(values, Array):
                annot[key] = Array(
                    [float(v) * scale + (dx if i % 2 == 0 else dy) for i, v in enumerate(values)]
                )
