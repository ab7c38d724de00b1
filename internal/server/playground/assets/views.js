// relgraph playground, for analysts: the Ask box, and the Table and Graph
// views of the last answer (next to GraphiQL's JSON). playground.js gives
// every answer to record() and the key to setKey().
(function () {
  'use strict';

  var state = { key: '', endpoint: '/graphql', field: null, data: null, view: 'json', sort: null, cy: null, ask: null };

  function text(v) { return v === null || v === undefined ? '' : String(v); }
  function name(o) { return o ? text(o.name || o.id) : ''; }
  function names(list) { return (list || []).map(name).join(', '); }
  function num(v) { return typeof v === 'number' ? Math.round(v * 1000) / 1000 : v; }

  // The root field and its value of an answer's data.
  function root(data) {
    var keys = Object.keys(data || {});
    return keys.length ? { field: keys[0], value: data[keys[0]] } : { field: null, value: null };
  }

  // Evidence in words: "read The CRM data playbook; mention s1 (2026-11-10)".
  function evidenceWords(list) {
    return (list || []).map(function (e) {
      if (e.engagement) {
        var c = e.engagement.content || {};
        return text(e.engagement.action).toLowerCase() + ' ' + text(c.title || c.id);
      }
      if (e.signal) {
        var s = e.signal;
        return text(s.kind).toLowerCase().replace(/_/g, ' ') + ' ' + text(s.id) + (s.at ? ' (' + text(s.at).slice(0, 10) + ')' : '');
      }
      return text(e.filter);
    }).join('; ');
  }

  // rows turns an answer into table rows: one per edge (or per item of a
  // list), with the columns that say who, where, how far and why.
  function rows(field, value) {
    if (!value) return [];
    if (value.edges) {
      return value.edges.map(function (edge) {
        var n = edge.node || {};
        var person = n.person || (n.company ? null : n);
        var company = n.company || (n.worksAt && n.worksAt[0] && n.worksAt[0].company) || null;
        return {
          name: name(person) || name(company) || text(n.title || n.kind),
          id: text((person && person.id) || (company && company.id) || n.id),
          company: person ? name(company) : '',
          title: text(person && person.title),
          degree: edge.degree !== undefined ? edge.degree : '',
          strength: num(edge.strength !== undefined ? edge.strength : n.strength),
          score: num(n.score),
          count: n.count !== undefined ? n.count : '',
          via: names(edge.via || n.via),
          people: names((n.people || []).map(function (p) { return p.node || p; })),
          evidence: evidenceWords(edge.evidence),
          kind: n.kind ? text(n.kind) : '',
          at: n.at ? text(n.at).slice(0, 10) : '',
        };
      });
    }
    if (field === 'accountCoverage') {
      var out = [];
      (value.departments || []).forEach(function (d) {
        (d.people || []).forEach(function (c) {
          out.push({ department: text(d.department), name: name(c.person), id: text(c.person && c.person.id), title: text(c.title), knownBy: names(c.knownBy) });
        });
        if (!d.people) out.push({ department: text(d.department), contacts: d.contacts, covered: d.covered, coverage: num(d.coverage) });
      });
      return out;
    }
    if (Array.isArray(value)) {
      return value.map(function (item) {
        if (item.people) {
          return { path: item.people.map(name).join(' → '), hops: item.hops, strength: num(item.strength) };
        }
        var n = item.node || item;
        return { name: name(n), id: text(n.id), kind: text(n.__typename), title: text(n.title), score: num(item.score) };
      });
    }
    var one = {};
    Object.keys(value).forEach(function (k) {
      if (value[k] === null || typeof value[k] !== 'object') one[k] = value[k];
    });
    return [one];
  }

  function columnsOf(list) {
    var cols = [];
    list.forEach(function (r) {
      Object.keys(r).forEach(function (k) {
        if (cols.indexOf(k) < 0 && list.some(function (x) { return text(x[k]) !== ''; })) cols.push(k);
      });
    });
    return cols;
  }

  function csvOf(cols, list) {
    var q = function (v) { v = text(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    return [cols.join(',')].concat(list.map(function (r) { return cols.map(function (c) { return q(r[c]); }).join(','); })).join('\n') + '\n';
  }

  function renderTable() {
    var table = document.getElementById('rg-table');
    var list = rows(state.field, state.data);
    var cols = columnsOf(list);
    if (state.sort && cols.indexOf(state.sort.col) >= 0) {
      var c = state.sort.col, dir = state.sort.desc ? -1 : 1;
      list = list.slice().sort(function (a, b) {
        var x = a[c], y = b[c];
        if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
        return text(x).localeCompare(text(y)) * dir;
      });
    }
    table.textContent = '';
    var head = table.createTHead().insertRow();
    cols.forEach(function (c) {
      var th = document.createElement('th');
      th.textContent = c + (state.sort && state.sort.col === c ? (state.sort.desc ? ' ▼' : ' ▲') : '');
      th.dataset.col = c;
      th.title = 'sort by ' + c;
      th.addEventListener('click', function () {
        state.sort = { col: c, desc: state.sort && state.sort.col === c ? !state.sort.desc : false };
        renderTable();
      });
      head.appendChild(th);
    });
    var body = table.createTBody();
    list.forEach(function (r) {
      var tr = body.insertRow();
      cols.forEach(function (c) { tr.insertCell().textContent = text(r[c]); });
    });
    table.dataset.rows = String(list.length);
    table.dataset.csv = csvOf(cols, list);
    document.getElementById('rg-table-caption').textContent = state.field ? state.field + ': ' + list.length + ' rows' : 'no answer yet: run a question';
  }

  // elements turns an answer into graph nodes and edges: paths as chains
  // from me, a network as me → via → people, coverage as team members
  // linked to the contacts they know, contacts grouped by department.
  function elements(field, value) {
    var nodes = {}, edges = [];
    function node(id, label, kind, parent) {
      if (!id) return;
      if (!nodes[id]) nodes[id] = { data: { id: id, label: label || id, kind: kind || 'person', parent: parent } };
    }
    function edge(a, b, label) {
      if (!a || !b || a === b) return;
      var id = a + '→' + b;
      if (!edges.some(function (e) { return e.data.id === id; })) edges.push({ data: { id: id, source: a, target: b, label: label === undefined || label === '' ? '' : text(num(label)) } });
    }
    if (Array.isArray(value) && value.length && value[0].people) {
      value.forEach(function (p) {
        var links = p.links || [];
        p.people.forEach(function (person, i) {
          node(person.id, person.name, i === 0 ? 'me' : 'person');
          if (i > 0) {
            var prev = p.people[i - 1];
            var link = links.filter(function (l) { return l.from && l.to && l.from.id === prev.id && l.to.id === person.id; })[0];
            edge(prev.id, person.id, link ? link.strength : '');
          }
        });
      });
    } else if (field === 'accountCoverage' && value) {
      // The team in a row above; each department a column of its contacts.
      (value.teamMembers || []).forEach(function (t, i) {
        if (!t.person || !t.person.id) return;
        node(t.person.id, t.person.name, 'team');
        nodes[t.person.id].position = { x: i * 130, y: 0 };
      });
      (value.departments || []).forEach(function (d, j) {
        var dep = 'dept:' + text(d.department || 'unknown');
        nodes[dep] = { data: { id: dep, label: text(d.department || 'unknown') + ' (' + d.covered + '/' + d.contacts + ')', kind: 'department' } };
        (d.people || []).forEach(function (c, k) {
          if (!c.person || !c.person.id) return;
          node(c.person.id, c.person.name, 'contact', dep);
          nodes[c.person.id].position = { x: j * 150, y: 170 + k * 70 };
          (c.knownBy || []).forEach(function (t) { if (t && t.id) { node(t.id, t.name, 'team'); edge(t.id, c.person.id, ''); } });
        });
      });
    } else if (value && value.edges) {
      node('me', 'me', 'me');
      value.edges.forEach(function (e) {
        var n = e.node || {};
        if (n.company && n.people) {
          node(n.company.id, n.company.name, 'company');
          n.people.forEach(function (p) {
            var person = p.node || p;
            node(person.id, person.name, 'person');
            edge(n.company.id, person.id, '');
          });
          return;
        }
        var person = n.person || n;
        if (!person.id) return;
        node(person.id, person.name, 'person');
        var via = e.via || n.via || [];
        if (e.degree === 1 || !via.length) edge('me', person.id, e.strength !== undefined ? e.strength : n.strength);
        via.forEach(function (v) { node(v.id, v.name, 'person'); edge('me', v.id, ''); edge(v.id, person.id, ''); });
      });
    }
    return { nodes: Object.keys(nodes).map(function (k) { return nodes[k]; }), edges: edges };
  }

  function renderGraph() {
    var box = document.getElementById('rg-graph');
    var els = elements(state.field, state.data);
    var people = els.nodes.filter(function (n) { return n.data.kind !== 'department'; });
    box.dataset.nodes = String(people.length);
    box.dataset.edges = String(els.edges.length);
    document.getElementById('rg-graph-caption').textContent = state.field
      ? state.field + ': ' + people.length + ' nodes, ' + els.edges.length + ' edges (click a person to ask about them)'
      : 'no answer yet: run a question';
    if (state.cy) state.cy.destroy();
    if (!window.cytoscape) return;
    state.cy = window.cytoscape({
      container: box,
      elements: els.nodes.concat(els.edges),
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#6b7a90', width: 18, height: 18 } },
        { selector: 'node[kind = "me"]', style: { 'background-color': '#d60590' } },
        { selector: 'node[kind = "team"]', style: { 'background-color': '#d60590', shape: 'round-rectangle' } },
        { selector: 'node[kind = "company"]', style: { 'background-color': '#2f6fd6', shape: 'round-rectangle' } },
        { selector: 'node[kind = "department"]', style: { 'background-color': '#eef1f5', 'text-valign': 'top', 'border-width': 1, 'border-color': '#b8bec7' } },
        { selector: 'edge', style: { width: 2, 'line-color': '#b8bec7', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#b8bec7', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 10 } },
      ],
      // Chains and networks from me down; coverage as placed above.
      layout: state.field === 'accountCoverage'
        ? { name: 'preset', padding: 30 }
        : field0(els)
          ? { name: 'breadthfirst', directed: true, roots: field0(els), padding: 20, animate: false }
          : { name: 'cose', padding: 20, animate: false, randomize: false },
    });
    state.cy.on('tap', 'node', function (ev) {
      var d = ev.target.data();
      if (d.kind === 'person' || d.kind === 'contact') askAbout(d.label);
    });
  }

  // field0 are the roots of a graph: me, or the team members.
  function field0(els) {
    var roots = els.nodes.filter(function (n) { return n.data.kind === 'me' || n.data.kind === 'team'; }).map(function (n) { return '#' + cssId(n.data.id); });
    return roots.length ? roots.join(', ') : null;
  }

  function cssId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, function (c) { return '\\' + c; }); }

  function render() {
    var panel = document.getElementById('rg-panel');
    document.querySelectorAll('#rg-views button').forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.view === state.view)); });
    panel.hidden = state.view === 'json';
    // Below the bars, whatever their height.
    panel.style.top = Math.round(document.getElementById('graphiql').getBoundingClientRect().top + 8) + 'px';
    document.getElementById('rg-table-view').hidden = state.view !== 'table';
    document.getElementById('rg-graph-view').hidden = state.view !== 'graph';
    if (state.view === 'table') renderTable();
    if (state.view === 'graph') renderGraph();
  }

  function show(view) { state.view = view; render(); }

  // record keeps the last answer of a question (not the schema's).
  function record(data) {
    var r = root(data);
    if (!r.field || r.field.indexOf('__') === 0) return;
    if (r.field === 'ask' && r.value) {
      var inner = r.value.answer || {};
      r = root(inner);
    }
    state.field = r.field;
    state.data = r.value;
    state.sort = null;
    if (state.view !== 'json') render();
  }

  function post(body) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (state.key) headers.Authorization = 'Bearer ' + state.key;
    return window.fetch(state.endpoint, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) { return res.json(); });
  }

  // ask sends the Ask box's question and shows what it became and its
  // answer (in the Table view, unless another view is open).
  function ask(question) {
    var out = document.getElementById('rg-understood');
    out.textContent = 'asking…';
    out.className = '';
    return post({ query: 'query Ask($q: String!) { ask(question: $q) { understood graphql variables answer unknown } }', variables: { q: question } })
      .then(function (res) {
        if (res.errors && res.errors.length) {
          out.textContent = res.errors[0].message;
          out.className = 'rg-error';
          document.getElementById('rg-open').hidden = true;
          return;
        }
        var a = res.data.ask;
        state.ask = a;
        out.textContent = 'Understood: ' + a.understood + (a.unknown.length ? ' (not understood: ' + a.unknown.join(' ') + ')' : '');
        var pre = document.createElement('pre');
        pre.id = 'rg-graphql';
        pre.textContent = a.graphql + '\n' + JSON.stringify(a.variables);
        out.appendChild(pre);
        document.getElementById('rg-open').hidden = false;
        record(a.answer);
        if (state.view === 'json') show('table');
      })
      .catch(function (err) {
        out.textContent = 'the question could not be sent: ' + err;
        out.className = 'rg-error';
      });
  }

  function askAbout(personName) {
    var q = 'who can introduce me to ' + personName;
    document.getElementById('rg-question').value = q;
    ask(q);
  }

  // openInEditor puts the GraphQL an ask became, and its variables, in
  // GraphiQL's editors.
  function openInEditor() {
    if (!state.ask) return;
    var q = document.querySelector('.graphiql-query-editor .CodeMirror');
    if (q && q.CodeMirror) q.CodeMirror.setValue(state.ask.graphql);
    var vars = document.querySelector('.graphiql-editor-tool .CodeMirror');
    if (vars && vars.CodeMirror) vars.CodeMirror.setValue(JSON.stringify(state.ask.variables, null, 2));
    show('json');
  }

  document.addEventListener('DOMContentLoaded', function () {});
  document.querySelectorAll('#rg-views button').forEach(function (b) {
    b.addEventListener('click', function () { show(b.dataset.view); });
  });
  document.getElementById('rg-ask').addEventListener('submit', function (e) {
    e.preventDefault();
    var q = document.getElementById('rg-question').value.trim();
    if (q) ask(q);
  });
  document.getElementById('rg-open').addEventListener('click', openInEditor);
  document.getElementById('rg-csv').addEventListener('click', function () {
    var csv = document.getElementById('rg-table').dataset.csv || '';
    if (navigator.clipboard) navigator.clipboard.writeText(csv).catch(function () {});
  });

  window.relgraphViews = {
    record: record,
    setKey: function (k) { state.key = k; },
    setEndpoint: function (e) { state.endpoint = e; },
    cy: function () { return state.cy; },
  };
})();
