"""The CSV formula guard (OWASP) and its reverse: every text survives guard then unguard, and no guarded cell
starts with a character a spreadsheet evaluates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from statustui.import_export.cells import guard, unguard

# Texts built from the characters that matter, so quotes and formula starts meet often.
texts = st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", "1", " "])) | st.text()


@given(texts)
def test_unguard_reverses_guard_exactly(text: str) -> None:
    assert unguard(guard(text)) == text


@given(texts)
def test_a_guarded_cell_never_starts_a_formula(text: str) -> None:
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_examples() -> None:
    assert guard("+1 512 555 0123") == "'+1 512 555 0123"
    assert guard("'=x") == "''=x"  # already looks guarded: quoted again, so the import gives it back
    assert guard("'tis") == "'tis" and unguard("'tis") == "'tis"  # an ordinary apostrophe is text
    assert unguard("'@corp") == "@corp"
