// Runs in each test file's environment before anything else. The file's own database and Redis prefix are set
// by test/support/fresh-database.ts once its hooks run.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
