package generate_test

import (
	"bytes"
	"testing"

	"github.com/relgraph/relgraph/internal/contacts"
	"github.com/relgraph/relgraph/internal/generate"
)

// A generated export reads as a LinkedIn export, row for row, and the
// same seed gives the same file.
func TestLinkedInExport(t *testing.T) {
	var a, b bytes.Buffer
	if err := generate.LinkedIn(&a, 2000, 7); err != nil {
		t.Fatal(err)
	}
	if err := generate.LinkedIn(&b, 2000, 7); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave two files")
	}
	f, err := contacts.ParseLinkedIn(bytes.NewReader(a.Bytes()), "p0")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Errors) > 0 || len(f.People) != 2000 {
		t.Fatalf("%d people, errors %v", len(f.People), f.Errors)
	}
	urls, emails, companies, positions := 0, 0, 0, 0
	for _, c := range f.People {
		if c.LinkedinURL != "" {
			urls++
		}
		if c.Email != "" {
			emails++
		}
		if c.Company != nil {
			companies++
			if c.Title != "" {
				positions++
			}
		}
	}
	// 95% URLs, 10% emails, 97% companies, 88% of them with a position.
	if urls < 1850 || urls > 1950 || emails < 150 || emails > 250 || companies < 1900 || positions < 1650 || positions > 1770 {
		t.Errorf("urls %d, emails %d, companies %d, positions %d", urls, emails, companies, positions)
	}
}
