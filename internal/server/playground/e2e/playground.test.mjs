// Browser test of the GraphiQL playground served by the relgraph binary.
//
// Needs a running relgraph server and Debian's chromium:
//   RELGRAPH_URL=http://127.0.0.1:8080 RELGRAPH_KEY=... RELGRAPH_EXPECT="Dana Reyes" \
//     node --test internal/server/playground/e2e/playground.test.mjs
// Optional: RELGRAPH_CHROMIUM (default /usr/bin/chromium).
// A screenshot is written to internal/server/playground/e2e/out/playground.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// Only loopback hosts may be contacted by the page.
function isLoopback(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function requiredEnv() {
  const env = {
    url: process.env.RELGRAPH_URL,
    key: process.env.RELGRAPH_KEY,
    expect: process.env.RELGRAPH_EXPECT,
  };
  const missing = [
    ['RELGRAPH_URL', env.url],
    ['RELGRAPH_KEY', env.key],
    ['RELGRAPH_EXPECT', env.expect],
  ].filter(([, v]) => !v).map(([k]) => k);
  assert.equal(missing.length, 0, `missing environment variable(s): ${missing.join(', ')}`);
  env.url = env.url.replace(/\/+$/, '');
  assert.ok(isLoopback(new URL(env.url).hostname), `RELGRAPH_URL must point at a loopback host, got ${env.url}`);
  return env;
}

// Text of a GraphiQL CodeMirror 5 editor inside `selector`.
async function editorText(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel + ' .CodeMirror');
    if (el && el.CodeMirror) return el.CodeMirror.getValue();
    const box = document.querySelector(sel);
    return box ? box.innerText : '';
  }, selector);
}

test('playground runs the first example against the API', { timeout: 120_000 }, async () => {
  const env = requiredEnv();
  const executablePath = process.env.RELGRAPH_CHROMIUM || '/usr/bin/chromium';

  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const requests = [];
  const pageErrors = [];
  const consoleErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('request', (req) => requests.push({
      url: req.url(),
      method: req.method(),
      headers: req.headers(),
      body: req.postData(),
    }));
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });

    const res = await page.goto(`${env.url}/?key=${encodeURIComponent(env.key)}`, { waitUntil: 'load' });
    assert.equal(res.status(), 200, 'playground page status');
    assert.equal(await page.title(), 'relgraph playground');

    // GraphiQL rendered.
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });

    // The key moved from the URL into localStorage and the key field.
    assert.ok(!new URL(page.url()).searchParams.has('key'), `key still in address bar: ${page.url()}`);
    assert.equal(await page.evaluate(() => localStorage.getItem('relgraph.key')), env.key);
    assert.equal(await page.inputValue('#rg-key'), env.key);

    // A first-time visitor presses Run on the tab that is open, without
    // clicking any tab: the first example, with its variables.
    const query = await editorText(page, '.graphiql-query-editor');
    assert.match(query, /^# \S/, `first tab should be a preloaded example starting with "# <Name>", got:\n${query}`);
    // Tabs are named by their question in words.
    const firstTab = await page.locator('.graphiql-tab-button').first().getAttribute('data-question');
    assert.equal(firstTab, query.split('\n')[0].slice(2), 'the first tab is named by its question');
    // The query pane is wide enough for the example's lines.
    const overflow = await page.evaluate(() => {
      const el = document.querySelector('.graphiql-query-editor .CodeMirror-scroll');
      return el.scrollWidth - el.clientWidth;
    });
    assert.ok(overflow <= 1, `the first example's lines overflow the query pane by ${overflow}px`);

    await run.click();
    await page.waitForFunction(
      (want) => {
        const el = document.querySelector('.graphiql-response .CodeMirror');
        const text = el && el.CodeMirror ? el.CodeMirror.getValue()
          : (document.querySelector('.graphiql-response') || {}).innerText || '';
        return text.includes(want);
      },
      env.expect,
      { timeout: 30_000 },
    ).catch(async (err) => {
      const got = await editorText(page, '.graphiql-response');
      throw new Error(`result pane never contained ${JSON.stringify(env.expect)}; it shows:\n${got}\n(${err.message})`);
    });

    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'playground.png'), fullPage: true });

    const response = await editorText(page, '.graphiql-response');
    assert.ok(response.includes(env.expect), `result pane lacks ${env.expect}`);
    // Under the answer, what it cost and the limit.
    const shownCost = JSON.parse(response).extensions.cost;
    assert.ok(shownCost.computed > 0 && shownCost.limit === 1000000, `cost shown: ${JSON.stringify(shownCost)}`);

    // The query was POSTed as JSON with the bearer key.
    const posts = requests.filter((r) => r.method === 'POST' && r.body && r.body.includes('"query"'));
    assert.ok(posts.length > 0, 'no GraphQL POST request seen');
    for (const r of posts) {
      assert.equal(r.headers.authorization, `Bearer ${env.key}`, `Authorization header of POST ${r.url}`);
      assert.match(r.headers['content-type'] || '', /^application\/json/, `Content-Type of POST ${r.url}`);
    }

    // Everything came from the local server: no CDN, no third party.
    const foreign = requests
      .map((r) => r.url)
      .filter((u) => /^(https?|wss?):/.test(u) && !isLoopback(new URL(u).hostname));
    assert.deepEqual(foreign, [], 'requests to non-loopback hosts');

    assert.deepEqual(pageErrors, [], 'uncaught page errors');
    if (consoleErrors.length) console.log('browser console errors:\n' + consoleErrors.join('\n'));
    // The page's Content-Security-Policy allows all it needs.
    assert.deepEqual(consoleErrors.filter((m) => /Content Security Policy/i.test(m)), [], 'Content-Security-Policy violations');

    // After a reload, Run on the open tab works as well.
    await page.reload({ waitUntil: 'load' });
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await run.click();
    await page.waitForFunction(
      (want) => {
        const el = document.querySelector('.graphiql-response .CodeMirror');
        return el && el.CodeMirror && el.CodeMirror.getValue().includes(want);
      },
      env.expect,
      { timeout: 30_000 },
    );
  } finally {
    await browser.close();
  }
});

// Text of the result pane.
async function resultText(page) {
  return editorText(page, '.graphiql-response');
}

test('a subscription in the playground shows each alert as it happens', { timeout: 120_000 }, async () => {
  const env = requiredEnv();
  const executablePath = process.env.RELGRAPH_CHROMIUM || '/usr/bin/chromium';
  const api = async (query, variables) => {
    const res = await fetch(`${env.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  // The churn question at degree 2, saved for the dev key's person (p0).
  const churn = `query Churn($since: DateTime!) {
    connections(degree: 2, where: {
      engagedWith: {kind: WHITE_PAPER, topic: "crm", action: READ}
      mentioned: {topic: "churn", sentiment: NEGATIVE, since: $since}
    }) { totalCount }
  }`;
  const saved = await api('mutation($q: String!) { saveQuestion(name: "CRM readers worried about churn", query: $q, variables: {since: "2026-10-01"}) { id } }', { q: churn });
  const id = saved.saveQuestion.id;

  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const pageErrors = [];
  const sent = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    const socket = new Promise((resolve) => page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      resolve(ws);
    }));
    await page.goto(`${env.url}/?key=${encodeURIComponent(env.key)}`, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });

    // The analyst pastes a subscription into the editor and runs it.
    const subscription = `subscription { alertsFor(savedQuestion: "${id}", after: 0) { seq trigger added { id name } removed { id } } }`;
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    await page.evaluate((text) => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(text);
    }, subscription);
    await run.click();
    const ws = await socket;
    assert.ok(isLoopback(new URL(ws.url()).hostname), `WebSocket to ${ws.url()}`);

    // A writer records that p41 Noah Fischer read a CRM white paper and
    // voiced concern about churn: the alert shows without another click.
    await api('mutation { upsertEngagements(input: [{person: "p41", content: "wp2", action: READ, at: "2026-11-20T10:00:00Z"}]) { count } }');
    await api('mutation { upsertSignals(input: [{id: "s-e2e", kind: MENTION, person: "p41", topics: ["churn"], sentiment: NEGATIVE, at: "2026-11-21T09:00:00Z"}]) { count } }');
    await page.waitForFunction(
      () => {
        const el = document.querySelector('.graphiql-response .CodeMirror');
        return el && el.CodeMirror && el.CodeMirror.getValue().includes('Noah Fischer');
      },
      null,
      { timeout: 30_000 },
    ).catch(async (err) => {
      throw new Error(`the result pane never showed the alert; it shows:\n${await resultText(page)}\n(${err.message})`);
    });
    const shown = JSON.parse(await resultText(page));
    assert.deepEqual(shown.data.alertsFor.added, [{ id: 'p41', name: 'Noah Fischer' }]);
    assert.equal(shown.data.alertsFor.seq, 1);
    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'subscription.png'), fullPage: true });
    assert.deepEqual(pageErrors, [], 'uncaught page errors');
    // The key went in the connection_init payload, and nothing else was
    // needed: init, then subscribe.
    const init = JSON.parse(sent[0]);
    assert.deepEqual(init, { type: 'connection_init', payload: { Authorization: `Bearer ${env.key}` } });
    assert.equal(JSON.parse(sent[1]).type, 'subscribe');
  } finally {
    await browser.close();
    // The churn question has its four people again for the tests after.
    await api('mutation { upsertSignals(input: [{id: "s-e2e", kind: MENTION, person: "p41", topics: ["churn"], sentiment: POSITIVE, at: "2026-11-21T09:00:00Z"}]) { count } }');
  }
});

test('the write example does not run with one click', { timeout: 120_000 }, async () => {
  const env = requiredEnv();
  const executablePath = process.env.RELGRAPH_CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const writes = [];
    page.on('request', (r) => { if (r.method() === 'POST' && (r.postData() || '').includes('upsertPeople')) writes.push(r.url()); });
    await page.goto(`${env.url}/?key=${encodeURIComponent(env.key)}`, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.graphiql-tab-button[data-question="Add a contact (writer key)"]').click();

    // Run asks first; dismissed, nothing is sent.
    const dialogs = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await run.click();
    await page.waitForFunction(() => {
      const el = document.querySelector('.graphiql-response .CodeMirror');
      return el && el.CodeMirror && el.CodeMirror.getValue().includes('not confirmed');
    }, null, { timeout: 30_000 });
    assert.equal(dialogs.length, 1, 'a confirmation was asked');
    assert.match(dialogs[0], /writes to the graph/);
    assert.deepEqual(writes, [], 'a write was sent without confirmation');

    // Confirmed, it runs.
    page.once('dialog', (d) => d.accept());
    await run.click();
    await page.waitForFunction(() => {
      const el = document.querySelector('.graphiql-response .CodeMirror');
      return el && el.CodeMirror && el.CodeMirror.getValue().includes('"count": 1');
    }, null, { timeout: 30_000 });
    assert.equal(writes.length, 1, 'the confirmed write was sent once');
    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'write-confirmed.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

// The result pane's view: the Table and Graph panels' data attributes.
async function dataset(page, selector, key) {
  return page.evaluate(([s, k]) => document.querySelector(s).dataset[k], [selector, key]);
}

test('the Ask box turns the churn question into its four people, in a table', { timeout: 120_000 }, async () => {
  const env = requiredEnv();
  const executablePath = process.env.RELGRAPH_CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${env.url}/?key=${encodeURIComponent(env.key)}`, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 30_000 });

    await page.fill('#rg-question', 'which of my connections read CRM white papers and voiced concern about churn since October');
    await page.click('#rg-ask button[type=submit]');
    await page.waitForFunction(() => document.getElementById('rg-table').dataset.rows !== undefined, null, { timeout: 30_000 });
    const understood = await page.textContent('#rg-understood');
    assert.match(understood, /people in your second-degree network who read white papers about crm and voiced concern about churn since 2026-10-01/);
    assert.match(understood, /connections\(degree: \$degree, where: \$where\)/, 'the GraphQL it became is shown');

    // The Table view opened with one row per person.
    assert.equal(await dataset(page, '#rg-table', 'rows'), '4');
    const names = await page.$$eval('#rg-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(names, ['Dana Reyes', 'Marcus Bell', 'Victor Huang', 'Aisha Khan']);
    const headers = await page.$$eval('#rg-table th', (ths) => ths.map((th) => th.dataset.col));
    for (const col of ['name', 'company', 'degree', 'strength', 'via', 'evidence']) assert.ok(headers.includes(col), `column ${col} in ${headers}`);
    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'ask-table.png') });

    // Sorted by strength, weakest first; copied as CSV.
    await page.click('#rg-table th[data-col="strength"]');
    const sorted = await page.$$eval('#rg-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(sorted, ['Aisha Khan', 'Marcus Bell', 'Victor Huang', 'Dana Reyes']);
    await page.click('#rg-csv');
    const csv = await page.evaluate(() => navigator.clipboard.readText());
    const lines = csv.trim().split('\n');
    assert.equal(lines.length, 5, csv);
    assert.match(lines[0], /^name,id,company,title,degree,strength,via,evidence$/);
    assert.match(lines[1], /^Aisha Khan,p31,Brightwave Marketing,/);

    // The GraphQL it became opens in the editor, with its variables.
    await page.click('#rg-open');
    const query = await editorText(page, '.graphiql-query-editor');
    assert.match(query, /^query Ask\(\$degree: Int, \$where: PersonWhere\)/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the Graph view draws introduction paths, and a click asks about a person', { timeout: 120_000 }, async () => {
  const env = requiredEnv();
  const executablePath = process.env.RELGRAPH_CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${env.url}/?key=${encodeURIComponent(env.key)}`, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await page.evaluate((text) => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(text);
    }, '{ introductionPaths(to: "p33") { hops strength people { id name } links { from { id } to { id } strength } } }');
    await new Promise((r) => setTimeout(r, 300));
    await run.click();
    await page.waitForFunction(() => {
      const el = document.querySelector('.graphiql-response .CodeMirror');
      return el && el.CodeMirror && el.CodeMirror.getValue().includes('Olivia Grant');
    }, null, { timeout: 30_000 });
    await page.click('#rg-views button[data-view="graph"]');
    await page.waitForFunction(() => document.getElementById('rg-graph').dataset.nodes !== undefined, null, { timeout: 10_000 });
    // Two paths: Alex Morgan > Liam O'Brien > Olivia Grant, and through p18.
    assert.equal(await dataset(page, '#rg-graph', 'nodes'), '4');
    assert.equal(await dataset(page, '#rg-graph', 'edges'), '4');
    const drawn = await page.evaluate(() => window.relgraphViews.cy().edges().map((e) => `${e.source().id()}>${e.target().id()} ${e.data('label')}`).sort());
    assert.equal(drawn.length, 4);
    assert.ok(drawn.every((e) => /^p\d+>p\d+ 0\.\d+$/.test(e)), `edges with strengths: ${drawn}`);
    assert.ok(drawn.some((e) => e.startsWith('p0>')) && drawn.some((e) => e.includes('>p33 ')), `a chain from p0 to p33: ${drawn}`);
    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'graph-paths.png') });

    // Clicking Olivia Grant asks about her.
    const at = await page.evaluate(() => {
      const cy = window.relgraphViews.cy();
      const p = cy.$('#p33').renderedPosition();
      const box = document.getElementById('rg-graph').getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => /warm introductions from you to Olivia Grant/.test(document.getElementById('rg-understood').textContent), null, { timeout: 30_000 });
    assert.equal(await page.inputValue('#rg-question'), 'who can introduce me to Olivia Grant');

    // Coverage: team members linked to the contacts they know, by department.
    await page.click('#rg-views button[data-view="json"]');
    await page.locator('.graphiql-tab-button[data-question="Account coverage of Acme"]').click();
    await run.click();
    await page.waitForFunction(() => {
      const el = document.querySelector('.graphiql-response .CodeMirror');
      return el && el.CodeMirror && el.CodeMirror.getValue().includes('teamMembers');
    }, null, { timeout: 30_000 });
    await page.click('#rg-views button[data-view="graph"]');
    const departments = await page.evaluate(() => window.relgraphViews.cy().nodes('[kind = "department"]').length);
    const known = Number(await dataset(page, '#rg-graph', 'edges'));
    assert.ok(departments >= 2 && known >= 5, `coverage graph: ${departments} departments, ${known} edges`);
    await page.screenshot({ path: join(outDir, 'graph-coverage.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
