"""State that survives a restart: a snapshot plus a journal of the changes made since.

Rewriting the whole state on every write made a write cost grow with the state (a token mint
took 250-290 ms with 10,000 users). Now a write appends one line to ``<state>.journal`` naming
only the records it changed, and flushes it to disk before the answer goes out; the snapshot
(``state.json``, the same format as before) is rewritten only when the journal has grown as large
as it, at start and at a clean stop. Loading reads the snapshot and replays the journal.

Crash safety: the snapshot is replaced atomically (written beside it, flushed, renamed), and a
journal line is one whole write; a line cut short by a crash was never acknowledged and is
ignored. Journal entries hold values, not increments, so replaying entries that a snapshot
already contains (a crash between writing the snapshot and emptying the journal) changes nothing.
"""

import json
import os
import tempfile

# The journal is folded into the snapshot once it is this large, or as large as the snapshot.
MIN_COMPACTION_BYTES = 1 << 20


def set_at(tree, path, value):
    for name in path[:-1]:
        tree = tree.setdefault(name, {})
    tree[path[-1]] = value


def delete_at(tree, path):
    for name in path[:-1]:
        tree = tree.get(name)
        if not isinstance(tree, dict):
            return
    tree.pop(path[-1], None)


class StateFile:
    """One service's state on disk.

    The journal addresses records by paths into nested dicts. A service whose snapshot holds a
    list gives ``index`` (snapshot to nested dicts) and ``unindex`` (back), so journal paths can
    name its items.
    """

    def __init__(self, path, index=None, unindex=None):
        self.path = path
        self.journal_path = path + ".journal"
        self.index = index or (lambda snapshot: snapshot)
        self.unindex = unindex or (lambda tree: tree)
        self.journal = None
        self.journal_bytes = 0
        self.snapshot_bytes = 0

    def load(self):
        """The state as last written, or None when there is none; at start: a journal left
        from before is folded into the snapshot at once (a line cut short by a crash must not
        stay in front of new lines)."""
        state, replayed = self._read()
        if replayed:
            self.save(state)
        return state

    def read(self):
        """The state as last written (snapshot and journal), changing no file."""
        return self._read()[0]

    def _read(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                snapshot = json.load(handle)
        except FileNotFoundError:
            return None, 0
        self.snapshot_bytes = os.path.getsize(self.path)
        changes = list(self._journal_entries())
        if not changes:
            return snapshot, 0
        tree = self.index(snapshot)
        for change in changes:
            for operation in change:
                if "set" in operation:
                    set_at(tree, operation["set"], operation["value"])
                else:
                    delete_at(tree, operation["delete"])
        return self.unindex(tree), len(changes)

    def _journal_entries(self):
        try:
            with open(self.journal_path, "rb") as handle:
                lines = handle.read().split(b"\n")
        except FileNotFoundError:
            return
        for line in lines:
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                # Only the last line can be cut short (a crash mid-append); it was never answered.
                return

    def save(self, state):
        """Write the whole state as the new snapshot and empty the journal."""
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        # Write beside the target, flush to disk, then rename over it: a crash leaves either
        # the old file or the new one, never half of one.
        handle, temporary = tempfile.mkstemp(prefix=".state-", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(state, out)
                out.flush()
                os.fsync(out.fileno())
                self.snapshot_bytes = out.tell()
            os.replace(temporary, self.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        self._close_journal()
        if os.path.exists(self.journal_path):
            os.unlink(self.journal_path)
        self.journal_bytes = 0

    def record(self, operations, snapshot):
        """Append one write's changes, durably, before it is answered.

        ``operations``: a list of ``("set", path, value)`` or ``("delete", path)``.
        ``snapshot``: a callable returning the whole state, for when the journal is folded in.
        """
        if not operations:
            return
        if not os.path.exists(self.path):
            self.save(snapshot())
            return
        entry = [{"set": list(op[1]), "value": op[2]} if op[0] == "set" else {"delete": list(op[1])} for op in operations]
        line = (json.dumps(entry, separators=(",", ":")) + "\n").encode("utf-8")
        if self.journal is None:
            self.journal = open(self.journal_path, "ab")  # pylint: disable=consider-using-with
            self.journal_bytes = self.journal.tell()
        self.journal.write(line)
        self.journal.flush()
        os.fsync(self.journal.fileno())
        self.journal_bytes += len(line)
        if self.journal_bytes >= max(MIN_COMPACTION_BYTES, self.snapshot_bytes):
            self.save(snapshot())

    def _close_journal(self):
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def close(self, state=None):
        """At a clean stop: fold the journal into the snapshot (when given the state)."""
        if state is not None and self.journal_bytes:
            self.save(state)
        self._close_journal()
