"""The bundle engine, checked on the PDFs it writes (pikepdf, pdftotext, pdftoppm, tesseract)."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pikepdf
import pytest
from pdfminer.high_level import extract_text
from pikepdf import Array, Dictionary, Name
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from article3.bundles.engine import (
    AnnotatedReport,
    BuildResult,
    BundleError,
    BundleInput,
    CitedPassage,
    ExhibitInput,
    Layout,
    PageMap,
    Pinpoint,
    build_bundle,
)
from article3.bundles.engine.samples import scan_image, scan_pdf, text_pdf

DASH = "\u2013"
NUMBERS = "Page {n} of {total}"
ARABIC = "\u0627\u0633\u062a\u062f\u0639\u0627\u0621"  # "summons"


# --------------------------------------------------------------------------- source PDFs


def odd_pdf(path: Path) -> Path:
    """Three pages: /Rotate 90; a MediaBox far from the origin; /Rotate 270 with a CropBox."""
    text_pdf(path, pages=3, marker="Odd")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Rotate = 90
        moved = pdf.pages[1].obj
        moved.MediaBox = Array([500, -300, 1112, 492])
        shift = pikepdf.Stream(pdf, b"q 1 0 0 1 500 -300 cm\n")
        moved.Contents = Array([shift, moved.Contents, pikepdf.Stream(pdf, b"\nQ\n")])
        pdf.pages[2].obj.Rotate = 270
        pdf.pages[2].obj.CropBox = Array([50, 50, 562, 742])
        pdf.save(path)
    return path


def inherited_pdf(path: Path) -> Path:
    """Two pages whose box and rotation live on the page tree, not on the pages."""
    text_pdf(path, pages=2, marker="Inherit")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            del page.obj["/MediaBox"]
            del page.obj["/Rotate"]
        pdf.Root.Pages.MediaBox = Array([0, 0, 400, 500])
        pdf.Root.Pages.Rotate = 180
        pdf.save(path)
    return path


def black_pdf(path: Path) -> Path:
    """A page covered edge to edge, like a dark full-bleed scan."""
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=1)
    canvas.rect(0, 0, 612, 792, fill=1, stroke=0)
    canvas.showPage()
    canvas.save()
    return path


def active_pdf(path: Path) -> Path:
    """A PDF carrying scripts, an open action, page actions and embedded files."""
    text_pdf(path, pages=1, marker="Active")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        script = pdf.make_indirect(
            Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('hello')"))
        )
        payload = pikepdf.Stream(pdf, b"secret payload")
        payload.Type = Name.EmbeddedFile
        spec = pdf.make_indirect(
            Dictionary(Type=Name.Filespec, F=pikepdf.String("x.txt"), EF=Dictionary(F=payload))
        )
        pdf.Root.OpenAction = script
        names = Dictionary(
            JavaScript=Dictionary(Names=Array([pikepdf.String("s"), script])),
            EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("x.txt"), spec])),
        )
        pdf.Root.Names = names
        page = pdf.pages[0].obj
        page.AA = Dictionary(O=script)
        page.AF = Array([spec])
        attachment = Dictionary(
            Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 20, 20]), FS=spec
        )
        link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 50, 50]), A=script)
        page.Annots = Array([pdf.make_indirect(attachment), pdf.make_indirect(link)])
        pdf.save(path)
    return path


@dataclass(frozen=True)
class Sources:
    folder: Path
    alpha: Path
    bravo: Path
    translation: Path
    certificate: Path
    scan: Path
    odd: Path
    service: Path


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    folder = tmp_path_factory.mktemp("sources")
    return Sources(
        folder=folder,
        alpha=text_pdf(folder / "alpha.pdf", pages=3, marker="Alpha"),
        bravo=text_pdf(folder / "bravo.pdf", pages=4, marker="Bravo"),
        translation=text_pdf(folder / "translation.pdf", pages=2, marker="Translation"),
        certificate=text_pdf(folder / "certificate.pdf", pages=1, marker="Certificate"),
        scan=scan_pdf(folder / "scan.pdf", images=[scan_image(seed=s, dpi=40) for s in (1, 2)]),
        odd=odd_pdf(folder / "odd.pdf"),
        service=text_pdf(folder / "service.pdf", pages=1, marker="Service"),
    )


def case(sources: Sources) -> BundleInput:
    evidence, country = "Applicant's evidence", "Country conditions"
    bravo = ExhibitInput(
        "d-summons", "Summons to appear", "2019-05-02", "summons", sources.bravo,
        section=evidence,
        attachments=(
            ExhibitInput("d-summons-en", "English translation", "2025-10-02", "translation",
                         sources.translation),
            ExhibitInput("d-summons-cert", "Translator's certificate", None, "certificate",
                         sources.certificate),
        ),
    )
    return BundleInput(
        title="Applicant's evidence bundle",
        case_reference="A-123-456-789",
        forum_label="Immigration Court",
        prepared_by="Law clinic",
        date=datetime.date(2025, 11, 3),
        exhibits=(
            ExhibitInput("d-declaration", "Declaration", "2025-10-01", "declaration",
                         sources.alpha, section=evidence),
            bravo,
            ExhibitInput("d-report", "Country report 2024", "2024-04", "report", sources.scan,
                         section=country),
            ExhibitInput("d-odd", "Odd pages", None, "other", sources.odd, section=country),
        ),
        closing=(ExhibitInput("d-service", "Certificate of service", None, "certificate",
                              sources.service),),
        pinpoints=(Pinpoint("pin-1", "d-summons", 2),),
        country_index=(
            AnnotatedReport("Country report 2024", "d-report",
                            (CitedPassage(2, "Detainees are beaten with cables."),)),
        ),
    )


LAYOUT = Layout(page_size="letter", number_format=NUMBERS)


@dataclass(frozen=True)
class Built:
    result: BuildResult
    path: Path
    texts: list[str]  # pdftotext of each page, index 0 = bundle page 1


def pdftext(path: Path, *, page: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def build(spec: BundleInput, layout: Layout, out: Path) -> Built:
    result = build_bundle(spec=spec, layout=layout, out=out)
    path = result.volumes[0].path
    return Built(result, path, pdftext(path).split("\f")[: result.volumes[0].pages])


@pytest.fixture(scope="module")
def built(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(case(sources), LAYOUT, tmp_path_factory.mktemp("out") / "bundle.pdf")


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


# --------------------------------------------------------------------------- the whole bundle


def test_it_counts_cover_index_and_every_document_page(built: Built) -> None:
    # cover + index + country index + 3 + 4 + 2 + 1 + 2 + 3 + 1 document pages
    assert built.result.pages == 3 + 16
    with pikepdf.open(built.path) as pdf:
        assert len(pdf.pages) == built.result.pages
    assert built.result.volumes[0].path == built.path
    assert built.result.page_map.documents["d-declaration"].start == 4


def test_it_stamps_every_page_with_its_bundle_number(built: Built) -> None:
    total = built.result.pages
    for number, text in enumerate(built.texts, start=1):
        assert f"Page {number} of {total}" in text, f"page {number}"


def test_documents_land_on_the_pages_the_page_map_says(built: Built) -> None:
    documents = built.result.page_map.documents
    for key, marker in (("d-declaration", "Alpha"), ("d-summons", "Bravo"),
                        ("d-summons-en", "Translation"), ("d-service", "Service")):
        where = documents[key]
        for page in range(where.start, where.end + 1):
            assert f"{marker} page {page - where.start + 1}" in built.texts[page - 1]


def test_translation_and_certificate_follow_their_original(built: Built) -> None:
    documents = built.result.page_map.documents
    original, translation = documents["d-summons"], documents["d-summons-en"]
    certificate = documents["d-summons-cert"]
    assert translation.start == original.end + 1
    assert certificate.start == translation.end + 1
    assert translation.parent == "d-summons" and translation.label == original.label == "B"


def test_pinpoint_resolves_to_the_document_page(built: Built) -> None:
    pin = built.result.page_map.pinpoints["pin-1"]
    start = built.result.page_map.documents["d-summons"].start
    assert pin.page == start + 1
    assert "Bravo page 2" in built.texts[pin.page - 1]


def test_index_ranges_equal_the_page_map(built: Built) -> None:
    index = built.texts[1]
    assert "Index" in index
    titles = {"d-declaration": "Declaration", "d-summons": "Summons to appear",
              "d-summons-en": "English translation", "d-summons-cert": "Translator's certificate",
              "d-report": "Country report 2024", "d-odd": "Odd pages",
              "d-service": "Certificate of service"}
    lines = index.splitlines()
    for key, title in titles.items():
        where = built.result.page_map.documents[key]
        single = where.start == where.end
        expected = str(where.start) if single else f"{where.start}{DASH}{where.end}"
        line = next(line for line in lines if title in line)
        assert line.split()[-1] == expected, key
    assert "A " in index and "B " in index and "C " in index and "D " in index


def test_index_entries_link_to_the_first_page_of_each_document(built: Built) -> None:
    starts = {where.start for where in built.result.page_map.documents.values()}
    with pikepdf.open(built.path) as pdf:
        numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        links = pdf.pages[1].obj.Annots
        targets = {numbers[link.Dest[0].objgen] for link in links}
    assert len(links) == 7
    assert targets == starts


def test_country_index_lists_cited_passages_at_their_bundle_page(built: Built) -> None:
    report = built.result.page_map.documents["d-report"]
    line = next(line for line in built.texts[2].splitlines() if "Detainees" in line)
    assert line.split()[-1] == str(report.start + 1)


@dataclass(frozen=True)
class Mark:
    title: str
    page: int
    children: list[Mark]


def outline_tree(path: Path) -> list[Mark]:
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}

        def walk(items: list[pikepdf.OutlineItem]) -> list[Mark]:
            marks = []
            for item in items:
                destination = item.destination
                assert isinstance(destination, pikepdf.Array)
                marks.append(Mark(item.title, numbers[destination[0].objgen], walk(item.children)))
            return marks

        with pdf.open_outline() as outline:
            return walk(outline.root)


def test_bookmarks_nest_exhibits_in_sections_and_attachments_in_exhibits(built: Built) -> None:
    docs = built.result.page_map.documents
    tree = outline_tree(built.path)
    assert [(mark.title, mark.page) for mark in tree] == [
        ("Index", 2), ("Country conditions index", 3),
        ("Applicant's evidence", docs["d-declaration"].start),
        ("Country conditions", docs["d-report"].start),
        ("Certificate of service", docs["d-service"].start),
    ]
    evidence = tree[2].children
    assert [(mark.title, mark.page) for mark in evidence] == [
        ("A. Declaration", docs["d-declaration"].start),
        ("B. Summons to appear", docs["d-summons"].start),
    ]
    assert [(mark.title, mark.page) for mark in evidence[1].children] == [
        ("English translation", docs["d-summons-en"].start),
        ("Translator's certificate", docs["d-summons-cert"].start),
    ]
    assert [mark.title for mark in tree[3].children] == ["C. Country report 2024", "D. Odd pages"]


def test_metadata_is_set(built: Built) -> None:
    with pikepdf.open(built.path) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "Applicant's evidence bundle"
        assert str(info.Subject) == "A-123-456-789"
        assert str(info.Creator) == "Article3"
        assert "Article3" in str(info.Producer)


def test_qpdf_check_finds_nothing(built: Built) -> None:
    check = qpdf_check(built.path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "WARNING" not in check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_exhibit_text_stays_extractable(built: Built) -> None:
    start = built.result.page_map.documents["d-declaration"].start
    text = extract_text(str(built.path), page_numbers=[start - 1])
    assert "Alpha page 1" in text
    assert "applicant was held" in text


def test_cover_shows_the_case(built: Built) -> None:
    cover = built.texts[0]
    for words in ("Applicant's evidence bundle", "A-123-456-789", "Immigration Court",
                  "Prepared by Law clinic", "3 November 2025"):
        assert words in cover


def ocr_bottom_band(path: Path, page: int) -> str:
    """Render the page as viewed (crop box, rotation) and read the band at its foot."""
    png = subprocess.run(
        ["pdftoppm", "-cropbox", "-r", "150", "-f", str(page), "-l", str(page), "-png",
         str(path)], check=True, capture_output=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    band = image.crop((0, image.height - int(24 * 150 / 72), image.width, image.height))
    buffer = io.BytesIO()
    band.save(buffer, format="PNG")
    return subprocess.run(["tesseract", "stdin", "stdout", "--psm", "7"], input=buffer.getvalue(),
                          check=True, capture_output=True).stdout.decode()


def test_rotated_and_offset_pages_get_an_upright_number_inside_their_box(built: Built) -> None:
    odd = built.result.page_map.documents["d-odd"]
    total = built.result.pages
    for page in range(odd.start, odd.end + 1):  # /Rotate 90, origin (500,-300), /Rotate 270
        assert f"Page {page} of {total}" in ocr_bottom_band(built.path, page), page


def test_build_is_deterministic(sources: Sources, built: Built, tmp_path: Path) -> None:
    again = build_bundle(spec=case(sources), layout=LAYOUT, out=tmp_path / "bundle.pdf")
    assert again.page_map == built.result.page_map
    assert again.sha256 == built.result.sha256


def test_page_map_round_trips_through_json(built: Built) -> None:
    data = built.result.page_map.as_json()
    assert data["documents"]["d-summons"]["start"] == built.result.page_map.page_of(
        document_key="d-summons", page=1
    )
    assert PageMap.from_json(data) == built.result.page_map


# --------------------------------------------------------------------------- layouts


def test_separator_pages_carry_the_label_and_come_before_the_exhibit(
    sources: Sources, tmp_path: Path
) -> None:
    layout = replace(LAYOUT, separators=True, label_style="numbers")
    made = build(case(sources), layout, tmp_path / "tabs.pdf")
    summons = made.result.page_map.documents["d-summons"]
    assert summons.label == "2" and summons.tab == summons.start - 1
    assert "Tab 2" in made.texts[summons.tab - 1]
    assert "Summons to appear" in made.texts[summons.tab - 1]
    assert made.result.page_map.documents["d-summons-en"].tab is None
    assert made.result.pages == 19 + 4


def test_long_index_is_counted_before_pages_are_numbered(tmp_path: Path) -> None:
    one = text_pdf(tmp_path / "one.pdf", pages=1, marker="Single")
    exhibits = tuple(
        ExhibitInput(f"d-{i}", f"Exhibit title number {i} " + "word " * (i % 9), "2024-01-01",
                     "other", one)
        for i in range(90)
    )
    spec = BundleInput("Long", "R-1", "Forum", None, datetime.date(2025, 1, 1), exhibits)
    made = build(spec, LAYOUT, tmp_path / "long.pdf")
    first = made.result.page_map.documents["d-0"].start
    assert first > 3  # cover and an index of several pages
    assert "Index (continued)" in made.texts[first - 2]
    assert "Single page 1" in made.texts[first - 1]
    last = made.result.page_map.documents["d-89"]
    assert last.label == "CL" and last.end == made.result.pages


def test_page_limit_splits_into_volumes_each_with_its_own_index(tmp_path: Path) -> None:
    docs = [text_pdf(tmp_path / f"d{i}.pdf", pages=3, marker=f"Doc{i}") for i in range(5)]
    big = text_pdf(tmp_path / "big.pdf", pages=12, marker="Big")
    exhibits = tuple(ExhibitInput(f"d-{i}", f"Title {i}", None, "other", p)
                     for i, p in enumerate(docs))
    exhibits += (ExhibitInput("d-big", "Big one", None, "other", big),)
    spec = BundleInput("Split", "R-2", "Forum", None, datetime.date(2025, 1, 1), exhibits)
    layout = replace(LAYOUT, max_part_pages=9)
    result = build_bundle(spec=spec, layout=layout, out=tmp_path / "split.pdf")
    assert len(result.volumes) >= 3
    expected_first = 1
    for number, volume in enumerate(result.volumes, start=1):
        assert volume.path.name == f"split_Part{number}.pdf"
        assert volume.first_page == expected_first and volume.pages <= 9
        expected_first = volume.last_page + 1
        texts = pdftext(volume.path).split("\f")
        assert f"Index (Part {number} of {len(result.volumes)})" in texts[1]
        assert f"Page {volume.first_page} of {result.pages}" in texts[0]
        assert f"Page {volume.last_page} of {result.pages}" in texts[volume.pages - 1]
        listed = {key for key, where in result.page_map.documents.items()
                  if where.volume == number}
        for key in listed:
            assert f"Title {key[2:]}" in texts[1] or key == "d-big"
        check = qpdf_check(volume.path)
        assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr
    assert expected_first - 1 == result.pages
    assert [w.code for w in result.warnings] == ["bundle.exhibit_split"]
    assert result.warnings[0].refs == ("d-big",)


def test_byte_limit_keeps_every_part_under_it(tmp_path: Path) -> None:
    scans = [scan_pdf(tmp_path / f"s{i}.pdf", images=[scan_image(seed=i, dpi=70)])
             for i in range(8)]
    exhibits = tuple(ExhibitInput(f"d-{i}", f"Scan {i}", None, "other", p)
                     for i, p in enumerate(scans))
    spec = BundleInput("Bytes", "R-3", "Forum", None, datetime.date(2025, 1, 1), exhibits)
    whole = sum(p.stat().st_size for p in scans)
    limit = whole // 2
    result = build_bundle(spec=spec, layout=replace(LAYOUT, max_part_bytes=limit),
                          out=tmp_path / "bytes.pdf")
    assert len(result.volumes) >= 2
    for volume in result.volumes:
        assert volume.bytes == volume.path.stat().st_size <= limit
    assert result.warnings == []


def test_impossible_byte_limit_is_reported(tmp_path: Path) -> None:
    scan = scan_pdf(tmp_path / "s.pdf", images=[scan_image(seed=3, dpi=150)])
    spec = BundleInput("Bytes", "R-4", "Forum", None, datetime.date(2025, 1, 1),
                       (ExhibitInput("d-scan", "Scan", None, "other", scan),))
    result = build_bundle(spec=spec, layout=replace(LAYOUT, max_part_bytes=20_000),
                          out=tmp_path / "small.pdf")
    assert "bundle.part_over_limit" in [w.code for w in result.warnings]
    assert not list(tmp_path.glob(".*.partial"))


# --------------------------------------------------------------------------- page handling


def test_numbers_sit_below_shrunk_content(tmp_path: Path) -> None:
    spec = BundleInput("Black", "R-5", "Forum", None, datetime.date(2025, 1, 1),
                       (ExhibitInput("d-black", "Black", None, "other",
                                     black_pdf(tmp_path / "black.pdf")),))
    layout = replace(LAYOUT, cover=False, index=False)
    result = build_bundle(spec=spec, layout=layout, out=tmp_path / "black-bundle.pdf")
    png = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", str(result.volumes[0].path)],
                         check=True, capture_output=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    band = image.crop((0, 792 - 22, 612, 792))
    above = image.crop((20, 792 - 40, 592, 792 - 28))
    darkest, lightest = cast(tuple[int, int], band.getextrema())
    assert darkest < 100 and lightest == 255  # a dark number on white
    assert sum(band.histogram()[200:]) > 0.9 * band.width * band.height
    assert cast(tuple[int, int], above.getextrema())[1] < 30  # the page, still black, ends above
    assert cast(int, image.getpixel((306, 2))) < 30  # and still reaches the top
    assert "Page 1 of 1" in ocr_bottom_band(result.volumes[0].path, 1)


def test_inherited_box_and_rotation_survive_copying(tmp_path: Path) -> None:
    spec = BundleInput("Inherit", "R-6", "Forum", None, datetime.date(2025, 1, 1),
                       (ExhibitInput("d-inh", "Inherited", None, "other",
                                     inherited_pdf(tmp_path / "inh.pdf")),))
    result = build_bundle(spec=spec, layout=replace(LAYOUT, cover=False), out=tmp_path / "i.pdf")
    with pikepdf.open(result.volumes[0].path) as pdf:
        page = pdf.pages[1].obj
        assert [float(v) for v in page.MediaBox] == [0, 0, 400, 500]
        assert int(page.Rotate) == 180
    assert f"Page 2 of {result.pages}" in ocr_bottom_band(result.volumes[0].path, 2)


def test_scripts_actions_and_embedded_files_are_not_copied(tmp_path: Path) -> None:
    spec = BundleInput("Active", "R-7", "Forum", None, datetime.date(2025, 1, 1),
                       (ExhibitInput("d-act", "Active", None, "other",
                                     active_pdf(tmp_path / "active.pdf")),))
    result = build_bundle(spec=spec, layout=LAYOUT, out=tmp_path / "a.pdf")
    buffer = io.BytesIO()
    with pikepdf.open(result.volumes[0].path) as pdf:
        pdf.save(buffer, qdf=True, compress_streams=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    raw = buffer.getvalue()
    for name in (b"/JavaScript", b"/JS", b"/OpenAction", b"/EmbeddedFile", b"/AA", b"/AF",
                 b"/FileAttachment", b"/EmbeddedFiles"):
        assert not re.search(re.escape(name) + rb"(?![A-Za-z0-9+#])", raw), name
    assert b"app.alert" not in raw and b"secret payload" not in raw
    assert "Active page 1" in pdftext(result.volumes[0].path, page=3)


def test_progress_reports_every_step(sources: Sources, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    build_bundle(spec=case(sources), layout=LAYOUT, out=tmp_path / "p.pdf",
                 progress=lambda done, total, message: calls.append((done, total, str(message))))
    assert [done for done, _, _ in calls] == list(range(1, len(calls) + 1))
    assert calls[-1][0] == calls[-1][1] == 8  # seven documents and one part written
    assert all("Summons" not in message for _, _, message in calls)


# --------------------------------------------------------------------------- problems


def test_duplicate_keys_are_refused(sources: Sources, tmp_path: Path) -> None:
    spec = case(sources)
    twice = replace(spec, exhibits=(*spec.exhibits, spec.exhibits[0]))
    with pytest.raises(BundleError, match="d-declaration"):
        build_bundle(spec=twice, layout=LAYOUT, out=tmp_path / "x.pdf")


def test_missing_and_unreadable_pdfs_are_named(sources: Sources, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    for path, problem in ((tmp_path / "none.pdf", "missing"), (broken, "cannot be read")):
        spec = BundleInput("X", "R", "F", None, datetime.date(2025, 1, 1),
                           (ExhibitInput("d-bad", "Bad", None, "other", path),))
        with pytest.raises(BundleError, match=f"d-bad.*{problem}"):
            build_bundle(spec=spec, layout=LAYOUT, out=tmp_path / "x.pdf")


def test_unresolvable_pinpoints_and_unprintable_titles_are_warnings(
    sources: Sources, tmp_path: Path
) -> None:
    spec = case(sources)
    first = replace(spec.exhibits[0], title=f"Declaration {ARABIC}")
    spec = replace(spec, exhibits=(first, *spec.exhibits[1:]),
                   pinpoints=(Pinpoint("pin-x", "d-summons", 99), Pinpoint("pin-y", "d-nope", 1)))
    result = build_bundle(spec=spec, layout=LAYOUT, out=tmp_path / "w.pdf")
    codes = {w.code: w.refs for w in result.warnings}
    assert codes["bundle.pinpoint_unresolved"] in (("pin-x", "d-summons"), ("pin-y", "d-nope"))
    assert len([w for w in result.warnings if w.code == "bundle.pinpoint_unresolved"]) == 2
    assert codes["bundle.text_replaced"] == ("d-declaration",)
    assert result.page_map.pinpoints == {}
    with pikepdf.open(result.volumes[0].path) as pdf, pdf.open_outline() as outline:
        assert outline.root[2].children[0].title == f"A. Declaration {ARABIC}"


def test_impossible_page_limit_is_refused(sources: Sources, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="max_part_pages"):
        build_bundle(spec=case(sources), layout=replace(LAYOUT, max_part_pages=2),
                     out=tmp_path / "x.pdf")
