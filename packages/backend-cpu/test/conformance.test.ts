import { runConformance } from '@grad/core/testing';
import { cpu } from '@grad/backend-cpu';

// The default backend (WebAssembly SIMD where it pays), the SIMD kernels on
// every size (so the suite's small tensors exercise them too), and the plain
// TypeScript path an engine without SIMD takes.
runConformance({ backend: cpu });
runConformance({ backend: () => cpu({ simd: 'always' }), label: 'cpu (simd always)' });
runConformance({ backend: () => cpu({ simd: false }), label: 'cpu (plain)' });
runConformance({ backend: () => cpu({ simd: 'always', threads: 2 }), label: 'cpu (simd always, 2 threads)' });
