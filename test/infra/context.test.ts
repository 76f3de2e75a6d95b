import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type ContextKey,
  contextForPipeline,
  imageSourceNotice,
  readDeploymentSettings,
} from '../../bin/deploy-context.ts';

const root = '/repo';

function read(
  context: Partial<Record<ContextKey, string>>,
  defaults: { account?: string; region?: string } = {},
) {
  return readDeploymentSettings({
    get: (key) => context[key],
    defaultAccount: defaults.account,
    defaultRegion: defaults.region,
    repositoryRoot: root,
  });
}

describe('CDK context → deployment settings', () => {
  it('defaults to dev, environment-agnostic, image built from the Dockerfile, no pipeline', () => {
    const settings = read({});
    expect(settings).toMatchObject({
      envName: 'dev',
      account: undefined,
      region: 'us-east-1',
      imageSource: { kind: 'asset', directory: root },
      sourceRepository: undefined,
      corsOrigins: [],
    });
  });

  it('takes a second region for the backup copies, and refuses the deployment region or a non-region', () => {
    expect(read({ region: 'eu-west-1', backupCopyRegion: 'eu-central-1' }).backupCopyRegion).toBe(
      'eu-central-1',
    );
    expect(read({}).backupCopyRegion).toBeUndefined();
    expect(() => read({ region: 'eu-west-1', backupCopyRegion: 'eu-west-1' })).toThrow(/another region/);
    expect(() => read({ backupCopyRegion: 'mars-1' })).toThrow(/backupCopyRegion/);
  });

  it('takes account and region from the CLI profile when not given', () => {
    expect(read({}, { account: '123456789012', region: 'eu-central-1' })).toMatchObject({
      account: '123456789012',
      region: 'eu-central-1',
    });
    expect(read({ region: 'eu-west-1' }, { region: 'eu-central-1' }).region).toBe('eu-west-1');
  });

  it('takes a domain or an address as the SES sender identity, and nothing else', () => {
    expect(read({}).emailSenderIdentity).toBeUndefined();
    expect(read({ emailSenderIdentity: 'mail.example.com' }).emailSenderIdentity).toBe('mail.example.com');
    expect(read({ emailSenderIdentity: 'orders@example.com' }).emailSenderIdentity).toBe(
      'orders@example.com',
    );
    expect(() => read({ emailSenderIdentity: 'arn:aws:ses:*' })).toThrow(/emailSenderIdentity/);
    expect(
      contextForPipeline({
        get: (k) => ({ emailSenderIdentity: 'mail.example.com' })[k as string],
        repositoryRoot: root,
      }),
    ).toMatchObject({
      emailSenderIdentity: 'mail.example.com',
    });
  });

  it('selects the image source from imageTag', () => {
    expect(read({ imageTag: '3f2c1d0' }).imageSource).toEqual({ kind: 'tag', tag: '3f2c1d0' });
    expect(read({ imageTag: 'deployed' }).imageSource).toEqual({ kind: 'deployed' });
    expect(() => read({ imageTag: 'has space' })).toThrow(/imageTag/);
  });

  it('reminds a deployer with a pipeline that images from the working copy replace the deployed ones', () => {
    const pipeline = {
      repositoryOwner: 'acme',
      repositoryName: 'b2b',
      connectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123',
    };
    expect(imageSourceNotice(read(pipeline))).toMatch(/imageTag=deployed/);
    expect(imageSourceNotice(read({ ...pipeline, imageTag: 'deployed' }))).toBeUndefined();
    expect(imageSourceNotice(read({ ...pipeline, imageTag: '3f2c1d0' }))).toBeUndefined();
    expect(imageSourceNotice(read({}))).toBeUndefined();
  });

  it('builds the pipeline source only when owner, name and connection are all given', () => {
    const connectionArn = 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123';
    expect(read({ repositoryOwner: 'acme', repositoryName: 'b2b', connectionArn }).sourceRepository).toEqual({
      owner: 'acme',
      name: 'b2b',
      branch: 'main',
      connectionArn,
    });
    expect(() => read({ repositoryOwner: 'acme', repositoryName: 'b2b' })).toThrow(/connectionArn/);
  });

  it('rejects values that would synthesise a broken or unsafe deployment', () => {
    expect(() => read({ env: 'staging' })).toThrow(/"dev" or "prod"/);
    expect(() => read({ account: '12345' })).toThrow(/account/);
    expect(() => read({ region: 'moon-1' })).toThrow(/region/);
    expect(() => read({ alarmEmail: 'not-an-address' })).toThrow(/alarmEmail/);
    expect(() => read({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toThrow(
      /domainName/,
    );
    expect(() => read({ corsOrigins: 'https://ok.example.com,javascript:alert(1)' })).toThrow(/corsOrigins/);
  });

  it('takes a certificate only from the region and account of the deployment (an ALB cannot use others)', () => {
    const certificate = (region: string, account = '123456789012') =>
      `arn:aws:acm:${region}:${account}:certificate/11111111-2222-3333-4444-555555555555`;
    const https = { domainName: 'shop.example.com', region: 'eu-west-1' };
    expect(read({ ...https, certificateArn: certificate('eu-west-1') }).certificateArn).toBe(
      certificate('eu-west-1'),
    );
    expect(() => read({ ...https, certificateArn: certificate('us-east-1') })).toThrow(
      /certificateArn.*us-east-1.*eu-west-1/,
    );
    expect(() =>
      read({ ...https, account: '210987654321', certificateArn: certificate('eu-west-1') }),
    ).toThrow(/account 123456789012, not 210987654321/);
  });

  it('lower-cases the domain and CORS origins, as browsers send them in the Origin header', () => {
    const settings = read({
      domainName: 'Shop.Example.COM',
      corsOrigins: ' https://Partner.Example.com , http://localhost:8080,',
    });
    expect(settings.domainName).toBe('shop.example.com');
    expect(settings.corsOrigins).toEqual(['https://partner.example.com', 'http://localhost:8080']);
  });

  it('hands the pipeline a CORS list its synth accepts, even when the deployer typed spaces', async () => {
    const forwarded = contextForPipeline({
      get: (key) =>
        ({ env: 'dev', corsOrigins: 'https://A.example.com, https://b.example.com' })[key as string],
      repositoryRoot: root,
    });
    expect(forwarded).toEqual({ env: 'dev', corsOrigins: 'https://a.example.com,https://b.example.com' });
    // What buildspec.yml runs with the build project's CDK_CONTEXT_JSON.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '..', '..', 'bin', 'context-args.ts')],
      { env: { PATH: process.env.PATH ?? '', CDK_CONTEXT_JSON: JSON.stringify(forwarded) } },
    );
    expect(stdout.trim().split('\n')).toEqual([
      '--context=env=dev',
      '--context=corsOrigins=https://a.example.com,https://b.example.com',
    ]);
  });

  it('forwards the deployer context to the pipeline, except the image tag the pipeline sets itself', () => {
    const forwarded = contextForPipeline({
      get: (key) => ({ env: 'prod', imageTag: 'deployed', alarmEmail: 'ops@example.com' })[key as string],
      repositoryRoot: root,
    });
    expect(forwarded).toEqual({ env: 'prod', alarmEmail: 'ops@example.com' });
  });
});
