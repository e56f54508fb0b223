"""Images become upright A4 pages; pixel floods and damaged images are refused."""

import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from article3.evidence.ingest import IngestError, ingest_file
from tests.evidence import fixtures_ingest as fx


def _displayed_size(pdf_path: Path, page: int = 0) -> tuple[float, float]:
    """Width and height as a viewer shows the page, /Rotate included."""
    with pikepdf.open(pdf_path) as pdf:
        obj = pdf.pages[page].obj
        x0, y0, x1, y1 = (float(v) for v in obj.MediaBox)
        turned = int(obj.get("/Rotate", 0)) % 180 == 90
    width, height = abs(x1 - x0), abs(y1 - y0)
    return (height, width) if turned else (width, height)


def render(pdf_path: Path, out: Path, page: int = 1) -> Image.Image:
    """Page ``page`` as a viewer would draw it, at 20 dpi (poppler honours /Rotate)."""
    subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf_path), str(out)], check=True, timeout=60)
    return Image.open(out.with_suffix(".png")).convert("RGB")


def _top_of_picture_is_red(image: Image.Image) -> bool:
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    assert box is not None
    red, green, _ = image.getpixel(((box[0] + box[2]) // 2, box[1] + 2))  # type: ignore[misc]
    return bool(red > 180 and green < 80)


def test_phone_jpeg_with_exif_orientation_6_is_upright(tmp_path: Path) -> None:
    source = fx.make_phone_jpeg(tmp_path)
    with Image.open(source) as raw:
        assert raw.width > raw.height  # stored sideways, as the phone wrote it
    sniffed, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                                   max_bytes=10**8, ocr=False)
    assert sniffed.kind == "jpeg"
    width, height = _displayed_size(derived.path)
    assert height > width  # shown portrait
    assert _top_of_picture_is_red(render(derived.path, tmp_path / "page"))
    assert "unchanged" in derived.steps[0].action  # lossless: rotation is a page attribute


def test_png_becomes_one_page_with_ocr_text(tmp_path: Path) -> None:
    source = fx.make_png(tmp_path)
    sniffed, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                                   max_bytes=10**8)
    assert sniffed.kind == "png"
    assert derived.pages == 1
    assert derived.ocr_pages == [1]
    assert "Photo" in derived.page_texts[0]


def test_multipage_tiff_becomes_a_multipage_pdf(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_tiff(tmp_path, pages=3),
                                   workdir=tmp_path / "w", language="en", max_bytes=10**8,
                                   ocr=False)
    assert sniffed.kind == "tiff"
    assert derived.pages == 3
    assert _top_of_picture_is_red(render(derived.path, tmp_path / "p3", page=3))


def test_heic_is_converted_upright(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_heic(tmp_path), workdir=tmp_path / "w",
                                   language="en", max_bytes=10**8, ocr=False)
    assert sniffed.kind == "heic"
    assert derived.pages == 1
    assert "re-encoded" in derived.steps[0].action
    assert _top_of_picture_is_red(render(derived.path, tmp_path / "page"))


def test_mirrored_orientation_is_re_encoded_upright(tmp_path: Path) -> None:
    # Orientation 5 = transpose: the stored image is the upright one mirrored on its diagonal.
    stored = fx.upright_photo().transpose(Image.Transpose.TRANSPOSE)
    exif = Image.Exif()
    exif[0x0112] = 5
    source = tmp_path / "mirrored.jpg"
    stored.save(source, "JPEG", exif=exif)
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                             max_bytes=10**8, ocr=False)
    assert "re-encoded" in derived.steps[0].action
    assert _top_of_picture_is_red(render(derived.path, tmp_path / "page"))


def test_pixel_flood_png_is_refused_as_image_bomb(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file(source=fx.make_pixel_flood_png(tmp_path), workdir=tmp_path / "w",
                    language="en", max_bytes=10**8)
    assert caught.value.code == "image_bomb"
    assert "megapixels" in caught.value.message


def test_image_just_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    # Between 1x and 2x the limit Pillow only warns; the ingest limit must still hold.
    source = fx.make_pixel_flood_png(tmp_path, side=9_500)  # 90.25 MP
    with pytest.raises(IngestError) as caught:
        ingest_file(source=source, workdir=tmp_path / "w", language="en", max_bytes=10**8)
    assert caught.value.code == "image_bomb"


def test_png_html_polyglot_is_rendered_as_a_png_page(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_png_html_polyglot(tmp_path),
                                   workdir=tmp_path / "w", language="en", max_bytes=10**8,
                                   ocr=False)
    assert sniffed.mime == "image/png"
    assert derived.path.read_bytes().startswith(b"%PDF-")
    assert b"<script>" not in derived.path.read_bytes()


def test_truncated_jpeg_is_refused_as_broken_image(tmp_path: Path) -> None:
    whole = fx.make_phone_jpeg(tmp_path).read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IngestError) as caught:
        ingest_file(source=cut, workdir=tmp_path / "w", language="en", max_bytes=10**8)
    assert caught.value.code == "broken_image"
