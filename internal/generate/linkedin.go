package generate

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// linkedInNotes is the preamble LinkedIn writes before the header of a
// connections export.
const linkedInNotes = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. " +
	"You will only see email addresses for connections who have allowed their connections to see or download their email address " +
	"using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261\"\n\n"

// LinkedIn writes a LinkedIn connections export of rows connections, as
// LinkedIn writes it (a byte-order mark, the Notes preamble, the header):
// most rows with a profile URL, one in ten with an email, companies from
// a pool of a few hundred names (some with a legal form, some quoted for
// a comma), a position on most rows. The same rows and seed give the same
// file.
func LinkedIn(w io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\xef\xbb\xbf" + linkedInNotes)
	cw := csv.NewWriter(bw)
	if err := cw.Write([]string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 0x11e4))
	first := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
	forms := []string{"", "", "", " Inc", ", Inc.", " LLC", " GmbH"}
	for i := range rows {
		f, l := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		url, email, company, position := "", "", "", ""
		if r.Float64() < 0.95 {
			url = fmt.Sprintf("https://www.linkedin.com/in/%s-%s-%x", slugify(f), slugify(l), i)
		}
		if r.Float64() < 0.1 {
			email = fmt.Sprintf("%s.%s.%d@mail.example", slugify(f), slugify(l), i)
		}
		if r.Float64() < 0.97 {
			company = companyWords[r.IntN(len(companyWords))] + " " + companySuffixes[r.IntN(len(companySuffixes))] + forms[r.IntN(len(forms))]
			if r.Float64() < 0.88 {
				position = title(r.IntN(len(departments)), r.IntN(len(seniorities)))
			}
		}
		on := first.AddDate(0, 0, r.IntN(span)).Format("02 Jan 2006")
		if err := cw.Write([]string{f, l, url, email, company, position, on}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// slugify lowers a name into a URL word (O'Brien is obrien).
func slugify(s string) string {
	out := make([]rune, 0, len(s))
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		}
	}
	return string(out)
}
