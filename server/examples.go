package server

import "github.com/relgraph/relgraph/server/playground"

// Examples are the playground's preloaded tabs: the questions of the
// README, answered on the demo data with the viewer p0.
var Examples = []playground.Example{
	{
		Name: "CRM white-paper readers worried about churn",
		Query: `query ChurnWorriedCrmReaders($since: DateTime!) {
  connections(
    degree: 2
    where: {
      engagedWith: { kind: WHITE_PAPER, topic: "crm", action: READ }
      mentioned: { topic: "churn", sentiment: NEGATIVE, since: $since }
    }
  ) {
    totalCount
    edges {
      degree
      strength
      node { id name title worksAt { company { name } } }
      via { id name }
      evidence {
        filter
        engagement { action at content { title kind } }
        signal { kind at summary sentiment }
      }
    }
  }
}`,
		Variables: `{"since": "2026-10-01"}`,
	},
	{
		Name: "Connections near me who like analytics",
		Query: `query NearbyAnalytics {
  connections(
    degree: 2
    where: { near: { km: 50 }, interestedIn: { topics: ["analytics"] } }
  ) {
    totalCount
    edges { degree strength node { id name city } via { name } }
  }
}`,
	},
	{
		Name: "Who changed jobs to CMO",
		Query: `query NewCmos($since: DateTime!) {
  connections(
    degree: 3
    where: { signal: { kinds: [JOB_CHANGE], titleContains: "Chief Marketing", since: $since } }
  ) {
    edges {
      degree
      strength
      node { id name }
      via { id name }
      evidence { signal { title at company { name industry } } }
    }
  }
}`,
		Variables: `{"since": "2026-10-01"}`,
	},
	{
		Name: "People at Series B companies",
		Query: `query SeriesBPeople {
  connections(
    degree: 2
    where: { worksAt: { signal: { kinds: [FUNDING_ROUND], round: "B", since: "2026-10-01" } } }
  ) {
    totalCount
    edges {
      degree
      node { id name worksAt { title company { name stage } } }
      evidence { signal { round amount at company { name } } }
    }
  }
}`,
	},
	{
		Name: "Me and my company",
		Query: `query Me {
  viewer {
    id name title
    worksAt { title company { name } }
    interests { topic { id name } weight }
    knows { strength person { id name } }
  }
}`,
	},
	{
		Name: "An account",
		Query: `query Account($id: ID!) {
  company(id: $id) {
    name industry stage customer clv
    employees { title department person { id name } }
    signals(first: 5) { kind at summary }
  }
}`,
		Variables: `{"id": "c1"}`,
	},
}
