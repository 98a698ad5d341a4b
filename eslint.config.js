import tseslint from 'typescript-eslint';

// The workspace root holds only configuration; each package lints its own sources.
export default tseslint.config({ ignores: ['**/*'] });
