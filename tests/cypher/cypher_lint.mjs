// Lint Cypher with Neo4j's official linter, offline: the npm package
// @neo4j-cypher/language-support (see package.json), function lintCypherQuery.
//
// Reads JSON on standard input:
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//    "version": "CYPHER 5",
//    "items": [{"id": "...", "text": "...", "parameters": ["name", ...]}]}
// and writes JSON on standard output: one entry per item,
// {"id", "diagnostics": [{"severity", "message", "line", "character"}]}
// with severity 1 = error, 2 = warning (LSP numbering) and 0-based positions.
// Run by tests/cypher/test_cypher_lint.py.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = [];
for (const item of request.items) {
  const parameters = Object.fromEntries(item.parameters.map((name) => [name, null]));
  const dbSchema = { ...request.schema, parameters, defaultLanguage: request.version };
  const { diagnostics } = lintCypherQuery(item.text, dbSchema, { consoleCommandsEnabled: true });
  results.push({
    id: item.id,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line,
      character: d.range.start.character,
    })),
  });
}
process.stdout.write(JSON.stringify(results));
