/** Prints the catalogue's live services, one per line: the images buildspec.yml builds and pushes. */
import { liveServices } from '@b2b/shared/catalogue';

for (const name of liveServices()) console.log(name);
