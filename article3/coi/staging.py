"""A report file kept between two tries of the import form.

Browsers cannot refill a file input, so when the form comes back with an error the file already
sent is kept (encrypted in the vault, like every stored file) and named on the page; a signed token
in the form brings it back on the next try, for the same person in the same organisation, for an hour.
A kept file that is never imported is an unreferenced vault blob, which `article3 verify --fix` shreds.
"""

import io
from dataclasses import dataclass

from django.core import signing

from article3.accounts.selectors import UserLike, user_id
from article3.evidence.storage import vault

SALT = "article3.coi.kept-upload"
MAX_AGE_SECONDS = 3600


@dataclass(frozen=True)
class KeptFile:
    name: str
    sha256: str
    token: str

    def read(self) -> bytes:
        with vault().open(self.sha256) as stream:
            return stream.read()


def upload_keep(*, user: UserLike, organisation_id: int, name: str, data: bytes) -> KeptFile:
    sha = vault().put(stream=io.BytesIO(data)).sha256
    token = signing.dumps({"sha": sha, "name": name, "user": user_id(user), "org": organisation_id}, salt=SALT)
    return KeptFile(name=name, sha256=sha, token=token)


def upload_kept(*, token: str, user: UserLike, organisation_id: int) -> KeptFile | None:
    """The file a token names, if it is this person's, in this organisation, recent, and still stored."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("user") != user_id(user) or value.get("org") != organisation_id:
        return None
    sha, name = str(value.get("sha", "")), str(value.get("name", ""))
    return KeptFile(name=name, sha256=sha, token=token) if sha and vault().exists(sha) else None
