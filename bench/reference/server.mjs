// The reference server: relgraph's graph model and questions through the
// Neo4j GraphQL Library (@neo4j/graphql) on graphql-yoga, over the same
// Neo4j, so cmd/relbench can measure both side by side.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PORT=4000 node server.mjs
//
// Environment: NEO4J_URI (default bolt://127.0.0.1:7687), NEO4J_USERNAME and
// NEO4J_PASSWORD (empty username: no authentication, as on the local
// devserver), NEO4J_DATABASE (empty: the server's default), PORT (default
// 4000; 0 picks a free one). It listens on 127.0.0.1 only, serves POST
// /graphql, prints one line "reference ready: http://127.0.0.1:PORT/graphql"
// when it accepts requests, and stops on SIGINT or SIGTERM.
//
// REFERENCE_TCP_NODELAY=1 turns Nagle's algorithm off on the driver's
// connections. The JavaScript driver leaves it on, and then an answer of
// more than one TCP segment often waits about 40 ms for a delayed ACK (see
// bench/README.md); off by default, so the reference runs as shipped.
import { createServer } from "node:http";
import net from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const env = process.env;
const uri = env.NEO4J_URI || "bolt://127.0.0.1:7687";
const port = Number.parseInt(env.PORT || "4000", 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`reference: PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  process.exit(2);
}
if (env.REFERENCE_TCP_NODELAY === "1") {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    this.setNoDelay(true);
    return connect.apply(this, args);
  };
}
const auth = env.NEO4J_USERNAME ? neo4j.auth.basic(env.NEO4J_USERNAME, env.NEO4J_PASSWORD || "") : undefined;
const driver = neo4j.driver(uri, auth, { maxConnectionPoolSize: 100 });

const typeDefs = readFileSync(fileURLToPath(new URL("./typeDefs.graphql", import.meta.url)), "utf8");
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

const yoga = createYoga({
  schema,
  graphiql: false,
  landingPage: false,
  logging: "warn",
  // Errors carry their message, so that a failed request in a benchmark
  // says why.
  maskedErrors: false,
  context: () => (env.NEO4J_DATABASE ? { sessionConfig: { database: env.NEO4J_DATABASE } } : {}),
});

try {
  await driver.verifyConnectivity();
} catch (err) {
  console.error(`reference: cannot reach Neo4j at ${uri}: ${err.message}`);
  await driver.close();
  process.exit(1);
}

const server = createServer(yoga);
server.on("error", async (err) => {
  console.error(`reference: cannot listen on 127.0.0.1:${port}: ${err.message}`);
  await driver.close();
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`reference ready: http://127.0.0.1:${server.address().port}/graphql`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await driver.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
