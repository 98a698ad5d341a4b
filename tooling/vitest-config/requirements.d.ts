/** `describe(title, body)` where `available`, else one test that skips (or, under CI=true, fails) saying why. */
export declare function describeWhere(title: string, requirement: { available: boolean; reason: string }, body: () => void): void;
