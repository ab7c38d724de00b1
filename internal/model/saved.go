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
}

// SavedQuestionFields are the questions that can be saved: those whose
// answers are lists of people, companies or signals that can change.
var SavedQuestionFields = []string{"connections", "companiesWithConnections", "signals", "suggestions"}
