# Bookmark Manager platform. `make up` builds the stack on the local emulator; `make test` runs every test.
# INVENTORY=inventories/prod (or staging) targets real AWS instead: then no emulator is involved.
SHELL := /bin/bash
.DEFAULT_GOAL := help

INVENTORY ?= inventories/local
VENV := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
PLAYBOOK := ansible-playbook -i $(INVENTORY)
# The emulator is needed only when the inventory targets it and no other endpoint is given.
NEEDS_EMULATOR := $(if $(filter inventories/local%,$(INVENTORY)),$(if $(AWS_ENDPOINT_URL),,yes),)

.PHONY: help setup zone up check drift down rotate unlock cost cost-doc diagram role-docs bench test lint pytest molecule emulator-start emulator-stop emulator-status

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## Create .venv (Python >= 3.12) with the pinned toolchain
	@scripts/setup-venv.sh

zone: setup ## First run on a new account: the hosted zone alone and the name servers to delegate to (docs/first-run.md)
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) playbooks/zone.yml $(ARGS)

up: setup ## Converge site.yml (starts the emulator if none is reachable) and list what was built
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) site.yml $(ARGS)
	@$(if $(NEEDS_EMULATOR),python -m tests.harness.stack_inventory,true)

check: setup ## Dry run of site.yml: what would change (--check --diff), summed up as a plan
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) site.yml --check --diff $(ARGS)

drift: setup ## Dry run that exits 2 when anything would change (for CI and scheduled drift checks)
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	python -m tools.drift -i $(INVENTORY) $(ARGS)

down: setup ## Remove what `make up` built, the hosted zone only with ARGS='-e teardown_zone=true' (real AWS: ARGS='-e teardown_confirm=<env>')
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) playbooks/teardown.yml $(ARGS)

unlock: setup ## Show the run lock (one run at a time); RUN=<its run ID> breaks it, once that run is known to be gone (killed)
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) playbooks/unlock.yml $(if $(RUN),-e run=$(RUN)) $(ARGS)

rotate: setup ## Rotate a secret without an outage, in three phases: SECRET=origin (CloudFront's header to the ALB), database (the services' Aurora login), atlas (their Atlas user) or jwt (the API's signing key), or several comma-separated; PHASE=<phase or 1-3> runs one; docs/security.md
	@$(if $(NEEDS_EMULATOR),scripts/emulator start && scripts/saas-fakes start,true)
	$(PLAYBOOK) playbooks/rotate.yml -e secret=$(SECRET) $(if $(PHASE),-e rotation_phase=$(PHASE)) $(ARGS)

cost: setup ## Monthly estimate of INVENTORY (default prod) line by line; ARGS='-e name=value' prices a change; PROFILE=seed: the design document's table
	@python -m tools.cost -i $(if $(filter inventories/local,$(INVENTORY)),inventories/prod,$(INVENTORY)) $(if $(PROFILE),--profile $(PROFILE)) $(ARGS)

cost-doc: setup ## Regenerate docs/cost.md (the design document's table, prod and staging estimates)
	@python -m tools.cost --write

diagram: setup ## Regenerate docs/architecture.md (Mermaid, from the inventories)
	@python -m tools.diagram

role-docs: setup ## Regenerate each role README's inputs table from its meta/argument_specs.yml
	@python -m tools.role_docs

bench: setup ## Benchmark converge, re-run, dry runs and teardown on a fresh emulator: bench/report.{json,md}; BASELINE=<commit> measures that commit too, side by side
	@scripts/bench.sh $(if $(BASELINE),--baseline $(BASELINE))

test: setup ## Every test: lint, pytest, Molecule (starts and stops its own emulator)
	@scripts/test.sh

lint: setup ## yamllint, ansible-lint (production profile), zizmor, checkov and ansible-test sanity, offline
	@scripts/test.sh lint

pytest: setup ## pytest only (with its own emulator)
	@scripts/test.sh pytest

molecule: setup ## Molecule scenarios only (with their own emulator)
	@scripts/test.sh molecule

emulator-start: setup ## Start the local AWS emulator (moto) on 127.0.0.1:$${EMULATOR_PORT:-5001}
	@scripts/emulator start

emulator-stop: setup ## Stop the emulator and the SaaS fakes that make up/check/down began
	@scripts/emulator stop
	@scripts/saas-fakes stop

emulator-status: setup ## Is the emulator up?
	@scripts/emulator status
