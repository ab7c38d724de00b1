// Package documents holds trusted documents: a manifest of the GraphQL
// documents a deployment has reviewed, by the SHA-256 of their text.
package documents

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Hash is the id of a document: the lowercase hex SHA-256 of its text,
// as Apollo's persisted queries compute it.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Manifest maps the hash of each trusted document to its text.
type Manifest map[string]string

// Load reads a manifest: a JSON object of hash to document. Every hash
// must be that of its document.
func Load(path string) (Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("trusted documents: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("trusted documents: %s is not a JSON object of sha256 to document: %w", path, err)
	}
	for h, doc := range m {
		if Hash(doc) != h {
			return nil, fmt.Errorf("trusted documents: %s: %s is not the sha256 of its document (that is %s)", path, h, Hash(doc))
		}
	}
	return m, nil
}

// Encode writes the manifest as indented JSON, by hash.
func (m Manifest) Encode() []byte {
	b, _ := json.MarshalIndent(m, "", "  ") // map keys come sorted
	return append(b, '\n')
}

// Build reads every .graphql file under dirs (a file is one document, as
// it is written), checks each against the schema, and returns their
// manifest. Every problem is returned, each naming its file and line.
func Build(schema *ast.Schema, dirs ...string) (Manifest, error) {
	m := Manifest{}
	var problems []error
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".graphql") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text := string(b)
			if _, errs := gqlparser.LoadQuery(schema, text); len(errs) > 0 {
				for _, e := range errs {
					problems = append(problems, located(path, e))
				}
				return nil
			}
			m[Hash(text)] = text
			return nil
		})
		if err != nil {
			problems = append(problems, err)
		}
	}
	if len(m) == 0 && len(problems) == 0 {
		problems = append(problems, fmt.Errorf("no .graphql files in %s", strings.Join(dirs, ", ")))
	}
	slices.SortFunc(problems, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return m, errors.Join(problems...)
}

func located(path string, e *gqlerror.Error) error {
	if len(e.Locations) > 0 {
		return fmt.Errorf("%s:%d: %s", path, e.Locations[0].Line, e.Message)
	}
	return fmt.Errorf("%s: %s", path, e.Message)
}
