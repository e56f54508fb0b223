"""The bundle assembly engine: a filing-ready, paginated, indexed, bookmarked PDF.

Pure Python (pikepdf + reportlab), no Django: the bundles app calls `build_bundle`.
"""

from article3.bundles.engine.build import Progress, build_bundle
from article3.bundles.engine.model import (
    AnnotatedReport,
    BuildResult,
    BundleError,
    BundleInput,
    CitedPassage,
    DocumentPages,
    ExhibitInput,
    Layout,
    PageMap,
    Pinpoint,
    PinpointPage,
    Volume,
)
from article3.bundles.engine.pieces import PieceCache

__all__ = [
    "AnnotatedReport",
    "BuildResult",
    "BundleError",
    "BundleInput",
    "CitedPassage",
    "DocumentPages",
    "ExhibitInput",
    "Layout",
    "PageMap",
    "PieceCache",
    "Pinpoint",
    "PinpointPage",
    "Progress",
    "Volume",
    "build_bundle",
]
