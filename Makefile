# Mixdown: `make up` runs the embedded stack, `make test` runs every check.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SERVICES := gateway separation mixing mastering text-control qc
STAMP := $(VENV)/.installed
# CPU images, all from deploy/docker/Dockerfile: <folder under services/>:<module>:<default gRPC port>
CPU_IMAGES := gateway:gateway:50050 mixing:mixing:50053 mastering:mastering:50054 text-control:text_control:50055 qc:qc:50056
REGISTRY ?= ghcr.io/mixdown
VERSION ?= 0.1.0

.PHONY: install proto lint test test-unit test-integration test-e2e test-chaos up demo bench train-style train-drums images clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) requirements-dev.txt lib/pyproject.toml tools/pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements-dev.txt
	$(PIP) install --quiet --no-deps -e lib $(foreach s,$(SERVICES),-e services/$(s)) -e ./tools
	$(PIP) install --quiet -e lib $(foreach s,$(SERVICES),-e services/$(s)) -e ./tools  # mixdown_dev, the development harness: dev venv only
	touch $(STAMP)

install: $(STAMP) proto

/usr/bin/chromium:  # the web studio's browser tests use Debian's Chromium
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

proto: $(STAMP)
	$(PY) tools/gen_proto.py

lint: install
	$(VENV)/bin/ruff check lib services tests tools bench training
	cd proto && ../$(VENV)/bin/buf lint
	$(VENV)/bin/hadolint --failure-threshold warning deploy/docker/Dockerfile services/separation/Dockerfile deploy/docker/mixing-cuda.Dockerfile

test: install lint /usr/bin/chromium
	$(VENV)/bin/pytest

test-unit: install
	$(VENV)/bin/pytest tests/unit

test-integration: install
	$(VENV)/bin/pytest tests/integration

test-e2e: install /usr/bin/chromium
	$(VENV)/bin/pytest tests/e2e

test-chaos: install  # crash loops on the embedded stack; `make test` leaves them out
	$(VENV)/bin/pytest -m chaos tests/chaos

up: install
	$(PY) -m mixdown_dev up $(ARGS)

demo: install
	$(PY) -m mixdown_dev demo $(ARGS)

# The style controller from a seed on 2 CPU cores (about 15 min; data cached in training/style/cache/):
# writes services/mixing/mixdown_mixing/style/models/controller.onnx and training/style/metrics.json
train-style: install
	$(PY) -m training.style.train $(ARGS)

# The drum-part separator from a seed on 2 CPU cores (1,500 steps: about 50 min; installs the kits under
# ~/.cache/mixdown/drumkits, clips cached in training/drums/cache/): writes
# services/separation/mixdown_separation/models/drums.onnx and training/drums/metrics.json
train-drums: install
	$(PY) -m training.drums.train $(ARGS)

bench: install
	$(PY) -m bench $(ARGS)

images:  # needs a Docker engine; the gateway is the `gateway` target, the other CPU services the last stage
	set -e; for spec in $(CPU_IMAGES); do \
	  IFS=: read -r dir module port <<< "$$spec"; \
	  docker build -f deploy/docker/Dockerfile -t $(REGISTRY)/mixdown-$$dir:$(VERSION) \
	    --build-arg SERVICE=$$dir --build-arg MODULE=$$module --build-arg GRPC_PORT=$$port \
	    --build-arg ENV_PREFIX=MIXDOWN_$${module^^}_ --build-arg VERSION=$(VERSION) \
	    $$([ "$$dir" = gateway ] && echo --target gateway) . ; \
	done
	docker build -f services/separation/Dockerfile -t $(REGISTRY)/mixdown-separation:$(VERSION) .
	docker build -f deploy/docker/mixing-cuda.Dockerfile -t $(REGISTRY)/mixdown-mixing-cuda:$(VERSION) .  # style worker

clean:
	rm -rf $(VENV) .mixdown .pytest_cache .ruff_cache
