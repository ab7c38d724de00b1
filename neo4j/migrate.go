package neo4j

import (
	"context"
	"fmt"
	"maps"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// migrations create the schema the questions rely on. Each is idempotent
// (IF [NOT] EXISTS) and runs in its own transaction, as schema changes must.
var migrations = []struct{ name, cypher string }{
	{"person_id", `CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE`},
	{"company_id", `CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE`},
	{"topic_id", `CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE`},
	{"content_id", `CREATE CONSTRAINT content_id IF NOT EXISTS FOR (n:Content) REQUIRE n.id IS UNIQUE`},
	{"signal_id", `CREATE CONSTRAINT signal_id IF NOT EXISTS FOR (n:Signal) REQUIRE n.id IS UNIQUE`},
	{"signal_kind_at", `CREATE INDEX signal_kind_at IF NOT EXISTS FOR (n:Signal) ON (n.kind, n.at)`},
	{"signal_at", `CREATE INDEX signal_at IF NOT EXISTS FOR (n:Signal) ON (n.at)`},
	{"content_kind", `CREATE INDEX content_kind IF NOT EXISTS FOR (n:Content) ON (n.kind)`},
	{"person_team", `CREATE INDEX person_team IF NOT EXISTS FOR (n:Person) ON (n.team)`},
	{"company_customer", `CREATE INDEX company_customer IF NOT EXISTS FOR (n:Company) ON (n.customer)`},
	// Every question reads engagements from a person, never through an
	// index on their time; with one, MERGE of an engagement seeks it by
	// time and locks that index entry, so import writers that never share a
	// node still waited on each other (one batch of 95 lines timed out).
	{"drop_engaged_at", `DROP INDEX engaged_at IF EXISTS`},
	// Search folds accents (standard-folding), in the index and in the
	// query (model.Fold); the indexes of before are dropped.
	{"person_search", `DROP INDEX person_search IF EXISTS`},
	{"person_search_folded", "CREATE FULLTEXT INDEX person_search_folded IF NOT EXISTS FOR (n:Person) ON EACH [n.name, n.title] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"},
	// An interaction is one per source and id; a pair's interactions are
	// found by their two people, and a person's (to erase them) by either.
	// A pair's summary is one per pair.
	{"interaction_key", `CREATE CONSTRAINT interaction_key IF NOT EXISTS FOR (n:Interaction) REQUIRE (n.id, n.source) IS UNIQUE`},
	{"interaction_pair", `CREATE INDEX interaction_pair IF NOT EXISTS FOR (n:Interaction) ON (n.a, n.b)`},
	{"interaction_b", `CREATE INDEX interaction_b IF NOT EXISTS FOR (n:Interaction) ON (n.b)`},
	{"pair_summary_key", `CREATE CONSTRAINT pair_summary_key IF NOT EXISTS FOR (n:PairSummary) REQUIRE (n.a, n.b) IS UNIQUE`},
	{"pair_summary_b", `CREATE INDEX pair_summary_b IF NOT EXISTS FOR (n:PairSummary) ON (n.b)`},
	// People are matched across sources by email and LinkedIn URL, also
	// those of people merged into others (kept on their Merge record); a
	// merge candidate is one per pair.
	{"person_email", `CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email)`},
	{"person_linkedin", `CREATE INDEX person_linkedin IF NOT EXISTS FOR (n:Person) ON (n.linkedinUrl)`},
	{"merge_id", `CREATE CONSTRAINT merge_id IF NOT EXISTS FOR (n:Merge) REQUIRE n.id IS UNIQUE`},
	{"merge_email", `CREATE INDEX merge_email IF NOT EXISTS FOR (n:Merge) ON (n.email)`},
	{"merge_linkedin", `CREATE INDEX merge_linkedin IF NOT EXISTS FOR (n:Merge) ON (n.linkedinUrl)`},
	{"merge_candidate_key", `CREATE CONSTRAINT merge_candidate_key IF NOT EXISTS FOR (n:MergeCandidate) REQUIRE (n.a, n.b) IS UNIQUE`},
	{"merge_candidate_b", `CREATE INDEX merge_candidate_b IF NOT EXISTS FOR (n:MergeCandidate) ON (n.b)`},
	// An erased person's keys are found by hash; an erasure's by its id.
	{"suppression_hash", `CREATE CONSTRAINT suppression_hash IF NOT EXISTS FOR (n:Suppression) REQUIRE n.hash IS UNIQUE`},
	{"suppression_erasure", `CREATE INDEX suppression_erasure IF NOT EXISTS FOR (n:Suppression) ON (n.erasure)`},
	{"company_search", `DROP INDEX company_search IF EXISTS`},
	{"company_search_folded", "CREATE FULLTEXT INDEX company_search_folded IF NOT EXISTS FOR (n:Company) ON EACH [n.name, n.domain] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"},
	// Saved questions are found by id and by their owner.
	{"saved_question_id", `CREATE CONSTRAINT saved_question_id IF NOT EXISTS FOR (n:SavedQuestion) REQUIRE n.id IS UNIQUE`},
	{"saved_question_owner", `CREATE INDEX saved_question_owner IF NOT EXISTS FOR (n:SavedQuestion) ON (n.owner)`},
	// Alerts, webhooks and deliveries are found by id and by their saved
	// question; due deliveries by state and time; changes by kind.
	{"alert_id", `CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE`},
	{"alert_saved_question", `CREATE INDEX alert_saved_question IF NOT EXISTS FOR (n:Alert) ON (n.savedQuestion, n.seq)`},
	{"webhook_id", `CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE`},
	{"webhook_saved_question", `CREATE INDEX webhook_saved_question IF NOT EXISTS FOR (n:Webhook) ON (n.savedQuestion)`},
	{"delivery_id", `CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE`},
	{"delivery_due", `CREATE INDEX delivery_due IF NOT EXISTS FOR (n:Delivery) ON (n.state, n.nextAt)`},
	{"delivery_alert", `CREATE INDEX delivery_alert IF NOT EXISTS FOR (n:Delivery) ON (n.alert)`},
	{"delivery_saved_question", `CREATE INDEX delivery_saved_question IF NOT EXISTS FOR (n:Delivery) ON (n.savedQuestion)`},
	{"graph_change_kind", `CREATE CONSTRAINT graph_change_kind IF NOT EXISTS FOR (n:GraphChange) REQUIRE n.kind IS UNIQUE`},
	// The data migrations that ran once (dataMigrations).
	{"migration_name", `CREATE CONSTRAINT migration_name IF NOT EXISTS FOR (n:Migration) REQUIRE n.name IS UNIQUE`},
}

// Migrate creates the constraints and indexes and waits until they are online.
func (s *Store) Migrate(ctx context.Context) error {
	for _, m := range migrations {
		if _, err := write(ctx, s, "migrate."+m.name, m.cypher, nil); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := write(ctx, s, "migrate.await", `CALL db.awaitIndexes(300)`, nil); err != nil {
		return fmt.Errorf("waiting for indexes: %w", err)
	}
	for _, m := range dataMigrations {
		if err := s.migrateData(ctx, m.name, m.cypher, m.once); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return s.checkStopWords(ctx)
}

// checkStopWords makes sure search leaves out the words the search
// indexes' analyzer leaves out (searchStopWords): another list, from
// another Neo4j version, would make searches with those words find nothing.
func (s *Store) checkStopWords(ctx context.Context) error {
	words, err := readOne(ctx, s, "migrate.stopWords", `CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords
WHERE analyzer = 'standard-folding' RETURN stopwords`, nil, func(rec *driver.Record) ([]string, error) {
		var w []string
		return w, decodeRecord(rec, "stopwords", &w)
	})
	if err != nil {
		return fmt.Errorf("reading the search analyzer's stop words: %w", err)
	}
	have := map[string]bool{}
	for _, w := range words {
		have[w] = true
	}
	if !maps.Equal(have, searchStopWords) {
		return fmt.Errorf("the search analyzer's stop words %v are not relgraph's (neo4j/lookup.go): search would miss words", words)
	}
	return nil
}

// dataMigrations bring data written before a change of the model up to
// date. Each changes only what needs it, so running it again is cheap;
// one that must read every node of a label runs once per graph (a
// Migration node records that it ran), a batch of rows per transaction
// (its statement ends with a subquery run IN TRANSACTIONS).
var dataMigrations = []struct {
	name, cypher string
	once         bool
}{
	// Emails are stored in lower case (and matched so) since imports of
	// LinkedIn and CRM files; the index on email finds those to fold.
	{"email_lower_case", `MATCH (p:Person) WHERE p.email IS NOT NULL AND p.email <> toLower(trim(p.email))
SET p.email = toLower(trim(p.email))`, false},
	// The signal counts of companies (value.go) and the interests people
	// keep (suggestions.go), for graphs written before them or by the
	// bulk importer: every graph this runs on once has none of them.
	{"signal_counts", `MATCH (co:Company) WHERE co.signalCounts IS NULL AND EXISTS { MATCH (:Signal)-[:AT]->(co) }
` + recountSignals("co") + ` IN TRANSACTIONS OF 10000 ROWS`, true},
	// The lists people keep (suggestions.go: personLists).
	{interestIds.migration, interestIds.fill(), true},
	{signalTopicIds.migration, signalTopicIds.fill(), true},
}

// migrateData runs one data migration: once, unless a Migration node
// says it ran, in an auto-commit transaction (as CALL IN TRANSACTIONS
// needs), then records it.
func (s *Store) migrateData(ctx context.Context, name, cypher string, once bool) error {
	if !once {
		_, err := write(ctx, s, "migrate."+name, cypher, nil)
		return err
	}
	ran, err := readOne(ctx, s, "migrate.ran", `RETURN EXISTS { MATCH (:Migration {name: $name}) } AS ran`, map[string]any{"name": name},
		func(rec *driver.Record) (bool, error) {
			var ran bool
			return ran, decodeRecord(rec, "ran", &ran)
		})
	if err != nil || ran {
		return err
	}
	sess := s.session(ctx, driver.AccessModeWrite)
	defer sess.Close(ctx)
	start := time.Now()
	res, err := sess.Run(ctx, cypher, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	s.record(ctx, "migrate."+name, cypher, nil, time.Since(start), 0, err)
	if err != nil {
		return err
	}
	_, err = write(ctx, s, "migrate.done", `MERGE (m:Migration {name: $name}) ON CREATE SET m.at = $at`, map[string]any{"name": name, "at": time.Now().UTC()})
	return err
}

// personChecks are CheckKept's branches for the lists people keep.
func personChecks() string {
	var out string
	for _, l := range personLists {
		out += `  UNION ALL
  MATCH (p:Person)
` + l.as("p", "want") + `
  WITH p, want WHERE NOT coalesce(p.` + l.property + ` = want, p.` + l.property + ` IS NULL AND want IS NULL)
  RETURN 'person ' + p.id + ': ` + l.property + ` ' AS what, p.` + l.property + ` AS kept, want
`
	}
	return out
}

// CheckKept compares what nodes keep of their relationships (the signal
// counts of companies, the interests and signal topics of people) with what their
// relationships say, and describes the first 20 that differ.
func (s *Store) CheckKept(ctx context.Context) ([]string, error) {
	return read(ctx, s, "checkKept", `CALL () {
  MATCH (co:Company)
`+signalCountsAs("co", "want")+`
  WITH co, want WHERE NOT coalesce(co.signalCounts = want, co.signalCounts IS NULL AND want IS NULL)
  RETURN 'company ' + co.id + ': signalCounts ' AS what, co.signalCounts AS kept, want
`+personChecks()+`
}
RETURN what, kept, want LIMIT 20`, nil, func(rec *driver.Record) (string, error) {
		var row struct {
			What string `json:"what"`
			Kept []any  `json:"kept"`
			Want []any  `json:"want"`
		}
		err := decodeRow(rec, &row)
		return fmt.Sprintf("%s%v, from its relationships %v", row.What, row.Kept, row.Want), err
	})
}
