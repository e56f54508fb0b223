"""Files for the ingest tests, made in code so nothing large is committed.

Each ``make_*`` writes one file into the given folder and returns its path. Names are
neutral on purpose: ingest must never rely on them.
"""

import io
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import docx
import img2pdf
import pikepdf
import pillow_heif
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SCAN_WORDS = ("Detention", "Interrogation", "Evidence", "Witness")
RED = (220, 20, 20)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.is_file() else ImageFont.load_default()


# --- PDFs --------------------------------------------------------------------------------

def make_text_pdf(folder: Path, *, pages: int = 2, name: str = "text.pdf") -> Path:
    path = folder / name
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        pdf.drawString(72, 760, f"Statement of the applicant, page {number}.")
        pdf.drawString(72, 740, "I was held for three days and questioned every night.")
        pdf.showPage()
    pdf.save()
    return path


def scan_image(words: tuple[str, ...] = SCAN_WORDS,
               size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    """A 150 dpi A4 'scan' of large printed words, with no text layer anywhere."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row, word in enumerate(words):
        draw.text((120, 200 + row * 160), word, fill=0, font=_font(64))
    return image


def make_scanned_pdf(folder: Path, *, pages: int = 1, name: str = "scan.pdf") -> Path:
    frames: list[bytes] = []
    for _ in range(pages):
        buffer = io.BytesIO()
        scan_image().save(buffer, "PNG", dpi=(150, 150))
        frames.append(buffer.getvalue())
    path = folder / name
    path.write_bytes(img2pdf.convert(frames))
    return path


def make_owner_password_pdf(folder: Path) -> Path:
    path = folder / "owner-only.pdf"
    with pikepdf.open(make_text_pdf(folder, name="plain-for-owner.pdf")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user=""))
    return path


def make_user_password_pdf(folder: Path) -> Path:
    path = folder / "user-password.pdf"
    with pikepdf.open(make_text_pdf(folder, name="plain-for-user.pdf")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user="open-me"))
    return path


def make_active_pdf(folder: Path) -> Path:
    """JavaScript on open, a Launch link, an attached file, XFA and a page trigger."""
    path = folder / "active.pdf"
    with pikepdf.open(make_text_pdf(folder, name="plain-for-active.pdf")) as pdf:
        js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert('hi');")))
        pdf.Root.OpenAction = js
        pdf.attachments["payload.txt"] = pikepdf.AttachedFileSpec(pdf, b"not for viewers")
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
        link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                  Rect=[72, 700, 300, 720], A=launch)
        page = pdf.pages[0]
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
        page.obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print();")))
        xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)
        pdf.save(path)
    return path


# --- Images ---------------------------------------------------------------------------------

def upright_photo(size: tuple[int, int] = (600, 800)) -> Image.Image:
    """A portrait picture whose top band is red, so 'upright' can be checked on a render."""
    image = Image.new("RGB", size, (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], size[1] // 8), fill=RED)
    draw.text((40, size[1] // 2), "Photo", fill=(0, 0, 0), font=_font(48))
    return image


def make_phone_jpeg(folder: Path) -> Path:
    """Stored landscape with EXIF orientation 6, as phones write a portrait shot."""
    stored = upright_photo().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = folder / "phone.jpg"
    stored.save(path, "JPEG", quality=90, exif=exif)
    return path


def make_png(folder: Path) -> Path:
    path = folder / "picture.png"
    upright_photo((400, 300)).save(path, "PNG")
    return path


def make_tiff(folder: Path, *, pages: int = 3) -> Path:
    frames = [upright_photo((300, 400)) for _ in range(pages)]
    path = folder / "fax.tif"
    frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return path


def make_heic(folder: Path) -> Path:
    pillow_heif.register_heif_opener()
    path = folder / "iphone.heic"
    upright_photo((300, 400)).save(path, "HEIF", quality=80)
    return path


def make_pixel_flood_png(folder: Path, side: int = 30_000) -> Path:
    """Only a PNG header claiming side x side pixels, and a token of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    data += chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b"")
    path = folder / "flood.png"
    path.write_bytes(data)
    return path


def make_large_png(folder: Path, width: int = 8000, height: int = 7500) -> Path:
    """A white RGB PNG under the pixel limit (60 MP) that needs ~180 MB once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(1)
    row = b"\x00" + b"\xff" * (width * 3)  # filter byte, then white pixels
    path = folder / "large.png"
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
        out.write(chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def make_png_html_polyglot(folder: Path) -> Path:
    buffer = io.BytesIO()
    upright_photo((120, 90)).save(buffer, "PNG")
    path = folder / "polyglot.html"
    path.write_bytes(buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>")
    return path


# --- Office files -----------------------------------------------------------------------------

DOC_TEXT = "The applicant was detained in the northern district in March."


def make_docx(folder: Path, *, name: str = "letter.docx") -> Path:
    document = docx.Document()
    document.add_heading("Witness statement", level=1)
    document.add_paragraph(DOC_TEXT)
    path = folder / name
    document.save(str(path))
    return path


_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>{extra}
</manifest:manifest>"""

_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body><office:text><text:p>{text}</text:p></office:text></office:body>
</office:document-content>"""

_ODT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">Sub Main
  Shell("calc")
End Sub</script:module>"""


def make_odt(folder: Path, *, macros: bool = False) -> Path:
    """A minimal OpenDocument text: mimetype first and stored, manifest, content."""
    path = folder / ("macros.odt" if macros else "report.odt")
    extra = ('\n <manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml"'
             ' manifest:media-type="text/xml"/>') if macros else ""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST.format(extra=extra),
                         zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _ODT_CONTENT.format(text=DOC_TEXT), zipfile.ZIP_DEFLATED)
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", _ODT_MACRO, zipfile.ZIP_DEFLATED)
    return path


def make_doc(folder: Path) -> Path:
    """Word 97 format, converted from a DOCX by LibreOffice (as an old scanner PC would)."""
    source = make_docx(folder, name="for-doc.docx")
    outdir = folder / "doc-out"
    profile = (folder / "lo-fixture-profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "doc:MS Word 97", "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    path = folder / "old.doc"
    (outdir / "for-doc.doc").rename(path)
    return path


# --- Text and e-mail -------------------------------------------------------------------------

def make_txt(folder: Path, text: str = "Notes from the interview.\nSecond line.\n") -> Path:
    path = folder / "notes.txt"
    path.write_text(text, encoding="utf-8")
    return path


def make_eml(folder: Path) -> Path:
    message = EmailMessage()
    message["From"] = "Caseworker <caseworker@example.org>"
    message["To"] = "Lawyer <lawyer@example.org>"
    message["Subject"] = "Medical report for the hearing"
    message["Date"] = "Mon, 03 Mar 2025 10:00:00 +0000"
    message.set_content("Please find the medical report attached.\nRegards")
    message.add_alternative(
        "<html><head><style>p{}</style><script>alert(1)</script></head>"
        "<body><p>Please find the <b>medical report</b> attached.</p></body></html>",
        subtype="html",
    )
    message.add_attachment(b"MZ\x90\x00fake", maintype="application",
                           subtype="octet-stream", filename="run-me.exe")
    path = folder / "mail.eml"
    path.write_bytes(bytes(message))
    return path


# --- Hostile archives and other refusals --------------------------------------------------

@dataclass(frozen=True)
class RawEntry:
    """A zip entry written byte for byte: data is already compressed with ``method``."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    unix_mode: int = 0o100644
    offset_of: str | None = None  # point the directory at another entry's bytes


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def raw(name: str, data: bytes, **extra: object) -> RawEntry:
    return RawEntry(name, _deflate(data), zlib.crc32(data), len(data), **extra)  # type: ignore[arg-type]


def zeros_entry(name: str, size: int) -> RawEntry:
    """``size`` zero bytes deflated in seconds: after a full flush every MiB compresses the same."""
    mib = bytes(1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(mib, crc)
    body = first + repeat * ((size >> 20) - 1) + packer.flush()
    return RawEntry(name, body, crc, size)


def write_raw_zip(path: Path, entries: list[RawEntry]) -> Path:
    """A zip written by hand, so directory fields can say what a hostile file would say."""
    offsets: dict[str, int] = {}
    central = b""
    with path.open("wb") as out:
        for entry in entries:
            name = entry.name.encode()
            offset = offsets.get(entry.offset_of or "", out.tell())
            if entry.offset_of is None:
                offsets[entry.name] = offset
                out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, entry.method, 0,
                                      0, entry.crc, len(entry.data), entry.size, len(name), 0))
                out.write(name + entry.data)
            central += struct.pack(
                "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (3 << 8) | 20, 20, 0, entry.method, 0, 0,
                entry.crc, len(entry.data), entry.size, len(name), 0, 0, 0, 0,
                entry.unix_mode << 16, offset,
            ) + name
        start = out.tell()
        out.write(central)
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                              len(central), start, 0))
    return path


def docx_entries() -> list[RawEntry]:
    """The parts of a real (python-docx) DOCX, as raw entries."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [raw(info.filename, archive.read(info)) for info in archive.infolist()]


def make_zip_bomb_docx(folder: Path) -> Path:
    zeros = zeros_entry("word/media/x.bin", 1 << 30)  # 1 GiB of zeros in ~1 MiB
    return write_raw_zip(folder / "bomb.docx", [*docx_entries(), zeros])


def make_zip_slip_docx(folder: Path) -> Path:
    return write_raw_zip(folder / "slip.docx", [*docx_entries(), raw("../evil", b"owned")])


def make_symlink_docx(folder: Path) -> Path:
    link = raw("word/link", b"/etc/passwd", unix_mode=0o120777)
    return write_raw_zip(folder / "symlink.docx", [*docx_entries(), link])


def make_overlapping_zip(folder: Path) -> Path:
    """Two directory entries pointing at the same bytes (the overlapping-file zip bomb)."""
    shared = raw("word/a.xml", b"<a/>" * 10)
    alias = RawEntry("word/b.xml", shared.data, shared.crc, shared.size, offset_of="word/a.xml")
    return write_raw_zip(folder / "overlap.docx", [*docx_entries(), shared, alias])


def make_many_entries_docx(folder: Path, count: int = 10_000) -> Path:
    tiny = [raw(f"word/n{index}.xml", b"<n/>") for index in range(count)]
    return write_raw_zip(folder / "many.docx", [*docx_entries(), *tiny])


def make_billion_laughs_docx(folder: Path) -> Path:
    """Entity expansion in the one part we parse ourselves, [Content_Types].xml."""
    entities = "".join(
        f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    bomb = (f'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY l0 "ha">{entities}]>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            "<Default Extension='xml' ContentType='&l9;'/></Types>")
    parts = [e for e in docx_entries() if e.name != "[Content_Types].xml"]
    types = raw("[Content_Types].xml", bomb.encode())
    return write_raw_zip(folder / "laughs.docx", [types, *parts])


def make_xlsx_like(folder: Path) -> Path:
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Override PartName="/xl/workbook.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    return write_raw_zip(folder / "sheet.xlsx", [raw("[Content_Types].xml", types.encode()),
                                                 raw("xl/workbook.xml", b"<workbook/>")])


def make_plain_zip(folder: Path) -> Path:
    path = folder / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


def make_exe(folder: Path) -> Path:
    path = folder / "setup.pdf"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200) + b"This program")
    return path


def make_html(folder: Path) -> Path:
    path = folder / "page.txt"
    path.write_text("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
    return path


def make_svg(folder: Path) -> Path:
    path = folder / "drawing.png"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
    return path


def make_eicar(folder: Path) -> Path:
    path = folder / "eicar.txt"
    path.write_bytes(b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
    return path


def make_empty(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path
