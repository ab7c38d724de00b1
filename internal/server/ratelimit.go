package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
)

// Fair use: each key spends from its own token bucket, so that one key's
// flood is refused at the door (HTTP 429, Retry-After, RATE_LIMITED)
// before it takes a request slot from anyone else. A key's budget is its
// own (keys new -rate) or its role's (Options.RateLimits); none means no
// limit.

// rateLimiter holds a bucket per key name.
type rateLimiter struct {
	roles   map[auth.Role]auth.Rate
	limited func(key string)
	now     func() time.Time
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	rate   auth.Rate
	tokens float64
	last   time.Time
}

// take spends a token of key's bucket at rate and says how many whole
// tokens are left, or says how long until one is there.
func (l *rateLimiter) take(key string, rate auth.Rate) (bool, int, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil || b.rate != rate {
		// A new key, or one whose budget changed: a full bucket.
		b = &bucket{rate: rate, tokens: float64(rate.Burst), last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(float64(rate.Burst), b.tokens+now.Sub(b.last).Seconds()*rate.PerSecond)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, int(b.tokens), 0
	}
	return false, 0, time.Duration((1 - b.tokens) / rate.PerSecond * float64(time.Second))
}

// rateLimit refuses the requests of a key over its budget.
func rateLimit(roles map[auth.Role]auth.Rate, limited func(key string)) func(http.Handler) http.Handler {
	l := &rateLimiter{roles: roles, limited: limited, now: time.Now, buckets: map[string]*bucket{}}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := auth.FromContext(r.Context())
			if p == nil {
				next.ServeHTTP(w, r)
				return
			}
			rate, ok := l.roles[p.Role]
			if p.Rate != nil {
				rate, ok = *p.Rate, true
			}
			if !ok || rate.PerSecond <= 0 {
				next.ServeHTTP(w, r)
				return
			}
			took, left, wait := l.take(p.KeyName, rate)
			// The budget in every answer: the burst, and what is left of it.
			w.Header().Set("RateLimit-Limit", strconv.Itoa(rate.Burst))
			w.Header().Set("RateLimit-Remaining", strconv.Itoa(left))
			if !took {
				if l.limited != nil {
					l.limited(p.KeyName)
				}
				seconds := int(math.Ceil(wait.Seconds()))
				w.Header().Set("Retry-After", strconv.Itoa(max(1, seconds)))
				writeErrors(w, http.StatusTooManyRequests, fmt.Sprintf("key %q is over its budget of %s requests (a second, then the burst): retry after %d s",
					p.KeyName, rate, max(1, seconds)), model.CodeRateLimited)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
