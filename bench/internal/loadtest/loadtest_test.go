package loadtest

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value is every percentile", ms(7), 50, 7 * time.Millisecond},
		{"one value p99", ms(7), 99, 7 * time.Millisecond},
		// Nearest rank: ceil(p/100 * n). 1..100 ms: the p-th value is p ms.
		{"1..100 p50", ms(hundred...), 50, 50 * time.Millisecond},
		{"1..100 p90", ms(hundred...), 90, 90 * time.Millisecond},
		{"1..100 p99", ms(hundred...), 99, 99 * time.Millisecond},
		{"1..100 p100", ms(hundred...), 100, 100 * time.Millisecond},
		// 4 values: p50 is rank ceil(2) = 2, p90 rank ceil(3.6) = 4.
		{"four p50", ms(10, 20, 30, 40), 50, 20 * time.Millisecond},
		{"four p90", ms(10, 20, 30, 40), 90, 40 * time.Millisecond},
		// 10 values: p99 is rank ceil(9.9) = 10, the maximum.
		{"ten p99 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 1000), 99, 1000 * time.Millisecond},
		{"tiny p is the min", ms(3, 4, 5), 0.001, 3 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

func TestLoopbackURL(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		ok   bool
		want string // the base URL kept, when ok
	}{
		{"http://127.0.0.1:8080", true, "http://127.0.0.1:8080"},
		{"http://127.0.0.1:8080/", true, "http://127.0.0.1:8080"},
		{"http://127.1.2.3:9000/api/", true, "http://127.1.2.3:9000/api"},
		{"http://127.255.255.254", true, "http://127.255.255.254"},
		{"http://[::1]:8080", true, "http://[::1]:8080"},
		{"https://localhost:8443", true, "https://localhost:8443"},
		{"http://LOCALHOST", true, "http://LOCALHOST"},
		{"http://[::ffff:127.0.0.1]:8080", true, "http://[::ffff:127.0.0.1]:8080"},
		{"http://127.0.0.1:8080/?x=1#f", true, "http://127.0.0.1:8080"},

		{"http://0.0.0.0:8080", false, ""},
		{"http://10.0.0.1:8080", false, ""},
		{"http://192.168.1.20", false, ""},
		{"http://128.0.0.1", false, ""},
		{"http://[::2]:8080", false, ""},
		{"http://[::]:8080", false, ""},
		{"http://example.com", false, ""},
		{"http://localhost.example.com", false, ""},
		{"http://127.0.0.1.nip.io", false, ""},
		{"http://myhost", false, ""},
		{"http://user:pw@127.0.0.1:8080", false, ""},
		{"ftp://127.0.0.1", false, ""},
		{"127.0.0.1:8080", false, ""},
		{"localhost:8080", false, ""},
		{"http://", false, ""},
		{"", false, ""},
		{"http://%zz", false, ""},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			u, err := LoopbackURL("-url", tc.raw, "http", "https")
			if !tc.ok {
				if err == nil {
					t.Fatalf("loopbackURL(%q) = %v, want an error", tc.raw, u)
				}
				return
			}
			if err != nil {
				t.Fatalf("loopbackURL(%q): %v", tc.raw, err)
			}
			if u.String() != tc.want {
				t.Errorf("loopbackURL(%q) = %q, want %q", tc.raw, u, tc.want)
			}
		})
	}
}

func TestLoopbackOnlyAtConnectTime(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80":    true,
		"127.9.8.7:80":    true,
		"[::1]:80":        true,
		"10.0.0.1:80":     false,
		"93.184.216.34:1": false,
		"[2001:db8::1]:1": false,
		"localhost:80":    false, // the dialer passes resolved addresses only
	} {
		if err := LoopbackOnly("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("LoopbackOnly(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

func TestLoopbackURLSchemes(t *testing.T) {
	tests := []struct {
		raw     string
		schemes []string
		ok      bool
	}{
		{"http://127.0.0.1:8080", []string{"http"}, true},
		{"http://127.1.2.3:8080/", []string{"http"}, true},
		{"http://[::1]:8080", []string{"http"}, true},
		{"http://LOCALHOST:8080", []string{"http"}, true},
		{"bolt://127.0.0.1:7687", []string{"bolt", "neo4j"}, true},
		{"http://10.0.0.1:8080", []string{"http"}, false},
		{"http://example.com", []string{"http"}, false},
		{"http://localhost.example.com", []string{"http"}, false},
		{"http://0.0.0.0:8080", []string{"http"}, false},
		{"http://user:pw@127.0.0.1:8080", []string{"http"}, false},
		{"ftp://127.0.0.1", []string{"http"}, false},
		{"bolt://db.internal:7687", []string{"bolt"}, false},
		{"", []string{"http"}, false},
	}
	for _, tt := range tests {
		_, err := LoopbackURL("-url", tt.raw, tt.schemes...)
		if (err == nil) != tt.ok {
			t.Errorf("loopbackURL(%q) error = %v, want ok %v", tt.raw, err, tt.ok)
		}
	}
}
