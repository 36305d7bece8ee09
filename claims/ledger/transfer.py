"""Export and import: event lines, the checkpoint that anchors an export's head, and the checks a
file passes before anything from it is written.

An export is one JSON object per line (`{"record": "event", ...}`), oldest event first, with the
stored bytes of each event (its payload and its `at` string), so every line's hash can be
recomputed from the line itself. Line separators other than `\\n` (U+2028, U+2029, U+0085) are
written as JSON escapes, and lines are split on `\\n` only, so any text survives the round trip.

`claims export -o FILE` also writes `FILE.checkpoint.json`: the event count and the head hash, and
with a key an HMAC-SHA256 over both. The chain makes the head commit to every event before it, so
the checkpoint anchors the whole file (a cut-short or extended file no longer ends at its head) and
the signature proves who wrote it — the chain alone only proves the file is self-consistent, since
anyone can recompute unkeyed hashes.

`read_export` checks a file in full before the ledger is touched: JSON objects, the typed event
models (`events.parse`: payload shapes, verdicts and link types from their closed sets), the
envelope (claim and document ids where an event needs them), the file's own chain, and that it is a
whole history (every event's claim is created earlier in the file). The first problem refuses the
file with `line N: <reason>`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import ValidationError

from claims.core.errors import BadInput, LedgerError
from claims.core.models import Event

from .events import EDITABLE, MODELS, parse
from .store import dumps, event_hash

EXPORT_FORMAT = "claims-export/1"
CHECKPOINT_SUFFIX = ".checkpoint.json"
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_CLAIM_EVENTS = ("claim_created", "mention_added", "verdict_recorded", "claim_reopened", "claim_edited", "link_added")
_ENVELOPE = ("seq", "claim_id", "doc_id", "type", "payload", "at", "actor", "prev_hash", "hash")


# ------------------------------------------------------------------ writing
def export_line(row: dict[str, Any]) -> str:
    """One stored event row as an export line (without the newline)."""
    obj: dict[str, Any] = {"record": "event"}
    for key in _ENVELOPE:
        obj[key] = json.loads(row[key]) if key == "payload" else row[key]
    return escape_line_breaks(json.dumps(obj, ensure_ascii=False))


def escape_line_breaks(line: str) -> str:
    """JSON with U+2028/U+2029/U+0085 written as escapes: they occur only inside strings, and a reader
    splitting lines by Unicode rules (`str.splitlines`) would cut the line at them."""
    for ch, esc in _LINE_BREAKS.items():
        if ch in line:
            line = line.replace(ch, esc)
    return line


def split_lines(text: str) -> list[str]:
    """JSON lines split on `\\n` only (a `\\r` before it is JSON whitespace)."""
    return text.split("\n")


@dataclass
class Checkpoint:
    """What an export's head was: its event count and last hash, and optionally an HMAC over both."""

    events: int
    head: str | None
    mac: str | None = None
    exported_at: str | None = None

    def message(self) -> bytes:
        return f"{EXPORT_FORMAT}\n{self.events}\n{self.head or ''}".encode("utf-8")

    def signed(self, key: bytes) -> "Checkpoint":
        return Checkpoint(self.events, self.head, hmac.new(key, self.message(), hashlib.sha256).hexdigest(),
                          self.exported_at)

    def verifies(self, key: bytes) -> bool:
        return self.mac is not None and hmac.compare_digest(self.signed(key).mac or "", self.mac)

    def to_json(self) -> str:
        out: dict[str, Any] = {"format": EXPORT_FORMAT, "events": self.events, "head": self.head,
                               "exported_at": self.exported_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        if self.mac:
            out["mac"] = {"alg": "hmac-sha256", "value": self.mac}
        return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def checkpoint_path(export: Path) -> Path:
    return export.with_name(export.name + CHECKPOINT_SUFFIX)


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{path}: not a checkpoint: {exc}") from None
    ok = (isinstance(obj, dict) and obj.get("format") == EXPORT_FORMAT and isinstance(obj.get("events"), int)
          and (obj.get("head") is None or isinstance(obj.get("head"), str)))
    mac = obj.get("mac") if isinstance(obj, dict) else None
    if not ok or (mac is not None and not (isinstance(mac, dict) and isinstance(mac.get("value"), str))):
        raise BadInput(f"{path}: not a checkpoint written by `claims export`")
    return Checkpoint(obj["events"], obj.get("head"), mac["value"] if mac else None, obj.get("exported_at"))


def read_key(path: Path) -> bytes:
    """The signing key: the bytes of a file (a trailing newline is not part of it)."""
    try:
        key = Path(path).read_bytes().rstrip(b"\r\n")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the signing key: {exc.strerror}") from None
    if len(key) < 16:
        raise BadInput(f"{path}: a signing key needs at least 16 bytes")
    return key


# ------------------------------------------------------------------ reading
@dataclass
class Incoming:
    """One verified line of an export."""

    line: int
    event: Event
    at: str            # the `at` string as stored (and hashed)
    payload_json: str  # the payload's canonical bytes, as stored (and hashed)

    @property
    def content(self) -> str:
        """What the event says, without where it sits in a chain: the key for duplicates."""
        return content_key(self.event.type, self.event.claim_id, self.event.doc_id, self.payload_json, self.at,
                           self.event.actor)


def content_key(etype: str, claim_id: str | None, doc_id: str | None, payload_json: str, at: str,
                actor: str | None) -> str:
    return event_hash(None, etype, claim_id, doc_id, payload_json, at, actor)


def _why(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "value"
    return f"{where}: {err.get('msg', 'invalid')}"


def _event(n: int, raw: str) -> Incoming | None:
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadInput(f"line {n}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(type(obj), "null")
        raise BadInput(f"line {n}: not a ledger event (a JSON object was expected, got {kind})")
    record = obj.pop("record", "event")
    if record != "event":
        raise BadInput(f"line {n}: unknown record {record!r}")
    missing = [k for k in ("seq", "type", "payload", "at", "hash") if k not in obj]
    if missing:
        raise BadInput(f"line {n}: not a ledger event: {', '.join(missing)} missing")
    if not isinstance(obj["at"], str):
        raise BadInput(f"line {n}: at: must be a date-time string")
    try:
        ev = Event.model_validate(obj)
    except ValidationError as exc:
        raise BadInput(f"line {n}: not a ledger event: {_why(exc)}") from None
    if ev.type not in MODELS:
        raise BadInput(f"line {n}: unknown event type {ev.type!r}")
    try:
        data = parse(ev)
    except ValidationError as exc:
        raise BadInput(f"line {n}: {ev.type}: {_why(exc)}") from None
    except LedgerError as exc:
        raise BadInput(f"line {n}: {exc}") from None
    if ev.type in _CLAIM_EVENTS and not ev.claim_id:
        raise BadInput(f"line {n}: {ev.type} without a claim_id")
    if ev.type == "document_ingested" and ev.doc_id != data.document.id:  # type: ignore[attr-defined]
        raise BadInput(f"line {n}: document_ingested: doc_id does not match the document's id")
    if ev.type == "claim_created" and ev.claim_id != data.claim.id:  # type: ignore[attr-defined]
        raise BadInput(f"line {n}: claim_created: claim_id does not match the claim's id")
    if ev.type == "link_added" and ev.claim_id != data.src:  # type: ignore[attr-defined]
        raise BadInput(f"line {n}: link_added: claim_id does not match the link's src")
    if ev.type == "claim_edited":
        bad = sorted(set(data.changes) - set(EDITABLE))  # type: ignore[attr-defined]
        if bad:
            raise BadInput(f"line {n}: claim_edited: {', '.join(bad)} cannot be edited")
    return Incoming(n, ev, obj["at"], dumps(ev.payload))


def read_export(lines: Iterable[str]) -> list[Incoming]:
    """Parse and verify a whole export; raises BadInput(`line N: ...`) at the first problem."""
    out: list[Incoming] = []
    prev: str | None = None
    last_seq = 0
    claims: set[str] = set()
    docs: set[str] = set()
    for n, raw in enumerate(lines, 1):
        inc = _event(n, raw)
        if inc is None:
            continue
        ev = inc.event
        if (ev.prev_hash or None) != prev:
            where = "the start of the chain (null)" if prev is None else "the previous event's hash"
            raise BadInput(f"line {n}: prev_hash is not {where}: an event was removed, inserted or reordered")
        if event_hash(ev.prev_hash, ev.type, ev.claim_id, ev.doc_id, inc.payload_json, inc.at, ev.actor) != ev.hash:
            raise BadInput(f"line {n}: the hash does not match the event's content (the line was edited)")
        if ev.seq is not None:
            if ev.seq <= last_seq:
                raise BadInput(f"line {n}: seq {ev.seq} does not follow {last_seq}")
            last_seq = ev.seq
        _whole_history(n, inc, claims, docs)
        prev = ev.hash
        out.append(inc)
    return out


def _whole_history(n: int, inc: Incoming, claims: set[str], docs: set[str]) -> None:
    """An export is a ledger's whole log: what an event refers to was created by an earlier line. A
    verdict (or edit, link, mention) on its own is not an export but a forged entry."""
    ev = inc.event
    if ev.type == "document_ingested":
        docs.add(ev.doc_id or "")
        return
    if ev.type == "outcomes_reported":
        if (ev.doc_id or "") not in docs:
            raise BadInput(f"line {n}: outcomes_reported refers to document {str(ev.doc_id)[:16]}, which no earlier "
                           "line ingests (an export holds a whole history)")
        return
    if ev.type in _CLAIM_EVENTS and ev.doc_id and ev.doc_id not in docs:
        raise BadInput(f"line {n}: {ev.type} refers to document {ev.doc_id[:16]}, which no earlier line ingests "
                       "(an export holds a whole history)")
    if ev.type == "claim_created":
        claims.add(ev.claim_id or "")
        return
    refs = [ev.claim_id] + ([ev.payload.get("dst")] if ev.type == "link_added" else [])
    for ref in refs:
        if ref is not None and ref not in claims:
            raise BadInput(f"line {n}: {ev.type} refers to claim {str(ref)[:16]}, which no earlier line creates "
                           "(an export holds a whole history)")


def check_against(events: list[Incoming], cp: Checkpoint, key: bytes | None, name: str) -> None:
    """The file ends at the head its checkpoint names (and the signature verifies, given a key)."""
    head = events[-1].event.hash if events else None
    if (len(events), head) != (cp.events, cp.head):
        raise BadInput(f"{name}: holds {len(events)} events ending in {str(head)[:16]}, but its checkpoint says "
                       f"{cp.events} ending in {str(cp.head)[:16]}: the file was cut short, extended or replaced")
    if key is not None:
        if cp.mac is None:
            raise BadInput(f"{name}: its checkpoint is not signed")
        if not cp.verifies(key):
            raise BadInput(f"{name}: the signature does not verify: the file or its checkpoint was changed, "
                           "or the key is not the one it was signed with")


def iter_export(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield export_line(row)
