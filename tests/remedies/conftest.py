"""Fixtures shared with other test packages: the finished demo bundle the drafts cite, and headless Chromium."""

from tests.docs.conftest import built_demo
from tests.test_browser import browser

__all__ = ["browser", "built_demo"]
