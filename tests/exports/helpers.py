"""Asking for a file made on the worker, as a page does, and downloading it once it is made."""

from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, TestCase


def made_file(client: Client, url: str, data: dict[str, str] | None = None) -> HttpResponse:
    """POST to `url` (the task runs at once, as the immediate backend runs it once the request commits),
    follow to the export's page, and download its file; the response carries the file's bytes."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'id="work-result"' in page.content, page.content.decode()[-800:]
    download = client.get(f"{response['Location']}download/")
    assert download.status_code == 200 and isinstance(download, StreamingHttpResponse)
    flat = HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])  # type: ignore[arg-type]
    for header in ("Content-Disposition", "Cache-Control"):
        flat[header] = download[header]
    return flat
