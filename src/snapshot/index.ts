import { runEdge } from '../action/edge.ts';
import { snapshotEdge } from './main.ts';

await runEdge(snapshotEdge);
