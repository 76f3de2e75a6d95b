import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** AWS managed rule groups, evaluated in this order before the rate limit. */
export const managedRuleGroups = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/**
 * Managed rules that only count (metrics and logs, no block). SizeRestrictions_BODY blocks every
 * body over 8 KB, which would refuse the API's product image uploads (multipart, up to 5 MB) and
 * large JSON documents; the gateway and the services enforce their own body limits per route.
 */
export const countedManagedRules: Partial<Record<(typeof managedRuleGroups)[number], readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'],
};

export interface WebAclProps {
  readonly name: string;
  /** Requests per client IP per 5 minutes. */
  readonly rateLimitPer5Min: number;
  /** Must be named `aws-waf-logs-*` (a WAF requirement). */
  readonly logGroup: logs.ILogGroup;
  readonly resourceArn: string;
}

/** Regional WAFv2 web ACL for the ALB: managed rule groups, a per-IP rate limit, and logging. */
export class WebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managedRules: wafv2.CfnWebACL.RuleProperty[] = managedRuleGroups.map((name, index) => ({
      name,
      priority: index,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: countedManagedRules[name]?.map((rule) => ({
            name: rule,
            actionToUse: { count: {} },
          })),
        },
      },
      visibilityConfig: visibility(name),
    }));
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: managedRules.length,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RateLimitPerIp'),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules: [...managedRules, rateRule],
      visibilityConfig: visibility(props.name),
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.resourceArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: props.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Bearer tokens and session cookies must not end up in logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
