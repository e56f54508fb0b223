"""URL patterns that name their views without importing them.

Building a URL (the command line prints links to cases) loads the URL configuration; with plain
imports that loads every view and, through them, the OCR, PDF, office and calendar libraries.
Here a view module is imported by the first request that needs it, or by `warm()` when a server
starts, so that its first request is as fast as the next.
"""

from functools import cached_property
from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver


class LazyView:
    """A view named by module and function, imported on first use."""

    def __init__(self, module: str, name: str) -> None:
        self.__module__ = module
        self.__name__ = self.__qualname__ = name

    @cached_property
    def view(self) -> Any:
        return getattr(import_module(self.__module__), self.__name__)

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase = self.view(request, *args, **kwargs)
        return response


class LazyAPIView(LazyView):
    """A Django REST framework view class, named by module and class, made into a view on first use.

    `cls` and `initkwargs` are what DRF's schema generator reads from a view; CSRF is left to DRF,
    which checks it for session-authenticated requests (as `APIView.as_view` does).
    """

    csrf_exempt = True

    def __init__(self, module: str, name: str, **initkwargs: Any) -> None:
        super().__init__(module, name)
        self.initkwargs = initkwargs

    @cached_property
    def cls(self) -> Any:
        return getattr(import_module(self.__module__), self.__name__)

    @cached_property
    def view(self) -> Any:
        return self.cls.as_view(**self.initkwargs)


class LazyViews:
    """Stands for a views module in a URL configuration: `views.case_detail` is a LazyView."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> LazyView:
        if name.startswith("_"):
            raise AttributeError(name)
        return LazyView(self._module, name)


def lazy_views(module: str) -> Any:
    return LazyViews(module)


def warm() -> None:
    """Import every view now (a server at start), so the first request does not wait for it."""
    pending: list[URLPattern | URLResolver] = list(get_resolver().url_patterns)
    while pending:
        entry = pending.pop()
        if isinstance(entry, URLResolver):
            pending.extend(entry.url_patterns)
        elif isinstance(entry.callback, LazyView):
            entry.callback.view  # noqa: B018 (the import is the point)
