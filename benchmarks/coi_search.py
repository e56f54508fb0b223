"""Country-information search benchmark: latency at 100,000 passages, import speed, relevance.

Run: .venv/bin/python benchmarks/coi_search.py [--passages N] [--quick]

In a temporary data folder (SQLite; or the empty PostgreSQL database DATABASE_URL names), it
  - builds a synthetic library of N passages (default 100,000) in 1,000 reports on 10 countries,
    drawn from a pool of distinct generated texts (embedded once each with the semantic extra),
    with an evaluation set planted in it: queries with graded relevant passages (exact words,
    other word forms, paraphrases) and distractors that share one word with the query;
  - times `passage_search` (the selector the web page and CLI use, results loaded) for
    keyword queries and, with the semantic extra installed, hybrid queries: p50 and p95;
  - imports real PDFs through `report_import` and prints pages per second;
  - scores nDCG@10 and recall@10 of keyword and hybrid search against a plain BM25 baseline
    (no stemming; Okapi k1=1.2, b=0.75, computed here over the same passages) in the same run;
  - does the same on real report text with graded questions (`../shared/corpora/coi-real/`, see
    tests/coi/relevance.py), within the question's country and over the whole library.
Targets: keyword p95 <= 50 ms; on the real corpus, keyword nDCG@10 >= 1.10 x plain BM25. The script
prints whether they were met; it does not fail. `--real-only` runs the real-corpus part alone.
"""

from __future__ import annotations

import argparse
import datetime
import io
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.coi.relevance import BM25, ndcg, recall  # noqa: E402

COUNTRIES = ["CM", "NG", "ER", "IR", "AF", "SY", "CD", "ET", "SD", "VE"]
SUBJECTS = ["Security forces", "Police officers", "The gendarmerie", "Military intelligence agents",
            "Local officials", "Armed separatists", "Prison guards", "Unidentified men in plain clothes",
            "Soldiers", "Militia members"]
VERBS = ["arrested", "detained", "beat", "tortured", "threatened", "interrogated", "released", "harassed",
         "questioned", "abducted", "intimidated", "searched the homes of"]
OBJECTS = ["opposition supporters", "journalists", "returnees", "students", "human rights defenders",
           "members of the Anglophone minority", "protesters", "lawyers", "women activists", "trade unionists",
           "religious leaders", "villagers"]
PLACES = ["in Douala", "in Bamenda", "at checkpoints", "in the capital", "near the border",
          "in the North-West Region", "in rural areas", "at the airport", "in the south", "during night raids"]
EXTRAS = ["without charge", "for several weeks", "during questioning", "according to witnesses",
          "in unofficial places of detention", "after the demonstrations", "before the elections",
          "despite court orders", "with impunity", "on suspicion of collaboration"]
REMARKS = ["The government denied the allegations.", "No investigation was opened.",
           "Observers were refused access.", "Families were not informed.", "Several cases were documented.",
           "The authorities did not respond to requests for comment.", "The practice continued during the year."]

# query -> (grade-2 passages, grade-1 passages, distractors). Their words are absent from the
# generator's vocabulary, so only planted passages can be relevant.
EVALUATION: dict[str, tuple[list[str], list[str], list[str]]] = {
    "forced disappearance journalists": (
        ["Two journalists were victims of forced disappearance after reporting on the army.",
         "The forced disappearances of journalists in Buea remain unexplained.",
         "Journalists subjected to enforced or forced disappearance were never seen again."],
        ["A reporter vanished after his arrest and his whereabouts remain unknown.",
         "Relatives of disappeared journalists say the authorities deny holding them."],
        ["Forced labour was reported on cocoa plantations.", "Journalists covered the football championship.",
         "The disappearance of fish stocks worried fishermen."]),
    "conscription deserters punishment": (
        ["Deserters from national conscription face severe punishment, including torture.",
         "Punishment of deserters who evade conscription is arbitrary and harsh.",
         "Those punished as deserters during conscription reported beatings."],
        ["Men who fled indefinite military service were imprisoned on return.",
         "Evading the draft is treated as treason."],
        ["Conscription of nurses during the epidemic was debated.", "The punishment of corrupt judges was rare.",
         "Deserters of the football club were criticised."]),
    "blasphemy charges death penalty": (
        ["Blasphemy charges carry the death penalty under the penal code.",
         "Courts imposed the death penalty on charges of blasphemy.",
         "A man charged with blasphemy was sentenced to the death penalty."],
        ["Insulting the prophet can lead to execution.",
         "Apostasy and insulting religion are capital offences."],
        ["The death penalty for drug trafficking was abolished.", "Charges of tax fraud were dropped.",
         "The blasphemy of the comedian shocked viewers."]),
    "hunger strike prisoners": (
        ["Political prisoners went on hunger strike to protest their conditions.",
         "A hunger strike by prisoners in the central prison lasted forty days.",
         "Prisoners on hunger strike were force-fed by guards."],
        ["Detainees refused food for weeks to demand a trial.",
         "Inmates stopped eating to protest the lack of visits."],
        ["Teachers went on strike over unpaid salaries.", "Hunger affected children in the drought.",
         "Prisoners of war were exchanged."]),
    "sexual orientation prosecution": (
        ["Prosecution of people because of their sexual orientation increased.",
         "Gay men faced prosecution under laws criminalising same-sex sexual orientation.",
         "Prosecutions based on sexual orientation relied on forced anal examinations."],
        ["Homosexual acts are punished with up to five years in prison.",
         "LGBT people were jailed after police raids on private parties."],
        ["The prosecution of the former minister was delayed.", "Sexual harassment at work was common.",
         "Orientation sessions for new students were held."]),
    "blood feud revenge killings": (
        ["Blood feuds led to revenge killings between rival families.",
         "Revenge killings in a blood feud continued for decades.",
         "Police could not protect families caught in blood feuds from revenge killings."],
        ["Men avenged the death of a relative by killing a member of the other clan.",
         "Clan vendettas forced young men into hiding."],
        ["Blood donations fell during the crisis.", "The killings of elephants by poachers rose.",
         "Revenge porn was criminalised."]),
    "female genital mutilation": (
        ["Female genital mutilation remains widespread despite the ban.",
         "Girls were subjected to female genital mutilation before marriage.",
         "The law criminalising female genital mutilation was rarely enforced."],
        ["FGM is performed on most girls in rural communities.",
         "Cutting of young girls continued in secret."],
        ["Female candidates won few seats.", "Genital infections were treated at the clinic.",
         "Mutilation of corpses was reported after the battle."]),
    "land confiscation farmers": (
        ["Farmers protesting land confiscation were arrested.",
         "The confiscation of land from farmers for mining projects caused unrest.",
         "Land confiscations left thousands of farmers without livelihoods."],
        ["Peasants were evicted from their fields to make way for a plantation.",
         "Villagers lost their farms to a government agricultural scheme."],
        ["Farmers celebrated a good harvest.", "Confiscation of passports was common at the border.",
         "The land border was reopened."]),
}


def setup(data_dir: Path) -> None:
    os.environ["ARTICLE3_DATA"] = str(data_dir)
    os.environ["ARTICLE3_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "article3.settings")
    from article3 import datadir

    datadir.ensure()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)]
    if rng.random() < 0.7:
        parts.append(rng.choice(EXTRAS))
    return " ".join(parts) + "."


def passage_text(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
    return f"{text} {rng.choice(REMARKS)}" if rng.random() < 0.5 else text


# Building


def build_library(org: Any, total: int, rng: random.Random, *, pool: int) -> tuple[dict[str, int], float]:
    """Reports of 100 passages drawn from `pool` distinct synthetic texts, the evaluation passages
    planted at random places. With the semantic extra every distinct text is embedded once (an
    identical text has an identical vector). Returns (planted text -> passage id, seconds embedding)."""
    from article3.coi import semantic
    from article3.coi.models import Passage, Report, ReportCountry

    planted = [t for relevant, partly, distractors in EVALUATION.values() for t in relevant + partly + distractors]
    texts = [passage_text(rng) for _ in range(pool)]
    started = time.perf_counter()
    vectors = dict(zip(texts + planted, semantic.embed(texts + planted), strict=True))
    embedding_seconds = time.perf_counter() - started
    positions = dict(zip(rng.sample(range(total), len(planted)), planted, strict=True))
    base = datetime.date(2019, 1, 1)
    number = 0
    for r in range(max(1, total // 100)):
        report = Report.objects.create(
            organisation=org, title=f"Country report {r}", publisher=f"Publisher {r % 17}",
            date=base + datetime.timedelta(days=(r * 7) % 2500), sha256=f"{org.pk}{r:063x}",
            text_sha256=f"{org.pk}{r:063x}", file_type="txt", imported_by="benchmark")
        ReportCountry.objects.create(report=report, code=COUNTRIES[r % len(COUNTRIES)])
        rows = []
        for paragraph in range(1, 101):
            text = positions.get(number) or rng.choice(texts)
            rows.append(Passage(report=report, paragraph=paragraph, page=1 + paragraph // 8,
                                heading=f"{r % 5 + 1}. Section", text=text, embedding=vectors[text]))
            number += 1
            if number >= total:
                break
        Passage.objects.bulk_create(rows)
        if number >= total:
            break
    semantic.forget_cache()
    ids = dict(Passage.objects.filter(report__organisation=org, text__in=planted).values_list("text", "pk"))
    return ids, embedding_seconds


def measure_import(org: Any, *, reports: int, pages: int, rng: random.Random) -> tuple[int, float]:
    """Real PDFs through report_import; returns (pages, seconds), file generation excluded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from article3.coi.services import ReportMeta, report_import

    styles = getSampleStyleSheet()
    files = []
    for r in range(reports):
        story: list[Any] = []
        for page in range(pages):
            story.append(Paragraph(f"{page + 1}. Findings of chapter {page + 1} (report {r})", styles["Heading1"]))
            story.extend(Paragraph(passage_text(rng), styles["BodyText"]) for _ in range(8))
            story.append(PageBreak())
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4, title=f"Imported report {r}").build(story)
        files.append(buffer.getvalue())
    started = time.perf_counter()
    for r, data in enumerate(files):
        report_import(actor="benchmark", organisation=org, data=data,
                      meta=ReportMeta(countries=["CM"], publisher="Bench", date=datetime.date(2025, 1, 1 + r % 28)))
    return reports * pages, time.perf_counter() - started


# Measures


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def timed(run: Callable[[str], Any], queries: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of this process per query (SQLite runs in this process, so
    CPU time is what a query costs when the machine is not shared; PostgreSQL's share is not in it)."""
    wall, cpu = [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        run(query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def report_latency(label: str, samples: tuple[list[float], list[float]], target: float | None = None) -> None:
    (p50, p95), (c50, c95) = percentiles(samples[0]), percentiles(samples[1])
    line = f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms wall; CPU p50 {c50:.1f} ms, p95 {c95:.1f} ms"
    if target is not None:
        line += f"  [target p95 <= {target:.0f} ms: wall {'met' if p95 <= target else 'NOT met'}, " \
                f"CPU {'met' if c95 <= target else 'NOT met'}]"
    print(line)


def latency_queries(rng: random.Random, n: int) -> list[str]:
    words = [w for phrase in SUBJECTS + VERBS + OBJECTS + PLACES + EXTRAS for w in phrase.split() if len(w) > 3]
    queries = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            queries.append(rng.choice(words))
        elif kind == 1:
            queries.append(" ".join(rng.sample(words, 2)))
        elif kind == 2:
            queries.append(" ".join(rng.sample(words, 3)))
        else:
            queries.append(f'"{rng.choice(OBJECTS)}"')
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--pool", type=int, default=5_000, help="distinct synthetic passage texts")
    parser.add_argument("--quick", action="store_true", help="10,000 passages, fewer queries")
    parser.add_argument("--real-only", action="store_true", help="only the real-corpus relevance")
    args = parser.parse_args()
    total = 10_000 if args.quick else args.passages
    rng = random.Random(20260501)
    with tempfile.TemporaryDirectory(prefix="coi-bench-") as tmp:
        setup(Path(tmp))
        if not args.real_only:
            run(total=total, rng=rng, queries=60 if args.quick else 200, pool=min(args.pool, total))
        real_relevance()


def real_relevance() -> None:
    """nDCG@10 on real report text: plain BM25 against the library's keyword (and hybrid) search."""
    from article3.accounts.models import Organisation
    from article3.coi import semantic
    from article3.coi.selectors import passage_search
    from tests.coi import relevance as real

    data = real.corpus()
    if isinstance(data, str):
        print(f"Real corpus: not measured. {data}")
        return
    org = Organisation.objects.create(slug="real", name="Real corpus")
    ids = real.library_load(org, data)
    modes = ["keyword"] + (["hybrid"] if semantic.available() else [])
    print(f"Relevance on real report text: {len(data.passages)} passages, {len(data.queries)} graded questions")
    for by_country in (True, False):
        where = "within the question's country" if by_country else "over the whole library"
        plain, plain_recall = real.scores(data, ids, real.baseline_system(data, ids, by_country=by_country))
        print(f"  {where}:\n    {'plain BM25':14} nDCG@10 {plain:.3f}  recall@10 {plain_recall:.3f}")
        for mode in modes:
            def system(query: str, country: str, mode: str = mode, by_country: bool = by_country) -> list[int]:
                hits = passage_search(user="bench", organisation=org, query=query, limit=10, mode=mode,
                                      country=country if by_country else "")
                return [hit.passage.pk for hit in hits]

            ours, ours_recall = real.scores(data, ids, system)
            met = "met" if ours >= 1.10 * plain else "NOT met"
            print(f"    {mode:14} nDCG@10 {ours:.3f}  recall@10 {ours_recall:.3f}  "
                  f"({ours / plain - 1:+.0%} on plain BM25; target +10%: {met})")


def run(*, total: int, rng: random.Random, queries: int, pool: int) -> None:
    from django.db import connection

    from article3.accounts.models import Organisation
    from article3.coi import semantic
    from article3.coi.models import Passage
    from article3.coi.selectors import passage_search

    org = Organisation.objects.create(slug="bench", name="Benchmark")
    other = Organisation.objects.create(slug="other", name="Other")
    print(f"Database: {connection.vendor}; semantic extra: {'installed' if semantic.available() else 'absent'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    ids, embedding = build_library(org, total, rng, pool=pool)
    build_library(other, 1_000, random.Random(1), pool=100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum (PostgreSQL) or `PRAGMA optimize` would after a bulk load
    print(f"Built {Passage.objects.filter(report__organisation=org).count():,} passages ({pool:,} distinct "
          f"synthetic texts) in {time.perf_counter() - started:.1f} s"
          + (f", of which {embedding:.1f} s embedding the distinct texts" if semantic.available() else ""))

    def search(mode: str) -> Callable[[str], list[int]]:
        def go(query: str) -> list[int]:
            hits = passage_search(user="bench", organisation=org, query=query, limit=10, mode=mode)
            return [h.passage.pk for h in hits]
        return go

    modes = ["keyword"] + (["hybrid"] if semantic.available() else [])
    sample = latency_queries(rng, queries)
    for mode in modes:
        search(mode)(sample[0])  # warm caches (and the model)
        report_latency(f"{mode} search, {len(sample)} queries", timed(search(mode), sample),
                       50 if mode == "keyword" else None)
    report_latency("keyword + country + since filters", timed(
        lambda q: passage_search(user="bench", organisation=org, query=q, country="CM",
                                 since=datetime.date(2021, 1, 1), limit=10), sample))

    docs = dict(Passage.objects.filter(report__organisation=org).values_list("pk", "text"))
    started = time.perf_counter()
    baseline = BM25(docs)
    print(f"Baseline BM25 index built in {time.perf_counter() - started:.1f} s")
    report_latency("baseline BM25 (in memory, no database)", timed(baseline.search, sample))
    relevance(ids, {"baseline BM25": baseline.search, **{mode: search(mode) for mode in modes}})

    with_vectors = semantic.available()
    pages, seconds = measure_import(org, reports=5, pages=10, rng=rng)
    print(f"Import: {pages} PDF pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s"
          f"{' (with embeddings)' if with_vectors else ''}")
    if with_vectors:
        os.environ["ARTICLE3_SEMANTIC"] = "0"
        semantic.available.cache_clear()
        pages, seconds = measure_import(org, reports=5, pages=10, rng=rng)
        print(f"Import without the semantic extra: {pages / seconds:.1f} pages/s")


def relevance(ids: dict[str, int], systems: dict[str, Callable[[str], list[int]]]) -> None:
    print(f"Relevance over {len(EVALUATION)} queries (graded: exact 2, paraphrase 1):")
    for name, system in systems.items():
        ndcgs, recalls = [], []
        for query, (relevant, partly, _) in EVALUATION.items():
            grades = {ids[t]: 2 for t in relevant} | {ids[t]: 1 for t in partly}
            ranked = system(query)
            ndcgs.append(ndcg(ranked, grades))
            recalls.append(recall(ranked, grades))
        print(f"  {name:14} nDCG@10 {statistics.mean(ndcgs):.3f}  recall@10 {statistics.mean(recalls):.3f}")


if __name__ == "__main__":
    main()
