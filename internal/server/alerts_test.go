package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/relgraph/relgraph/internal/alerts"
	"github.com/relgraph/relgraph/internal/alerts/alertstest"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
)

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
		"query":     readmeCode(t, "**Live.**", "graphql"),
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

// readmeCode returns the first ```lang block after marker in the README.
func readmeCode(t testing.TB, marker, lang string) string {
	t.Helper()
	_, code, ok := strings.Cut(testdb.ReadmeAfter(t, marker), "```"+lang+"\n")
	code, _, ok2 := strings.Cut(code, "\n```")
	if !ok || !ok2 {
		t.Fatalf("README: no %s block after %q", lang, marker)
	}
	return code
}

// saveChurn saves the churn question at degree 2 (since 2026-10-01) for
// key's person and returns its id.
func saveChurn(t testing.TB, e *env, key string) string {
	t.Helper()
	var saved struct{ SaveQuestion struct{ ID string } }
	e.data(t, key, `mutation($q: String!) { saveQuestion(name: "CRM readers worried about churn", query: $q, variables: {since: "2026-10-01"}) { id } }`,
		map[string]any{"q": churnQuestion}, &saved)
	return saved.SaveQuestion.ID
}

// addWebhook adds a webhook to rc with the README's mutation, gives rc its
// secret, and returns the webhook's id and URL.
func addWebhook(t testing.TB, e *env, key, savedQuestion string, rc *alertstest.Receiver, path string) (id, url, secret string) {
	t.Helper()
	var hook struct {
		AddWebhook struct {
			Webhook struct{ ID, URL string }
			Secret  string
		}
	}
	e.data(t, key, readmeCode(t, "**Webhooks.**", "graphql"), map[string]any{"id": savedQuestion, "url": rc.URL + path}, &hook)
	rc.SetSecret(hook.AddWebhook.Secret)
	return hook.AddWebhook.Webhook.ID, hook.AddWebhook.Webhook.URL, hook.AddWebhook.Secret
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

	sq := saveChurn(t, e, alex)

	// Webhooks: https anywhere, http only on allowed hosts.
	rc := alertstest.New(t, 2)
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
	hookID, hookURL, secret := addWebhook(t, e, alex, sq, rc, "/relgraph")
	if !strings.HasPrefix(secret, "whsec_") || hookURL != rc.URL+"/relgraph" {
		t.Fatalf("addWebhook: %s %s", hookURL, secret)
	}

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
			id = hookID
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

	got := rc.Wait(t, 3)
	want := "+p41 (degree 2 via p19; engagedWith READ wp2, mentioned s-alert; path p0>p19>p41)"
	var first alertJSON
	for i, d := range got {
		if d.ID != got[0].ID || d.Attempt != strconv.Itoa(i+1) || !d.Signed || string(d.Body) != string(got[0].Body) {
			t.Errorf("attempt %d: delivery %s attempt %s signed %v (want one delivery id, attempts 1..3, signed, one body)", i+1, d.ID, d.Attempt, d.Signed)
		}
	}
	if err := json.Unmarshal(got[2].Body, &first); err != nil {
		t.Fatal(err)
	}
	// The README's payload is this one, but for the ids and the time.
	var readme, body map[string]any
	if err := json.Unmarshal([]byte(readmeCode(t, "**The payload.**", "json")), &readme); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(got[2].Body, &body)
	for _, k := range []string{"id", "savedQuestion", "at", "trigger"} {
		body[k] = readme[k]
	}
	if !reflect.DeepEqual(readme, body) {
		t.Errorf("the README's payload differs from the delivery's:\n%s", got[2].Body)
	}
	checkVerifyExample(t, secret, got[2])
	if first.summary() != want || first.SavedQuestion != sq || first.Seq != 1 || first.Name != "CRM readers worried about churn" || first.Question != "connections" ||
		!regexp.MustCompile(`^change: (engaged|signal|engaged, signal)$`).MatchString(first.Trigger) {
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
	rc.Wait(t, 4)

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
					Seq        int
					Added      []struct{ ID string }
					Deliveries []struct {
						ID, State string
						Attempts  int
					}
				}
			}
		}
	}
	e.data(t, alex, readmeCode(t, "**Listing alerts.**", "graphql"), map[string]any{"id": sq}, &list)
	if a := list.Alerts; a.TotalCount != 2 || a.Edges[0].Node.Seq != 2 || a.Edges[1].Node.Seq != 1 || len(a.Edges[1].Node.Added) != 1 || a.Edges[1].Node.Added[0].ID != "p41" ||
		len(a.Edges[1].Node.Deliveries) != 1 || a.Edges[1].Node.Deliveries[0].ID != got[0].ID || a.Edges[1].Node.Deliveries[0].State != "DELIVERED" ||
		a.Edges[1].Node.Deliveries[0].Attempts != 3 {
		t.Errorf("alerts: %+v", a)
	}
	if n := len(rc.Wait(t, 4)); n != 4 {
		t.Errorf("the receiver got %d requests, want 4 (3 attempts of the first alert, 1 of the second)", n)
	}

	// A replay sends the same delivery again, with its id.
	var replay struct{ ReplayDelivery struct{ ID, State string } }
	e.data(t, alex, `mutation($id: ID!) { replayDelivery(id: $id) { id state } }`, map[string]any{"id": got[0].ID}, &replay)
	if replay.ReplayDelivery.ID != got[0].ID || replay.ReplayDelivery.State != "PENDING" {
		t.Errorf("replay: %+v", replay)
	}
	if again := rc.Wait(t, 5)[4]; again.ID != got[0].ID || !again.Signed || string(again.Body) != string(got[0].Body) {
		t.Errorf("replayed delivery: %s signed %v", again.ID, again.Signed)
	}
	if res := e.post(t, sam, `mutation($id: ID!) { replayDelivery(id: $id) { id } }`, map[string]any{"id": got[0].ID}); len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("sam replays alex's delivery: %+v", res.Errors)
	}

	// Metrics: two retries, then three deliveries (the first alert, the
	// second, the replay); nothing pending.
	time.Sleep(300 * time.Millisecond)
	res, text := prodServer{url: e.url}.do(t, http.MethodGet, "/metrics", ops, nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	for _, line := range []string{
		`relgraph_webhook_deliveries_total{outcome="retry"} 2`,
		`relgraph_webhook_deliveries_total{outcome="delivered"} 3`,
		`relgraph_webhook_outbox_depth 0`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("/metrics lacks %q", line)
		}
	}

	// Deleting the saved question deletes its alerts and webhooks.
	e.data(t, alex, `mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, map[string]any{"id": sq}, &struct{}{})
	if res := e.post(t, ops, `query($id: ID!) { alerts(savedQuestion: $id) { totalCount } }`, map[string]any{"id": sq}); len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("alerts of a deleted question: %+v", res.Errors)
	}
}

// checkVerifyExample runs the README's verifying function with node on a
// real delivery: it accepts it, and refuses it with another secret or
// one byte of the body changed.
func checkVerifyExample(t *testing.T, secret string, d alertstest.Delivery) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to check the README's verifying example: %v", err)
	}
	dir := t.TempDir()
	script := readmeCode(t, "**Verifying a delivery.**", "js") + `
const [secret, header, file] = process.argv.slice(2);
console.log(verify(secret, header, require('fs').readFileSync(file)) ? 'ok' : 'refused');
`
	if err := os.WriteFile(filepath.Join(dir, "verify.js"), []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	tampered := append([]byte(nil), d.Body...)
	tampered[len(tampered)-2] = ' '
	for _, tc := range []struct {
		secret string
		body   []byte
		want   string
	}{{secret, d.Body, "ok"}, {secret + "x", d.Body, "refused"}, {secret, tampered, "refused"}} {
		body := filepath.Join(dir, "body.json")
		if err := os.WriteFile(body, tc.body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, filepath.Join(dir, "verify.js"), tc.secret, d.Signature, body).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("the README's verify(): %v %s, want %s", err, out, tc.want)
		}
	}
}

// Streams are for subscriptions, with a key: a request that only looks
// like a WebSocket (an Upgrade header on a POST) needs a key like any
// other, and a query sent as a stream is refused.
func TestStreamsNeedKeysAndSubscriptions(t *testing.T) {
	f := &auth.File{}
	key := keyMaker(t, f)
	alex := key("alex", auth.Reader, "p0")
	e := &env{url: serveWithKeys(t, server.Options{}, f)}
	for name, h := range map[string]map[string]string{
		"SSE with an Upgrade header": {"Upgrade": "x", "Accept": "text/event-stream"},
		"a POST with Upgrade":        {"Upgrade": "websocket"},
	} {
		res, body := prodServer{url: e.url}.do(t, http.MethodPost, "/graphql", "", h, `{"query":"{ person(id: \"p10\") { name knows { person { id } } } }"}`)
		if res.StatusCode != http.StatusUnauthorized || strings.Contains(body, "Dana") {
			t.Errorf("%s without a key: HTTP %d %s", name, res.StatusCode, body)
		}
	}
	res, body := prodServer{url: e.url}.do(t, http.MethodPost, "/graphql", alex, map[string]string{"Accept": "text/event-stream"}, `{"query":"{ viewer { id } }"}`)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "subscriptions only") || strings.Contains(body, `"viewer"`) {
		t.Errorf("a query as a stream: HTTP %d %s", res.StatusCode, body)
	}
}
