import { runConformance } from '@grad/core/testing';
import { cpu } from '@grad/backend-cpu';

runConformance({ backend: cpu });
