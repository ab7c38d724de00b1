// The graphql-http audit of GraphQL over HTTP conformance, against the
// relgraph server that run.sh starts: every MUST and SHOULD passes, with
// no warning. Requests carry the dev key (relgraph answers nothing
// without one).
//   RELGRAPH_URL=http://127.0.0.1:8080 RELGRAPH_KEY=... node --test audit.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';

const url = process.env.RELGRAPH_URL;
const key = process.env.RELGRAPH_KEY;

test('graphql-http audit: every MUST and SHOULD passes', async () => {
  assert.ok(url && key, 'set RELGRAPH_URL and RELGRAPH_KEY');
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers || {});
    headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };
  const failures = [];
  for (const audit of serverAudits({ url: `${url}/graphql`, fetchFn })) {
    const result = await audit.fn();
    if (result.status !== 'ok') {
      failures.push(`${result.status}: ${audit.name}: ${result.reason}`);
    }
  }
  assert.deepEqual(failures, [], 'audits that did not pass');
});
