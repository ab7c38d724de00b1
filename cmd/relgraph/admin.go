package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
)

func cmdMigrate(ctx context.Context, args []string, e env, log zerolog.Logger, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	store, err := openStore(ctx, e.batch(), log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	fmt.Fprintln(stdout, "schema up to date: id constraints, indexes and full-text indexes are online")
	return nil
}

func cmdKeys(args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: relgraph keys new|list|revoke")
		return errSilent
	}
	f, err := auth.Load(e.keysFile)
	if err != nil {
		return err
	}
	switch args[0] {
	case "new":
		fs := flag.NewFlagSet("keys new", flag.ContinueOnError)
		fs.SetOutput(stderr)
		role := fs.String("role", "", "reader, writer or admin")
		person := fs.String("person", "", "id of the person the key speaks for (the viewer)")
		name := fs.String("name", "", "a name for the key, shown in logs (default: key-N)")
		rate := fs.String("rate", "", "the key's own request budget, N/s[:BURST] or off (default: its role's, RELGRAPH_RATE_LIMITS)")
		scope := fs.String("scope", "", "whose relationships the key may ask about: SELF (its person), TEAM (its person and team members) or ALL (default: ALL for admin keys, TEAM for the others)")
		if err := fs.Parse(args[1:]); err != nil {
			return errSilent
		}
		r, err := auth.ParseRole(*role)
		if err != nil {
			return err
		}
		sc := auth.DefaultScope(r)
		if *scope != "" {
			if sc, err = auth.ParseScope(*scope); err != nil {
				return err
			}
		}
		if *name == "" {
			*name = "key-" + itoa(len(f.Keys)+1)
		}
		token, err := f.New(*name, r, *person)
		if err != nil {
			return err
		}
		f.Keys[len(f.Keys)-1].Scope = sc
		if *rate != "" {
			ra, err := auth.ParseRate(*rate)
			if err != nil {
				return err
			}
			f.Keys[len(f.Keys)-1].Rate = &ra
		}
		if err := f.Save(e.keysFile); err != nil {
			return err
		}
		fmt.Fprintln(stdout, token)
		path, _ := filepath.Abs(e.keysFile)
		fmt.Fprintf(stderr, "key %q (%s, scope %s) saved to %s; the token above is shown only once\n", *name, r, sc, path)
		return nil
	case "list":
		// Say which file: a relative default depends on the directory.
		path, _ := filepath.Abs(e.keysFile)
		if _, err := os.Stat(e.keysFile); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no keys file at %s: run from the directory where relgraph serve runs, or set RELGRAPH_KEYS_FILE", path)
		}
		fmt.Fprintf(stderr, "keys file %s: %d keys\n", path, len(f.Keys))
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tSCOPE\tPERSON\tRATE\tCREATED")
		for _, k := range f.Keys {
			rate := "role's"
			if k.Rate != nil {
				rate = k.Rate.String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Name, k.Role, k.EffectiveScope(), k.Person, rate, k.Created.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case "revoke":
		if len(args) != 2 {
			fmt.Fprintln(stderr, "usage: relgraph keys revoke NAME")
			return errSilent
		}
		if err := f.Revoke(args[1]); err != nil {
			return err
		}
		return f.Save(e.keysFile)
	}
	fmt.Fprintf(stderr, "unknown keys command %q (new, list, revoke)\n", args[0])
	return errSilent
}

func cmdStrength(ctx context.Context, args []string, e env, log zerolog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "recompute" {
		fmt.Fprintln(stderr, "usage: relgraph strength recompute [-as-of TIME]")
		return errSilent
	}
	fs := flag.NewFlagSet("strength recompute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asOf := fs.String("as-of", "", "recompute as of this RFC 3339 date or date-time (default now, or RELGRAPH_STRENGTH_AS_OF)")
	if err := fs.Parse(args[1:]); err != nil {
		return errSilent
	}
	if *asOf != "" {
		t, err := model.ParseDateTime(*asOf)
		if err != nil {
			return fmt.Errorf("-as-of: %w", err)
		}
		e.neo4j.AsOf = func() time.Time { return t.Time }
	}
	store, err := openStore(ctx, e.batch(), log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	var progress func(int)
	if isTerminal(stderr) {
		progress = func(n int) { fmt.Fprintf(stderr, "\rrecomputing: %d pairs", n) }
	}
	done, err := store.RecomputeStrengths(ctx, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "recomputed the strengths of %d pairs as of %s in %s\n", done.Pairs, done.AsOf.Format(time.RFC3339), done.Duration.Round(time.Millisecond))
	return nil
}

// cmdSuppressions lists the erasures that keep people from coming back,
// or removes one (imports may then bring the person back).
func cmdSuppressions(ctx context.Context, args []string, e env, log zerolog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "list" || len(args) != 1) && (args[0] != "remove" || len(args) != 2) {
		fmt.Fprintln(stderr, "usage: relgraph suppressions list | relgraph suppressions remove ERASURE")
		return errSilent
	}
	store, err := openStore(ctx, e, log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	if args[0] == "remove" {
		n, err := store.RemoveSuppression(ctx, args[1])
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("no erasure %q (relgraph suppressions list shows them)", args[1])
		}
		fmt.Fprintf(stdout, "removed erasure %s (%d hashes): imports and mutations may bring the person back\n", args[1], n)
		return nil
	}
	list, err := store.Suppressions(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ERASURE\tERASED\tKEYS")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Erasure, s.At.Format("2006-01-02 15:04"), strings.Join(s.Kinds, ", "))
	}
	return tw.Flush()
}
