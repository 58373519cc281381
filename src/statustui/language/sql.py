"""The SQL back end: a checked query -> one peewee expression over Contact, an order and a limit.

Every predicate is two-valued (never NULL), so `not X` is exactly the complement of `X`: text columns are read
as LOWER(COALESCE(col, '')), and facts in other tables are tested with IN / EXISTS, which are never NULL.
The form of a sub-table test depends on the purpose (measured, see docs/performance.md): `id IN (subquery)` counts
2.5-5x faster, a correlated EXISTS returns the first page in the score/recency order 30-50x faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard

from peewee import SQL, Case, ColumnBase, Expression, NodeList, Value, fn

from statustui.config import WorkspaceConfig
from statustui.language import ast
from statustui.language.check import TEXT_FIELDS, field_kind
from statustui.language.context import LanguageContext, frame_bounds, instant
from statustui.store.models import Contact, ContactField, ContactTag, Engagement, Note, StatusChange

Purpose = Literal["page", "count"]
OrderKey = tuple[str, ColumnBase, bool]
# The tables of a contact's facts, each with a `contact` foreign key.
_SubTable = type[ContactField] | type[ContactTag] | type[Engagement] | type[Note] | type[StatusChange]

DEFAULT_ORDER: list[OrderKey] = [("last_engaged", Contact.last_engaged_at, True), ("id", Contact.id, True)]
_TRUE = SQL("(1 = 1)")
_FALSE = SQL("(1 = 0)")
_COLUMNS: dict[str, ColumnBase] = {
    "name": Contact.name,
    "email": Contact.email,
    "phone": Contact.phone,
    "company": Contact.company,
    "source": Contact.source,
    "status": Contact.status,
    "score": Contact.score,
    "created": Contact.created_at,
    "last_engaged": Contact.last_engaged_at,
    "status_changed": Contact.status_changed_at,
}
_OPS = {"=": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


@dataclass
class CompiledQuery:
    where: ColumnBase | None  # None selects every contact
    order: list[OrderKey]  # (key name, NON-NULL expression, descending); ends with Contact.id
    limit: int | None


def compile_query(checked: ast.Query, ctx: LanguageContext, purpose: Purpose = "page") -> CompiledQuery:
    """SQL for a checked query: the WHERE for `purpose` ("page" or "count"), the order and the limit."""
    compiler = _Compiler(ctx, purpose)
    where = compiler.expr(checked.expr) if checked.expr is not None else None
    return CompiledQuery(where, order_keys(checked.order, ctx.config), checked.limit)


def order_keys(keys: tuple[ast.OrderKey, ...], config: WorkspaceConfig) -> list[OrderKey]:
    """The order: text keys as LOWER(COALESCE(col, '')) so both databases sort alike, statuses in their
    configured order (the pipeline, not the alphabet); it ends with the id."""
    if not keys:
        return list(DEFAULT_ORDER)
    order: list[OrderKey] = []
    for key in keys:
        column = _COLUMNS[key.field.name]
        if key.field.name == "status":
            names = config.status_names
            expr: ColumnBase = Case(Contact.status, [(name, i) for i, name in enumerate(names)], len(names))
        else:
            expr = _lower(column) if key.field.name in TEXT_FIELDS else column
        order.append((key.field.name, expr, key.descending))
    order.append(("id", Contact.id, keys[-1].descending))
    return order


def _lower(column: ColumnBase) -> ColumnBase:
    return fn.LOWER(fn.COALESCE(column, ""))


def _like(text: ColumnBase, needle: str) -> ColumnBase:
    """`text` contains `needle`: LIKE with the wildcards escaped, so `%` and `_` are plain characters."""
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return NodeList((text, SQL("LIKE"), Value(f"%{escaped}%"), SQL("ESCAPE '\\'")), parens=True)


def _frame(column: ColumnBase, frame: ast.TimeFrame, ctx: LanguageContext) -> ColumnBase:
    """`column` in the frame's half-open interval [low, high)."""
    low, high = frame_bounds(frame, ctx)
    parts: list[ColumnBase] = []
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column < high)
    return _combine(parts, "AND")


def _start_until_now(frame: ast.TimeFrame | None, ctx: LanguageContext) -> int:
    """Where a frame running until now starts (0 for any other frame)."""
    if frame is None or not frame.runs_until_now:
        return 0
    return frame_bounds(frame, ctx)[0] or 0


class _Compiler:
    def __init__(self, ctx: LanguageContext, purpose: Purpose) -> None:
        self.ctx = ctx
        self.purpose = purpose

    def rare_status(self, items: tuple[ast.Expr, ...]) -> bool:
        """A count whose conjunction names a status (`=` or `in`) that few contacts hold."""
        if self.purpose != "count":
            return False
        for item in items:
            restriction = ast.status_restriction(item)
            if restriction and not restriction[1] and self.ctx.few_with_status(restriction[0]):
                return True
        return False

    def has(self, model: _SubTable, condition: ColumnBase, recent: bool = False) -> ColumnBase:
        """The contact has a row in `model` (engagement, tag, field, history) meeting `condition`.

        `recent`: the condition holds only for rows of a recent window (history `within`/`after`), few rows
        read by the time index, so collecting their ids beats a per-contact test for pages too (the EXISTS
        page scans every contact when matches are rare: 12 s against 1 s at a million contacts)."""
        if self.purpose == "count" or recent:
            return Contact.id.in_(model.select(model.contact).where(condition))
        return fn.EXISTS(model.select(SQL("1")).where((model.contact == Contact.id) & condition))

    def expr(self, expr: ast.Expr) -> ColumnBase:
        match expr:
            case ast.And(items):
                # Restricted to a rare status, testing each of its few contacts beats collecting every id that
                # matches the other parts (measured: 16 ms against 115 ms for `status = NEW and engaged ...`).
                compiler = _Compiler(self.ctx, "page") if self.rare_status(items) else self
                excluded = _excluded_statuses(items)
                return _combine(
                    [
                        compiler.left_status(i) if _was_but_not_now(i, excluded) else compiler.expr(i)
                        for i in items
                    ],
                    "AND",
                )
            case ast.Or(items):
                return _combine([self.expr(i) for i in items], "OR")
            case ast.Not(ast.Engaged(None, None, frame, None)) if _start_until_now(frame, self.ctx) > 0:
                # `not engaged within D` / `this week` on the maintained column, served by its index (the same
                # contacts as NOT (last_engaged_at > 0 AND last_engaged_at >= t) when t > 0).
                return Contact.last_engaged_at < _start_until_now(frame, self.ctx)
            case ast.Not(inner):
                return ~self.expr(inner)
            case ast.Compare(field, op, value):
                return self.compare(field, op, value)
            case ast.InList(field, values, negated):
                test = self.in_list(field, values)
                return ~test if negated else test
            case ast.IsEmpty(field, negated):
                test = self.is_empty(field)
                return ~test if negated else test
            case ast.Between(field, low, high, negated):
                assert isinstance(low, ast.Number) and isinstance(
                    high, ast.Number
                )  # the checker allows numbers
                lo, hi = low.value, high.value
                if field.scope == "custom":
                    test = self.has(
                        ContactField,
                        (ContactField.name == field.name)
                        & (ContactField.number >= lo)
                        & (ContactField.number <= hi),
                    )
                else:
                    test = (Contact.score >= lo) & (Contact.score <= hi)
                return ~test if negated else test
            case ast.TimeCompare(field, frame):
                column = _COLUMNS[field.name]
                test = _frame(column, frame, self.ctx)
                return (Contact.last_engaged_at > 0) & test if field.name == "last_engaged" else test
            case ast.Tagged(tag):
                return self.has(ContactTag, ContactTag.tag == tag.text)
            case ast.Engaged():
                return self.engaged(expr)
            case ast.Reached(stage, frame):
                cond = (Engagement.kind == "stage") & (_lower(Engagement.value) == stage.text)
                if frame is not None:
                    cond = cond & _frame(Engagement.occurred_at, frame, self.ctx)
                return self.has(Engagement, cond)
            case ast.Top(percent):
                threshold = self.ctx.top_threshold(percent)
                return _FALSE if threshold is None else Contact.score >= threshold
            case ast.StatusWas(statuses, frame):
                return self.status_was([s.text for s in statuses], frame)
            case ast.StatusChanged(from_status, to_status, actor, frame):
                conds: list[ColumnBase] = [_TRUE]
                if from_status is not None:
                    conds.append(StatusChange.old_status == from_status.text)
                if to_status is not None:
                    conds.append(StatusChange.new_status == to_status.text)
                if actor is not None:
                    conds.append(StatusChange.actor == actor.kind)
                    if actor.name is not None:
                        conds.append(_lower(StatusChange.actor_name) == actor.name.lower())
                if frame is not None:
                    conds.append(_frame(StatusChange.at, frame, self.ctx))
                return self.has(StatusChange, _combine(conds, "AND"), recent=_runs_until_now(frame))
            case ast.StatusManual(negated):
                return Contact.status_manual == (not negated)
            case ast.Unsubscribed():
                return Contact.unsubscribed == True  # noqa: E712 - a SQL comparison, not a Python one
            case ast.Overdue():
                return self.overdue()
        raise TypeError(f"not an expression: {expr!r}")

    # -- comparisons ---------------------------------------------------------------------------------------
    def compare(self, field: ast.Field, op: str, value: ast.Value) -> ColumnBase:
        kind = field_kind(field)
        if op in ("!=", "!~"):  # the exact complement (the checker allows neither on times)
            return ~self.compare(field, "=" if op == "!=" else "~", value)
        if kind == "custom":
            return self.custom(field.name, op, value)
        if kind == "tag":
            assert isinstance(value, ast.Text)  # the checker compares tags with text only
            return self.has(ContactTag, ContactTag.tag == value.text)
        if kind == "note":  # a note containing the text (any note, for empty text)
            assert isinstance(value, ast.Text)  # the checker compares notes with text only
            return self.has(Note, _like(_lower(Note.text), value.text))
        column = _COLUMNS[field.name]
        if isinstance(value, ast.Number):
            return Expression(column, _OPS[op], value.value)
        if kind == "time":
            assert isinstance(value, ast.Duration | ast.Date)  # the checker compares times with these only
            test = Expression(column, _OPS[op], instant(value, self.ctx))
            return (Contact.last_engaged_at > 0) & test if field.name == "last_engaged" else test
        assert isinstance(value, ast.Text)
        if kind == "status":
            return column == value.text
        if op == "~":
            return _like(_lower(column), value.text)
        return _lower(column) == value.text.lower()

    def custom(self, name: str, op: str, value: ast.Value) -> ColumnBase:
        """`field.NAME op value` (op without negation): numbers against `number`, text against `value`.

        A contact without the field reads as empty text, so a test empty text passes is a NOT IN of the rows
        that fail it."""
        named = ContactField.name == name
        if isinstance(value, ast.Number):
            return self.has(ContactField, named & Expression(ContactField.number, _OPS[op], value.value))
        assert isinstance(value, ast.Text)
        text = _lower(ContactField.value)
        wanted = value.text.lower()
        if op == "~":
            return _TRUE if not wanted else self.has(ContactField, named & _like(text, wanted))
        if not wanted:
            return ~self.has(ContactField, named & (text != ""))
        return self.has(ContactField, named & (text == wanted))

    def in_list(self, field: ast.Field, values: tuple[ast.Value, ...]) -> ColumnBase:
        kind = field_kind(field)
        texts = [v.text for v in values if isinstance(v, ast.Text)]
        if kind == "tag":
            return self.has(ContactTag, ContactTag.tag.in_(texts))
        if kind == "status":
            return Contact.status.in_(texts)
        if kind == "text":
            return _lower(_COLUMNS[field.name]).in_([t.lower() for t in texts])
        return _combine([self.compare(field, "=", v) for v in values], "OR")

    def is_empty(self, field: ast.Field) -> ColumnBase:
        if field.scope == "custom":
            return ~self.has(
                ContactField, (ContactField.name == field.name) & (_lower(ContactField.value) != "")
            )
        if field.name == "tag":
            return ~self.has(ContactTag, _TRUE)
        if field.name == "note":
            return ~self.has(Note, _TRUE)
        if field.name == "last_engaged":
            return Contact.last_engaged_at == 0
        return fn.COALESCE(_COLUMNS[field.name], "") == ""

    # -- engagement, history, follow-up ----------------------------------------------------------------------
    def engaged(self, node: ast.Engaged) -> ColumnBase:
        channel, kind, frame, count = node.channel, node.kind, node.frame, node.count
        if node.latest_only:
            # The maintained latest-engagement column: 50 ms where NOT EXISTS takes 1.6 s (measured at 1M contacts).
            recent = Contact.last_engaged_at > 0
            return recent if frame is None else recent & _frame(Contact.last_engaged_at, frame, self.ctx)
        conds: list[ColumnBase] = [_TRUE]
        if channel is not None:
            conds.append(Engagement.channel == channel.text)
        if kind is not None:
            conds.append(Engagement.kind == kind.text)
        if frame is not None:
            conds.append(_frame(Engagement.occurred_at, frame, self.ctx))
        cond = _combine(conds, "AND")
        if count is None:
            return self.has(Engagement, cond)
        if count.op == "at_least" and count.n <= 0:
            return _TRUE
        if count.n == 0 or count.op == "at_most":  # "at most N" is "not more than N"
            if count.n == 0:
                return ~self.has(Engagement, cond)
            return ~self.counted(cond, ">", count.n)
        return self.counted(cond, ">=" if count.op == "at_least" else "=", count.n)

    def counted(self, cond: ColumnBase, op: str, n: int) -> ColumnBase:
        """The contact's number of engagements meeting `cond` compares `op n` (n >= 1)."""
        if self.purpose == "count":
            having = Expression(fn.COUNT(SQL("*")), op, n)
            return Contact.id.in_(
                Engagement.select(Engagement.contact).where(cond).group_by(Engagement.contact).having(having)
            )
        matches = Engagement.select(fn.COUNT(SQL("*"))).where((Engagement.contact == Contact.id) & cond)
        return Expression(matches, op, n)

    def status_was(self, statuses: list[str], frame: ast.TimeFrame | None) -> ColumnBase:
        """Held one of `statuses` at some moment in the frame (see evaluate.py's status_was for the cases)."""
        current = Contact.status.in_(statuses)
        touched = StatusChange.new_status.in_(statuses) | StatusChange.old_status.in_(statuses)
        if frame is None:
            return current | self.has(StatusChange, touched)
        low, high = frame_bounds(frame, self.ctx)
        if (
            high is None
        ):  # within, after, today, this ...: the frame runs until now, so the current status counts
            assert low is not None
            # Entered in the frame, or left at/after its start; the time test stands outside the OR so the
            # history's time index serves it.
            entered = StatusChange.new_status.in_(statuses) & _frame(StatusChange.at, frame, self.ctx)
            left = StatusChange.old_status.in_(statuses)
            return current | self.has(StatusChange, (StatusChange.at >= low) & (entered | left), recent=True)

        # before, between, on, yesterday, last ...: the frame ends before now.
        def ends_by(column: ColumnBase) -> ColumnBase:
            return column < high

        earlier = StatusChange.alias()
        no_change_before = ~fn.EXISTS(
            earlier.select(SQL("1")).where(
                (earlier.contact == StatusChange.contact)
                & (earlier.at < StatusChange.at)
                & (_TRUE if low is None else earlier.at >= low)
            )
        )
        held_across = StatusChange.old_status.in_(statuses) & ~ends_by(StatusChange.at) & no_change_before
        in_frame = touched & _frame(StatusChange.at, frame, self.ctx)
        return (
            (current & ends_by(Contact.status_changed_at))
            | self.has(StatusChange, in_frame)
            | (ends_by(Contact.created_at) & self.has(StatusChange, held_across))
        )

    def left_status(self, was: ast.StatusWas) -> ColumnBase:
        """`status was S within D` beside `status not in S`: not holding S now, the contact held it in the frame
        exactly when it left S in the frame (example 9, "leads that cooled off": 354 ms where the general
        form takes 2 s at a million contacts)."""
        assert was.frame is not None
        low = _start_until_now(was.frame, self.ctx)
        left = StatusChange.old_status.in_([s.text for s in was.statuses]) & (StatusChange.at >= low)
        return self.has(StatusChange, left, recent=True)

    def overdue(self) -> ColumnBase:
        """Past the contact's own follow-up goal, or (without one) its status's (scoring/followup.py)."""
        own = Contact.follow_up.is_null(False) & (Contact.last_engaged_at < self.ctx.now - Contact.follow_up)
        by_goal: dict[int, list[str]] = {}
        for status in self.ctx.config.statuses:
            goal = status.follow_up_seconds
            if goal is not None:
                by_goal.setdefault(goal, []).append(status.name)
        tests = [
            Contact.status.in_(names) & (Contact.last_engaged_at < self.ctx.now - goal)
            for goal, names in by_goal.items()
        ]
        return own | (Contact.follow_up.is_null(True) & _combine(tests, "OR")) if tests else own


def _excluded_statuses(items: tuple[ast.Expr, ...]) -> set[str]:
    """Statuses a conjunction rules out for the current status (`status != V`, `status not in (...)`)."""
    excluded: set[str] = set()
    for item in items:
        restriction = ast.status_restriction(item)
        if restriction and restriction[1]:
            excluded |= restriction[0]
    return excluded


def _was_but_not_now(item: ast.Expr, excluded: set[str]) -> TypeGuard[ast.StatusWas]:
    return (
        isinstance(item, ast.StatusWas)
        and _runs_until_now(item.frame)
        and {s.text for s in item.statuses} <= excluded
    )


def _runs_until_now(frame: ast.TimeFrame | None) -> bool:
    return frame is not None and frame.runs_until_now


def _combine(parts: Sequence[ColumnBase], op: Literal["AND", "OR"]) -> ColumnBase:
    """`(a AND b AND c)` flat: chained `&` nests one level per part, and SQLite's parser stack overflows at
    about 100 levels (100 conditions)."""
    if len(parts) == 1:
        return parts[0]
    return NodeList(list(parts), glue=f" {op} ", parens=True)
