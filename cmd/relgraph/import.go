package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/contacts"
	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// importTxTimeout is the least time an import batch may take.
const importTxTimeout = 5 * time.Minute

// importMemoryLimit is the soft limit of an import's own memory, unless
// GOMEMLIMIT gives another: near it Go's runtime collects garbage more
// often, trading some time for memory (a bulk load of a million people
// holds about 300 MiB at its largest; without a limit it would grow to
// twice that before collecting).
const importMemoryLimit = 480 << 20

func cmdImport(ctx context.Context, args []string, e env, log zerolog.Logger, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	batch := fs.Int("batch-size", importer.DefaultBatchSize, "lines per transaction")
	writers := fs.Int("writers", importer.DefaultWriters, fmt.Sprintf("transactions written side by side, 1..%d (lines are grouped so that they never touch the same node)", importer.MaxWriters))
	quiet := fs.Bool("quiet", false, "no progress bar")
	format := fs.String("format", "ndjson", "ndjson, linkedin (a LinkedIn Connections.csv) or csv (a CRM export, with -map)")
	owner := fs.String("owner", "", "with -format linkedin: the id of the person whose connections these are")
	mapping := fs.String("map", "", "with -format csv: a mapping file, or a built-in mapping: "+strings.Join(contacts.Builtin(), ", "))
	exported := fs.String("exported", "", "with -format linkedin or csv: the day the file was exported, YYYY-MM-DD (default today)")
	bulk := fs.Bool("bulk", false, "load an empty local database offline, through Neo4j's bulk importer (neo4j-admin database import), then start it to build the schema; NDJSON only")
	data := fs.String("data", ".relgraph/neo4j", "with -bulk: the local Neo4j's data directory, as `relgraph dev -data` and `withneo4j -data` take it")
	heap := fs.String("heap", "2g", "with -bulk: the JVM heap of the bulk importer and of the Neo4j started afterwards")
	memory := fs.String("memory", "2g", "with -bulk: the bulk importer's off-heap memory, then the page cache of the Neo4j started afterwards")
	private := fs.Bool("private", false, "with -format linkedin or csv: mark every relationship the file gives (owner KNOWS contact) private")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: relgraph import [-bulk [-data DIR] [-heap SIZE] [-memory SIZE]] [-batch-size N] [-writers N] [-format ndjson|linkedin|csv] [-owner ID] [-map MAPPING] [-exported DAY] [-private] FILE (or - for standard input)")
		return errSilent
	}
	switch *format {
	case "ndjson":
		if *owner != "" || *mapping != "" || *exported != "" || *private {
			return errors.New("-owner, -map, -exported and -private go with -format linkedin or csv (an NDJSON knows line says \"private\": true itself)")
		}
	case "linkedin":
		if *owner == "" {
			return errors.New("-format linkedin needs -owner: the id of the person whose connections these are")
		}
		if *mapping != "" {
			return errors.New("-map goes with -format csv")
		}
	case "csv":
		if *mapping == "" {
			return fmt.Errorf("-format csv needs -map: a mapping file or one of %s", strings.Join(contacts.Builtin(), ", "))
		}
		if *owner != "" {
			return errors.New("-owner goes with -format linkedin (a CRM file names each contact's owner in a column)")
		}
	default:
		return fmt.Errorf("-format %q is not ndjson, linkedin or csv", *format)
	}
	asOf := time.Now().UTC().Truncate(24 * time.Hour)
	if *exported != "" {
		d, err := time.Parse(time.DateOnly, *exported)
		if err != nil {
			return fmt.Errorf("-exported %q is not a day such as 2026-11-25", *exported)
		}
		asOf = d
	}
	if *batch < 1 || *batch > 50000 {
		return fmt.Errorf("-batch-size must be between 1 and 50000, got %d", *batch)
	}
	if *writers < 1 || *writers > importer.MaxWriters {
		return fmt.Errorf("-writers must be between 1 and %d, got %d", importer.MaxWriters, *writers)
	}
	path := fs.Arg(0)
	open := fileOpener(path)
	if path == "-" {
		// The input is read three times: keep standard input in a file.
		tmp, err := os.CreateTemp("", "relgraph-import-*.ndjson")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		if _, err := io.Copy(tmp, stdin); err != nil {
			tmp.Close()
			return fmt.Errorf("reading standard input: %w", err)
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		open = fileOpener(tmp.Name())
	} else if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	if !e.memoryLimitSet {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	opts := importer.Options{BatchSize: *batch, Writers: *writers}
	var bar *progressBar
	if !*quiet && isTerminal(stderr) {
		bar = &progressBar{w: stderr}
		opts.Progress = bar.update
	}
	if *bulk {
		if *format != "ndjson" {
			return errors.New("-bulk loads NDJSON files only: a LinkedIn or CRM export matches people already in the graph, so it goes through the online import")
		}
		return bulkLoad(ctx, open, bulkOptions{data: *data, heap: *heap, memory: *memory, quiet: *quiet}, opts, e.batch(), log, bar, stdout, stderr)
	}
	store, err := openStore(ctx, e.batch(), log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	if *format != "ndjson" {
		return importContacts(ctx, open, *mapping, contacts.Options{Owner: *owner, AsOf: asOf, Private: *private, Import: opts}, store, bar, stdout, stderr)
	}
	sum, err := importer.Import(ctx, open, store, opts)
	bar.finish()
	if err != nil {
		printImportErrors(stderr, sum)
		return err
	}
	printSummary(stdout, sum)
	return nil
}

// importContacts imports a LinkedIn export (no mapping) or a CRM export.
func importContacts(ctx context.Context, open importer.Opener, mapping string, opts contacts.Options, store *neo4j.Store, bar *progressBar, stdout, stderr io.Writer) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
	file, err := contacts.Parse(r, mapping, opts.Owner)
	if err != nil {
		return err
	}
	sum, err := contacts.Import(ctx, file, store, store, opts)
	bar.finish()
	if len(sum.Errors) > 0 {
		// The first 100, as the NDJSON import reports its lines.
		shown := sum.Errors[:min(len(sum.Errors), 100)]
		msgs := make([]string, len(shown))
		for i, e := range shown {
			msgs[i] = e.Error()
		}
		printBad(stderr, msgs, len(sum.Errors), sum.Rows, "rows")
	}
	if err != nil {
		return err
	}
	printContactsSummary(stdout, sum)
	return nil
}

// printContactsSummary says what an import of contacts did, in words.
func printContactsSummary(w io.Writer, s *contacts.Summary) {
	fmt.Fprintf(w, "read %d rows: %d people created, %d matched by email, %d matched by LinkedIn URL, %d already imported from this source\n",
		s.Rows, s.PeopleCreated, s.MatchedByEmail, s.MatchedByURL, s.MatchedAgain)
	fmt.Fprintf(w, "%d companies created, %d new connections, %d merge candidates (%d new), %d jobs changed, %d titles changed, %d signals created",
		s.CompaniesCreated, s.Connections, s.MergeCandidates, s.NewCandidates, s.JobsChanged, s.TitlesChanged, s.SignalsCreated)
	if s.Private > 0 {
		fmt.Fprintf(w, ", %d relationships marked private", s.Private)
	}
	if s.StaleRows > 0 {
		fmt.Fprintf(w, ", %d rows older than the job the graph has (left as they are)", s.StaleRows)
	}
	if s.Suppressed > 0 {
		fmt.Fprintf(w, ", suppressed: %d rows about people erased for good (skipped)", s.Suppressed)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "read the graph and matched the rows in %s\n", s.Matching.Round(time.Millisecond))
	if s.Write != nil {
		printSummary(w, s.Write)
	}
}

func printImportErrors(w io.Writer, sum *importer.Summary) {
	if sum == nil || sum.ErrorCount == 0 {
		return
	}
	msgs := make([]string, len(sum.Errors))
	for i, e := range sum.Errors {
		msgs[i] = e.Error()
	}
	printBad(w, msgs, sum.ErrorCount, sum.Lines, "lines")
}

// printBad reports the bad lines or rows of a refused file: those shown,
// how many more there are, and how many in all of how many.
func printBad(w io.Writer, shown []string, count, of int, unit string) {
	for _, m := range shown {
		fmt.Fprintln(w, m)
	}
	if more := count - len(shown); more > 0 {
		fmt.Fprintf(w, "... and %d more bad %s\n", more, unit)
	}
	fmt.Fprintf(w, "%d bad %s of %d\n", count, unit, of)
}

func printSummary(w io.Writer, sum *importer.Summary) {
	var parts []string
	for _, k := range model.Kinds {
		if n := sum.Counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	sort.Strings(parts)
	fmt.Fprintf(w, "imported %d records from %d lines in %s (%.0f records/s, %d transactions): %s\n",
		sum.Records, sum.Lines, sum.Duration.Round(time.Millisecond), sum.RecordsPerSecond(), sum.Batches, strings.Join(parts, ", "))
	writing := sum.Duration - sum.Validation
	busy := 0.0
	if writing > 0 {
		busy = sum.InDatabase.Seconds() / writing.Seconds()
	}
	fmt.Fprintf(w, "validated in %s, wrote in %s with %d writers (on average %.1f of them waiting on the database)",
		sum.Validation.Round(time.Millisecond), writing.Round(time.Millisecond), sum.Writers, busy)
	if peak := peakMemory(); peak > 0 {
		fmt.Fprintf(w, ", peak memory %d MiB", peak>>20)
	}
	fmt.Fprintln(w)
	if sum.Pairs > 0 {
		fmt.Fprintf(w, "computed the strengths of %d pairs from their interactions in %s\n", sum.Pairs, sum.Strengths.Round(time.Millisecond))
	}
	if sum.Suppressed > 0 {
		fmt.Fprintf(w, "suppressed: %d lines about people erased for good were skipped (relgraph suppressions list)\n", sum.Suppressed)
	}
}

// progressBar draws one updating line on a terminal.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
	drawn bool
}

func (b *progressBar) update(p importer.Progress) {
	now := time.Now()
	if b.start.IsZero() {
		b.start = now
	}
	if now.Sub(b.last) < 100*time.Millisecond && p.Done != p.Total {
		return
	}
	b.last = now
	b.drawn = true
	if p.Total == 0 {
		fmt.Fprintf(b.w, "\r%-10s %d lines", p.Phase, p.Done)
		return
	}
	const width = 30
	filled := width * p.Done / p.Total
	rate := float64(p.Done) / max(now.Sub(b.start).Seconds(), 1e-3)
	fmt.Fprintf(b.w, "\r%-10s [%s%s] %d/%d %3d%% %.0f/s  ", p.Phase, strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
		p.Done, p.Total, 100*p.Done/p.Total, rate)
}

func (b *progressBar) finish() {
	if b != nil && b.drawn {
		fmt.Fprintln(b.w)
	}
}
