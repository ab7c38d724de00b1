// Package alertstest is a webhook receiver for tests: a real HTTP server
// on loopback that checks signatures as the README tells receivers to.
package alertstest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Receiver records the deliveries it gets, checking each signature with
// the secret it is given. While down, it answers 503.
type Receiver struct {
	*httptest.Server
	mu      sync.Mutex
	secret  string
	down    int // answer 503 to this many requests first
	off     bool
	got     []Delivery
	arrived chan struct{}
}

// Delivery is one request a receiver got.
type Delivery struct {
	ID, Attempt string
	// Signature is the Relgraph-Signature header.
	Signature string
	// Signed: the signature checked out, made within five minutes.
	Signed bool
	Status int
	Body   []byte
}

// New starts a receiver that answers 503 to its first down requests; the
// test's cleanup stops it.
func New(t testing.TB, down int) *Receiver {
	t.Helper()
	rc := &Receiver{down: down, arrived: make(chan struct{}, 1000)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		d := Delivery{ID: r.Header.Get("Relgraph-Delivery"), Attempt: r.Header.Get("Relgraph-Attempt"), Signature: r.Header.Get("Relgraph-Signature"), Body: body,
			Signed: CheckSignature(rc.secret, r.Header.Get("Relgraph-Signature"), body), Status: http.StatusOK}
		if len(rc.got) < rc.down || rc.off {
			d.Status = http.StatusServiceUnavailable
		}
		rc.got = append(rc.got, d)
		rc.mu.Unlock()
		w.WriteHeader(d.Status)
		rc.arrived <- struct{}{}
	}))
	t.Cleanup(rc.Close)
	return rc
}

// SetSecret sets the secret signatures are checked with.
func (rc *Receiver) SetSecret(s string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secret = s
}

// SetDown makes the receiver answer 503 (down) or 200 from now on.
func (rc *Receiver) SetDown(down bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.off = down
}

// Got returns the requests so far.
func (rc *Receiver) Got() []Delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Delivery(nil), rc.got...)
}

// Wait waits up to 30 s until the receiver has got n requests.
func (rc *Receiver) Wait(t testing.TB, n int) []Delivery {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if got := rc.Got(); len(got) >= n {
			return got
		}
		select {
		case <-rc.arrived:
		case <-deadline:
			t.Fatalf("the receiver got %d requests, want %d", len(rc.Got()), n)
		}
	}
}

// CheckSignature verifies a Relgraph-Signature header, "t=UNIX,v1=HEX":
// HEX must be the HMAC-SHA256 keyed with secret over UNIX + "." + body,
// and UNIX within five minutes of now.
func CheckSignature(secret, header string, body []byte) bool {
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
	return hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(sig))
}
