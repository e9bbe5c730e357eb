// Neo4j Browser, driven as a person would (tests/graph/mirror/test_neo4j_browser.py runs this):
// headless Chromium opens BROWSER_URL, connects with the given credentials, runs a
// .cypher file's :param lines and statement one by one from the editor, and
// prints {"rows": [[cell, ...], ...], "headers": [...]} of the last result table as
// JSON on stdout; it saves a screenshot at SCREENSHOT either way.
//
//   node tests/graph/mirror/neo4j_browser.mjs CHROMIUM BROWSER_URL BOLT_URL USER PASSWORD STATEMENTS.json SHOT
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [executablePath, browserUrl, boltUrl, user, password, file, screenshot] =
  process.argv.slice(2);
// the statements and :param commands of the .cypher file, split by the project's own
// reader (graph.mirror.split_statements), as a JSON list
const statements = JSON.parse(readFileSync(file, "utf-8"));

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
let failure = null;
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
try {
  page.setDefaultTimeout(60000);
  await page.goto(browserUrl);
  // the connection form
  const address = page.locator('[data-testid="boltaddress"]');
  await address.waitFor();
  await address.fill(boltUrl);
  await page.locator('[data-testid="username"]').fill(user);
  await page.locator('[data-testid="password"]').fill(password);
  await page.locator('[data-testid="connect"]').click();
  await page.getByText(/You are connected as user/).first().waitFor();
  // each statement of the file from the editor, in order, as a person runs them with
  // the multi-statement editor off (its summary view shows no rows)
  const editor = page.locator('[data-testid="activeEditor"] textarea').first();
  const frames = page.locator('[data-testid="frame"]');
  for (const statement of statements) {
    const before = await frames.count();
    await editor.focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(statement);
    await page.locator('[data-testid="editor-Run"]').click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="frame"]').length > count,
      before,
    );
  }
  const frame = frames.first();
  const table = frame.locator("table");
  await table.first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);
  const headers = await table.first().locator("thead th").allInnerTexts();
  const rows = [];
  for (const row of await table.first().locator("tbody tr").all()) {
    rows.push(await row.locator("td").allInnerTexts());
  }
  process.stdout.write(JSON.stringify({ headers, rows }) + "\n");
} catch (error) {
  failure = error;
} finally {
  await page.screenshot({ path: screenshot, fullPage: false }).catch(() => {});
  await browser.close();
}
if (failure) {
  process.stderr.write(`Neo4j Browser test failed: ${failure.message.split("\n")[0]}\n`);
  process.exit(1);
}
