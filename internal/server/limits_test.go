package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// With one slot, a second request waits while the first runs and gets 503
// UNAVAILABLE when its deadline passes first; once the slot is free,
// requests run again.
func TestInflightQueuesThenRefuses(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	h := inflight(1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("block") == "1" {
			started <- struct{}{}
			<-release
		}
		w.WriteHeader(http.StatusOK)
	}))
	first := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(first, httptest.NewRequest("POST", "/graphql?block=1", nil))
		close(done)
	}()
	<-started

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	second := httptest.NewRecorder()
	h.ServeHTTP(second, httptest.NewRequest("POST", "/graphql", nil).WithContext(ctx))
	if second.Code != http.StatusServiceUnavailable || !strings.Contains(second.Body.String(), `"code":"UNAVAILABLE"`) || second.Header().Get("Retry-After") == "" {
		t.Fatalf("second request: %d %s", second.Code, second.Body.String())
	}

	close(release)
	<-done
	third := httptest.NewRecorder()
	h.ServeHTTP(third, httptest.NewRequest("POST", "/graphql", nil))
	if first.Code != 200 || third.Code != 200 {
		t.Fatalf("first %d, third %d", first.Code, third.Code)
	}
}
