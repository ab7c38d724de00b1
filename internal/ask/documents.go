package ask

// documents are the GraphQL each family runs, with its variables: what an
// analyst sees, copies and adapts.
var documents = map[string]string{
	"connections": `query Ask($degree: Int, $where: PersonWhere) {
  connections(degree: $degree, where: $where) {
    totalCount
    edges {
      degree strength
      node { id name title worksAt { company { id name } } }
      via { id name }
      evidence { filter engagement { action at content { id title } } signal { id kind title at summary } }
    }
  }
}`,
	"companiesWithConnections": `query Ask($degree: Int, $where: PersonWhere) {
  companiesWithConnections(degree: $degree, where: $where) {
    totalCount
    edges { node { company { id name } count people { degree strength node { id name } via { id name } } } }
  }
}`,
	"signals": `query Ask($where: SignalWhere, $network: NetworkInput) {
  signals(where: $where, network: $network) {
    totalCount
    edges { node { id kind title at round amount summary person { id name } company { id name } } }
  }
}`,
	"introductionPaths": `query Ask($to: ID!) {
  introductionPaths(to: $to) { hops strength people { id name } }
}`,
	"introductionPathsToCompany": `query Ask($company: ID!) {
  introductionPathsToCompany(company: $company) { hops strength people { id name } }
}`,
	"accountCoverage": `query Ask($company: ID!) {
  accountCoverage(company: $company) {
    company { id name } contacts covered coverage
    departments { department contacts covered coverage }
    teamMembers { person { id name } contacts }
  }
}`,
	"customerValue": `query Ask($since: DateTime) {
  customerValue(since: $since) {
    totalCount
    edges { node { company { id name } score clv } }
  }
}`,
	"suggestions": `query Ask {
  suggestions {
    totalCount
    edges { node { person { id name } sharedTopics { id } strength score via { id name } } }
  }
}`,
	"search": `query Ask($text: String!) {
  search(text: $text) { score node { __typename ... on Person { id name title } ... on Company { id name domain } } }
}`,
}
