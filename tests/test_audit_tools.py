"""`make audit` (issue 17): bandit finds nothing unmarked, and pip-audit says plainly when it could not run."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BANDIT = Path(sys.executable).with_name("bandit")


def test_bandit_finds_nothing_that_is_not_fixed_or_marked() -> None:
    result = subprocess.run([str(BANDIT), "-c", "pyproject.toml", "-q", "-r", "article3", "-f", "custom",
                             "--msg-template", "{relpath}:{line} {test_id} {msg}"],
                            cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_without_network_the_audit_says_the_dependencies_were_not_checked() -> None:
    result = subprocess.run(["make", "-s", "audit", "PYPI_HOST=no-such-host.invalid"], cwd=REPO,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    assert "pip-audit was NOT run: it needs the network" in result.stdout
    assert "The dependencies were not checked" in result.stdout
