// Process entry used by config.test.ts: a production start with a missing setting.
import { baseSettings, loadConfigOrExit } from '@b2b/shared/config';
import { Type } from 'typebox';

loadConfigOrExit(Type.Object(baseSettings));
process.stdout.write('started anyway\n');
