"""The one typed AST of the statustui language: queries (Smart Search) and rule files.

Every node is a frozen dataclass. `line`/`column` (1-based, 0 when built by hand) say where the node starts
in the text; they are keyword-only and excluded from equality, so `parse(format_query(q)) == q` compares
meaning, not layout. The parser produces names as written; `check_query` / `check_rules` return the same
tree with names resolved to their canonical form (a status's configured name, lower-case channel/kind/stage
and tag keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from statustui.durations import UNIT_SECONDS


@dataclass(frozen=True)
class Node:
    line: int = field(default=0, compare=False, kw_only=True, repr=False)
    column: int = field(default=0, compare=False, kw_only=True, repr=False)


# -- values -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text(Node):
    """A bare word (`zillow`, `HOT`) or a quoted string; `quoted` only matters for printing."""

    text: str
    quoted: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Number(Node):
    value: int | float


@dataclass(frozen=True)
class Duration(Node):
    """`14d`, `2 weeks`: the amount and the canonical unit (m, h, d, w, mo, y)."""

    amount: int | float
    unit: str

    @property
    def seconds(self) -> int:
        return int(self.amount * UNIT_SECONDS[self.unit])


@dataclass(frozen=True)
class Date(Node):
    """`2026-11-01`, `2026-11-01T09:30`, `today` or `yesterday`, in the workspace time zone."""

    text: str


Value = Text | Number | Duration | Date


# -- fields -------------------------------------------------------------------------------------------------

FieldScope = Literal["contact", "custom", "event"]


@dataclass(frozen=True)
class Field(Node):
    """`score` (scope contact), `field.budget` (custom; name lower case), `event.text` (event)."""

    name: str
    scope: FieldScope = "contact"


# -- time frames and counts ---------------------------------------------------------------------------------


FrameOp = Literal["within", "before", "after", "between", "on", "today", "yesterday", "this", "last"]


@dataclass(frozen=True)
class TimeFrame(Node):
    """`within D`, `before D|DATE`, `after D|DATE`, `between DATE and DATE` (`end` only for between), and the
    calendar frames `on DATE`, `today`, `yesterday`, `this UNIT`, `last UNIT` (`unit`: week, month, quarter,
    year). context.frame_bounds says which instants each covers."""

    op: FrameOp
    start: Duration | Date | None = None
    end: Duration | Date | None = None
    unit: str | None = None

    @property
    def runs_until_now(self) -> bool:
        """The frame has a start and no end: `within`, `after`, `today`, `this ...`."""
        return self.op in ("within", "after", "today", "this")


@dataclass(frozen=True)
class Count(Node):
    """`at least N times`, `at most N times`, `exactly N times` / `N times` (op "exactly")."""

    op: Literal["at_least", "at_most", "exactly"]
    n: int


# -- expressions --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class And(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not(Node):
    expr: Expr


CompareOp = Literal["=", "!=", "<", "<=", ">", ">=", "~", "!~"]


@dataclass(frozen=True)
class Compare(Node):
    """`FIELD OP VALUE`, e.g. `score >= 50`, `name ~ "smi"`, `tag = vip`."""

    field: Field
    op: CompareOp
    value: Value


@dataclass(frozen=True)
class InList(Node):
    """`FIELD [not] in (V, ...)`."""

    field: Field
    values: tuple[Value, ...]
    negated: bool = False


@dataclass(frozen=True)
class IsEmpty(Node):
    """`FIELD is [not] empty`: NULL and '' alike."""

    field: Field
    negated: bool = False


@dataclass(frozen=True)
class Between(Node):
    """`FIELD [not] between A and B` for numbers (inclusive)."""

    field: Field
    low: Value
    high: Value
    negated: bool = False


@dataclass(frozen=True)
class TimeCompare(Node):
    """`TIMEFIELD TIMEFRAME`: `created within 7d`, `last_engaged before 2026-01-01`."""

    field: Field
    frame: TimeFrame


@dataclass(frozen=True)
class Tagged(Node):
    """`tagged vip` (same meaning as `tag = vip`)."""

    tag: Text


@dataclass(frozen=True)
class Engaged(Node):
    """`engaged [CHANNEL] [KIND] [TIMEFRAME] [COUNT]`.

    A lone word is parsed into `channel`; the checker moves it to `kind` when it is a kind, not a channel.
    """

    channel: Text | None = None
    kind: Text | None = None
    frame: TimeFrame | None = None
    count: Count | None = None

    @property
    def latest_only(self) -> bool:
        """Decided by the latest engagement's time alone, which `contact.last_engaged_at` keeps: no channel,
        kind or count, and no frame or one running until now (`within`, `after`)."""
        return (
            self.channel is None
            and self.kind is None
            and self.count is None
            and (self.frame is None or self.frame.runs_until_now)
        )

    @property
    def counts_all(self) -> bool:
        """Counts every engagement (no channel, kind or frame), which `contact.engagement_count` keeps."""
        return self.channel is None and self.kind is None and self.frame is None


@dataclass(frozen=True)
class Reached(Node):
    """`reached STAGE [TIMEFRAME]`: a `stage` engagement whose value is STAGE."""

    stage: Text
    frame: TimeFrame | None = None


@dataclass(frozen=True)
class Top(Node):
    """`top N%`: score >= the top-N% threshold (store.ranking.top_threshold)."""

    percent: int | float


@dataclass(frozen=True)
class StatusWas(Node):
    """`status was V [FRAME]` / `status was in (V, ...) [FRAME]`: held one of them at a moment in the frame."""

    statuses: tuple[Text, ...]
    frame: TimeFrame | None = None
    in_list: bool = False  # written as `was in (...)`; printing only


@dataclass(frozen=True)
class Actor(Node):
    """`person`, `rule`, `rule "NAME"`, `import`, `api` (also `default` as recorded in history)."""

    kind: Literal["person", "rule", "import", "api", "default"]
    name: str | None = None


@dataclass(frozen=True)
class StatusChanged(Node):
    """`status changed [from V] [to V] [by ACTOR] [FRAME]`."""

    from_status: Text | None = None
    to_status: Text | None = None
    actor: Actor | None = None
    frame: TimeFrame | None = None


@dataclass(frozen=True)
class StatusManual(Node):
    """`status is [not] manual`."""

    negated: bool = False


@dataclass(frozen=True)
class Unsubscribed(Node):
    pass


@dataclass(frozen=True)
class Overdue(Node):
    pass


Expr = (
    And
    | Or
    | Not
    | Compare
    | InList
    | IsEmpty
    | Between
    | TimeCompare
    | Tagged
    | Engaged
    | Reached
    | Top
    | StatusWas
    | StatusChanged
    | StatusManual
    | Unsubscribed
    | Overdue
)


def status_restriction(expr: Expr) -> tuple[frozenset[str], bool] | None:
    """(statuses, negated) when `expr` tests the current status against names: `status = V`, `status != V`,
    `status [not] in (...)`, `not status = V`; None for anything else. The compiler and the rules engine
    use it to pick a faster form."""
    negated = False
    if isinstance(expr, Not) and isinstance(expr.expr, Compare):
        expr, negated = expr.expr, True
    if not isinstance(expr, Compare | InList) or expr.field != Field("status"):
        return None
    if isinstance(expr, Compare):
        if expr.op not in ("=", "!="):
            return None
        values: tuple[Value, ...] = (expr.value,)
        negated = negated != (expr.op == "!=")
    else:
        values, negated = expr.values, negated or expr.negated
    if not all(isinstance(v, Text) for v in values):
        return None
    return frozenset(v.text for v in values if isinstance(v, Text)), negated


# -- queries ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderKey(Node):
    field: Field
    descending: bool = False


@dataclass(frozen=True)
class Query(Node):
    """`[expr] [order by KEY [asc|desc], ...] [limit N]`; `expr` None selects everyone."""

    expr: Expr | None = None
    order: tuple[OrderKey, ...] = ()
    limit: int | None = None
    text: str = field(default="", compare=False, kw_only=True, repr=False)  # as typed, for error messages


# -- rule files ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnCreate(Node):
    pass


@dataclass(frozen=True)
class OnEngagement(Node):
    channel: Text | None = None
    kind: Text | None = None


@dataclass(frozen=True)
class OnStatusChange(Node):
    from_status: Text | None = None
    to_status: Text | None = None


@dataclass(frozen=True)
class OnSchedule(Node):
    pass


Trigger = OnCreate | OnEngagement | OnStatusChange | OnSchedule


@dataclass(frozen=True)
class SetStatus(Node):
    status: Text


@dataclass(frozen=True)
class AddTag(Node):
    tag: Text


@dataclass(frozen=True)
class RemoveTag(Node):
    tag: Text


@dataclass(frozen=True)
class Unsubscribe(Node):
    pass


@dataclass(frozen=True)
class Resubscribe(Node):
    pass


@dataclass(frozen=True)
class AddScore(Node):
    points: int


@dataclass(frozen=True)
class Stop(Node):
    pass


Action = SetStatus | AddTag | RemoveTag | Unsubscribe | Resubscribe | AddScore | Stop


@dataclass(frozen=True)
class Rule(Node):
    """One rule; `file` is the rule file's name (or None), `line` where `rule` is written."""

    name: str
    trigger: Trigger
    condition: Expr | None
    actions: tuple[Action, ...]
    override_manual: bool = False
    file: str | None = None
    text: str = field(
        default="", compare=False, kw_only=True, repr=False
    )  # the whole file, for error messages


@dataclass(frozen=True)
class RuleFile(Node):
    source: str
    rules: tuple[Rule, ...]
