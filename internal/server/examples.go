package server

import "github.com/relgraph/relgraph/internal/server/playground"

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
		Name: "Companies where my connections read CRM white papers",
		Query: `query CompaniesReadingCrm {
  companiesWithConnections(
    degree: 2
    where: { engagedWith: { kind: WHITE_PAPER, topic: "crm", action: READ } }
  ) {
    totalCount
    edges {
      node {
        count
        company { id name industry }
        people { degree strength node { id name } via { name } }
      }
    }
  }
}`,
	},
	{
		Name: "Who can introduce me to the new CMO",
		Query: `query IntroToNewCmo($to: ID!) {
  introductionPaths(to: $to, maxHops: 3) {
    hops
    strength
    people { id name title }
  }
}`,
		Variables: `{"to": "p33"}`,
	},
	{
		Name: "Who can introduce me at Acme",
		Query: `query IntroAtAcme {
  introductionPathsToCompany(company: "c1", first: 5) {
    hops
    strength
    people { id name worksAt { title company { name } } }
  }
}`,
	},
	{
		Name: "Trigger feed: new CMOs and Series B rounds in my network",
		Query: `query TriggerFeed($since: DateTime!) {
  cmos: signals(
    where: { kinds: [JOB_CHANGE], titleContains: "Chief Marketing", since: $since }
    network: { degree: 2 }
  ) {
    totalCount
    edges { node { id at title person { name } company { name industry } } }
  }
  seriesB: signals(
    where: { kinds: [FUNDING_ROUND], round: "B", since: $since }
    network: { degree: 2 }
  ) {
    totalCount
    edges { node { id at round amount company { name employees { person { name } } } } }
  }
}`,
		Variables: `{"since": "2026-10-01"}`,
	},
	{
		Name: "Account coverage of Acme",
		Query: `query AcmeCoverage {
  accountCoverage(company: "c1") {
    contacts covered coverage
    departments {
      department contacts covered coverage
      people { person { name } title knownBy { name } }
    }
    teamMembers { person { name } contacts known { name } }
  }
}`,
	},
	{
		Name: "Customers worth most to us",
		Query: `query CustomerValue($since: DateTime) {
  # Default weights; override any, e.g. weights: { bugReport: -500 }.
  customerValue(since: $since) {
    totalCount
    edges {
      node {
        company { name }
        score clv clvValue
        components { kind count weight value }
      }
    }
  }
}`,
		Variables: `{"since": "2026-01-01"}`,
	},
	{
		Name: "People I should meet",
		Query: `query Suggestions {
  suggestions(minSharedInterests: 1) {
    totalCount
    edges {
      node {
        score strength
        person { id name title }
        sharedTopics { id name }
        via { name }
      }
    }
  }
}`,
	},
	{
		Name: "Search people and companies",
		Query: `query Search($text: String!) {
  search(text: $text) {
    score
    node {
      __typename
      ... on Person { id name title }
      ... on Company { id name domain }
    }
  }
  topic(id: "crm") { id name }
  node(id: "Company:c1") { id ... on Company { name } }
}`,
		Variables: `{"text": "acme"}`,
	},
	{
		Name: "How strong are my relationships, and why",
		Query: `query WhyThisStrong {
  viewer {
    knows {
      person { id name }
      strength
      strengthDetail {
        source computed asOf
        interactions { kind direction count }
        firstInteractionAt lastInteractionAt
        factors { name value weight effect }
      }
    }
  }
}`,
	},
	{
		Name: "Add a contact (writer key)",
		Query: `mutation AddContact {
  upsertPeople(input: [{ id: "p900", name: "Rita Moreno", title: "Head of RevOps", city: "Boston", country: "US" }]) { count }
  upsertKnows(input: [{ a: "p0", b: "p900", strength: 0.7, since: "2026-11-20" }]) { count }
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
