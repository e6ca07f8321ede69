# Everyday targets. `make run` serves the app with a live simulator; `make test` runs the whole suite.
PY := .venv/bin/python
PIP := .venv/bin/pip
export PYTHONPATH := $(CURDIR)
SIM_SCALE ?= 5

.PHONY: run run-gateway test test-fast venv deps test-deps migrate seed lint format bench screens clean

.venv/bin/python:
	python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip

.venv/.deps: .venv/bin/python requirements.txt
	$(PIP) install --quiet -r requirements.txt
	touch $@

.venv/.test-deps: .venv/.deps requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv deps: .venv/.deps

test-deps: .venv/.test-deps
	@command -v chromium >/dev/null && fc-list | grep -qi "noto sans cjk" || \
	  (echo "installing Debian chromium, chromium-driver and fonts-noto-cjk"; \
	   apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk)

migrate: deps
	$(PY) -m data_access migrate

seed: migrate
	$(PY) -m simulators seed

# Serve on http://127.0.0.1:8050 with a live simulator (embedded SQLite; no network needed): first the last 30 days
# of history (idempotent: a re-run fills only the gap), then live. SIM_SCALE=1 gives the calibrated, quieter city.
# Beside the server run the live simulator and the 12345 reminder sweep (催办, every 5 minutes).
run: seed
	$(PY) -m simulators backfill --recent-days 30 --scale $(SIM_SCALE)
	@$(PY) -m simulators live --scale $(SIM_SCALE) & SIM=$$!; \
	  $(PY) -m data_access.hotline.remind --every 300 & REMIND=$$!; \
	  $(PY) -m data_access audit anchor --every 60 & ANCHOR=$$!; \
	  trap "kill $$SIM $$REMIND $$ANCHOR 2>/dev/null" EXIT INT TERM; \
	  $(PY) -m gunicorn --config gunicorn.conf.py wsgi:application

# `make run` with the cameras behind the gateway simulator (simulators/gateway.py, a go2rtc stand-in with basic
# auth and a password made for this run), as in the hall: STREAMS=hls (default) or STREAMS=mjpeg.
STREAMS ?= hls
GATEWAY_PORT ?= 1984
run-gateway: seed .venv/.test-deps
	$(PY) -m simulators backfill --recent-days 30 --scale $(SIM_SCALE)
	@PW=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(12))"); \
	  $(PY) -m simulators live --scale $(SIM_SCALE) & SIM=$$!; \
	  $(PY) -m data_access.hotline.remind --every 300 & REMIND=$$!; \
	  $(PY) -m data_access audit anchor --every 60 & ANCHOR=$$!; \
	  $(PY) -m simulators.gateway --port $(GATEWAY_PORT) --user admin --password "$$PW" & GW=$$!; \
	  trap "kill $$SIM $$REMIND $$ANCHOR $$GW 2>/dev/null" EXIT INT TERM; \
	  CC_STREAM_URL_TEMPLATE="http://admin:$$PW@127.0.0.1:$(GATEWAY_PORT)/api/stream.$(if $(filter mjpeg,$(STREAMS)),mjpeg,m3u8)?src={camera_id}" \
	  $(PY) -m gunicorn --config gunicorn.conf.py wsgi:application

# The whole suite: unit, callbacks, browser (headless Debian Chromium), conventions.
test: test-deps
	$(PY) -m pytest

# Everything but the browser tests and the slow calibration backfills (markers `browser`, `slow`): a few minutes.
test-fast: .venv/.test-deps
	$(PY) -m pytest -m "not browser and not slow"

# Lint and format need only the pip half of test-deps (ruff, mypy), never apt or chromium.
lint: .venv/.test-deps
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy

format: .venv/.test-deps
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

bench: deps
	$(PY) bench/bench_overview.py

screens: test-deps
	$(PY) tests/browser/shoot.py http://127.0.0.1:8050/ --out screenshots

clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache screenshots
