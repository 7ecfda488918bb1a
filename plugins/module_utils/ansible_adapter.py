# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place where the HTTP layer and the service clients meet AnsibleModule.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

It merges the shared connection options into a module's argument spec, builds the clients
from them, and turns ApiError and missing libraries into clear ``fail_json`` messages.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.client import HttpClient
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError, MissingLibraryError
from ansible_collections.pamops.okta.plugins.module_utils.opa.client import OpaClient
from ansible_collections.pamops.okta.plugins.module_utils.plan import BULK_STATES, PlanError, apply_changes, diff_of, plan_changes, summarize
from ansible_collections.pamops.okta.plugins.module_utils.vault.auth import AUTH_METHODS
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import VaultClient

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "pamops.okta/%s" % COLLECTION_VERSION

# Documented once, in the pamops.okta.opa doc fragment. Environment variables are read only
# when the option is not set, with the names Terraform's oktapam provider uses.
OPA_CONNECTION_SPEC = dict(
    api_host=dict(type="str", default="https://app.scaleft.com", fallback=(env_fallback, ["OKTAPAM_API_HOST"])),
    team=dict(type="str", fallback=(env_fallback, ["OKTAPAM_TEAM"])),
    key_id=dict(type="str", no_log=False, fallback=(env_fallback, ["OKTAPAM_KEY"])),
    key_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["OKTAPAM_SECRET"])),
    ca_cert=dict(type="path", fallback=(env_fallback, ["OKTAPAM_CA_CERT"])),
    validate_certs=dict(type="bool", default=True),
    timeout=dict(type="float", default=30),
    retries=dict(type="int", default=3),
    rate_limit_max_wait=dict(type="float", default=120),
)
OPA_BEARER_TOKEN_SPEC = dict(bearer_token=dict(type="str", no_log=True))

# Documented in the pamops.okta.vault_connection and pamops.okta.vault_auth doc fragments, with
# community.hashi_vault's option names. validate_certs has no default: unset, it follows
# VAULT_SKIP_VERIFY (inverted), as the Vault CLI does. The Vault CLI has no variables for the
# login options: they read VAULT_<OPTION> (AWX credential types may not set ANSIBLE_* variables),
# then community.hashi_vault's ANSIBLE_HASHI_VAULT_<OPTION>.
VAULT_CONNECTION_SPEC = dict(
    url=dict(type="str", fallback=(env_fallback, ["VAULT_ADDR"])),
    namespace=dict(type="str", fallback=(env_fallback, ["VAULT_NAMESPACE"])),
    ca_cert=dict(type="path", fallback=(env_fallback, ["VAULT_CACERT"])),
    validate_certs=dict(type="bool"),
    timeout=dict(type="float", default=30),
    retries=dict(type="int", default=3),
)
VAULT_AUTH_SPEC = dict(
    auth_method=dict(
        type="str", choices=sorted(AUTH_METHODS), default="token", fallback=(env_fallback, ["VAULT_AUTH_METHOD", "ANSIBLE_HASHI_VAULT_AUTH_METHOD"])
    ),
    auth_mount_point=dict(type="str", fallback=(env_fallback, ["VAULT_AUTH_MOUNT_POINT", "ANSIBLE_HASHI_VAULT_MOUNT_POINT"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["VAULT_TOKEN"])),
    token_path=dict(type="path", no_log=False),
    role_id=dict(type="str", no_log=False, fallback=(env_fallback, ["VAULT_ROLE_ID", "ANSIBLE_HASHI_VAULT_ROLE_ID"])),
    secret_id=dict(type="str", no_log=True, fallback=(env_fallback, ["VAULT_SECRET_ID", "ANSIBLE_HASHI_VAULT_SECRET_ID"])),
    username=dict(type="str", fallback=(env_fallback, ["VAULT_USERNAME", "ANSIBLE_HASHI_VAULT_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["VAULT_PASSWORD", "ANSIBLE_HASHI_VAULT_PASSWORD"])),
    totp=dict(type="str", no_log=True),
)
OKTA_MOUNT_SPEC = dict(mount_point=dict(type="str", default="okta"))
# Documented in the pamops.okta.bulk doc fragment.
BULK_SPEC = dict(
    state=dict(type="str", choices=list(BULK_STATES), default="merged"),
    delete_all=dict(type="bool", default=False),
    workers=dict(type="int", default=8),
)
CONNECTION_SPECS = {"opa": [OPA_CONNECTION_SPEC], "vault": [VAULT_CONNECTION_SPEC, VAULT_AUTH_SPEC]}


class PamopsModule:
    """An AnsibleModule with the collection's connection options and error handling."""

    def __init__(self, argument_spec, connection="opa", accepts_bearer_token=True, **kwargs):
        spec = {}
        for shared in CONNECTION_SPECS[connection]:
            spec.update(shared)
        if connection == "opa" and accepts_bearer_token:
            spec.update(OPA_BEARER_TOKEN_SPEC)
        clashes = set(spec) & set(argument_spec)
        if clashes:
            # A module option must never shadow a connection option (and its no_log).
            raise ValueError("module options %s clash with the connection options" % ", ".join(sorted(clashes)))
        spec.update(argument_spec)
        self.ansible = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        self.diff_mode = self.ansible._diff
        self._clients = []

    def warn(self, message):
        self.ansible.warn(message)

    def changes_made(self):
        """Whether any client of this run has had a write accepted (or settled as applied)."""
        return any(client.changes for client in self._clients)

    def fail(self, msg, **result):
        # A task that fails after changing something says so: changed=true tells the user (and
        # handlers, and AWX) that the service is no longer as it was before the run.
        result.setdefault("changed", self.changes_made())
        self.ansible.fail_json(msg=msg, **result)

    def exit(self, **result):
        self.ansible.exit_json(**result)

    def fail_api(self, error, action, **result):
        """Fail with what was being done, what the service said, and the fix where known."""
        self.fail("Failed to %s: %s" % (action, error), api_error=error.to_dict(), **result)

    # -- clients ---------------------------------------------------------------------------

    def http_client(self, base_url, option_name, validate_certs, options=None, ca_cert_source="ca_cert"):
        """``ca_cert_source`` names the option (and its environment variable) in messages."""
        options = self.params if options is None else options
        if options["retries"] < 0 or options["timeout"] <= 0 or options.get("rate_limit_max_wait", 0) < 0:
            self.fail("retries and rate_limit_max_wait must not be negative, and timeout must be positive")
        if not validate_certs:
            self.warn("validate_certs is false: the TLS certificate of %s is not checked" % base_url)
        elif options["ca_cert"] and not os.path.isfile(options["ca_cert"]):
            # requests would only say "Could not find a suitable TLS CA certificate bundle".
            self.fail(
                "%s names %s, which is not a file: set it to the path of a PEM bundle of the certificate authorities to trust"
                % (ca_cert_source, options["ca_cert"])
            )
        try:
            return HttpClient(
                base_url,
                timeout=options["timeout"],
                validate_certs=validate_certs,
                ca_cert=options["ca_cert"],
                retries=options["retries"],
                rate_limit_max_wait=options.get("rate_limit_max_wait", 120),
                user_agent=USER_AGENT,
                # One connection per worker of a bulk module, kept alive for the whole run.
                max_connections=max(10, self.params.get("workers") or 0),
            )
        except MissingLibraryError as exc:
            self.ansible.fail_json(msg=missing_required_lib(exc.library), exception=exc.import_traceback)
        except ValueError as exc:
            self.fail("%s is not a usable URL: %s" % (option_name, exc))
        return None

    def opa_client(self):
        params = self.params
        if not params["team"]:
            self.fail("team is required: set the team option or OKTAPAM_TEAM to the OPA/ASA team name")
        bearer_token = params.get("bearer_token")
        if not bearer_token and not (params["key_id"] and params["key_secret"]):
            self.fail(
                "credentials are required: set key_id and key_secret (or OKTAPAM_KEY and OKTAPAM_SECRET) to a service "
                "user's API key, or pass bearer_token from pamops.okta.opa_token"
            )
        http = self.http_client(params["api_host"], "api_host", params["validate_certs"], ca_cert_source="ca_cert (or OKTAPAM_CA_CERT)")
        client = OpaClient(http, params["team"], params["key_id"], params["key_secret"], bearer_token)
        self._clients.append(client)
        return client

    def vault_client(self, login=True, options=None, option_prefix=""):
        """A client for ``url``, logged in with ``auth_method`` (once) unless ``login`` is false.

        ``options`` is a dict of the Vault options when they sit in a suboption (``vault`` of
        opa_service_user_key), named in messages with ``option_prefix``."""
        params = self.params if options is None else options
        if not params["url"]:
            self.fail(
                "%surl is required: set it or VAULT_ADDR to the Vault address, such as https://vault.example.com:8200" % option_prefix
            )
        validate_certs = params["validate_certs"]
        if validate_certs is None:
            # Late binding, as the Vault CLI reads it: any true-looking VAULT_SKIP_VERIFY turns checks off.
            validate_certs = os.environ.get("VAULT_SKIP_VERIFY", "").strip().lower() not in ("1", "t", "true", "yes", "on")
        http = self.http_client(
            params["url"], option_prefix + "url", validate_certs, params, ca_cert_source="%sca_cert (or VAULT_CACERT)" % option_prefix
        )
        client = VaultClient(http, params["namespace"])
        self._clients.append(client)
        if login:
            method = AUTH_METHODS[params["auth_method"]](params)
            problem = method.validate()
            if problem:
                self.fail(option_prefix + problem)
            try:
                method.authenticate(client)
            except ApiError as exc:
                self.fail_api(exc, "log in to Vault with %sauth_method=%s" % (option_prefix, params["auth_method"]))
        return client

    def read_in_mount(self, client, path, listing=False):
        """``client.read(path)`` (``client.list(path)`` when ``listing``); in check mode, a mount
        that does not exist yet reads as empty, with a warning: a play usually mounts the method a
        few tasks earlier, which check mode did not do."""
        try:
            return client.list(path) if listing else client.read(path)
        except ApiError as exc:
            if not (self.check_mode and exc.status == 404 and exc.messages):
                raise
            self.warn("%s is not mounted yet; the real run fails unless an earlier task mounts it" % self.okta_mount())
            return [] if listing else None

    def okta_mount(self):
        """The managed Okta mount's path, as ``auth/<mount_point>``."""
        mount_point = (self.params["mount_point"] or "").strip("/")
        if not mount_point:
            self.fail("mount_point must name the path of the Okta auth method, such as okta")
        return "auth/" + mount_point

    # -- the plan layer ------------------------------------------------------------------------

    def plan_single(self, resource, current, item, present):
        """The one change of a single-resource module (``present``: create or update, else
        delete), or a clear failure when the item cannot be applied."""
        try:
            changes, refused = plan_changes(resource, current, [item], "merged" if present else "deleted")
        except PlanError as exc:
            self.fail(str(exc))
        if hasattr(resource, "guard") and not refused:
            changes, refused = resource.guard(changes)
        self.warn_all(resource)
        if refused:
            self.fail(refused[0][1])
        return changes[0]

    def warn_all(self, resource):
        for warning in getattr(resource, "warnings", ()):
            self.warn(warning)

    def run_bulk(self, resource, where):
        """A bulk module's run: read, plan ``config`` under ``state``, apply unless in check mode
        (every item that can be, concurrently), and exit with counts, names, diff and failures.
        ``where`` names the place in messages (a mount, a team)."""
        params = self.params
        state = params["state"]
        config = params["config"] or []
        plural = resource.noun + "s"
        if params["workers"] < 1:
            self.fail("workers must be at least 1 (the number of requests sent at once); the default is 8")
        for index, item in enumerate(config):
            if not (item.get("name") or "").strip("/ "):
                self.fail("config[%d].name must not be empty: name every %s" % (index, resource.noun))
            problem = resource.name_problem(item["name"]) if hasattr(resource, "name_problem") else None
            if problem:
                self.fail("config[%d].name: %s" % (index, problem))
        if state == "gathered" and config:
            self.fail("state=gathered reads the %s and changes nothing: remove config" % plural)
        if state not in ("deleted", "overridden") and params["delete_all"]:
            self.fail("delete_all applies only with state=deleted or state=overridden and an empty config; remove it")
        whole_set = state in ("overridden", "gathered") or (state == "deleted" and not config)
        try:
            current = resource.read_current(None if whole_set else [item["name"] for item in config])
            if state == "gathered":
                self.exit(changed=False, gathered=[resource.config_of(current[name]) for name in sorted(current)])
            changes, refused = plan_changes(resource, current, config, state, params["delete_all"])
            if hasattr(resource, "guard"):
                changes, guarded = resource.guard(changes)
                refused += guarded
        except PlanError as exc:
            self.fail(str(exc))
        except ApiError as exc:
            self.fail_api(exc, "read the %s %s" % (plural, where))
        self.warn_all(resource)
        failures = list(refused)
        if not self.check_mode:
            failures += [(name, str(error)) for name, error in apply_changes(resource, changes, params["workers"])]
        failed_names = [name for name, _message in failures]
        summary = summarize(changes, failed_names)
        planned = any(entry["action"] != "none" for entry in changes)
        result = dict(changed=planned if self.check_mode else self.changes_made(), summary=summary)
        if planned and self.diff_mode:
            result["diff"] = diff_of(changes, failed_names)
        if failures:
            result["failed_items"] = [dict(name=name, msg=message) for name, message in failures]
            others = "The real run applies the others" if self.check_mode else "The others were applied; fix the cause and run again to converge"
            self.fail(
                "%d of %d %s %s could not be applied: %s. %s"
                % (len(failures), len(changes) + len(refused), plural, where, "; ".join("%s: %s" % failure for failure in failures), others),
                **result
            )
        self.exit(**result)
