"""`statustui score recompute` (the core is imported inside the command function: start-up time)."""

from __future__ import annotations

import argparse

from statustui.cli.common import Subparsers, add_command, add_group, open_service


def cmd_score_recompute(args: argparse.Namespace) -> int:
    from statustui.scoring.recompute import recompute_scores

    n = recompute_scores(open_service(args), rebase=args.rebase)
    print(f"{n:,} scores recomputed" + (" (score date moved to now)" if args.rebase else ""))
    return 0


def register(sub: Subparsers) -> None:
    sc = add_group(sub, "score", "the Smart Score")
    p = add_command(
        sc,
        "recompute",
        cmd_score_recompute,
        "rebuild every contact's Smart Score from its engagements, "
        "status and rule bonus (the same numbers the incremental updates give)",
    )
    p.add_argument(
        "--rebase",
        action="store_true",
        help="move the score date to now, so engagements older "
        "than score.recent_within count half from now on",
    )
