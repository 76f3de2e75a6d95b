import type { ServiceName, ServiceSpec } from '@b2b/shared/catalogue';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Major-version tag as in the AWS ECS docs: patch releases of the daemon, no breaking changes. */
export const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:3.x';

export interface MicroserviceProps {
  readonly serviceName: ServiceName;
  readonly spec: ServiceSpec;
  readonly cluster: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
  /** The service's own group plus e.g. the DocumentDB client group. */
  readonly securityGroups: ec2.ISecurityGroup[];
  readonly subnets: ec2.SubnetSelection;
  readonly scaling: { readonly min: number; readonly max: number };
  readonly logGroupName: string;
  readonly logRetentionDays: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** ALB-fronted services get time to pass the target group health check before ECS judges them, and deploy blue/green. */
  readonly behindLoadBalancer: boolean;
  /** How long a blue/green deployment keeps the old revision after the new one took the traffic. */
  readonly bakeTime: Duration;
  /** Alarms that roll a deployment back when they fire during it (or its bake time). */
  readonly deploymentAlarmNames: readonly string[];
}

/**
 * One Fargate service: task definition with the app container and an X-Ray daemon sidecar, its
 * log group, Service Connect name, deployment circuit breaker and alarms (blue/green behind the
 * ALB, rolling otherwise), and CPU/memory autoscaling.
 * Permissions on other resources are granted by the stack through `taskRole`.
 */
export class Microservice extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly taskRole: iam.IRole;
  readonly container: ecs.ContainerDefinition;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const { serviceName, spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetentionDays,
      removalPolicy: props.logRemovalPolicy,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: spec.cpu,
      memoryLimitMiB: spec.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskRole = this.taskDefinition.taskRole;
    // The root filesystem is read-only; /tmp is the one writable, task-local scratch space.
    this.taskDefinition.addVolume({ name: 'tmp' });

    this.container = this.taskDefinition.addContainer('app', {
      image: props.image,
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'app' }),
      portMappings: [{ name: serviceName, containerPort: spec.port, appProtocol: ecs.AppProtocol.http }],
      // ECS ignores the image's HEALTHCHECK; busybox wget ships with the alpine runtime.
      healthCheck: {
        command: [
          'CMD-SHELL',
          `wget -q -O /dev/null http://127.0.0.1:${spec.port}${spec.healthPath} || exit 1`,
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      readonlyRootFilesystem: true,
      user: 'node',
      // SIGTERM, then the service drains; ECS kills after this.
      stopTimeout: Duration.seconds(30),
    });
    this.container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    const daemon = this.taskDefinition.addContainer('xray-daemon', {
      image: ecs.ContainerImage.fromRegistry(XRAY_DAEMON_IMAGE),
      cpu: 32,
      memoryReservationMiB: 64,
      // Tracing is best effort: a crashed daemon must not take the service down.
      essential: false,
      portMappings: [{ containerPort: 2000, protocol: ecs.Protocol.UDP }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'xray' }),
    });
    this.container.addContainerDependencies({
      container: daemon,
      condition: ecs.ContainerDependencyCondition.START,
    });
    // The app reaches the daemon on 127.0.0.1:2000 (awsvpc: containers share the task's network).

    // The daemon sends segments with the task role. X-Ray has no resource-level permissions.
    this.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'XRayDaemonWrite',
        actions: [
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
          'xray:GetSamplingStatisticSummaries',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(this.taskRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray daemon sidecar: xray:PutTraceSegments/PutTelemetryRecords/GetSampling* do not support ' +
        'resource-level permissions (AWS service authorization reference); no other statement uses *.',
    });

    Validations.of(this.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Execution role: ecr:GetAuthorizationToken (image pull login) has no resource-level permissions; ' +
        'image layer, log and secret actions are scoped to their repository, log group and secret.',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      // No desiredCount: CloudFormation would reset the running count to it on every deploy,
      // scaling in a service that autoscaling had scaled out. Created with 1 task, autoscaling
      // brings it to the catalogue minimum; updates keep whatever count is running.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      // ALB-fronted services: the new revision gets a full set of tasks in the idle target group,
      // takes the traffic, bakes, and only then is the old one stopped, so a rollback is a weight
      // shift, not a redeploy. The others (Service Connect only) roll task by task.
      ...(props.behindLoadBalancer
        ? { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: props.bakeTime }
        : { deploymentStrategy: ecs.DeploymentStrategy.ROLLING }),
      deploymentAlarms: {
        alarmNames: [...props.deploymentAlarmNames],
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
      securityGroups: props.securityGroups,
      vpcSubnets: props.subnets,
      assignPublicIp: false,
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      healthCheckGracePeriod: props.behindLoadBalancer ? Duration.seconds(60) : undefined,
      serviceConnectConfiguration: {
        services: [{ portMappingName: serviceName, dnsName: serviceName, port: spec.port }],
        logDriver: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'service-connect' }),
      },
    });

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: props.scaling.min,
      maxCapacity: props.scaling.max,
    });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    this.scaling.scaleOnMemoryUtilization('Memory', {
      targetUtilizationPercent: 75,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }
}
