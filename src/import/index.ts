import { runEdge } from '../action/edge.ts';
import { importEdge } from './main.ts';

await runEdge(importEdge);
