"""Vault's Okta auth method, emulated: config, users, groups, login, verify.

Every behaviour follows shared/reference/vault-okta-api.md ("§n" below). The HTTP front turns
requests into calls here and answers with what these return.
"""

import hashlib
import random
import re
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Dict, Optional

from pamops_sandbox.vault import parsing
from pamops_sandbox.vault.totp import totp_matches

MFA_BYPASS_WARNING = (
    "Okta MFA bypass is configured. In addition to ignoring Okta MFA requests, certain other account statuses will not be seen, "
    "such as PASSWORD_EXPIRED. Authentication will succeed in these cases."
)
UNSUPPORTED_PATH = "1 error occurred:\n\t* unsupported path\n\n"
UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n"
PERMISSION_DENIED = "1 error occurred:\n\t* permission denied\n\n"
TOKEN_FIELDS = (
    "token_bound_cidrs",
    "token_explicit_max_ttl",
    "token_max_ttl",
    "token_no_default_policy",
    "token_period",
    "token_policies",
    "token_type",
    "token_ttl",
    "token_num_uses",
)
# A new mount's tune settings: 0 TTLs mean "the system default".
DEFAULT_TUNE = {"default_lease_ttl": 0, "max_lease_ttl": 0, "listing_visibility": "", "token_type": "default-service"}
LOGIN_FIELDS = ("username", "password", "totp", "nonce", "provider")
# The fields of each path's schema (path_config.go, path_users.go, path_groups.go): query
# parameters outside them draw the framework's "ignored" warning on answers that have a body.
USER_FIELDS = ("name", "groups", "policies")
GROUP_FIELDS = ("name", "policies")
# Okta's built-in group: every user of an org belongs to it, and Okta lists it first
# (vault backend_test.go: "a magic group name in okta that always exists and which every user
# automatically belongs to"; okta-sdk-java's UsersIT: listUserGroups(...).get(0) is "Everyone").
EVERYONE = "Everyone"
AUTH_FAILED = "okta authentication failed"
POLICIES_CHANGED = "policies have changed, not renewing"
# Okta's error bodies (developer.okta.com authn API): a failed primary authentication, a wrong passcode.
OKTA_AUTHN_FAILED = (401, "E0000004", "Authentication failed", [])
OKTA_BAD_PASSCODE = (403, "E0000068", "Invalid Passcode/Answer", ["Your passcode doesn't match our records. Please try again."])
CONFIG_FIELDS = ("org_name", "organization", "api_token", "token", "base_url", "production", "bypass_okta_mfa", "ttl", "max_ttl") + TOKEN_FIELDS


class Reply:
    """One answer of the emulated method, in Vault's shapes (§5.3)."""

    def __init__(self, status, body=None):
        self.status = status
        self.body = body

    @classmethod
    def data(cls, data, warnings=None, auth=None):
        return cls(
            200,
            {
                "request_id": str(uuid.uuid4()),
                "lease_id": "",
                "renewable": False,
                "lease_duration": 0,
                "data": data,
                "wrap_info": None,
                "warnings": warnings or None,
                "auth": auth,
                "mount_type": "okta",
            },
        )

    @classmethod
    def done(cls, warnings=None):
        """204, or 200 with ``data: null`` when there are warnings (§1.6)."""
        return cls.data(None, warnings) if warnings else cls(204)

    @classmethod
    def error(cls, status, *messages):
        return cls(status, {"errors": list(messages)})


def absent():
    """A read or list with nothing to return: 404 ``{"errors":[]}`` (§5.4)."""
    return Reply.error(404)


@dataclass
class OktaMount:
    namespace: str
    path: str
    accessor: str
    uuid: str
    description: str = ""
    tune: Dict[str, object] = field(default_factory=lambda: dict(DEFAULT_TUNE))
    config: Optional[Dict[str, object]] = None
    users: Dict[str, Dict[str, list]] = field(default_factory=dict)
    groups: Dict[str, Dict[str, list]] = field(default_factory=dict)

    def to_dict(self):
        return asdict(self)


def new_config():
    return {
        "org": "",
        "token": "",
        "base_url": "",
        "production": None,
        "ttl": 0,
        "max_ttl": 0,
        "bypass_okta_mfa": False,
        "token_bound_cidrs": [],
        "token_explicit_max_ttl": 0,
        "token_max_ttl": 0,
        "token_no_default_policy": False,
        "token_period": 0,
        "token_policies": [],
        "token_type": "default",
        "token_ttl": 0,
        "token_num_uses": 0,
    }


def _unrecognized_warning(body, known):
    unknown = sorted(k for k in body if k not in known)
    return ["Endpoint ignored these unrecognized parameters: [%s]" % " ".join(unknown)] if unknown else []


def with_parameter_warnings(reply, operation, params, known, captured=()):
    """What ``framework.Backend.HandleRequest`` adds once the handler answered: the unknown
    parameters it ignored, then the path captures the request also sent. Only an answer with a
    body carries them (a 204 or a nil read stays as it is). A LIST that found nothing still has
    a body (``logical.ListResponse`` with empty data), and ``RespondErrorCommon`` answers it with
    200 instead of 404 once it carries a warning (sdk/logical/response_util.go)."""
    warnings = _unrecognized_warning(params, known)
    replaced = sorted(name for name in params if name in captured)
    if replaced:
        warnings.append("Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [%s]" % " ".join(replaced))
    if not warnings:
        return reply
    if operation == "list" and reply.status == 404 and reply.body == {"errors": []}:
        return Reply.data({}, warnings)
    if reply.status == 200 and reply.body:
        reply.body["warnings"] = (reply.body.get("warnings") or []) + warnings
    return reply


def scan_order(names):
    """The order of ``logical.CollectKeysWithPrefix``: ``ScanView`` pops folders off a stack
    (``current := frontier[n-1]``), so each folder's own keys come first, in storage order
    (sorted), then its sub-folders, the last one first, each explored fully."""
    order = []
    frontier = [""]
    while frontier:
        folder = frontier.pop()
        entries = set()
        for name in names:
            if name.startswith(folder) and name != folder:
                rest = name[len(folder):]
                entries.add(rest.split("/", 1)[0] + "/" if "/" in rest else rest)
        for entry in sorted(entries):
            if entry.endswith("/"):
                frontier.append(folder + entry)
            else:
                order.append(folder + entry)
    return order


def equivalent_policies(first, second):
    """``policyutil.EquivalentPolicies``: the same set once ``default`` is left out; case counts."""
    return {p for p in first if p != "default"} == {p for p in second if p != "default"}


def okta_api_error(config, url, error):
    """How an Okta error answer reaches the Vault user, which depends on the client Vault built
    (path_config.go ``OktaClient``). With an API token it is okta-sdk-golang v5 behind
    ``oktaShimNew``, whose ``Do`` decodes the error body as if it were a transaction: no status
    comes of it, and the login ends in "okta authentication failed" (backend.go ``Login``).
    Without one it is ``oktaShimOld`` (chrismalek/oktasdk-go), whose ``CheckResponse`` returns
    the error that ``Login`` reports as "Okta auth failed: %v" (okta/sdk.go ``errorResponse.Error``)."""
    if config["token"]:
        return AUTH_FAILED
    status, code, summary, causes = error
    return "Okta auth failed: HTTP Method: POST - URL: %s: - HTTP Status Code: %d, OKTA Error Code: %s, OKTA Error Summary: %s, OKTA Error Causes: [%s]" % (
        url,
        status,
        code,
        summary,
        " ".join("{%s}" % cause for cause in causes),
    )


class OktaBackend:
    """The logic of one emulated Okta method, for every mount. The front serialises calls."""

    def __init__(self, org, token_minter, clock=time.time):
        self.org = org
        self.mint_token = token_minter
        self.clock = clock
        self.nonces = {}
        self.nonce_lock = threading.Lock()
        # Pushes of users seeded with ``push: wait``, by user name, until the push hook answers.
        self.pending_pushes = {}

    # -- config (§1) --------------------------------------------------------------------------

    def config_exists(self, mount):
        return mount.config is not None

    def write_config(self, mount, body):
        try:
            values = self._parse_config_fields(body)
        except ValueError as exc:
            return Reply.error(400, str(exc))
        creating = mount.config is None
        config = dict(mount.config) if mount.config else new_config()
        # Config() loads what is stored, so unchanged bound addresses go through NewSockAddr again.
        config["token_bound_cidrs"] = parsing.reload_bound_cidrs(config["token_bound_cidrs"])
        if "org_name" in values:
            config["org"] = values["org_name"]
        if not config["org"] and "organization" in values:
            config["org"] = values["organization"]
        if creating and not config["org"]:
            return Reply.error(400, "org_name is missing")
        if "api_token" in values:
            config["token"] = values["api_token"]
        elif "token" in values:
            config["token"] = values["token"]
        if "base_url" in values:
            config["base_url"] = values["base_url"]
            url = "https://%s,%s" % (config["org"], config["base_url"])
            bad = re.search(r"%(?![0-9a-fA-F]{2})", url)
            if bad:
                # Go's url.Parse error names the bad escape: invalid URL escape "%zz".
                return Reply.error(400, 'Error parsing given base_url: parse "%s": invalid URL escape "%s"' % (url, url[bad.start():bad.start() + 3]))
        if config["base_url"]:
            config["production"] = None
        elif "production" in values:
            config["production"] = values["production"]
        if "bypass_okta_mfa" in values:
            config["bypass_okta_mfa"] = values["bypass_okta_mfa"]
        for name in TOKEN_FIELDS:
            if name in values:
                config[name] = values[name]
        problem = self._check_token_fields(config)
        if problem:
            return Reply.error(400, problem)
        # §1.7: the deprecated ttl/max_ttl and their token_* successors. Vault maps them after the
        # token-field checks, so the deprecated values are not checked (§1.4).
        for legacy, current in (("ttl", "token_ttl"), ("max_ttl", "token_max_ttl")):
            if current in values:
                config[legacy] = values[current] if legacy in values else 0
            elif legacy in values:
                config[legacy] = values[legacy]
                config[current] = values[legacy]
        mount.config = config
        warnings = [MFA_BYPASS_WARNING] if config["bypass_okta_mfa"] else []
        if warnings:
            warnings += _unrecognized_warning(body, CONFIG_FIELDS)
        return Reply.done(warnings)

    @staticmethod
    def _parse_config_fields(body):
        values = {}
        for name in ("org_name", "organization", "api_token", "token", "base_url"):
            if name in body:
                values[name] = parsing.string(name, body[name])
        for name in ("production", "bypass_okta_mfa", "token_no_default_policy"):
            if name in body:
                values[name] = parsing.boolean(name, body[name])
        for name in ("ttl", "max_ttl", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period"):
            if name in body:
                values[name] = parsing.duration_seconds(name, body[name])
        if "token_policies" in body:
            values["token_policies"] = parsing.comma_string_slice("token_policies", body["token_policies"])
        if "token_bound_cidrs" in body:
            values["token_bound_cidrs"] = parsing.bound_cidrs("token_bound_cidrs", body["token_bound_cidrs"])
        if "token_num_uses" in body:
            values["token_num_uses"] = parsing.integer("token_num_uses", body["token_num_uses"])
            if values["token_num_uses"] < 0:
                raise ValueError("'token_num_uses' cannot be negative")
        if "token_type" in body:
            token_type = parsing.string("token_type", body["token_type"])
            if token_type not in ("", "default", "service", "batch"):
                raise ValueError("invalid 'token_type' value %s" % _quote(token_type))
            values["token_type"] = token_type or "default"
        return values

    @staticmethod
    def _check_token_fields(config):
        if config["token_type"] == "batch" and config["token_period"] > 0:
            return "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens"
        if config["token_type"] == "batch" and config["token_num_uses"] > 0:
            return "'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count"
        if config["token_max_ttl"] > 0 and config["token_ttl"] > config["token_max_ttl"]:
            return "'token_ttl' cannot be greater than 'token_max_ttl'"
        return None

    @staticmethod
    def read_config(mount):
        config = mount.config
        if config is None:
            return absent()
        data = {
            "organization": config["org"],
            "org_name": config["org"],
            "bypass_okta_mfa": config["bypass_okta_mfa"],
        }
        for name in TOKEN_FIELDS:
            data[name] = list(config[name]) if isinstance(config[name], list) else config[name]
        data["token_bound_cidrs"] = parsing.reload_bound_cidrs(config["token_bound_cidrs"])
        if config["base_url"]:
            data["base_url"] = config["base_url"]
        if config["production"] is not None:
            data["production"] = config["production"]
        if config["ttl"] > 0:
            data["ttl"] = config["ttl"]
        if config["max_ttl"] > 0:
            data["max_ttl"] = config["max_ttl"]
        return Reply.data(data, [MFA_BYPASS_WARNING] if config["bypass_okta_mfa"] else None)

    # -- users (§2) -------------------------------------------------------------------------------

    @staticmethod
    def write_user(mount, name, body):
        try:
            groups = parsing.comma_string_slice("groups", body.get("groups"))
            policies = parsing.comma_string_slice("policies", body.get("policies"))
        except ValueError as exc:
            return Reply.error(400, str(exc))
        # §2.3: a full replace; the name is stored exactly as given.
        mount.users[name] = {"groups": groups, "policies": policies}
        return Reply(204)

    @staticmethod
    def read_user(mount, name):
        user = mount.users.get(name)
        if user is None:
            return absent()
        return Reply.data({"groups": list(user["groups"]), "policies": list(user["policies"])})

    @staticmethod
    def delete_user(mount, name):
        mount.users.pop(name, None)
        return Reply(204)

    @staticmethod
    def list_users(mount):
        # §2.5: a non-recursive storage list; "a/b" shows as the folder "a/".
        keys = sorted({name.split("/", 1)[0] + "/" if "/" in name else name for name in mount.users})
        return Reply.data({"keys": keys}) if keys else absent()

    # -- groups (§3) -------------------------------------------------------------------------------

    @staticmethod
    def find_group(mount, name):
        """§3.2: exact first, then the first stored key equal ignoring case."""
        if name in mount.groups:
            return name
        for stored in scan_order(mount.groups):
            if parsing.go_equal_fold(stored, name):
                return stored
        return None

    def write_group(self, mount, name, body):
        try:
            policies = parsing.sanitize_group_policies(body.get("policies"))
        except ValueError as exc:
            return Reply.error(400, str(exc))
        stored = self.find_group(mount, name) or parsing.go_lower(name)
        mount.groups[stored] = {"policies": policies}
        return Reply(204)

    def read_group(self, mount, name):
        stored = self.find_group(mount, name)
        if stored is None:
            return absent()
        return Reply.data({"policies": list(mount.groups[stored]["policies"])})

    def delete_group(self, mount, name):
        stored = self.find_group(mount, name)
        if stored is not None:
            del mount.groups[stored]
        return Reply(204)

    @staticmethod
    def list_groups(mount):
        # §3.4: recursive, in Vault's storage-scan order.
        keys = scan_order(mount.groups)
        return Reply.data({"keys": keys}) if keys else absent()

    # -- login (§4) --------------------------------------------------------------------------------

    def login(self, mount, username, body, remote_addr):
        """``pathLogin``: Okta's answer, then policies, metadata and a real token (§4.2)."""
        provider = str(body.get("provider") or "").upper()
        if provider and provider not in ("GOOGLE", "OKTA"):
            return Reply.error(400, "provider %s is not among the supported ones [GOOGLE OKTA]" % provider)
        outcome = self.okta_login(mount, username, body.get("password"), body.get("totp"), body.get("nonce"), provider, remote_addr)
        if isinstance(outcome, Reply):
            return outcome
        policies, warnings, _groups = outcome
        config = mount.config
        token_policies = parsing.token_policies_at_login(config["token_policies"] + policies, not config["token_no_default_policy"])
        if token_policies == ["root"]:
            # Vault core refuses this for every auth method (vault/request_handling.go).
            return Reply.error(400, "auth methods cannot create root tokens")
        metadata = {"username": username, "policies": ",".join(policies)}
        auth = self.mint_token(mount, config, token_policies, metadata, username, password=str(body.get("password") or ""))
        # The framework adds its warnings after the handler's: unknown fields, then path captures
        # sent in the body too (any non-null value, even the same name: hvac sends it).
        warnings += _unrecognized_warning(body, LOGIN_FIELDS)
        if body.get("username") is not None:
            warnings.append("Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [username]")
        return Reply.data({}, warnings, auth=auth)

    def renew_check(self, mount, username, password, token_policies, nonce, remote_addr):
        """``pathLoginRenew``: log in to Okta again with the stored password (no TOTP is possible;
        push fires again), then refuse when the config's ``token_policies`` plus the login's
        policies are no longer ``EquivalentPolicies`` to the token's. A Reply on failure, else the
        warnings of the new login."""
        if mount.config is None:
            return Reply.error(400, "Okta backend not configured")
        outcome = self.okta_login(mount, username, password, "", nonce, "", remote_addr)
        if isinstance(outcome, Reply):
            return outcome
        policies, warnings, _groups = outcome
        if not equivalent_policies(mount.config["token_policies"] + policies, token_policies):
            return Reply.error(400, POLICIES_CHANGED)
        return warnings

    def okta_login(self, mount, username, password, passcode, nonce, provider, remote_addr):
        """``backend.Login``: ``(policies, warnings, group names)`` or the failure as a Reply."""
        config = mount.config
        if config is None:
            return Reply.error(400, "Okta auth method not configured")
        if config["token_bound_cidrs"] and not parsing.address_in(remote_addr, config["token_bound_cidrs"]):
            return Reply.error(403, "permission denied")
        base_url = config["base_url"] or ("oktapreview.com" if config["production"] is False else "okta.com")
        org_url = "https://%s.%s" % (config["org"], base_url)
        if config["org"] != self.org.get("org_name") or base_url != self.org.get("base_url", "okta.com"):
            host = "%s.%s" % (config["org"], base_url)
            return Reply.error(400, 'Okta auth failed: Post "%s/api/v1/authn": dial tcp: lookup %s: no such host' % (org_url, host))

        warnings = []
        person = self._okta_user(username)
        if person is None or person.get("password") != password:
            return Reply.error(400, okta_api_error(config, org_url + "/api/v1/authn", OKTA_AUTHN_FAILED))
        outcome = self._okta_status(config, org_url, username, person, passcode, nonce, provider, warnings)
        if outcome is not None:
            return outcome

        groups = []
        if config["token"]:
            if config["token"] not in self.org.get("api_tokens", []):
                return Reply.error(400, "okta failure retrieving groups: the API returned an error: Invalid token provided")
            groups = [EVERYONE] + [group for group in person.get("groups", []) if group != EVERYONE]
            if not groups:
                warnings.append("no Okta groups found; only policies from locally-defined groups available")
        # The local user is looked up by the name as typed: Okta matched it ignoring case, Vault does not.
        local = mount.users.get(username)
        if local is not None:
            groups += list(local["groups"])
        policies = []
        for group in groups:
            stored = self.find_group(mount, group)
            if stored is not None:
                policies += mount.groups[stored]["policies"]
        if local is not None:
            policies += list(local["policies"])
        return policies, warnings, [group for group in groups if group]

    def _okta_user(self, username):
        """Okta matches a login ignoring case."""
        users = self.org.get("users", {})
        if username in users:
            return users[username]
        return next((person for name, person in users.items() if name.lower() == username.lower()), None)

    @staticmethod
    def _first_status(person):
        """Okta's answer to the primary authentication (authn API): a user with an enrolled factor
        is asked for MFA before any password status shows."""
        status = person.get("status", "ACTIVE")
        if status == "LOCKED_OUT":
            return status
        if person.get("mfa_enroll"):
            return "MFA_ENROLL"
        if person.get("mfa"):
            return "MFA_REQUIRED"
        return status if status in ("PASSWORD_EXPIRED", "PASSWORD_WARN") else "SUCCESS"

    def _okta_status(self, config, org_url, username, person, passcode, nonce, provider, warnings):
        """The status switch of ``backend.Login``: None to go on, or the failure (§4.2)."""
        bypass = config["bypass_okta_mfa"]
        status = self._first_status(person)
        if status in ("LOCKED_OUT", "PASSWORD_EXPIRED"):
            # Whatever bypass_okta_mfa says: it only hides statuses behind MFA_REQUIRED.
            return Reply.error(400, AUTH_FAILED)
        if status == "PASSWORD_WARN":
            warnings.append("Your Okta password is in warning state and needs to be changed soon.")
        elif status == "MFA_ENROLL" and not bypass:
            return Reply.error(400, "okta authentication failed: you must complete MFA enrollment to continue")
        elif status == "MFA_REQUIRED" and bypass:
            status = "SUCCESS"
        elif status == "MFA_REQUIRED":
            outcome = self._verify_factor(config, org_url, username, person, passcode, nonce, provider)
            if isinstance(outcome, Reply):
                return outcome
            status = outcome
        # The second switch: what MFA left behind (an expired password shows only now).
        if status in ("SUCCESS", "PASSWORD_WARN") or (status == "MFA_ENROLL" and bypass):
            return None
        return Reply.error(400, AUTH_FAILED)

    def _verify_factor(self, config, org_url, username, person, passcode, nonce, provider):
        """Factor selection and verification: the status after it, or the failure as a Reply."""
        totp_factor = push_factor = None
        for factor in person.get("mfa") or []:
            factor_provider = str(person.get("totp_provider") or "OKTA").upper() if factor == "totp" else "OKTA"
            if (provider and provider != factor_provider) or factor_provider not in ("GOOGLE", "OKTA"):
                continue
            if factor == "totp":
                totp_factor = factor_provider
            elif factor == "push":
                push_factor = factor_provider
        passcode = "" if passcode is None else str(passcode)
        if totp_factor and passcode:
            if not totp_matches(person["totp_secret"], passcode, self.clock()):
                factor_id = "ostf" + hashlib.sha256(username.lower().encode()).hexdigest()[:16]
                url = "%s/api/v1/authn/factors/%s/verify" % (org_url, factor_id)
                return Reply.error(400, okta_api_error(config, url, OKTA_BAD_PASSCODE))
        elif push_factor:
            # A passcode sent for a user without a TOTP factor is not an error: push is asked for.
            failure = self._push(person, nonce)
            if failure is not None:
                return failure
        elif totp_factor:
            return Reply.error(400, "'totp' passcode parameter is required to perform MFA")
        else:
            return Reply.error(400, "Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA")
        return person.get("status", "SUCCESS") if person.get("status") in ("PASSWORD_EXPIRED", "PASSWORD_WARN") else "SUCCESS"

    def _push(self, person, nonce):
        """Okta Verify push: the number challenge is readable at verify/<nonce> while it waits."""
        challenge = bool(person.get("push_number_challenge"))
        if challenge and not nonce:
            return Reply.error(400, "nonce must be provided during login request when presented with number challenge")
        # Vault caches a number only when Okta shows one (backend.go: CorrectAnswer != nil).
        if challenge:
            with self.nonce_lock:
                self.nonces[nonce] = random.randint(10, 99)
        answer = person.get("push")
        try:
            if answer == "wait":
                # A person answers through the push hook, or Okta gives up (TIMEOUT) after push_timeout.
                answer = self._wait_for_push_answer(person, self.nonces.get(nonce) if challenge else None)
            else:
                time.sleep(float(person.get("push_delay", 0)))
        finally:
            if challenge:
                with self.nonce_lock:
                    self.nonces.pop(nonce, None)
        if answer == "deny":
            return Reply.error(400, "multi-factor authentication denied")
        if answer == "timeout":
            return Reply.error(400, "failed to complete multi-factor authentication")
        return None

    def _wait_for_push_answer(self, person, number):
        """``approve``, ``deny`` or ``timeout``: what the person (the push hook) or Okta answered."""
        username = next(name for name, seeded in self.org.get("users", {}).items() if seeded is person)
        pending = {"number": number, "answered": threading.Event(), "answer": "timeout"}
        with self.nonce_lock:
            self.pending_pushes[username] = pending
        try:
            pending["answered"].wait(float(person.get("push_timeout", 300)))
        finally:
            with self.nonce_lock:
                if self.pending_pushes.get(username) is pending:
                    del self.pending_pushes[username]
        return pending["answer"]

    def pushes_waiting(self):
        """What the phones show: each waiting push's user and number challenge (None without one)."""
        with self.nonce_lock:
            return [{"username": name, "number": pending["number"]} for name, pending in sorted(self.pending_pushes.items())]

    def answer_push(self, username, approve, number=None):
        """The person's answer on the phone. Tapping a number other than the challenge's refuses the
        push, as Okta Verify does. False when no push waits for that user."""
        with self.nonce_lock:
            pending = self.pending_pushes.get(username)
            if pending is None:
                return False
            wrong_number = pending["number"] is not None and number != pending["number"]
            pending["answer"] = "approve" if approve and not wrong_number else "deny"
            pending["answered"].set()
        return True

    def verify(self, nonce):
        with self.nonce_lock:
            answer = self.nonces.get(nonce)
        return absent() if answer is None else Reply.data({"correct_answer": answer})


def _quote(text):
    return '"%s"' % text
