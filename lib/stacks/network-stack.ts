import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EnvironmentProfile } from '../config/deployment-settings.ts';

/** Literal (not a token) so security-group rules and compliance checks can reason about it. */
export const VPC_CIDR = '10.40.0.0/16';

export interface NetworkStackProps extends StackProps {
  readonly profile: EnvironmentProfile;
}

/**
 * VPC with public (ALB, NAT), private (tasks) and isolated (DocumentDB) subnets, flow logs, and
 * VPC endpoints so AWS API traffic (ECR pulls, logs, secrets, queues, traces) stays off the NAT.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { profile } = props;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: profile.maxAzs,
      natGateways: profile.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // No default-SG rules: every resource gets its own, explicit security group.
      restrictDefaultSecurityGroup: false,
    });

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: profile.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const privateSubnets = { subnets: this.vpc.privateSubnets.slice(0, profile.endpointAzs) };
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
      Sns: ec2.InterfaceVpcEndpointAwsService.SNS,
      XRay: ec2.InterfaceVpcEndpointAwsService.XRAY,
    };
    for (const [id, service] of Object.entries(interfaceEndpoints)) {
      const endpoint = this.vpc.addInterfaceEndpoint(`${id}Endpoint`, {
        service,
        subnets: privateSubnets,
        open: false,
      });
      // HTTPS from inside the VPC only (tasks, the secret-rotation function); never the internet.
      endpoint.connections.allowFrom(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC');
    }
  }
}
