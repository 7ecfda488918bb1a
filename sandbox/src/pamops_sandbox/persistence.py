"""State that survives a restart: one JSON file, replaced atomically on every change."""

import json
import os
import tempfile


class StateFile:
    def __init__(self, path):
        self.path = path

    def load(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None

    def save(self, state):
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
            os.replace(temporary, self.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
