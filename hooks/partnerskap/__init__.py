"""Turn a partnership association's YAML facts into pages, feeds and calendars.

Nothing in this package knows MkDocs: the hook entry file (``hooks/mkdocs_hooks.py``) adapts
it to MkDocs' events, so the same code could feed another engine. Data flows one way:

    sourcefile (YAML with line numbers) -> fields (checked values) -> *_file (validated model)
    -> directory / bodies / ... (page specs and feeds)
"""
