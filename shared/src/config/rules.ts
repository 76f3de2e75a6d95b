/** Cross-variable checks a service opts into with `loadConfig(schema, { rules: [...] })`. */
import type { ConfigProblem, ConfigRule } from './load-config.ts';

const docdbParts = ['DOCDB_HOST', 'DOCDB_USERNAME', 'DOCDB_PASSWORD'] as const;

/** The service owns a database: either MONGODB_URI, or the DocumentDB parts from ECS secrets. */
export const requireDatabase: ConfigRule = (values) => {
  if (values['MONGODB_URI'] !== undefined) return [];
  const missing = docdbParts.filter((k) => values[k] === undefined);
  if (missing.length === 0) {
    // DocumentDB requires TLS; without the CA bundle the password would travel in the clear or the
    // connection would fail at the first query instead of at start-up.
    if (values['NODE_ENV'] === 'production' && values['MONGODB_TLS_CA_FILE'] === undefined) {
      return [
        {
          variable: 'MONGODB_TLS_CA_FILE',
          message: 'is required in production with DOCDB_HOST-style settings',
        },
      ];
    }
    return [];
  }
  if (missing.length === docdbParts.length) {
    return [{ variable: 'MONGODB_URI', message: `is required (or set ${docdbParts.join(', ')})` }];
  }
  return missing.map((variable) => ({
    variable,
    message: 'is required when DOCDB_HOST-style settings are used',
  }));
};

/**
 * The service publishes or consumes events. `consumer: true` also requires its own queue on SNS/SQS.
 */
export function requireEventBus(opts: { consumer?: boolean } = {}): ConfigRule {
  return (values) => {
    const problems: ConfigProblem[] = [];
    const bus = values['EVENT_BUS'];
    if (bus === undefined)
      problems.push({ variable: 'EVENT_BUS', message: 'is required (sns-sqs or docstore)' });
    if (bus === 'sns-sqs') {
      if (values['AWS_REGION'] === undefined) {
        problems.push({ variable: 'AWS_REGION', message: 'is required when EVENT_BUS=sns-sqs' });
      }
      if (opts.consumer && values['EVENT_QUEUE_URL'] === undefined) {
        problems.push({ variable: 'EVENT_QUEUE_URL', message: 'is required when EVENT_BUS=sns-sqs' });
      }
    }
    if (bus === 'docstore' && values['EVENT_BUS_MONGODB_URI'] === undefined) {
      problems.push({
        variable: 'EVENT_BUS_MONGODB_URI',
        message: 'is required when EVENT_BUS=docstore (or set MONGODB_URI)',
      });
    }
    return problems;
  };
}
