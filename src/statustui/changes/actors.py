"""Who changed a status, as a person reads it (history, reports, the app's detail)."""


def actor_label(actor: str, actor_name: str | None) -> str:
    """How a person reads an actor: "you", "rule 'NAME'", "import", "api", "default"."""
    if actor == "person":
        return "you" if not actor_name else f"you ({actor_name})"
    if actor == "rule":
        return f"rule '{actor_name}'"
    return actor
