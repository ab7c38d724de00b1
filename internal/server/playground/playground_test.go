package playground

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var testExamples = []Example{
	{Name: "People", Query: "{ connections { edges { node { name } } } }"},
	{Name: "Tricky </script><!--", Query: "query Q($n: String) { person(name: $n) { name } } # & < > '", Variables: `{"n": "Dana Reyes"}`},
}

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scriptJSON returns the text of <script type="application/json" id="ID">.
func scriptJSON(t *testing.T, page, id string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<script type="application/json" id="` + id + `">(.*?)</script>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("page has no JSON script block #%s", id)
	}
	return m[1]
}

func TestPage(t *testing.T) {
	h := Handler(Options{Examples: testExamples})
	res := get(t, h, "/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type = %q", ct)
	}
	// Only its own assets: no other origin, no inline script.
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	page := body(t, res)
	if !strings.Contains(page, "<title>relgraph playground</title>") {
		t.Error("page lacks the title")
	}
	if strings.Contains(page, "</script><!--") {
		t.Error("example text was not escaped inside the script block")
	}

	var got []Example
	if err := json.Unmarshal([]byte(scriptJSON(t, page, "examples")), &got); err != nil {
		t.Fatalf("examples block is not JSON: %v", err)
	}
	if len(got) != len(testExamples) {
		t.Fatalf("examples = %+v", got)
	}
	for i := range got {
		if got[i] != testExamples[i] {
			t.Errorf("example %d = %+v, want %+v", i, got[i], testExamples[i])
		}
	}

	var cfg struct{ Endpoint string }
	if err := json.Unmarshal([]byte(scriptJSON(t, page, "config")), &cfg); err != nil {
		t.Fatalf("config block is not JSON: %v", err)
	}
	if cfg.Endpoint != DefaultEndpoint {
		t.Errorf("endpoint = %q, want %q", cfg.Endpoint, DefaultEndpoint)
	}
	if strings.Contains(page, "://") {
		t.Error("page references an absolute URL (CDN?)")
	}
}

func TestEndpointAndNoExamples(t *testing.T) {
	page := body(t, get(t, Handler(Options{Endpoint: "/api/graphql"}), "/"))
	var cfg struct{ Endpoint string }
	if err := json.Unmarshal([]byte(scriptJSON(t, page, "config")), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Endpoint != "/api/graphql" {
		t.Errorf("endpoint = %q", cfg.Endpoint)
	}
	if ex := strings.TrimSpace(scriptJSON(t, page, "examples")); ex != "[]" {
		t.Errorf("examples = %q, want []", ex)
	}
}

func TestReferencedAssets(t *testing.T) {
	h := Handler(Options{Examples: testExamples})
	page := body(t, get(t, h, "/"))
	refs := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1)
	wantTypes := map[string]string{".js": "text/javascript", ".css": "text/css"}
	n := 0
	for _, m := range refs {
		u := strings.ReplaceAll(m[1], "&amp;", "&")
		if strings.HasPrefix(u, "data:") {
			continue
		}
		if !strings.HasPrefix(u, AssetsPrefix) {
			t.Errorf("reference %q is not under %s", u, AssetsPrefix)
			continue
		}
		n++
		res := get(t, h, u)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", u, res.StatusCode)
			continue
		}
		if len(body(t, res)) == 0 {
			t.Errorf("GET %s: empty body", u)
		}
		p := u[:strings.IndexByte(u+"?", '?')]
		for ext, want := range wantTypes {
			if strings.HasSuffix(p, ext) && !strings.HasPrefix(res.Header.Get("Content-Type"), want) {
				t.Errorf("GET %s: Content-Type %q, want %s", u, res.Header.Get("Content-Type"), want)
			}
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want immutable for a versioned URL", u, cc)
		}
		if res.Header.Get("ETag") == "" {
			t.Errorf("GET %s: no ETag", u)
		}
	}
	if n < 6 {
		t.Errorf("page references %d assets, want at least 6 (react, react-dom, graphiql js+css, playground js+css)", n)
	}
}

func TestAssetCaching(t *testing.T) {
	h := Handler(Options{})
	res := get(t, h, AssetsPrefix+"react.production.min.js")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("unversioned GET = %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age") {
		t.Errorf("unversioned Cache-Control = %q", cc)
	}
	req := httptest.NewRequest(http.MethodGet, AssetsPrefix+"react.production.min.js", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", rec.Code)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	h := Handler(Options{})
	for _, p := range []string{
		AssetsPrefix + "nope.js",
		AssetsPrefix,
		AssetsPrefix + "LICENSES",
		AssetsPrefix + "../playground.go",
		"/graphql",
		"/index.html",
	} {
		if res := get(t, h, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d, want 405", rec.Code)
	}
	if res := get(t, h, AssetsPrefix+"LICENSES/graphiql.LICENSE.txt"); res.StatusCode != http.StatusOK {
		t.Errorf("licence file = %d", res.StatusCode)
	}
}
