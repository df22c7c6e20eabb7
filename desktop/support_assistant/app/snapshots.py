"""Copies of core objects that a worker thread may use while the user keeps working.

Core calls that add items (collectors, attaching a file) append to
``report.items``; run on a worker against the live report, they would change the
list under the item list model. They run against :func:`detached` instead (same
session folder, a copy of the item list), and the window adds the new items on
the main thread.
"""

from __future__ import annotations

import dataclasses

from ..core.items import Item
from ..core.report import Report


def snapshot(item: Item) -> Item:
    """A copy of ``item`` with its own lists, for reading on a worker thread."""
    return dataclasses.replace(item, findings=list(item.findings), released=set(item.released),
                               pending=set(item.pending),
                               user_redactions=list(item.user_redactions),
                               metadata=dict(item.metadata))


def detached(report: Report) -> Report:
    """The same report (folder, id) with its own item list, for a worker to add to."""
    return dataclasses.replace(report, items=list(report.items))


def new_items(detached_report: Report, report: Report) -> list[Item]:
    """The items a worker added to ``detached_report``."""
    known = {id(i) for i in report.items}
    return [i for i in detached_report.items if id(i) not in known]
