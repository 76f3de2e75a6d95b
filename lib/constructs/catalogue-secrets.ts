/**
 * Secrets Manager secrets declared in the catalogue (`ServiceSpec.aws.secrets`, `platformSecrets`):
 * created by the services stack, pinned (stateful), and handed to services as ECS secrets (`value`)
 * or as an ARN in their environment (`arn`).
 */
import type { SecretSpec } from '@b2b/shared/catalogue';
import { type RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { pinLogicalId } from './pin-logical-id.ts';

/**
 * What an `operator` secret holds until someone stores the provider's key. A service that reads it
 * must refuse to start rather than call the provider with it.
 */
export const OPERATOR_PLACEHOLDER = 'not-set: store the provider key here (docs/deploy.md)';
/** What a `service` secret holds until the service writes it (not JSON: "nothing yet"). */
export const SERVICE_PLACEHOLDER = 'uninitialised';

/** The pinned CloudFormation logical id of a catalogue secret. */
export function secretLogicalId(spec: SecretSpec): string {
  return `${spec.id}Secret`;
}

export function createCatalogueSecret(
  scope: Construct,
  spec: SecretSpec,
  removalPolicy: RemovalPolicy,
): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, spec.id, {
    description: spec.description,
    removalPolicy,
    ...(spec.initialValue === 'generated'
      ? // 64 letters and digits: safe in a header and an env var, far above the 32-character minimum.
        { generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false } }
      : {
          // Not a secret: a marker saying the real value has not been stored yet.
          secretStringValue: SecretValue.unsafePlainText(
            spec.initialValue === 'operator' ? OPERATOR_PLACEHOLDER : SERVICE_PLACEHOLDER,
          ),
        }),
  });
  pinLogicalId(secret, secretLogicalId(spec));
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: spec.noRotationReason });
  return secret;
}
