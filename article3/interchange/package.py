"""Reading a case package from a folder or a .zip: safe unpacking, then full validation."""

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from article3.interchange import schema
from article3.interchange.safezip import UnsafeArchive, open_safe_zip
from article3.interchange.schema import Invalid, PackageError

MANIFEST = "case.yaml"
MAX_MANIFEST_BYTES = 5 * 1024 * 1024


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
        try:
            with open_safe_zip(path) as archive:
                archive.extract_all(Path(tmp) / "package")
        except UnsafeArchive as exc:
            raise PackageError([f"{path.name}: {exc}"]) from exc
        yield _validated(_package_root(Path(tmp) / "package"))


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
        raw = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PackageError([f"{MANIFEST}: not valid YAML ({str(exc).splitlines()[0]})"]) from exc
    manifest = _shape(raw)
    problems = _references(manifest) + _elements(manifest) + _files(root, manifest)
    if problems:
        raise PackageError(problems)
    return Package(root=root, manifest=manifest)


def _shape(raw: Any) -> dict[str, Any]:
    from article3.rulepacks import pack_ids

    try:
        return schema.build(forums=pack_ids())(raw, "")
    except Invalid as exc:
        raise PackageError([str(exc).lstrip(".")]) from exc


def _ids(manifest: dict[str, Any]) -> tuple[dict[str, set[str]], list[str]]:
    by_section: dict[str, set[str]] = {}
    seen: set[str] = set()
    problems = []
    for section in ("people", "events", "domestic_remedies", "documents", "facts", "country_information"):
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
    for i, fact in enumerate(manifest.get("facts", [])):
        for j, support in enumerate(fact.get("support", [])):
            path = f"facts[{i}].support[{j}]"
            check(support.get("event"), "events", f"{path}.event")
            check(support.get("document"), "documents", f"{path}.document")
            check(support.get("country_information"), "country_information", f"{path}.country_information")
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
