# The two commands a newcomer needs (see README.md):
#   make demo   install papergraph into .venv and run it on the bundled examples
#   make test   install papergraph with its test tools into .venv (and the Cypher
#               linter into node_modules) and run the test suite
# and, for measurements rather than tests:
#   make bench  the scale harness on 10k and 100k synthetic papers (README: Scale)
# and, for a local Neo4j without Docker (Java 17+ and Maven; README: Neo4j):
#   make neo4j-up / make neo4j-down   start / stop Neo4j 5.26 from Maven Central
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench install lint clean neo4j-up neo4j-down neo4j-status

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@# papergraph-kg was named papergraph before (a name taken on PyPI): drop an install of that
	@$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check -y papergraph 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Neo4j's Cypher linter (npm), which the tests run over every Cypher statement
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

demo: install
	$(BIN)/papergraph build examples/ -o out/

# pytest exits with 5 when it collects no test: for this project that means the
# suite is broken, so it fails loudly instead of passing as "nothing to do".
test: install node_modules/.package-lock.json
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

# The scale harness (benchmarks/README.md): SIZES="10000 100000 1000000" for all three
SIZES ?= 10000 100000
bench: install
	$(BIN)/python benchmarks/run.py --sizes $(SIZES) --processes 2 --compare-betweenness

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) out node_modules .pytest_cache .ruff_cache .hypothesis

# A local Neo4j 5.26 Community (with Neo4j Browser and Graph Data Science) resolved
# from Maven Central into ~/.cache/papergraph/neo4j: scripts/neo4j/neo4j-local.sh
neo4j-up:
	scripts/neo4j/neo4j-local.sh up
	@scripts/neo4j/neo4j-local.sh env

neo4j-down:
	scripts/neo4j/neo4j-local.sh down

neo4j-status:
	scripts/neo4j/neo4j-local.sh status
