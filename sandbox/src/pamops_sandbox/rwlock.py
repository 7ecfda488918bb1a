"""A readers-writer lock: reads of a service's state run side by side, a write runs alone."""

import threading


class ReadWriteLock:
    """``with lock:`` holds it exclusively (re-entrant for that thread, like an RLock);
    ``with lock.shared():`` holds it with other readers.

    A waiting writer keeps new readers out, so a steady stream of reads cannot starve writes.
    The writer may also take it shared (a no-op inside its exclusive hold). A reader must not
    take it again, shared or exclusive: with a writer waiting in between, that would deadlock.
    """

    def __init__(self):
        self._condition = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = None
        self._depth = 0
        self._writers_waiting = 0

    def acquire(self):
        me = threading.get_ident()
        with self._condition:
            if self._writer == me:
                self._depth += 1
                return True
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers:
                    self._condition.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = me
            self._depth = 1
        return True

    def release(self):
        with self._condition:
            if self._writer != threading.get_ident():
                raise RuntimeError("release of a lock this thread does not hold exclusively")
            self._depth -= 1
            if not self._depth:
                self._writer = None
                self._condition.notify_all()

    __enter__ = acquire

    def __exit__(self, *exc_info):
        self.release()

    def shared(self):
        """A context manager holding the lock shared (a small object: this is on every read)."""
        return _Shared(self)

    def acquire_shared(self):
        """Take the lock shared; False when this thread already holds it exclusively (then
        there is nothing to release)."""
        if self._writer == threading.get_ident():
            return False
        with self._condition:
            while self._writer is not None or self._writers_waiting:
                self._condition.wait()
            self._readers += 1
        return True

    def release_shared(self):
        with self._condition:
            self._readers -= 1
            if not self._readers:
                self._condition.notify_all()


class _Shared:
    __slots__ = ("lock", "counted")

    def __init__(self, lock):
        self.lock = lock
        self.counted = False

    def __enter__(self):
        self.counted = self.lock.acquire_shared()
        return self

    def __exit__(self, *exc_info):
        if self.counted:
            self.lock.release_shared()
