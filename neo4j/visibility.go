package neo4j

import (
	"context"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/model"
)

// Visibility: whom an answer is for, in one place. Every question is
// admitted here (admit): its request says whose relationships it reads
// (Reach), and the key's scope says whose it may. Every statement that
// walks KNOWS writes the relationship through builder.knows, which leaves
// out the private relationships the viewer may not count. The viewer comes
// from the request's principal (auth.FromContext); code that runs without
// one, the command line and the benchmarks, is the operator, who may read
// everyone and counts every relationship.

// viewer is whom an answer is for. Its zero value reads nobody's
// relationships and counts no private one.
type viewer struct {
	key    string
	person string
	scope  auth.Scope
	// private: every private relationship counts and every saved question
	// shows (admin keys and the operator); otherwise only those of person.
	private bool
}

// operator is the viewer of code that runs without a key.
var operator = viewer{scope: auth.All, private: true}

func viewerOf(ctx context.Context) viewer {
	p := auth.FromContext(ctx)
	if p == nil {
		return operator
	}
	return viewer{key: p.KeyName, person: p.Person, scope: p.Scope, private: p.Role == auth.Admin}
}

// Subject is a person whose relationships a question reads, and the
// argument that names them.
type Subject struct {
	Arg string
	ID  string
}

// Reach is whose relationships a question reads: the people its
// arguments name, and with Team every team member's (account coverage).
type Reach struct {
	People []Subject
	Team   bool
}

// request is a question's request: it validates itself against the limits
// and says whose relationships it reads.
type request interface {
	Validate(model.Limits) error
	Reach() Reach
}

// admit checks a question: its request against the limits, then its reach
// against the key's scope. It returns whom the answer is for.
func (s *Store) admit(ctx context.Context, question string, req request) (viewer, error) {
	if err := req.Validate(s.limits); err != nil {
		return viewer{}, err
	}
	v := viewerOf(ctx)
	r := req.Reach()
	if r.Team && v.scope != auth.Team && v.scope != auth.All {
		return v, v.forbidden("%s reads every team member's relationships and needs scope TEAM or ALL", question)
	}
	refused, err := s.outOfScope(ctx, v, r.People)
	if err != nil {
		return v, err
	}
	for _, sub := range r.People {
		if err := refused[sub.ID]; err != nil {
			return v, err
		}
	}
	return v, nil
}

// outOfScope returns, for each subject the viewer may not read, why: a
// ForbiddenError naming the key's scope, or a NotFoundError for a person
// a TEAM key names who does not exist.
func (s *Store) outOfScope(ctx context.Context, v viewer, subjects []Subject) (map[string]error, error) {
	out := map[string]error{}
	var others []Subject
	for _, sub := range subjects {
		if v.scope != auth.All && sub.ID != v.person {
			others = append(others, sub)
		}
	}
	if len(others) == 0 {
		return out, nil
	}
	if v.scope != auth.Team {
		for _, sub := range others {
			out[sub.ID] = v.forbidden("it may ask only about %s, not about %s (%s)", v.own(), sub.ID, sub.Arg)
		}
		return out, nil
	}
	ids := make([]string, len(others))
	for i, sub := range others {
		ids[i] = sub.ID
	}
	team, err := s.teamFlags(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, sub := range others {
		member, found := team[sub.ID]
		switch {
		case !found:
			out[sub.ID] = &model.NotFoundError{What: "person", ID: sub.ID}
		case !member:
			out[sub.ID] = v.forbidden("it may ask about %s, and team members; %s (%s) is neither", v.own(), sub.ID, sub.Arg)
		}
	}
	return out, nil
}

func (v viewer) own() string {
	if v.person == "" {
		return "its own person (it speaks for none)"
	}
	return "its own person, " + v.person
}

func (v viewer) forbidden(format string, args ...any) error {
	return &model.ForbiddenError{Msg: fmt.Sprintf("key %q has scope %s: ", v.key, v.scope) + fmt.Sprintf(format, args...)}
}

// teamFlags reads whether each existing person of ids is a team member.
func (s *Store) teamFlags(ctx context.Context, ids []string) (map[string]bool, error) {
	type row struct {
		ID   string `json:"id"`
		Team bool   `json:"team"`
	}
	rows, err := read(ctx, s, "scope.team", `UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN id, coalesce(p.team, false) AS team`, map[string]any{"ids": ids}, func(rec *driver.Record) (row, error) {
		var r row
		err := decodeRow(rec, &r)
		return r, err
	})
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Team
	}
	return out, err
}

// knows is a KNOWS relationship pattern named k, for a statement the
// viewer reads: a private relationship counts only when the viewer sees
// every one or is one of its two people. It names $viewer.
func (b *builder) knows(k string) string {
	if b.viewer.private {
		return k + ":KNOWS"
	}
	return k + ":KNOWS WHERE " + b.visible(k)
}

// visible is whether the KNOWS k counts for a viewer who does not count
// every private one: it is public, or one of its people is the viewer's
// person. It names $viewer.
func (b *builder) visible(k string) string {
	b.named("viewer", b.viewer.person)
	return fmt.Sprintf("(%[1]s.private IS NULL OR startNode(%[1]s).id = $viewer OR endNode(%[1]s).id = $viewer)", k)
}

// mayMarkPrivate checks who may mark relationships private, or public
// again, through the API: a key speaking for one of the two people, who
// must be a team member (the person the relationship belongs to), or an
// admin key; and one of the two must be a team member. where says which
// item a message is about ("" for the only one).
func (s *Store) mayMarkPrivate(ctx context.Context, pairs []model.Pair, where func(i int) string) error {
	v := viewerOf(ctx)
	var ids []string
	for _, p := range pairs {
		ids = append(ids, p[0], p[1])
	}
	ids = append(ids, v.person)
	team, err := s.teamFlags(ctx, ids)
	if err != nil {
		return err
	}
	for i, p := range pairs {
		at := ""
		if where != nil {
			at = where(i) + ": "
		}
		switch {
		case v.private:
			if !team[p[0]] && !team[p[1]] {
				return model.Invalid("private", "%sneither %s nor %s is a team member: only a team member's relationships can be private", at, p[0], p[1])
			}
		case v.person != p[0] && v.person != p[1]:
			return &model.ForbiddenError{Msg: fmt.Sprintf("%skey %q may mark private only the relationships of %s, not the one between %s and %s", at, v.key, v.own(), p[0], p[1])}
		case !team[v.person]:
			return &model.ForbiddenError{Msg: fmt.Sprintf("%skey %q speaks for %s, who is not a team member: only a team member's relationships can be private", at, v.key, v.person)}
		}
	}
	return nil
}

// MarkPrivate marks the KNOWS between of and with private, or public again
// (mayMarkPrivate says who may), and returns it seen from of.
func (s *Store) MarkPrivate(ctx context.Context, of, with string, private bool) (*model.Acquaintance, error) {
	switch {
	case of == "":
		return nil, model.Invalid("of", "of must not be empty")
	case with == "":
		return nil, model.Invalid("with", "with must not be empty")
	case of == with:
		return nil, model.Invalid("with", "a person cannot know themselves (of = with = %q)", of)
	}
	if err := s.mayMarkPrivate(ctx, []model.Pair{{of, with}}, nil); err != nil {
		return nil, err
	}
	var mark any // null removes the mark
	if private {
		mark = true
	}
	var out []*model.Acquaintance
	err := writeTx(ctx, s, func(t *txn) error {
		recs, err := t.run("markPrivate", `MATCH (p:Person {id: $of})-[k:KNOWS]-(o:Person {id: $with})
SET k.private = $mark
WITH k, o
`+pairSummary("$of", "$with")+`
RETURN `+acquaintance+` AS value`, map[string]any{"of": of, "with": with, "mark": mark})
		for _, rec := range recs {
			var a *model.Acquaintance
			if err := decodeRecord(rec, "value", &a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &model.NotFoundError{What: "relationship", ID: of + " KNOWS " + with}
	}
	s.noteChange(ctx, "knows")
	return out[0], nil
}

// markingPrivate checks the knows items of an upsert that set private
// (true, or false stored as its removal) against mayMarkPrivate.
func (s *Store) markingPrivate(ctx context.Context, recs []*model.Record) error {
	var pairs []model.Pair
	var at []int
	for _, rec := range recs {
		if props, _ := rec.Row["props"].(map[string]any); rec.Kind.Type == "KNOWS" && props != nil {
			if _, marks := props["private"]; marks {
				pairs = append(pairs, model.Pair{rec.Row["from"].(string), rec.Row["to"].(string)})
				at = append(at, rec.Line)
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	return s.mayMarkPrivate(ctx, pairs, func(i int) string { return fmt.Sprintf("input[%d]", at[i]) })
}
