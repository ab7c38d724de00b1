package resolvers

import (
	"context"

	"github.com/relgraph/relgraph/internal/model"
)

func (r *queryResolver) accountCoverage(ctx context.Context, company string) (*model.AccountCoverage, error) {
	cov, err := r.store.AccountCoverage(ctx, company)
	if err != nil {
		return nil, err
	}
	// Contacts and team members form one sibling group: a nested field
	// asked anywhere in the answer costs one statement for all of them.
	people := make([]*model.Person, 0, cov.Contacts+len(cov.TeamMembers))
	for _, d := range cov.Departments {
		for _, c := range d.People {
			people = append(people, c.Person)
		}
	}
	for _, t := range cov.TeamMembers {
		people = append(people, t.Person)
	}
	l := loaders(ctx, r.store)
	l.seePeople(people)
	l.companies.add([]string{cov.Company.ID})
	return cov, nil
}
