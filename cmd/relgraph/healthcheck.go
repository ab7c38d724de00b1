package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// cmdHealthcheck is `relgraph healthcheck [-url URL]`: exit 0 when URL
// (the local /readyz) answers 200 within 3 s, 1 otherwise. It lets a
// container image without a shell or curl check itself.
func cmdHealthcheck(args []string, e env, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://"+e.addr+"/readyz", "what to ask")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	client := &http.Client{Timeout: 3 * time.Second}
	res, err := client.Get(*url)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %d %s", *url, res.StatusCode, body)
	}
	fmt.Fprintf(stdout, "%s", body)
	return nil
}
