package contacts

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func testdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func describe(c *Contact) string {
	parts := []string{c.Name, c.Email, c.LinkedinURL, c.Title}
	if c.Company != nil {
		parts = append(parts, c.Company.Name)
	} else {
		parts = append(parts, "-")
	}
	if c.Since != nil {
		parts = append(parts, c.Since.Format("2006-01-02"))
	}
	return strings.Join(parts, " | ")
}

// The export as LinkedIn writes it: a byte-order mark, the Notes
// preamble, quoted fields with commas and quotes, emoji and accents, a
// URL with a country subdomain, an email in capitals, rows with a
// company and no position or neither. Rows are numbered by their line.
func TestParseLinkedIn(t *testing.T) {
	f, err := ParseLinkedIn(testdata(t, "Connections.csv"), "p0")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Errors) != 0 || f.Rows != 11 || len(f.People) != 11 {
		t.Fatalf("rows %d, people %d, errors %v", f.Rows, len(f.People), f.Errors)
	}
	want := []string{
		"5: Dana Reyes | dana.reyes@northwind.example | https://www.linkedin.com/in/dana-reyes-7a1b2c | Director of Customer Experience | Northwind Logistics | 2019-03-14",
		"6: Zoë Ångström |  | https://www.linkedin.com/in/zo%c3%ab-%c3%a5ngstr%c3%b6m | Head of Growth 🚀 | Nordlys AS | 2024-02-03",
		"8: Kim Lee, PhD |  | https://www.linkedin.com/in/kim-lee-phd | Director of \"Customer Love\" | Smith, Jones & Co | 2023-09-09",
		"9: Priya Natarajan |  | https://www.linkedin.com/in/priya-natarajan |  | Helix Bio | 2022-01-12",
		"10: Tom Becker |  | https://www.linkedin.com/in/tombecker |  | - | 2020-06-30",
		"11: Sara Lindqvist | sara.lindqvist@example.com | https://www.linkedin.com/in/sara-lindqvist | Demand Generation Lead | Brightwave Marketing | 2021-05-05",
	}
	got := map[string]bool{}
	for _, c := range f.People {
		got[strconv.Itoa(c.Row)+": "+describe(c)] = true
		if c.Owner != "p0" {
			t.Errorf("row %d: owner %q", c.Row, c.Owner)
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing %s", w)
		}
	}
}

// An older export has no URL column and no preamble.
func TestParseOlderLinkedIn(t *testing.T) {
	f, err := ParseLinkedIn(testdata(t, "Connections-2019.csv"), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Errors) != 0 || len(f.People) != 3 {
		t.Fatalf("people %d, errors %v", len(f.People), f.Errors)
	}
	if got := describe(f.People[2]); got != "Ben Carter | ben.carter@acme.example |  | Head of Customer Success | Acme Analytics | 2019-01-20" || f.People[2].Row != 4 {
		t.Errorf("row %d: %s", f.People[2].Row, got)
	}
	if _, err := ParseLinkedIn(strings.NewReader("Name,Company\nAda,Acme\n"), "p0"); err == nil || !strings.Contains(err.Error(), "no header line found") {
		t.Errorf("a file that is no LinkedIn export: %v", err)
	}
	if _, err := ParseLinkedIn(strings.NewReader("First Name,Last Name,Connected On\nAda,Byron,01 Jan 2020\nRobert \"Bob\",Okafor,01 Jan 2020\n"), "p0"); err == nil ||
		!strings.HasPrefix(err.Error(), `row 3: not CSV: bare " in non-quoted-field`) {
		t.Errorf("a quote inside an unquoted field: %v", err)
	}
	f, err = ParseLinkedIn(strings.NewReader("First Name,URL\nAda,\n"), "p0")
	if err != nil || len(f.Errors) != 2 || f.Errors[0].Error() != `row 1: the header has no "Last Name" column` {
		t.Errorf("a header without Last Name and Connected On: %v %v", err, f.Errors)
	}
}

// The shipped mappings read their tools' exports; a mapping names every
// column it needs.
func TestMappings(t *testing.T) {
	m, err := LoadMapping("salesforce")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseMapped(testdata(t, "salesforce-contacts.csv"), m)
	if err != nil || len(f.Errors) > 0 {
		t.Fatal(err, f.Errors)
	}
	wei := f.People[4]
	if describe(wei) != "Wei Zhang | wei.zhang@helixbio.example |  | CFO | Helix Bio | 2025-09-30" || wei.Owner != "Priya Shah" || wei.Department != "Finance" {
		t.Errorf("Wei Zhang: %s (owner %q)", describe(wei), wei.Owner)
	}
	if a := wei.Company; a.Customer == nil || !*a.Customer || a.Clv == nil || *a.Clv != 150000 || a.Industry != "Biotech" || a.Domain != "helixbio.example" {
		t.Errorf("Helix Bio: %+v", a)
	}
	if a := f.People[0].Company; a.Customer == nil || *a.Customer || a.Clv != nil {
		t.Errorf("Quantix Data (a prospect, no value): %+v", a)
	}
	m, err = LoadMapping("hubspot")
	if err != nil {
		t.Fatal(err)
	}
	f, err = ParseMapped(testdata(t, "hubspot-contacts.csv"), m)
	if err != nil || len(f.Errors) > 0 {
		t.Fatal(err, f.Errors)
	}
	if hiro := f.People[0]; describe(hiro) != "Hiro Sato | hiro.sato@acme.example | https://www.linkedin.com/in/hiro-sato | Solutions Architect | Acme Analytics | 2025-02-11" {
		t.Errorf("Hiro Sato: %s", describe(hiro))
	}
	if park := f.People[1].Company; park.Customer != nil {
		t.Errorf("a lead says nothing of its company: %+v", park)
	}
	// A file of companies and people, told apart by a column.
	dir := t.TempDir()
	path := filepath.Join(dir, "m.json")
	os.WriteFile(path, []byte(`{"name":"mixed","rows":{"column":"Kind","people":["Contact"],"companies":["Account"]},
"columns":{"Name":"name","Org":"company","Value":"company.clv","Customer":"company.customer"}}`), 0o644)
	m, err = LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err = ParseMapped(strings.NewReader("Kind,Name,Org,Value,Customer\nAccount,,Acme,\"1.234,56 €\",yes\nAccount,,Beta,12 500,no\nContact,Ada Byron,Acme,,\nLead,Alan Turing,Acme,,\n"), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Companies) != 1 || f.Companies[0].Name != "Beta" || *f.Companies[0].Clv != 12500 || *f.Companies[0].Customer ||
		len(f.People) != 1 || f.People[0].Name != "Ada Byron" {
		t.Errorf("companies %+v people %+v", f.Companies, f.People)
	}
	var reasons []string
	for _, e := range f.Errors {
		reasons = append(reasons, e.Error())
	}
	if strings.Join(reasons, "; ") != `row 2: clv "1.234,56 €" is not an amount at least 0 such as 120000 or $120,000.00; row 5: Kind "Lead" is neither a person row (Contact) nor a company row (Account)` {
		t.Errorf("errors: %s", strings.Join(reasons, "; "))
	}
	for text, want := range map[string]string{
		`{"rows":"people","columns":{"A":"shoeSize"}}`:                   `column "A": unknown field "shoeSize"`,
		`{"rows":"everyone","columns":{"A":"name"}}`:                     `rows must be "people", "companies"`,
		`{"rows":"people","columns":{"A":"name","B":"name"}}`:            `columns "A" and "B" both fill name`,
		`{"rows":"people","columns":{"A":"name"},"dateFormat":"D/M/Y"}`:  `dateFormat "D/M/Y" is not one of`,
		`{"rows":"people","columns":{"A":"name"},"optional":["B"]}`:      `optional column "B" is not in columns`,
		`{"rows":"people","columns":{"A":"name"},"surprise":1}`:          `unknown field "surprise"`,
		`{"rows":"people","columns":{"A":"name"},"values":{"email":{}}}`: `values for email, which no column fills`,
	} {
		os.WriteFile(path, []byte(text), 0o644)
		if _, err := LoadMapping(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", text, err, want)
		}
	}
	if _, err := LoadMapping("pipedrive"); err == nil || !strings.Contains(err.Error(), "hubspot, salesforce") {
		t.Errorf("an unknown mapping: %v", err)
	}
}

func TestAmounts(t *testing.T) {
	for text, want := range map[string]float64{"120000": 120000, "$120,000.00": 120000, "45 500 €": 45500, "1,234.5": 1234.5, "£1,000,000": 1e6} {
		if got, err := number(text); err != nil || got != want {
			t.Errorf("%q: %g %v, want %g", text, got, err, want)
		}
	}
	for _, text := range []string{"1.234,56", "12,5", "1,23,456", "ten", "1.234.500", "NaN", "Inf", "0x1p4", "1e3"} {
		if got, err := number(text); err == nil {
			t.Errorf("%q read as %g", text, got)
		}
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ a, b, reason string }{
		{"Dana Reyes", "dana  reyes", "same name"},
		{"Liam O'Brien", "Liam OBrien", "same name"},
		{"Zoë Ångström", "Zoe Angstrom", "same name but for accents"},
		{"María González", "Maria Gonzalez", "same name but for accents"},
		{"Bob Okafor", "Robert Okafor", "nickname (bob / robert)"},
		{"Alex Kim", "Alexandra Kim", "nickname (alex / alexandra)"},
		{"J. Park", "Jonathan Park", "initial (j / jonathan)"},
		{"Jonathan Park", "Jon Park", "nickname (jon / jonathan)"},
		{"Bob Okafor", "Ruth Okafor", ""},
		{"Robert Okafor", "Robert Okafo", ""},
		{"Park", "J. Park", ""},
		{"Dana M. Reyes", "Dana Reyes", "same first and last name"},
		{"Mary Ann Smith", "Mary Smith", "same first and last name"},
	} {
		if got, _ := Closeness(c.a, c.b); got != c.reason {
			t.Errorf("%s ~ %s: %q, want %q", c.a, c.b, got, c.reason)
		}
	}
	for name, want := range map[string]string{
		"Acme Analytics, Inc.": "acme analytics", "ACME ANALYTICS": "acme analytics", "Nordlys AS": "nordlys",
		"Smith, Jones & Co": "smith jones", "Société Générale S.A.": "societe generale", "Inc": "inc", "Procter & Gamble": "procter and gamble",
	} {
		if got := CompanyKey(name); got != want {
			t.Errorf("CompanyKey(%q) = %q, want %q", name, got, want)
		}
	}
}
