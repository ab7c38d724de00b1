package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Headers of a delivery.
const (
	// DeliveryHeader carries the delivery's id, the same on every attempt:
	// an idempotency key for the receiver.
	DeliveryHeader = "Relgraph-Delivery"
	// SignatureHeader carries "t=UNIX,v1=HEX": HEX is the HMAC-SHA256,
	// keyed with the webhook's secret, of UNIX + "." + the body.
	SignatureHeader = "Relgraph-Signature"
	// AttemptHeader numbers the attempts of a delivery from 1.
	AttemptHeader = "Relgraph-Attempt"
)

// claimBatch is how many due deliveries one claim takes: one, so that
// each attempt has its whole lease.
const claimBatch = 1

// Sign returns the signature header of body sent at t with secret.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// NewSecret returns a new webhook secret.
func NewSecret() string { return newID("whsec_") + newID("") }

// NewWebhookID returns the id of a new webhook.
func NewWebhookID() string { return newID("wh-") }

// CheckURL checks a webhook URL: https anywhere, http only on a host the
// configuration allows.
func (e *Engine) CheckURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil {
		return "", model.Invalid("url", "url must be an absolute https URL without credentials, e.g. https://hooks.example.com/relgraph")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !slices.Contains(e.cfg.AllowHTTP, u.Hostname()) {
			return "", model.Invalid("url", "url must use https: http is allowed only for the hosts in RELGRAPH_WEBHOOK_ALLOW_HTTP, and %q is not one", u.Hostname())
		}
	default:
		return "", model.Invalid("url", "url must use https (or http on an allowed host), not %q", u.Scheme)
	}
	return u.String(), nil
}

// deliverLoop posts due deliveries until ctx ends, waking when this
// process keeps an alert and every cfg.Poll.
func (e *Engine) deliverLoop(ctx context.Context) {
	client := &http.Client{
		Timeout: e.cfg.Timeout,
		// A redirect is an answer like any other non-2xx: not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, DialContext: (&net.Dialer{Timeout: e.cfg.Timeout}).DialContext,
			TLSHandshakeTimeout: e.cfg.Timeout, MaxIdleConnsPerHost: 4},
	}
	tick := time.NewTicker(e.cfg.Poll)
	defer tick.Stop()
	for {
		woken := e.alerted.Wait()
		e.deliverDue(ctx, client)
		select {
		case <-ctx.Done():
			return
		case <-woken:
		case <-tick.C:
		}
	}
}

// deliverDue posts every delivery that is due, a batch at a time.
func (e *Engine) deliverDue(ctx context.Context, client *http.Client) {
	for ctx.Err() == nil {
		now := time.Now().UTC()
		// Out of reach of other passes until the attempt is surely over: a
		// process killed meanwhile leaves it to be tried again then.
		lease := now.Add(e.cfg.Timeout + 5*time.Second)
		batch, err := e.store.ClaimDeliveries(ctx, now, lease, claimBatch, newID("cl-"))
		if err != nil {
			if ctx.Err() == nil {
				e.log.Warn().Err(err).Msg("webhooks: could not read the outbox; trying again")
			}
			return
		}
		for _, d := range batch {
			e.attempt(ctx, client, d)
		}
		if len(batch) < claimBatch {
			break
		}
	}
	if e.cfg.Observer != nil && ctx.Err() == nil {
		if n, err := e.store.OutboxDepth(ctx); err == nil {
			e.cfg.Observer.Outbox(n)
		}
	}
}

// attempt posts one delivery and records the outcome.
func (e *Engine) attempt(ctx context.Context, client *http.Client, d *model.Delivery) {
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, strings.NewReader(d.Body))
	if err != nil {
		e.finish(ctx, d, err.Error())
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "relgraph-webhooks/1")
	req.Header.Set(DeliveryHeader, d.ID)
	req.Header.Set(AttemptHeader, strconv.Itoa(d.Attempts))
	req.Header.Set(SignatureHeader, Sign(d.Secret, time.Now(), body))
	resp, err := client.Do(req)
	if ctx.Err() != nil {
		// Stopping: the lease brings it back after a restart.
		return
	}
	if err != nil {
		e.finish(ctx, d, err.Error())
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		e.finish(ctx, d, fmt.Sprintf("the receiver answered HTTP %d", resp.StatusCode))
		return
	}
	e.finish(ctx, d, "")
}

// finish records an attempt: delivered when failure is empty, else
// retried after a backoff, or failed once the retry window is over.
func (e *Engine) finish(ctx context.Context, d *model.Delivery, failure string) {
	state, outcome, next := model.DeliveryDelivered, "delivered", time.Time{}
	if failure != "" {
		// The claim read the delivery whole, its retry window included.
		now := time.Now().UTC()
		end := d.Since.Add(e.cfg.RetryFor)
		next = now.Add(e.backoff(d.Attempts))
		switch {
		case !now.Before(end):
			state, outcome = model.DeliveryFailed, "failed"
		default:
			state, outcome = model.DeliveryPending, "retry"
			if next.After(end) {
				next = end
			}
		}
	}
	if err := e.store.FinishDelivery(ctx, d.ID, d.Claim, state, next, failure); err != nil {
		// The lease brings it back: at least once.
		e.log.Warn().Err(err).Str("delivery", d.ID).Msg("webhooks: could not record a delivery's outcome")
		return
	}
	ev := e.log.Info()
	if failure != "" {
		ev = e.log.Warn().Str("error", failure).Time("next_at", next)
	}
	ev.Str("delivery", d.ID).Str("url", d.URL).Int("attempt", d.Attempts).Str("outcome", outcome).Msg("webhook delivery")
	if e.cfg.Observer != nil {
		e.cfg.Observer.Delivery(outcome)
	}
}

// backoff is the wait after the n-th failed attempt: RetryBase doubled
// n-1 times, at most RetryMax, of which a random half is taken off
// (jitter), so that receivers coming back are not hit all at once.
func (e *Engine) backoff(n int) time.Duration {
	d := e.cfg.RetryBase
	for i := 1; i < n && d < e.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, e.cfg.RetryMax)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
