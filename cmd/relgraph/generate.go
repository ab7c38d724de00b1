package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/generate"
	"github.com/relgraph/relgraph/internal/model"
)

const maxGeneratedPeople = 5_000_000

// cmdGenerate writes a synthetic data set in the import format.
func cmdGenerate(args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	people := fs.Int("people", 0, fmt.Sprintf("number of people, 1..%d (required)", maxGeneratedPeople))
	seed := fs.Uint64("seed", 1, "selects the data set: the same -people and -seed give the same file")
	out := fs.String("out", "", "file to write; standard output when empty")
	interactions := fs.Bool("interactions", false, "write only the interactions of the KNOWS pairs the same -people and -seed give, to import over that graph")
	linkedin := fs.Bool("linkedin", false, "write a LinkedIn connections export of -people rows instead (import it with -format linkedin)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: relgraph generate -people N [-seed 1] [-interactions | -linkedin] [-out FILE]")
		return errSilent
	}
	if *people == 0 {
		return fmt.Errorf("-people is required: how many people to generate, 1..%d", maxGeneratedPeople)
	}
	if *people < 1 || *people > maxGeneratedPeople {
		return fmt.Errorf("-people must be between 1 and %d, got %d", maxGeneratedPeople, *people)
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", *out, errors.Unwrap(err))
		}
		defer func() {
			if cerr := f.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("writing %s: %w", *out, cerr)
			}
		}()
		w = f
	}
	start := time.Now()
	if *linkedin {
		if *interactions {
			return errors.New("-linkedin and -interactions write different files: give one")
		}
		if err := generate.LinkedIn(w, *people, *seed); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "generated a LinkedIn export of %d connections in %s\n", *people, time.Since(start).Round(time.Millisecond))
		return nil
	}
	st, err := generate.Write(w, generate.Options{People: *people, Seed: *seed, Interactions: *interactions})
	if err != nil {
		return err
	}
	var parts []string
	for _, k := range model.Kinds {
		if n := st.Counts[k.Name]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	fmt.Fprintf(stderr, "generated %d lines (%d bytes) in %s: %s\n",
		st.Lines, st.Bytes, time.Since(start).Round(time.Millisecond), strings.Join(parts, ", "))
	return nil
}
