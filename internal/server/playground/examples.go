package playground

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// The preloaded tabs are files, so that they can be reviewed, listed in a
// trusted-documents manifest (examples/manifest.json, made by `relgraph
// documents build`) and run as they are: examples/NN-name.graphql, in name
// order, whose first line "# Name" names the tab, and beside it
// NN-name.variables.json with its variables, if it has any.
//
//go:embed examples
var examplesFS embed.FS

// ExamplesDir is where the example files are, from this package.
const ExamplesDir = "examples"

// Examples are the playground's preloaded tabs: the questions of the
// README, answered on the demo data with the viewer p0.
var Examples = mustExamples(examplesFS)

func mustExamples(fsys fs.FS) []Example {
	out, err := readExamples(fsys)
	if err != nil {
		panic(err)
	}
	return out
}

func readExamples(fsys fs.FS) ([]Example, error) {
	files, err := fs.Glob(fsys, path.Join(ExamplesDir, "*.graphql"))
	if err != nil {
		return nil, err
	}
	var out []Example
	for _, f := range files {
		query, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		first, _, _ := strings.Cut(string(query), "\n")
		name, ok := strings.CutPrefix(first, "# ")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("%s: the first line must be \"# <the tab's name>\"", f)
		}
		ex := Example{Name: strings.TrimSpace(name), Query: string(query)}
		if vars, err := fs.ReadFile(fsys, strings.TrimSuffix(f, ".graphql")+".variables.json"); err == nil {
			ex.Variables = strings.TrimSpace(string(vars))
		}
		out = append(out, ex)
	}
	return out, nil
}
