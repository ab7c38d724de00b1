package server_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestViewerPersonCompany(t *testing.T) {
	e := demo(t)
	var out struct {
		Viewer struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Team    bool   `json:"team"`
			WorksAt []struct {
				Current bool `json:"current"`
				Company struct {
					ID string `json:"id"`
				} `json:"company"`
			} `json:"worksAt"`
		} `json:"viewer"`
		Past struct {
			WorksAt []struct {
				Current bool   `json:"current"`
				Until   string `json:"until"`
				Company struct {
					ID string `json:"id"`
				} `json:"company"`
			} `json:"worksAt"`
		} `json:"past"`
		Missing *struct{} `json:"missing"`
		Company struct {
			Name      string `json:"name"`
			Customer  bool   `json:"customer"`
			Employees []struct {
				Person struct {
					ID string `json:"id"`
				} `json:"person"`
			} `json:"employees"`
			Signals []struct {
				ID string `json:"id"`
			} `json:"signals"`
		} `json:"company"`
	}
	e.data(t, e.reader, `{
  viewer { id name team worksAt { current company { id } } }
  past: person(id: "p12") { worksAt(includePast: true) { current until company { id } } }
  missing: person(id: "nope") { id }
  company(id: "c1") { name customer employees { person { id } } signals(first: 2) { id } }
}`, nil, &out)
	if out.Viewer.ID != "p0" || out.Viewer.Name != "Alex Morgan" || !out.Viewer.Team || len(out.Viewer.WorksAt) != 1 || out.Viewer.WorksAt[0].Company.ID != "c0" {
		t.Errorf("viewer %+v", out.Viewer)
	}
	// p12 works at c3 now and left c2 on 2025-06-30.
	w := out.Past.WorksAt
	if len(w) != 2 || w[0].Company.ID != "c3" || !w[0].Current || w[1].Company.ID != "c2" || w[1].Current || w[1].Until != "2025-06-30T00:00:00Z" {
		t.Errorf("p12 jobs %+v", w)
	}
	if out.Missing != nil {
		t.Errorf("unknown person should be null")
	}
	var emp []string
	for _, x := range out.Company.Employees {
		emp = append(emp, x.Person.ID)
	}
	// Story 5: Acme's 8 current employees; p24 left.
	if out.Company.Name != "Acme Analytics" || !out.Company.Customer || strings.Join(emp, " ") != "p13 p23 p33 p34 p35 p36 p37 p38" {
		t.Errorf("company %+v", out.Company)
	}
	if len(out.Company.Signals) != 2 {
		t.Errorf("signals(first: 2) gave %d", len(out.Company.Signals))
	}
}

func TestHealthAndPlayground(t *testing.T) {
	e := demo(t)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/": "relgraph playground"} {
		res, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		buf := make([]byte, 1<<16)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(b.String(), want) {
			t.Errorf("%s: %d %q", path, res.StatusCode, b.String()[:min(len(b.String()), 200)])
		}
	}
}
