package model

// SavedQuestion is a question kept to be asked again, so that alerts can
// report what changes in its answer. It belongs to a person (the key's
// when it was saved) and is asked as that person, within the scope of the
// key that saved it.
type SavedQuestion struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Owner string `json:"owner"`
	// Scope is the scope of the key that saved it (auth.Scope).
	Scope string `json:"scope"`
	// Question is the root field asked: one of SavedQuestionFields.
	Question string `json:"question"`
	// Query is the GraphQL document; Variables its variables.
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
	CreatedAt DateTime       `json:"createdAt"`
	UpdatedAt DateTime       `json:"updatedAt"`
	// Answer is the answer to keep as the baseline of alerts (a JSON list
	// of AlertItem) when the question is saved or changed.
	Answer string `json:"-"`
}

// SavedQuestionFields are the questions that can be saved: those whose
// answers are lists of people, companies or signals that can change.
var SavedQuestionFields = []string{"connections", "companiesWithConnections", "signals", "suggestions"}

// SavedQuestionReads are, for each question that can be saved, the kinds
// of import lines (Kind.Name) whose writes can change its answer. A write
// of another kind leaves the question alone; a change of unknown kind
// concerns every question.
var SavedQuestionReads = map[string][]string{
	"connections":              {"person", "company", "content", "signal", "interaction", "works_at", "knows", "interested_in", "engaged"},
	"companiesWithConnections": {"person", "company", "content", "signal", "interaction", "works_at", "knows", "interested_in", "engaged"},
	"signals":                  {"person", "company", "signal", "interaction", "works_at", "knows"},
	"suggestions":              {"person", "interaction", "knows", "interested_in"},
}

// Alert says what changed in the answer of a saved question: what matches
// now and did not before (Added), and what stopped matching (Removed).
type Alert struct {
	ID            string `json:"id"`
	SavedQuestion string `json:"savedQuestion"`
	// Name and Question are the saved question's when the alert was made.
	Name     string `json:"name"`
	Question string `json:"question"`
	Owner    string `json:"owner"`
	// Seq numbers the alerts of one saved question from 1.
	Seq int      `json:"seq"`
	At  DateTime `json:"at"`
	// Trigger is what made relgraph ask again: "schedule", or "change:"
	// and the kinds written.
	Trigger string       `json:"trigger"`
	Added   []*AlertItem `json:"added"`
	Removed []*AlertItem `json:"removed"`
}

// AlertItem is one person, company or signal that started or stopped
// matching.
type AlertItem struct {
	// Kind is PERSON, COMPANY or SIGNAL.
	Kind string `json:"kind"`
	ID   string `json:"id"`
	// Name is the person's or company's name, the signal's title or kind.
	Name string `json:"name"`
	// Match is the edge of the answer, as the question gives it: degree,
	// strength, via and evidence for people; the people for a company; the
	// signal itself. For a removed item, the last edge seen.
	Match map[string]any `json:"match"`
	// Introduction is the strongest introduction path from the owner to
	// the person (for a company, to its first person; for a signal, to the
	// person BY whom it is), when there is one: {hops, strength, people}.
	Introduction map[string]any `json:"introduction,omitempty"`
}

// Webhook is where the alerts of a saved question are posted.
type Webhook struct {
	ID            string   `json:"id"`
	SavedQuestion string   `json:"savedQuestion"`
	URL           string   `json:"url"`
	Secret        string   `json:"-"`
	CreatedAt     DateTime `json:"createdAt"`
}

// Delivery states.
const (
	DeliveryPending   = "PENDING"
	DeliveryDelivered = "DELIVERED"
	DeliveryFailed    = "FAILED"
)

// Delivery is one alert posted to one webhook: an outbox entry, retried
// until the receiver answers 2xx or the retry window ends.
type Delivery struct {
	ID            string   `json:"id"`
	Alert         string   `json:"alert"`
	SavedQuestion string   `json:"savedQuestion"`
	Webhook       string   `json:"webhook"`
	URL           string   `json:"url"`
	Secret        string   `json:"secret"`
	Body          string   `json:"body"`
	State         string   `json:"state"`
	Attempts      int      `json:"attempts"`
	CreatedAt     DateTime `json:"createdAt"`
	// Since is when its retry window began: its creation, or its last
	// replay.
	Since       DateTime  `json:"since"`
	NextAt      *DateTime `json:"nextAt"`
	DeliveredAt *DateTime `json:"deliveredAt"`
	LastError   *string   `json:"lastError"`
	// Claim marks the attempt under way (ClaimDeliveries).
	Claim string `json:"claim"`
}
