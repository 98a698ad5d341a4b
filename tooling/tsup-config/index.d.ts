import type { Options } from 'tsup';
export declare function gradTsup(options?: {
  entry?: Record<string, string> | string[];
  platform?: 'neutral' | 'node' | 'browser';
}): Options;
