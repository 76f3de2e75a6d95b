import {
  consumers,
  isConsumer,
  isProducer,
  liveServices,
  MAX_RECEIVES,
  type ServiceName,
  serviceNames,
  serviceSpec,
  services,
  serviceUrlEnv,
} from '@b2b/shared/catalogue';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_SIDS } from '../../lib/constructs/aws-grants.ts';
import { CATCH_ALL_PRIORITY, publicOrigin } from '../../lib/constructs/public-load-balancer.ts';
import {
  type BuiltPlatform,
  buildPlatform,
  certificateArn,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
} from './platform-fixture.ts';

type Container = {
  Name: string;
  Image: unknown;
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  PortMappings?: { Name?: string; ContainerPort: number; Protocol?: string }[];
  HealthCheck?: { Command: string[] };
  ReadonlyRootFilesystem?: boolean;
  User?: string;
};
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const live = liveServices();
/** Every catalogue entry deployed: what the stack looks like once the planned entries go live. */
const flipped: ServiceName[] = [...serviceNames];

let dev: BuiltPlatform;
let grown: BuiltPlatform;

beforeAll(() => {
  dev = buildPlatform(settings({ envName: 'dev', corsOrigins: ['https://partner.example.com'] }));
  grown = buildPlatform(
    settings({
      envName: 'prod',
      domainName: 'shop.example.com',
      certificateArn,
      imageSource: { kind: 'deployed' },
    }),
    { services: flipped },
  );
}, SYNTH_TIMEOUT_MS);

function taskDefinitions(template: Template) {
  return Object.entries(resourcesOf(template, 'AWS::ECS::TaskDefinition')).map(([id, r]) => {
    const containers = r.Properties!.ContainerDefinitions as Container[];
    const app = containers.find((c) => c.Name === 'app')!;
    const env = Object.fromEntries((app.Environment ?? []).map((e) => [e.Name, e.Value]));
    return { id, props: r.Properties!, containers, app, env };
  });
}

function taskOf(template: Template, service: ServiceName) {
  const task = taskDefinitions(template).find((t) => t.env.SERVICE_NAME === service);
  if (!task) throw new Error(`no task definition for ${service}`);
  return task;
}

function policyStatementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties!.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const isDeadLetterStatement = (s: Statement) =>
  Object.values(DEAD_LETTER_SIDS).includes((s as { Sid?: string }).Sid ?? '');

describe('one ECS service, ECR repository and log group per live catalogue entry', () => {
  it('deploys exactly the live services', () => {
    const template = dev.template('services');
    template.resourceCountIs('AWS::ECS::Service', live.length);
    expect(
      taskDefinitions(template)
        .map((t) => t.env.SERVICE_NAME)
        .sort(),
    ).toEqual([...live].sort());
    dev.template('registry').resourceCountIs('AWS::ECR::Repository', live.length);
    for (const name of live) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/b2b/dev/${name}` });
      dev.template('registry').hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: `b2b-dev/${name}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
    }
  });

  it('expires untagged images and keeps a bounded number of releases', () => {
    const repository = Object.values(resourcesOf(dev.template('registry'), 'AWS::ECR::Repository'))[0]!;
    const policy = JSON.parse(
      (repository.Properties!.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText,
    ) as { rules: { selection: Record<string, unknown> }[] };
    expect(policy.rules.map((r) => r.selection)).toEqual([
      expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 1 }),
      expect.objectContaining({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 15 }),
    ]);
  });

  it('adds planned entries automatically once they are deployed', () => {
    grown.template('services').resourceCountIs('AWS::ECS::Service', flipped.length);
    grown.template('registry').resourceCountIs('AWS::ECR::Repository', flipped.length);
  });

  it('uses a deployment circuit breaker with rollback and Service Connect under the catalogue name', () => {
    const template = dev.template('services');
    for (const service of Object.values(resourcesOf(template, 'AWS::ECS::Service'))) {
      expect(service.Properties).toMatchObject({
        LaunchType: 'FARGATE',
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
        },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      });
    }
    for (const name of live) {
      template.hasResourceProperties('AWS::ECS::Service', {
        ServiceConnectConfiguration: {
          Enabled: true,
          Services: [{ PortName: name, ClientAliases: [{ DnsName: name, Port: services[name].port }] }],
        },
      });
    }
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('leaves the running task count to autoscaling: a deploy never scales a busy service back in', () => {
    // A DesiredCount in the template is re-applied by CloudFormation on every service update.
    for (const platform of [dev, grown]) {
      for (const service of Object.values(resourcesOf(platform.template('services'), 'AWS::ECS::Service'))) {
        expect(service.Properties!.DesiredCount).toBeUndefined();
      }
    }
    const targets = Object.values(
      resourcesOf(grown.template('services'), 'AWS::ApplicationAutoScaling::ScalableTarget'),
    );
    expect(targets.map((t) => t.Properties!.MinCapacity).sort()).toEqual(
      flipped.map((name) => services[name].scaling.prod.min).sort(),
    );
  });

  it('sizes tasks and autoscaling from the catalogue (CPU and memory; no request count: blue/green moves it between groups)', () => {
    const template = dev.template('services');
    for (const name of live) {
      const task = taskOf(template, name);
      expect(task.props.Cpu).toBe(String(services[name].cpu));
      expect(task.props.Memory).toBe(String(services[name].memoryMiB));
    }
    const targets = Object.values(resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(targets.length).toBe(live.length);
    for (const target of targets) {
      expect(target.Properties).toMatchObject({ MinCapacity: 1, MaxCapacity: 2 });
    }
    const metrics = Object.values(resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy')).map(
      (p) =>
        (
          p.Properties!.TargetTrackingScalingPolicyConfiguration as {
            PredefinedMetricSpecification: { PredefinedMetricType: string };
          }
        ).PredefinedMetricSpecification.PredefinedMetricType,
    );
    expect(metrics.filter((m) => m === 'ECSServiceAverageCPUUtilization').length).toBe(live.length);
    expect(metrics.filter((m) => m === 'ECSServiceAverageMemoryUtilization').length).toBe(live.length);
    // ALBRequestCountPerTarget follows one target group; after a blue/green deployment the traffic is on the other.
    expect(metrics.filter((m) => m === 'ALBRequestCountPerTarget').length).toBe(0);
    const prodGateway = Object.values(
      resourcesOf(grown.template('services'), 'AWS::ApplicationAutoScaling::ScalableTarget'),
    );
    expect(
      prodGateway.some((t) => t.Properties!.MaxCapacity === services['api-gateway'].scaling.prod.max),
    ).toBe(true);
  });
});

describe('containers', () => {
  it('runs an X-Ray daemon sidecar in every task, with write access for the task role', () => {
    const template = dev.template('services');
    for (const task of taskDefinitions(template)) {
      const daemon = task.containers.find((c) => c.Name === 'xray-daemon');
      expect(daemon?.Image).toMatch(/^public\.ecr\.aws\/xray\/aws-xray-daemon:/);
      expect(daemon?.PortMappings).toEqual([{ ContainerPort: 2000, Protocol: 'udp' }]);
      expect(task.env.AWS_XRAY_DAEMON_ADDRESS).toBe('127.0.0.1:2000');
      const roleId = (task.props.TaskRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      expect(actionsOf(policyStatementsOfRole(template, roleId))).toEqual(
        expect.arrayContaining([
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
        ]),
      );
    }
  });

  it('checks health on the catalogue port and path, as a non-root user on a read-only filesystem', () => {
    for (const name of live) {
      const { app } = taskOf(dev.template('services'), name);
      expect(app.HealthCheck?.Command.join(' ')).toContain(
        `http://127.0.0.1:${services[name].port}${services[name].healthPath}`,
      );
      expect(app.User).toBe('node');
      expect(app.ReadonlyRootFilesystem).toBe(true);
    }
  });

  it('points every SERVICE_URL_* of every task at the Service Connect alias of that service', () => {
    const template = grown.template('services');
    const aliases = new Map<string, number>();
    for (const service of Object.values(resourcesOf(template, 'AWS::ECS::Service'))) {
      const config = service.Properties!.ServiceConnectConfiguration as {
        Services: { PortName: string; ClientAliases: { DnsName: string; Port: number }[] }[];
      };
      for (const { ClientAliases } of config.Services) {
        for (const alias of ClientAliases) aliases.set(alias.DnsName, alias.Port);
      }
    }
    expect([...aliases.keys()].sort()).toEqual([...flipped].sort());
    for (const name of flipped) {
      const { env, app } = taskOf(template, name);
      // The alias forwards to the named port mapping: the catalogue port of the app container.
      expect(app.PortMappings).toEqual([
        expect.objectContaining({ Name: name, ContainerPort: services[name].port }),
      ]);
      for (const target of flipped) {
        expect(env[serviceUrlEnv(target)], `${name} → ${target}`).toBe(
          `http://${target}:${aliases.get(target)}`,
        );
      }
      expect(env.JWKS_URL).toBe(`http://user:${aliases.get('user')}/auth/jwks`);
    }
  });

  it('follows the environment contract (user service)', () => {
    const { env, app } = taskOf(dev.template('services'), 'user');
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      SERVICE_NAME: 'user',
      PORT: '3001',
      HOST: '0.0.0.0',
      MONGODB_DB_NAME: 'user',
      MONGODB_TLS_CA_FILE: '/etc/ssl/certs/rds-global-bundle.pem',
      MONGODB_REPLICA_SET: 'rs0',
      EVENT_BUS: 'sns-sqs',
      AWS_REGION: 'eu-west-1',
      SERVICE_URL_USER: 'http://user:3001',
      SERVICE_URL_API_GATEWAY: 'http://api-gateway:3000',
      JWKS_URL: 'http://user:3001/auth/jwks',
    });
    expect(JSON.stringify(env.EVENT_TOPIC_ARN_USER)).toContain('Topicuser');
    expect(JSON.stringify(env.JWT_KEYS_SECRET_ARN)).toContain('JwtSigningKeysSecret');
    expect(env.MONGODB_URI).toBeUndefined();
    const secrets = Object.fromEntries((app.Secrets ?? []).map((s) => [s.Name, JSON.stringify(s.ValueFrom)]));
    expect(Object.keys(secrets).sort()).toEqual([
      'DOCDB_HOST',
      'DOCDB_PASSWORD',
      'DOCDB_PORT',
      'DOCDB_USERNAME',
      'SERVICE_CREDENTIAL',
    ]);
    expect(secrets.SERVICE_CREDENTIAL).toBe('{"Ref":"ServiceCredentialSecret"}');
    expect(secrets.DOCDB_PASSWORD).toContain(':password::');
    // Its own login (attached to the cluster), never the master secret.
    expect(secrets.DOCDB_HOST).toContain('B2b-dev-Data:ExportsOutputRefServiceUsersSecretuserAttachment');
    expect(secrets.DOCDB_PASSWORD).not.toContain('ClusterSecretAttachment');
  });

  it('gives the gateway its CORS allow-list and no database credentials', () => {
    const { env, app } = taskOf(dev.template('services'), 'api-gateway');
    expect(JSON.stringify(env.CORS_ORIGINS)).toContain('https://partner.example.com');
    // Only the service credential it presents to the user service's revocation feed.
    expect(app.Secrets).toEqual([
      { Name: 'SERVICE_CREDENTIAL', ValueFrom: { Ref: 'ServiceCredentialSecret' } },
    ]);
    expect(env.MONGODB_TLS_CA_FILE).toBeUndefined();
    const grownEnv = taskOf(grown.template('services'), 'api-gateway').env;
    expect(grownEnv.CORS_ORIGINS).toBe('https://shop.example.com');
  });

  it('pulls the commit image from ECR, or the last deployed tag from SSM at deploy time', () => {
    const image = JSON.stringify(taskOf(dev.template('services'), 'user').app.Image);
    expect(image).toContain('EcrRepositoryUser');
    expect(image).toContain(':abc1234');
    const grownTemplate = grown.template('services').toJSON() as {
      Parameters: Record<string, { Type: string; Default: string }>;
    };
    const parameter = Object.entries(grownTemplate.Parameters).find(
      ([, p]) => p.Default === '/b2b/prod/deployed-image-tag',
    );
    expect(parameter?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    expect(JSON.stringify(taskOf(grown.template('services'), 'user').app.Image)).toContain(parameter![0]);
  });
});

describe('least privilege', () => {
  const roleOf = (template: Template, service: ServiceName, which: 'TaskRoleArn' | 'ExecutionRoleArn') =>
    (taskOf(template, service).props[which] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];

  it('lets the user service publish to its own topic and use its JWT secret, nothing else', () => {
    const template = dev.template('services');
    const statements = policyStatementsOfRole(template, roleOf(template, 'user', 'TaskRoleArn'));
    const publish = statements.filter((s) => actionsOf([s]).includes('sns:Publish'));
    expect(publish.length).toBe(1);
    expect(JSON.stringify(publish[0]!.Resource)).toContain('Topicuser');
    const secret = statements.find((s) => actionsOf([s]).includes('secretsmanager:PutSecretValue'))!;
    expect(actionsOf([secret]).sort()).toEqual([
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    expect(secret.Resource).toEqual({ Ref: 'JwtSigningKeysSecret' });
    expect(actionsOf(statements).some((a) => a.startsWith('sqs:'))).toBe(false);
    for (const s of statements) {
      if (s.Resource === '*') expect(actionsOf([s]).every((a) => a.startsWith('xray:'))).toBe(true);
    }
  });

  it('gives the gateway only X-Ray', () => {
    const template = dev.template('services');
    const actions = actionsOf(
      policyStatementsOfRole(template, roleOf(template, 'api-gateway', 'TaskRoleArn')),
    );
    expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
  });

  it('lets a consumer receive and delete only from its own queue (and notification the SES feedback queue)', () => {
    const template = grown.template('services');
    const statements = policyStatementsOfRole(template, roleOf(template, 'notification', 'TaskRoleArn'));
    // The dead-letter grant's own statements are checked by the test after this one.
    const sqsStatements = statements.filter(
      (s) => actionsOf([s]).some((a) => a.startsWith('sqs:')) && !isDeadLetterStatement(s),
    );
    // The policy minimiser (cdk.json) may merge the two queues' identical statements into one.
    expect(sqsStatements.length).toBeGreaterThan(0);
    for (const s of sqsStatements) {
      expect(actionsOf([s])).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(
        actionsOf([s]).some((a) => /^sqs:(Send|Purge|Delete(Queue)?$)/.test(a) && a !== 'sqs:DeleteMessage'),
      ).toBe(false);
    }
    const queues = sqsStatements.flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
    expect(queues).toHaveLength(2);
    expect(queues).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Queuenotification'),
        expect.stringContaining('EmailSendingFeedbackQueue'),
      ]),
    );
    // Its only sns:Publish is SMS to phone numbers (catalogue grant), with topics denied.
    const publish = statements.filter((s) => actionsOf([s]).includes('sns:Publish'));
    expect(publish.map((s) => [s.Effect, JSON.stringify(s.Resource)])).toEqual([
      ['Allow', '"*"'],
      ['Deny', expect.stringMatching(/:sns:\*:\*:\*/)],
    ]);
  });

  it('grants every catalogue service its own topic and queue only, and the JWT secret to user alone', () => {
    const template = grown.template('services');
    for (const name of flipped) {
      const statements = policyStatementsOfRole(template, roleOf(template, name, 'TaskRoleArn'));
      const touching = (prefix: string) =>
        statements.filter((s) => actionsOf([s]).some((a) => a.startsWith(prefix)));
      // One entry per resource: the policy minimiser (cdk.json) merges statements that differ only in it.
      const resources = (found: Statement[]) =>
        found.flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
      const publish = touching('sns:');
      const sms = (serviceSpec(name).aws?.grants ?? []).some((g) => g.kind === 'sms-publish');
      expect(resources(publish), name).toEqual([
        ...(isProducer(name) ? [expect.stringContaining(`Topic${name}`)] : []),
        ...(sms ? ['"*"', expect.stringMatching(/:sns:\*:\*:\*/)] : []),
      ]);
      // The topic key, for publishing to the encrypted topic; nothing else.
      expect(resources(touching('kms:')), name).toEqual(
        isProducer(name) ? [expect.stringContaining('TopicKey')] : [],
      );
      const feedback = (serviceSpec(name).aws?.grants ?? []).some((g) => g.kind === 'ses-feedback');
      const redrive = (serviceSpec(name).aws?.grants ?? []).some((g) => g.kind === 'dead-letter-redrive');
      expect(statements.filter(isDeadLetterStatement).length, name).toBe(redrive ? 2 : 0);
      const queues = [
        ...(isConsumer(name) ? [expect.stringContaining(`Queue${name}`)] : []),
        ...(feedback ? [expect.stringContaining('EmailSendingFeedbackQueue')] : []),
      ];
      const ownSqs = touching('sqs:').filter((s) => !isDeadLetterStatement(s));
      expect(resources(ownSqs), name).toHaveLength(queues.length);
      expect(resources(ownSqs), name).toEqual(expect.arrayContaining(queues));
      expect(resources(touching('secretsmanager:')), name).toEqual(
        name === 'user' ? ['{"Ref":"JwtSigningKeysSecret"}'] : [],
      );
      const ses = (serviceSpec(name).aws?.grants ?? []).some((g) => g.kind === 'ses-send');
      expect(resources(touching('ses:')), name).toEqual(
        ses ? [expect.stringContaining(':identity/shop.example.com')] : [],
      );
      for (const s of statements) {
        expect(
          actionsOf([s]).every((a) => /^(xray|sns|kms|sqs|secretsmanager|ses):/.test(a)),
          name,
        ).toBe(true);
        // `*` only where AWS has no resource ARN: X-Ray, and SMS to phone numbers.
        if (s.Resource === '*')
          expect(
            actionsOf([s]).every((a) => a.startsWith('xray:') || (sms && a === 'sns:Publish')),
            name,
          ).toBe(true);
      }
    }
  });

  it('lets notification inspect and redrive every DLQ with exactly the actions the adapter sends', () => {
    const template = grown.template('services');
    const statements = policyStatementsOfRole(template, roleOf(template, 'notification', 'TaskRoleArn'));
    const bySid = (sid: string) => statements.find((s) => (s as { Sid?: string }).Sid === sid);
    const dlq = bySid(DEAD_LETTER_SIDS.deadLetterQueues)!;
    expect([dlq.Action].flat().sort()).toEqual(
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:StartMessageMoveTask',
      ].sort(),
    );
    const resources = (s: Statement) => [s.Resource].flat().map((r) => JSON.stringify(r));
    // One DLQ per catalogue consumer, and no source queue among them.
    expect(resources(dlq)).toHaveLength(consumers.length);
    for (const consumer of consumers) {
      expect(resources(dlq)).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`Queue${consumer}DeadLetterQueue`))]),
      );
    }
    const source = bySid(DEAD_LETTER_SIDS.sourceQueues)!;
    expect(source.Action).toBe('sqs:SendMessage');
    expect(resources(source)).toHaveLength(consumers.length);
    expect(resources(source).every((r) => /Queue[a-z]+Queue/.test(r) && !r.includes('DeadLetter'))).toBe(
      true,
    );
    // The container is told where every queue is.
    const env = taskOf(template, 'notification').env;
    for (const consumer of consumers) {
      expect(env[`EVENT_QUEUE_URL_${consumer.toUpperCase()}`], consumer).toBeDefined();
      expect(env[`EVENT_DLQ_URL_${consumer.toUpperCase()}`], consumer).toBeDefined();
    }
    // Positive control: a consumer without the grant gets neither the statements nor the URLs.
    const order = policyStatementsOfRole(template, roleOf(template, 'order', 'TaskRoleArn'));
    expect(order.filter(isDeadLetterStatement)).toEqual([]);
    expect(JSON.stringify(order)).not.toContain('sqs:SendMessage');
    expect(taskOf(template, 'order').env.EVENT_DLQ_URL_ORDER).toBeUndefined();
  });

  it('lets the execution role read the DocumentDB secret only for database services', () => {
    const template = dev.template('services');
    const user = policyStatementsOfRole(template, roleOf(template, 'user', 'ExecutionRoleArn'));
    expect(actionsOf(user)).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'kms:Decrypt']));
    const gateway = policyStatementsOfRole(template, roleOf(template, 'api-gateway', 'ExecutionRoleArn'));
    expect(actionsOf(gateway).some((a) => a.startsWith('kms:'))).toBe(false);
    // The gateway's execution role reads the service credential and no other secret.
    const gatewaySecrets = gateway.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(gatewaySecrets.map((s) => s.Resource)).toEqual([{ Ref: 'ServiceCredentialSecret' }]);
    expect(JSON.stringify(user)).toContain('"Ref":"ServiceCredentialSecret"');
  });
});

describe('per-service AWS needs, from the catalogue', () => {
  const roleOf = (template: Template, service: ServiceName, which: 'TaskRoleArn' | 'ExecutionRoleArn') =>
    (taskOf(template, service).props[which] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const secretsOfTask = (template: Template, service: ServiceName) =>
    Object.fromEntries((taskOf(template, service).app.Secrets ?? []).map((s) => [s.Name, s.ValueFrom]));

  it('creates ONE generated service credential and injects it into every backend service, no web app', () => {
    const template = grown.template('services');
    const secret = resourcesOf(template, 'AWS::SecretsManager::Secret').ServiceCredentialSecret!;
    expect(secret.Properties!.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(secret.Properties!.SecretString).toBeUndefined();
    for (const name of flipped) {
      const backend = !['admin-dashboard', 'customer-portal'].includes(name);
      expect(secretsOfTask(template, name).SERVICE_CREDENTIAL, name).toEqual(
        backend ? { Ref: 'ServiceCredentialSecret' } : undefined,
      );
    }
  });

  it('gives product and payment their provider keys as ECS secrets only they can read', () => {
    const template = grown.template('services');
    const secrets = resourcesOf(template, 'AWS::SecretsManager::Secret');
    const own = {
      product: ['CLOUDINARY_URL', 'CloudinaryUrlSecret'],
      payment: ['STRIPE_SECRET_KEY', 'StripeSecretKeySecret'],
    };
    for (const [service, [env, logicalId]] of Object.entries(own) as [ServiceName, [string, string]][]) {
      expect(secretsOfTask(template, service)[env]).toEqual({ Ref: logicalId });
      // A marker until an operator stores the key (docs/deploy.md): never a key in the template.
      expect(String(secrets[logicalId]!.Properties!.SecretString)).toMatch(/^not-set:/);
      for (const other of flipped) {
        const reads = JSON.stringify(
          policyStatementsOfRole(template, roleOf(template, other, 'ExecutionRoleArn')),
        );
        expect(reads.includes(`"Ref":"${logicalId}"`), `${other} reads ${logicalId}`).toBe(other === service);
        expect(secretsOfTask(template, other)[env], other).toEqual(
          other === service ? { Ref: logicalId } : undefined,
        );
      }
    }
  });

  it('lets notification send mail from the sender identity only, and tells it which one', () => {
    const template = grown.template('services');
    const statements = policyStatementsOfRole(template, roleOf(template, 'notification', 'TaskRoleArn'));
    const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(ses.length).toBe(1);
    expect(actionsOf(ses).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(JSON.stringify(ses[0]!.Resource)).toMatch(/:ses:.*:identity\/shop\.example\.com"/);
    expect(taskOf(template, 'notification').env.EMAIL_SENDER_IDENTITY).toBe('shop.example.com');
    expect(taskOf(template, 'notification').env).toMatchObject({
      NOTIFICATION_TRANSPORT: 'aws',
      SES_CONFIGURATION_SET: { Ref: expect.stringMatching(/^EmailSendingConfigurationSet/) },
      PUBLIC_BASE_URL: 'https://shop.example.com',
    });
    expect(taskOf(template, 'order').env.EMAIL_SENDER_IDENTITY).toBeUndefined();
  });

  it('creates the SES identity with Easy DKIM and a configuration set that suppresses bounces', () => {
    const template = grown.template('services');
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'shop.example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'b2b-prod-notifications',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    // Positive control on the filter: the order service's task is told nothing about SES.
    expect(taskOf(template, 'order').env.SES_CONFIGURATION_SET).toBeUndefined();
  });

  it('publishes SES bounces and complaints to an encrypted topic feeding the notification service’s feedback queue', () => {
    const template = grown.template('services');
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^EmailSendingConfigurationSet') },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^EmailSendingFeedbackTopic') } },
      }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
      TopicName: Match.absent(),
    });
    // SES (of this configuration set, in this account) may publish, and may use the topic key.
    const topicPolicies = JSON.stringify(template.findResources('AWS::SNS::TopicPolicy'));
    expect(topicPolicies).toMatch(/"Service":"ses\.amazonaws\.com"/);
    expect(topicPolicies).toContain('configuration-set/');
    const keys = Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) =>
      id.startsWith('EmailSendingFeedbackKey'),
    );
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys[0]![1])).toMatch(/"Service":"ses\.amazonaws\.com"/);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      TopicArn: { Ref: Match.stringLikeRegexp('^EmailSendingFeedbackTopic') },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'b2b-prod-ses-feedback',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: MAX_RECEIVES },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'b2b-prod-ses-feedback-dlq' });
    expect(taskOf(template, 'notification').env.SES_FEEDBACK_QUEUE_URL).toEqual({
      Ref: expect.stringMatching(/^EmailSendingFeedbackQueue/),
    });
    // Positive control: a service without the grant is not told about the queue.
    expect(taskOf(template, 'order').env.SES_FEEDBACK_QUEUE_URL).toBeUndefined();
  });

  it(
    'refuses to synthesise a mail-sending service without a sender identity',
    () => {
      const attempt = (overrides: Parameters<typeof settings>[0]) => () =>
        buildPlatform(settings(overrides), {
          services: [...new Set([...live, 'notification' as const])],
          synthesize: false,
        });
      expect(attempt({ emailSenderIdentity: undefined })).toThrow(/sender identity/);
      // Positive control: an explicit identity (no domain) is enough.
      expect(attempt({ emailSenderIdentity: 'mail.example.com' })).not.toThrow();
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('load balancer', () => {
  const listenerRules = (template: Template) =>
    Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule')).map(
      (r) => r.Properties!,
    );

  it('routes /api/* (priority 10) to the gateway, /admin* (20) to the admin dashboard, the rest to the portal', () => {
    const template = dev.template('services');
    const rules = listenerRules(template);
    const api = rules.find((r) => r.Priority === 10)!;
    expect(api.Conditions).toEqual([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }]);
    expect((api.Actions as { Type: string }[])[0]!.Type).toBe('forward');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
    });
    const admin = rules.find((r) => r.Priority === 20)!;
    expect(admin.Conditions).toEqual([
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/admin', '/admin/*'] } },
    ]);
    // Both web apps are live: their rules forward (a planned one would answer a fixed 503).
    expect((admin.Actions as { Type: string }[])[0]!.Type).toBe('forward');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3007 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3008 });
    // The portal claims `*` with a catch-all rule after every path rule (blue/green shifts a rule's
    // weights; a listener's default action is not a rule), so the default action is a bare 404.
    const portal = rules.find((r) => r.Priority === CATCH_ALL_PRIORITY)!;
    expect(portal.Conditions).toEqual([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }]);
    expect((portal.Actions as { Type: string }[])[0]!.Type).toBe('forward');
    const listener = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener'))[0]!;
    expect(listener.Properties).toMatchObject({ Port: 80, Protocol: 'HTTP' });
    expect(listener.Properties!.DefaultActions).toEqual([
      expect.objectContaining({
        Type: 'fixed-response',
        FixedResponseConfig: expect.objectContaining({ StatusCode: '404' }),
      }),
    ]);
  });

  it('deploys the ALB-fronted services blue/green (two groups, one weighted rule, a bake time, alarm rollback) and the rest rolling', () => {
    const template = dev.template('services');
    const rules = listenerRules(template);
    const ecsServices = Object.values(resourcesOf(template, 'AWS::ECS::Service')).map((s) => s.Properties!);
    const blueGreen = ecsServices.filter(
      (s) => (s.DeploymentConfiguration as { Strategy: string }).Strategy === 'BLUE_GREEN',
    );
    const publicLive = live.filter((name) => services[name].public);
    expect(blueGreen.length).toBe(publicLive.length);
    for (const service of blueGreen) {
      expect(service.DeploymentConfiguration).toMatchObject({
        BakeTimeInMinutes: 5,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { Enable: true, Rollback: true },
      });
      const [lb] = service.LoadBalancers as {
        TargetGroupArn: { Ref: string };
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: string };
          ProductionListenerRule: { Ref: string };
          RoleArn: unknown;
        };
      }[];
      expect(lb!.TargetGroupArn.Ref).toMatch(/Blue/);
      expect(lb!.AdvancedConfiguration.AlternateTargetGroupArn.Ref).toMatch(/Green/);
      // The production rule forwards to both groups, all weight on blue: ECS moves it.
      const rule =
        template.toJSON().Resources[lb!.AdvancedConfiguration.ProductionListenerRule.Ref].Properties;
      expect(rule.Actions).toEqual([
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: { Ref: lb!.TargetGroupArn.Ref }, Weight: 100 },
              { TargetGroupArn: { Ref: lb!.AdvancedConfiguration.AlternateTargetGroupArn.Ref }, Weight: 0 },
            ],
          },
        },
      ]);
      expect(rules).toContainEqual(rule);
    }
    // Positive control: the Service Connect-only services roll, with the same alarms and breaker.
    const rolling = ecsServices.filter(
      (s) => (s.DeploymentConfiguration as { Strategy: string }).Strategy === 'ROLLING',
    );
    expect(rolling.length).toBe(live.length - publicLive.length);
    for (const service of rolling) {
      expect(service.LoadBalancers ?? []).toEqual([]);
      expect(service.DeploymentConfiguration).toMatchObject({ Alarms: { Enable: true, Rollback: true } });
      expect((service.DeploymentConfiguration as Record<string, unknown>).BakeTimeInMinutes).toBeUndefined();
    }
    // prod bakes longer (the pager alarms need their window before blue is gone).
    for (const service of Object.values(resourcesOf(grown.template('services'), 'AWS::ECS::Service'))) {
      const config = service.Properties!.DeploymentConfiguration as {
        Strategy: string;
        BakeTimeInMinutes?: number;
      };
      if (config.Strategy === 'BLUE_GREEN') expect(config.BakeTimeInMinutes).toBe(15);
    }
  });

  it('lets ECS shift only its own service: the traffic-shift role reaches one rule and two groups', () => {
    const template = dev.template('services');
    const roles = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).filter(([id]) =>
      id.includes('TrafficShiftRole'),
    );
    expect(roles.length).toBe(live.filter((name) => services[name].public).length);
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
    for (const [id, role] of roles) {
      expect(JSON.stringify(role.Properties!.AssumeRolePolicyDocument)).toContain('ecs.amazonaws.com');
      expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
      const policy = policies.find((p) => JSON.stringify(p.Properties!.Roles).includes(id))!;
      const statements = (
        policy.Properties!.PolicyDocument as {
          Statement: { Action: string | string[]; Resource: unknown }[];
        }
      ).Statement;
      const modify = statements.find((s) => s.Action === 'elasticloadbalancing:ModifyRule')!;
      expect(JSON.stringify(modify.Resource)).toMatch(/Rule/);
      const register = statements.find(
        (s) => Array.isArray(s.Action) && s.Action.includes('elasticloadbalancing:RegisterTargets'),
      )!;
      expect((register.Resource as unknown[]).length).toBe(2);
      // Only the Describe calls (no resource-level permissions exist for them) are on *.
      for (const statement of statements.filter((s) => s.Resource === '*'))
        for (const action of [statement.Action].flat())
          expect(action).toMatch(/^elasticloadbalancing:Describe/);
    }
  });

  it('forwards /admin* and the default to their services once live, over HTTPS with an HTTP redirect', () => {
    const template = grown.template('services');
    const listeners = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')).map(
      (l) => l.Properties!,
    );
    const https = listeners.find((l) => l.Port === 443)!;
    expect(https).toMatchObject({ Protocol: 'HTTPS', Certificates: [{ CertificateArn: certificateArn }] });
    expect(String(https.SslPolicy)).toMatch(/TLS13/);
    const portal = listenerRules(template).find((r) => r.Priority === CATCH_ALL_PRIORITY)!;
    expect((portal.Actions as { Type: string }[])[0]!.Type).toBe('forward');
    const http = listeners.find((l) => l.Port === 80)!;
    expect(http.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } },
    ]);
    const admin = listenerRules(template).find((r) => r.Priority === 20)!;
    expect((admin.Actions as { Type: string }[])[0]!.Type).toBe('forward');
  });

  it('writes access logs to an encrypted, versioned, TLS-only bucket', () => {
    const template = dev.template('services');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
    });
    const alb = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]!;
    expect(alb.Properties!.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    );
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'))[0]!;
    expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('protects the ALB with a WAF web ACL (managed groups + rate limit) and logs it', () => {
    const template = dev.template('services');
    const acl = Object.entries(resourcesOf(template, 'AWS::WAFv2::WebACL'))[0]!;
    const rules = acl[1].Properties!.Rules as {
      Name: string;
      OverrideAction?: Record<string, unknown>;
      Statement: {
        ManagedRuleGroupStatement?: { Name: string; RuleActionOverrides?: unknown };
        RateBasedStatement?: Record<string, unknown>;
      };
    }[];
    expect(acl[1].Properties!.Scope).toBe('REGIONAL');
    expect(
      rules
        .map((r) => r.Statement.ManagedRuleGroupStatement?.Name)
        .filter(Boolean)
        .sort(),
    ).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
    ]);
    // Everything blocks except the 8 KB body-size rule, which would refuse image uploads (≤ 5 MB).
    const overrides = rules.map((r) => [r.Name, r.Statement.ManagedRuleGroupStatement?.RuleActionOverrides]);
    expect(overrides.filter(([, o]) => o !== undefined)).toEqual([
      ['AWSManagedRulesCommonRuleSet', [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]],
    ]);
    expect(rules.every((r) => r.Name === 'RateLimitPerIp' || 'None' in (r.OverrideAction ?? {}))).toBe(true);
    const rate = rules.find((r) => r.Statement.RateBasedStatement)!;
    expect(rate.Statement.RateBasedStatement).toMatchObject({ Limit: 1000, AggregateKeyType: 'IP' });
    const albId = Object.keys(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]!;
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: albId },
      WebACLArn: { 'Fn::GetAtt': [acl[0], 'Arn'] },
    });
    const logging = Object.values(resourcesOf(template, 'AWS::WAFv2::LoggingConfiguration'))[0]!;
    expect(logging.Properties!.ResourceArn).toEqual({ 'Fn::GetAtt': [acl[0], 'Arn'] });
    const [wafLogGroupId] = Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup')).find(
      ([, group]) => group.Properties!.LogGroupName === 'aws-waf-logs-b2b-dev',
    )!;
    const destination = JSON.stringify(logging.Properties!.LogDestinationConfigs);
    expect(destination).toContain(':log-group:');
    expect(destination).toContain(`{"Ref":"${wafLogGroupId}"}`);
    expect(JSON.stringify(logging.Properties!.RedactedFields)).toContain('authorization');
  });

  it('allows and prints the origin browsers use: http without a certificate, lower-case domain', () => {
    const albId = Object.keys(
      resourcesOf(dev.template('services'), 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
    )[0]!;
    const albOrigin = {
      'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }, ',https://partner.example.com']],
    };
    expect(taskOf(dev.template('services'), 'api-gateway').env.CORS_ORIGINS).toEqual(albOrigin);
    const outputs = dev.template('services').toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.PortalUrl?.Value)).toContain('"http://"');
    // A domain without a certificate is served on port 80 only: https:// would point nowhere.
    const plain = { https: false, loadBalancerDnsName: 'alb.example' };
    expect(publicOrigin({ ...plain, domainName: 'Shop.Example.com' })).toBe('http://shop.example.com');
    expect(publicOrigin(plain)).toBe('http://alb.example');
    expect(publicOrigin({ ...plain, https: true, domainName: 'shop.example.com' })).toBe(
      'https://shop.example.com',
    );
  });

  it('exposes the portal, admin and API URLs as stack outputs', () => {
    const outputs = grown.template('services').toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.PortalUrl?.Value).toBe('https://shop.example.com/');
    expect(outputs.AdminUrl?.Value).toBe('https://shop.example.com/admin');
    expect(outputs.ApiUrl?.Value).toBe('https://shop.example.com/api/v1');
  });
});

describe('security groups', () => {
  it('are open to the world only on the ALB, and only on 80 and 443', () => {
    for (const platform of [dev, grown]) {
      for (const name of ['network', 'data', 'services'] as const) {
        const template = platform.template(name);
        const inline = Object.entries(resourcesOf(template, 'AWS::EC2::SecurityGroup')).flatMap(([id, sg]) =>
          ((sg.Properties!.SecurityGroupIngress as Record<string, unknown>[]) ?? []).map((rule) => ({
            id,
            rule,
          })),
        );
        const standalone = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).map(
          (r) => ({
            id: JSON.stringify(r.Properties!.GroupId),
            rule: r.Properties!,
          }),
        );
        for (const { id, rule } of [...inline, ...standalone]) {
          if (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0') {
            expect(id).toMatch(/^EdgeSecurityGroup/);
            expect([80, 443]).toContain(rule.FromPort);
            expect(rule.ToPort).toBe(rule.FromPort);
          }
        }
      }
      const alb = Object.entries(resourcesOf(platform.template('services'), 'AWS::EC2::SecurityGroup')).find(
        ([id]) => id.startsWith('EdgeSecurityGroup'),
      )!;
      const open = (
        alb[1].Properties!.SecurityGroupIngress as { CidrIp?: string; FromPort: number }[]
      ).filter((r) => r.CidrIp === '0.0.0.0/0');
      expect(open.length).toBeGreaterThan(0);
    }
  });
});
