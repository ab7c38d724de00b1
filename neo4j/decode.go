package neo4j

import (
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// Nested values (lists and maps inside a record) reach us as any; these
// helpers check each type instead of asserting blindly.

func asMap(v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a map, got %T", v)
	}
	return m, nil
}

func asNode(v any) (driver.Node, error) {
	n, ok := v.(driver.Node)
	if !ok {
		return driver.Node{}, fmt.Errorf("expected a node, got %T", v)
	}
	return n, nil
}

func valueAt[T any](m map[string]any, key string) (T, error) {
	raw, ok := m[key]
	if !ok {
		var zero T
		return zero, fmt.Errorf("missing %q", key)
	}
	v, ok := raw.(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("%q: expected %T, got %T", key, zero, raw)
	}
	return v, nil
}

// optValueAt reads an optional value: absent or null gives nil.
func optValueAt[T any](m map[string]any, key string) (*T, error) {
	raw, ok := m[key]
	if !ok || raw == nil {
		return nil, nil
	}
	v, ok := raw.(T)
	if !ok {
		var zero T
		return nil, fmt.Errorf("%q: expected %T, got %T", key, zero, raw)
	}
	return &v, nil
}

func nodeAt(m map[string]any, key string) (driver.Node, error) {
	raw, ok := m[key]
	if !ok {
		return driver.Node{}, fmt.Errorf("missing %q", key)
	}
	return asNode(raw)
}

func optNodeAt(m map[string]any, key string) (*driver.Node, error) {
	raw, ok := m[key]
	if !ok || raw == nil {
		return nil, nil
	}
	n, err := asNode(raw)
	return &n, err
}

// prop reads an optional property; absent or of another type gives nil.
func prop[T driver.PropertyValue](n driver.Node, key string) *T {
	v, err := driver.GetProperty[T](n, key)
	if err != nil {
		return nil
	}
	return &v
}

func str(n driver.Node, key string) *string { return prop[string](n, key) }

func num(n driver.Node, key string) *float64 { return prop[float64](n, key) }

func boolean(n driver.Node, key string) bool {
	v := prop[bool](n, key)
	return v != nil && *v
}

func datetime(n driver.Node, key string) *model.DateTime {
	return model.TimePtr(prop[time.Time](n, key))
}

func idOf(n driver.Node) string {
	id, _ := driver.GetProperty[string](n, "id")
	return id
}

func decodePerson(n driver.Node) *model.Person {
	return &model.Person{
		ID: idOf(n), Name: str(n, "name"), Title: str(n, "title"), Seniority: str(n, "seniority"),
		Department: str(n, "department"), City: str(n, "city"), Country: str(n, "country"),
		Latitude: num(n, "latitude"), Longitude: num(n, "longitude"), Email: str(n, "email"),
		ProfileURL: str(n, "profileUrl"), Team: boolean(n, "team"),
	}
}

func decodeCompany(n driver.Node) *model.Company {
	return &model.Company{
		ID: idOf(n), Name: str(n, "name"), Domain: str(n, "domain"), Industry: str(n, "industry"),
		City: str(n, "city"), Country: str(n, "country"), Stage: str(n, "stage"),
		Customer: boolean(n, "customer"), Clv: num(n, "clv"),
	}
}

func decodeTopic(n driver.Node) *model.Topic {
	return &model.Topic{ID: idOf(n), Name: str(n, "name")}
}

func decodeTopics(list []any) ([]*model.Topic, error) {
	out := []*model.Topic{}
	for _, x := range list {
		n, err := asNode(x)
		if err != nil {
			return nil, err
		}
		out = append(out, decodeTopic(n))
	}
	sortByID(out, func(t *model.Topic) string { return t.ID })
	return out, nil
}

// decodePeople reads a list of Person nodes, by id.
func decodePeople(list []any) ([]*model.Person, error) {
	out := make([]*model.Person, 0, len(list))
	for _, x := range list {
		n, err := asNode(x)
		if err != nil {
			return nil, err
		}
		out = append(out, decodePerson(n))
	}
	sortByID(out, func(p *model.Person) string { return p.ID })
	return out, nil
}

// decodeContentMap reads a contentProjection map.
func decodeContentMap(m map[string]any) (*model.Content, error) {
	n, err := nodeAt(m, "node")
	if err != nil {
		return nil, err
	}
	topics, err := valueAt[[]any](m, "topics")
	if err != nil {
		return nil, err
	}
	c := &model.Content{ID: idOf(n), Title: str(n, "title"), Kind: str(n, "kind"), URL: str(n, "url"), PublishedAt: datetime(n, "publishedAt")}
	c.Topics, err = decodeTopics(topics)
	return c, err
}

// decodeSignalMap reads a signalProjection map.
func decodeSignalMap(m map[string]any) (*model.Signal, error) {
	n, err := nodeAt(m, "node")
	if err != nil {
		return nil, err
	}
	s := &model.Signal{
		ID: idOf(n), At: datetime(n, "at"), Summary: str(n, "summary"), Sentiment: str(n, "sentiment"),
		Source: str(n, "source"), URL: str(n, "url"), Title: str(n, "title"), Round: str(n, "round"), Amount: num(n, "amount"),
	}
	if k := str(n, "kind"); k != nil {
		s.Kind = *k
	}
	by, err := optNodeAt(m, "by")
	if err != nil {
		return nil, err
	}
	if by != nil {
		s.Person = decodePerson(*by)
	}
	at, err := optNodeAt(m, "at")
	if err != nil {
		return nil, err
	}
	if at != nil {
		s.Company = decodeCompany(*at)
	}
	topics, err := valueAt[[]any](m, "topics")
	if err != nil {
		return nil, err
	}
	s.Topics, err = decodeTopics(topics)
	return s, err
}

// decodeEngagementMap reads {action, at, content: contentProjection}.
func decodeEngagementMap(m map[string]any) (*model.Engagement, error) {
	action, err := valueAt[string](m, "action")
	if err != nil {
		return nil, err
	}
	at, err := optValueAt[time.Time](m, "at")
	if err != nil {
		return nil, err
	}
	cm, err := valueAt[map[string]any](m, "content")
	if err != nil {
		return nil, err
	}
	content, err := decodeContentMap(cm)
	if err != nil {
		return nil, err
	}
	return &model.Engagement{Content: content, Action: action, At: model.TimePtr(at)}, nil
}

func evidenceKey(e *model.Evidence) (time.Time, string) {
	switch {
	case e.Engagement != nil:
		var t time.Time
		if e.Engagement.At != nil {
			t = e.Engagement.At.Time
		}
		return t, e.Engagement.Content.ID + "/" + e.Engagement.Action
	case e.Signal != nil:
		var t time.Time
		if e.Signal.At != nil {
			t = e.Signal.At.Time
		}
		return t, e.Signal.ID
	}
	return time.Time{}, ""
}

// decodeIndexed decodes rows that carry their position in "index" (a
// collect after UNWIND keeps no guaranteed order), calling fn with it.
func decodeIndexed(rows []any, fn func(i int, m map[string]any) error) error {
	seen := make([]bool, len(rows))
	for _, r := range rows {
		m, err := asMap(r)
		if err != nil {
			return err
		}
		i, err := valueAt[int64](m, "index")
		if err != nil {
			return err
		}
		if i < 0 || int(i) >= len(rows) || seen[i] {
			return fmt.Errorf("row index %d out of range or repeated", i)
		}
		seen[i] = true
		if err := fn(int(i), m); err != nil {
			return err
		}
	}
	return nil
}
