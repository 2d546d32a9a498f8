// Runs in each test file's environment: point it at this jest worker's own database and Redis prefix.
const id = process.env.JEST_WORKER_ID ?? '1';
if (process.env.TEST_DATABASE_BASE_URL) {
  const u = new URL(process.env.TEST_DATABASE_BASE_URL);
  u.pathname = `/gentou_test_${id}`;
  process.env.DATABASE_URL = u.toString();
}
process.env.REDIS_PREFIX = `t${id}`;
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
