import type { ServiceName } from '@b2b/shared/catalogue';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as pipelineActions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  type EnvironmentName,
  platformNames,
  type SourceRepositorySettings,
} from '../config/deployment-settings.ts';
import { acknowledgeWildcards, nagArn, nagRef } from '../constructs/nag-acknowledgements.ts';
import { pinLogicalId } from '../constructs/pin-logical-id.ts';

export const PIPELINE_ARTIFACTS_BUCKET_LOGICAL_ID = 'PipelineArtifactsBucket';
/** The CDK CLI the deploy step runs (same major line as the repository's devDependency). */
export const CDK_CLI_VERSION = '2.1148.1';
/** Default bootstrap qualifier; the deploy role may assume only these bootstrap roles. */
const BOOTSTRAP_QUALIFIER = 'hnb659fds';
/** How long the smoke test waits for /api/v1/health to answer 200 after the deploy. */
export const SMOKE_TEST_DEADLINE_SECONDS = 300;

export interface PipelineStackProps extends StackProps {
  readonly envName: EnvironmentName;
  readonly source: SourceRepositorySettings;
  readonly repositories: ReadonlyMap<ServiceName, ecr.IRepository>;
  /**
   * The context the deployer synthesised this app with (env, region, domain, …). The build
   * re-synthesises with exactly these values, so the pipeline deploys what the deployer configured.
   */
  readonly deployContext: Record<string, string>;
}

/** Push to the branch → build, test, push images (buildspec.yml) → `cdk deploy` of that commit. */
export class PipelineStack extends Stack {
  readonly pipeline: codepipeline.Pipeline;
  readonly buildProject: codebuild.PipelineProject;
  readonly deployProject: codebuild.PipelineProject;
  readonly smokeTestProject: codebuild.PipelineProject;
  private readonly envName: EnvironmentName;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { envName } = props;
    this.envName = envName;

    const key = new kms.Key(this, 'ArtifactsKey', {
      description: 'Pipeline artifacts and build logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const artifacts = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(artifacts, PIPELINE_ARTIFACTS_BUCKET_LOGICAL_ID);
    Validations.of(artifacts).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Transient pipeline artifacts (30-day expiry) read and written only by the pipeline and build ' +
        'roles; CloudTrail records who touched them. A second bucket just for its access logs adds cost, not evidence.',
    });

    const registry = `${this.account}.dkr.ecr.${this.region}.${this.urlSuffix}`;
    this.buildProject = new codebuild.PipelineProject(this, 'Build', {
      description: 'buildspec.yml: lint, typecheck, test, synth, build and push one image per service',
      buildSpec: codebuild.BuildSpec.fromSourceFilename('buildspec.yml'),
      encryptionKey: key,
      timeout: Duration.minutes(60),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_8_0,
        computeType: codebuild.ComputeType.MEDIUM,
        // docker build needs the Docker daemon inside the build container.
        privileged: true,
      },
      cache: codebuild.Cache.local(codebuild.LocalCacheMode.CUSTOM, codebuild.LocalCacheMode.DOCKER_LAYER),
      environmentVariables: {
        ENV_NAME: { value: envName },
        ECR_REGISTRY: { value: registry },
        ECR_REPOSITORY_PREFIX: { value: `b2b-${envName}` },
        CDK_CONTEXT_JSON: { value: JSON.stringify(props.deployContext) },
      },
    });
    Validations.of(this.buildProject).acknowledge({
      id: 'AwsSolutions-CB3',
      reason:
        'Privileged mode runs the Docker daemon that builds the service images; the project runs only ' +
        "this repository's buildspec on commits of the configured branch.",
    });
    for (const repository of props.repositories.values()) repository.grantPullPush(this.buildProject);
    // `cdk synth` with credentials looks up AZs through the bootstrap lookup role (read-only) when
    // cdk.context.json does not already hold them.
    this.buildProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkLookupRole',
        actions: ['sts:AssumeRole'],
        resources: [this.bootstrapRoleArn('lookup')],
      }),
    );

    this.deployProject = new codebuild.PipelineProject(this, 'Deploy', {
      description: 'cdk deploy of the assembly the build synthesised, then record the deployed tag',
      encryptionKey: key,
      timeout: Duration.minutes(90),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_8_0,
        computeType: codebuild.ComputeType.SMALL,
      },
      environmentVariables: {
        DEPLOYED_TAG_PARAMETER: { value: platformNames.deployedImageTagParameter(envName) },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          install: { 'runtime-versions': { nodejs: 22 } },
          build: {
            commands: [
              'set -euo pipefail',
              `npx --yes aws-cdk@${CDK_CLI_VERSION} deploy --app . --all --require-approval never --concurrency 2`,
            ],
          },
        },
      }),
    });
    // cdk deploy works through the bootstrap roles; this role may assume exactly those.
    this.deployProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((role) =>
          this.bootstrapRoleArn(role),
        ),
      }),
    );
    const servicesStackName = `${platformNames.stackPrefix(envName)}-Services`;
    this.smokeTestProject = new codebuild.PipelineProject(this, 'SmokeTest', {
      description:
        'After cdk deploy: GET /api/v1/health through the ALB until 200 or the deadline, then record the deployed tag',
      encryptionKey: key,
      timeout: Duration.minutes(15),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_8_0,
        computeType: codebuild.ComputeType.SMALL,
      },
      environmentVariables: {
        DEPLOYED_TAG_PARAMETER: { value: platformNames.deployedImageTagParameter(envName) },
        SERVICES_STACK: { value: servicesStackName },
        SMOKE_DEADLINE_SECONDS: { value: String(SMOKE_TEST_DEADLINE_SECONDS) },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          build: {
            commands: [
              'set -euo pipefail',
              // The ApiUrl output of the services stack: the ALB (or the domain) the users reach.
              `api=$(aws cloudformation describe-stacks --stack-name "$SERVICES_STACK" --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue" --output text)`,
              'echo "smoke test: $api/health"',
              // Poll with a deadline: tasks may still be registering with the target group.
              'deadline=$(( $(date +%s) + SMOKE_DEADLINE_SECONDS )); status=000',
              'until [ "$status" = 200 ] || [ "$(date +%s)" -ge "$deadline" ]; do status=$(curl -sk -o /tmp/health.json -w "%{http_code}" --max-time 10 "$api/health" || echo 000); [ "$status" = 200 ] || sleep 10; done',
              'cat /tmp/health.json || true; echo; echo "health answered $status"',
              // A failure fails the Deploy stage, whose onFailure ROLLBACK redeploys the last good assembly.
              '[ "$status" = 200 ]',
              // Written only once the deployed platform answers: a manual `-c imageTag=deployed` never rolls back.
              'aws ssm put-parameter --name "$DEPLOYED_TAG_PARAMETER" --type String --overwrite --value "$IMAGE_TAG"',
            ],
          },
        },
      }),
    });
    this.smokeTestProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadServicesStackOutputs',
        actions: ['cloudformation:DescribeStacks'],
        resources: [
          this.formatArn({
            service: 'cloudformation',
            resource: 'stack',
            resourceName: `${servicesStackName}/*`,
          }),
        ],
      }),
    );
    this.smokeTestProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'RecordDeployedImageTag',
        actions: ['ssm:PutParameter'],
        resources: [
          this.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: platformNames.deployedImageTagParameter(envName).replace(/^\//, ''),
          }),
        ],
      }),
    );

    const sourceOutput = new codepipeline.Artifact('Source');
    const buildOutput = new codepipeline.Artifact('CloudAssembly');
    const source = new pipelineActions.CodeStarConnectionsSourceAction({
      actionName: 'Source',
      connectionArn: props.source.connectionArn,
      owner: props.source.owner,
      repo: props.source.name,
      branch: props.source.branch,
      triggerOnPush: true,
      output: sourceOutput,
    });
    const imageTag = { IMAGE_TAG: { value: source.variables.commitId } };

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: `b2b-${envName}`,
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: artifacts,
      restartExecutionOnUpdate: false,
      stages: [
        { stageName: 'Source', actions: [source] },
        {
          stageName: 'Build',
          actions: [
            new pipelineActions.CodeBuildAction({
              actionName: 'TestAndPushImages',
              project: this.buildProject,
              input: sourceOutput,
              outputs: [buildOutput],
              environmentVariables: imageTag,
            }),
          ],
        },
        {
          stageName: 'Deploy',
          actions: [
            new pipelineActions.CodeBuildAction({
              actionName: 'CdkDeploy',
              project: this.deployProject,
              input: buildOutput,
              environmentVariables: imageTag,
              runOrder: 1,
            }),
            new pipelineActions.CodeBuildAction({
              actionName: 'SmokeTest',
              project: this.smokeTestProject,
              input: buildOutput,
              environmentVariables: imageTag,
              runOrder: 2,
            }),
          ],
          // A failed deploy or smoke test rolls the stage back: CodePipeline re-runs it with the
          // artifacts of the last execution that succeeded here (that commit's assembly and images).
          onFailure: { result: codepipeline.Result.ROLLBACK },
        },
      ],
    });

    this.acknowledgeGeneratedGrants();
  }

  private bootstrapRoleArn(role: string): string {
    return `arn:${this.partition}:iam::${this.account}:role/cdk-${BOOTSTRAP_QUALIFIER}-${role}-role-${this.account}-${this.region}`;
  }

  /** The wildcards below come from CDK's own artifact, log and report grants, each scoped to one resource. */
  private acknowledgeGeneratedGrants(): void {
    const artifactGrant = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      `Resource::<${PIPELINE_ARTIFACTS_BUCKET_LOGICAL_ID}.Arn>/*`,
    ];
    const artifactWrite = ['Action::s3:DeleteObject*', 'Action::s3:Abort*'];
    const keyGrant = ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'];
    const artifactsReason =
      'Pipeline artifact grant generated by CDK: the s3 action families and object wildcard apply to ' +
      'the one artifacts bucket of this pipeline, the kms families to its one artifacts key.';
    acknowledgeWildcards(this.pipeline, [...artifactGrant, ...artifactWrite, ...keyGrant], artifactsReason);
    acknowledgeWildcards(
      this.buildProject,
      [...artifactGrant, ...artifactWrite, ...keyGrant],
      artifactsReason,
    );
    acknowledgeWildcards(this.deployProject, [...artifactGrant, ...keyGrant], artifactsReason);
    acknowledgeWildcards(this.smokeTestProject, [...artifactGrant, ...keyGrant], artifactsReason);

    for (const project of [this.buildProject, this.deployProject, this.smokeTestProject]) {
      const name = nagRef(project.node.defaultChild as codebuild.CfnProject);
      acknowledgeWildcards(
        project,
        [
          `Resource::${nagArn(this, 'logs', `log-group:/aws/codebuild/${name}:*`)}`,
          `Resource::${nagArn(this, 'codebuild', `report-group/${name}-*`)}`,
        ],
        'CodeBuild writes its build log streams (`:*`) into the log group named after this project and ' +
          'test reports into report groups prefixed with the project name; nothing else.',
      );
    }
    acknowledgeWildcards(
      this.smokeTestProject,
      [
        `Resource::${nagArn(this, 'cloudformation', `stack/${platformNames.stackPrefix(this.envName)}-Services/*`)}`,
      ],
      'A stack ARN ends in a generated id (`/*`): DescribeStacks on the one services stack of this environment.',
    );
    acknowledgeWildcards(
      this.buildProject,
      ['Resource::*'],
      'ecr:GetAuthorizationToken (docker login to push images) has no resource-level permissions; push ' +
        'and pull actions are scoped to the service repositories.',
    );
  }
}
