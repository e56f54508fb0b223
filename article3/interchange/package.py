"""Reading a case package from a folder or a .zip: safe unpacking, then full validation."""

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from article3.errors import DomainError
from article3.interchange import handoff, schema
from article3.interchange.safezip import UnsafeArchive, open_safe_zip
from article3.interchange.schema import Invalid, PackageError

MANIFEST = "case.yaml"
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
# Every scalar, list and mapping counts; a large real case (thousands of events) stays far below.
MAX_MANIFEST_NODES = 200_000


class _ManifestLoader(yaml.SafeLoader):
    """Safe YAML without anchors or aliases, and with a cap on the number of nodes.

    Aliases let a few hundred bytes expand to billions of nodes (the "billion laughs"); a case
    manifest has no use for them, so they are refused outright rather than expanded.
    """

    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise PackageError([f"{MANIFEST} line {line}: YAML anchors and aliases (&name, *name) are not "
                                "allowed in a case package; write each value out in full"])
        self.nodes += 1
        if self.nodes > MAX_MANIFEST_NODES:
            raise PackageError([f"{MANIFEST}: more than {MAX_MANIFEST_NODES:,} values; "
                                "this is not a case manifest this system can read"])
        return super().compose_node(parent, index)


def manifest_load(text: str) -> Any:
    """Parse a manifest's text (PackageError for aliases or too many nodes)."""
    loader = _ManifestLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Package:
    root: Path
    manifest: dict[str, Any]

    def file(self, name: str) -> Path:
        return self.root / name


@contextlib.contextmanager
def package_open(path: Path) -> Iterator[Package]:
    """Open and validate a package; raise PackageError naming every problem found."""
    path = Path(path)
    if path.is_dir():
        yield _validated(path)
        return
    if not path.is_file():
        raise PackageError([f"{path}: no such folder or .zip file"])
    with tempfile.TemporaryDirectory(prefix="article3-package-") as tmp:
        if handoff.is_encrypted(path):
            path = _decrypted(path, Path(tmp))
        try:
            with open_safe_zip(path) as archive:
                archive.extract_all(Path(tmp) / "package")
        except UnsafeArchive as exc:
            raise PackageError([f"{path.name}: {exc}"]) from exc
        yield _validated(_package_root(Path(tmp) / "package"))


def _decrypted(path: Path, folder: Path) -> Path:
    from article3 import datadir

    plain = folder / "decrypted.zip"
    try:
        handoff.package_decrypt(encrypted=path, out=plain, instance_key=datadir.instance_key())
    except DomainError as exc:
        raise PackageError([str(exc)]) from exc
    return plain


def _package_root(folder: Path) -> Path:
    """The manifest may sit at the top of the zip or inside one top-level folder."""
    if (folder / MANIFEST).is_file():
        return folder
    children = [c for c in folder.iterdir() if c.is_dir()]
    if len(children) == 1 and (children[0] / MANIFEST).is_file():
        return children[0]
    return folder


def _validated(root: Path) -> Package:
    manifest_path = root / MANIFEST
    if not manifest_path.is_file() or manifest_path.is_symlink():
        raise PackageError([f"{MANIFEST}: not found in the package"])
    if manifest_path.stat().st_size > MAX_MANIFEST_BYTES:
        raise PackageError([f"{MANIFEST}: larger than {MAX_MANIFEST_BYTES // 1_048_576} MB"])
    try:
        raw = manifest_load(manifest_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PackageError([f"{MANIFEST}: not valid YAML ({str(exc).splitlines()[0]})"]) from exc
    manifest = _shape(raw)
    problems = _references(manifest) + _elements(manifest) + _files(root, manifest)
    if problems:
        raise PackageError(problems)
    return Package(root=root, manifest=manifest)


def _shape(raw: Any) -> dict[str, Any]:
    from article3.rulepacks import pack_ids

    version = 1 if isinstance(raw, dict) and raw.get("format") == schema.FORMATS[0] else 2
    try:
        return schema.build(forums=pack_ids(), version=version)(raw, "")
    except Invalid as exc:
        raise PackageError([str(exc).lstrip(".")]) from exc


def _ids(manifest: dict[str, Any]) -> tuple[dict[str, set[str]], list[str]]:
    by_section: dict[str, set[str]] = {}
    seen: set[str] = set()
    problems = []
    for section in ("people", "feared_agents", "events", "domestic_remedies", "documents", "facts",
                    "country_information", "decisions", "adverse_findings"):
        by_section[section] = set()
        for i, item in enumerate(manifest.get(section, [])):
            if item["id"] in seen:
                problems.append(f"{section}[{i}].id: '{item['id']}' is used twice in the package")
            seen.add(item["id"])
            by_section[section].add(item["id"])
    return by_section, problems


def _references(manifest: dict[str, Any]) -> list[str]:
    ids, problems = _ids(manifest)

    def check(value: str | None, section: str, path: str) -> None:
        if value is not None and value not in ids[section]:
            problems.append(f"{path}: no {section.rstrip('s').replace('_', ' ')} with id '{value}'")

    for i, event in enumerate(manifest.get("events", [])):
        for j, account in enumerate(event.get("accounts", [])):
            check(account["source"].get("document"), "documents", f"events[{i}].accounts[{j}].source.document")
    for i, remedy in enumerate(manifest.get("domestic_remedies", [])):
        for j, doc in enumerate(remedy.get("evidence", [])):
            check(doc, "documents", f"domestic_remedies[{i}].evidence[{j}]")
    for i, doc in enumerate(manifest.get("documents", [])):
        check(doc.get("translation"), "documents", f"documents[{i}].translation")
        check(doc.get("translates"), "documents", f"documents[{i}].translates")
        for j, finding in enumerate(doc.get("findings", [])):
            check(finding.get("event"), "events", f"documents[{i}].findings[{j}].event")
    for i, deadline in enumerate(manifest.get("deadlines", [])):
        check(deadline.get("decision"), "decisions", f"deadlines[{i}].decision")
    for i, finding in enumerate(manifest.get("adverse_findings", [])):
        check(finding.get("decision"), "documents", f"adverse_findings[{i}].decision")
    ids["citations"] = {c["id"] for r in manifest.get("country_information", [])
                        for c in r.get("citations", []) if "id" in c}
    for i, fact in enumerate(manifest.get("facts", [])):
        for j, support in enumerate(fact.get("support", [])):
            path = f"facts[{i}].support[{j}]"
            check(support.get("event"), "events", f"{path}.event")
            check(support.get("document"), "documents", f"{path}.document")
            check(support.get("country_information"), "country_information", f"{path}.country_information")
            check(support.get("citation"), "citations", f"{path}.citation")
    for i, doc in enumerate(manifest.get("exhibits", [])):
        check(doc, "documents", f"exhibits[{i}]")
    return problems


def _elements(manifest: dict[str, Any]) -> list[str]:
    from article3.rulepacks import load_pack

    known = {e.code for e in load_pack(manifest["case"]["forum"]).elements}
    problems = []
    places = [(f"facts[{i}]", f) for i, f in enumerate(manifest.get("facts", []))]
    places += [(f"country_information[{i}].citations[{j}]", c)
               for i, r in enumerate(manifest.get("country_information", []))
               for j, c in enumerate(r.get("citations", []))]
    for path, item in places:
        for k, code in enumerate(item.get("elements", [])):
            if code not in known:
                problems.append(f"{path}.elements[{k}]: '{code}' is not an element of {manifest['case']['forum']}")
    return problems


def _files(root: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    resolved_root = root.resolve()
    for section in ("documents", "country_information"):
        for i, item in enumerate(manifest.get(section, [])):
            name = item.get("file")
            if name is None:
                continue
            path = root / name
            if path.is_symlink() or not path.resolve().is_relative_to(resolved_root):
                problems.append(f"{section}[{i}].file: '{name}' points outside the package")
            elif not path.is_file():
                problems.append(f"{section}[{i}].file: no such file '{name}'")
    return problems
