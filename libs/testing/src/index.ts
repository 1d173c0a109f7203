export { createTestDatabase, type TestDatabase } from './database';
export { createTestVhost, closeBrokerConnections, countBrokerConnections, type TestVhost } from './broker';
export { waitFor, type WaitForOptions } from './wait-for';
export { spawnNode, repoRoot, type SpawnedNode } from './spawn-node';
export { freePort } from './free-port';
