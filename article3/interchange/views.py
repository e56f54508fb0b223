"""Moving a whole case between instances from the web: download its signed package, import one."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3 import datadir
from article3.accounts.models import CASE_CREATING_ROLES, PACKAGE_ROLES, Role
from article3.accounts.selectors import actor_has_org_role, organisation_for_user, user_id
from article3.cases.models import Case
from article3.cases.selectors import case_role
from article3.cases.services import team_member_add
from article3.cases.views import case_view, render_case
from article3.errors import DomainError
from article3.evidence.filenames import content_disposition
from article3.exports.models import ExportKind
from article3.exports.services import export_request

MAX_IMPORT_BYTES = 2 * 1024**3


def _may_export(request: HttpRequest, case: Case) -> None:
    if case_role(user=request.user, case=case) not in PACKAGE_ROLES:
        raise PermissionDenied


@case_view(page="package")
def package(request: HttpRequest, case: Case) -> HttpResponse:
    from article3.interchange.signing import fingerprint, signing_key

    _may_export(request, case)
    key = fingerprint(signing_key(datadir.instance_key()).public_key())
    return render_case(request, case, "interchange/package.html", {"fingerprint": key})


@require_POST
@case_view()
def package_download(request: HttpRequest, case: Case) -> HttpResponse:
    """The package and its signature, in one zip: the recipient checks one against the other. A case
    whose files are larger than ARTICLE3_PACKAGE_IN_REQUEST_BYTES is packaged on the worker, and the
    export's page offers the file when it is ready."""
    from article3.interchange.exporter import package_size, signed_package

    _may_export(request, case)
    redact = request.POST.get("redact") == "1"
    if package_size(case) > settings.ARTICLE3_PACKAGE_IN_REQUEST_BYTES:
        export = export_request(actor=request.user, case=case, kind=ExportKind.CASE_PACKAGE,
                                options={"redact": redact})
        return redirect("case_export", case_id=case.public_id, export_id=export.pk)
    with tempfile.TemporaryDirectory(prefix="a3-export-") as folder:
        path = signed_package(actor=request.user, case=case, folder=Path(folder), redact=redact)
        response = HttpResponse(path.read_bytes(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(path.name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def package_import(request: HttpRequest) -> HttpResponse:
    from article3.interchange.importer import case_import
    from article3.interchange.schema import PackageError

    org = organisation_for_user(user=request.user)
    if org is None or not actor_has_org_role(actor=request.user, organisation_id=org.pk, roles=CASE_CREATING_ROLES):
        raise PermissionDenied
    problems: list[str] = []
    upload = request.FILES.get("package") if request.method == "POST" else None
    if request.method == "POST" and upload is None:
        problems = [_("Choose the case package (a .zip file) to import.")]
    elif upload is not None and upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        problems = [_("This file is larger than 2 GB, the most a case package may be.")]
    elif upload is not None:
        with tempfile.TemporaryDirectory(prefix="a3-import-") as folder:
            path = Path(folder) / "package.zip"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                with transaction.atomic():  # the case and its importer's seat on its team, or neither
                    result = case_import(actor=request.user, organisation=org, path=path)
                    team_member_add(actor=request.user, case=result.case, user_id=user_id(request.user),
                                    role=Role.ATTORNEY)
            except PackageError as exc:
                problems = exc.problems
            except DomainError as exc:
                problems = [str(exc).removeprefix("case.reference: ")]
            else:
                return redirect("case_detail", case_id=result.case.public_id)
    response = render(request, "interchange/import.html", {"problems": problems})
    response.status_code = 400 if problems else 200
    return response
