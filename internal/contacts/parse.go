// Package contacts reads the networks people already have, a LinkedIn
// connections export and CRM exports through a column mapping, and turns
// them into the graph's own lines: one person per human, matched across
// sources by strong keys (email, LinkedIn profile URL), with weaker
// evidence (a close name at the same company) only ever proposing a merge.
package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Contact is one person row of a file, checked and normalised.
type Contact struct {
	// Row is the row's line in the file (the first line is 1).
	Row                          int
	Name                         string
	Email, LinkedinURL           string // normalised, or empty
	Title, Department, Seniority string
	City, Country                string
	Company                      *Account // where they work now, if the row says
	Since                        *time.Time
	Owner                        string // who knows them: an id, email or name; empty for none
	RecordID                     string // the contact's id in its CRM, if the mapping gives it
}

// Account is a company a row names.
type Account struct {
	Row                                   int
	Name, Domain, Industry, City, Country string
	Stage                                 string
	Customer                              *bool
	Clv                                   *float64
}

// RowError is what is wrong with one row.
type RowError struct {
	Row    int
	Reason string
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Reason) }

// File is what a file holds: its people and companies, or the errors of
// its bad rows.
type File struct {
	// Kind is the provenance kind of its records (model.SourceLinkedIn,
	// model.SourceCRM).
	Kind string
	// Source names the kind of file further: linkedin, or the mapping's
	// name.
	Source    string
	Rows      int
	People    []*Contact
	Companies []*Account
	Errors    []*RowError
}

func (f *File) bad(row int, format string, args ...any) {
	f.Errors = append(f.Errors, &RowError{Row: row, Reason: fmt.Sprintf(format, args...)})
}

// table reads a CSV file, a UTF-8 byte-order mark and lines before its
// header (LinkedIn's "Notes:") skipped: isHeader says which record is the
// header. Each record comes with its line.
type table struct {
	header []string
	rows   [][]string
	lines  []int
	// headerLine is the header's line.
	headerLine int
}

func readTable(r io.Reader, isHeader func([]string) bool, what string) (*table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	t := &table{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &RowError{Row: pe.StartLine, Reason: fmt.Sprintf("not CSV: %v (a quote inside a field must be doubled and the field quoted)", pe.Err)}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if t.header == nil {
			if isHeader(rec) {
				t.header, t.headerLine = rec, line
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if t.header == nil {
		return nil, fmt.Errorf("no header line found: %s", what)
	}
	for i, h := range t.header {
		t.header[i] = strings.TrimSpace(h)
	}
	return t, nil
}

// column is the index of a header, ignoring case, or -1.
func (t *table) column(name string) int {
	for i, h := range t.header {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	return -1
}

// cell is a row's trimmed value in column i ("" past its end or for -1).
func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// LinkedIn's columns.
const (
	liFirst     = "First Name"
	liLast      = "Last Name"
	liURL       = "URL"
	liEmail     = "Email Address"
	liCompany   = "Company"
	liPosition  = "Position"
	liConnected = "Connected On"
)

// Parse reads an export of contacts: without a mapping, owner's LinkedIn
// connections (ParseLinkedIn); with one, a CRM export through that
// mapping, a file or a built-in one's name (LoadMapping, ParseMapped).
func Parse(r io.Reader, mapping, owner string) (*File, error) {
	if mapping == "" {
		return ParseLinkedIn(r, owner)
	}
	m, err := LoadMapping(mapping)
	if err != nil {
		return nil, err
	}
	return ParseMapped(r, m)
}

// ParseLinkedIn reads a LinkedIn connections export (Connections.csv) as
// LinkedIn writes it: an optional byte-order mark, a "Notes:" preamble,
// then the header First Name, Last Name, URL, Email Address, Company,
// Position, Connected On (older exports have no URL). Connected On is a
// date such as 26 Dec 2025. Every row is a connection of owner.
func ParseLinkedIn(r io.Reader, owner string) (*File, error) {
	t, err := readTable(r, func(rec []string) bool { return strings.EqualFold(strings.TrimSpace(rec[0]), liFirst) },
		"a LinkedIn connections export has the header First Name,Last Name,URL,Email Address,Company,Position,Connected On")
	if err != nil {
		return nil, err
	}
	f := &File{Kind: model.SourceLinkedIn, Source: model.SourceLinkedIn, Rows: len(t.rows)}
	cols := map[string]int{}
	for _, name := range []string{liFirst, liLast, liURL, liEmail, liCompany, liPosition, liConnected} {
		cols[name] = t.column(name)
	}
	for _, name := range []string{liLast, liConnected} {
		if cols[name] < 0 {
			f.bad(t.headerLine, "the header has no %q column", name)
		}
	}
	if len(f.Errors) > 0 {
		return f, nil
	}
	for i, rec := range t.rows {
		row := t.lines[i]
		c := &Contact{Row: row, Owner: owner}
		c.Name = strings.Join(strings.Fields(cell(rec, cols[liFirst])+" "+cell(rec, cols[liLast])), " ")
		if c.Name == "" {
			f.bad(row, "missing name (First Name and Last Name are empty)")
			continue
		}
		if !f.strongKeys(c, cell(rec, cols[liEmail]), cell(rec, cols[liURL])) {
			continue
		}
		if on := cell(rec, cols[liConnected]); on != "" {
			d, err := parseDate(on, "02 Jan 2006", "2 Jan 2006", time.DateOnly)
			if err != nil {
				f.bad(row, "Connected On %q is not a date such as 26 Dec 2025", on)
				continue
			}
			c.Since = &d
		}
		c.Title = cell(rec, cols[liPosition])
		if name := cell(rec, cols[liCompany]); name != "" {
			c.Company = &Account{Row: row, Name: name}
		}
		f.People = append(f.People, c)
	}
	return f, nil
}

// strongKeys checks and sets a contact's email and LinkedIn URL.
func (f *File) strongKeys(c *Contact, email, url string) bool {
	if email != "" {
		e, err := model.NormalizeEmail(email)
		if err != nil {
			f.bad(c.Row, "%v", err)
			return false
		}
		c.Email = e
	}
	if url != "" {
		u, err := model.NormalizeLinkedInURL(url)
		if err != nil {
			f.bad(c.Row, "%v", err)
			return false
		}
		c.LinkedinURL = u
	}
	return true
}

func parseDate(s string, layouts ...string) (time.Time, error) {
	var err error
	for _, l := range layouts {
		var t time.Time
		if t, err = time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
