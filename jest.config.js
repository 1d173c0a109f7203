// Units (*.spec.ts) sit beside the code; *.int-spec.ts talk to the real PostgreSQL and RabbitMQ;
// test/**/*.e2e-spec.ts drive running services. One runner, one config.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@app/(contracts|messaging|persistence|observability|tiny|testing|security)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testTimeout: 60000,
};
