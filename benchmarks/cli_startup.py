"""Command-line start-up: `article3 --help` and `article3 case list` against bare interpreters.

Run: .venv/bin/python benchmarks/cli_startup.py [--runs N]

In a temporary data folder holding the demo case, times (median of N runs, whole process) each
command, and as baselines in the same run `python -c pass` and `python -c "import django;
django.setup()"` with the same settings. Target: each command at most 0.4 s on a quiet 2-core
machine; the ratios to the baselines say how much of that is Article3's own. The commands run in
English, as the target is set for; `--help` in French shows what another language costs (Django set
up first). Prints; never fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 0.4
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "django.setup()": ["-c", "import django; django.setup()"],
    "article3 --help": ["-m", "article3", "--help"],
    "article3 case list": ["-m", "article3", "case", "list"],
    "article3 case list --format json": ["-m", "article3", "case", "list", "--format", "json"],
    "LANGUAGE=fr article3 --help": ["-m", "article3", "--help"],
}
LANGUAGE = {"LANGUAGE=fr article3 --help": "fr"}  # the others: English


def _median_seconds(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="article3-cli-bench-") as data:
        env = {**os.environ, "ARTICLE3_DATA": data, "DJANGO_SETTINGS_MODULE": "article3.settings"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "article3", "demo"], env=env, check=True, capture_output=True)
        results = {name: _median_seconds(args, {**env, "LANGUAGE": LANGUAGE.get(name, "en")}, options.runs)
                   for name, args in COMMANDS.items()}
    bare, django_only = results["python -c pass"], results["django.setup()"]
    print(f"{'command':36} {'median s':>9} {'x python':>9} {'x django':>9}  target")
    for name, seconds in results.items():
        verdict = ("met" if seconds <= TARGET_SECONDS else "MISSED") if name.startswith("article3") else ""
        verdict = "(no target)" if name in LANGUAGE else verdict
        print(f"{name:36} {seconds:9.3f} {seconds / bare:9.1f} {seconds / django_only:9.1f}  {verdict}")


if __name__ == "__main__":
    main()
