"""Turn a partnership association's YAML facts into pages, feeds and calendars.

Nothing in this package knows MkDocs: the hook entry file (``hooks/mkdocs_hooks.py``) adapts
it to MkDocs' events, so the same code could feed another engine. Data flows one way:

    source (YAML with line numbers, field types, problems) -> model (typed, validated facts)
    -> pages (what each page shows) and outputs (feeds, calendars, open data, editor), put
    together by build
"""

import sys

# The hooks and the locked packages need 3.11 (pyproject.toml, requires-python). Checked here,
# before any module that would fail on an older Python with a traceback, as one plain line.
if sys.version_info < (3, 11):
    raise SystemExit(
        f"Partnerskapssajten needs Python 3.11 or newer; this is Python {sys.version.split()[0]} "
        f"({sys.executable}). Install a newer Python and set up .venv with it again (see README)."
    )
