package ndjson

import (
	"bufio"
	"fmt"
	"io"
)

type lineReader struct {
	r *bufio.Reader
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 1<<20)}
}

// next returns the next line without its end-of-line bytes, refusing lines
// longer than MaxLine. The line is valid until the next call.
func (l *lineReader) next() ([]byte, error) {
	var buf []byte
	for {
		chunk, isPrefix, err := l.r.ReadLine()
		if err != nil {
			if err == io.EOF && buf != nil {
				return buf, nil
			}
			return nil, err
		}
		if !isPrefix && buf == nil {
			return chunk, nil
		}
		buf = append(buf, chunk...)
		if len(buf) > MaxLine {
			return nil, fmt.Errorf("line longer than %d bytes", MaxLine)
		}
		if !isPrefix {
			return buf, nil
		}
	}
}
