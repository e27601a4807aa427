import { runEdge } from '../edge.ts';
import { importEdge } from './main.ts';

await runEdge(importEdge);
