"""The OPA / ASA service's state and rules, independent of HTTP.

Every rule cites the fact sheet (shared/reference/opa-api.md, "§n"). Where the sheet says the
real behaviour is unknown, the rule is marked "simulator choice" and listed in the README.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional

# Go's zero time: "no expiry" on keys, and deleted_at of live groups in ASA examples (§4.4).
ZERO_TIME = "0001-01-01T00:00:00Z"

FLAVORS = {
    # §8 and §9: role names per flavour; which roles a group may be created with, which an
    # update may set, and which let a service user administer service users (simulator choice
    # beyond "list": OPA needs pam_admin for writes; ASA needs access_admin for everything).
    "opa": {
        "create_roles": {"pam_admin", "resource_admin", "security_admin"},
        "update_roles": {"pam_admin", "resource_admin", "security_admin", "end_user"},
        "read_roles": {"pam_admin", "security_admin", "resource_admin", "delegated_resource_admin"},
        "write_roles": {"pam_admin"},
        "admin_role": "pam_admin",
    },
    "asa": {
        "create_roles": {"access_user", "access_admin", "reporting_user"},
        "update_roles": {"access_user", "access_admin", "reporting_user"},
        "read_roles": {"access_admin"},
        "write_roles": {"access_admin"},
        "admin_role": "access_admin",
    },
}

USER_STATUSES = ("ACTIVE", "DISABLED", "DELETED")
# Simulator choice (the sheet names no rule): 1-100 characters, letters, digits, ".", "_", "-",
# starting with a letter or digit. Linux and Windows account names are derived from it (§3.2).
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.IGNORECASE)
MAX_PAGE_SIZE = 100


class OpaError(Exception):
    """An error answer: HTTP status, the documented error id (§5) and a message."""

    def __init__(self, status, error_type, message, errors=None):
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message
        self.errors = errors or []


def not_found(what):
    return OpaError(404, "resource_does_not_exist", "%s does not exist" % what)


def invalid(message, path=None):
    errors = [{"path": path, "message": message}] if path else []
    return OpaError(400, "invalid_request", message, errors)


def format_time(moment):
    """RFC 3339 the way Go's encoding/json writes a time.Time (RFC3339Nano): fractional seconds
    with trailing zeros dropped, none when the fraction is zero."""
    if moment is None:
        return None
    text = datetime.fromtimestamp(moment, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0").rstrip(".")
    return text + "Z"


@dataclass
class User:
    id: str
    name: str
    status: str = "ACTIVE"
    user_type: str = "service"
    created_at: float = 0.0
    deleted_at: Optional[float] = None


@dataclass
class Key:
    id: str
    user_name: str
    secret_sha256: str
    issued_at: float
    expires_at: Optional[float] = None
    last_used: Optional[float] = None


@dataclass
class Group:
    id: str
    name: str
    roles: List[str] = field(default_factory=list)
    members: List[str] = field(default_factory=list)
    deleted_at: Optional[float] = None
    # Resource groups that name this group among their delegated admins (§8): the API then
    # reports the role delegated_resource_admin, which group create and update never accept.
    delegated_resource_groups: List[str] = field(default_factory=list)


@dataclass
class Token:
    jti: str
    key_id: str
    user_name: str
    expires_at: float


@dataclass
class Team:
    name: str
    users: Dict[str, User] = field(default_factory=dict)
    keys: Dict[str, Key] = field(default_factory=dict)
    groups: Dict[str, Group] = field(default_factory=dict)
    tokens: Dict[str, Token] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data):
        return cls(
            name=data["name"],
            users={k: User(**v) for k, v in data.get("users", {}).items()},
            keys={k: Key(**v) for k, v in data.get("keys", {}).items()},
            groups={k: Group(**v) for k, v in data.get("groups", {}).items()},
            tokens={k: Token(**v) for k, v in data.get("tokens", {}).items()},
        )


def hash_secret(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret():
    # 64 random bytes, base64: the shape of the documented example secret (§2).
    return base64.b64encode(secrets.token_bytes(64)).decode("ascii")


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class OpaService:
    """All teams of one sandbox. Callers hold ``lock`` (in the HTTP app) around each call."""

    def __init__(self, settings, clock):
        self.settings = settings
        self.clock = clock
        self.flavor = FLAVORS[settings.flavor]
        self.teams: Dict[str, Team] = {}
        self.signing_key = secrets.token_hex(32)
        # (team, collection, key) of every record changed since take_changes last ran: the
        # journal saves only those (persistence.py).
        self.changed = set()
        # Bearer tokens whose signature was checked, with their payloads: checking is pure
        # computation on the token and the signing key, so it is done once per token.
        self.verified = {}

    # -- persistence ------------------------------------------------------------------------

    def _touch(self, team, collection, key):
        self.changed.add((team.name, collection, key))

    def take_changes(self):
        """The records changed since the last call, as journal operations on ``to_dict()``."""
        operations = []
        for team_name, collection, key in sorted(self.changed):
            team = self.teams.get(team_name)
            record = getattr(team, collection).get(key) if team else None
            path = ("teams", team_name, collection, key)
            operations.append(("set", path, asdict(record)) if record is not None else ("delete", path))
        self.changed.clear()
        return operations

    def to_dict(self):
        return {"signing_key": self.signing_key, "teams": {name: asdict(team) for name, team in self.teams.items()}}

    def load_dict(self, data):
        self.signing_key = data["signing_key"]
        self.verified = {}
        self.changed.clear()
        self.teams = {name: Team.from_dict(team) for name, team in data["teams"].items()}

    def load_seed(self, seed):
        """Teams with a bootstrap admin: a service user in an admin group, with one key."""
        self.teams = {}
        self.changed.clear()
        now = self.clock()
        for team_seed in seed["teams"]:
            team = Team(name=team_seed["name"])
            admin = team_seed["admin"]
            team.users[admin["user"]] = User(id=str(uuid.uuid4()), name=admin["user"], created_at=now)
            team.groups[admin["group"]] = Group(
                id=str(uuid.uuid4()), name=admin["group"], roles=[self.flavor["admin_role"]], members=[admin["user"]]
            )
            team.keys[admin["key_id"]] = Key(
                id=admin["key_id"], user_name=admin["user"], secret_sha256=hash_secret(admin["key_secret"]), issued_at=now
            )
            for group_seed in team_seed.get("groups") or ():
                self._seed_group(team, group_seed, now)
            # Many users at once, for tests that need several pages (§6).
            bulk = team_seed.get("bulk_service_users")
            if bulk:
                for number in range(int(bulk["count"])):
                    name = "%s%04d" % (bulk["prefix"], number)
                    team.users[name] = User(id=str(uuid.uuid4()), name=name, created_at=now)
            self.teams[team.name] = team

    def _seed_group(self, team, group_seed, now):
        """A seeded group: roles as create and update take them, members created as service
        users when missing, and the resource groups it is a delegated admin of (OPA only)."""
        roles = group_seed.get("roles") or ()
        if isinstance(roles, dict):
            # Role names differ between the flavours (§9): one list per flavour.
            roles = roles.get(self.settings.flavor) or ()
        roles = self._check_roles(list(roles), self.flavor["update_roles"])
        delegated = list(group_seed.get("delegated_admin_of") or ())
        if delegated and self.settings.flavor != "opa":
            delegated = []
        for member in group_seed.get("members") or ():
            team.users.setdefault(member, User(id=str(uuid.uuid4()), name=member, created_at=now))
        team.groups[group_seed["name"]] = Group(
            id=str(uuid.uuid4()),
            name=group_seed["name"],
            roles=roles,
            members=list(group_seed.get("members") or ()),
            delegated_resource_groups=delegated,
        )

    # -- rendering (§3, §4, §8, §9) ---------------------------------------------------------

    def render_user(self, team, user):
        body = {
            "id": user.id,
            "name": user.name,
            "status": user.status,
            "user_type": user.user_type,
            "details": None,
            "deleted_at": format_time(user.deleted_at),
        }
        if self.settings.flavor == "opa":
            body["team_name"] = team.name
        else:
            body["oauth_client_application_id"] = None
            body["role_grants"] = None
        return body

    @staticmethod
    def render_key(key, secret=None):
        body = {
            "id": key.id,
            "issued_at": format_time(key.issued_at),
            "expires_at": format_time(key.expires_at) if key.expires_at is not None else ZERO_TIME,
            "last_used": format_time(key.last_used),
        }
        if secret is not None:
            body["secret"] = secret
        return body

    def render_group(self, group):
        deleted_at = format_time(group.deleted_at)
        if deleted_at is None and self.settings.flavor == "asa":
            deleted_at = ZERO_TIME
        return {"id": group.id, "name": group.name, "roles": self.group_roles(group), "deleted_at": deleted_at}

    @staticmethod
    def group_roles(group):
        """The roles the API reports: those set on the group, plus delegated_resource_admin while
        a resource group names it among its delegated admins (§8)."""
        roles = set(group.roles)
        if group.delegated_resource_groups:
            roles.add("delegated_resource_admin")
        return sorted(roles)

    # -- lookups --------------------------------------------------------------------------------

    def user(self, team, name):
        user = team.users.get(name)
        if user is None:
            raise not_found("service user %s" % name)
        return user

    def live_group(self, team, name):
        group = team.groups.get(name)
        if group is None or group.deleted_at is not None:
            raise not_found("group %s" % name)
        return group

    def key_is_usable(self, key):
        return key.expires_at is None or key.expires_at > self.clock()

    # -- tokens (§2) ------------------------------------------------------------------------

    def issue_token(self, team_name, key_id, key_secret):
        if not isinstance(key_id, str) or not UUID_PATTERN.match(key_id):
            raise invalid("key_id must be a UUID", "key_id")
        if not isinstance(key_secret, str) or not 1 <= len(key_secret) <= 512:
            raise invalid("key_secret must be a string of 1 to 512 characters", "key_secret")
        unauthorized = OpaError(401, "authentication_error", "Invalid key_id or key_secret")
        team = self.teams.get(team_name)
        key = team.keys.get(key_id) if team else None
        if key is None or not hmac.compare_digest(key.secret_sha256, hash_secret(key_secret)) or not self.key_is_usable(key):
            raise unauthorized
        user = team.users.get(key.user_name)
        if user is None or user.status != "ACTIVE":
            raise unauthorized
        now = self.clock()
        key.last_used = now
        self._touch(team, "keys", key.id)
        # Whole seconds: the JWT's exp equals expires_at in the documented example (§2).
        expires_at = float(int(now + self.settings.token_lifetime))
        token = Token(jti=str(uuid.uuid4()), key_id=key.id, user_name=user.name, expires_at=expires_at)
        team.tokens[token.jti] = token
        self._touch(team, "tokens", token.jti)
        payload = {
            "exp": int(token.expires_at),
            "iss": "pamops.sandbox",
            "jti": token.jti,
            "team": team.name,
            "user": user.name,
        }
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64url(json.dumps(payload, sort_keys=True).encode())
        signature = _b64url(hmac.new(self.signing_key.encode(), ("%s.%s" % (header, body)).encode(), hashlib.sha256).digest())
        return {"bearer_token": "%s.%s.%s" % (header, body, signature), "expires_at": format_time(token.expires_at), "team_name": team.name}

    def authenticate(self, team_name, authorization):
        """The user a bearer token stands for, or 401 (§2, checklist 2)."""
        unauthorized = OpaError(401, "authentication_error", "A valid bearer token is required; get a new one from service_token")
        if not authorization or not authorization.startswith("Bearer "):
            raise unauthorized
        payload = self.verified.get(authorization)
        if payload is None:
            payload = self._verify(authorization, unauthorized)
            if len(self.verified) >= 10000:
                self.verified = {}
            self.verified[authorization] = payload
        team = self.teams.get(team_name)
        if team is None or payload.get("team") != team_name:
            raise unauthorized
        token = team.tokens.get(payload.get("jti"))
        if token is None or token.expires_at <= self.clock():
            raise unauthorized
        # A token dies with its key: deleted or expired keys invalidate it (§2).
        key = team.keys.get(token.key_id)
        user = team.users.get(token.user_name)
        if key is None or not self.key_is_usable(key) or user is None or user.status != "ACTIVE":
            raise unauthorized
        return team, user

    def _verify(self, authorization, unauthorized):
        parts = authorization[len("Bearer "):].strip().split(".")
        if len(parts) != 3:
            raise unauthorized
        expected = _b64url(hmac.new(self.signing_key.encode(), ("%s.%s" % (parts[0], parts[1])).encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, parts[2]):
            raise unauthorized
        try:
            payload = json.loads(_b64url_decode(parts[1]))
        except ValueError:
            raise unauthorized from None
        if not isinstance(payload, dict):
            raise unauthorized
        return payload

    def revoke_all_tokens(self):
        count = 0
        for team in self.teams.values():
            count += len(team.tokens)
            for jti in team.tokens:
                self._touch(team, "tokens", jti)
            team.tokens.clear()
        return count

    def forget_expired_tokens(self, team):
        now = self.clock()
        for jti in [jti for jti, token in team.tokens.items() if token.expires_at <= now]:
            del team.tokens[jti]
            self._touch(team, "tokens", jti)

    # -- authorisation --------------------------------------------------------------------------

    def roles_of(self, team, user_name):
        roles = set()
        for group in team.groups.values():
            if group.deleted_at is None and user_name in group.members:
                roles.update(self.group_roles(group))
        return roles

    def require_role(self, team, user, write):
        allowed = self.flavor["write_roles"] if write else self.flavor["read_roles"]
        if not self.roles_of(team, user.name) & allowed:
            # §5: 403 forbidden_error, or 401 authorization_error ("the current User doesn't
            # have permission") when the setting asks for it.
            status = self.settings.missing_role_status
            raise OpaError(
                status,
                "authorization_error" if status == 401 else "forbidden_error",
                "%s lacks a role that allows this (needs one of: %s)" % (user.name, ", ".join(sorted(allowed))),
            )

    # -- service users (§3) ------------------------------------------------------------------

    def list_users(self, team, contains=None, starts_with=None, statuses=None):
        # Simulator choice: DELETED users are listed only when a status filter asks for them.
        wanted = set(statuses) if statuses else {"ACTIVE", "DISABLED"}
        users = [
            u
            for u in team.users.values()
            if u.status in wanted and (not contains or contains in u.name) and (not starts_with or u.name.startswith(starts_with))
        ]
        return sorted(users, key=lambda u: u.name)

    def create_user(self, team, name):
        if not isinstance(name, str) or not USER_NAME.match(name):
            raise invalid(
                "name must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit", "name"
            )
        if name in team.users:
            # §3.2: a DELETED user's name stays reserved.
            existing = team.users[name]
            detail = " (a deleted user keeps its name reserved)" if existing.status == "DELETED" else ""
            raise OpaError(409, "resource_already_exists", "service user %s already exists%s" % (name, detail))
        user = User(id=str(uuid.uuid4()), name=name, created_at=self.clock())
        team.users[name] = user
        self._touch(team, "users", name)
        return user

    def update_user(self, team, caller, name, body):
        user = self.user(team, name)
        status = body.get("status")
        if status not in USER_STATUSES:
            raise invalid("status must be one of ACTIVE, DISABLED, DELETED", "status")
        if "name" in body and body["name"] not in (None, name):
            # Simulator choice: renaming is unknown (§3.4), so it is refused.
            raise invalid("a service user cannot be renamed", "name")
        if status == user.status:
            return user
        if caller.name == user.name:
            raise invalid("Users can't disable or delete their own account", "status")
        if user.status == "DELETED":
            # Simulator choice (§3.6): DELETED is terminal and the name stays reserved.
            raise invalid("service user %s is deleted; a deleted user cannot be reactivated or disabled" % name, "status")
        user.status = status
        self._touch(team, "users", name)
        if status == "DELETED":
            user.deleted_at = self.clock()
            for group in team.groups.values():
                if name in group.members:
                    group.members.remove(name)
                    self._touch(team, "groups", group.name)
        return user

    # -- keys (§4) ----------------------------------------------------------------------------

    def list_keys(self, team, user_name):
        self.user(team, user_name)
        return sorted((k for k in team.keys.values() if k.user_name == user_name), key=lambda k: (k.issued_at, k.id))

    def rotate_key(self, team, user_name):
        user = self.user(team, user_name)
        if user.status == "DELETED":
            raise invalid("service user %s is deleted" % user_name)
        existing = self.list_keys(team, user_name)
        if self.settings.max_keys_per_user and len(existing) >= self.settings.max_keys_per_user:
            raise OpaError(403, "quota_exceeded", "service user %s already has %d keys" % (user_name, len(existing)))
        now = self.clock()
        # §4.2: rotation puts an expiry on the other keys; a sooner expiry already set is kept.
        for key in existing:
            if key.expires_at is None:
                key.expires_at = now + self.settings.key_grace
                self._touch(team, "keys", key.id)
        secret = new_secret()
        key = Key(id=str(uuid.uuid4()), user_name=user_name, secret_sha256=hash_secret(secret), issued_at=now)
        team.keys[key.id] = key
        self._touch(team, "keys", key.id)
        return key, secret

    def delete_key(self, team, user_name, key_id):
        self.user(team, user_name)
        key = team.keys.get(key_id)
        if key is None or key.user_name != user_name:
            raise not_found("key %s of service user %s" % (key_id, user_name))
        del team.keys[key_id]
        self._touch(team, "keys", key_id)

    # -- groups and membership (§8) ----------------------------------------------------------

    def _check_roles(self, roles, allowed):
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise invalid("roles must be a list of role names", "roles")
        unknown = sorted(set(roles) - allowed)
        if unknown:
            raise invalid("unknown role(s) %s; allowed: %s" % (", ".join(unknown), ", ".join(sorted(allowed))), "roles")
        return sorted(set(roles))

    def list_groups(self, team, contains=None, include_deleted=False, only_deleted=False):
        groups = []
        for group in team.groups.values():
            deleted = group.deleted_at is not None
            if only_deleted and not deleted or deleted and not (include_deleted or only_deleted):
                continue
            if contains and contains not in group.name:
                continue
            groups.append(group)
        return sorted(groups, key=lambda g: g.name)

    def get_group(self, team, name):
        group = team.groups.get(name)
        if group is None:
            raise not_found("group %s" % name)
        return group

    def create_group(self, team, body):
        name = body.get("name")
        if not isinstance(name, str) or not GROUP_NAME.match(name):
            raise invalid("name must be 1-100 characters of letters, digits, spaces, '.', '_' or '-'", "name")
        roles = self._check_roles(body.get("roles", []), self.flavor["create_roles"])
        if name in team.groups:
            existing = team.groups[name]
            detail = " (a deleted group keeps its name reserved)" if existing.deleted_at is not None else ""
            raise OpaError(409, "resource_already_exists", "group %s already exists%s" % (name, detail))
        group = Group(id=str(uuid.uuid4()), name=name, roles=roles)
        team.groups[name] = group
        self._touch(team, "groups", name)
        return group

    def update_group(self, team, name, body):
        group = self.live_group(team, name)
        group.roles = self._check_roles(body.get("roles"), self.flavor["update_roles"])
        self._touch(team, "groups", name)

    def delete_group(self, team, name):
        group = self.live_group(team, name)
        group.deleted_at = self.clock()
        group.members = []
        self._touch(team, "groups", name)

    def add_member(self, team, group_name, body):
        group = self.live_group(team, group_name)
        user_name = body.get("name")
        if not isinstance(user_name, str) or not user_name:
            raise invalid("name of the user to add is required", "name")
        user = self.user(team, user_name)
        if user.status == "DELETED":
            raise invalid("service user %s is deleted" % user_name, "name")
        # Simulator choice (§8): adding a member twice is a no-op 204.
        if user_name not in group.members:
            group.members.append(user_name)
            self._touch(team, "groups", group_name)

    def remove_member(self, team, group_name, user_name):
        group = self.live_group(team, group_name)
        if user_name not in group.members:
            # Simulator choice (§8): removing a non-member is 404.
            raise not_found("user %s in group %s" % (user_name, group_name))
        group.members.remove(user_name)
        self._touch(team, "groups", group_name)

    def list_members(self, team, group_name, contains=None, starts_with=None, statuses=None):
        group = self.live_group(team, group_name)
        users = [team.users[n] for n in group.members if n in team.users]
        return sorted(
            (
                u
                for u in users
                if (not statuses or u.status in statuses)
                and (not contains or contains in u.name)
                and (not starts_with or u.name.startswith(starts_with))
            ),
            key=lambda u: u.name,
        )

    def groups_of_user(self, team, user_name):
        self.user(team, user_name)
        return sorted((g for g in team.groups.values() if g.deleted_at is None and user_name in g.members), key=lambda g: g.name)
