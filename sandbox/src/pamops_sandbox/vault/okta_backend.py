"""Vault's Okta auth method, emulated: config, users, groups, login, verify.

Every behaviour follows shared/reference/vault-okta-api.md ("§n" below). The HTTP front turns
requests into calls here and answers with what these return.
"""

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


class OktaBackend:
    """The logic of one emulated Okta method, for every mount. The front serialises calls."""

    def __init__(self, org, token_minter, clock=time.time):
        self.org = org
        self.mint_token = token_minter
        self.clock = clock
        self.nonces = {}
        self.nonce_lock = threading.Lock()

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
        for stored in sorted(mount.groups, key=lambda key: (key.count("/"), key)):
            if stored.lower() == name.lower():
                return stored
        return None

    def write_group(self, mount, name, body):
        try:
            policies = parsing.sanitize_group_policies(body.get("policies"))
        except ValueError as exc:
            return Reply.error(400, str(exc))
        stored = self.find_group(mount, name) or name.lower()
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
        # §3.4: recursive, top level first, then deeper levels.
        keys = sorted(mount.groups, key=lambda key: (key.count("/"), key))
        return Reply.data({"keys": keys}) if keys else absent()

    # -- login (§4) --------------------------------------------------------------------------------

    def login(self, mount, username, body, remote_addr):
        warnings = []
        provider = str(body.get("provider") or "").upper()
        if provider and provider not in ("GOOGLE", "OKTA"):
            return Reply.error(400, "provider %s is not among the supported ones [GOOGLE OKTA]" % provider)
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

        person = self.org.get("users", {}).get(username)
        if person is None or person.get("password") != body.get("password"):
            return Reply.error(400, "okta authentication failed")
        outcome = self._okta_status(config, person, body, warnings)
        if outcome is not None:
            return outcome

        okta_groups = []
        if config["token"]:
            if config["token"] not in self.org.get("api_tokens", []):
                return Reply.error(400, "okta failure retrieving groups: the API returned an error: Invalid token provided")
            okta_groups = list(person.get("groups", []))
            if not okta_groups:
                warnings.append("no Okta groups found; only policies from locally-defined groups available")
        local = mount.users.get(username, {"groups": [], "policies": []})
        raw_policies = []
        for group in okta_groups + list(local["groups"]):
            stored = self.find_group(mount, group)
            if stored is not None:
                raw_policies += mount.groups[stored]["policies"]
        raw_policies += list(local["policies"])
        token_policies = parsing.token_policies_at_login(config["token_policies"] + raw_policies, not config["token_no_default_policy"])
        if token_policies == ["root"]:
            # Vault core refuses this for every auth method (vault/request_handling.go).
            return Reply.error(400, "auth methods cannot create root tokens")
        metadata = {"username": username, "policies": ",".join(raw_policies)}
        auth = self.mint_token(mount, config, token_policies, metadata, username)
        # The framework adds its warnings after the handler's: unknown fields, then path captures
        # sent in the body too (any non-null value, even the same name: hvac sends it).
        warnings += _unrecognized_warning(body, LOGIN_FIELDS)
        if body.get("username") is not None:
            warnings.append("Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [username]")
        return Reply.data({}, warnings, auth=auth)

    def _okta_status(self, config, person, body, warnings):
        """None to go on, or the failure (§4.2)."""
        status = person.get("status", "ACTIVE")
        bypass = config["bypass_okta_mfa"]
        if status == "LOCKED_OUT" or (status == "PASSWORD_EXPIRED" and not bypass):
            return Reply.error(400, "okta authentication failed")
        if status == "PASSWORD_WARN":
            warnings.append("Your Okta password is in warning state and needs to be changed soon.")
        if bypass:
            return None
        if person.get("mfa_enroll"):
            return Reply.error(400, "okta authentication failed: you must complete MFA enrollment to continue")
        factors = person.get("mfa") or []
        if not factors:
            return None
        passcode = body.get("totp")
        if passcode:
            if "totp" not in factors:
                return Reply.error(400, "Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA")
            if not totp_matches(person["totp_secret"], str(passcode), self.clock()):
                return Reply.error(400, "failed to complete multi-factor authentication")
            return None
        if "push" in factors:
            return self._push(person, body.get("nonce"))
        return Reply.error(400, "'totp' passcode parameter is required to perform MFA")

    def _push(self, person, nonce):
        """Okta Verify push: the number challenge is readable at verify/<nonce> while it waits."""
        if person.get("push_number_challenge") and not nonce:
            return Reply.error(400, "nonce must be provided during login request when presented with number challenge")
        if nonce:
            with self.nonce_lock:
                self.nonces[nonce] = random.randint(10, 99)
        try:
            time.sleep(float(person.get("push_delay", 0)))
        finally:
            if nonce:
                with self.nonce_lock:
                    self.nonces.pop(nonce, None)
        if person.get("push") == "deny":
            return Reply.error(400, "multi-factor authentication denied")
        return None

    def verify(self, nonce):
        with self.nonce_lock:
            answer = self.nonces.get(nonce)
        return absent() if answer is None else Reply.data({"correct_answer": answer})


def _quote(text):
    return '"%s"' % text
