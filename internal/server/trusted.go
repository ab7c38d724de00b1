package server

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/documents"
	"github.com/relgraph/relgraph/internal/model"
)

// Trusted documents: with a manifest, keys of the roles it holds run only
// the documents it lists, sent by their text or by the hash of it (an
// Apollo persisted query); anything else is refused with
// UNTRUSTED_DOCUMENT before it is parsed.

// Trusted configures trusted-documents mode.
type Trusted struct {
	// Manifest lists the documents allowed.
	Manifest documents.Manifest
	// Roles are the roles held to it (the others run anything).
	Roles []auth.Role
}

type trustedExtension struct{ t Trusted }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = trustedExtension{}

func (trustedExtension) ExtensionName() string { return "TrustedDocuments" }

func (trustedExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (e trustedExtension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	pr := auth.FromContext(ctx)
	if pr == nil || !slices.Contains(e.t.Roles, pr.Role) {
		return nil
	}
	hash := persistedHash(p.Extensions)
	if p.Query == "" && hash != "" {
		if doc, ok := e.t.Manifest[hash]; ok {
			p.Query = doc
			return nil
		}
		return untrusted(pr, fmt.Sprintf("no trusted document has the hash %s", hash))
	}
	if _, ok := e.t.Manifest[documents.Hash(p.Query)]; ok {
		return nil
	}
	return untrusted(pr, "the query is not one of the trusted documents (its text must be identical, comments and spaces included)")
}

func untrusted(pr *auth.Principal, why string) *gqlerror.Error {
	return &gqlerror.Error{
		Message: fmt.Sprintf("key %q is %s key, and this server runs only trusted documents for %s keys: %s; send a listed document or its sha256 as extensions.persistedQuery.sha256Hash",
			pr.KeyName, auth.Article(pr.Role), pr.Role, why),
		Extensions: map[string]any{"code": model.CodeUntrustedDocument},
	}
}

// persistedHash is the sha256Hash of an Apollo persisted query, or "".
func persistedHash(ext map[string]any) string {
	pq, _ := ext["persistedQuery"].(map[string]any)
	h, _ := pq["sha256Hash"].(string)
	return strings.ToLower(h)
}
