"""Battery F1, quick: the fuzzer's kept inputs and some made-up malformed ones, in-process.

benchmarks/fuzz_ingest.py saves every input that broke the property to fuzz_regressions/;
each must now be accepted, or refused with an enumerated code, within the time limit. The
made-up inputs pin known outcomes, so this test means something with no crasher kept.
"""

import io
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.fuzz_ingest import UnexpectedFailure, check_bytes, check_file
from tests.evidence.samples import broken_pdf, text_pdf

REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
# The fuzzer's per-input limit; in-process a hang cannot be cut short, only measured.
LIMIT_S = 10.0
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "PNG")
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


MADE_UP: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "refused:empty_file"),
    "truncated pdf": (broken_pdf(), "refused:broken_pdf"),
    "pdf header only": (b"%PDF-1.7\n", "refused:broken_pdf"),
    "png header then html": (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
                             "refused:broken_image"),
    "truncated png": (_png()[:60], "refused:broken_image"),
    "zip header only": (b"PK\x03\x04" + b"\x00" * 26, "refused:damaged_file"),
    "zip of nothing we take": (_zip({"a.txt": b"hello"}), "refused:unsupported_type"),
    "docx without parts": (_zip({"[Content_Types].xml": b"<Types"}), "refused:unsupported_type"),
    "eicar": (EICAR, "refused:malware_signature"),
    "html": (b"<!doctype html><html><body>hi</body></html>", "refused:unsupported_type"),
    "heic box without image": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
                               "refused:broken_image"),
    "png": (_png(), "accepted:png"),
    "pdf": (text_pdf(["Statement of the applicant"]), "accepted:pdf"),
    "text": ("Déclaration du témoin\r\nligne deux\n".encode(), "accepted:txt"),
    "e-mail": (b"From: a@example.org\nSubject: hearing\n\nSee you on Monday.\n",
               "accepted:eml"),
}


@pytest.mark.parametrize("name", sorted(MADE_UP))
def test_made_up_malformed_inputs_end_as_expected(name: str, tmp_path: Path) -> None:
    data, expected = MADE_UP[name]
    assert check_bytes(data, tmp_path / "work") == expected


def test_an_escaping_error_is_reported_as_a_crash(tmp_path: Path) -> None:
    # A source that is a directory makes the sniffer's open() fail outside IngestError
    # (uploads never are one): the property check must report it, not swallow it.
    with pytest.raises(UnexpectedFailure) as caught:
        check_file(tmp_path, tmp_path)
    assert caught.value.signature.startswith("IsADirectoryError at sniff.py:")


def test_every_kept_input_is_accepted_or_cleanly_refused(tmp_path: Path) -> None:
    kept = sorted(p for p in REGRESSIONS.iterdir() if p.suffix == ".bin")
    assert len(kept) >= 5, "the representative seeds are missing"
    outcomes, slow = {}, []
    for path in kept:
        started = time.monotonic()
        outcomes[path.name] = check_bytes(path.read_bytes(), tmp_path / "work")
        if time.monotonic() - started > LIMIT_S:
            slow.append(path.name)
    assert slow == []
    assert all(o.startswith(("accepted:", "refused:")) for o in outcomes.values())
    assert outcomes["seed-qpdf-69969.bin"] == "accepted:pdf"
    assert outcomes["seed-pillow-broken.png.bin"] == "refused:broken_image"
