import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../server/config.ts';

describe('config', () => {
  it('has working defaults for every variable', () => {
    const c = loadConfig({});
    expect(c).to.include({ PORT: 4000, HOST: '127.0.0.1', DB_NAME: 'talent_pool', FERRETDB_PORT: 27027, GRAPHQL_INTROSPECTION: true, NODE_ENV: 'development' });
    expect(c.MONGODB_URI).to.equal(undefined);
  });

  it('treats an empty MONGODB_URI as unset', () => {
    expect(loadConfig({ MONGODB_URI: '' }).MONGODB_URI).to.equal(undefined);
  });

  it('names the variable that is wrong', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).issues.map((i) => i.variable);
      }
      throw new Error('expected a ConfigError');
    };
    expect(attempt({ PORT: 'eighty' })).to.deep.equal(['PORT']);
    expect(attempt({ MONGODB_URI: 'postgres://x' })).to.deep.equal(['MONGODB_URI']);
    expect(attempt({ LOG_LEVEL: 'loud', FERRETDB_PORT: '70000' }).sort()).to.deep.equal(['FERRETDB_PORT', 'LOG_LEVEL']);
    expect(attempt({ NODE_ENV: 'production' })).to.deep.equal(['JWT_SECRET']);
    expect(attempt({ JWT_SECRET: 'short' })).to.deep.equal(['JWT_SECRET']);
  });

  it('turns introspection off in production unless asked for', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).GRAPHQL_INTROSPECTION).to.equal(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, GRAPHQL_INTROSPECTION: 'true' }).GRAPHQL_INTROSPECTION).to.equal(true);
  });
});
