"""Turn a partnership association's YAML facts into pages, feeds and calendars.

The hook entry file (``hooks/mkdocs_hooks.py``) adapts it to MkDocs' events; inside, only
``settings`` (declared with MkDocs' config options) and ``cli`` (which loads mkdocs.yml as MkDocs
does) know MkDocs, so the same code could feed another engine. Data flows one way:

    source (YAML with line numbers, field types, problems) -> model (typed, validated facts)
    -> pages (what each page shows) and outputs (feeds, calendars, open data, editor), put
    together by build
"""

import sys

# The hooks and the locked packages need 3.11 (pyproject.toml, requires-python). Checked here,
# before any module that would fail on an older Python with a traceback, as one plain line.
if sys.version_info < (3, 11):
    raise SystemExit(
        f"Partnerskapssajten behöver Python 3.11 eller nyare; det här är Python {sys.version.split()[0]} "
        f"({sys.executable}). Installera en nyare Python och skapa .venv med den igen (se README)."
    )
