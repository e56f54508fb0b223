"""Images (JPEG, PNG, TIFF, HEIC) to PDF pages, upright and, where possible, lossless.

Every image is first opened by Pillow with only its own format allowed and a lowered pixel
limit, and fully decoded, so pixel floods and damaged files are refused before conversion.
JPEG, PNG and TIFF are then embedded as they are by img2pdf, which turns EXIF rotation into
a page /Rotate; mirrored orientations, HEIC and anything img2pdf refuses are re-encoded.
"""

import contextlib
import logging
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pillow_heif
from PIL import Image, ImageOps

from article3.words import Words, gettext_noop

from .errors import IngestError
from .limits import IngestLimits
from .sniff import Kind

pillow_heif.register_heif_opener()
logging.getLogger("img2pdf").setLevel(logging.ERROR)

PILLOW_FORMATS: dict[str, list[str]] = {
    "jpeg": ["JPEG", "MPO"], "png": ["PNG"], "tiff": ["TIFF"], "heic": ["HEIF"],
}
# What Pillow's decoders raise on damaged or crafted files (its own fuzzing shows all of these).
_DECODE_ERRORS = (
    OSError, ValueError, SyntaxError, EOFError, struct.error, TypeError, IndexError, KeyError,
    ZeroDivisionError, NotImplementedError,
)
_ORIENTATION = 0x0112
_MIRRORED = {2, 4, 5, 7}
_A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
# Each image fills an A4 page in its own orientation; scaling is a matrix, not a resample.
_LAYOUT = img2pdf.get_layout_fun(pagesize=_A4, fit=img2pdf.FitMode.into, auto_orient=True)


@dataclass(frozen=True)
class ImagePdf:
    """How an image became PDF pages."""

    pages: int
    reencoded: bool
    how: str


def _bomb(limits: IngestLimits) -> IngestError:
    return IngestError("image_bomb", Words(gettext_noop(
        "This image is larger than %(limit)s megapixels or is built to exhaust memory, so it was not "
        "opened. If it is a genuine photo or scan, reduce its size or scan at a lower resolution and "
        "upload it again."), {"limit": limits.max_image_pixels // 1_000_000}))


def _broken() -> IngestError:
    return IngestError("broken_image", gettext_noop(
        "This image is damaged or incomplete and cannot be read. Ask the sender for the "
        "original file, or take a screenshot of it and upload that."))


@contextlib.contextmanager
def _pillow_limits(limits: IngestLimits) -> Iterator[None]:
    """Lower Pillow's pixel limit for this call and make its bomb warning an error."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


@contextlib.contextmanager
def open_image(path: Path, kind: Kind, limits: IngestLimits) -> Iterator[Image.Image]:
    """Open with only ``kind``'s decoder allowed; bombs and damage become IngestError."""
    with _pillow_limits(limits):
        try:
            image = Image.open(path, formats=PILLOW_FORMATS[kind])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(limits) from None
        except _DECODE_ERRORS:
            raise _broken() from None
        with image:
            yield image


def _frames(image: Image.Image, kind: Kind, limits: IngestLimits) -> Iterator[Image.Image]:
    """Each page of the image, checked for size and decoded (which finds truncation)."""
    count = getattr(image, "n_frames", 1) if kind == "tiff" else 1
    if count > limits.max_image_frames:
        raise IngestError("too_large", Words(gettext_noop(
            "This image has more than %(limit)s pages. Split it and upload the parts."),
            {"limit": limits.max_image_frames}))
    for index in range(count):
        image.seek(index)
        width, height = image.size
        if width * height > limits.max_image_pixels:
            raise _bomb(limits)
        image.load()
        yield image


def _orientation(image: Image.Image) -> int:
    value = image.getexif().get(_ORIENTATION, 1)
    return value if isinstance(value, int) else 1


def check_image(path: Path, kind: Kind, limits: IngestLimits) -> tuple[int, int]:
    """(pages, EXIF orientation) after decoding every page once."""
    with open_image(path, kind, limits) as image:
        try:
            orientation = _orientation(image)
            pages = sum(1 for _ in _frames(image, kind, limits))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(limits) from None
        except _DECODE_ERRORS:
            raise _broken() from None
    return pages, orientation


def _write_pdf(images: list[Path], dest: Path, *, rotate: bool) -> None:
    rotation = img2pdf.Rotation.ifvalid if rotate else img2pdf.Rotation.none
    with dest.open("wb") as out:
        img2pdf.convert(
            *[str(path) for path in images], layout_fun=_LAYOUT, rotation=rotation,
            outputstream=out,
        )


def _flatten(frame: Image.Image) -> Image.Image:
    """Upright, opaque RGB or greyscale: what a printed page would show."""
    upright = ImageOps.exif_transpose(frame)
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return upright if upright.mode in ("RGB", "L") else upright.convert("RGB")


def _reencode(path: Path, kind: Kind, workdir: Path, limits: IngestLimits) -> list[Path]:
    """Each page as a new upright file: JPEG for photos, PNG (lossless) for the rest."""
    photo = kind in ("jpeg", "heic")
    outputs: list[Path] = []
    with open_image(path, kind, limits) as image:
        for index, frame in enumerate(_frames(image, kind, limits)):
            target = workdir / f"page-{index + 1:04d}.{'jpg' if photo else 'png'}"
            flat = _flatten(frame)
            if photo:
                flat.save(target, "JPEG", quality=95)
            else:
                flat.save(target, "PNG")
            outputs.append(target)
    return outputs


def image_to_pdf(*, source: Path, kind: Kind, dest: Path, workdir: Path,
                 limits: IngestLimits) -> ImagePdf:
    """Write ``source`` as a PDF with one A4 page per image page."""
    pages, orientation = check_image(source, kind, limits)
    if kind != "heic" and orientation not in _MIRRORED:
        with contextlib.suppress(Exception):
            _write_pdf([source], dest, rotate=True)
            return ImagePdf(pages, reencoded=False, how="embedded the image unchanged")
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        frames = _reencode(source, kind, workdir, limits)
        _write_pdf(frames, dest, rotate=False)
    except _DECODE_ERRORS:
        raise _broken() from None
    return ImagePdf(len(frames), reencoded=True, how="re-encoded the image upright")
