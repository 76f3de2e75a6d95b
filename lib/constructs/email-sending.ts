/**
 * What SES needs before a service may send: the sender identity (a domain with Easy DKIM, or one
 * address) and a configuration set that keeps reputation metrics and suppresses addresses that
 * bounced or complained. The DNS records SES asks for (DKIM CNAMEs, SPF, DMARC) are published by
 * whoever runs the domain: docs/deploy.md lists them.
 */
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** A domain (`shop.example.com`) or an address (`orders@example.com`). */
  readonly identity: string;
  /** Configuration set name, unique per account and region (so per environment). */
  readonly configurationSetName: string;
}

export class EmailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@')
        ? ses.Identity.email(props.identity)
        : ses.Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
  }
}
