package faulttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/alerts/alertstest"
	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/testdb"
)

// relgraphServe starts `relgraph serve` on addr against uri with the keys
// file and extra environment; it is killed at cleanup if still running.
func relgraphServe(t *testing.T, bin, uri, keys, addr string, env ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-playground=false")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") && !strings.HasPrefix(kv, "RELGRAPH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, append([]string{"NEO4J_URI=" + uri, "RELGRAPH_KEYS_FILE=" + keys, "RELGRAPH_STRENGTH_REFRESH=0"}, env...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd, &out
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("relgraph serve did not become ready:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ask posts a GraphQL request and fails the test on any error.
func ask(t *testing.T, url, key, query string, vars map[string]any, into any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("%s: %v %+v", query, err, r.Errors)
	}
	if into != nil {
		if err := json.Unmarshal(r.Data, into); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAlertDeliverySurvivesKill: an alert's delivery fails once (the
// receiver is down), relgraph is killed with the delivery pending, and
// after a restart the delivery arrives once, with the same delivery id:
// the outbox lives in Neo4j.
func TestAlertDeliverySurvivesKill(t *testing.T) {
	skipShort(t)
	store := testdb.Store(t)
	testdb.Demo(t, store)
	t.Cleanup(func() { testdb.Demo(t, store) })
	bin := buildRelgraph(t)
	uri := os.Getenv(testdb.URIVar)

	f := &auth.File{}
	alex, _ := f.New("alex", auth.Reader, "p0")
	crm, _ := f.New("crm-sync", auth.Writer, "")
	keys := filepath.Join(t.TempDir(), "keys.json")
	if err := f.Save(keys); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	url := "http://" + addr
	env := []string{"RELGRAPH_WEBHOOK_ALLOW_HTTP=127.0.0.1", "RELGRAPH_ALERTS_POLL=200ms", "RELGRAPH_WEBHOOK_RETRY_BASE=2s"}
	first, out := relgraphServe(t, bin, uri, keys, addr, env...)

	rc := alertstest.New(t, 0)
	rc.SetDown(true)
	var saved struct{ SaveQuestion struct{ ID string } }
	ask(t, url, alex, `mutation { saveQuestion(name: "Series B in my network", query: "query { signals(where: {kinds: [FUNDING_ROUND], round: \"B\"}, network: {degree: 2}) { totalCount } }") { id } }`, nil, &saved)
	var hook struct{ AddWebhook struct{ Secret string } }
	ask(t, url, alex, `mutation($id: ID!, $u: String!) { addWebhook(savedQuestion: $id, url: $u) { secret } }`,
		map[string]any{"id": saved.SaveQuestion.ID, "u": rc.URL + "/hook"}, &hook)
	rc.SetSecret(hook.AddWebhook.Secret)

	// p19 (degree 1) works at c5 Quantix Data: a new Series B there is in
	// Alex's network.
	ask(t, url, crm, `mutation { upsertSignals(input: [{id: "s-b2", kind: FUNDING_ROUND, company: "c5", round: "B", amount: 12000000, at: "2026-11-28"}]) { count } }`, nil, nil)
	failed := rc.Wait(t, 1)[0]
	if failed.Status != http.StatusServiceUnavailable || !failed.Signed || failed.Attempt != "1" {
		t.Fatalf("first attempt: %+v", failed)
	}
	// Once the failure is recorded, the delivery is pending.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var list struct {
			Alerts struct {
				Edges []struct {
					Node struct {
						Deliveries []struct {
							ID, State string
							LastError *string
						}
					}
				}
			}
		}
		ask(t, url, alex, `query($id: ID!) { alerts(savedQuestion: $id) { edges { node { deliveries { id state lastError } } } } }`,
			map[string]any{"id": saved.SaveQuestion.ID}, &list)
		if e := list.Alerts.Edges; len(e) == 1 && len(e[0].Node.Deliveries) == 1 && e[0].Node.Deliveries[0].LastError != nil {
			if d := e[0].Node.Deliveries[0]; d.ID != failed.ID || d.State != "PENDING" || *d.LastError != "the receiver answered HTTP 503" {
				t.Fatalf("delivery %+v", d)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the failed attempt was not recorded: %+v", list)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	t.Logf("killed relgraph with delivery %s pending; its log:\n%s", failed.ID, out.String())

	rc.SetDown(false)
	relgraphServe(t, bin, uri, keys, addr, env...)
	got := rc.Wait(t, 2)
	time.Sleep(3 * time.Second) // time enough for a duplicate to show
	got = rc.Got()
	if len(got) != 2 || got[1].ID != failed.ID || got[1].Status != http.StatusOK || !got[1].Signed || !bytes.Equal(got[1].Body, failed.Body) {
		t.Fatalf("after the restart: %d requests, want the same delivery once more: first %s, then %+v", len(got), failed.ID, got[1:])
	}
	var alert struct {
		SavedQuestion string
		Added         []struct{ Kind, ID, Name string }
		Removed       []struct{ ID string }
	}
	if err := json.Unmarshal(got[1].Body, &alert); err != nil {
		t.Fatal(err)
	}
	if alert.SavedQuestion != saved.SaveQuestion.ID || len(alert.Added) != 1 || alert.Added[0].ID != "s-b2" || alert.Added[0].Kind != "SIGNAL" || len(alert.Removed) != 0 {
		t.Errorf("alert %+v", alert)
	}
}
