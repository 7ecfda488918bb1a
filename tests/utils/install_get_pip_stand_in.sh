#!/usr/bin/env bash
# ansible-test downloads get-pip from a host this network cannot reach; it uses a cached copy
# when one exists, named after the pip version that release of ansible-test pins. Installs our
# stand-in under that name for the ansible-test of the virtualenv given as argument.
set -euo pipefail

venv=$1
here=$(cd "$(dirname "$0")" && pwd)
requirements_py=$(ls "$venv"/lib/python*/site-packages/ansible_test/_internal/python_requirements.py)
pip_version=$(sed -n "s/^ *pip='\([0-9.]*\)',*$/\1/p" "$requirements_py" | head -n1)
if [ -z "$pip_version" ]; then
  echo "install_get_pip_stand_in: no pinned pip version found in $requirements_py" >&2
  exit 1
fi
mkdir -p "$HOME/.ansible/test/cache"
cp "$here/ansible_test_pip_bootstrap.py" "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
