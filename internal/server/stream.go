package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/relgraph/relgraph/internal/auth"
)

// isStream tells a subscription request: a WebSocket upgrade, or a POST
// that accepts Server-Sent Events.
func isStream(r *http.Request) bool {
	return isWebSocket(r) || r.Method == http.MethodPost && strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// isWebSocket tells a WebSocket handshake: a GET asking to upgrade to
// websocket. Anything else with an Upgrade header needs a key like any
// request.
func isWebSocket(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.EqualFold(r.Header.Get("Upgrade"), "websocket") &&
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

// streamed marks the context of a stream request: it runs subscriptions
// only (queries and mutations go through POST or GET, with their limits).
type streamed struct{}

func markStream(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), streamed{}, true)))
	})
}

func isStreamed(ctx context.Context) bool { b, _ := ctx.Value(streamed{}).(bool); return b }

// endless lifts the server's read and write deadlines for a stream.
func endless(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		next.ServeHTTP(w, r)
	})
}

// streamKey admits a WebSocket without a key (wsInit checks the one in
// its init payload) and anything else as requireKey does.
func streamKey(keys Authenticator) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		withKey := requireKey(keys)(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isWebSocket(r) {
				next.ServeHTTP(w, r)
				return
			}
			withKey.ServeHTTP(w, r)
		})
	}
}

// wsInit authenticates a WebSocket with the key of its init payload:
// {"Authorization": "Bearer KEY"}.
func wsInit(keys Authenticator) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		token, ok := strings.CutPrefix(payload.Authorization(), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return refuse(ctx, `missing API key: send {"Authorization": "Bearer <key>"} as the connection_init payload`)
		}
		p, ok := keys.Authenticate(token)
		if !ok {
			return refuse(ctx, "invalid API key")
		}
		if in := infoFrom(ctx); in != nil {
			in.mu.Lock()
			in.key = p.KeyName
			in.mu.Unlock()
		}
		return auth.WithPrincipal(ctx, p), nil, nil
	}
}

// refuse closes a WebSocket whose init payload has no valid key with
// 4403 Forbidden, as graphql-transport-ws says, and the reason.
func refuse(ctx context.Context, reason string) (context.Context, *transport.InitPayload, error) {
	ctx = transport.WithWebsocketCloseCode(transport.AppendCloseReason(ctx, reason), 4403)
	return ctx, nil, errors.New(reason)
}
