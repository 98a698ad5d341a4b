import { gradEslint } from '@grad/eslint-config';

export default gradEslint({ layer: 'app' });
