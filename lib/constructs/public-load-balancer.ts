import type { ServiceSpec } from '@b2b/shared/catalogue';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
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
  private hasDefaultTarget = false;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    this.https = props.certificateArn !== undefined;

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
   * Route a public catalogue entry: its path patterns (or the default action for `*`) forward to
   * the service when it is deployed, and answer a fixed 503 while it is only planned.
   */
  route(id: string, spec: ServiceSpec, service: ecs.FargateService | undefined) {
    const isDefault = spec.loadBalancerPaths.includes('*');
    if (!service) {
      if (isDefault) this.listener.addAction(`${id}Default`, { action: notDeployedYet });
      else {
        this.listener.addAction(id, {
          priority: spec.loadBalancerPriority!,
          conditions: [elbv2.ListenerCondition.pathPatterns([...spec.loadBalancerPaths])],
          action: notDeployedYet,
        });
      }
      this.hasDefaultTarget ||= isDefault;
      return undefined;
    }
    const targetGroup = this.listener.addTargets(id, {
      port: spec.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: spec.port })],
      healthCheck: {
        path: spec.healthPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      deregistrationDelay: Duration.seconds(30),
      ...(isDefault
        ? {}
        : {
            priority: spec.loadBalancerPriority!,
            conditions: [elbv2.ListenerCondition.pathPatterns([...spec.loadBalancerPaths])],
          }),
    });
    this.hasDefaultTarget ||= isDefault;
    return targetGroup;
  }

  /** A listener needs a default action even if no catalogue entry claims `*`. */
  ensureDefaultAction(): void {
    if (!this.hasDefaultTarget) this.listener.addAction('NoRouteDefault', { action: notDeployedYet });
  }
}
