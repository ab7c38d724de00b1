package model

// PersonWhere is a condition on people; see schema.graphqls.
type PersonWhere struct {
	And          []*PersonWhere      `json:"AND"`
	Or           []*PersonWhere      `json:"OR"`
	Not          *PersonWhere        `json:"NOT"`
	EngagedWith  *EngagedWithFilter  `json:"engagedWith"`
	Mentioned    *MentionedFilter    `json:"mentioned"`
	Signal       *PersonSignalFilter `json:"signal"`
	InterestedIn *InterestedInFilter `json:"interestedIn"`
	WorksAt      *CompanyWhere       `json:"worksAt"`
	Title        *string             `json:"title"`
	Seniority    *string             `json:"seniority"`
	Department   *string             `json:"department"`
	Name         *string             `json:"name"`
	City         *string             `json:"city"`
	Country      *string             `json:"country"`
	Near         *NearFilter         `json:"near"`
}

// EngagedWithFilter: at least MinCount engagements matching every field.
type EngagedWithFilter struct {
	Kind     *string   `json:"kind"`
	Topic    *string   `json:"topic"`
	Action   *string   `json:"action"`
	Since    *DateTime `json:"since"`
	Until    *DateTime `json:"until"`
	MinCount *int      `json:"minCount"`
}

// MentionedFilter: a MENTION signal BY the person.
type MentionedFilter struct {
	Topic     *string   `json:"topic"`
	Sentiment *string   `json:"sentiment"`
	Since     *DateTime `json:"since"`
	Until     *DateTime `json:"until"`
}

// PersonSignalFilter: any signal BY the person.
type PersonSignalFilter struct {
	Kinds         []string  `json:"kinds"`
	Topic         *string   `json:"topic"`
	Since         *DateTime `json:"since"`
	Until         *DateTime `json:"until"`
	TitleContains *string   `json:"titleContains"`
	Round         *string   `json:"round"`
}

// InterestedInFilter: declared interests, ANY or ALL of Topics.
type InterestedInFilter struct {
	Topics []string `json:"topics"`
	Match  *string  `json:"match"`
}

// NearFilter: within Km of a person's coordinates.
type NearFilter struct {
	Of *string `json:"of"`
	Km float64 `json:"km"`
}

// CompanySignalFilter: any signal AT the company.
type CompanySignalFilter struct {
	Kinds []string  `json:"kinds"`
	Since *DateTime `json:"since"`
	Until *DateTime `json:"until"`
	Round *string   `json:"round"`
}

// CompanyWhere is a condition on companies.
type CompanyWhere struct {
	ID       *string              `json:"id"`
	Name     *string              `json:"name"`
	Industry *string              `json:"industry"`
	City     *string              `json:"city"`
	Country  *string              `json:"country"`
	Stage    *string              `json:"stage"`
	Customer *bool                `json:"customer"`
	Signal   *CompanySignalFilter `json:"signal"`
}
