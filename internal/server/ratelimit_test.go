package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
)

// Each key spends its own budget: a key flooding the server is refused
// with 429, Retry-After and RATE_LIMITED, counted per key in the metrics,
// while another reader key under the same role budget, sending during
// the flood, is answered every time; a key with its own budget has that
// one.
func TestRateLimitsPerKey(t *testing.T) {
	f := &auth.File{}
	flood, _ := f.New("flood", auth.Reader, "p0")
	calm, _ := f.New("calm", auth.Reader, "p0")
	own, _ := f.New("own", auth.Reader, "p0")
	f.Keys[2].Rate = &auth.Rate{PerSecond: 1000, Burst: 1000}
	admin, _ := f.New("admin", auth.Admin, "")
	m := server.NewMetrics()
	p := prodServer{url: serveWithKeys(t, server.Options{
		Metrics: m, MaxInFlight: 2, RateLimits: map[auth.Role]auth.Rate{auth.Reader: {PerSecond: 1, Burst: 3}},
	}, f)}
	query := `{"query":"{ viewer { id } }"}`

	// 60 requests from one key at once: its burst of 3 is answered (a
	// fourth may be, if a second passes), the rest refused.
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	var retry, body429 string
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, body := p.do(t, "POST", "/graphql", flood, nil, query)
			mu.Lock()
			defer mu.Unlock()
			codes[res.StatusCode]++
			if res.StatusCode == http.StatusTooManyRequests {
				retry, body429 = res.Header.Get("Retry-After"), body
			}
		}()
	}
	// Meanwhile the other key asks twice, within its own burst.
	calmCodes := []int{}
	for range 2 {
		res, _ := p.do(t, "POST", "/graphql", calm, nil, query)
		calmCodes = append(calmCodes, res.StatusCode)
	}
	wg.Wait()
	if codes[http.StatusOK] < 3 || codes[http.StatusOK] > 5 || codes[http.StatusTooManyRequests] != 60-codes[http.StatusOK] {
		t.Errorf("the flooding key got %v", codes)
	}
	if retry != "1" || !strings.Contains(body429, `"code":"RATE_LIMITED"`) || !strings.Contains(body429, `key \"flood\" is over its budget of 1/s:3 requests`) {
		t.Errorf("a refusal: Retry-After %q, body %s", retry, body429)
	}
	if calmCodes[0] != http.StatusOK || calmCodes[1] != http.StatusOK {
		t.Errorf("the other key got %v during the flood", calmCodes)
	}
	// A key with its own budget.
	for i := range 20 {
		if res, body := p.do(t, "POST", "/graphql", own, nil, query); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d of the key with its own budget: %d %s", i, res.StatusCode, body)
		}
	}
	// The metrics count the refusals by key.
	_, metrics := p.do(t, "GET", "/metrics", admin, nil, "")
	want := `relgraph_rate_limited_total{key="flood"} ` + itoa(codes[http.StatusTooManyRequests])
	if !strings.Contains(metrics, want) || strings.Contains(metrics, `relgraph_rate_limited_total{key="calm"}`) {
		t.Errorf("metrics lack %q (or count calm):\n%s", want, grepLines(metrics, "rate_limited"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
