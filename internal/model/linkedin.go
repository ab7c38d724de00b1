package model

import (
	"fmt"
	"net/url"
	"strings"
)

// NormalizeLinkedInURL returns the one form relgraph stores a LinkedIn
// profile URL in, https://www.linkedin.com/in/<name>: lower case, with no
// query string, fragment or trailing slash, whatever the scheme, the
// country subdomain (uk.linkedin.com) or a missing scheme; a page below
// the profile (/in/<name>/details/...) stands for the profile. Anything
// that is not a profile is an error.
func NormalizeLinkedInURL(raw string) (string, error) {
	bad := fmt.Errorf("linkedinUrl %q is not a LinkedIn profile URL such as https://www.linkedin.com/in/dana-reyes", raw)
	s := strings.ToLower(strings.TrimSpace(raw))
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" {
		return "", bad
	}
	host := u.Hostname()
	if host != "linkedin.com" && !strings.HasSuffix(host, ".linkedin.com") {
		return "", bad
	}
	path := strings.Trim(u.EscapedPath(), "/")
	rest, ok := strings.CutPrefix(path, "in/")
	name, _, _ := strings.Cut(rest, "/")
	if !ok || name == "" {
		return "", bad
	}
	// Accents come escaped either way; their hex digits in lower case too.
	return "https://www.linkedin.com/in/" + strings.ToLower(name), nil
}
