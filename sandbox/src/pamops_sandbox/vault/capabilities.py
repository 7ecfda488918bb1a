"""What a token may do, as OpenBao answers it, kept so the front need not ask on every request.

The front authorises each request to an emulated Okta mount by asking OpenBao
(``sys/capabilities``). The answer for one token, namespace and path can only change when:

- a policy, token, identity group or entity, namespace, lease or auth mount changes: through
  the front, every such change is a write that the front passes on to OpenBao, and every write
  it passes on (or the revoke and reset hooks) empties the cache (``clear``), before the write
  and again once OpenBao has answered it;
- the token expires: an answer is kept no longer than the token lives (asked once per token
  from ``auth/token/lookup``), and tokens with a use limit are never cached;
- something changes in OpenBao without passing through the front (only the sandbox itself
  talks to it directly): no answer is kept longer than ``MAX_AGE`` seconds.

A root token may do everything in its namespace whatever the path (the root policy is not
path-based), so one "root" answer stands for every path there.
"""

import threading
import time

MAX_AGE = 10.0
# Beyond this many answers the cache starts afresh: memory stays bounded.
MAX_ENTRIES = 50000
_UNKNOWN = object()


class CapabilityCache:
    def __init__(self, openbao, clock=time.monotonic):
        self.openbao = openbao
        self.clock = clock
        self.lock = threading.Lock()
        self.generation = 0
        self.answers = {}
        self.root_until = {}
        self.token_until = {}
        # Calls made to OpenBao, for tests and benchmarks: how often the cache missed.
        self.asked = 0

    def clear(self):
        with self.lock:
            # Answers being fetched while this runs were asked before the change: not kept.
            self.generation += 1
            self.answers.clear()
            self.root_until.clear()
            self.token_until.clear()

    def capabilities(self, token, namespace, path):
        """The token's capabilities on ``path`` in ``namespace``, or None for a bad token."""
        if not token:
            return None
        now = self.clock()
        with self.lock:
            if self.root_until.get((token, namespace), 0) > now:
                return {"root"}
            cached = self.answers.get((token, namespace, path))
            if cached is not None and cached[1] > now:
                return cached[0]
            generation = self.generation
            until = self.token_until.get((token, namespace), _UNKNOWN)
        self.asked += 1
        capabilities = self.openbao.capabilities(token, namespace, path)
        if capabilities is None:
            return None
        if until is _UNKNOWN or (until is not None and until <= now):
            until = self._token_deadline(token, namespace, now)
        with self.lock:
            if self.generation == generation:
                if len(self.answers) >= MAX_ENTRIES:
                    self.answers.clear()
                    self.token_until.clear()
                # None too: a token whose answers may not be kept is not looked up again.
                self.token_until[(token, namespace)] = until
                if until is not None and until > now:
                    if "root" in capabilities:
                        self.root_until[(token, namespace)] = until
                    else:
                        self.answers[(token, namespace, path)] = (frozenset(capabilities), until)
        return capabilities

    def _token_deadline(self, token, namespace, now):
        """Until when answers for this token may be kept; None: not at all."""
        info = self.openbao.lookup_token(token, namespace)
        if not info or info.get("num_uses"):
            return None
        ttl = info.get("ttl") or 0
        if ttl <= 0:
            # No TTL and no expiry time: a token that never expires (root tokens).
            return None if info.get("expire_time") else now + MAX_AGE
        # ttl is whole seconds, rounded: a second less is sure to be within the token's life.
        return now + min(ttl - 1, MAX_AGE)
