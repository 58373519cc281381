"""`statustui demo DIR --contacts N`: a realistic workspace to try the app and to benchmark.

A year of activity skewed like real lists: half the contacts never engage, most engage a few times, a few
engage thousands of times (about 10 engagements a contact on average). Rows go in through the driver's
bulk path with the engagement indexes built after the load.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from statustui.config import CONFIG_FILE
from statustui.scoring.points import engagement_points, score_date
from statustui.services import Service
from statustui.store.bulk import insert_rows
from statustui.store.models import Engagement
from statustui.workspace import WorkspaceError, init_workspace

FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Maria",
    "Ahmed",
    "Mei",
    "Yuki",
    "Olga",
    "Pierre",
    "Lucia",
    "Andrew",
    "Priya",
    "Diego",
    "Fatima",
    "Chen",
    "Sofia",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Ava",
    "Ethan",
    "Zoe",
    "Omar",
    "Hana",
    "Lars",
    "Ines",
    "Tomas",
    "Aisha",
    "Kofi",
    "Nina",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Nguyen",
    "Kim",
    "Patel",
    "Schmidt",
    "Rossi",
    "Dubois",
    "Novak",
    "Kowalski",
    "Tanaka",
    "Silva",
    "Okafor",
    "Haddad",
    "Berg",
    "Larsen",
    "Costa",
]
COMPANIES = [
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Acme",
    "Stark",
    "Wayne",
    "Soylent",
    "Vandelay",
    "Wonka",
    "Cyberdyne",
    "Tyrell",
    "Massive",
    "Dynamic",
    "Oscorp",
    "Aperture",
    "Pied_Piper",
    "Monarch",
    "Gringotts",
    "Duff",
    "Prestige",
    "Nakatomi",
    "Virtucon",
    "Gekko",
]
SOURCES = (
    "facebook_ads",
    "zillow",
    "website",
    "referral",
    "realtor.com",
    "open_house",
    "instagram",
    "google_ads",
    "webinar",
    "cold_call",
)
TAGS = ("vip", "newsletter", "buyer", "seller", "investor", "first_time", "relocating")
# (channel, kind, weight): what people actually do where.
ACTIONS: tuple[tuple[str | None, str, int], ...] = (
    ("facebook", "like", 20),
    ("facebook", "comment", 10),
    ("facebook", "share", 3),
    ("facebook", "message", 5),
    ("facebook_ads", "click", 10),
    ("facebook_ads", "comment", 4),
    ("facebook_ads", "like", 6),
    ("instagram", "like", 10),
    ("instagram", "comment", 4),
    ("instagram", "message", 2),
    ("email", "open", 25),
    ("email", "click", 8),
    ("email", "reply", 5),
    ("phone", "call", 4),
    ("sms", "reply", 3),
    ("sms", "message", 2),
    ("chat", "message", 3),
    ("website", "visit", 15),
    ("website", "form", 2),
    ("website", "signup", 1),
    ("website", "purchase", 1),
    ("phone", "meeting", 1),
    (None, "stage", 1),
    (None, "transaction", 1),
)
YEAR = 365 * 86400
CHUNK = 5000
CONTACT_COLUMNS = (
    "id",
    "name",
    "email",
    "phone",
    "company",
    "source",
    "status",
    "status_manual",
    "status_changed_at",
    "created_at",
    "score",
    "score_bonus",
    "unsubscribed",
    "last_engaged_at",
    "engagement_count",
)
Progress = Callable[[str, int, int], None]


DEMO_CONTACTS = 5000


def demo_workspace() -> Path:
    """The demo workspace in the user data folder, built on first use (`statustui --demo`)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    path = base / "statustui" / "demo"
    if not (path / CONFIG_FILE).exists() or _is_empty(path):
        build_demo(path, DEMO_CONTACTS)
    return path


def _is_empty(path: Path) -> bool:
    service = Service.open(path)
    try:
        return service.contact_count() == 0
    finally:
        service.close()


def build_demo(
    directory: str | Path,
    contacts: int = 2000,
    preset: str = "leadklozer",
    seed: int = 7,
    now: int | None = None,
    progress: Progress | None = None,
    database_url: str | None = None,
) -> Path:
    """Create (or fill an empty) workspace at `directory` with `contacts` contacts and their activity."""
    path = Path(directory)
    if not (path / CONFIG_FILE).exists():
        init_workspace(path, preset)
    service = Service.open(path, database_url, now=now)
    try:
        if service.contact_count():
            raise WorkspaceError(f"{path} already has contacts; the demo fills only an empty workspace")
        _fill(service, contacts, random.Random(seed), progress or (lambda _what, _done, _total: None))
    finally:
        service.close()
    return path


def _fill(service: Any, n: int, rng: random.Random, progress: Progress) -> None:
    db = service.db
    config = service.config
    now = service.now()
    statuses = [s for s in config.statuses if s.assignable]
    default = config.default_status.name
    vocab_stages = config.vocabulary.stages or ("free_trial",)
    actions = [
        a
        for a in ACTIONS
        if a[1] in config.vocabulary.kinds and (a[0] is None or a[0] in config.vocabulary.channels)
    ]
    action_weights = [w for _, _, w in actions]
    status_points = {s.name: config.score.status_points.get(s.key, 0) for s in config.statuses}
    as_of = score_date(now)
    unsubscribing = {s.name for s in config.statuses if s.unsubscribes}
    # The status contacts pass through on their way (NEW in leadklozer), and the one they cool off from.
    passing = next((s.name for s in statuses if s.type == "open" and s.name != default), default)
    hottest = max(statuses, key=lambda s: status_points.get(s.name, 0)).name

    contacts: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    tags: list[tuple[int, str]] = []
    fields: list[tuple[int, str, str, float]] = []

    def add_contact(cid: int) -> None:
        created = now - int(rng.random() * YEAR)
        count = 0 if rng.random() < 0.5 else min(5000, int(rng.paretovariate(1.15) * 4))
        last = 0
        score = 0
        chosen = rng.choices(actions, action_weights, k=count) if count else ()
        span = max(1, now - created)
        for channel, kind, _ in chosen:
            at = created + int(span * rng.random() ** 0.6)  # activity leans to recent times
            value = None
            if kind == "stage":
                value = rng.choice(vocab_stages)
            elif kind == "transaction":
                value = rng.choice(("opened", "closed"))
            elif kind == "reply":
                value = rng.choice((None, None, "interested", "question", "not_interested"))
            last = max(last, at)
            score += engagement_points(config, channel, kind, at, as_of)
            events.append((cid, channel, kind, at, value, None))
        status = _pick_status(rng, statuses, default, count, last, now)
        path = _status_path(rng, default, status, passing, hottest, created, last)
        by_person = False
        for at, old, new in path:
            by_person = old is not None and rng.random() < 0.4
            actor = "default" if old is None else "person" if by_person else "rule"
            history.append((cid, at, old, new, actor, "Demo history" if actor == "rule" else None, by_person))
        first, lastname = rng.choice(FIRST), rng.choice(LAST)
        contacts.append(
            (
                cid,
                f"{first} {lastname}",
                f"{first}.{lastname}.{cid}@example.com".lower(),
                f"+1-555-{rng.randrange(1000000):07d}" if rng.random() < 0.7 else None,
                rng.choice(COMPANIES).replace("_", " ") if rng.random() < 0.6 else None,
                rng.choice(SOURCES),
                status,
                by_person,
                path[-1][0],
                created,
                score + status_points.get(status, 0),
                0,
                status in unsubscribing,
                last,
                count,
            )
        )
        if rng.random() < 0.25:
            tags.append((cid, rng.choice(TAGS)))
        if rng.random() < 0.3:
            budget = rng.randrange(100, 2000) * 1000
            fields.append((cid, "budget", str(budget), float(budget)))

    with db.atomic():
        index_names = _drop_engagement_indexes(db)
        # Chunk by chunk, contacts before their engagements and history (PostgreSQL checks the references).
        for start in range(1, n + 1, CHUNK):
            for cid in range(start, min(n, start + CHUNK - 1) + 1):
                add_contact(cid)
            insert_rows(db, "contact", CONTACT_COLUMNS, contacts)
            insert_rows(
                db, "engagement", ("contact_id", "channel", "kind", "occurred_at", "value", "text"), events
            )
            insert_rows(
                db,
                "status_history",
                ("contact_id", "at", "old_status", "new_status", "actor", "actor_name", "manual"),
                history,
            )
            insert_rows(db, "contact_tag", ("contact_id", "tag"), tags)
            insert_rows(db, "contact_field", ("contact_id", "name", "value", "number"), fields)
            for rows in (contacts, events, history, tags, fields):
                rows.clear()
            progress("contacts", min(n, start + CHUNK - 1), n)
        progress("indexes", 0, 1)
        db.create_tables([Engagement], safe=True)  # puts the indexes back
        progress("indexes", 1, 1)
    if index_names:
        db.execute_sql("ANALYZE")


def _drop_engagement_indexes(db: Any) -> list[str]:
    """Loading 10M rows and then indexing is several times faster than keeping the indexes current."""
    names = [ix.name for ix in db.get_indexes("engagement") if not ix.name.endswith("_pkey")]
    for name in names:
        db.execute_sql(f'DROP INDEX "{name}"')
    return names


def _status_path(
    rng: random.Random, default: str, status: str, passing: str, hottest: str, created: int, last: int
) -> list[tuple[int, str | None, str]]:
    """(time, old, new) steps from the default to `status`: some pass through a status first (a lead that was
    NEW before it settled; one that was hot and cooled off), so history searches find real stories."""
    path: list[tuple[int, str | None, str]] = [(created, None, default)]
    end = max(created, last or created)
    via = passing if status == default else hottest
    if last and end > created and via not in (status, default) and rng.random() < 0.35:
        middle = created + int((end - created) * rng.random())
        path.append((middle, default, via))
        path.append((end, via, status))
    elif status != default:
        path.append((end, default, status))
    return path


def _pick_status(
    rng: random.Random, statuses: list[Any], default: str, count: int, last: int, now: int
) -> str:
    """Busy, recent contacts lean to the warmer statuses (earlier in a preset's list of open statuses)."""
    if rng.random() < 0.55:
        return default
    open_ = [s.name for s in statuses if s.type == "open"]
    others = [s.name for s in statuses if s.type != "open"]
    if count and now - last < 30 * 86400 and open_:
        names = {s.upper() for s in open_}
        if "HOT" in names and rng.random() < 0.4:
            return next(s for s in open_ if s.upper() == "HOT")
        if "WARM" in names and rng.random() < 0.4:
            return next(s for s in open_ if s.upper() == "WARM")
        return rng.choice(open_)
    return rng.choice(others or open_)
