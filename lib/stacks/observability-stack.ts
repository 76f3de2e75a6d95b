import { type ConsumerName, isConsumer, type ServiceName, services } from '@b2b/shared/catalogue';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as docdb from 'aws-cdk-lib/aws-docdb';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  type EnvironmentName,
  type EnvironmentProfile,
  platformNames,
} from '../config/deployment-settings.ts';
import type { EventQueue } from '../constructs/event-queue.ts';
import type { DeployedService } from './services-stack.ts';

export interface ObservabilityStackProps extends StackProps {
  readonly envName: EnvironmentName;
  readonly profile: EnvironmentProfile;
  readonly alarmTopic: sns.ITopic;
  readonly cluster: ecs.ICluster;
  readonly deployed: ReadonlyMap<ServiceName, DeployedService>;
  readonly queues: ReadonlyMap<ConsumerName, EventQueue>;
  readonly database: docdb.DatabaseCluster;
}

const period = Duration.minutes(1);

/**
 * Request metrics of one service: ALB target groups for public ones (both blue/green groups: traffic
 * is on either, and on both while a deployment shifts it), Service Connect for the rest.
 */
function requestMetrics(cluster: ecs.ICluster, deployed: DeployedService) {
  const { targets } = deployed;
  if (targets) {
    const both = (
      label: string,
      expression: string,
      pick: (group: elbv2.ApplicationTargetGroup) => cloudwatch.IMetric,
    ) =>
      new cloudwatch.MathExpression({
        label,
        expression,
        usingMetrics: { blue: pick(targets.blue), green: pick(targets.green) },
        period,
      });
    return {
      requests: both('Requests', 'FILL(blue, 0) + FILL(green, 0)', (g) => g.metrics.requestCount({ period })),
      errors5xx: both('Target 5xx', 'FILL(blue, 0) + FILL(green, 0)', (g) =>
        g.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period }),
      ),
      // The slower of the two: while traffic is split, a slow green must show.
      latencyP95: both('p95 latency', 'MAX([blue, green])', (g) =>
        g.metrics.targetResponseTime({ period, statistic: 'p95' }),
      ),
      unhealthyHosts: both('Unhealthy targets', 'MAX([blue, green])', (g) =>
        g.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
      ),
      latencyUnit: 's',
      latencyThreshold: 1,
    };
  }
  // Service Connect publishes inbound traffic per DiscoveryName in AWS/ECS (latency in ms).
  const metric = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/ECS',
      metricName,
      statistic,
      period,
      dimensionsMap: {
        ClusterName: cluster.clusterName,
        ServiceName: deployed.microservice.service.serviceName,
        DiscoveryName: deployed.name,
      },
    });
  return {
    requests: metric('RequestCount', 'Sum'),
    errors5xx: metric('HTTPCode_Target_5XX_Count', 'Sum'),
    latencyP95: metric('TargetResponseTime', 'p95'),
    unhealthyHosts: undefined,
    latencyUnit: 'ms',
    latencyThreshold: 1000,
  };
}

/** A dashboard per service and the alarms the architecture asks for, all to the alarm topic. */
export class ObservabilityStack extends Stack {
  readonly dashboards: ReadonlyMap<ServiceName, cloudwatch.Dashboard>;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const notify = new actions.SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...alarmProps,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    };

    const documentDbMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DocDB',
        metricName,
        statistic,
        period: Duration.minutes(5),
        dimensionsMap: { DBClusterIdentifier: props.database.clusterIdentifier },
      });
    const dbCpu = documentDbMetric('CPUUtilization', 'Average');
    const dbConnections = documentDbMetric('DatabaseConnections', 'Maximum');
    alarm('DocumentDbCpu', {
      alarmDescription: 'DocumentDB CPU above 80 % for 15 minutes',
      metric: dbCpu,
      threshold: 80,
      evaluationPeriods: 3,
    });
    alarm('DocumentDbConnections', {
      alarmDescription: 'DocumentDB connections above 80 % of the instance limit',
      metric: dbConnections,
      threshold: Math.floor(props.profile.docDbMaxConnections * 0.8),
      evaluationPeriods: 3,
    });

    const dashboards = new Map<ServiceName, cloudwatch.Dashboard>();
    for (const [name, deployed] of props.deployed) {
      const { microservice } = deployed;
      const traffic = requestMetrics(props.cluster, deployed);
      // Named: the service's deployments watch them by name (a firing one rolls the deployment back).
      const alarmNames = platformNames.deploymentAlarms(props.envName, name);
      alarm(`Errors5xx-${name}`, {
        alarmName: alarmNames.errors5xx,
        alarmDescription: `${name}: more than 10 server errors a minute, 3 minutes in a row`,
        metric: traffic.errors5xx,
        threshold: 10,
        evaluationPeriods: 3,
      });
      alarm(`LatencyP95-${name}`, {
        alarmName: alarmNames.latencyP95,
        alarmDescription: `${name}: p95 latency above 1 s for 5 minutes`,
        metric: traffic.latencyP95,
        threshold: traffic.latencyThreshold,
        evaluationPeriods: 5,
      });
      if (traffic.unhealthyHosts) {
        alarm(`UnhealthyHosts-${name}`, {
          alarmDescription: `${name}: a target failed the ALB health check for 3 minutes`,
          metric: traffic.unhealthyHosts,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
        });
      }

      const widgets: cloudwatch.IWidget[] = [
        new cloudwatch.GraphWidget({ title: 'Requests / min', left: [traffic.requests], width: 8 }),
        new cloudwatch.GraphWidget({ title: '5xx / min', left: [traffic.errors5xx], width: 8 }),
        new cloudwatch.GraphWidget({
          title: `p95 latency (${traffic.latencyUnit})`,
          left: [traffic.latencyP95],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'CPU / memory (%)',
          left: [
            microservice.service.metricCpuUtilization({ period }),
            microservice.service.metricMemoryUtilization({ period }),
          ],
          width: 8,
        }),
      ];
      const eventQueue = isConsumer(name) ? props.queues.get(name) : undefined;
      if (eventQueue) {
        widgets.push(
          new cloudwatch.GraphWidget({
            title: 'Queue depth / DLQ depth',
            left: [eventQueue.queue.metricApproximateNumberOfMessagesVisible({ period })],
            right: [eventQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period })],
            width: 8,
          }),
        );
      }
      if (services[name].database) {
        widgets.push(
          new cloudwatch.GraphWidget({
            title: 'DocumentDB CPU (%) / connections',
            left: [dbCpu],
            right: [dbConnections],
            width: 8,
          }),
        );
      }
      const dashboard = new cloudwatch.Dashboard(this, `Dashboard-${name}`, {
        dashboardName: `b2b-${props.envName}-${name}`,
        defaultInterval: Duration.hours(3),
      });
      dashboard.addWidgets(...widgets);
      dashboards.set(name, dashboard);
    }
    this.dashboards = dashboards;
  }
}
