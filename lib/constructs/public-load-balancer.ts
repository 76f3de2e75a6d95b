import type { ServiceSpec } from '@b2b/shared/catalogue';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pinLogicalId } from './pin-logical-id.ts';

export const ACCESS_LOGS_BUCKET_LOGICAL_ID = 'AlbAccessLogsBucket';

/** What a catalogue entry that is not live yet answers on its path. */
const notDeployedYet = elbv2.ListenerAction.fixedResponse(503, {
  contentType: 'application/problem+json',
  messageBody: JSON.stringify({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'This part of the platform is not deployed yet.',
  }),
});

/**
 * The browser origin of the platform (CORS allow-list, stack outputs): the configured domain, or
 * the ALB's DNS name; `https` only when the listener serves a certificate. Lower case, because
 * browsers send the Origin header with a lower-case host and the gateway compares exactly.
 */
export function publicOrigin(input: {
  readonly https: boolean;
  readonly domainName?: string;
  readonly loadBalancerDnsName: string;
}): string {
  const host = input.domainName?.toLowerCase() ?? input.loadBalancerDnsName;
  return `${input.https ? 'https' : 'http'}://${host}`;
}

/**
 * Priority of the catch-all rule (`/*`) of the entry that claims `*`: after every path rule. ECS
 * blue/green shifts traffic by rewriting a listener rule's weights, and a listener's default action
 * is not a rule, so the default entry gets a rule of its own.
 */
export const CATCH_ALL_PRIORITY = 50_000;

/** What a path no rule claims answers (unreachable while an entry claims `*`). */
const noRoute = elbv2.ListenerAction.fixedResponse(404, {
  contentType: 'application/problem+json',
  messageBody: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }),
});

/** The two target groups of a blue/green service: production traffic is on one, a deployment's new revision on the other. */
export interface BlueGreenTargets {
  /** Production at creation; ECS swaps the roles on each deployment. */
  readonly blue: elbv2.ApplicationTargetGroup;
  readonly green: elbv2.ApplicationTargetGroup;
  /** The rule whose forward weights ECS shifts from one group to the other. */
  readonly productionRule: elbv2.ApplicationListenerRule;
}

export interface PublicLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** With a certificate: HTTPS on 443 and HTTP → HTTPS redirect; without: HTTP on 80 only. */
  readonly certificateArn?: string;
  readonly accessLogsRemovalPolicy: RemovalPolicy;
}

/** The internet-facing ALB, its listeners and its access-log bucket. Services route themselves in. */
export class PublicLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that carries the path rules (HTTPS, or HTTP when no certificate is given). */
  readonly listener: elbv2.ApplicationListener;
  readonly accessLogsBucket: s3.Bucket;
  readonly securityGroup: ec2.SecurityGroup;
  readonly https: boolean;
  private readonly vpc: ec2.IVpc;
  private hasDefaultTarget = false;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    this.https = props.certificateArn !== undefined;
    this.vpc = props.vpc;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // ALB log delivery supports SSE-S3 only (not KMS).
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: props.accessLogsRemovalPolicy,
    });
    pinLogicalId(this.accessLogsBucket, ACCESS_LOGS_BUCKET_LOGICAL_ID);
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the ALB access logs; logging its own object access to ' +
        'another bucket would only move the question one bucket further. Writes come from ELB log delivery only.',
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Public ALB: HTTP/HTTPS from the internet, to the public services only',
      allowAllOutbound: false,
    });
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'Internet-facing load balancer of a public web shop: ports 80 (redirect to HTTPS when a ' +
        'certificate is configured) and 443 are open to the world by design; WAF filters the traffic.',
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      idleTimeout: Duration.seconds(60),
    });
    this.loadBalancer.logAccessLogs(this.accessLogsBucket, 'alb');

    if (props.certificateArn) {
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: true,
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
    } else {
      this.listener = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: true,
      });
    }
  }

  /**
   * Route a public catalogue entry: its path patterns (`/*` at the last priority for the entry that
   * claims `*`) forward to the service when it is deployed, and answer a fixed 503 while it is only
   * planned. A deployed service gets two target groups and deploys blue/green (ECS's built-in
   * strategy): the new revision starts in the idle group, ECS moves the rule's weight to it, bakes,
   * and moves it back if a deployment alarm fires.
   */
  route(
    id: string,
    spec: ServiceSpec,
    service: ecs.FargateService | undefined,
  ): BlueGreenTargets | undefined {
    const isDefault = spec.loadBalancerPaths.includes('*');
    this.hasDefaultTarget ||= isDefault;
    const priority = isDefault ? CATCH_ALL_PRIORITY : spec.loadBalancerPriority!;
    const conditions = [
      elbv2.ListenerCondition.pathPatterns(isDefault ? ['/*'] : [...spec.loadBalancerPaths]),
    ];
    if (!service) {
      if (isDefault) this.listener.addAction(`${id}Default`, { action: notDeployedYet });
      else this.listener.addAction(id, { priority, conditions, action: notDeployedYet });
      return undefined;
    }
    if (isDefault) this.listener.addAction(`${id}NoRoute`, { action: noRoute });
    const group = (colour: 'Blue' | 'Green') =>
      new elbv2.ApplicationTargetGroup(this, `${id}${colour}`, {
        vpc: this.vpc,
        targetType: elbv2.TargetType.IP,
        port: spec.port,
        protocol: elbv2.ApplicationProtocol.HTTP,
        healthCheck: {
          path: spec.healthPath,
          healthyHttpCodes: '200',
          interval: Duration.seconds(15),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        deregistrationDelay: Duration.seconds(30),
      });
    const blue = group('Blue');
    const green = group('Green');
    const productionRule = new elbv2.ApplicationListenerRule(this, `${id}Rule`, {
      listener: this.listener,
      priority,
      conditions,
      // Both groups in one forward action: ECS shifts the weights (a rule that mixed forward with
      // another action type would make the deployment fail).
      action: elbv2.ListenerAction.weightedForward([
        { targetGroup: blue, weight: 100 },
        { targetGroup: green, weight: 0 },
      ]),
    });
    service
      .loadBalancerTarget({
        containerName: 'app',
        containerPort: spec.port,
        alternateTarget: new ecs.AlternateTarget(`${id}Alternate`, {
          role: this.trafficShiftRole(id, [blue, green], productionRule),
          alternateTargetGroup: green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
        }),
      })
      .attachToApplicationTargetGroup(blue);
    return { blue, green, productionRule };
  }

  /**
   * The role ECS uses to move a service's traffic during a blue/green deployment: register its
   * tasks in, and shift weights between, this service's two groups and its one rule — not the
   * managed AmazonECSInfrastructureRolePolicyForLoadBalancers, which reaches every rule and group
   * of the account.
   */
  private trafficShiftRole(
    id: string,
    groups: elbv2.ApplicationTargetGroup[],
    rule: elbv2.ApplicationListenerRule,
  ): iam.Role {
    const role = new iam.Role(this, `${id}TrafficShiftRole`, {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `ECS blue/green traffic shifting for ${id}`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ShiftWeights',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: [rule.listenerRuleArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RegisterTasks',
        actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        resources: groups.map((g) => g.targetGroupArn),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Describe',
        actions: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'elasticloadbalancing:Describe* do not support resource-level permissions (AWS service ' +
        "authorization reference); the actions that change anything are scoped to this service's " +
        'rule and its two target groups.',
    });
    return role;
  }

  /** A listener needs a default action even if no catalogue entry claims `*`. */
  ensureDefaultAction(): void {
    if (!this.hasDefaultTarget) this.listener.addAction('NoRouteDefault', { action: notDeployedYet });
  }
}
