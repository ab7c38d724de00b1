package ndjson

import (
	"bufio"
	"os"
	"testing"
)

// BenchmarkParseLine parses every line of a generated file
// (RELGRAPH_BENCH_FILE), reporting the time per line.
func BenchmarkParseLine(b *testing.B) {
	path := os.Getenv("RELGRAPH_BENCH_FILE")
	if path == "" {
		b.Skip("set RELGRAPH_BENCH_FILE")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	f.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := lines[i%len(lines)]
		if _, err := ParseLine(i, l); err != nil {
			b.Fatal(err)
		}
	}
}
