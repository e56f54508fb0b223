"""A task that tests run on real workers: it notes each start, then holds until it is released.

It lives in the tests package, which a worker started from the project folder can import.
"""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def held(folder: str) -> str:
    """Append this process's id to `starts`, wait for `release`, then append it to `done`."""
    path = Path(folder)
    with (path / "starts").open("a") as starts:
        starts.write(f"{os.getpid()}\n")
    while not (path / "release").exists():
        time.sleep(0.05)
    with (path / "done").open("a") as done:
        done.write(f"{os.getpid()}\n")
    return "done"
