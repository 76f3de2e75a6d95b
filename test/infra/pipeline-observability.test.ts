import { liveServices } from '@b2b/shared/catalogue';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltPlatform,
  buildPlatform,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
  sourceRepository,
} from './platform-fixture.ts';

let platform: BuiltPlatform;

beforeAll(() => {
  platform = buildPlatform(
    settings({ envName: 'prod', account: '123456789012', sourceRepository, alarmEmail: 'ops@example.com' }),
  );
}, SYNTH_TIMEOUT_MS);

type Statement = { Action: string | string[]; Resource: unknown };
const statementsOf = (resources: ReturnType<typeof resourcesOf>, roleId: string): Statement[] =>
  Object.values(resources)
    .filter((p) => JSON.stringify(p.Properties!.Roles).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);

describe('pipeline stack', () => {
  it('runs Source (connection, push to the branch) → Build (buildspec.yml) → Deploy', () => {
    const template = platform.template('pipeline');
    const pipeline = Object.values(resourcesOf(template, 'AWS::CodePipeline::Pipeline'))[0]!.Properties!;
    const stages = pipeline.Stages as {
      Name: string;
      Actions: { ActionTypeId: Record<string, string>; Configuration: Record<string, unknown> }[];
    }[];
    expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy']);
    const source = stages[0]!.Actions[0]!;
    expect(source.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(source.Configuration).toMatchObject({
      ConnectionArn: sourceRepository.connectionArn,
      FullRepositoryId: `${sourceRepository.owner}/${sourceRepository.name}`,
      BranchName: sourceRepository.branch,
      // Start on every push to that branch.
      DetectChanges: true,
    });
    expect(pipeline.PipelineType).toBe('V2');
    for (const stage of stages.slice(1)) expect(stage.Actions[0]!.ActionTypeId.Provider).toBe('CodeBuild');
    // Build and deploy both know the commit: images are tagged with it, the deploy records it.
    expect(JSON.stringify(stages[1]!.Actions[0]!.Configuration.EnvironmentVariables)).toContain('IMAGE_TAG');
    expect(JSON.stringify(stages[2]!.Actions[0]!.Configuration.EnvironmentVariables)).toContain('IMAGE_TAG');
  });

  it('builds with buildspec.yml in privileged mode, encrypted with the artifacts key', () => {
    const template = platform.template('pipeline');
    const projects = Object.values(resourcesOf(template, 'AWS::CodeBuild::Project')).map(
      (p) => p.Properties!,
    );
    const build = projects.find((p) => (p.Source as { BuildSpec: string }).BuildSpec === 'buildspec.yml')!;
    expect(build.Environment).toMatchObject({ PrivilegedMode: true, Image: 'aws/codebuild/standard:8.0' });
    expect(JSON.stringify(build.Environment)).toContain('CDK_CONTEXT_JSON');
    for (const project of projects) expect(project.EncryptionKey).toBeDefined();
    const deploy = projects.filter((p) =>
      String((p.Source as { BuildSpec: string }).BuildSpec).includes('deploy --app . --all'),
    );
    expect(deploy).toHaveLength(1);
  });

  it('stores artifacts in a KMS-encrypted, TLS-only, versioned bucket', () => {
    const template = platform.template('pipeline');
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'))[0]!;
    expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('lets the deploy step assume only the CDK bootstrap roles and nothing else', () => {
    const template = platform.template('pipeline');
    const projects = resourcesOf(template, 'AWS::CodeBuild::Project');
    const deploy = Object.values(projects).find((p) =>
      String((p.Properties!.Source as { BuildSpec: string }).BuildSpec).includes('deploy --app . --all'),
    )!;
    const roleId = (deploy.Properties!.ServiceRole as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = statementsOf(resourcesOf(template, 'AWS::IAM::Policy'), roleId);
    const assume = statements.filter((s) => [s.Action].flat().includes('sts:AssumeRole'));
    expect(assume.length).toBe(1);
    const roles = assume[0]!.Resource as unknown[];
    expect(roles.length).toBe(4);
    for (const role of roles)
      expect(JSON.stringify(role)).toMatch(/:role\/cdk-hnb659fds-[a-z-]+-role-123456789012-eu-west-1/);
    expect(statements.some((s) => [s.Action].flat().some((a) => a.startsWith('ssm:')))).toBe(false);
    expect(statements.some((s) => [s.Action].flat().some((a) => a.startsWith('ecr:')))).toBe(false);
  });

  it('smoke-tests /api/v1/health after the deploy, records the tag only then, and rolls the stage back on failure', () => {
    const template = platform.template('pipeline');
    const pipeline = Object.values(resourcesOf(template, 'AWS::CodePipeline::Pipeline'))[0]!.Properties!;
    const deployStage = (
      pipeline.Stages as {
        Name: string;
        OnFailure?: unknown;
        Actions: { Name: string; RunOrder: number }[];
      }[]
    ).find((s) => s.Name === 'Deploy')!;
    expect(deployStage.Actions.map((a) => [a.Name, a.RunOrder])).toEqual([
      ['CdkDeploy', 1],
      ['SmokeTest', 2],
    ]);
    expect(deployStage.OnFailure).toEqual({ Result: 'ROLLBACK' });
    const smoke = Object.values(resourcesOf(template, 'AWS::CodeBuild::Project')).find((p) =>
      String((p.Properties!.Source as { BuildSpec: string }).BuildSpec).includes('/health'),
    )!;
    const spec = String((smoke.Properties!.Source as { BuildSpec: string }).BuildSpec);
    expect(spec).toContain("OutputKey=='ApiUrl'");
    // The tag is written after the health check passed, never before it.
    expect(spec.indexOf('[ \\"$status\\" = 200 ]')).toBeGreaterThan(-1);
    expect(spec.indexOf('ssm put-parameter')).toBeGreaterThan(spec.indexOf('[ \\"$status\\" = 200 ]'));
    const roleId = (smoke.Properties!.ServiceRole as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = statementsOf(resourcesOf(template, 'AWS::IAM::Policy'), roleId);
    const ssm = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ssm:')));
    expect(ssm.map((s) => s.Action)).toEqual(['ssm:PutParameter']);
    expect(JSON.stringify(ssm[0]!.Resource)).toContain('parameter/b2b/prod/deployed-image-tag');
    const describe = statements.filter((s) => [s.Action].flat().includes('cloudformation:DescribeStacks'));
    expect(JSON.stringify(describe[0]!.Resource)).toContain('stack/B2b-prod-Services/*');
    expect(statements.some((s) => [s.Action].flat().includes('sts:AssumeRole'))).toBe(false);
  });

  it('lets the build push to the service repositories only', () => {
    const template = platform.template('pipeline');
    const build = Object.values(resourcesOf(template, 'AWS::CodeBuild::Project')).find(
      (p) => (p.Properties!.Source as { BuildSpec: string }).BuildSpec === 'buildspec.yml',
    )!;
    const roleId = (build.Properties!.ServiceRole as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const push = statementsOf(resourcesOf(template, 'AWS::IAM::Policy'), roleId).filter((s) =>
      [s.Action].flat().includes('ecr:PutImage'),
    );
    // minimizePolicies merges the per-repository grants into one statement: count the resources.
    const repositories = push.flatMap((statement) => [statement.Resource].flat());
    expect(repositories.length).toBe(liveServices().length);
    for (const repository of repositories) expect(JSON.stringify(repository)).toMatch(/EcrRepository/);
  });
});

describe('observability stack', () => {
  it('has one dashboard per deployed service with the agreed widgets', () => {
    const template = platform.template('observability');
    const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards.map((d) => d.Properties!.DashboardName).sort()).toEqual(
      liveServices()
        .map((name) => `b2b-prod-${name}`)
        .sort(),
    );
    const user = JSON.stringify(dashboards.find((d) => d.Properties!.DashboardName === 'b2b-prod-user'));
    for (const title of ['Requests / min', '5xx / min', 'p95 latency', 'CPU / memory', 'DocumentDB CPU']) {
      expect(user).toContain(title);
    }
  });

  it('alarms on 5xx, p95 latency, unhealthy hosts and DocumentDB CPU/connections, all to the alarm topic', () => {
    const template = platform.template('observability');
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    // Metric names of an alarm: its own, or those of the metrics its math expression combines.
    const metricsOf = (a: Record<string, unknown>) =>
      a.MetricName
        ? [{ name: a.MetricName as string, stat: (a.ExtendedStatistic ?? a.Statistic) as string }]
        : ((a.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string }; Stat: string } }[])
            .filter((m) => m.MetricStat)
            .map((m) => ({ name: m.MetricStat!.Metric.MetricName, stat: m.MetricStat!.Stat }));
    const watching = (metric: string) => alarms.filter((a) => metricsOf(a).some((m) => m.name === metric));
    expect(watching('HTTPCode_Target_5XX_Count').length).toBe(liveServices().length);
    expect(watching('TargetResponseTime').length).toBe(liveServices().length);
    for (const metric of ['UnHealthyHostCount', 'CPUUtilization', 'DatabaseConnections'])
      expect(watching(metric).length).toBeGreaterThan(0);
    for (const alarm of watching('TargetResponseTime'))
      for (const m of metricsOf(alarm)) expect(m.stat).toBe('p95');
    for (const alarm of alarms) expect(JSON.stringify(alarm.AlarmActions)).toContain('AlarmTopic');
  });

  it('names the alarms each service deployment watches, and watches both blue/green groups behind the ALB', () => {
    const template = platform.template('observability');
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    const byName = new Map(alarms.map((a) => [a.AlarmName as string | undefined, a]));
    const deployments = Object.values(resourcesOf(platform.template('services'), 'AWS::ECS::Service'));
    expect(deployments.length).toBe(liveServices().length);
    for (const service of deployments) {
      const names = (service.Properties!.DeploymentConfiguration as { Alarms: { AlarmNames: string[] } })
        .Alarms.AlarmNames;
      expect(names.length).toBe(2);
      // Every name a deployment watches is an alarm that exists (a typo would never roll back).
      for (const name of names) expect(byName.has(name)).toBe(true);
    }
    // Behind the ALB the 5xx alarm sums both target groups: after a deployment the traffic is on the other one.
    const gateway5xx = byName.get('b2b-prod-api-gateway-errors-5xx')!;
    const groups = (
      gateway5xx.Metrics as { MetricStat?: { Metric: { Dimensions: { Name: string; Value: unknown }[] } } }[]
    )
      .filter((m) => m.MetricStat)
      .map((m) =>
        JSON.stringify(m.MetricStat!.Metric.Dimensions.find((d) => d.Name === 'TargetGroup')!.Value),
      );
    expect(groups.length).toBe(2);
    expect(groups[0]).toMatch(/Blue/);
    expect(groups[1]).toMatch(/Green/);
    // Positive control: a Service Connect service's alarm is a plain metric (one source of traffic).
    expect(byName.get('b2b-prod-order-errors-5xx')!.MetricName).toBe('HTTPCode_Target_5XX_Count');
  });

  it('mails the alarm topic to the configured address', () => {
    platform.template('alerting').hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});
