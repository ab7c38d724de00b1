package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold removes accents, as the search indexes do (their standard-folding
// analyzer): Zoë Ångström is Zoe Angstrom. Names are matched folded, too.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < 0x80
	}
	if ascii {
		return s
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return strings.NewReplacer("ø", "o", "Ø", "O", "æ", "ae", "ß", "ss", "ł", "l", "đ", "d").Replace(out)
}
