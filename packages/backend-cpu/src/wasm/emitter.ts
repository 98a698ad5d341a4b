/**
 * A small WebAssembly binary emitter: enough of the module format (types,
 * one imported memory, functions, exports, code) and of the instruction set
 * (integer and float scalars, control flow, the 128-bit SIMD proposal) to
 * write this package's kernels in TypeScript and compile them at run time
 * with `new WebAssembly.Module(bytes)`.
 *
 * Why a run-time generator and not a build-time tool (AssemblyScript, wabt,
 * Emscripten): the package then builds from a fresh clone with nothing but
 * tsup, ships no `.wasm` file that bundlers must be taught to load, works the
 * same in Node and in a browser bundle, and can specialise kernels (matmul
 * tile, dtype) by writing different instructions, not by compiling variants
 * ahead of time. The cost is this file: the encodings below follow the
 * WebAssembly core specification §5 (binary format) and the SIMD proposal's
 * opcode table; every module is checked by the engine's validator when it is
 * compiled, so an encoding mistake fails loudly at start-up, never silently.
 */

/** Value types (spec §5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function utf8(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * One function body under construction. Methods append instructions and
 * return `this`, so a body reads as a stack-machine listing:
 * `c.get(x).get(y).f32x4('add').set(z)`.
 */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(private readonly paramCount: number) {}

  /** Declares a local of `type`; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  // Control flow (spec §5.4.1). Blocks here carry no value (block type 0x40).
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if(): this { return this.op(0x04, 0x40); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, depth); }
  brIf(depth: number): this { return this.op(0x0d, depth); }
  return(): this { return this.op(0x0f); }
  call(index: number): this { this.bytes.push(0x10); uleb(this.bytes, index); return this; }
  drop(): this { return this.op(0x1a); }
  select(): this { return this.op(0x1b); }

  // Locals.
  get(i: number): this { this.bytes.push(0x20); uleb(this.bytes, i); return this; }
  set(i: number): this { this.bytes.push(0x21); uleb(this.bytes, i); return this; }
  tee(i: number): this { this.bytes.push(0x22); uleb(this.bytes, i); return this; }

  // Constants.
  i32(v: number): this { this.bytes.push(0x41); sleb(this.bytes, v); return this; }
  f32(v: number): this {
    scratch.setFloat32(0, v, true);
    return this.op(0x43, ...[0, 1, 2, 3].map((i) => scratch.getUint8(i)));
  }
  f64(v: number): this {
    scratch.setFloat64(0, v, true);
    return this.op(0x44, ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => scratch.getUint8(i)));
  }

  /** Memory access with a static byte offset; alignment hint log2(bytes). */
  private mem(opcode: number, align: number, offset: number): this {
    this.bytes.push(opcode);
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
    return this;
  }
  i32Load(offset = 0): this { return this.mem(0x28, 2, offset); }
  f32Load(offset = 0): this { return this.mem(0x2a, 2, offset); }
  f64Load(offset = 0): this { return this.mem(0x2b, 3, offset); }
  i32Store(offset = 0): this { return this.mem(0x36, 2, offset); }
  f32Store(offset = 0): this { return this.mem(0x38, 2, offset); }
  f64Store(offset = 0): this { return this.mem(0x39, 3, offset); }

  /** Scalar i32 arithmetic and comparisons. */
  i32op(name: keyof typeof I32_OPS): this { return this.op(I32_OPS[name]); }
  /** Scalar f32 arithmetic. */
  f32op(name: keyof typeof F32_OPS): this { return this.op(F32_OPS[name]); }
  /** Scalar f64 arithmetic. */
  f64op(name: keyof typeof F64_OPS): this { return this.op(F64_OPS[name]); }

  /** A SIMD instruction (prefix 0xfd, then the opcode as unsigned LEB128). */
  simd(name: keyof typeof SIMD_OPS): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, SIMD_OPS[name]);
    return this;
  }
  /** v128.load / v128.store and the splat loads, with a static byte offset. */
  v128Load(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x00); uleb(this.bytes, 4); uleb(this.bytes, offset); return this; }
  v128Store(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x0b); uleb(this.bytes, 4); uleb(this.bytes, offset); return this; }
  load32Splat(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x09); uleb(this.bytes, 2); uleb(this.bytes, offset); return this; }
  load64Splat(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x0a); uleb(this.bytes, 3); uleb(this.bytes, offset); return this; }
  /** v128.load64_zero: one 64-bit value into lane 0, lane 1 zero (two float32s, for float64 work). */
  load64Zero(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x5d); uleb(this.bytes, 3); uleb(this.bytes, offset); return this; }
  /** v128.store64_lane 0: stores the low 64 bits. */
  store64Low(offset = 0): this { this.bytes.push(0xfd); uleb(this.bytes, 0x5b); uleb(this.bytes, 3); uleb(this.bytes, offset); this.bytes.push(0); return this; }
  /** Both i64 lanes equal to `v` (a bit pattern). */
  i64x2Const(v: bigint): this {
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    view.setBigUint64(0, BigInt.asUintN(64, v), true);
    view.setBigUint64(8, BigInt.asUintN(64, v), true);
    return this.v128Const(b);
  }
  /** i8x16.shuffle of the two v128s on the stack, given as four 32-bit lanes (0–3 the first, 4–7 the second). */
  shuffle32(lanes: [number, number, number, number]): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, 0x0d);
    for (const l of lanes) this.bytes.push(4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3);
    return this;
  }
  /** v128.const from 16 little-endian bytes. */
  v128Const(bytes: Uint8Array): this { this.bytes.push(0xfd); uleb(this.bytes, 0x0c); this.bytes.push(...bytes); return this; }
  f32x4Const(v: number): this { return this.f32(v).simd('f32x4.splat'); }
  f64x2Const(v: number): this { return this.f64(v).simd('f64x2.splat'); }
  /** Extracts lane `lane` of an f32x4 / f64x2. */
  f32x4Lane(lane: number): this { this.simd('f32x4.extract_lane'); this.bytes.push(lane); return this; }
  f64x2Lane(lane: number): this { this.simd('f64x2.extract_lane'); this.bytes.push(lane); return this; }
  /** memory.fill (bulk memory): [dest, value, length] → []. */
  memoryFill(): this { this.bytes.push(0xfc); uleb(this.bytes, 11); this.bytes.push(0x00); return this; }

  /** Inserts already-encoded instructions at byte position `at` (see ConstPool). */
  insert(at: number, code: readonly number[]): void {
    this.bytes.splice(at, 0, ...code);
  }

  /** The encoded body: local declarations, instructions, `end`. */
  encode(): number[] {
    const body: number[] = [];
    // Runs of equal types compress into (count, type) pairs.
    const runs: Array<[number, ValType]> = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(body, runs.length);
    for (const [n, t] of runs) {
      uleb(body, n);
      body.push(t);
    }
    body.push(...this.bytes, 0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    out.push(...body);
    return out;
  }
}

const I32_OPS = {
  eqz: 0x45, eq: 0x46, ne: 0x47, lt_s: 0x48, lt_u: 0x49, gt_s: 0x4a, gt_u: 0x4b, le_s: 0x4c, le_u: 0x4d, ge_s: 0x4e, ge_u: 0x4f,
  add: 0x6a, sub: 0x6b, mul: 0x6c, div_s: 0x6d, rem_u: 0x70, and: 0x71, or: 0x72, xor: 0x73, shl: 0x74, shr_s: 0x75, shr_u: 0x76,
} as const;

const F32_OPS = { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, min: 0x96, max: 0x97 } as const;
const F64_OPS = { add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, min: 0xa4, max: 0xa5, promote_f32: 0xbb, demote_f64: 0xb6 } as const;

/** Opcodes after the 0xfd prefix (SIMD proposal, final opcode table). */
const SIMD_OPS = {
  'i32x4.splat': 0x11, 'i64x2.splat': 0x12, 'f32x4.splat': 0x13, 'f64x2.splat': 0x14,
  'f32x4.extract_lane': 0x1f, 'f64x2.extract_lane': 0x21,
  'i32x4.eq': 0x37, 'i32x4.gt_s': 0x3b,
  'f32x4.eq': 0x41, 'f32x4.ne': 0x42, 'f32x4.lt': 0x43, 'f32x4.gt': 0x44, 'f32x4.le': 0x45, 'f32x4.ge': 0x46,
  'f64x2.eq': 0x47, 'f64x2.ne': 0x48, 'f64x2.lt': 0x49, 'f64x2.gt': 0x4a, 'f64x2.le': 0x4b, 'f64x2.ge': 0x4c,
  'v128.not': 0x4d, 'v128.and': 0x4e, 'v128.andnot': 0x4f, 'v128.or': 0x50, 'v128.xor': 0x51, 'v128.bitselect': 0x52, 'v128.any_true': 0x53,
  'f32x4.demote_f64x2_zero': 0x5e, 'f64x2.promote_low_f32x4': 0x5f,
  'f32x4.ceil': 0x67, 'f32x4.floor': 0x68, 'f32x4.trunc': 0x69, 'f32x4.nearest': 0x6a,
  'f64x2.ceil': 0x74, 'f64x2.floor': 0x75, 'f64x2.trunc': 0x7a, 'f64x2.nearest': 0x94,
  'i32x4.shl': 0xab, 'i32x4.shr_s': 0xac, 'i32x4.shr_u': 0xad, 'i32x4.add': 0xae, 'i32x4.sub': 0xb1,
  'i64x2.extend_low_i32x4_s': 0xc7, 'i64x2.shl': 0xcb, 'i64x2.shr_s': 0xcc, 'i64x2.shr_u': 0xcd, 'i64x2.add': 0xce, 'i64x2.sub': 0xd1,
  'f32x4.abs': 0xe0, 'f32x4.neg': 0xe1, 'f32x4.sqrt': 0xe3, 'f32x4.add': 0xe4, 'f32x4.sub': 0xe5, 'f32x4.mul': 0xe6, 'f32x4.div': 0xe7,
  'f32x4.min': 0xe8, 'f32x4.max': 0xe9, 'f32x4.pmin': 0xea, 'f32x4.pmax': 0xeb,
  'f64x2.abs': 0xec, 'f64x2.neg': 0xed, 'f64x2.sqrt': 0xef, 'f64x2.add': 0xf0, 'f64x2.sub': 0xf1, 'f64x2.mul': 0xf2, 'f64x2.div': 0xf3,
  'f64x2.min': 0xf4, 'f64x2.max': 0xf5, 'f64x2.pmin': 0xf6, 'f64x2.pmax': 0xf7,
  'i32x4.trunc_sat_f32x4_s': 0xf8, 'f32x4.convert_i32x4_s': 0xfa, 'i32x4.trunc_sat_f64x2_s_zero': 0xfc, 'f64x2.convert_low_i32x4_s': 0xfe,
} as const;

export type SimdOp = keyof typeof SIMD_OPS;

interface FunctionDef {
  name: string;
  params: ValType[];
  results: ValType[];
  code: Code;
}

/**
 * A module that imports one memory (`env.memory`) and exports functions.
 * Memory is imported, not defined, so the JavaScript side owns it: it grows
 * it and reads results through typed-array views, and may share it between
 * threads.
 */
export class ModuleBuilder {
  private readonly functions: FunctionDef[] = [];

  constructor(private readonly memory: { minPages: number; maxPages?: number; shared?: boolean } = { minPages: 1 }) {}

  /** Adds an exported function; `build` writes its body. Returns its index (for `call`). */
  func(name: string, params: ValType[], results: ValType[], build: (c: Code, ...params: number[]) => void): number {
    const code = new Code(params.length);
    build(code, ...params.map((_, i) => i));
    this.functions.push({ name, params, results, code });
    return this.functions.length - 1;
  }

  /** The module's bytes (spec §5.5). */
  encode(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, build: (s: number[]) => void) => {
      const s: number[] = [];
      build(s);
      out.push(id);
      uleb(out, s.length);
      out.push(...s);
    };
    // Type section: one signature per function (duplicates are legal).
    section(1, (s) => {
      uleb(s, this.functions.length);
      for (const f of this.functions) {
        s.push(0x60);
        uleb(s, f.params.length);
        s.push(...f.params);
        uleb(s, f.results.length);
        s.push(...f.results);
      }
    });
    // Import section: env.memory.
    section(2, (s) => {
      uleb(s, 1);
      utf8(s, 'env');
      utf8(s, 'memory');
      s.push(0x02);
      const { minPages, maxPages, shared } = this.memory;
      if (shared) {
        s.push(0x03);
        uleb(s, minPages);
        uleb(s, maxPages ?? 65536);
      } else if (maxPages !== undefined) {
        s.push(0x01);
        uleb(s, minPages);
        uleb(s, maxPages);
      } else {
        s.push(0x00);
        uleb(s, minPages);
      }
    });
    section(3, (s) => {
      uleb(s, this.functions.length);
      this.functions.forEach((_, i) => uleb(s, i));
    });
    section(7, (s) => {
      uleb(s, this.functions.length);
      this.functions.forEach((f, i) => {
        utf8(s, f.name);
        s.push(0x00);
        uleb(s, i);
      });
    });
    section(10, (s) => {
      uleb(s, this.functions.length);
      for (const f of this.functions) s.push(...f.code.encode());
    });
    return new Uint8Array(out);
  }
}

/**
 * Vector constants held in locals, initialised once before a loop instead of
 * rematerialised (a scalar constant and a splat) at every use inside it.
 * Create the pool where the initialisation should go, ask for constants
 * while emitting the loop, then `flush()`.
 */
export class ConstPool {
  private readonly at: number;
  private readonly init = new Code(0);
  private readonly f64s = new Map<string, number>();
  private readonly i64s = new Map<bigint, number>();

  constructor(private readonly c: Code) {
    this.at = c.bytes.length;
  }

  /** A local holding f64x2.splat(v). */
  f64(v: number): number {
    const key = Object.is(v, -0) ? '-0' : String(v);
    let local = this.f64s.get(key);
    if (local === undefined) {
      local = this.c.local(V128);
      this.init.f64x2Const(v).set(local);
      this.f64s.set(key, local);
    }
    return local;
  }

  /** A local holding i64x2.splat(v) (a bit pattern). */
  i64(v: bigint): number {
    let local = this.i64s.get(v);
    if (local === undefined) {
      local = this.c.local(V128);
      this.init.i64x2Const(v).set(local);
      this.i64s.set(v, local);
    }
    return local;
  }

  flush(): void {
    this.c.insert(this.at, this.init.bytes);
  }
}
