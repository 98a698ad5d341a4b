/**
 * The matmul micro-kernel in WebAssembly SIMD, generated for one dtype.
 *
 * Operands arrive packed (see matmul-wasm.ts): A as panels of MR rows, each
 * panel k-major (`panel[k·MR + r] = A[r][k]`), B as panels of NR columns,
 * also k-major (`panel[k·NR + c] = B[k][c]`). Every step k of the inner loop
 * then loads NR/L contiguous vectors of B (L lanes per vector) and MR
 * broadcast scalars of A, and does MR·NR/L vector multiply-adds into
 * accumulators that stay in registers for the whole k loop:
 *
 *   acc[r][v] += splat(A[r][k]) · B[k][v·L … v·L+L-1]
 *
 * C's tile is loaded once before the k loop and stored once after, so the
 * product streams A and B and touches C only MR·NR/L times per tile.
 * Accumulation stays in the dtype (float32 sums in float32, as PyTorch's
 * float32 matmul); there is no fused multiply-add in WebAssembly SIMD, so
 * each step rounds twice, like a plain `s += a·b` loop.
 *
 * The tile loops run inside WebAssembly too: for each B panel (kept hot in
 * L1 while it is used), every A panel of the block passes over it. The caller
 * chooses the block (rows of A, a slice of k) so that the A block fits in L2.
 */
import { I32, V128, type Code, type ModuleBuilder } from './emitter.js';

export interface MatmulShape {
  /** Rows of the register tile. */
  mr: number;
  /** Columns of the register tile (a multiple of the lane count). */
  nr: number;
  /** Bytes per element: 4 (float32) or 8 (float64). */
  bytes: 4 | 8;
}

/** Register tiles, chosen by measurement on x86-64 (16 vector registers): 4×8 f32 and 4×4 f64 use 8 accumulators + 3 operands. */
export const F32_TILE: MatmulShape = { mr: 4, nr: 8, bytes: 4 };
export const F64_TILE: MatmulShape = { mr: 4, nr: 4, bytes: 8 };

/**
 * Adds `gemm_<dtype>(a, b, c, mPanels, nPanels, kc, ldc, aPanelBytes, bPanelBytes, accumulate)`:
 * C[i][j] (+)= Σ_{k<kc} A[i][k]·B[k][j] over mPanels·MR rows and nPanels·NR
 * columns, where `a`/`b` point at the first packed panel (already advanced
 * to the block's first k), `c` at the block's first C element, `ldc` is C's
 * row stride in bytes and the panel sizes are the strides between panels;
 * `accumulate` 0 overwrites C (the first k slice), 1 adds to it.
 * Requires mPanels, nPanels, kc ≥ 1.
 */
export function addGemm(m: ModuleBuilder, name: string, tile: MatmulShape): void {
  const { mr, nr, bytes } = tile;
  const lanes = 16 / bytes;
  const nv = nr / lanes;
  const mul = bytes === 4 ? 'f32x4.mul' : 'f64x2.mul';
  const add = bytes === 4 ? 'f32x4.add' : 'f64x2.add';
  m.func(name, [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], [], (c: Code, a, b, cp, mPanels, nPanels, kc, ldc, aPanel, bPanel, accumulate) => {
    const jp = c.local(I32);
    const ip = c.local(I32);
    const pa = c.local(I32);
    const pb = c.local(I32);
    const pc = c.local(I32);
    const row = c.local(I32);
    const k = c.local(I32);
    const acc: number[][] = [];
    for (let r = 0; r < mr; r++) acc.push(Array.from({ length: nv }, () => c.local(V128)));
    const bv = Array.from({ length: nv }, () => c.local(V128));
    const av = c.local(V128);

    c.i32(0).set(jp);
    c.loop(); // over B panels
    {
      c.i32(0).set(ip);
      c.loop(); // over A panels
      {
        c.get(a).get(ip).get(aPanel).i32op('mul').i32op('add').set(pa);
        c.get(b).get(jp).get(bPanel).i32op('mul').i32op('add').set(pb);
        // pc = c + ip·MR·ldc + jp·NR·bytes
        c.get(cp).get(ip).i32(mr).i32op('mul').get(ldc).i32op('mul').i32op('add').get(jp).i32(nr * bytes).i32op('mul').i32op('add').set(pc);
        // The first k slice starts from zero (C is never cleared); later ones add to C.
        c.get(accumulate);
        c.if();
        c.get(pc).set(row);
        for (let r = 0; r < mr; r++) {
          for (let v = 0; v < nv; v++) c.get(row).v128Load(v * 16).set(acc[r]![v]!);
          if (r < mr - 1) c.get(row).get(ldc).i32op('add').set(row);
        }
        c.else();
        for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) c.v128Const(new Uint8Array(16)).set(acc[r]![v]!);
        c.end();
        c.get(kc).set(k);
        c.loop(); // over k
        {
          for (let v = 0; v < nv; v++) c.get(pb).v128Load(v * 16).set(bv[v]!);
          for (let r = 0; r < mr; r++) {
            if (bytes === 4) c.get(pa).load32Splat(r * bytes).set(av);
            else c.get(pa).load64Splat(r * bytes).set(av);
            for (let v = 0; v < nv; v++) c.get(acc[r]![v]!).get(av).get(bv[v]!).simd(mul).simd(add).set(acc[r]![v]!);
          }
          c.get(pa).i32(mr * bytes).i32op('add').set(pa);
          c.get(pb).i32(nr * bytes).i32op('add').set(pb);
          c.get(k).i32(1).i32op('sub').tee(k).brIf(0);
        }
        c.end();
        c.get(pc).set(row);
        for (let r = 0; r < mr; r++) {
          for (let v = 0; v < nv; v++) c.get(row).get(acc[r]![v]!).v128Store(v * 16);
          if (r < mr - 1) c.get(row).get(ldc).i32op('add').set(row);
        }
        c.get(ip).i32(1).i32op('add').tee(ip).get(mPanels).i32op('lt_s').brIf(0);
      }
      c.end();
      c.get(jp).i32(1).i32op('add').tee(jp).get(nPanels).i32op('lt_s').brIf(0);
    }
    c.end();
  });
}

/**
 * Adds `pack_<dtype>(src, pStride, kStride, count, depth, width, dst, kOuter)`:
 * the panel packing of matmul-wasm.ts done in WebAssembly, from an operand
 * already copied (one memcpy) into memory. Element (i, kk) of the operand is
 * at src + i·pStride + kk·kStride (byte strides, any sign, 0 for a broadcast)
 * and goes to dst + ⌊i/width⌋·depth·width + kk·width + (i mod width) (in
 * elements). `kOuter` picks the loop order whose reads are contiguous: 0
 * walks each row i along kk, 1 walks across i for each kk. Padding lanes of
 * the last panel are left as the caller zeroed them.
 */
export function addPack(m: ModuleBuilder, name: string, bytes: 4 | 8): void {
  m.func(name, [I32, I32, I32, I32, I32, I32, I32, I32], [], (c: Code, src, pStride, kStride, count, depth, width, dst, kOuter) => {
    const i = c.local(I32);
    const kk = c.local(I32);
    const s = c.local(I32);
    const d = c.local(I32);
    const r = c.local(I32);
    const rowStep = c.local(I32); // width·bytes: from one kk to the next inside a panel
    const panelJump = c.local(I32); // from the end of a panel's row (r = width) to the next panel's start at the same kk
    const copy = () => {
      c.get(d).get(s);
      if (bytes === 4) c.f32Load().f32Store();
      else c.f64Load().f64Store();
    };
    c.get(width).i32(bytes).i32op('mul').set(rowStep);
    c.get(depth).i32(1).i32op('sub').get(rowStep).i32op('mul').set(panelJump);
    c.block();
    c.get(count).i32op('eqz').get(depth).i32op('eqz').i32op('or').brIf(0);
    c.get(kOuter).i32op('eqz');
    c.if();
    {
      // For each row i: kk along the row.
      c.i32(0).set(i).i32(0).set(r).get(dst).set(d);
      c.loop();
      {
        c.get(src).get(i).get(pStride).i32op('mul').i32op('add').set(s);
        c.get(d).set(kk); // kk doubles as the write pointer of this row
        c.get(depth).set(r);
        c.loop();
        {
          c.get(kk).get(s);
          if (bytes === 4) c.f32Load().f32Store();
          else c.f64Load().f64Store();
          c.get(s).get(kStride).i32op('add').set(s);
          c.get(kk).get(rowStep).i32op('add').set(kk);
          c.get(r).i32(1).i32op('sub').tee(r).brIf(0);
        }
        c.end();
        // Next row: the next lane, or the next panel after `width` lanes.
        c.get(d).i32(bytes).i32op('add').set(d);
        c.get(i).i32(1).i32op('add').tee(i).get(width).i32op('rem_u').i32op('eqz');
        c.if().get(d).get(panelJump).i32op('add').set(d).end();
        c.get(i).get(count).i32op('lt_s').brIf(0);
      }
      c.end();
    }
    c.else();
    {
      // For each kk: across the rows i.
      c.i32(0).set(kk);
      c.loop();
      {
        c.get(src).get(kk).get(kStride).i32op('mul').i32op('add').set(s);
        c.get(dst).get(kk).get(rowStep).i32op('mul').i32op('add').set(d);
        c.i32(0).set(i).i32(0).set(r);
        c.loop();
        {
          copy();
          c.get(s).get(pStride).i32op('add').set(s);
          c.get(d).i32(bytes).i32op('add').set(d);
          c.get(r).i32(1).i32op('add').tee(r).get(width).i32op('eq');
          c.if().i32(0).set(r).get(d).get(panelJump).i32op('add').set(d).end();
          c.get(i).i32(1).i32op('add').tee(i).get(count).i32op('lt_s').brIf(0);
        }
        c.end();
        c.get(kk).i32(1).i32op('add').tee(kk).get(depth).i32op('lt_s').brIf(0);
      }
      c.end();
    }
    c.end();
    c.end();
  });
}

/**
 * Adds `packv_<dtype>_w<width>(src, kStride, panels, depth, dst)`: the
 * vector form of `pack_<dtype>` for operands whose packed dimension is
 * contiguous (pStride = one element: B row-major, or A transposed, as in
 * Aᵀ·G). For each kk, a panel's `width` values are one contiguous run, so
 * they move as whole v128s. Full panels only; the caller packs a partial
 * last panel with `pack_<dtype>`.
 */
export function addPackContiguous(m: ModuleBuilder, name: string, bytes: 4 | 8, width: number): void {
  const runBytes = width * bytes;
  m.func(name, [I32, I32, I32, I32, I32], [], (c: Code, src, kStride, panels, depth, dst) => {
    const kk = c.local(I32);
    const p = c.local(I32);
    const s = c.local(I32);
    const d = c.local(I32);
    c.block();
    c.get(panels).i32op('eqz').get(depth).i32op('eqz').i32op('or').brIf(0);
    // Panel by panel, k inner: the writes are one sequential stream, the reads a constant stride.
    c.get(dst).set(d);
    c.i32(0).set(p);
    c.loop();
    {
      c.get(src).get(p).i32(runBytes).i32op('mul').i32op('add').set(s);
      c.get(depth).set(kk);
      c.loop();
      {
        for (let o = 0; o < runBytes; o += 16) c.get(d).get(s).v128Load(o).v128Store(o);
        c.get(s).get(kStride).i32op('add').set(s);
        c.get(d).i32(runBytes).i32op('add').set(d);
        c.get(kk).i32(1).i32op('sub').tee(kk).brIf(0);
      }
      c.end();
      c.get(p).i32(1).i32op('add').tee(p).get(panels).i32op('lt_s').brIf(0);
    }
    c.end();
    c.end();
  });
}

/**
 * Adds `packt_f32_w4(src, pStride, panels, depth, dst)`: float32 packing into
 * panels of 4 rows when each row is contiguous along k (A row-major, the
 * forward product's left operand). Each step loads 4 k-values of the 4 rows
 * and transposes the 4×4 block with shuffles, so every store is a whole
 * panel step (4 rows at one k). Full panels only; the k remainder (depth
 * mod 4) is copied by scalars, a partial last panel by `pack_f32`.
 */
export function addPackTransposeF32(m: ModuleBuilder, name: string): void {
  m.func(name, [I32, I32, I32, I32, I32], [], (c: Code, src, pStride, panels, depth, dst) => {
    const rows = [c.local(I32), c.local(I32), c.local(I32), c.local(I32)];
    const d = c.local(I32);
    const p = c.local(I32);
    const kk = c.local(I32);
    const v = [c.local(V128), c.local(V128), c.local(V128), c.local(V128)];
    const t = [c.local(V128), c.local(V128), c.local(V128), c.local(V128)];
    c.block();
    c.get(panels).i32op('eqz').get(depth).i32op('eqz').i32op('or').brIf(0);
    c.i32(0).set(p);
    c.loop();
    {
      // Row pointers of this panel and its destination.
      c.get(src).get(p).i32(4).i32op('mul').get(pStride).i32op('mul').i32op('add').set(rows[0]!);
      for (let r = 1; r < 4; r++) c.get(rows[r - 1]!).get(pStride).i32op('add').set(rows[r]!);
      c.get(dst).get(p).get(depth).i32op('mul').i32(16).i32op('mul').i32op('add').set(d);
      c.i32(0).set(kk);
      // 4×4 blocks while 4 k-values remain.
      c.block();
      c.loop();
      {
        c.get(kk).i32(4).i32op('add').get(depth).i32op('gt_s').brIf(1);
        for (let r = 0; r < 4; r++) c.get(rows[r]!).get(kk).i32(4).i32op('mul').i32op('add').v128Load().set(v[r]!);
        // (r0k0 r1k0 r0k1 r1k1), (r2k0 r3k0 r2k1 r3k1), (r0k2 r1k2 r0k3 r1k3), (r2k2 r3k2 r2k3 r3k3)
        c.get(v[0]!).get(v[1]!).shuffle32([0, 4, 1, 5]).set(t[0]!);
        c.get(v[2]!).get(v[3]!).shuffle32([0, 4, 1, 5]).set(t[1]!);
        c.get(v[0]!).get(v[1]!).shuffle32([2, 6, 3, 7]).set(t[2]!);
        c.get(v[2]!).get(v[3]!).shuffle32([2, 6, 3, 7]).set(t[3]!);
        c.get(d).get(t[0]!).get(t[1]!).shuffle32([0, 1, 4, 5]).v128Store(0);
        c.get(d).get(t[0]!).get(t[1]!).shuffle32([2, 3, 6, 7]).v128Store(16);
        c.get(d).get(t[2]!).get(t[3]!).shuffle32([0, 1, 4, 5]).v128Store(32);
        c.get(d).get(t[2]!).get(t[3]!).shuffle32([2, 3, 6, 7]).v128Store(48);
        c.get(d).i32(64).i32op('add').set(d);
        c.get(kk).i32(4).i32op('add').set(kk);
        c.br(0);
      }
      c.end();
      c.end();
      // The k remainder, one k at a time.
      c.block();
      c.loop();
      {
        c.get(kk).get(depth).i32op('ge_s').brIf(1);
        for (let r = 0; r < 4; r++) c.get(d).get(rows[r]!).get(kk).i32(4).i32op('mul').i32op('add').f32Load().f32Store(4 * r);
        c.get(d).i32(16).i32op('add').set(d);
        c.get(kk).i32(1).i32op('add').set(kk);
        c.br(0);
      }
      c.end();
      c.end();
      c.get(p).i32(1).i32op('add').tee(p).get(panels).i32op('lt_s').brIf(0);
    }
    c.end();
    c.end();
  });
}
