"""`statustui rules list|check|run [--dry-run]|explain EMAIL|test` (the core is imported inside the command
functions: start-up time)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from statustui.cli.common import Subparsers, UsageError, add_command, add_group, open_service

if TYPE_CHECKING:
    from statustui.rules.schedule import ScheduleReport
    from statustui.rules.scheduler import Turn
    from statustui.services import Service


def cmd_rules_list(args: argparse.Namespace) -> int:
    from statustui.rules.runtime import rule_set
    from statustui.rules.triggers import describe_trigger

    service = open_service(args)
    rules = rule_set(service)
    if not rules.files:
        print(f"no rule files in {service.workspace.rules_dir}")
        return 0
    for rule in rules.rules:
        flag = "  (override manual)" if rule.override_manual else ""
        print(f"{rule.file}:{rule.line}  {rule.name}  [{describe_trigger(rule.trigger)}]{flag}")
    if not rules.ok:
        print(rules.stopped_message, file=sys.stderr)
        return 1
    return 0


def cmd_rules_check(args: argparse.Namespace) -> int:
    from statustui.rules.runtime import rule_set

    rules = rule_set(open_service(args))
    for problem in rules.problems:
        print(problem, file=sys.stderr)
    if not rules.ok:
        print(rules.stopped_message, file=sys.stderr)
        return 1
    print(f"{len(rules.rules)} rules in {len(rules.files)} files: all valid")
    return 0


def cmd_rules_run(args: argparse.Namespace) -> int:
    from statustui.rules.runtime import run_rules
    from statustui.rules.scheduler import run_turn

    service = open_service(args)
    if args.pending:
        return _run_pending(service, args)
    if args.schedule:
        if args.dry_run:
            raise UsageError("--schedule runs this turn's rules for real; for a dry run leave --schedule out")
        turn = run_turn(service, yes=args.yes)
        if turn.ran_at is not None and turn.report is not None:
            _print_report(turn.report)
        print(turn.message, file=sys.stderr if turn.report and turn.report.capped else sys.stdout)
        return 1 if turn.report is not None and (turn.report.capped or turn.report.errors) else 0
    report = run_rules(service, dry_run=args.dry_run, yes=args.yes)
    if report.capped is not None:
        print(report.cap_message, file=sys.stderr)
        return 1
    return _print_report(report)


def _run_pending(service: Service, args: argparse.Namespace) -> int:
    from statustui.rules.pending import apply_pending

    if args.schedule or args.dry_run:
        raise UsageError("--pending runs the engagement rules on pending engagements; give it alone")
    result = apply_pending(service)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if not result.ingested:
        print("no pending engagements")
    else:
        print(
            f"engagement rules on {result.ingested} pending engagements: {result.status_changes} status changes"
            + (" (undo: statustui undo)" if result.batch_id else "")
        )
    return 1 if result.errors else 0


def _print_report(report: ScheduleReport) -> int:
    if not report.runs:
        print("no `on schedule` rules to run")
        return 0
    for run in report.runs:
        print(f"{run.rule.name}: {run.matched} contacts match")
        for t in run.transitions:
            verb = "would change" if report.dry_run else "changed"
            print(f"  {t.count} {verb} from {t.old} to {t.new}, e.g. {', '.join(t.examples)}")
        if run.protected:
            print(f"  {run.protected} kept their status: set by a person (the rule has no `override manual`)")
        for line in run.other:
            print(f"  {line}")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if report.dry_run:
        print(f"dry run: {report.changed} status changes would be made; nothing was changed")
    else:
        print(f"{report.changed} status changes" + (" (undo: statustui undo)" if report.batch_id else ""))
    return 1 if report.errors else 0


def cmd_rules_watch(args: argparse.Namespace) -> int:
    import time

    from statustui.rules.scheduler import watch
    from statustui.timeutil import format_instant

    service = open_service(args)
    tz = service.config.tz
    print(f"running the schedule rules every {service.config.rules.schedule_every}; ctrl+c stops", flush=True)

    def report(turn: Turn) -> None:
        print(f"{format_instant(service.now(), tz)}  {turn.message}", flush=True)
        if turn.report is not None:
            for error in turn.report.errors:
                print(f"error: {error}", file=sys.stderr, flush=True)

    try:
        watch(service, report, time.sleep, lambda: int(time.time()))
    except KeyboardInterrupt:
        print("stopped")
    return 0


def cmd_rules_explain(args: argparse.Namespace) -> int:
    from statustui.rules.explain import explain_contact

    service = open_service(args)
    for line in explain_contact(service, service.find_contact(args.email)):
        print(line)
    return 0


def cmd_rules_test(args: argparse.Namespace) -> int:
    from statustui.rules.scenarios import run_scenarios
    from statustui.services import Service
    from statustui.workspace import open_workspace

    workspace = open_workspace(args.workspace, args.database)
    results = run_scenarios(workspace, Service)
    if not results:
        print(f"no scenario files (*.scenario.toml) in {workspace.rules_dir}")
        return 0
    for r in results:
        print(f"{'ok  ' if r.passed else 'FAIL'}  {r.file}  {r.description}")
        for failure in r.failures:
            print(f"      {failure}")
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def register(sub: Subparsers) -> None:
    ru = add_group(sub, "rules", "check, run, explain and test the workspace's rule files (rules/*.rules)")
    add_command(ru, "list", cmd_rules_list, "the rules in the order they run")
    add_command(ru, "check", cmd_rules_check, "report every error in the rule files (FILE:LINE:COL)")
    p = add_command(
        ru, "run", cmd_rules_run, "run the `on schedule` rules now (set-based, one batch for undo)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print per rule how many contacts would change from what to what; change nothing",
    )
    p.add_argument(
        "--schedule",
        action="store_true",
        help="run this schedule turn (rules.schedule_every) unless another statustui ran it: for cron or a "
        "systemd timer (docs/rules.md)",
    )
    p.add_argument(
        "--pending",
        action="store_true",
        help="apply the engagement rules to the engagements imported --without-rules, in time order",
    )
    p.add_argument(
        "--yes", action="store_true", help="let a run through that makes more than rules.max_changes changes"
    )
    add_command(
        ru,
        "watch",
        cmd_rules_watch,
        "run the `on schedule` rules every rules.schedule_every in the foreground (a server without the app)",
    )
    p = add_command(
        ru, "explain", cmd_rules_explain, "why a contact has its status, and which rules match it now"
    )
    p.add_argument("email")
    add_command(
        ru, "test", cmd_rules_test, "replay the scenario files beside the rules on a throwaway workspace"
    )
