// relgraph playground: mounts GraphiQL with a fetcher that sends the user's
// API key as "Authorization: Bearer <key>". Configuration and examples come
// from JSON blocks rendered by the Go server (see server/playground/page.html).
(function () {
  'use strict';

  var KEY_STORAGE = 'relgraph.key';
  var EXAMPLES_STORAGE = 'relgraph.examplesVersion';

  function readJSON(id, fallback) {
    var el = document.getElementById(id);
    if (!el) return fallback;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      console.error('relgraph playground: bad JSON in #' + id, e);
      return fallback;
    }
  }

  // localStorage may be unavailable (privacy settings); degrade to memory.
  var memory = {};
  function storeGet(k) {
    try {
      return window.localStorage.getItem(k);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null;
    }
  }
  function storeSet(k, v) {
    try {
      if (v === null) window.localStorage.removeItem(k);
      else window.localStorage.setItem(k, v);
    } catch (e) {
      if (v === null) delete memory[k];
      else memory[k] = v;
    }
  }

  var config = readJSON('config', {}) || {};
  var views = window.relgraphViews || null;
  var examples = readJSON('examples', []) || [];
  var endpoint = config.endpoint || '/graphql';

  // 1. Accept ?key=... once, store it, and remove it from the address bar.
  (function takeKeyFromURL() {
    var url;
    try {
      url = new URL(window.location.href);
    } catch (e) {
      return;
    }
    if (!url.searchParams.has('key')) return;
    var k = (url.searchParams.get('key') || '').trim();
    if (k) storeSet(KEY_STORAGE, k);
    url.searchParams.delete('key');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  })();

  // 2. When the server's example set changed since the last visit, drop
  //    GraphiQL's saved tabs so the new examples show up as defaultTabs.
  //    (GraphiQL prefers its saved tabs over defaultTabs.)
  (function resetTabsOnNewExamples() {
    var v = config.examplesVersion || '';
    if (storeGet(EXAMPLES_STORAGE) === v) return;
    ['graphiql:tabState', 'graphiql:query', 'graphiql:variables', 'graphiql:headers',
      'graphiql:operationName'].forEach(function (k) { storeSet(k, null); });
    storeSet(EXAMPLES_STORAGE, v);
  })();

  // 3. The API key field.
  var keyInput = document.getElementById('rg-key');
  var showBtn = document.getElementById('rg-show');
  var status = document.getElementById('rg-status');
  var apiKey = storeGet(KEY_STORAGE) || '';
  keyInput.value = apiKey;
  if (views) {
    views.setKey(apiKey);
    views.setEndpoint(endpoint);
  }

  function updateStatus() {
    if (apiKey) {
      status.textContent = 'key saved in this browser';
      status.className = '';
    } else {
      status.textContent = 'no key: requests are sent without Authorization';
      status.className = 'rg-missing';
    }
  }
  updateStatus();

  showBtn.addEventListener('click', function () {
    var hidden = keyInput.type === 'password';
    keyInput.type = hidden ? 'text' : 'password';
    showBtn.textContent = hidden ? 'hide' : 'show';
  });

  // 4. The fetcher: POST JSON to the endpoint. Headers from GraphiQL's header
  //    editor are merged in; an Authorization header typed there wins over
  //    the key field.
  function hasHeader(h, name) {
    name = name.toLowerCase();
    return Object.keys(h).some(function (k) { return k.toLowerCase() === name; });
  }

  // Subscriptions run over a WebSocket at the same endpoint, speaking
  //    graphql-transport-ws; the key goes in the connection_init payload.
  //    Each alert shows in the result pane as it comes.
  // The type of the operation that runs: query, mutation or subscription.
  function operationType(params) {
    var query = String(params.query || '').replace(/#[^\n]*/g, '');
    var m = params.operationName
      ? new RegExp('\\b(query|mutation|subscription)\\s+' + params.operationName + '\\b').exec(query)
      : /^\s*(query|mutation|subscription)\b/.exec(query);
    return m ? m[1] : 'query';
  }

  // GraphiQL may still send the operation name of the text the editor
  //    held a moment ago (a pasted query, run at once): a name the query
  //    does not define is dropped, so that its only operation runs.
  function withLiveName(params) {
    var name = params.operationName;
    if (!name || new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(String(params.query || ''))) return params;
    var out = {};
    Object.keys(params).forEach(function (k) { if (k !== 'operationName') out[k] = params[k]; });
    return out;
  }

  function subscribe(key, params) {
    var url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return {
      subscribe: function (sink) {
        var ws = new WebSocket(url.href, 'graphql-transport-ws');
        var ended = false;
        function end(errors) {
          if (ended) return;
          ended = true;
          if (errors) sink.next({ errors: errors });
          sink.complete();
        }
        ws.onopen = function () {
          ws.send(JSON.stringify({ type: 'connection_init', payload: key ? { Authorization: 'Bearer ' + key } : {} }));
        };
        ws.onmessage = function (ev) {
          var m = JSON.parse(ev.data);
          if (m.type === 'connection_ack') {
            ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: params }));
          } else if (m.type === 'next') {
            sink.next(m.payload);
          } else if (m.type === 'error') {
            end(m.payload);
          } else if (m.type === 'complete') {
            end();
          } else if (m.type === 'ping') {
            ws.send(JSON.stringify({ type: 'pong' }));
          }
        };
        ws.onclose = function (ev) {
          end(ev.code === 1000 ? null : [{ message: 'subscription closed: ' + (ev.reason || 'code ' + ev.code) }]);
        };
        return {
          unsubscribe: function () {
            ended = true;
            if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: '1', type: 'complete' }));
            ws.close(1000);
          },
        };
      },
    };
  }

  function makeFetcher(key) {
    return function fetcher(params, opts) {
      params = withLiveName(params);
      var type = operationType(params);
      if (type === 'subscription') return subscribe(key, params);
      // A write runs only once confirmed: one click must not change the
      // graph.
      if (type === 'mutation' && !window.confirm('This mutation writes to the graph with your key. Run it?')) {
        return Promise.resolve({ errors: [{ message: 'not run: the mutation was not confirmed' }] });
      }
      var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      var extra = (opts && opts.headers) || {};
      Object.keys(extra).forEach(function (k) {
        if (extra[k] !== undefined && extra[k] !== null) headers[k] = String(extra[k]);
      });
      if (key && !hasHeader(extra, 'authorization')) headers.Authorization = 'Bearer ' + key;
      return window.fetch(endpoint, {
        method: 'POST',
        headers: headers,
        body: JSON.stringify(params),
        credentials: 'same-origin',
      }).then(function (res) {
        return res.text().then(function (text) {
          try {
            var result = JSON.parse(text);
            // The Table and Graph views show the last answer.
            if (views && result && result.data) views.record(result.data);
            return result;
          } catch (e) {
            return {
              errors: [{ message: 'HTTP ' + res.status + ' ' + res.statusText + ': ' + text.slice(0, 2000) }],
            };
          }
        });
      });
    };
  }

  // 5. Tabs: one per example, the query starting with "# <Name>".
  function exampleTab(ex) {
    var query = String(ex.query || '');
    var name = String(ex.name || '').trim();
    if (name) {
      var comment = '# ' + name;
      if (query.split('\n', 1)[0].trim() !== comment) query = comment + '\n' + query;
    }
    var tab = { query: query };
    if (ex.variables) tab.variables = String(ex.variables);
    return tab;
  }
  var defaultTabs = examples.map(exampleTab);
  var anyVariables = defaultTabs.some(function (t) { return !!t.variables; });

  // The query pane takes most of the width, so that the examples' lines
  //    fit (the split stays where the analyst drags it).
  if (storeGet('graphiql:editorFlex') === null) storeSet('graphiql:editorFlex', '1.6');

  // Tabs are named by their question in words (the "# Name" line), not by
  //    the operation name GraphiQL shows: the name goes in a data attribute
  //    that the stylesheet shows instead (React keeps its own text).
  var questionOf = {};
  examples.forEach(function (ex) {
    var m = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(String(ex.query || ''));
    if (m && ex.name) questionOf[m[1]] = String(ex.name);
  });
  function nameTabs() {
    document.querySelectorAll('.graphiql-tab-button').forEach(function (b) {
      var q = questionOf[(b.textContent || '').trim()];
      if (q && b.getAttribute('data-question') !== q) {
        b.setAttribute('data-question', q);
        b.setAttribute('title', q);
      } else if (!q && b.hasAttribute('data-question')) {
        b.removeAttribute('data-question');
      }
    });
  }
  new MutationObserver(nameTabs).observe(document.getElementById('graphiql'), { childList: true, subtree: true, characterData: true });

  var container = document.getElementById('graphiql');
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    container.textContent = 'GraphiQL failed to load (missing React, ReactDOM or GraphiQL).';
    return;
  }
  var root = window.ReactDOM.createRoot(container);
  // GraphiQL opens the active tab (the first, on a first visit) with its
  // query but fills the variables editor from elsewhere, empty on a fresh
  // profile or after a reload: give it the tab's own variables.
  function activeTabVariables() {
    var raw = storeGet('graphiql:tabState');
    if (raw) {
      try {
        var state = JSON.parse(raw);
        var tab = state.tabs && state.tabs[state.activeTabIndex || 0];
        if (tab) return tab.variables || null;
      } catch (e) { /* a state we cannot read: the first tab's */ }
    }
    return defaultTabs.length ? defaultTabs[0].variables || null : null;
  }
  var startVariables = activeTabVariables();

  function render() {
    var props = {
      fetcher: makeFetcher(apiKey),
      defaultEditorToolsVisibility: anyVariables ? 'variables' : false,
    };
    if (defaultTabs.length) props.defaultTabs = defaultTabs;
    if (startVariables) props.variables = startVariables;
    root.render(window.React.createElement(window.GraphiQL, props));
  }
  render();

  // A new key gives a new fetcher, which makes GraphiQL fetch the schema again.
  function applyKey() {
    var k = keyInput.value.trim();
    if (k === apiKey) return;
    apiKey = k;
    storeSet(KEY_STORAGE, k || null);
    if (views) views.setKey(k);
    updateStatus();
    render();
  }
  keyInput.addEventListener('change', applyKey);
  document.getElementById('rg-keyform').addEventListener('submit', function (e) {
    e.preventDefault();
    applyKey();
  });
})();
