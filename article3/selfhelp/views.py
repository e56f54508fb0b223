"""The self-help interview's pages: no account, no JavaScript, one question a page.

Every page answers 404 while self-help is off (ARTICLE3_SELF_HELP_ORG unset), and to anyone signed in:
the interview is for people without an account, and ending it ends the browser's session.
"""

import functools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from article3.accounts.addresses import client_address
from article3.accounts.services import login_failure_record, login_throttled
from article3.errors import DomainError
from article3.selfhelp import forms, services, steps
from article3.selfhelp.glossary import TERMS
from article3.selfhelp.models import Interview
from article3.selfhelp.selectors import SESSION_KEY, interview_for_session, published_deadlines

View = Callable[..., HttpResponse]
THROTTLE_ACCOUNT = "self-help resume"  # with the address: codes are not guessable, so one person's
# typing mistakes must not lock everyone else out of their answers (a shared bucket would).
SEEN_KEY = "selfhelp_seen"  # when the interview last answered a request, for the idle limit


def page(*, interview: bool = True) -> Callable[[View], View]:
    """Self-help on, nobody signed in; the interview of this browser (or the start page without one),
    its pages in its language, and a session that ends soon when left alone."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not settings.ARTICLE3_SELF_HELP_ORG or request.user.is_authenticated:
                raise Http404
            found = _current(request)
            if interview and found is None:
                return redirect("selfhelp_start")
            language = found.language if found else _language(request)
            with translation.override(language):
                request.LANGUAGE_CODE = language
                response = view(request, found, *args, **kwargs) if interview else view(request, *args, **kwargs)
            response["Cache-Control"] = "no-store"  # answers must not stay in a shared device's cache
            # Same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on a form's POST,
            # and the CSRF check refuses it.
            response["Referrer-Policy"] = "same-origin"
            return response

        return wrapper

    return decorate


def _current(request: HttpRequest) -> Interview | None:
    """The browser's interview, unless it was left alone longer than the idle limit: then the session
    ends (the cookie itself lasts until the browser closes, so a shared device keeps nothing)."""
    found = interview_for_session(request=request)
    now = int(time.time())
    if found is not None and now - request.session.get(SEEN_KEY, 0) > settings.ARTICLE3_SELF_HELP_IDLE_SECONDS:
        request.session.flush()
        return None
    if found is not None:
        request.session[SEEN_KEY] = now
    return found


def _language(request: HttpRequest) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in dict(settings.LANGUAGES) else translation.get_language_from_request(request)


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"selfhelp/{template}", context, status=status)


@page(interview=False)
def start(request: HttpRequest) -> HttpResponse:
    form = forms.HelpLanguageForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        interview, code = services.interview_start(language=form.cleaned_data["language"])
        _enter(request, interview)
        with translation.override(interview.language):
            # Shown here, once, and never stored: a reload of this page starts nothing new without a POST.
            return _render(request, "code.html", {"code": code, "interview": interview,
                                                  "first": steps.STEPS[0].slug})
    return _render(request, "start.html", {"form": form, "languages": settings.LANGUAGES})


def _enter(request: HttpRequest, interview: Interview) -> None:
    request.session.cycle_key()  # nothing from before carries over into the interview's session
    request.session[SESSION_KEY] = interview.pk
    request.session[SEEN_KEY] = int(time.time())


@page(interview=False)
def resume(request: HttpRequest) -> HttpResponse:
    form = forms.HelpResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        account = f"{THROTTLE_ACCOUNT} {address}"
        if login_throttled(account=account, address=address):
            login_failure_record(account=account, address=address, throttled=True)
            form.add_error(None, translation.gettext("Too many tries. Wait one minute and try again."))
            return _render(request, "resume.html", {"form": form}, status=429)
        found = services.interview_find(code=form.cleaned_data["code"])
        if found is None:
            login_failure_record(account=account, address=address, throttled=False)
            form.add_error("code", translation.gettext("This code does not open any answers. Check each letter "
                                                       "and try again."))
        else:
            _enter(request, found)
            services.interview_audit(interview=found, action="selfhelp.interview.resumed")
            return redirect("selfhelp_step", step=_resume_at(found))
    return _render(request, "resume.html", {"form": form})


def _resume_at(interview: Interview) -> str:
    if interview.reached in steps.BY_SLUG:
        return steps.next_slug(interview.reached) or interview.reached
    return steps.STEPS[0].slug


@page()
def step(request: HttpRequest, interview: Interview, step: str) -> HttpResponse:
    question = steps.BY_SLUG.get(step)
    if question is None:
        raise Http404
    case = interview.case
    if request.method == "POST" and "remove" in request.POST and question.entries is not None:
        _remove(interview, question, request.POST["remove"])
        return redirect("selfhelp_step", step=step)
    initial = {} if question.repeats else question.load(case)
    form = question.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not question.repeats or any(str(v).strip() for v in form.cleaned_data.values()):
            question.save(interview, form.cleaned_data)
        services.interview_touch(interview=interview, reached=_further(interview.reached, step))
        return _after_save(request, question)
    return _render(request, "step.html", {
        "interview": interview, "step": question, "form": form, "number": steps.STEPS.index(question) + 1,
        "total": len(steps.STEPS), "previous": steps.previous_slug(step),
        "entries": [(row.pk, question.describe(row)) for row in question.entries(case)] if question.entries else None,
        "terms": [(slug, TERMS[slug][0]) for slug in question.terms],
    }, status=400 if form.is_bound else 200)


def _further(reached: str, slug: str) -> str:
    order = [s.slug for s in steps.STEPS]
    return slug if reached not in order or order.index(slug) > order.index(reached) else reached


def _after_save(request: HttpRequest, question: steps.Step) -> HttpResponse:
    if "stop" in request.POST:
        return _stopped(request)
    if "another" in request.POST:
        return redirect("selfhelp_step", step=question.slug)
    following = steps.next_slug(question.slug)
    return redirect("selfhelp_step", step=following) if following else redirect("selfhelp_review")


def _remove(interview: Interview, question: steps.Step, pk: str) -> None:
    for row in question.entries(interview.case) if question.entries else []:
        if str(row.pk) == pk and question.remove is not None:
            question.remove(interview, row)


def _answered(interview: Interview) -> list[dict[str, Any]]:
    return [{"step": s, "answers": steps.answers(s, interview.case)} for s in steps.STEPS]


@page()
def review(request: HttpRequest, interview: Interview) -> HttpResponse:
    return _render(request, "review.html", {"interview": interview, "rows": _answered(interview),
                                            "missing": steps.missing(interview.case)})


@page()
def summary(request: HttpRequest, interview: Interview) -> HttpResponse:
    """The answers under the questions in the applicant's language, then the same in English."""
    languages = [interview.language] if interview.language == "en" else [interview.language, "en"]
    blocks = []
    for code in languages:
        with translation.override(code):
            rows = [{"question": str(r["step"].question), "answers": r["answers"]} for r in _answered(interview)]
            blocks.append({"language": code, "bidi": translation.get_language_bidi(), "rows": rows,
                           "title": translation.gettext("Summary of my answers"),
                           "note": translation.gettext("The questions are in this language. The answers are as "
                                                       "written by the person, not translated."),
                           "reference": interview.case.reference})
    return _render(request, "summary.html", {"interview": interview, "blocks": blocks})


@page()
def package(request: HttpRequest, interview: Interview) -> HttpResponse:
    missing = steps.missing(interview.case)
    form = forms.HelpRecipientForm(request.POST or None)
    if request.method == "POST" and not missing and form.is_valid():
        with tempfile.TemporaryDirectory(prefix="a3-selfhelp-") as folder:
            try:
                path = services.package_make(interview=interview, recipient=form.cleaned_data["recipient"],
                                             folder=Path(folder))
            except DomainError:
                form.add_error(None, translation.gettext("The package could not be made. Please try again."))
            else:
                response = HttpResponse(path.read_bytes(), content_type="application/octet-stream")
                # The name is the case reference's letters and digits: nothing to escape, and the double
                # extension survives (the project's filename cleaner would fold it).
                response["Content-Disposition"] = f'attachment; filename="{path.name}"'
                return response
    return _render(request, "package.html", {"interview": interview, "form": form, "missing": missing},
                   status=400 if form.is_bound else 200)


@page()
def hand_over(request: HttpRequest, interview: Interview) -> HttpResponse:
    organisation = interview.case.organisation
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.interview_hand_over(interview=interview)
        request.session.flush()
        return _render(request, "handed_over.html", {"organisation": organisation})
    return _render(request, "hand_over.html", {"interview": interview, "organisation": organisation})


@page(interview=False)
@require_POST
def stop(request: HttpRequest) -> HttpResponse:
    """Save and stop: the answers are kept; this browser forgets the interview."""
    return _stopped(request)


def _stopped(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return _render(request, "stopped.html", {})


@page(interview=False)
@require_POST
def clear(request: HttpRequest) -> HttpResponse:
    """Finish on a shared device: the session ends and the browser is asked to forget this site."""
    request.session.flush()
    response = _render(request, "cleared.html", {})
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@page(interview=False)
def glossary(request: HttpRequest) -> HttpResponse:
    return _render(request, "glossary.html", {"terms": [(slug, *pair) for slug, pair in TERMS.items()]})


@page(interview=False)
def deadlines(request: HttpRequest) -> HttpResponse:
    found = interview_for_session(request=request)
    forum = found.case.forum if found else request.GET.get("forum", "generic")
    name, rules = published_deadlines(forum=forum)
    from article3.rulepacks import all_packs

    return _render(request, "deadlines.html", {"forum_name": name, "rules": rules, "interview": found,
                                               "forums": [(p.forum, p.name) for p in all_packs().values()]})
