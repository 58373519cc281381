"""Rewriting the rule files and saved searches that name a status when it is renamed, merged or deleted.

Edits are made token by token at the positions the parser gives each status name, so comments, layout and
every other rule stay byte for byte. A file that does not parse cannot be rewritten safely: the whole
status change is refused and the file named. Nothing is written here; `write_rewrites` stages the files
for the caller to put in place once its database change has committed.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import tomli_w

from statustui.config import WorkspaceConfig, name_key
from statustui.language import LanguageError, ast, parse_query, parse_rules
from statustui.rules.loader import rule_files
from statustui.rules.scenarios import scenario_files

_BARE = re.compile(r"[^\W\d]\w*")
# A scenario's `status = "..."` (a contact's or an expectation's) and `set_status = "..."`, one TOML string.
_SCENARIO_STATUS = re.compile(r"""\b((?:set_)?status\s*=\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*')""")


class RewriteError(Exception):
    """A rule file or saved search cannot be rewritten; the status change is refused."""


@dataclass(frozen=True)
class FileRewrite:
    path: Path
    before: str
    after: str

    def diff(self) -> str:
        name = self.path.name
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )


@dataclass(frozen=True)
class StatusEdit:
    """What happens to the references of status `old` (a configured name): renamed to `new`, or dropped
    (`new` None, a deleted status) where a list can lose it; a merge renames and drops a duplicate."""

    old: str
    new: str | None


def status_references(node: object) -> Iterator[tuple[ast.Text, ast.InList | ast.StatusWas | None]]:
    """Every status name in a query or rule, with the list it is an item of (None when it stands alone)."""
    if isinstance(node, ast.Compare) and node.field == ast.Field("status") and node.op in ("=", "!="):
        if isinstance(node.value, ast.Text):
            yield node.value, None
        return
    if isinstance(node, ast.InList) and node.field == ast.Field("status"):
        yield from ((v, node) for v in node.values if isinstance(v, ast.Text))
        return
    if isinstance(node, ast.StatusWas):
        yield from ((v, node if len(node.statuses) > 1 else None) for v in node.statuses)
    elif isinstance(node, ast.StatusChanged | ast.OnStatusChange):
        yield from ((v, None) for v in (node.from_status, node.to_status) if v is not None)
    elif isinstance(node, ast.SetStatus):
        yield node.status, None
    elif isinstance(node, tuple):
        for item in node:
            yield from status_references(item)
    elif is_dataclass(node):
        for f in fields(node):
            yield from status_references(getattr(node, f.name))


def rewrite_text(text: str, tree: object, edit: StatusEdit, config: WorkspaceConfig, where: str) -> str:
    """`text` with every reference to `edit.old` in `tree` (parsed from `text`) replaced or dropped."""
    starts = _line_starts(text)
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    for value, in_list in status_references(tree):
        if not _names(config, value.text, edit.old):
            continue
        start = starts[value.line - 1] + value.column - 1
        end = _token_end(text, start)
        items = _list_items(in_list)
        drop = in_list is not None and (
            edit.new is None or any(_names(config, v.text, edit.new) for v in items if v is not value)
        )
        if drop:
            spans.append(_drop_item(text, starts, items, value, where))
        elif edit.new is None:
            raise RewriteError(
                f"{where}:{value.line}:{value.column}: names status {edit.old!r}, which would no longer exist; "
                "edit that line first (or merge the status into another instead of deleting it)"
            )
        else:
            spans.append((start, end, _token(text[start:end], edit.new)))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def rule_file_rewrites(rules_dir: Path, config: WorkspaceConfig, edit: StatusEdit) -> list[FileRewrite]:
    """The rule files that change; refuses (RewriteError) when a rule file does not parse."""
    rewrites = []
    for path in rule_files(rules_dir):
        before = path.read_text(encoding="utf-8")
        try:
            rules = parse_rules(before, path.name)
        except LanguageError as e:
            raise RewriteError(
                f"{path.name} does not parse, so the status names in it cannot be rewritten: {e}\n"
                "fix the file (`statustui rules check`) and try again"
            ) from None
        after = rewrite_text(before, tuple(rules), edit, config, path.name)
        if after != before:
            parse_rules(after, path.name)  # the edit kept the file valid
            rewrites.append(FileRewrite(path, before, after))
    return rewrites


def scenario_rewrites(rules_dir: Path, config: WorkspaceConfig, edit: StatusEdit) -> list[FileRewrite]:
    """The scenario files (`rules test`) whose statuses change; a deleted status a scenario names refuses."""
    rewrites = []
    for path in scenario_files(rules_dir):
        before = path.read_text(encoding="utf-8")

        def rename(match: re.Match[str], path: Path = path) -> str:
            written = match.group(2)
            if not _names(config, tomllib.loads(f"v = {written}")["v"], edit.old):
                return match.group(0)
            if edit.new is None:
                line = match.string.count("\n", 0, match.start()) + 1
                raise RewriteError(
                    f"{path.name}:{line}: the scenario names status {edit.old!r}; edit it first"
                )
            if written[0] == "'" and "'" not in edit.new:
                return f"{match.group(1)}'{edit.new}'"
            return match.group(1) + tomli_w.dumps({"v": edit.new})[4:-1]

        after = _SCENARIO_STATUS.sub(rename, before)
        if after != before:
            rewrites.append(FileRewrite(path, before, after))
    return rewrites


def searches_rewrite(path: Path, config: WorkspaceConfig, edit: StatusEdit) -> FileRewrite | None:
    """searches.toml with each saved query that names the status rewritten in place (the rest of the file,
    comments included, unchanged); refuses when a saved query that names the status does not parse."""
    if not path.exists():
        return None
    before = path.read_text(encoding="utf-8")
    try:
        entries = tomllib.loads(before).get("search", [])
    except tomllib.TOMLDecodeError as e:
        raise RewriteError(f"{path.name} is not valid TOML ({e}); fix it and try again") from None
    after = before
    for entry in entries if isinstance(entries, list) else []:
        query = entry.get("query") if isinstance(entry, dict) else None
        if not isinstance(query, str):
            continue
        where = f"{path.name}, search {entry.get('name')!r}"
        try:
            tree = parse_query(query)
        except LanguageError:
            if edit.old.lower() in query.lower() or name_key(edit.old) in query.lower():
                raise RewriteError(f"{where}: the query does not parse, so it cannot be rewritten") from None
            continue
        new_query = rewrite_text(query, tree, edit, config, where)
        if new_query != query:
            after = _replace_toml_string(after, query, new_query, where)
    return FileRewrite(path, before, after) if after != before else None


def write_rewrites(rewrites: list[FileRewrite]) -> list[tuple[Path, Path]]:
    """Each new text in a temporary file beside its target; returns (temporary, target) pairs, for
    `os.replace` once the database change has committed (a failure before that leaves every file as it was)."""
    staged = []
    for r in rewrites:
        tmp = r.path.with_name(f".{r.path.name}.rename-tmp")
        tmp.write_text(r.after, encoding="utf-8")
        staged.append((tmp, r.path))
    return staged


def put_in_place(staged: list[tuple[Path, Path]]) -> None:
    for tmp, target in staged:
        os.replace(tmp, target)


def discard(staged: list[tuple[Path, Path]]) -> None:
    for tmp, _ in staged:
        tmp.unlink(missing_ok=True)


def _names(config: WorkspaceConfig, written: str, status: str) -> bool:
    found = config.status(written)
    return found is not None and found.name == status


def _list_items(node: ast.InList | ast.StatusWas | None) -> list[ast.Text]:
    if node is None:
        return []
    values = node.values if isinstance(node, ast.InList) else node.statuses
    return [v for v in values if isinstance(v, ast.Text)]


def _drop_item(
    text: str, starts: list[int], items: list[ast.Text], value: ast.Text, where: str
) -> tuple[int, int, str]:
    """The span that removes one item of `(A, B, C)` with its comma: up to the next item's start, or, for the
    last item, from the previous item's end."""
    if len(items) < 2:
        raise RewriteError(
            f"{where}:{value.line}:{value.column}: the list would be empty without {value.text!r}; "
            "edit that line first"
        )
    i = next(i for i, v in enumerate(items) if v is value)
    start = starts[value.line - 1] + value.column - 1
    if i + 1 < len(items):
        nxt = items[i + 1]
        return start, starts[nxt.line - 1] + nxt.column - 1, ""
    prev = items[i - 1]
    prev_start = starts[prev.line - 1] + prev.column - 1
    return _token_end(text, prev_start), _token_end(text, start), ""


def _token(written: str, new: str) -> str:
    """The new name in the old token's style: the key form (`hot_lead`) stays a key, a bare word stays bare
    when the new name is one word, a quoted name keeps its quote character."""
    if written[0] in "\"'":
        quote = written[0]
        return quote + new.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote
    if written == name_key(written) and written != written.upper() and _BARE.fullmatch(name_key(new)):
        return name_key(new)
    if _BARE.fullmatch(new):
        return new
    return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _token_end(text: str, start: int) -> int:
    quote = text[start]
    if quote in "\"'":
        i = start + 1
        while text[i] != quote:
            i += 2 if text[i] == "\\" else 1
        return i + 1
    match = _BARE.match(text, start)
    assert match is not None  # the parser put a name here
    return match.end()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _replace_toml_string(toml_text: str, old: str, new: str, where: str) -> str:
    """Replace the one `query = ...` string whose value is `old`, written as a basic or a literal string."""
    literals = [tomli_w.dumps({"q": old})[4:-1]]
    if "'" not in old and "\n" not in old:
        literals.append(f"'{old}'")
    for literal in literals:
        pattern = re.compile(r"(\bquery\s*=\s*)" + re.escape(literal))
        found = pattern.search(toml_text)
        if found:
            replacement = tomli_w.dumps({"q": new})[4:-1] if literal[0] == '"' or "'" in new else f"'{new}'"
            return toml_text[: found.end(1)] + replacement + toml_text[found.end() :]
    raise RewriteError(
        f"{where}: the query is written in a form this rewrite does not edit (a multi-line string?); "
        "write it on one line and try again"
    )
