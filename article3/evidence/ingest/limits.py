"""The numbers that bound work on one untrusted file. Documented here so they can be tuned."""

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class IngestLimits:
    """Limits for one file; the defaults suit a small legal team's uploads."""

    max_bytes: int = 200 * MB
    # Pillow's default is ~89 megapixels; a 48 MP phone photo must pass, a pixel flood not.
    max_image_pixels: int = 90_000_000
    max_image_frames: int = 500
    # Archives (DOCX, ODT) are checked from the central directory before anything is inflated.
    max_zip_entries: int = 5_000
    max_zip_uncompressed_bytes: int = 500 * MB
    max_zip_ratio: float = 100.0
    # Entries smaller than this are never a bomb whatever their ratio (a blank XML part).
    zip_ratio_grace_bytes: int = 1 * MB
    max_part_read_bytes: int = 4 * MB
    max_text_chars: int = 2_000_000
    max_pages: int = 10_000
    # A page with fewer visible characters than this is treated as a scan and OCR'd.
    min_text_chars: int = 10
    office_timeout_s: float = 180.0
    tool_timeout_s: float = 120.0
    ocr_page_timeout_s: float = 180.0
    ocr_downsample_above_px: int = 5000


DEFAULT_LIMITS = IngestLimits()
