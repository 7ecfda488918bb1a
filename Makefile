# pamops.okta — developer entry points. `make demo` and `make test` work on a fresh machine:
# they create the virtualenv and everything else they need.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
BUILD := $(CURDIR)/.build
# ansible-test only works on a collection that sits under ansible_collections/<ns>/<name>/.
COLLECTION_TREE := $(BUILD)/ansible_collections/pamops/okta
# pythonX.Y links to every pyenv interpreter, so sanity compile/import run on each of them.
PYBIN := $(BUILD)/pybin
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON_VERSIONS := 3.8 3.9 3.10 3.11 3.12 3.13
CONTROLLER_PYTHON := 3.11
TEST_PATH := $(PYBIN):$(BIN):$(PATH)
ANSIBLE_TEST := cd $(COLLECTION_TREE) && env PATH="$(TEST_PATH)" ANSIBLE_TEST_PREFER_PODMAN= $(BIN)/ansible-test

.PHONY: help venv collection-tree ansible-test-env sanity units sandbox-tests integration reliability lint build-check changelog-lint test demo clean awx-test ee-check

help:
	@echo "make demo   - set up, start the sandbox and run the onboarding demo"
	@echo "make test   - the whole suite: sanity, units, sandbox tests, integration, lint, build check"

venv: $(VENV)/.installed

$(VENV)/.installed: tests/requirements.txt requirements.txt sandbox/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	$(BIN)/python -m pip install --quiet -e sandbox
	touch $@

# A fresh copy of the files git would commit (tracked or new, never ignored), laid out the way
# ansible-test insists on. Copied rather than symlinked: ansible-test resolves the real path.
collection-tree:
	rm -rf $(COLLECTION_TREE)
	mkdir -p $(COLLECTION_TREE)
	git ls-files -z --cached --others --exclude-standard \
		| while IFS= read -r -d '' f; do [ -e "$$f" ] && printf '%s\0' "$$f"; done \
		| tar --null -T - -cf - | tar -xf - -C $(COLLECTION_TREE)
	# Its own git root: ansible-test lists files through git, and from the enclosing checkout
	# it would see .build/ as ignored and test nothing.
	git -C $(COLLECTION_TREE) init --quiet

# ansible-test downloads get-pip from a host this network cannot reach; it uses a cached copy
# when one exists, named after the pip version it pins.
ansible-test-env: venv
	pip_version=$$(sed -n "s/^ *pip='\([0-9.]*\)',*$$/\1/p" $(VENV)/lib/python*/site-packages/ansible_test/_internal/python_requirements.py | head -n1); \
	test -n "$$pip_version"; \
	mkdir -p $(HOME)/.ansible/test/cache; \
	cp tests/utils/ansible_test_pip_bootstrap.py $(HOME)/.ansible/test/cache/get_pip_$${pip_version//./_}.py
	rm -rf $(PYBIN) && mkdir -p $(PYBIN)
	for version in $(PYTHON_VERSIONS); do \
		[ "$$version" = "$(CONTROLLER_PYTHON)" ] && continue; \
		interpreter=$$(ls -d $(PYENV_ROOT)/versions/$$version.*/bin/python$$version 2>/dev/null | sort -V | tail -n1); \
		if [ -n "$$interpreter" ]; then ln -s "$$interpreter" $(PYBIN)/python$$version; else echo "note: no Python $$version found under $(PYENV_ROOT)"; fi; \
	done
	@echo "Pythons for sanity: $(CONTROLLER_PYTHON) (controller) $$(ls $(PYBIN) | tr '\n' ' ')"

sanity: ansible-test-env collection-tree
	$(ANSIBLE_TEST) sanity --color no

# Module code runs on whatever Python the managed host has, so units run on every one we have.
units: ansible-test-env collection-tree
	for version in $(CONTROLLER_PYTHON) $$(ls $(PYBIN) | sed 's/^python//'); do \
		$(ANSIBLE_TEST) units --color no --venv --python $$version --requirements; \
	done

sandbox-tests: venv
	@if [ -d tests/sandbox ]; then $(BIN)/python -m pytest tests/sandbox; \
	else echo "sandbox-tests: no sandbox yet (issue 4), nothing to run"; fi

# ansible-test integration against two fresh sandboxes (OPA and ASA flavours).
integration: ansible-test-env collection-tree
	env PATH="$(TEST_PATH)" tests/utils/run_integration.sh $(COLLECTION_TREE) --python $(CONTROLLER_PYTHON) $(INTEGRATION_ARGS)

# Issue 11's targets: ansible-playbook against fresh sandboxes (free ports) with faults, lost
# answers, racing forks and -vvvv failure paths; the truth is read from the services. Prints a
# table of figures.
reliability: venv
	$(BIN)/python -m pytest tests/reliability -p no:cacheprovider -rf --durations=10

# The whole repository but tests/ (.ansible-lint), at the profile Red Hat certification asks for.
lint: venv collection-tree
	cd $(COLLECTION_TREE) && env ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(BIN)/ansible-lint --offline --profile production --nocolor

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# The Galaxy artifact must hold the collection and nothing else.
build-check: venv
	rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/dist . >/dev/null
	tar -tzf $(BUILD)/dist/pamops-okta-*.tar.gz > $(BUILD)/dist/contents.txt
	@if grep -E '^(sandbox|benchmarks|\.ci|\.venv|\.build|\.git)/|^tests/output/|^tests/integration/inventory$$|(^|/)__pycache__/|\.pyc$$' $(BUILD)/dist/contents.txt; then \
		echo "build-check: the files above do not belong in the Galaxy artifact"; exit 1; fi
	@echo "build-check: $$(wc -l < $(BUILD)/dist/contents.txt) entries, only collection content"

# AWX: the credential types in extensions/awx, injected as AWX injects them, and ansible-runner
# running onboarding and rotation jobs against a sandbox of its own (free ports).
awx-test: venv collection-tree
	env PAMOPS_COLLECTIONS_PATH=$(BUILD) $(BIN)/python -m pytest -p no:cacheprovider tests/awx/test_runner.py

# The execution environment definition: `ansible-builder create` and the context it makes.
ee-check: build-check
	$(BIN)/python -m pytest -p no:cacheprovider tests/awx/test_ee.py

test: sanity units sandbox-tests integration reliability lint changelog-lint build-check awx-test ee-check
	@echo "make test: all steps passed"

demo: venv collection-tree
	env PATH="$(BIN):$(PATH)" PAMOPS_BUILD=$(BUILD) demo/run.sh

clean:
	rm -rf $(BUILD) tests/output
