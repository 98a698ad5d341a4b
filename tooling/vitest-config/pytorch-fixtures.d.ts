/** Debian's python3, the one apt installs python3-torch for. */
export declare const PYTHON: string;
/** PyTorch's version as `PYTHON` sees it, or null when it cannot import torch. */
export declare function torchVersion(): string | null;
/** Declares the test that regenerates a fixture directory with real PyTorch and compares byte for byte. */
export declare function checkFixturesRegenerate(options: { generator: string; args: (out: string) => string[]; fixtureDir: string; command: string }): void;
