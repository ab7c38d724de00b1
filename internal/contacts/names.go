package contacts

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/relgraph/relgraph/internal/model"
)

// NameKey is a person's or company's name as it is compared: lower case,
// punctuation dropped, spaces collapsed; accents kept.
func NameKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// O'Brien is OBrien, J. is J
		default:
			space = true
		}
	}
	return norm.NFC.String(b.String())
}

// companySuffixes are the legal forms dropped from a company's name.
var companySuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "ltd": true, "limited": true, "corp": true, "corporation": true,
	"co": true, "company": true, "gmbh": true, "ag": true, "sa": true, "sas": true, "srl": true, "bv": true, "nv": true,
	"plc": true, "pty": true, "oy": true, "ab": true, "as": true, "aps": true, "kk": true, "lp": true, "llp": true, "and": true,
}

// CompanyKey is the name a company is matched by: NameKey with accents
// folded, "&" read as "and" and trailing legal forms (Inc, LLC, GmbH,
// ...) dropped, so that "Acme Analytics, Inc." is "Acme Analytics".
func CompanyKey(name string) string {
	words := strings.Fields(model.Fold(NameKey(strings.ReplaceAll(name, "&", " and "))))
	for len(words) > 1 && companySuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// nicknames group the first names that stand for one another.
var nicknames = func() map[string][]int {
	groups := [][]string{
		{"robert", "bob", "rob", "bobby", "robbie"}, {"william", "bill", "will", "billy", "liam"}, {"richard", "rick", "dick", "rich"},
		{"james", "jim", "jimmy", "jamie"}, {"john", "jack", "johnny", "jon"}, {"jonathan", "jon", "jonny"}, {"michael", "mike", "mick", "mikey"},
		{"elizabeth", "liz", "beth", "eliza", "lizzie", "betty"}, {"katherine", "kate", "kathy", "katie", "cathy", "catherine", "kat"},
		{"margaret", "maggie", "meg", "peggy"}, {"thomas", "tom", "tommy"}, {"joseph", "joe", "joey"}, {"daniel", "dan", "danny"},
		{"david", "dave", "davy"}, {"christopher", "chris"}, {"christine", "chris", "christina", "tina"}, {"alexander", "alex", "sasha"},
		{"alexandra", "alex", "sasha", "alexa"}, {"benjamin", "ben", "benny"}, {"samuel", "sam", "sammy"}, {"samantha", "sam"},
		{"matthew", "matt"}, {"andrew", "andy", "drew"}, {"anthony", "tony"}, {"steven", "steve", "stephen"}, {"edward", "ed", "eddie", "ted"},
		{"patricia", "pat", "patty", "trish"}, {"patrick", "pat"}, {"jennifer", "jen", "jenny"}, {"rebecca", "becky", "becca"},
		{"susan", "sue", "suzy"}, {"deborah", "deb", "debbie"}, {"victoria", "vicky", "tori"}, {"nicholas", "nick", "nicky"},
		{"gregory", "greg"}, {"timothy", "tim"}, {"kenneth", "ken", "kenny"}, {"ronald", "ron"}, {"donald", "don"},
		{"charles", "charlie", "chuck"}, {"henry", "hank", "harry"}, {"frederick", "fred", "freddie"}, {"peter", "pete"},
		{"abigail", "abby"}, {"jessica", "jess"}, {"olivia", "liv"}, {"isabel", "isabelle", "izzy", "bella"}, {"maria", "mary"},
	}
	m := map[string][]int{}
	for i, g := range groups {
		for _, n := range g {
			m[n] = append(m[n], i)
		}
	}
	return m
}()

// sameNickname reports whether two first names stand for one another
// (a name such as alex or chris is in more than one group).
func sameNickname(a, b string) bool {
	for _, ga := range nicknames[a] {
		if slices.Contains(nicknames[b], ga) {
			return true
		}
	}
	return false
}

// Name is a person's name read once for comparisons.
type Name struct {
	Text   string
	key    string   // NameKey
	folded []string // its words, accents folded
}

// ParseName reads a name.
func ParseName(s string) Name {
	k := NameKey(s)
	return Name{Text: s, key: k, folded: strings.Fields(model.Fold(k))}
}

// Last is the folded last word of the name: two names can only be close
// when they share it.
func (n Name) Last() string {
	if len(n.folded) == 0 {
		return ""
	}
	return n.folded[len(n.folded)-1]
}

// Closeness says how close two people's names are, as weak evidence that
// they are one person: a reason and a score in 0..1, or a score of 0.
func Closeness(a, b string) (string, float64) { return ParseName(a).Closeness(ParseName(b)) }

// Closeness is the package's Closeness of parsed names.
func (a Name) Closeness(b Name) (string, float64) {
	if a.key == "" || b.key == "" {
		return "", 0
	}
	if a.key == b.key {
		return "same name", 0.9
	}
	fa, fb := a.folded, b.folded
	if slices.Equal(fa, fb) {
		return "same name but for accents", 0.85
	}
	if len(fa) < 2 || len(fb) < 2 || a.Last() != b.Last() {
		return "", 0
	}
	firstA, firstB := min(fa[0], fb[0]), max(fa[0], fb[0])
	switch {
	case firstA == firstB:
		return "same first and last name", 0.8
	case sameNickname(firstA, firstB):
		return "nickname (" + firstA + " / " + firstB + ")", 0.7
	case len(firstA) == 1 && strings.HasPrefix(firstB, firstA), len(firstB) == 1 && strings.HasPrefix(firstA, firstB):
		return "initial (" + firstA + " / " + firstB + ")", 0.6
	}
	return "", 0
}
