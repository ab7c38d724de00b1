package server_test

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
)

// receiver is a webhook receiver on loopback: it checks each delivery's
// signature with the secret it is given and records what it got. It
// answers 503 to the first `down` requests.
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	secret  string
	down    int
	got     []delivery
	arrived chan struct{}
}

// delivery is one request a receiver got.
type delivery struct {
	id, attempt string
	signed      bool // the signature checked out, within five minutes
	status      int
	body        []byte
}

func newReceiver(t *testing.T, down int) *receiver {
	t.Helper()
	rc := &receiver{down: down, arrived: make(chan struct{}, 100)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		d := delivery{id: r.Header.Get("Relgraph-Delivery"), attempt: r.Header.Get("Relgraph-Attempt"), body: body,
			signed: checkSignature(rc.secret, r.Header.Get("Relgraph-Signature"), body), status: http.StatusOK}
		if len(rc.got) < rc.down {
			d.status = http.StatusServiceUnavailable
		}
		rc.got = append(rc.got, d)
		rc.mu.Unlock()
		w.WriteHeader(d.status)
		rc.arrived <- struct{}{}
	}))
	t.Cleanup(rc.Close)
	return rc
}

// checkSignature verifies "t=UNIX,v1=HEX": HEX is HMAC-SHA256 keyed with
// the secret over UNIX + "." + body, and UNIX is within five minutes.
func checkSignature(secret, header string, body []byte) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(unix, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(sig))
}

// wait waits until the receiver has got n requests.
func (rc *receiver) wait(t *testing.T, n int) []delivery {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		rc.mu.Lock()
		got := append([]delivery(nil), rc.got...)
		rc.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-rc.arrived:
		case <-deadline:
			t.Fatalf("the receiver got %d requests, want %d", len(got), n)
		}
	}
}

// alertJSON is an alert as the webhook body and the API give it.
type alertJSON struct {
	ID            string
	SavedQuestion string
	Name          string
	Question      string
	Seq           int
	Trigger       string
	Added         []alertItemJSON
	Removed       []alertItemJSON
}

type alertItemJSON struct {
	Kind  string
	ID    string
	Name  string
	Match struct {
		Degree   int
		Strength float64
		Via      []struct{ ID string }
		Evidence []struct {
			Filter     string
			Engagement *struct {
				Action  string
				Content struct{ ID string }
			}
			Signal *struct{ ID string }
		}
	}
	Introduction *struct {
		Hops     int
		Strength float64
		People   []struct{ ID string }
	}
}

// summary says an alert's items in words: "+p41 (degree 2 via p19;
// engagedWith READ wp2, mentioned s-alert; path p0>p19>p41)".
func (a alertJSON) summary() string {
	var parts []string
	say := func(sign string, it alertItemJSON) {
		var via, ev, path []string
		for _, v := range it.Match.Via {
			via = append(via, v.ID)
		}
		for _, e := range it.Match.Evidence {
			switch {
			case e.Engagement != nil:
				ev = append(ev, e.Filter+" "+e.Engagement.Action+" "+e.Engagement.Content.ID)
			case e.Signal != nil:
				ev = append(ev, e.Filter+" "+e.Signal.ID)
			}
		}
		if it.Introduction != nil {
			for _, p := range it.Introduction.People {
				path = append(path, p.ID)
			}
		}
		parts = append(parts, sign+it.ID+" (degree "+strconv.Itoa(it.Match.Degree)+" via "+strings.Join(via, ",")+"; "+
			strings.Join(ev, ", ")+"; path "+strings.Join(path, ">")+")")
	}
	for _, it := range a.Added {
		say("+", it)
	}
	for _, it := range a.Removed {
		say("-", it)
	}
	return strings.Join(parts, " ")
}

// wsSubscribe subscribes to alertsFor over graphql-transport-ws with key
// in the init payload, and returns the alerts as they come.
func wsSubscribe(t *testing.T, url, key, savedQuestion string) <-chan alertJSON {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CloseNow() })
	send := func(v any) {
		b, _ := json.Marshal(v)
		if err := c.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	type msg struct {
		Type    string
		Payload json.RawMessage
	}
	read := func() msg {
		_, b, err := c.Read(ctx)
		if err != nil {
			return msg{Type: "closed", Payload: json.RawMessage(strconv.Quote(err.Error()))}
		}
		var m msg
		_ = json.Unmarshal(b, &m)
		return m
	}
	send(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + key}})
	if m := read(); m.Type != "connection_ack" {
		t.Fatalf("connection_init: got %s %s", m.Type, m.Payload)
	}
	send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($id: ID!) { alertsFor(savedQuestion: $id, after: 0) { id savedQuestion name question seq trigger added { kind id name match introduction } removed { kind id name match } } }`,
		"variables": map[string]any{"id": savedQuestion}}})
	out := make(chan alertJSON, 10)
	go func() {
		defer close(out)
		for {
			m := read()
			switch m.Type {
			case "next":
				var p struct {
					Data struct{ AlertsFor alertJSON }
				}
				_ = json.Unmarshal(m.Payload, &p)
				out <- p.Data.AlertsFor
			case "ping":
				send(map[string]any{"type": "pong"})
			case "pong":
			default: // complete, error, or closed
				return
			}
		}
	}()
	return out
}

// wsRefused subscribes with key and returns the error message the server
// sends, or the reason the connection closed.
func wsRefused(t *testing.T, url, key, savedQuestion string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	init, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + key}})
	sub, _ := json.Marshal(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": `subscription($id: ID!) { alertsFor(savedQuestion: $id) { id } }`, "variables": map[string]any{"id": savedQuestion}}})
	_ = c.Write(ctx, websocket.MessageText, init)
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			return websocket.CloseStatus(err).String() + " " + err.Error()
		}
		var m struct {
			Type    string
			Payload json.RawMessage
		}
		_ = json.Unmarshal(b, &m)
		switch m.Type {
		case "connection_ack":
			_ = c.Write(ctx, websocket.MessageText, sub)
		case "error", "next":
			return string(m.Payload)
		}
	}
}

// sseSubscribe subscribes to alertsFor with Server-Sent Events and
// returns the alerts as they come.
func sseSubscribe(t *testing.T, url, key, savedQuestion string) <-chan alertJSON {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	body, _ := json.Marshal(map[string]any{"query": `subscription($id: ID!) { alertsFor(savedQuestion: $id, after: 0) { id seq added { kind id name match introduction } removed { kind id } } }`,
		"variables": map[string]any{"id": savedQuestion}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("SSE: HTTP %d", res.StatusCode)
	}
	out := make(chan alertJSON, 10)
	go func() {
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var p struct {
				Data struct{ AlertsFor alertJSON }
			}
			if json.Unmarshal([]byte(data), &p) == nil && p.Data.AlertsFor.ID != "" {
				out <- p.Data.AlertsFor
			}
		}
	}()
	return out
}

func next(t *testing.T, ch <-chan alertJSON, what string) alertJSON {
	t.Helper()
	select {
	case a, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the subscription ended", what)
		}
		return a
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no alert", what)
	}
	return alertJSON{}
}

// The churn question at degree 2, saved by Alex Morgan (p0) with a webhook.
// A writer key records that p41 Noah Fischer (second degree, via p19)
// read a CRM white paper, then that he voiced concern about churn: exactly
// one alert names him, with his evidence and the path p0 > p19 > p41. The
// receiver is down for the first two attempts and gets the alert on the
// third, signed, with one delivery id; WebSocket and SSE subscribers get
// the same alert. When the mention turns positive, he is reported
// removed. Another person's key sees none of it.
func TestAlerts(t *testing.T) {
	restoreDemo(t)
	f := &auth.File{}
	key := keyMaker(t, f)
	alex := key("alex", auth.Reader, "p0")
	crm := key("crm-sync", auth.Writer, "")
	sam := key("sam", auth.Reader, "p3")
	ops := key("ops", auth.Admin, "")
	metrics := server.NewMetrics()
	cfg := alerts.Config{Poll: 100 * time.Millisecond, RetryBase: 200 * time.Millisecond, RetryMax: time.Second, AllowHTTP: []string{"127.0.0.1"}}
	e := &env{url: serveWithKeys(t, server.Options{Metrics: metrics}, f, cfg)}

	var saved struct{ SaveQuestion struct{ ID string } }
	e.data(t, alex, `mutation($q: String!) { saveQuestion(name: "CRM readers worried about churn", query: $q, variables: {since: "2026-10-01"}) { id } }`,
		map[string]any{"q": churnQuestion}, &saved)
	sq := saved.SaveQuestion.ID

	// Webhooks: https anywhere, http only on allowed hosts.
	rc := newReceiver(t, 2)
	for url, want := range map[string]string{
		"http://hooks.example.com/x": `http is allowed only for the hosts in RELGRAPH_WEBHOOK_ALLOW_HTTP, and "hooks.example.com" is not one`,
		"ftp://127.0.0.1/x":          `url must use https (or http on an allowed host), not "ftp"`,
		"/relative":                  "url must be an absolute https URL",
	} {
		res := e.post(t, alex, `mutation($id: ID!, $u: String!) { addWebhook(savedQuestion: $id, url: $u) { secret } }`, map[string]any{"id": sq, "u": url})
		if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, want) {
			t.Errorf("addWebhook(%s): want BAD_USER_INPUT %q, got %+v", url, want, res.Errors)
		}
	}
	var hook struct {
		AddWebhook struct {
			Webhook struct{ ID, URL string }
			Secret  string
		}
	}
	e.data(t, alex, `mutation($id: ID!, $u: String!) { addWebhook(savedQuestion: $id, url: $u) { webhook { id url } secret } }`,
		map[string]any{"id": sq, "u": rc.URL + "/relgraph"}, &hook)
	if !strings.HasPrefix(hook.AddWebhook.Secret, "whsec_") || hook.AddWebhook.Webhook.URL != rc.URL+"/relgraph" {
		t.Fatalf("addWebhook: %+v", hook.AddWebhook)
	}
	rc.mu.Lock()
	rc.secret = hook.AddWebhook.Secret
	rc.mu.Unlock()

	ws := wsSubscribe(t, e.url, alex, sq)
	sse := sseSubscribe(t, e.url, alex, sq)

	// Another person's saved question does not exist for Sam, anywhere.
	for _, q := range []string{
		`query($id: ID!) { alerts(savedQuestion: $id) { totalCount } }`,
		`mutation($id: ID!) { addWebhook(savedQuestion: $id, url: "https://hooks.example.com/sam") { secret } }`,
		`mutation($id: ID!) { removeWebhook(id: $id) }`,
	} {
		id := sq
		if strings.Contains(q, "removeWebhook") {
			id = hook.AddWebhook.Webhook.ID
		}
		res := e.post(t, sam, q, map[string]any{"id": id})
		if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("sam: %s: want NOT_FOUND, got %s %+v", q, res.Data, res.Errors)
		}
	}
	if got := wsRefused(t, e.url, sam, sq); !strings.Contains(got, "NOT_FOUND") || !strings.Contains(got, sq) {
		t.Errorf("sam's subscription: want NOT_FOUND, got %s", got)
	}
	if got := wsRefused(t, e.url, "not-a-key", sq); !strings.Contains(got, "invalid API key") {
		t.Errorf("a subscription with a bad key: got %s", got)
	}

	// An engagement alone changes nothing; with the mention, p41 matches.
	e.data(t, crm, `mutation { upsertEngagements(input: [{person: "p41", content: "wp2", action: READ, at: "2026-11-20T10:00:00Z"}]) { count } }`, nil, &struct{}{})
	e.data(t, crm, `mutation { upsertSignals(input: [{id: "s-alert", kind: MENTION, person: "p41", topics: ["churn"], sentiment: NEGATIVE, at: "2026-11-21T09:00:00Z", summary: "Worried our churn doubled"}]) { count } }`, nil, &struct{}{})

	got := rc.wait(t, 3)
	want := "+p41 (degree 2 via p19; engagedWith READ wp2, mentioned s-alert; path p0>p19>p41)"
	var first alertJSON
	for i, d := range got {
		if d.id != got[0].id || d.attempt != strconv.Itoa(i+1) || !d.signed || string(d.body) != string(got[0].body) {
			t.Errorf("attempt %d: delivery %s attempt %s signed %v (want one delivery id, attempts 1..3, signed, one body)", i+1, d.id, d.attempt, d.signed)
		}
	}
	if err := json.Unmarshal(got[2].body, &first); err != nil {
		t.Fatal(err)
	}
	if first.summary() != want || first.SavedQuestion != sq || first.Seq != 1 || first.Name != "CRM readers worried about churn" || first.Question != "connections" ||
		!strings.HasPrefix(first.Trigger, "change: ") {
		t.Errorf("webhook alert %+v\n  %s\nwant %s", first, first.summary(), want)
	}
	for name, ch := range map[string]<-chan alertJSON{"websocket": ws, "sse": sse} {
		if a := next(t, ch, name); a.ID != first.ID || a.summary() != want {
			t.Errorf("%s: got %s %s, want %s %s", name, a.ID, a.summary(), first.ID, want)
		}
	}

	// The mention turns positive: p41 no longer matches.
	e.data(t, crm, `mutation { upsertSignals(input: [{id: "s-alert", kind: MENTION, person: "p41", topics: ["churn"], sentiment: POSITIVE, at: "2026-11-21T09:00:00Z"}]) { count } }`, nil, &struct{}{})
	removed := next(t, ws, "websocket, removal")
	if removed.Seq != 2 || len(removed.Added) != 0 || len(removed.Removed) != 1 || removed.Removed[0].ID != "p41" || removed.Removed[0].Name != "Noah Fischer" {
		t.Errorf("removal: %+v", removed)
	}
	rc.wait(t, 4)

	// A write that cannot change the answer (a topic) asks nothing again;
	// none that does not change it makes an alert.
	e.data(t, crm, `mutation { upsertTopics(input: [{id: "churn", name: "Churn"}]) { count } }`, nil, &struct{}{})
	e.data(t, crm, `mutation { upsertEngagements(input: [{person: "p41", content: "wp1", action: LIKED, at: "2026-11-22T10:00:00Z"}]) { count } }`, nil, &struct{}{})
	time.Sleep(time.Second)

	var list struct {
		Alerts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID         string
					Seq        int
					Deliveries []struct {
						ID, State string
						Attempts  int
					}
				}
			}
		}
	}
	e.data(t, alex, `query($id: ID!) { alerts(savedQuestion: $id) { totalCount edges { node { id seq deliveries { id state attempts } } } } }`, map[string]any{"id": sq}, &list)
	if a := list.Alerts; a.TotalCount != 2 || a.Edges[0].Node.Seq != 2 || a.Edges[1].Node.ID != first.ID ||
		len(a.Edges[1].Node.Deliveries) != 1 || a.Edges[1].Node.Deliveries[0].ID != got[0].id || a.Edges[1].Node.Deliveries[0].State != "DELIVERED" ||
		a.Edges[1].Node.Deliveries[0].Attempts != 3 {
		t.Errorf("alerts: %+v", a)
	}
	if n := len(rc.wait(t, 4)); n != 4 {
		t.Errorf("the receiver got %d requests, want 4 (3 attempts of the first alert, 1 of the second)", n)
	}

	// A replay sends the same delivery again, with its id.
	var replay struct{ ReplayDelivery struct{ ID, State string } }
	e.data(t, alex, `mutation($id: ID!) { replayDelivery(id: $id) { id state } }`, map[string]any{"id": got[0].id}, &replay)
	if replay.ReplayDelivery.ID != got[0].id || replay.ReplayDelivery.State != "PENDING" {
		t.Errorf("replay: %+v", replay)
	}
	if again := rc.wait(t, 5)[4]; again.id != got[0].id || !again.signed || string(again.body) != string(got[0].body) {
		t.Errorf("replayed delivery: %s signed %v", again.id, again.signed)
	}
	if res := e.post(t, sam, `mutation($id: ID!) { replayDelivery(id: $id) { id } }`, map[string]any{"id": got[0].id}); len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("sam replays alex's delivery: %+v", res.Errors)
	}

	// Metrics: two retries, then three deliveries (the first alert, the
	// second, the replay); nothing pending.
	time.Sleep(300 * time.Millisecond)
	res, body := prodServer{url: e.url}.do(t, http.MethodGet, "/metrics", ops, nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	for _, line := range []string{
		`relgraph_webhook_deliveries_total{outcome="retry"} 2`,
		`relgraph_webhook_deliveries_total{outcome="delivered"} 3`,
		`relgraph_webhook_outbox_depth 0`,
	} {
		if !strings.Contains(body, line+"\n") {
			t.Errorf("/metrics lacks %q", line)
		}
	}

	// Deleting the saved question deletes its alerts and webhooks.
	e.data(t, alex, `mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, map[string]any{"id": sq}, &struct{}{})
	if res := e.post(t, ops, `query($id: ID!) { alerts(savedQuestion: $id) { totalCount } }`, map[string]any{"id": sq}); len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("alerts of a deleted question: %+v", res.Errors)
	}
}
