import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { environmentProfile } from '../../lib/config/deployment-settings.ts';
import { NetworkStack } from '../../lib/stacks/network-stack.ts';
import {
  type BuiltPlatform,
  buildPlatform,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
} from './platform-fixture.ts';

let dev: BuiltPlatform;
let prod: BuiltPlatform;

beforeAll(() => {
  dev = buildPlatform(settings({ envName: 'dev' }));
  prod = buildPlatform(settings({ envName: 'prod' }));
}, SYNTH_TIMEOUT_MS);

describe('network stack', () => {
  it('spreads public, private and isolated subnets over the AZs', () => {
    const subnets = Object.values(resourcesOf(dev.template('network'), 'AWS::EC2::Subnet'));
    const byType = (type: string) =>
      subnets.filter((s) =>
        JSON.stringify(s.Properties?.Tags).includes(`"aws-cdk:subnet-type","Value":"${type}"`),
      ).length;
    expect(byType('Public')).toBe(2);
    expect(byType('Private')).toBe(2);
    expect(byType('Isolated')).toBe(2);
  });

  it('spreads prod over three AZs (subnets, NAT gateways, endpoint ENIs) once the account is known', () => {
    // With an account the CLI looks the AZs up (dummy values here); env-agnostic synth gets two.
    const app = new App({ builtinCloudFormationValidation: false });
    const network = new NetworkStack(app, 'Network', {
      env: { account: '123456789012', region: 'eu-west-1' },
      profile: environmentProfile('prod', true),
    });
    const template = Template.fromStack(network);
    const subnets = Object.values(resourcesOf(template, 'AWS::EC2::Subnet'));
    for (const type of ['Public', 'Private', 'Isolated']) {
      const ofType = subnets.filter((s) =>
        JSON.stringify(s.Properties?.Tags).includes(`"aws-cdk:subnet-type","Value":"${type}"`),
      );
      expect(new Set(ofType.map((s) => s.Properties?.AvailabilityZone)).size, type).toBe(3);
    }
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    const interfaceEndpoints = Object.values(resourcesOf(template, 'AWS::EC2::VPCEndpoint')).filter(
      (e) => e.Properties?.VpcEndpointType === 'Interface',
    );
    for (const endpoint of interfaceEndpoints)
      expect((endpoint.Properties!.SubnetIds as unknown[]).length).toBe(3);
  });

  it('runs one NAT gateway in dev and one per AZ in prod', () => {
    dev.template('network').resourceCountIs('AWS::EC2::NatGateway', 1);
    prod.template('network').resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  it('places interface endpoints in one AZ in dev (cost) and in every AZ in prod', () => {
    const subnetCounts = (platform: BuiltPlatform) =>
      Object.values(resourcesOf(platform.template('network'), 'AWS::EC2::VPCEndpoint'))
        .filter((e) => e.Properties?.VpcEndpointType === 'Interface')
        .map((e) => (e.Properties!.SubnetIds as unknown[]).length);
    expect(new Set(subnetCounts(dev))).toEqual(new Set([1]));
    expect(new Set(subnetCounts(prod))).toEqual(new Set([2]));
  });

  it('records all VPC traffic in flow logs', () => {
    dev.template('network').hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });

  it('has endpoints for ECR, S3, logs, secrets, SQS, SNS and X-Ray, reachable from the VPC only', () => {
    const endpoints = Object.values(resourcesOf(dev.template('network'), 'AWS::EC2::VPCEndpoint'));
    const names = endpoints.map((e) => JSON.stringify(e.Properties?.ServiceName));
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sqs', 'sns', 'xray', 's3']) {
      expect(
        names.some((n) => n.includes(`.${service}"`)),
        service,
      ).toBe(true);
    }
    const endpointIngress = Object.values(
      resourcesOf(dev.template('network'), 'AWS::EC2::SecurityGroup'),
    ).flatMap(
      (sg) => (sg.Properties?.SecurityGroupIngress as { CidrIp?: string; FromPort?: number }[]) ?? [],
    );
    expect(endpointIngress.length).toBe(7);
    for (const rule of endpointIngress) expect(rule).toMatchObject({ CidrIp: '10.40.0.0/16', FromPort: 443 });
  });
});

describe('data stack (DocumentDB)', () => {
  it('encrypts storage with a customer key that rotates', () => {
    const template = dev.template('data');
    template.hasResourceProperties('AWS::DocDB::DBCluster', {
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': ['DocumentDbKey', 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('listens on a non-default port and requires TLS', () => {
    const template = dev.template('data');
    template.hasResourceProperties('AWS::DocDB::DBCluster', { Port: 27117 });
    template.hasResourceProperties('AWS::DocDB::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ tls: 'enabled', audit_logs: 'ddl' }),
    });
  });

  it('keeps backups 7 days in dev and 35 in prod, exports audit logs', () => {
    dev.template('data').hasResourceProperties('AWS::DocDB::DBCluster', {
      BackupRetentionPeriod: 7,
      EnableCloudwatchLogsExports: ['audit'],
    });
    prod.template('data').hasResourceProperties('AWS::DocDB::DBCluster', { BackupRetentionPeriod: 35 });
  });

  it('protects prod from deletion, not dev; one instance in dev, three in prod', () => {
    dev.template('data').hasResourceProperties('AWS::DocDB::DBCluster', { DeletionProtection: false });
    prod.template('data').hasResourceProperties('AWS::DocDB::DBCluster', { DeletionProtection: true });
    dev.template('data').resourceCountIs('AWS::DocDB::DBInstance', 1);
    prod.template('data').resourceCountIs('AWS::DocDB::DBInstance', 3);
  });

  it('places the cluster in the isolated subnets', () => {
    const isolatedSubnetExports = Object.keys(
      resourcesOf(dev.template('network'), 'AWS::EC2::Subnet'),
    ).filter((id) => id.includes('isolated'));
    const group = Object.values(resourcesOf(dev.template('data'), 'AWS::DocDB::DBSubnetGroup'))[0]!;
    const subnetIds = JSON.stringify(group.Properties?.SubnetIds);
    expect(isolatedSubnetExports.length).toBe(2);
    for (const id of isolatedSubnetExports) expect(subnetIds).toContain(id);
    expect(subnetIds).not.toMatch(/private|public/i);
  });

  it('keeps the master credentials in a KMS-encrypted secret that rotates', () => {
    const template = dev.template('data');
    const cluster = Object.values(resourcesOf(template, 'AWS::DocDB::DBCluster'))[0]!;
    expect(JSON.stringify(cluster.Properties?.MasterUserPassword)).toContain('resolve:secretsmanager');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': ['DocumentDbKey', 'Arn'] },
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  it('admits only the client security group on the cluster port', () => {
    const groups = Object.values(resourcesOf(dev.template('data'), 'AWS::EC2::SecurityGroup'));
    const ingress = groups.flatMap(
      (g) => (g.Properties?.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? [],
    );
    const standalone = Object.values(resourcesOf(dev.template('data'), 'AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties!,
    );
    const rules = [...ingress, ...standalone];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.CidrIp).toBeUndefined();
      // The rotation function's rule references the cluster's Port attribute (27117 as well).
      expect([27117, JSON.stringify({ 'Fn::GetAtt': ['DocumentDbCluster', 'Port'] })]).toContain(
        typeof rule.FromPort === 'number' ? rule.FromPort : JSON.stringify(rule.FromPort),
      );
      expect(rule.SourceSecurityGroupId).toBeDefined();
    }
  });
});
