"""Load a profile: YAML → JSON Schema → ``extends`` → strict models → meaning.

Every problem is collected (not only the first) as a :class:`~methodnet.errors.Problem`
with the file and line, then :class:`ProfileError` is raised with all of them. Checks
of meaning: expressions (unknown names with "did you mean", forbidden constructs),
duplicate indicator ids, ``extends`` cycles, target years outside the program, derived
indicators referring to missing ones, document kinds missing from the vocabulary (those of meaning
are in :mod:`methodnet.profile.checks`).

Hostile profiles are bounded: reading goes through :mod:`methodnet.io.yamlsafe` (size,
aliases, depth); ``extends`` names a profile id found in the profile folders — never a
path on disk, unless the caller opts in with ``extends_files=True``, and then only a
file inside the extending file's folder; a file that is not a profile is never quoted;
numbers are finite and within range, derived formulas use only what the engine
evaluates, so a profile that validates evaluates.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import TypeAdapter, ValidationError

from methodnet.errors import MethodnetError, Problem, ProblemReport
from methodnet.model.spec import TableRegistry
from methodnet.plugins.registry import IndicatorKind, PluginRegistry, RuleKind
from methodnet.profile.roadmap import roadmap_problems
from methodnet.profile.checks import MeaningChecks, did_you_mean
from methodnet.profile.model import BUILTIN_KINDS, Indicator, Profile, ProfileFile
from methodnet.profile.paths import PROFILE_DIR
from methodnet.limits import DEFAULT_LIMITS, Limits
from methodnet.profile.guards import check_numbers, is_profile_id
from methodnet.profile.schema_text import flatten_errors, jsonable, schema_hint, schema_message
from methodnet.profile.vocabularies import resolve_vocabularies
from methodnet.profile.yamlloc import Located, YamlError, load_located_file

SCHEMA_FILE = "profile.schema.json"

_INDICATOR = TypeAdapter(Indicator)


class ProfileError(MethodnetError):
    """A profile is invalid; ``report`` lists every problem with file and line."""

    def __init__(self, report: ProblemReport) -> None:
        self.report = report
        from methodnet.messages import counted

        super().__init__(f"профиль не загружен: {counted(report.error_count, 'error')}\n{report.format()}")


def profile_schema(plugins: PluginRegistry) -> dict[str, Any]:
    """The profile JSON Schema, with the params of every kind of the plugin registry.

    A plugin kind's params are checked with ``if kind == … then params: <its schema>``,
    so editors complete and check them like the core's fields.
    """
    schema = ProfileFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://methodnet.dev/schemas/profile.schema.json"
    conditions = []
    sections: tuple[tuple[str, Mapping[str, IndicatorKind | RuleKind]], ...] = (
        ("IndicatorEntry", plugins.indicator_kinds), ("RuleEntry", plugins.rule_kinds))
    for section, kinds in sections:
        for name, kind in sorted(kinds.items()):
            if kind.params is None:
                continue
            params = kind.params.model_json_schema()
            params.pop("title", None)
            schema["$defs"].update(params.pop("$defs", {}))
            conditions.append((section, {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                                         "then": {"properties": {"params": params}}}))
    for section in ("IndicatorEntry", "RuleEntry"):
        rules = [c for s, c in conditions if s == section]
        if rules:
            schema["$defs"][section]["allOf"] = rules
    return schema


def search_path(plugins: PluginRegistry) -> list[Path]:
    """Folders searched for profiles: ``METHODNET_PROFILES`` (``:``-separated), then the plugins' (core first)."""
    import os

    extra = [Path(p) for p in os.environ.get("METHODNET_PROFILES", "").split(os.pathsep) if p]
    folders = [folder for folder, _ in plugins.profile_folders]
    return [*extra, *folders] if folders else [*extra, PROFILE_DIR]


def available_profiles(search: list[Path] | None = None) -> dict[str, Path]:
    """Profile id → file, over the search path (later folders do not override earlier ones)."""
    found: dict[str, Path] = {}
    for folder in search or [PROFILE_DIR]:
        try:
            paths = sorted(p for p in Path(folder).glob("*.yaml") if p.is_file())
        except OSError:  # an unreadable folder in METHODNET_PROFILES
            continue
        for path in paths:
            found.setdefault(path.stem, path)
    return found


def _locate(ref: str | Path, search: list[Path]) -> Path | None:
    """The file the caller named: a path (top level only) or a profile id."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    return available_profiles(search).get(str(ref))


class _Loader(MeaningChecks):
    def __init__(self, registry: TableRegistry, search: list[Path], plugins: PluginRegistry,
                 limits: Limits = DEFAULT_LIMITS, extends_files: bool = False) -> None:
        self.registry = registry
        self.search = search
        self.plugins = plugins
        self.limits = limits
        self.extends_files = extends_files
        self.report = ProblemReport()
        self.validator = jsonschema.Draft202012Validator(profile_schema(plugins))

    def locate_parent(self, ref: Any, doc: Located) -> Path | None:
        """Where ``extends`` points: a profile id from the folders, or (opt-in) a sibling file.

        Anything else is reported without reading it: ``extends`` must never become a way
        to read, or quote, an arbitrary file on disk.
        """
        text = str(ref)
        if is_profile_id(text):
            found = available_profiles(self.search).get(text)
            if found is None:
                self.problem("profile_not_found", doc, ("extends",), text,
                             did_you_mean(text, list(available_profiles(self.search))) or
                             "известные профили: " + ", ".join(available_profiles(self.search)))
            return found
        if self.extends_files and doc.file and text.endswith((".yaml", ".yml")):
            folder = Path(doc.file).resolve().parent
            candidate = (folder / text).resolve()
            if candidate.parent == folder and candidate.is_file():
                return candidate
        self.problem("profile_forbidden_path", doc, ("extends",),
                     "extends: можно указать только id профиля из папок профилей, а не путь к файлу",
                     "напишите id (например, base); папки профилей задаёт METHODNET_PROFILES"
                     + ("" if self.extends_files else "; файл рядом с профилем — load_profile(..., extends_files=True)"))
        return None

    def problem(self, code: str, doc: Located | None, path: tuple = (), detail: str = "",
                hint: str | None = None, severity: str = "error") -> None:
        self.report.add(Problem(code, severity=severity,  # type: ignore[arg-type]
                                file=doc.file if doc else None, row=doc.line(path) if doc else None,
                                column="/".join(str(p) for p in path) or None, hint=hint,
                                params={"detail": detail}))

    # ------------------------------------------------------------------ files

    def read(self, ref: str | Path, chain: tuple[str, ...], doc: Located | None = None,
             path: Path | None = None) -> tuple[dict, Located] | None:
        path = path or _locate(ref, self.search)
        if path is None:
            known = ", ".join(available_profiles(self.search))
            self.problem("profile_not_found", doc, ("extends",) if doc else (), str(ref),
                         f"известные профили: {known}")
            return None
        try:
            located = load_located_file(path, self.limits)
        except YamlError as exc:
            code = exc.code if exc.code != "yaml_syntax" else "yaml_syntax"
            self.report.add(Problem(code, file=exc.file or str(path), row=exc.line,
                                    params={"detail": exc.message, **exc.params},
                                    hint="проверьте отступы, двоеточия и кавычки" if code == "yaml_syntax" else
                                    "сохраните файл в UTF-8" if code == "profile_encoding" else None))
            return None
        data = located.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            # Not a profile: say so without quoting anything from it (it may be any file).
            self.problem("profile_schema", located, (), "это не профиль: нужен словарь с ключом id",
                         "профиль — YAML-файл с ключами id, name, indicators (см. methodnet new-profile)")
            return None
        for path_key, what in check_numbers(data):
            self.problem("profile_range", located, path_key, what, "исправьте число")
        errors = [e for top in self.validator.iter_errors(jsonable(data)) for e in flatten_errors(top)]
        for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
            self.problem("profile_schema", located, tuple(error.absolute_path), schema_message(error),
                         schema_hint(error))
        if self.report.error_count:
            return None
        return data, located

    def load(self, ref: str | Path, chain: tuple[str, ...] = (),
             path: Path | None = None) -> tuple[dict, list[Located]] | None:
        """The merged data of a profile and the documents it came from (nearest first)."""
        read = self.read(ref, chain, path=path)
        if read is None:
            return None
        data, doc = read
        pid = data["id"]
        if pid in chain:
            cycle = " → ".join((*chain, pid))
            self.problem("extends_cycle", doc, ("extends",), cycle, "уберите extends из одного из профилей")
            return None
        parent_ref = data.get("extends")
        if not parent_ref:
            merged = copy.deepcopy(data)
            merged["_origin"] = {ind["id"]: (doc, ("indicators", i)) for i, ind in enumerate(data.get("indicators", []))}
            merged["_chain"] = [pid]
            return merged, [doc]
        parent_path = self.locate_parent(parent_ref, doc)
        parent = self.load(parent_ref, (*chain, pid), parent_path) if parent_path else None
        if parent is None:
            return None
        parent_data, docs = parent
        return self.merge(parent_data, data, doc), [doc, *docs]

    # ------------------------------------------------------------------ extends

    def merge(self, parent: dict, child: dict, doc: Located) -> dict:
        merged = {k: copy.deepcopy(v) for k, v in parent.items() if k not in ("indicators", "_origin", "_chain")}
        for key, value in child.items():
            if key in ("indicators", "extends", "$schema"):
                continue
            if key == "rules":  # rules add up along extends; the same id overrides the parent's
                own = {rule["id"]: rule for rule in value}
                merged["rules"] = [own.pop(r["id"], r) for r in parent.get("rules", [])] + list(own.values())
                continue
            if key in ("vocabularies", "parameters", "spravka") and isinstance(value, dict):
                base = merged.get(key) or {}
                merged[key] = {**base, **{k: ({**base.get(k, {}), **v} if isinstance(v, dict) and
                                              isinstance(base.get(k), dict) else v) for k, v in value.items()}}
            else:
                merged[key] = copy.deepcopy(value)
        library = {ind["id"]: ind for ind in parent.get("indicators", [])}
        origin = dict(parent.get("_origin", {}))
        indicators = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(child.get("indicators", [])):
            if entry["id"] in seen:
                self.problem("duplicate_indicator", doc, ("indicators", i, "id"), entry["id"],
                             f"показатель уже определён в элементе {seen[entry['id']]} этого списка")
                continue
            seen[entry["id"]] = i
            base_id = entry.get("from") or (entry["id"] if entry["id"] in library else None)
            if entry.get("from") and entry["from"] not in library:
                self.problem("missing_indicator", doc, ("indicators", i, "from"), entry["from"],
                             did_you_mean(entry["from"], list(library)))
                continue
            base = copy.deepcopy(library.get(base_id, {})) if base_id else {}
            # targets and sources belong to the act: an override replaces them whole
            combined = {**base, **{k: v for k, v in entry.items() if k != "from"}}
            indicators.append(combined)
            origin[entry["id"]] = (doc, ("indicators", i))
        if child.get("inherit_indicators"):
            listed = {ind["id"] for ind in indicators}
            indicators = [copy.deepcopy(ind) for ind in parent.get("indicators", []) if ind["id"] not in listed] \
                + indicators
        merged["indicators"] = indicators
        merged["_origin"] = origin
        merged["_chain"] = [child["id"], *parent.get("_chain", [])]
        merged["id"] = child["id"]
        return merged

    # ------------------------------------------------------------------ meaning

    def build(self, merged: dict, docs: list[Located]) -> Profile | None:
        origin = merged.pop("_origin")
        chain = merged.pop("_chain")
        merged.pop("extends", None)
        merged.pop("$schema", None)
        merged.pop("inherit_indicators", None)
        indicators: list[tuple[Indicator, Located, tuple]] = []
        seen: dict[str, tuple] = {}
        for raw in merged.get("indicators", []):
            doc, path = origin.get(raw["id"], (docs[0], ()))
            if raw["id"] in seen and seen[raw["id"]][0] is doc:
                self.problem("duplicate_indicator", doc, (*path, "id"), raw["id"], "у каждого показателя свой id")
                continue
            seen[raw["id"]] = (doc, path)
            try:
                indicators.append((_INDICATOR.validate_python(raw), doc, path))
            except ValidationError as exc:
                for error in exc.errors():
                    # pydantic puts the union's tag (the kind) in the path: not a key of the file
                    loc = tuple(p for p in error["loc"] if p not in (*BUILTIN_KINDS, "plugin"))
                    self.problem("profile_schema", doc, (*path, *loc), f"{raw['id']}: {error['msg']}",
                                 "проверьте поля показателя для его вида (kind)")
        name = merged.get("name") or merged["id"]
        vocabularies, synonyms, problems = resolve_vocabularies(merged.get("vocabularies") or {}, docs)
        merged["vocabularies"], merged["vocabulary_synonyms"] = vocabularies, synonyms
        for code, doc, path, detail, hint in problems:
            self.problem(code, doc, path, detail, hint)
        try:
            profile = Profile(**{k: v for k, v in merged.items() if k not in ("indicators", "name") and v is not None},
                              name=name, chain=chain, indicators=[i for i, _, _ in indicators],
                              file=docs[0].file)
        except ValidationError as exc:
            for error in exc.errors():
                self.problem("profile_schema", docs[0], tuple(error["loc"]), error["msg"])
            return None
        # expressions compare with the members the profile added (kind == "cnppm"), as its data will hold them
        self.registry = self.registry.extended(profile.extensions)
        self.check_meaning(profile, indicators)
        self.check_vocabularies(profile, docs[0])
        self.check_rules(profile, docs[0])
        for i, field, code, message, hint in roadmap_problems(profile):
            self.problem(code, docs[0], ("roadmap", i, field), message, hint)
        return profile


def load_profile(ref: str | Path, *, plugins: PluginRegistry, registry: TableRegistry | None = None,
                 search: list[Path] | None = None, limits: Limits | None = None,
                 extends_files: bool = False) -> Profile:
    """Load a profile by id (``seryshevo``) or path, resolving ``extends``; raise :class:`ProfileError`.

    ``plugins`` is the plugin registry whose kinds the profile may use and whose folders
    are searched (passed explicitly: ``dataset.plugins``, or the top layer's
    :func:`methodnet.plugins.load_registry`; :func:`methodnet.load_profile` defaults to it);
    ``registry`` the tables expressions are checked against (the plugins' tables by default). ``limits`` bound the YAML and the expressions;
    ``extends_files=True`` lets ``extends`` name a ``.yaml`` file in the extending
    file's own folder (by default only profile ids from the profile folders).
    """
    search = list(search or []) + search_path(plugins)
    if isinstance(ref, Path) or str(ref).endswith((".yaml", ".yml")):
        search = [Path(ref).parent, *search]
    loader = _Loader(registry or plugins.table_registry(), search, plugins, limits or DEFAULT_LIMITS, extends_files)
    loaded = loader.load(ref)
    profile = loader.build(*loaded) if loaded is not None and loader.report.valid else None
    if profile is None or not loader.report.valid:
        raise ProfileError(loader.report)
    return profile
