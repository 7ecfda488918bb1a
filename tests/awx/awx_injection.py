# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What AWX does with a custom credential type, rewritten for the tests.

Modelled on AWX's own code (awx_plugins.interfaces' ``inject_credential`` and
``build_safe_env``, and awx/main/fields.py ``CredentialTypeInjectorField``), so that a type
AWX would refuse is refused here, and the environment, extra vars and files a job gets are the
ones AWX would give it:
- templates are rendered by Jinja's ImmutableSandboxedEnvironment over the credential's inputs;
  an input left empty is not in the namespace at all (it renders as '');
- each ``file`` injector is written to a fresh temporary file under ``<private_data_dir>/env``,
  and its path is ``tower.filename`` (one unnamed ``template``) or ``tower.filename.<name>``
  (``template.<name>``);
- ``extra_vars`` go to a YAML file in ``env/`` passed as ``-e @file``;
- AWX refuses, when the type is saved, environment variables named ``ANSIBLE_*`` or on its
  block list, and templates that name a variable no input defines.
"""

import os
import re
import stat
import tempfile
import types

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

HIDDEN_PASSWORD = "*" * 10
# Variables a credential may not set, as AWX lists them.
ENV_BLOCKLIST = frozenset(
    (
        "VIRTUAL_ENV",
        "PATH",
        "PYTHONPATH",
        "JOB_ID",
        "INVENTORY_ID",
        "INVENTORY_SOURCE_ID",
        "INVENTORY_UPDATE_ID",
        "AD_HOC_COMMAND_ID",
        "REST_API_URL",
        "REST_API_TOKEN",
        "MAX_EVENT_RES",
        "CALLBACK_QUEUE",
        "CALLBACK_CONNECTION",
        "CACHE",
        "JOB_CALLBACK_DEBUG",
        "INVENTORY_HOSTVARS",
        "AWX_HOST",
        "PROJECT_REVISION",
        "SUPERVISOR_CONFIG_PATH",
    )
)
FIELD_TYPES = ("string", "boolean")
INJECTOR_KINDS = ("file", "env", "extra_vars")
ENV_NAME = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")
FILE_LABEL = re.compile(r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$")


class CredentialTypeError(ValueError):
    """AWX would refuse to save this credential type."""


def load_credential_type(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def secret_fields(credential_type):
    return [str(field["id"]) for field in credential_type["inputs"].get("fields", []) if field.get("secret", False) is True]


def validate_credential_type(credential_type):
    """Raise CredentialTypeError for what AWX's input and injector validation refuses."""
    if credential_type.get("kind") not in ("cloud", "net"):
        raise CredentialTypeError("kind must be cloud or net for a custom credential type")
    fields = credential_type["inputs"].get("fields", [])
    ids = [str(field.get("id", "")) for field in fields]
    if len(set(ids)) != len(ids) or not all(ids):
        raise CredentialTypeError("every input field needs a unique id")
    if "tower" in ids:
        raise CredentialTypeError('"tower" is a reserved field name')
    for field in fields:
        if field.get("type", "string") not in FIELD_TYPES:
            raise CredentialTypeError("field %s: type must be one of %s" % (field["id"], FIELD_TYPES))
        if not field.get("label"):
            raise CredentialTypeError("field %s needs a label" % field["id"])
        if "choices" in field and field.get("default", field["choices"][0]) not in field["choices"]:
            raise CredentialTypeError("field %s: default is not among its choices" % field["id"])
    for name in credential_type["inputs"].get("required", []):
        if name not in ids:
            raise CredentialTypeError("required names %s, which is no field" % name)
    injectors = credential_type.get("injectors", {})
    unknown = set(injectors) - set(INJECTOR_KINDS)
    if unknown:
        raise CredentialTypeError("unknown injector kinds %s" % sorted(unknown))
    for label in injectors.get("file", {}):
        if not FILE_LABEL.match(label):
            raise CredentialTypeError("file injector %s must be named template or template.<name>" % label)
    for env_var in injectors.get("env", {}):
        if not ENV_NAME.match(env_var):
            raise CredentialTypeError("%s is not a valid environment variable name" % env_var)
        if env_var.startswith("ANSIBLE_"):
            raise CredentialTypeError("environment variable %s may affect Ansible configuration: AWX refuses it" % env_var)
        if env_var in ENV_BLOCKLIST:
            raise CredentialTypeError("environment variable %s is not allowed in credentials" % env_var)
    # Every template must render when each input holds an example value, with strict undefined.
    example = {field_id: True if field.get("type") == "boolean" else "EXAMPLE" for field_id, field in zip(ids, fields)}
    files = injectors.get("file", {})
    if "template" in files:
        filename = "EXAMPLE_FILENAME"
    else:
        filename = types.SimpleNamespace(**dict((label.split(".", 1)[1], "EXAMPLE_FILENAME") for label in files))
    example["tower"] = types.SimpleNamespace(filename=filename)
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind in INJECTOR_KINDS:
        for key, template in _flatten(injectors.get(kind, {})):
            try:
                strict.from_string(template).render(**example)
            except Exception as exc:  # Jinja raises several types; AWX reports them all alike.
                raise CredentialTypeError("%s injector %s does not render: %s" % (kind, key, exc))


def _flatten(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flatten(value, "%s%s." % (prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _flatten(value, "%s%d." % (prefix, index))
    else:
        yield prefix.rstrip("."), node


def build_safe_env(env):
    """AWX's heuristic for the copy of the environment it stores with the job."""
    safe_env = dict(env)
    for key, value in safe_env.items():
        is_special = key == "AWS_ACCESS_KEY_ID" or (
            key.startswith("ANSIBLE_") and not key.startswith("ANSIBLE_NET") and not key.startswith("ANSIBLE_GALAXY_SERVER")
        )
        if is_special:
            continue
        if re.search("API|TOKEN|KEY|SECRET|PASS", key, re.I):
            safe_env[key] = HIDDEN_PASSWORD
    return safe_env


def inject_credential(credential_type, inputs, env, safe_env, args, private_data_dir):
    """Add what one credential injects to ``env``, ``safe_env`` and ``args``, as AWX does."""
    secrets = secret_fields(credential_type)
    namespace = {}
    safe_namespace = {}
    tower = types.SimpleNamespace(filename=None)
    namespace["tower"] = safe_namespace["tower"] = tower
    for name, value in inputs.items():
        if isinstance(value, bool):
            namespace[name] = safe_namespace[name] = value
            continue
        if name in secrets:
            safe_namespace[name] = HIDDEN_PASSWORD
        elif value:
            safe_namespace[name] = value
        if value:
            namespace[name] = value
    for field in credential_type["inputs"].get("fields", []):
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = safe_namespace[field["id"]] = False

    sandbox = ImmutableSandboxedEnvironment()
    env_dir = os.path.join(private_data_dir, "env")
    os.makedirs(env_dir, exist_ok=True)
    single_file = None
    named_files = {}
    for label, template in credential_type["injectors"].get("file", {}).items():
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as written:
            written.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." in label:
            named_files[label.split(".", 1)[1]] = path
        else:
            single_file = path
    tower.filename = single_file or types.SimpleNamespace(**named_files)

    for env_var, template in credential_type["injectors"].get("env", {}).items():
        if env_var in ENV_BLOCKLIST:
            continue
        env[env_var] = sandbox.from_string(template).render(**namespace)
        safe_env[env_var] = sandbox.from_string(template).render(**safe_namespace)

    extra_vars = _render_extra_vars(sandbox, namespace, credential_type["injectors"].get("extra_vars", {}))
    if extra_vars:
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as written:
            written.write(yaml.safe_dump(extra_vars))
        os.chmod(path, stat.S_IRUSR)
        args.extend(["-e", "@%s" % path])


def _render_extra_vars(sandbox, namespace, node):
    if isinstance(node, dict):
        return dict((str(_render_extra_vars(sandbox, namespace, k)), _render_extra_vars(sandbox, namespace, v)) for k, v in node.items())
    if isinstance(node, list):
        return [_render_extra_vars(sandbox, namespace, entry) for entry in node]
    return sandbox.from_string(node).render(**namespace)
