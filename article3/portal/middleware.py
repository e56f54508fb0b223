"""The client's side stays on its own pages: a second wall behind each view's own check."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

Handler = Callable[[HttpRequest], HttpResponse]

CLIENT_SESSION_KEY = "client_portal"
# What a client may open besides the portal: signing in and out, their own account, the files of the pages.
CLIENT_PATHS = ("/portal/", "/static/", "/accounts/login/", "/accounts/logout/", "/accounts/2fa/",
                "/accounts/password/", "/accounts/recovery-codes/", "/accounts/sessions/end/",
                "/accounts/language/", "/accounts/set-password/")


def client_confinement(get_response: Handler) -> Handler:
    """A person of the client's side (marked in their session when they sign in) reaches the portal
    and their own account; any other address is 404 to them, and the home page is the portal's."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.session.get(CLIENT_SESSION_KEY):
            if request.path == "/":
                return redirect("portal_home")
            if request.path != "/accounts/" and not request.path.startswith(CLIENT_PATHS):
                raise Http404
        return get_response(request)

    return middleware
