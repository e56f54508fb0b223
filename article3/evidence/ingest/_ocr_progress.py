"""An OCRmyPDF plugin that forwards its progress to our callback instead of a console bar.

OCRmyPDF creates the bar itself from the class this hook returns, so the callback is handed
over through a module variable; ``ocr.py`` sets it around each run (one run at a time).
"""

from collections.abc import Callable
from types import TracebackType
from typing import Any

from ocrmypdf import hookimpl

Sink = Callable[[float, float | None, str], None]
sink: Sink | None = None


class ForwardingBar:
    """The ProgressBar protocol, reporting (done, total, description) to ``sink``."""

    def __init__(self, *, total: float | None = None, desc: str | None = None,
                 **_kwargs: Any) -> None:
        self.total = total
        self.desc = desc or "ocr"
        self.done = 0.0

    def __enter__(self) -> "ForwardingBar":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def update(self, n: float = 1, *, completed: float | None = None) -> None:
        self.done = completed if completed is not None else self.done + n
        if sink is not None:
            sink(self.done, self.total, self.desc)


@hookimpl
def get_progressbar_class() -> type[ForwardingBar]:
    return ForwardingBar
