import { IsString } from 'class-validator';
import { ConfigError, IsBase64Key, loadConfig, ServiceEnv } from './config';

class TestEnv extends ServiceEnv {
  override PORT = 3999;
  @IsBase64Key(32) ENCRYPTION_KEY!: string;
  @IsString() NAME: string = 'default-name';
}

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/uplaces',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  ENCRYPTION_KEY: KEY,
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(TestEnv, env, { exitOnError: false });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns a typed, frozen object with defaults and numbers converted', () => {
    const config = loadConfig(TestEnv, { ...valid, PORT: '4000', UNRELATED: 'x' }, { exitOnError: false });
    expect(config).toBeInstanceOf(TestEnv);
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.NAME).toBe('default-name');
    expect(config.BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(config).not.toHaveProperty('UNRELATED');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the subclass default for PORT when unset', () => {
    expect(loadConfig(TestEnv, valid, { exitOnError: false }).PORT).toBe(3999);
  });

  it('names every missing variable, one line each', () => {
    expect(problemsOf({})).toEqual([
      'AMQP_URL is missing',
      'DATABASE_URL is missing',
      'ENCRYPTION_KEY is missing',
    ]);
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '  ' })).toEqual(['DATABASE_URL is missing']);
  });

  it('names malformed variables with the reason', () => {
    const problems = problemsOf({ ...valid, PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x/y' });
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL is invalid: must be a URL starting with postgres:\/\//),
      expect.stringMatching(/^LOG_LEVEL is invalid: must be one of fatal, error/),
      'PORT is invalid: must be an integer between 1 and 65535',
    ]);
  });

  it('rejects an encryption key that is not 32 bytes without echoing it', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const problems = problemsOf({ ...valid, ENCRYPTION_KEY: short });
    expect(problems).toEqual([expect.stringMatching(/^ENCRYPTION_KEY is invalid: must be base64 of exactly 32 bytes/)]);
    expect(problems.join('\n')).not.toContain(short);
  });

  it('rejects an out-of-range port', () => {
    expect(problemsOf({ ...valid, PORT: '70000' })).toEqual(['PORT is invalid: must be an integer between 1 and 65535']);
  });
});
