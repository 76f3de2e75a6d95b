/**
 * Stateful resources keep their CloudFormation logical ids: a changed id means CloudFormation
 * creates a new resource and deletes the old one (the database, the image history, the logs).
 * The ids are literals here on purpose — changing them in code must fail this test.
 */
import { liveServices } from '@b2b/shared/catalogue';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltPlatform,
  buildPlatform,
  SYNTH_TIMEOUT_MS,
  settings,
  sourceRepository,
} from './platform-fixture.ts';

let platform: BuiltPlatform;

beforeAll(() => {
  platform = buildPlatform(settings({ envName: 'prod', sourceRepository }));
}, SYNTH_TIMEOUT_MS);

const typeOf = (stack: Parameters<BuiltPlatform['template']>[0], logicalId: string) =>
  (platform.template(stack).toJSON().Resources as Record<string, { Type: string }>)[logicalId]?.Type;

describe('pinned logical ids of stateful resources', () => {
  it('DocumentDB cluster, its KMS key and master secret', () => {
    expect(typeOf('data', 'DocumentDbCluster')).toBe('AWS::DocDB::DBCluster');
    expect(typeOf('data', 'DocumentDbKey')).toBe('AWS::KMS::Key');
    expect(typeOf('data', 'DocumentDbMasterSecret')).toBe('AWS::SecretsManager::Secret');
  });

  it('one ECR repository per service, named after the catalogue entry', () => {
    const expected: Record<string, string> = {
      'api-gateway': 'EcrRepositoryApiGateway',
      user: 'EcrRepositoryUser',
    };
    for (const service of liveServices()) {
      const logicalId =
        expected[service] ??
        `EcrRepository${service.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase())}`;
      expect(typeOf('registry', logicalId), service).toBe('AWS::ECR::Repository');
    }
  });

  it('buckets, the JWT signing-key secret and the service credential', () => {
    expect(typeOf('services', 'AlbAccessLogsBucket')).toBe('AWS::S3::Bucket');
    expect(typeOf('services', 'JwtSigningKeysSecret')).toBe('AWS::SecretsManager::Secret');
    expect(typeOf('services', 'ServiceCredentialSecret')).toBe('AWS::SecretsManager::Secret');
    expect(typeOf('pipeline', 'PipelineArtifactsBucket')).toBe('AWS::S3::Bucket');
  });

  it('keeps them on stack deletion (retain / snapshot)', () => {
    const resources = (stack: Parameters<BuiltPlatform['template']>[0]) =>
      platform.template(stack).toJSON().Resources as Record<string, { DeletionPolicy?: string }>;
    expect(resources('data').DocumentDbCluster?.DeletionPolicy).toBe('Retain');
    expect(resources('data').DocumentDbKey?.DeletionPolicy).toBe('Retain');
    expect(resources('registry').EcrRepositoryUser?.DeletionPolicy).toBe('Retain');
    expect(resources('services').AlbAccessLogsBucket?.DeletionPolicy).toBe('Retain');
    expect(resources('services').JwtSigningKeysSecret?.DeletionPolicy).toBe('Retain');
    expect(resources('services').ServiceCredentialSecret?.DeletionPolicy).toBe('Retain');
    expect(resources('pipeline').PipelineArtifactsBucket?.DeletionPolicy).toBe('Retain');
  });
});
