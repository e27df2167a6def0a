// The Coda Pack of the real-time sync: `npx coda upload pack/pack.ts` (see README, "The Coda side").
import { N8N_BASE_URL } from './config';
import { makeErpSyncPack } from './src/makePack';

export const pack = makeErpSyncPack({ n8nBaseUrl: N8N_BASE_URL });
