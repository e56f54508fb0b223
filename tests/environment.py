"""Loaded with `-p tests.environment`, before Django reads its settings.

Each test process gets its own data folder (database file, vault, instance key), and tasks run
immediately in the test process.
"""

import os
import tempfile

os.environ["ARTICLE3_DATA"] = tempfile.mkdtemp(prefix="article3-test-")
os.environ["ARTICLE3_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ["ARTICLE3_AUDIT_GUARD"] = "0"  # see tests/audit/test_chain.py::test_the_database_refuses_updates
# The `article3` command speaks the environment's language (article3/cli): the commands the tests run
# speak English, whatever the developer's locale (tests/test_cli_language.py sets its own).
os.environ["LANGUAGE"] = "en"
