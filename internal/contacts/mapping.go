package contacts

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Mapping says how to read a CRM export: which field each column fills,
// and which rows are people and which companies. It is a JSON file:
//
//	{
//	  "name": "Salesforce contacts report",
//	  "rows": "people",
//	  "dateFormat": "MM/DD/YYYY",
//	  "columns": {"First Name": "firstName", "Account Name": "company", ...},
//	  "values": {"company.customer": {"Customer - Direct": true}},
//	  "optional": ["Lifetime Value"]
//	}
//
// rows is "people", "companies", or {"column": C, "people": [...],
// "companies": [...]}: the value of column C says what each row is (other
// values are an error). A person row makes a person, and the company it
// names; a company row makes only the company. values maps a column's
// text to a field's value; text it does not list leaves the field unset.
type Mapping struct {
	Name       string                    `json:"name"`
	Rows       json.RawMessage           `json:"rows"`
	DateFormat string                    `json:"dateFormat"`
	Columns    map[string]string         `json:"columns"`
	Values     map[string]map[string]any `json:"values"`
	// Optional columns may be missing from a file (custom fields, columns
	// a report may leave out); any other missing column is an error.
	Optional []string `json:"optional"`

	rowColumn         string
	people, companies []string
	only              string
	// key names the mapping in the ids of the people it makes: the
	// built-in's name or the file's name, without .json.
	key string
}

// Fields a mapping's columns may fill.
var Fields = map[string]string{
	"firstName":        "the person's first name",
	"lastName":         "the person's last name",
	"name":             "the person's full name (instead of first and last)",
	"email":            "the person's email address, a strong key",
	"linkedinUrl":      "the person's LinkedIn profile URL, a strong key",
	"title":            "the person's job title",
	"department":       "the person's department",
	"seniority":        "the person's seniority",
	"city":             "the person's city",
	"country":          "the person's country",
	"owner":            "the team member who owns the contact (their id, email or name): a KNOWS from them to the person",
	"recordId":         "the contact's id in the CRM: a contact without email or LinkedIn URL is found again by it",
	"since":            "since when the owner knows the person (a date)",
	"company":          "the company's name (matched by normalised name)",
	"company.domain":   "the company's web domain",
	"company.industry": "the company's industry",
	"company.city":     "the company's city",
	"company.country":  "the company's country",
	"company.stage":    "the company's funding stage",
	"company.customer": "true when the company is a customer (through values, or true/false/yes/no)",
	"company.clv":      "the customer's lifetime value (a number; currency signs and separators are ignored)",
	"ignore":           "nothing",
}

//go:embed mappings/*.json
var builtin embed.FS

// Builtin are the names of the mappings relgraph ships.
func Builtin() []string {
	entries, _ := builtin.ReadDir("mappings")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	return out
}

// LoadMapping reads a mapping file, or a built-in mapping by name
// (salesforce, hubspot).
func LoadMapping(nameOrPath string) (*Mapping, error) {
	data, err := builtin.ReadFile("mappings/" + nameOrPath + ".json")
	if err != nil {
		if data, err = os.ReadFile(nameOrPath); err != nil {
			return nil, fmt.Errorf("mapping %q is neither a file nor one of %s: %w", nameOrPath, strings.Join(Builtin(), ", "), err)
		}
	}
	m := &Mapping{key: strings.TrimSuffix(filepath.Base(nameOrPath), ".json")}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("mapping %s: %s", nameOrPath, model.JSONReason(err))
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", nameOrPath, err)
	}
	return m, nil
}

func (m *Mapping) check() error {
	var only string
	var split struct {
		Column    string   `json:"column"`
		People    []string `json:"people"`
		Companies []string `json:"companies"`
	}
	switch {
	case json.Unmarshal(m.Rows, &only) == nil:
		if only != "people" && only != "companies" {
			return fmt.Errorf(`rows must be "people", "companies" or {"column": ..., "people": [...], "companies": [...]}, got %q`, only)
		}
		m.only = only
	case json.Unmarshal(m.Rows, &split) == nil && split.Column != "":
		m.rowColumn, m.people, m.companies = split.Column, split.People, split.Companies
	default:
		return fmt.Errorf(`rows must be "people", "companies" or {"column": ..., "people": [...], "companies": [...]}`)
	}
	if len(m.Columns) == 0 {
		return fmt.Errorf("no columns")
	}
	filled := map[string]string{}
	for col, field := range m.Columns {
		if _, ok := Fields[field]; !ok {
			return fmt.Errorf("column %q: unknown field %q (one of %s)", col, field, strings.Join(fieldNames(), ", "))
		}
		if other, dup := filled[field]; dup && field != "ignore" {
			return fmt.Errorf("columns %q and %q both fill %s", min(col, other), max(col, other), field)
		}
		filled[field] = col
	}
	for _, col := range m.Optional {
		if _, ok := m.Columns[col]; !ok {
			return fmt.Errorf("optional column %q is not in columns", col)
		}
	}
	for field := range m.Values {
		if _, ok := filled[field]; !ok {
			return fmt.Errorf("values for %s, which no column fills", field)
		}
	}
	if _, err := dateLayout(m.DateFormat); err != nil {
		return err
	}
	return nil
}

func fieldNames() []string {
	var out []string
	for f := range Fields {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// dateLayouts are the date formats a mapping may name.
var dateLayouts = map[string]string{
	"YYYY-MM-DD": time.DateOnly, "MM/DD/YYYY": "1/2/2006", "DD/MM/YYYY": "2/1/2006", "DD.MM.YYYY": "2.1.2006",
}

func dateLayout(format string) (string, error) {
	if format == "" {
		return time.DateOnly, nil
	}
	l, ok := dateLayouts[format]
	if !ok {
		return "", fmt.Errorf("dateFormat %q is not one of YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY", format)
	}
	return l, nil
}

// ParseMapped reads a CRM export through a mapping. Its first line is the
// header.
func ParseMapped(r io.Reader, m *Mapping) (*File, error) {
	t, err := readTable(r, func([]string) bool { return true }, "the file is empty")
	if err != nil {
		return nil, err
	}
	f := &File{Kind: model.SourceCRM, Source: cmp.Or(m.key, "csv"), Rows: len(t.rows)}
	cols := map[string]int{}
	var cols0 []string
	for col := range m.Columns {
		cols0 = append(cols0, col)
	}
	if m.rowColumn != "" {
		cols0 = append(cols0, m.rowColumn)
	}
	slices.Sort(cols0)
	for _, col := range cols0 {
		i := t.column(col)
		if i < 0 && !slices.Contains(m.Optional, col) {
			f.bad(t.headerLine, "the mapping's column %q is not in the file's header", col)
		}
		cols[col] = i
	}
	if len(f.Errors) > 0 {
		return f, nil
	}
	layout, _ := dateLayout(m.DateFormat)
	for i, rec := range t.rows {
		row := t.lines[i]
		what := m.only
		if m.rowColumn != "" {
			v := cell(rec, cols[m.rowColumn])
			switch {
			case slices.Contains(m.people, v):
				what = "people"
			case slices.Contains(m.companies, v):
				what = "companies"
			default:
				f.bad(row, "%s %q is neither a person row (%s) nor a company row (%s)", m.rowColumn, v, strings.Join(m.people, ", "), strings.Join(m.companies, ", "))
				continue
			}
		}
		values := map[string]string{}
		for col, field := range m.Columns {
			if v := cell(rec, cols[col]); v != "" && field != "ignore" {
				values[field] = v
			}
		}
		c, a, err := m.read(row, values, layout)
		if err != nil {
			f.bad(row, "%v", err)
			continue
		}
		if what == "companies" {
			if a == nil {
				f.bad(row, "a company row without a company name")
				continue
			}
			f.Companies = append(f.Companies, a)
			continue
		}
		if c.Name == "" {
			f.bad(row, "missing name")
			continue
		}
		if !f.strongKeys(c, values["email"], values["linkedinUrl"]) {
			continue
		}
		c.Company = a
		f.People = append(f.People, c)
	}
	return f, nil
}

// read fills a contact and its company from one row's values by field.
func (m *Mapping) read(row int, v map[string]string, layout string) (*Contact, *Account, error) {
	c := &Contact{Row: row, Title: v["title"], Department: v["department"], Seniority: v["seniority"], City: v["city"], Country: v["country"], Owner: v["owner"],
		RecordID: v["recordId"]}
	c.Name = v["name"]
	if c.Name == "" {
		c.Name = strings.Join(strings.Fields(v["firstName"]+" "+v["lastName"]), " ")
	}
	if s := v["since"]; s != "" {
		d, err := parseDate(strings.Fields(s)[0], layout)
		if err != nil {
			return nil, nil, fmt.Errorf("since %q is not a date in the mapping's format %s", s, cmp.Or(m.DateFormat, "YYYY-MM-DD"))
		}
		c.Since = &d
	}
	if v["company"] == "" {
		return c, nil, nil
	}
	a := &Account{Row: row, Name: v["company"], Domain: v["company.domain"], Industry: v["company.industry"], City: v["company.city"],
		Country: v["company.country"], Stage: v["company.stage"]}
	if s, ok := v["company.customer"]; ok {
		b, set, err := m.boolean("company.customer", s)
		if err != nil {
			return nil, nil, err
		}
		if set {
			a.Customer = &b
		}
	}
	if s, ok := v["company.clv"]; ok {
		n, err := number(s)
		if err != nil || n < 0 {
			return nil, nil, fmt.Errorf("clv %q is not an amount at least 0 such as 120000 or $120,000.00", s)
		}
		a.Clv = &n
	}
	return c, a, nil
}

// boolean reads a true/false field through the mapping's values, or as
// true/false/yes/no/1/0; set is false when the values do not list it.
func (m *Mapping) boolean(field, s string) (value, set bool, err error) {
	if vals, ok := m.Values[field]; ok {
		for text, v := range vals {
			if strings.EqualFold(text, s) {
				b, ok := v.(bool)
				if !ok {
					return false, false, fmt.Errorf("the mapping's value for %s %q is not true or false", field, text)
				}
				return b, true, nil
			}
		}
		return false, false, nil
	}
	switch strings.ToLower(s) {
	case "true", "yes", "1", "y":
		return true, true, nil
	case "false", "no", "0", "n":
		return false, true, nil
	}
	return false, false, fmt.Errorf("%s %q is not true or false", field, s)
}

// number reads an amount such as 120000, 120,000.50, $120,000.00 or
// 45 500 €: currency signs and spaces go, and a comma is a thousands
// separator only before three digits (1.234,56 is refused, not misread).
func number(s string) (float64, error) {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\u00a0' || strings.ContainsRune("$€£¥_", r):
			return -1
		case r >= '0' && r <= '9' || r == '.' || r == ',' || r == '-':
			return r
		}
		return 'x'
	}, s)
	parts := strings.Split(clean, ",")
	for i, part := range parts[1:] {
		digits := part
		if i == len(parts)-2 {
			digits, _, _ = strings.Cut(part, ".")
		}
		if len(digits) != 3 || strings.Contains(parts[i], ".") {
			return 0, fmt.Errorf("%q: a comma is read only as a thousands separator", s)
		}
	}
	return strconv.ParseFloat(strings.Join(parts, ""), 64)
}
