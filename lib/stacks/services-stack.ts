import {
  type ConsumerName,
  isConsumer,
  isProducer,
  type ProducerName,
  type SecretSpec,
  type ServiceName,
  secretsOfService,
  serviceNames,
  serviceSpec,
  services,
} from '@b2b/shared/catalogue';
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  type EnvironmentName,
  type EnvironmentProfile,
  type ImageSource,
  platformNames,
} from '../config/deployment-settings.ts';
import { applyGrant } from '../constructs/aws-grants.ts';
import { createCatalogueSecret } from '../constructs/catalogue-secrets.ts';
import { EmailSending } from '../constructs/email-sending.ts';
import type { EventQueue } from '../constructs/event-queue.ts';
import { Microservice } from '../constructs/microservice.ts';
import {
  type BlueGreenTargets,
  PublicLoadBalancer,
  publicOrigin,
} from '../constructs/public-load-balancer.ts';
import { documentDbSecretFields, serviceEnvironment } from '../constructs/service-environment.ts';
import { serviceImages } from '../constructs/service-image.ts';
import { WebAcl } from '../constructs/web-acl.ts';

export interface ServicesStackProps extends StackProps {
  readonly envName: EnvironmentName;
  readonly profile: EnvironmentProfile;
  readonly vpc: ec2.IVpc;
  /** Catalogue entries to run (the live ones). */
  readonly services: readonly ServiceName[];
  readonly imageSource: ImageSource;
  readonly repositories: ReadonlyMap<ServiceName, ecr.IRepository>;
  /** Each database-owning service's own DocumentDB login and the KMS key encrypting them (by ARN: see the constructor). */
  readonly databaseSecretArns: ReadonlyMap<ServiceName, string>;
  readonly databaseSecretKeyArn: string;
  readonly databaseClientSecurityGroup: ec2.ISecurityGroup;
  readonly topics: ReadonlyMap<ProducerName, sns.ITopic>;
  readonly queues: ReadonlyMap<ConsumerName, EventQueue>;
  readonly certificateArn?: string;
  readonly domainName?: string;
  readonly corsOrigins: readonly string[];
  /** SES identity for services with the `ses-send` grant; defaults to `domainName`. */
  readonly emailSenderIdentity?: string;
  /** Where the SES feedback queue's dead-letter alarm goes (the event queues' alarm topic). */
  readonly alarmTopic: sns.ITopic;
}

/** What the observability stack needs to know about one deployed service. */
export interface DeployedService {
  readonly name: ServiceName;
  readonly microservice: Microservice;
  /** ALB-fronted services: the blue and green target groups (traffic is on either). */
  readonly targets?: BlueGreenTargets;
}

/** ECS cluster, Service Connect namespace, the public ALB with WAF, and one service per live entry. */
export class ServicesStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly edge: PublicLoadBalancer;
  readonly webAcl: WebAcl;
  readonly deployed: ReadonlyMap<ServiceName, DeployedService>;
  /** The catalogue secrets of the deployed services, by SecretSpec id (`JwtSigningKeys`, `ServiceCredential`). */
  readonly secrets: ReadonlyMap<string, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    const { envName, profile, vpc } = props;
    const retain = profile.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: {
        name: platformNames.serviceConnectNamespace(envName),
        // API-only namespace: Service Connect needs no Route 53 hosted zone.
        type: servicediscovery.NamespaceType.HTTP,
        useForServiceConnect: true,
      },
    });

    this.edge = new PublicLoadBalancer(this, 'Edge', {
      vpc,
      certificateArn: props.certificateArn,
      accessLogsRemovalPolicy: RemovalPolicy.RETAIN,
    });

    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: platformNames.wafLogGroup(envName),
      retention: profile.logRetentionDays,
      removalPolicy: retain,
    });
    this.webAcl = new WebAcl(this, 'Waf', {
      name: `b2b-${envName}-alb`,
      rateLimitPer5Min: profile.wafRateLimitPer5Min,
      logGroup: wafLogs,
      resourceArn: this.edge.loadBalancer.loadBalancerArn,
    });

    // Catalogue secrets of the deployed services; a shared one (the service credential) once.
    const secrets = new Map<string, secretsmanager.Secret>();
    const secretFor = (spec: SecretSpec) => {
      let secret = secrets.get(spec.id);
      if (!secret) {
        secret = createCatalogueSecret(this, spec, retain);
        secrets.set(spec.id, secret);
      }
      return secret;
    };
    for (const name of props.services) for (const spec of secretsOfService(name)) secretFor(spec);
    this.secrets = secrets;
    const emailSenderIdentity = props.emailSenderIdentity ?? props.domainName;

    // Imported by ARN: granting on the data stack's own constructs would write our execution roles
    // into its key policy and make the data stack depend on this one (a cycle). The key policy
    // trusts the account, so identity policies on our roles are enough (kms:Decrypt added below).
    const databaseSecretOf = (name: ServiceName) => {
      const arn = props.databaseSecretArns.get(name);
      if (!arn) throw new Error(`${name} owns a database but the data stack made it no login`);
      return secretsmanager.Secret.fromSecretCompleteArn(this, `DocumentDbSecret-${name}`, arn);
    };

    // Every task carries the mesh group; each service admits its own port from it.
    const mesh = new ec2.SecurityGroup(this, 'MeshSecurityGroup', {
      vpc,
      description: 'All platform tasks: source group for service-to-service calls',
    });

    // Without a certificate the listener speaks HTTP only, on the domain as on the ALB name.
    const origin = publicOrigin({
      https: this.edge.https,
      domainName: props.domainName,
      loadBalancerDnsName: this.edge.loadBalancer.loadBalancerDnsName,
    });
    const imageFor = serviceImages(this, {
      source: props.imageSource,
      repositories: props.repositories,
      deployedTagParameter: platformNames.deployedImageTagParameter(envName),
    });

    // SES identity and configuration set, when a deployed service sends mail (and has an identity:
    // without one the ses-send grant below refuses to synthesise).
    const deployedGrant = (kind: string) =>
      props.services.some((name) => (serviceSpec(name).aws?.grants ?? []).some((g) => g.kind === kind));
    const emailSending =
      deployedGrant('ses-send') && emailSenderIdentity
        ? new EmailSending(this, 'EmailSending', {
            identity: emailSenderIdentity,
            configurationSetName: `b2b-${envName}-notifications`,
            ...(deployedGrant('ses-feedback')
              ? { feedback: { queueName: `b2b-${envName}-ses-feedback`, alarmTopic: props.alarmTopic } }
              : {}),
          })
        : undefined;

    const deployed = new Map<ServiceName, DeployedService>();
    for (const name of props.services) {
      const spec = services[name];
      const own = new ec2.SecurityGroup(this, `SecurityGroup-${name}`, {
        vpc,
        description: `${name} tasks`,
      });
      own.addIngressRule(mesh, ec2.Port.tcp(spec.port), 'Service Connect callers');
      const topic = isProducer(name) ? props.topics.get(name) : undefined;
      const queue = isConsumer(name) ? props.queues.get(name)?.queue : undefined;
      const received = secretsOfService(name);
      const arnSecrets = received.filter((secret) => secret.delivery === 'arn');
      const valueSecrets = received.filter((secret) => secret.delivery === 'value');

      const microservice = new Microservice(this, `Service-${name}`, {
        serviceName: name,
        spec,
        cluster: this.cluster,
        image: imageFor(name),
        environment: serviceEnvironment({
          service: name,
          region: this.region,
          topicArn: topic?.topicArn,
          queueUrl: queue?.queueUrl,
          secretArns: Object.fromEntries(arnSecrets.map((spec) => [spec.id, secretFor(spec).secretArn])),
          emailSenderIdentity,
          eventQueues: Object.fromEntries(
            [...props.queues].map(([consumer, q]) => [
              consumer,
              { queueUrl: q.queue.queueUrl, deadLetterQueueUrl: q.deadLetterQueue.queueUrl },
            ]),
          ),
          // The gateway answers CORS with them; the user service checks browser-session Origins against them.
          corsOrigins: name === 'api-gateway' || name === 'user' ? [origin, ...props.corsOrigins] : undefined,
          email: emailSending
            ? {
                configurationSet: emailSending.configurationSet.configurationSetName,
                publicBaseUrl: origin,
                feedbackQueueUrl: emailSending.feedbackQueue?.queue.queueUrl,
              }
            : undefined,
        }),
        secrets: {
          // Its own login only: the other services' secrets and the master secret stay out of reach.
          ...(spec.database ? documentDbSecrets(databaseSecretOf(name)) : {}),
          // ECS reads these at task start with the execution role (CDK grants it read on each).
          ...Object.fromEntries(
            valueSecrets.map((secret) => [secret.env, ecs.Secret.fromSecretsManager(secretFor(secret))]),
          ),
        },
        securityGroups: spec.database ? [own, mesh, props.databaseClientSecurityGroup] : [own, mesh],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        scaling: spec.scaling[envName],
        logGroupName: `/b2b/${envName}/${name}`,
        logRetentionDays: profile.logRetentionDays,
        logRemovalPolicy: retain,
        behindLoadBalancer: spec.public,
        bakeTime: profile.blueGreenBakeTime,
        deploymentAlarmNames: Object.values(platformNames.deploymentAlarms(envName, name)),
      });
      acknowledgeEnvironmentVariables(microservice);
      if (spec.database) {
        // ECS reads the DocumentDB secret at task start; the secret is encrypted with the data key.
        microservice.taskDefinition.obtainExecutionRole().addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: 'DecryptDocumentDbSecret',
            actions: ['kms:Decrypt'],
            resources: [props.databaseSecretKeyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
          }),
        );
      }

      // Least privilege: publish to its own topic, consume its own queue, nothing else.
      if (topic) {
        topic.grantPublish(microservice.taskRole);
        Validations.of(microservice.taskRole).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            'Publishing to the KMS-encrypted event topic needs kms:GenerateDataKey* (the SNS grant ' +
            'CDK generates), scoped to the one topic key ARN.',
        });
      }
      if (queue) queue.grantConsumeMessages(microservice.taskRole);
      // Secrets the service reads by ARN (and writes, when it rotates them itself): its own only.
      for (const secret of arnSecrets) {
        microservice.taskRole.addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: secret.id,
            actions: secret.serviceWrites
              ? ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue']
              : ['secretsmanager:GetSecretValue'],
            resources: [secretFor(secret).secretArn],
          }),
        );
      }
      for (const grant of serviceSpec(name).aws?.grants ?? []) {
        applyGrant(microservice, grant, {
          taskRole: microservice.taskRole,
          emailSenderIdentity,
          ownTopicArn: topic?.topicArn,
          emailFeedbackQueue: emailSending?.feedbackQueue?.queue,
          eventQueues: props.queues,
        });
      }

      // No request-count scaling: ALBRequestCountPerTarget follows one target group, and blue/green
      // moves the traffic to the other on every deployment. CPU tracking covers the gateway (it is
      // CPU-bound: services/api-gateway/bench).
      const targets = spec.public ? this.edge.route(routeId(name), spec, microservice.service) : undefined;
      deployed.set(name, { name, microservice, ...(targets ? { targets } : {}) });
    }
    this.deployed = deployed;

    // Public entries that are only planned still own their path: they answer 503 until live.
    for (const name of serviceNames) {
      if (services[name].public && !deployed.has(name))
        this.edge.route(routeId(name), services[name], undefined);
    }
    this.edge.ensureDefaultAction();

    new CfnOutput(this, 'PortalUrl', { value: `${origin}/`, description: 'Customer portal' });
    new CfnOutput(this, 'AdminUrl', { value: `${origin}/admin`, description: 'Admin dashboard' });
    new CfnOutput(this, 'ApiUrl', { value: `${origin}/api/v1`, description: 'Public API' });
    new CfnOutput(this, 'LoadBalancerDnsName', {
      value: this.edge.loadBalancer.loadBalancerDnsName,
      description: 'Point the domain (CNAME / alias) here',
    });
  }
}

function documentDbSecrets(secret: secretsmanager.ISecret): Record<string, ecs.Secret> {
  return Object.fromEntries(
    Object.entries(documentDbSecretFields).map(([env, field]) => [
      env,
      ecs.Secret.fromSecretsManager(secret, field),
    ]),
  );
}

function routeId(name: ServiceName): string {
  return `Route-${name}`;
}

function acknowledgeEnvironmentVariables(microservice: Microservice): void {
  Validations.of(microservice.taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'Plain environment variables carry only non-secret configuration (ports, ARNs, URLs, flags) ' +
      'from the catalogue; credentials arrive as ECS secrets from Secrets Manager.',
  });
}
