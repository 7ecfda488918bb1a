# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The execution environment definition (extensions/awx/execution-environment.yml) makes the
build context an image build needs: `ansible-builder create` succeeds, the context holds the
collection tarball `make build-check` built and nothing unexpected, and the introspection
script the image build runs finds exactly the collection's Python requirements.

Run by `make ee-check`, after `make build-check`.
"""

import filecmp
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.dirname(sys.executable)
EE_FILE = os.path.join(REPO, "extensions", "awx", "execution-environment.yml")
BUILDER_SCRIPTS = ["assemble", "check_ansible", "check_galaxy", "entrypoint", "install-from-bindep", "introspect.py", "pip_install"]


def galaxy_version():
    with open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["version"]


def built_tarball():
    path = os.path.join(REPO, ".build", "dist", "pamops-okta-%s.tar.gz" % galaxy_version())
    assert os.path.isfile(path), "run make build-check first: no %s" % path
    return path


def create_context(tmp_path):
    context = str(tmp_path / "context")
    created = subprocess.run(
        [os.path.join(BIN, "ansible-builder"), "create", "-f", EE_FILE, "-c", context, "--output-filename", "Containerfile"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    # ansible-builder only warns when an additional build file is missing; that is a failure here.
    assert "No matches" not in created.stdout + created.stderr, created.stdout + created.stderr
    return context


def test_the_context_holds_the_built_collection_and_nothing_else(tmp_path):
    tarball = built_tarball()
    context = create_context(tmp_path)
    files = sorted(os.path.relpath(os.path.join(folder, name), context) for folder, _dirs, names in os.walk(context) for name in names)
    expected = ["Containerfile", "_build/collections/" + os.path.basename(tarball), "_build/requirements.yml"]
    expected += ["_build/scripts/" + script for script in BUILDER_SCRIPTS]
    assert files == sorted(expected)
    assert filecmp.cmp(tarball, os.path.join(context, "_build", "collections", os.path.basename(tarball)), shallow=False)

    with open(os.path.join(context, "_build", "requirements.yml"), encoding="utf-8") as handle:
        requirements = yaml.safe_load(handle)
    # The image build installs it from /build, where it copies _build.
    assert requirements == {"collections": [{"name": "collections/" + os.path.basename(tarball), "type": "file"}]}

    with open(os.path.join(context, "Containerfile"), encoding="utf-8") as handle:
        containerfile = handle.read()
    assert "COPY _build /build" in containerfile
    galaxy_install = "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml"
    galaxy_install += ' --collections-path "/usr/share/ansible/collections"'
    assert galaxy_install in containerfile
    assert "introspect.py introspect --write-bindep=/tmp/src/bindep.txt --write-pip=/tmp/src/requirements.txt" in containerfile


def test_the_image_build_would_install_exactly_the_collection_python_requirements(tmp_path):
    """The build's introspection step, run on the tarball installed as the image build installs it."""
    tarball = built_tarball()
    context = create_context(tmp_path)
    collections = str(tmp_path / "collections")
    subprocess.run(
        [os.path.join(BIN, "ansible-galaxy"), "collection", "install", tarball, "-p", collections],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pip_file = str(tmp_path / "requirements.txt")
    bindep_file = str(tmp_path / "bindep.txt")
    subprocess.run(
        [sys.executable, os.path.join(context, "_build", "scripts", "introspect.py"), "introspect", collections,
         "--write-pip=" + pip_file, "--write-bindep=" + bindep_file],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with open(pip_file, encoding="utf-8") as handle:
        pip_lines = [line.split("#")[0].strip() for line in handle if line.strip()]
    with open(os.path.join(REPO, "requirements.txt"), encoding="utf-8") as handle:
        declared = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    assert sorted(pip_lines) == sorted(declared) == ["requests>=2.25.0", "urllib3>=1.26.0"]
    # No system packages: the base image's Python and pip are all the collection needs.
    assert not os.path.exists(bindep_file) or not open(bindep_file, encoding="utf-8").read().strip()
