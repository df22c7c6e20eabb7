"""The error collector: the message, stack trace and context the calling product handed in.

The payload is UTF-8 text so the scanner sees every byte of it and the user
reviews it like a log; nothing about the error goes into the item's title or
metadata.
"""

from __future__ import annotations

from ..items import Item, ItemKind
from ..messages import msg, register
from ..report import ErrorInfo
from . import CollectContext, Collector, write_payload

register({
    "collect.error.title": "Error details",
    "collect.error.item_title": "Error reported by {product}",
    "collect.error.item_title_plain": "Reported error",
    "collect.error.message": "Message:",
    "collect.error.context": "Context:",
    "collect.error.trace": "Stack trace:",
})


def render(error: ErrorInfo) -> str:
    """The error as readable text: message, then context lines, then the stack trace."""
    parts = [msg("collect.error.message"), error.message.rstrip(), ""]
    if error.context:
        parts.append(msg("collect.error.context"))
        parts.extend(f"  {key}: {value}" for key, value in sorted(error.context.items()))
        parts.append("")
    if error.trace:
        parts.extend([msg("collect.error.trace"), error.trace.rstrip(), ""])
    return "\n".join(parts)


def collect(context: CollectContext) -> list[Item]:
    """One text item for the caller's error; none when no error was handed in."""
    error = context.error
    if error is None or not (error.message or error.trace or error.context):
        return []
    item_id = context.new_item_id("error")
    path = write_payload(context, item_id, ".txt", render(error).encode("utf-8"))
    title = (msg("collect.error.item_title", product=context.product) if context.product
             else msg("collect.error.item_title_plain"))
    return [Item.from_file(id=item_id, kind=ItemKind.TEXT, title=title, source="error",
                           payload=path, media_type="text/plain; charset=utf-8",
                           metadata={"filename": "error.txt"})]


COLLECTOR = Collector(
    name="error", title="collect.error.title", kind=ItemKind.TEXT, timeout=5.0,
    collect=collect, wanted=lambda context: context.error is not None,
)
