# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection in an AWX job, for real: the credential types shipped in
extensions/awx/credential_types are injected as AWX injects them (awx_injection.py), and
ansible-runner (the engine AWX runs jobs with) runs the onboarding and rotation playbooks of
a project directory against a sandbox this module starts, over HTTPS with the CA from the
credentials' file injectors, logging in to Vault with AppRole.

Run by `make awx-test`, on the collection tree `make collection-tree` lays out under .build/.
"""

import glob
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import urllib.request
import ssl

import ansible_runner
import hvac
import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from awx_injection import (
    CredentialTypeError,
    build_safe_env,
    inject_credential,
    load_credential_type,
    secret_fields,
    validate_credential_type,
)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CREDENTIAL_TYPES = os.path.join(REPO, "extensions", "awx", "credential_types")
COLLECTIONS_PATH = os.environ.get("PAMOPS_COLLECTIONS_PATH", os.path.join(REPO, ".build"))
BIN = os.path.dirname(sys.executable)
# Variables from the developer's shell would hide a credential that fails to set them.
CONNECTION_VARIABLES = ("OKTAPAM_", "VAULT_", "ANSIBLE_HASHI_VAULT_")


def credential_type(name):
    return load_credential_type(os.path.join(CREDENTIAL_TYPES, name + ".yml"))


# -- the credential types, as AWX validates them ----------------------------------------------


@pytest.mark.parametrize("name", ["opa_service_user_key", "vault"])
def test_awx_would_accept_the_credential_type(name):
    validate_credential_type(credential_type(name))


@pytest.mark.parametrize("name", ["opa_service_user_key", "vault"])
def test_no_input_is_named_after_a_jinja_global(name):
    """An empty input is left out of the namespace, so {{ namespace }} would render Jinja's own
    namespace class (found by the job test, with the Vault namespace left empty)."""
    jinja_globals = set(ImmutableSandboxedEnvironment().globals)
    assert not jinja_globals & set(field["id"] for field in credential_type(name)["inputs"]["fields"])


def test_secrets_are_marked_secret():
    assert secret_fields(credential_type("opa_service_user_key")) == ["key_secret"]
    assert sorted(secret_fields(credential_type("vault"))) == ["password", "secret_id", "token"]


def test_awx_refuses_ansible_variables_so_none_are_injected():
    """AWX's CredentialTypeInjectorField refuses ANSIBLE_* names: the reason the Vault login
    options read VAULT_ROLE_ID and friends before community.hashi_vault's ANSIBLE_HASHI_VAULT_*."""
    refused = credential_type("vault")
    refused["injectors"]["env"]["ANSIBLE_HASHI_VAULT_ROLE_ID"] = "{{ role_id }}"
    with pytest.raises(CredentialTypeError, match="ANSIBLE_HASHI_VAULT_ROLE_ID"):
        validate_credential_type(refused)


def test_every_injected_variable_is_one_the_modules_document():
    documented = set()
    for path in glob.glob(os.path.join(REPO, "plugins", "doc_fragments", "*.py")) + glob.glob(os.path.join(REPO, "plugins", "modules", "*.py")):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        documented.update(part.split(")")[0] for part in text.split("E(")[1:])
    for name in ("opa_service_user_key", "vault"):
        injected = set(credential_type(name)["injectors"]["env"])
        assert injected <= documented, "%s injects variables no module reads: %s" % (name, sorted(injected - documented))


def test_an_empty_optional_input_injects_an_empty_variable(tmp_path):
    env, safe_env, args = {}, {}, []
    inputs = {"api_host": "https://pam.example.com", "team": "ops", "key_id": "kid", "key_secret": "sec"}
    inject_credential(credential_type("opa_service_user_key"), inputs, env, safe_env, args, str(tmp_path))
    # The modules read an empty OKTAPAM_CA_CERT as not set (the system trust store).
    assert env["OKTAPAM_CA_CERT"] == ""
    assert safe_env["OKTAPAM_SECRET"] == "*" * 10 and env["OKTAPAM_SECRET"] == "sec"
    assert args == []


def test_named_file_injectors_and_extra_vars_as_awx_renders_them(tmp_path):
    """The parts of AWX's injection the shipped types do not use, so that the helper stays faithful."""
    synthetic = {
        "kind": "cloud",
        "inputs": {"fields": [{"id": "pem", "label": "PEM", "type": "string"}, {"id": "flag", "label": "Flag", "type": "boolean"}]},
        "injectors": {
            "file": {"template.first": "{{ pem }}", "template.second": "second {{ pem }}"},
            "env": {"FIRST_FILE": "{{ tower.filename.first }}", "FLAG": "{{ flag }}"},
            "extra_vars": {"second_file": "{{ tower.filename.second }}", "listed": ["{{ pem }}"]},
        },
    }
    validate_credential_type(synthetic)
    env, safe_env, args = {}, {}, []
    inject_credential(synthetic, {"pem": "PEM"}, env, safe_env, args, str(tmp_path))
    assert open(env["FIRST_FILE"], encoding="utf-8").read() == "PEM"
    assert env["FLAG"] == "False"  # an unset boolean input is False, not empty
    assert args[0] == "-e" and args[1].startswith("@" + str(tmp_path / "env"))
    with open(args[1][1:], encoding="utf-8") as handle:
        extra_vars = yaml.safe_load(handle)
    assert extra_vars["listed"] == ["PEM"]
    assert open(extra_vars["second_file"], encoding="utf-8").read() == "second PEM"


# -- the sandbox, and an AppRole for the job ----------------------------------------------------


def free_port_pair():
    """A free port whose successor is free too (OpenBao's cluster listener takes it)."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        try:
            with socket.socket() as successor:
                successor.bind(("127.0.0.1", port + 1))
        except OSError:
            continue
        return port
    raise RuntimeError("no two consecutive free ports")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(name="sandbox", scope="module")
def sandbox_fixture(tmp_path_factory):
    state_dir = str(tmp_path_factory.mktemp("awx-sandbox"))
    command = [
        os.path.join(BIN, "pamops-sandbox"), "start", "--state-dir", state_dir, "--tls",
        "--opa-port", str(free_port()), "--vault-port", str(free_port()), "--bao-port", str(free_port_pair()),
    ]
    started = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
    variables = {}
    for line in started.stdout.splitlines():
        if line.startswith("export "):
            name, _sep, value = line[len("export "):].partition("=")
            variables[name] = shlex.split(value)[0] if value else ""
    try:
        yield variables
    finally:
        subprocess.run([os.path.join(BIN, "pamops-sandbox"), "stop", "--state-dir", state_dir], check=False, timeout=60)


@pytest.fixture(name="approle", scope="module")
def approle_fixture(sandbox):
    """An AppRole whose tokens may manage the Okta mount and write the key secrets to KV."""
    admin = hvac.Client(url=sandbox["VAULT_ADDR"], token=sandbox["VAULT_TOKEN"], verify=sandbox["VAULT_CACERT"])
    admin.sys.enable_auth_method("approle")
    admin.sys.create_or_update_policy(
        "awx-job",
        'path "*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }',
    )
    admin.auth.approle.create_or_update_approle("awx-job", token_policies=["awx-job"], token_ttl="10m")
    role_id = admin.auth.approle.read_role_id("awx-job")["data"]["role_id"]
    secret_id = admin.auth.approle.generate_secret_id("awx-job")["data"]["secret_id"]
    return {"role_id": role_id, "secret_id": secret_id, "root_token": sandbox["VAULT_TOKEN"]}


def writes_so_far(sandbox):
    context = ssl.create_default_context(cafile=sandbox["OKTAPAM_CA_CERT"])
    total = 0
    for address in (sandbox["OKTAPAM_API_HOST"], sandbox["VAULT_ADDR"]):
        with urllib.request.urlopen(address + "/_sandbox/requests", context=context, timeout=30) as answer:
            total += json.load(answer)["writes"]
    return total


def stored_key(sandbox):
    admin = hvac.Client(url=sandbox["VAULT_ADDR"], token=sandbox["VAULT_TOKEN"], verify=sandbox["VAULT_CACERT"])
    return admin.secrets.kv.v2.read_secret_version(path="opa/svc-deploy", mount_point="secret", raise_on_deleted_version=True)["data"]["data"]


# -- jobs ----------------------------------------------------------------------------------------


class Job:
    """One AWX job: a private data directory with the project, the inventory and the
    credentials' files, run by ansible-runner with the environment AWX would build."""

    def __init__(self, root, number, playbook, credentials, check=False, verbosity=0):
        self.ident = "job-%d" % number
        self.private_data_dir = os.path.join(root, self.ident)
        shutil.copytree(os.path.join(HERE, "project"), os.path.join(self.private_data_dir, "project"))
        os.makedirs(os.path.join(self.private_data_dir, "inventory"))
        with open(os.path.join(self.private_data_dir, "inventory", "hosts"), "w", encoding="utf-8") as hosts:
            # Interpreter discovery would find a pyenv shim; AWX's EE has one Python, as this venv.
            hosts.write("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        # What the execution environment provides (AWX lets no credential set PATH).
        self.env = {"PATH": BIN + os.pathsep + os.environ["PATH"], "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_LOCALHOST_WARNING": "false"}
        self.safe_env, args = {}, []
        for definition, inputs in credentials:
            inject_credential(definition, inputs, self.env, self.safe_env, args, self.private_data_dir)
        if check:
            args.append("--check")
        if verbosity:
            args.append("-" + "v" * verbosity)
        self.started_env = {}
        self.runner = ansible_runner.run(
            private_data_dir=self.private_data_dir,
            playbook=playbook,
            inventory=os.path.join(self.private_data_dir, "inventory", "hosts"),
            envvars=self.env,
            cmdline=" ".join(shlex.quote(arg) for arg in args),
            # AWX's default (AWX_RUNNER_OMIT_ENV_FILES): the environment is not written to env/envvars.
            suppress_env_files=True,
            status_handler=self.on_status,
            quiet=True,
            ident=self.ident,
            timeout=600,
        )
        self.events = list(self.runner.events)
        with open(self.runner.stdout.name, encoding="utf-8") as handle:
            self.stdout = handle.read()

    def on_status(self, status_data, runner_config=None):
        # AWX keeps build_safe_env() of this environment with the job, for users to read.
        if status_data.get("status") == "starting":
            self.started_env = status_data.get("env") or {}

    def task_results(self):
        """{task name: changed} of every task that ran, from the job events."""
        results = {}
        for event in self.events:
            if event.get("event") == "runner_on_ok":
                data = event["event_data"]
                results[data["task"]] = results.get(data["task"], False) or bool(data["res"].get("changed"))
        return results

    def changed(self):
        return self.runner.stats["changed"].get("localhost", 0)

    def leaked(self, secrets):
        """Each (secret name, place) where a secret appears in what the job left or shows.

        ansible-runner writes artifacts/<ident>/command with the whole process environment,
        whatever the options (and env.list for a container run): there the credentials' variables
        are by design, as in the job's own environment, and AWX deletes the directory after the
        job (AWX_CLEANUP_PATHS). The rest of that file, and every other file, must hold none."""
        places = [
            ("stdout", self.stdout),
            ("events", json.dumps(self.events)),
            ("AWX's stored job environment", json.dumps(build_safe_env(self.started_env))),
            ("AWX's stored credential environment", json.dumps(self.safe_env)),
        ]
        command_file = os.path.join(self.private_data_dir, "artifacts", self.ident, "command")
        for folder, _dirs, files in os.walk(self.private_data_dir):
            for name in files:
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", "replace")
                if path == command_file:
                    recorded = json.loads(text)
                    assert set(recorded) == set(["command", "cwd", "env"])
                    text = json.dumps([recorded["command"], recorded["cwd"]])
                places.append((os.path.relpath(path, self.private_data_dir), text))
        return [(secret_name, where) for secret_name, secret in secrets.items() for where, text in places if secret in text]


@pytest.fixture(name="clean_environment")
def clean_environment_fixture(monkeypatch):
    for name in list(os.environ):
        if name.startswith(CONNECTION_VARIABLES):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("clean_environment")
def test_onboarding_and_rotation_jobs(tmp_path, sandbox, approle):
    assert os.path.isdir(os.path.join(COLLECTIONS_PATH, "ansible_collections", "pamops", "okta")), "run make collection-tree first"
    with open(sandbox["OKTAPAM_CA_CERT"], encoding="utf-8") as handle:
        ca_pem = handle.read()
    credentials = [
        (
            credential_type("opa_service_user_key"),
            {
                "api_host": sandbox["OKTAPAM_API_HOST"],
                "team": sandbox["OKTAPAM_TEAM"],
                "key_id": sandbox["OKTAPAM_KEY"],
                "key_secret": sandbox["OKTAPAM_SECRET"],
                "ca_cert": ca_pem,
            },
        ),
        (
            credential_type("vault"),
            {
                "url": sandbox["VAULT_ADDR"],
                "ca_cert": ca_pem,
                "auth_method": "approle",
                "role_id": approle["role_id"],
                "secret_id": approle["secret_id"],
            },
        ),
    ]
    secrets = {"OPA admin key secret": sandbox["OKTAPAM_SECRET"], "AppRole secret_id": approle["secret_id"], "Vault root token": approle["root_token"]}

    # A job template of type "check" first: it predicts the run, and writes nothing.
    writes_before = writes_so_far(sandbox)
    check = Job(str(tmp_path), 1, "onboard.yml", credentials, check=True)
    assert check.runner.rc == 0, check.stdout
    assert writes_so_far(sandbox) == writes_before, "the check job wrote to OPA or Vault"

    onboard = Job(str(tmp_path), 2, "onboard.yml", credentials)
    assert onboard.runner.rc == 0, onboard.stdout
    ran = onboard.task_results()
    assert ran["Create the service user in its groups"] is True
    assert ran["Ensure a working API key, stored in Vault"] is True
    assert ran["The OPA group of deploy robots"] is True
    assert check.task_results() == ran, "check mode predicted another run"
    assert check.changed() == onboard.changed() > 0
    # The credentials' file injectors wrote the CA that let the modules reach HTTPS.
    assert open(onboard.env["OKTAPAM_CA_CERT"], encoding="utf-8").read() == ca_pem
    assert open(onboard.env["VAULT_CACERT"], encoding="utf-8").read() == ca_pem
    first_key = stored_key(sandbox)
    secrets["onboarded key secret"] = first_key["key_secret"]

    # The same job again, at the highest verbosity a job template offers: nothing to change.
    again = Job(str(tmp_path), 3, "onboard.yml", credentials, verbosity=5)
    assert again.runner.rc == 0, again.stdout
    assert again.changed() == 0, again.stdout
    assert set(again.task_results()) == set(ran)

    rotate = Job(str(tmp_path), 4, "rotate.yml", credentials)
    assert rotate.runner.rc == 0, rotate.stdout
    assert rotate.task_results()["Rotate the API key of svc-deploy"] is True
    assert rotate.changed() == 1
    second_key = stored_key(sandbox)
    assert second_key["key_id"] != first_key["key_id"]
    secrets["rotated key secret"] = second_key["key_secret"]

    for job in (check, onboard, again, rotate):
        assert job.leaked(secrets) == [], "secrets in what ansible-runner wrote for %s" % job.private_data_dir
