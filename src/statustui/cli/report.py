"""`statustui report` (the core is imported inside the command function: start-up time)."""

from __future__ import annotations

import argparse
import shutil

from statustui.cli.common import Subparsers, UsageError, add_command, open_service


def cmd_report(args: argparse.Namespace) -> int:
    from statustui.reports.charts import render_plain, report_charts
    from statustui.reports.queries import build_report
    from statustui.timeutil import TimeError, parse_instant

    service = open_service(args)
    try:
        since = parse_instant(args.since, service.config.tz) if args.since else None
    except TimeError as e:
        raise UsageError(f"--since: {e}") from None
    width = min(shutil.get_terminal_size((80, 24)).columns, 120)
    print(render_plain(report_charts(build_report(service, since), service.config, width)), end="")
    return 0


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "report",
        cmd_report,
        "contacts per status, changes per week, funnel, time in status, who "
        "changed statuses (charts from the status history)",
    )
    p.add_argument("--since", metavar="DATE", help="only changes since DATE (ISO 8601, workspace time zone)")
