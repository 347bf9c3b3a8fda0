# The two commands a newcomer needs: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LANGS := kk ru uz ky en

.PHONY: run sandbox test lint format messages reader bench clean

$(BIN)/senim: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/senim  ## run the bot: the local sandbox without TELEGRAM_BOT_TOKEN
	$(BIN)/senim run

test: $(BIN)/senim  ## run the test suite (SENIM_TEST_DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest

lint: $(BIN)/senim
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/senim
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(BIN)/senim  ## extract interface strings and update every catalog
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output \
		--add-comments=Translators: --project=Senim --no-wrap \
		--copyright-holder="Senim contributors" -o locales/messages.pot .
	for lang in $(LANGS); do \
		$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --no-wrap \
			-i locales/messages.pot -d locales -l $$lang; \
	done

reader: $(BIN)/senim  ## retrain the readers on the labelled set (after changing it)
	$(BIN)/python -m bot.screening.train tests/data/screening_eval.yaml

bench: $(BIN)/senim
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
