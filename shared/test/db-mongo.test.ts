import { clientOptions, connectionUri, createMongo, mongoSettingsFromEnv, redactUri } from '@b2b/shared/db';
import { describe, expect, it } from 'vitest';

describe('createMongo settings', () => {
  it('uses DocumentDB options when a CA file and replica set are configured', () => {
    const options = clientOptions({
      docdb: { host: 'cluster.docdb.amazonaws.com', username: 'app', password: 'pw' },
      dbName: 'order',
      tlsCaFile: '/etc/ssl/certs/rds-global-bundle.pem',
      replicaSet: 'rs0',
      appName: 'order',
    });
    expect(options).toMatchObject({
      tls: true,
      tlsCAFile: '/etc/ssl/certs/rds-global-bundle.pem',
      replicaSet: 'rs0',
      directConnection: false,
      retryWrites: false,
      readPreference: 'primary',
      appName: 'order',
    });
  });

  it('keeps plain MongoDB options for a local URI', () => {
    const options = clientOptions({ uri: 'mongodb://127.0.0.1:27017', dbName: 'user', appName: 'user' });
    expect(options.tls).toBeUndefined();
    expect(options.retryWrites).toBeUndefined();
    expect(options.replicaSet).toBeUndefined();
  });

  it('builds the DocumentDB URI with escaped credentials, and never shows the password', () => {
    const uri = connectionUri({
      docdb: { host: 'db.local', port: 27017, username: 'app', password: 'p@ss:w/rd' },
    });
    expect(uri).toBe('mongodb://app:p%40ss%3Aw%2Frd@db.local:27017/');
    expect(redactUri(uri)).toBe('mongodb://app:***@db.local:27017/');
    expect(redactUri('mongodb://127.0.0.1:1234/x')).toBe('mongodb://127.0.0.1:1234/x');
  });

  it('reads the environment contract', () => {
    expect(
      mongoSettingsFromEnv(
        {
          DOCDB_HOST: 'h',
          DOCDB_PORT: '27018',
          DOCDB_USERNAME: 'u',
          DOCDB_PASSWORD: 'p',
          MONGODB_TLS_CA_FILE: '/ca.pem',
          MONGODB_REPLICA_SET: 'rs0',
        },
        { appName: 'payment' },
      ),
    ).toMatchObject({
      docdb: { host: 'h', port: 27018, username: 'u', password: 'p' },
      dbName: 'payment',
      tlsCaFile: '/ca.pem',
      replicaSet: 'rs0',
    });
    expect(
      mongoSettingsFromEnv({ MONGODB_URI: 'mongodb://x', MONGODB_DB_NAME: 'other' }, { appName: 'user' }),
    ).toMatchObject({
      uri: 'mongodb://x',
      dbName: 'other',
    });
    expect(() => mongoSettingsFromEnv({ DOCDB_HOST: 'h' }, { appName: 'user' })).toThrow(/MONGODB_URI/);
  });

  it('takes DOCDB_PORT as the secret delivers it (a string) or as validated config (a number)', () => {
    const parts = { DOCDB_HOST: 'cluster.docdb.amazonaws.com', DOCDB_USERNAME: 'app', DOCDB_PASSWORD: 'pw' };
    const fromSecret = mongoSettingsFromEnv({ ...parts, DOCDB_PORT: '27018' }, { appName: 'order' });
    expect(connectionUri(fromSecret)).toBe('mongodb://app:pw@cluster.docdb.amazonaws.com:27018/');
    const fromConfig = mongoSettingsFromEnv({ ...parts, DOCDB_PORT: 27019 }, { appName: 'order' });
    expect(fromConfig.docdb?.port).toBe(27019);
    expect(mongoSettingsFromEnv({ ...parts, DOCDB_PORT: '' }, { appName: 'order' }).docdb?.port).toBe(27017);
  });

  it.each(['abc', '27017.5', '0x6989', '0', '70000', '-1', '27017abc'])(
    'refuses DOCDB_PORT=%s naming the variable instead of connecting to a bad port',
    (port) => {
      expect(() =>
        mongoSettingsFromEnv(
          { DOCDB_HOST: 'h', DOCDB_USERNAME: 'u', DOCDB_PASSWORD: 'p', DOCDB_PORT: port },
          { appName: 'order' },
        ),
      ).toThrow(/DOCDB_PORT must be a port number/);
    },
  );

  it('shares one client per server and closes it with the last handle', async () => {
    const a = createMongo({ uri: 'mongodb://127.0.0.1:1/', dbName: 'a', appName: 't' });
    const b = createMongo({ uri: 'mongodb://127.0.0.1:1/', dbName: 'b', appName: 't' });
    expect(a.client).toBe(b.client);
    expect(a.db.databaseName).toBe('a');
    expect(b.db.databaseName).toBe('b');
    await a.close();
    const c = createMongo({ uri: 'mongodb://127.0.0.1:1/', dbName: 'c', appName: 't' });
    expect(c.client).toBe(b.client);
    await b.close();
    await c.close();
    const d = createMongo({ uri: 'mongodb://127.0.0.1:1/', dbName: 'd', appName: 't' });
    expect(d.client).not.toBe(b.client);
    await d.close();
  });

  it('reports not ready when the server does not answer', async () => {
    const m = createMongo({
      uri: 'mongodb://127.0.0.1:1/',
      dbName: 'x',
      appName: 't',
      serverSelectionTimeoutMs: 200,
    });
    await expect(m.isReady()).resolves.toBe(false);
    await expect(m.ping()).rejects.toThrow();
    await m.close();
  });
});
