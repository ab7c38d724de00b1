// Package playground serves a GraphiQL IDE for the relgraph GraphQL API.
//
// Every asset (GraphiQL, React, ReactDOM, their CSS and our own glue script)
// is embedded in the binary; the page loads nothing from a CDN. Mount the
// handler so that it receives both "/" and "/playground/assets/...":
//
//	mux.Handle("/", playground.Handler(playground.Options{Examples: ex}))
//
// The handler answers 404 for any other path, so it is safe as a catch-all.
//
// Bundled third-party files (see assets/LICENSES/ and assets/LICENSES/README.txt):
// graphiql 3.9.0 (graphiql.min.js, graphiql.min.css), react 18.3.1 and
// react-dom 18.3.1 (UMD production builds), cytoscape 3.35.0 (the Graph
// view), all MIT licensed, copied unchanged from their npm packages.
package playground

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// AssetsPrefix is the URL path under which the embedded assets are served.
const AssetsPrefix = "/playground/assets/"

// DefaultEndpoint is the GraphQL endpoint used when Options.Endpoint is empty.
const DefaultEndpoint = "/graphql"

// Options configures the playground page.
type Options struct {
	// Endpoint is the URL (usually a path on the same origin) that the page
	// POSTs GraphQL requests to. Default "/graphql".
	Endpoint string
	// Examples are preloaded as GraphiQL tabs, in order.
	Examples []Example
}

// Example is one preloaded query. The tab's query text starts with a
// "# <Name>" comment line.
type Example struct {
	Name      string `json:"name"`
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"`
}

//go:embed assets
var assetsFS embed.FS

//go:embed page.html
var pageHTML string

var pageTmpl = template.Must(template.New("page").Parse(pageHTML))

// asset is one embedded file, ready to serve.
type asset struct {
	name        string
	data        []byte
	contentType string
	etag        string
	version     string // short content hash, used as ?v= cache buster
}

var contentTypes = map[string]string{
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

// assets maps a path relative to AssetsPrefix (e.g. "graphiql.min.js",
// "LICENSES/react.LICENSE.txt") to its content.
var assets = loadAssets()

func loadAssets() map[string]*asset {
	sub, err := fs.Sub(assetsFS, "assets")
	if err != nil {
		panic(err)
	}
	m := map[string]*asset{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		ct := contentTypes[path.Ext(p)]
		if ct == "" {
			ct = "application/octet-stream"
		}
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])
		m[p] = &asset{
			name:        p,
			data:        data,
			contentType: ct,
			etag:        `"` + h[:32] + `"`,
			version:     h[:12],
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
}

// assetURL returns the versioned URL of an embedded asset; it panics on an
// unknown name so a typo in page.html fails at startup (and in tests).
func assetURL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("playground: page references unknown asset " + name)
	}
	return AssetsPrefix + name + "?v=" + a.version
}

type pageConfig struct {
	Endpoint        string `json:"endpoint"`
	ExamplesVersion string `json:"examplesVersion"`
}

type pageData struct {
	Examples []Example
	Config   pageConfig
	Asset    func(string) string
}

type handler struct {
	page []byte
	etag string
}

// Handler returns an http.Handler serving the playground page at "/" and the
// embedded assets at "/playground/assets/...". Other paths get 404; methods
// other than GET and HEAD get 405.
func Handler(opts Options) http.Handler {
	endpoint := opts.Endpoint
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	examples := opts.Examples
	if examples == nil {
		examples = []Example{}
	}
	exJSON, err := json.Marshal(examples)
	if err != nil {
		panic(err) // cannot happen: only strings
	}
	exSum := sha256.Sum256(exJSON)

	var buf bytes.Buffer
	err = pageTmpl.Execute(&buf, pageData{
		Examples: examples,
		Config: pageConfig{
			Endpoint:        endpoint,
			ExamplesVersion: hex.EncodeToString(exSum[:8]),
		},
		Asset: assetURL,
	})
	if err != nil {
		panic("playground: rendering page: " + err.Error())
	}
	pageSum := sha256.Sum256(buf.Bytes())
	return &handler{
		page: buf.Bytes(),
		etag: `"` + hex.EncodeToString(pageSum[:16]) + `"`,
	}
}

// ContentSecurityPolicy lets the page load only its own assets and talk
// only to its own server: scripts and styles from /assets (styles may also
// be set inline, as the editor does), the API on the same origin, no
// frames, no forms, no plugins.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/":
		if !allowGet(w, r) {
			return
		}
		hd := w.Header()
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		hd.Set("ETag", h.etag)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", ContentSecurityPolicy)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(h.page))
	case strings.HasPrefix(r.URL.Path, AssetsPrefix):
		if !allowGet(w, r) {
			return
		}
		a, ok := assets[strings.TrimPrefix(r.URL.Path, AssetsPrefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		hd := w.Header()
		hd.Set("Content-Type", a.contentType)
		hd.Set("ETag", a.etag)
		hd.Set("X-Content-Type-Options", "nosniff")
		if r.URL.Query().Get("v") == a.version {
			// The URL names this exact content: cache it for good.
			hd.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			hd.Set("Cache-Control", "public, max-age=3600")
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
	default:
		http.NotFound(w, r)
	}
}

func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}
