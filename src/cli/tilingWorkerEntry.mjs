// Entry of the tiling worker thread: the worker loads TypeScript through tsx as the command line does.
import { register } from 'tsx/esm/api';

register();
await import('./tilingWorker.ts');
