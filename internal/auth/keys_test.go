package auth

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		have, need Role
		ok         bool
	}{
		{Reader, Reader, true}, {Reader, Writer, false}, {Writer, Reader, true},
		{Writer, Admin, false}, {Admin, Writer, true}, {Role("root"), Reader, false},
	} {
		if got := tc.have.Allows(tc.need); got != tc.ok {
			t.Errorf("%s allows %s: %v", tc.have, tc.need, got)
		}
	}
	if _, err := ParseRole("superuser"); err == nil {
		t.Error("unknown role accepted")
	}
}

func TestKeysAreHashedAndNamesUnique(t *testing.T) {
	f := &File{}
	tok, err := f.New("ci", Writer, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Keys[0].Hash == tok || len(f.Keys[0].Hash) != 64 {
		t.Fatalf("stored %q", f.Keys[0].Hash)
	}
	if _, err := f.New("ci", Reader, ""); err == nil {
		t.Error("duplicate name accepted")
	}
	if _, ok := f.Authenticate(""); ok {
		t.Error("empty token accepted")
	}
	if err := f.Revoke("ci"); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Authenticate(tok); ok {
		t.Error("revoked key accepted")
	}
}

// The keyring picks up keys added to the file while the server runs.
func TestKeyringRereadsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	ring, err := OpenKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &File{}
	tok, _ := f.New("later", Reader, "p1")
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("keys file mode %v (%v)", st.Mode().Perm(), err)
	}
	ring.mu.Lock()
	ring.checked = time.Time{} // as if a second had passed
	ring.mu.Unlock()
	p, ok := ring.Authenticate(tok)
	if !ok || p.Person != "p1" {
		t.Fatalf("new key not seen: %+v %v", p, ok)
	}
}
