"""Links in the content folder that would publish files from elsewhere on the build machine.

MkDocs copies every file under the docs folder into the site and follows symbolic links while it
does: a link ``content/miljo.txt -> /proc/self/environ`` would publish the build's environment
(CI secrets included), and a link to ``/`` would have it walk the whole disk. The folder is
walked here first, without following links, and every link that leads outside it, or to a folder
that contains it (a loop), is a problem to fix before MkDocs looks.
"""

from __future__ import annotations

import os
from pathlib import Path

from partnerskap.source.problems import Problem


def links_out_of(docs_dir: Path, shown: str) -> list[Problem]:
    """A problem for each link under ``docs_dir`` that points outside it or back up into it.

    ``shown`` is the folder as staff know it (``content``). A link inside the folder to another
    file in it is fine: it is the same file published twice.
    """
    root = docs_dir.resolve()
    problems = []
    for folder, subfolders, files in os.walk(docs_dir, followlinks=False):
        for name in sorted(subfolders + files):
            path = Path(folder, name)
            if not path.is_symlink():
                continue
            where = f"{shown}/{path.relative_to(docs_dir).as_posix()}"
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # a dangling link or a loop of links
                problems.append(Problem(where, 1, "är en länk som inte leder någonstans; ta bort den"))
                continue
            if not target.is_relative_to(root):
                problems.append(Problem(
                    where, 1,
                    f"är en länk till {target}, utanför {shown}/; webbplatsen skulle publicera den filen. "
                    f"Kopiera in filen i {shown}/ i stället för att länka till den",
                ))
            elif target.is_dir() and path.parent.resolve().is_relative_to(target):
                problems.append(Problem(where, 1, f"är en länk till en mapp som innehåller den själv ({target}); ta bort den"))
    return problems
