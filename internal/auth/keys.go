// Package auth keeps API keys: each key has a name, a role and optionally
// the person it speaks for. Only a SHA-256 hash of each token is stored.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Role grants what a key may do.
type Role string

// Roles, from least to most.
const (
	Reader Role = "reader"
	Writer Role = "writer"
	Admin  Role = "admin"
)

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case Reader, Writer, Admin:
		return Role(s), nil
	}
	return "", fmt.Errorf("unknown role %q (use reader, writer or admin)", s)
}

// Article is the role with its article: "a reader", "an admin".
func Article(r Role) string {
	if strings.ContainsRune("aeiou", rune(string(r)[0])) {
		return "an " + string(r)
	}
	return "a " + string(r)
}

// Allows reports whether r includes everything need grants.
func (r Role) Allows(need Role) bool { return rank(r) >= rank(need) }

func rank(r Role) int {
	switch r {
	case Reader:
		return 1
	case Writer:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// Scope is whose relationships a key's questions may read: the people a
// question's `of` or `from` may name.
type Scope string

// Scopes, from narrowest to widest.
const (
	// Self: only the key's own person.
	Self Scope = "SELF"
	// Team: the key's person and every team member (`team: true`).
	Team Scope = "TEAM"
	// All: anyone.
	All Scope = "ALL"
)

// ParseScope checks a scope name, in any case.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(strings.ToUpper(s)); sc {
	case Self, Team, All:
		return sc, nil
	}
	return "", fmt.Errorf("unknown scope %q (use SELF, TEAM or ALL)", s)
}

// DefaultScope is the scope of a key made without one: ALL for admin keys,
// TEAM for the others.
func DefaultScope(r Role) Scope {
	if r == Admin {
		return All
	}
	return Team
}

// Key is a stored key: never the token itself.
type Key struct {
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Person  string    `json:"person,omitempty"`
	Hash    string    `json:"hash"`
	Created time.Time `json:"created"`
	// Scope, when set, is the key's scope in place of its role's default
	// (DefaultScope).
	Scope Scope `json:"scope,omitempty"`
	// Rate, when set, is the key's own request budget, in place of its
	// role's.
	Rate *Rate `json:"rate,omitempty"`
}

// Rate is a request budget: a token bucket refilled at PerSecond tokens a
// second and holding at most Burst; each request takes one. A PerSecond
// of 0 means no limit.
type Rate struct {
	PerSecond float64 `json:"perSecond"`
	Burst     int     `json:"burst"`
}

// ParseRate reads a budget written "N/s" or "N/s:BURST" (BURST defaults
// to twice N, at least 1), or "off" for none.
func ParseRate(s string) (Rate, error) {
	if s == "off" || s == "0" {
		return Rate{}, nil
	}
	perSecond, burst, hasBurst := strings.Cut(s, ":")
	n, err := strconv.ParseFloat(strings.TrimSuffix(perSecond, "/s"), 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) || !strings.HasSuffix(perSecond, "/s") {
		return Rate{}, fmt.Errorf("rate %q is not N/s, N/s:BURST or off (e.g. 20/s:40)", s)
	}
	r := Rate{PerSecond: n, Burst: max(1, int(math.Ceil(2*n)))}
	if hasBurst {
		b, err := strconv.Atoi(burst)
		if err != nil || b < 1 {
			return Rate{}, fmt.Errorf("rate %q: the burst must be a whole number of at least 1", s)
		}
		r.Burst = b
	}
	return r, nil
}

func (r Rate) String() string {
	if r.PerSecond == 0 {
		return "off"
	}
	return strconv.FormatFloat(r.PerSecond, 'f', -1, 64) + "/s:" + strconv.Itoa(r.Burst)
}

// File is the keys file: a JSON document {"keys": [...]}.
type File struct {
	Keys []Key `json:"keys"`
}

// tokenPrefix marks relgraph tokens so they are easy to recognise in
// secret scanners.
const tokenPrefix = "rg_"

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Load reads a keys file; a missing file is an empty set.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading keys file: %w", err)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("keys file %s: %w", path, err)
	}
	return &f, nil
}

// Save writes the file atomically, readable by its owner only.
func (f *File) Save(path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// New creates a key, adds its hash to the file and returns the token,
// which is shown once and stored nowhere.
func (f *File) New(name string, role Role, person string) (string, error) {
	if name == "" {
		return "", errors.New("a key needs a name")
	}
	for _, k := range f.Keys {
		if k.Name == name {
			return "", fmt.Errorf("a key named %q exists already", name)
		}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	f.Keys = append(f.Keys, Key{Name: name, Role: role, Person: person, Hash: hashToken(token), Created: time.Now().UTC()})
	return token, nil
}

// Revoke removes the key with that name.
func (f *File) Revoke(name string) error {
	for i, k := range f.Keys {
		if k.Name == name {
			f.Keys = append(f.Keys[:i], f.Keys[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("no key named %q", name)
}

// EffectiveScope is the key's scope: its own, or its role's default.
func (k Key) EffectiveScope() Scope {
	if k.Scope != "" {
		return k.Scope
	}
	return DefaultScope(k.Role)
}

// Principal is who a request speaks for.
type Principal struct {
	KeyName string
	Role    Role
	Person  string
	// Scope is whose relationships the key's questions may read.
	Scope Scope
	// Rate is the key's own budget, if it has one.
	Rate *Rate
}

// Authenticate finds the key of a token, comparing hashes in constant time.
func (f *File) Authenticate(token string) (*Principal, bool) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, false
	}
	h := []byte(hashToken(token))
	var found *Key
	for i := range f.Keys {
		if subtle.ConstantTimeCompare(h, []byte(f.Keys[i].Hash)) == 1 {
			found = &f.Keys[i]
		}
	}
	if found == nil {
		return nil, false
	}
	return &Principal{KeyName: found.Name, Role: found.Role, Person: found.Person, Scope: found.EffectiveScope(), Rate: found.Rate}, true
}

type principalKey struct{}

// WithPrincipal stores p in ctx.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the request's principal, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Keyring serves authentication from a keys file and rereads the file
// when it changes, so keys made with `relgraph keys new` work at once.
type Keyring struct {
	path    string
	mu      sync.Mutex
	file    *File
	modTime time.Time
	size    int64
	checked time.Time
}

// OpenKeyring loads the keys file at path.
func OpenKeyring(path string) (*Keyring, error) {
	k := &Keyring{path: path}
	if err := k.reload(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keyring) reload() error {
	st, err := os.Stat(k.path)
	if errors.Is(err, os.ErrNotExist) {
		k.file, k.modTime, k.size = &File{}, time.Time{}, 0
		return nil
	}
	if err != nil {
		return err
	}
	if k.file != nil && st.ModTime().Equal(k.modTime) && st.Size() == k.size {
		return nil
	}
	f, err := Load(k.path)
	if err != nil {
		return err
	}
	k.file, k.modTime, k.size = f, st.ModTime(), st.Size()
	return nil
}

// Authenticate checks a token against the current keys file. The file is
// looked at most once a second; if it became unreadable the last good
// keys stay in force.
func (k *Keyring) Authenticate(token string) (*Principal, bool) {
	k.mu.Lock()
	if time.Since(k.checked) > time.Second {
		k.checked = time.Now()
		_ = k.reload()
	}
	f := k.file
	k.mu.Unlock()
	return f.Authenticate(token)
}
