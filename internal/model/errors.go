package model

import (
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql/errcode"
)

// Every code a response's extensions.code can carry. The server's error
// presenter maps the error kinds below to them; nothing else invents codes.
const (
	// CodeBadUserInput: an argument or input item the client can fix
	// (InputError); the message says what to change.
	CodeBadUserInput = "BAD_USER_INPUT"
	// CodeNotFound: the question names a person or company that does not
	// exist (NotFoundError).
	CodeNotFound = "NOT_FOUND"
	// CodeUnauthenticated: no API key, or an unknown one (HTTP 401).
	CodeUnauthenticated = "UNAUTHENTICATED"
	// CodeForbidden: the key's role does not allow it (ForbiddenError).
	CodeForbidden = "FORBIDDEN"
	// CodeTimeout: the transaction or the request ran out of time.
	CodeTimeout = "TIMEOUT"
	// CodeUnavailable: the database cannot be reached, or no request slot
	// came free in time (HTTP 503).
	CodeUnavailable = "UNAVAILABLE"
	// CodeInternal: anything else; details only in the log.
	CodeInternal = "INTERNAL"
	// CodeCostLimit: the query costs more, or asks more questions at once,
	// than the limits allow.
	CodeCostLimit = "COST_LIMIT"
	// CodeDepthLimit: the query nests deeper than the limit.
	CodeDepthLimit = "DEPTH_LIMIT"
	// CodePayloadTooLarge: the request body is over the limit (HTTP 413).
	CodePayloadTooLarge = "PAYLOAD_TOO_LARGE"
	// CodeRateLimited: the key is over its request budget (HTTP 429, with
	// Retry-After).
	CodeRateLimited = "RATE_LIMITED"
	// CodeBadRequest: the body is not a GraphQL-over-HTTP request (HTTP 400).
	CodeBadRequest = "BAD_REQUEST"
	// CodeMethodNotAllowed: not GET or POST, or a mutation over GET (HTTP 405).
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// CodeUntrustedDocument: in trusted-documents mode, a key held to the
	// manifest sent a document (or a hash) the manifest does not list; it
	// is refused, as FORBIDDEN is, before it runs.
	CodeUntrustedDocument = "UNTRUSTED_DOCUMENT"
	// CodeUnsupportedMedia: a POST that is not application/json (HTTP 415).
	CodeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
	// CodeParseFailed and CodeValidationFailed are gqlgen's own: the query
	// does not parse, or does not fit the schema (HTTP 200 with
	// application/json, 400 with application/graphql-response+json).
	CodeParseFailed      = errcode.ParseFailed
	CodeValidationFailed = errcode.ValidationFailed
)

// InputError is a request the client can fix: Field names the argument or
// input at fault (empty when it is the whole request), Msg what to change.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Msg }

// Invalid returns an InputError about field.
func Invalid(field, format string, args ...any) error {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// NotFoundError is a question about a node that does not exist.
type NotFoundError struct{ What, ID string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q does not exist", e.What, e.ID) }

// ErrUnauthenticated is a request without an API key.
var ErrUnauthenticated = errors.New("an API key is required: send the header `Authorization: Bearer <key>` (create one with `relgraph keys new`)")

// ForbiddenError is a request the key may not make.
type ForbiddenError struct{ Msg string }

func (e *ForbiddenError) Error() string { return e.Msg }

// KeyErrors are the errors of some keys of a batch fetched by key (a
// nested field loaded for many people at once); the other keys were
// fetched.
type KeyErrors map[string]error

func (e KeyErrors) Error() string {
	for _, err := range e {
		return fmt.Sprintf("%v (and %d more)", err, len(e)-1)
	}
	return "no errors"
}
