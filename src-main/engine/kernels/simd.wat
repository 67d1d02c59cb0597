;; SIMD loops for our wasm-backend kernels, run directly on tfjs-backend-wasm's heap (the memory is imported).
;; Every pointer is a byte offset into that heap; every array is float32. Build: `npm run build:simd` (writes simd-wasm.ts).
(module
  (import "env" "memory" (memory 1))

  ;; Adam, as kernels/adam.ts adamLoop: m' = b1·m + o1·g; v' = b2·v + o2·g²; x' = x + k·m' / (√v'·s2 + eps).
  ;; om/ov may equal m/v (in place); ox is a separate buffer.
  (func (export "adam")
    (param $x i32) (param $m i32) (param $v i32) (param $g i32) (param $ox i32) (param $om i32) (param $ov i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $o1 f32) (param $o2 f32) (param $k f32) (param $s2 f32) (param $eps f32)
    (local $i i32) (local $end i32) (local $vend i32)
    (local $gg v128) (local $mm v128) (local $vv v128)
    (local $B1 v128) (local $B2 v128) (local $O1 v128) (local $O2 v128) (local $K v128) (local $S2 v128) (local $E v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $O1 (f32x4.splat (local.get $o1)))
    (local.set $O2 (f32x4.splat (local.get $o2)))
    (local.set $K (f32x4.splat (local.get $k)))
    (local.set $S2 (f32x4.splat (local.get $s2)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone
      (loop $vl
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
        (local.set $gg (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mm (f32x4.add
          (f32x4.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $i))))
          (f32x4.mul (local.get $O1) (local.get $gg))))
        (local.set $vv (f32x4.add
          (f32x4.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $i))))
          (f32x4.mul (local.get $O2) (f32x4.mul (local.get $gg) (local.get $gg)))))
        (v128.store (i32.add (local.get $om) (local.get $i)) (local.get $mm))
        (v128.store (i32.add (local.get $ov) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $ox) (local.get $i))
          (f32x4.add
            (v128.load (i32.add (local.get $x) (local.get $i)))
            (f32x4.div
              (f32x4.mul (local.get $K) (local.get $mm))
              (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $vv)) (local.get $S2)) (local.get $E)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vl)))
    (block $sdone
      (loop $sl
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (local.get $b1) (f32.load (i32.add (local.get $m) (local.get $i))))
          (f32.mul (local.get $o1) (local.get $gs))))
        (local.set $vs (f32.add
          (f32.mul (local.get $b2) (f32.load (i32.add (local.get $v) (local.get $i))))
          (f32.mul (local.get $o2) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store (i32.add (local.get $om) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $ov) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $ox) (local.get $i))
          (f32.add
            (f32.load (i32.add (local.get $x) (local.get $i)))
            (f32.div
              (f32.mul (local.get $k) (local.get $ms))
              (f32.add (f32.mul (f32.sqrt (local.get $vs)) (local.get $s2)) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sl))))

  ;; Momentum SGD, as tfjs's MomentumOptimizer without Nesterov: acc' = m·acc + g; x' = x + c·acc' (c = −lr).
  (func (export "momentum") (param $x i32) (param $acc i32) (param $g i32) (param $ox i32) (param $oacc i32) (param $n i32)
    (param $m f32) (param $c f32)
    (local $i i32) (local $end i32) (local $vend i32) (local $a v128) (local $as f32) (local $M v128) (local $C v128)
    (local.set $M (f32x4.splat (local.get $m)))
    (local.set $C (f32x4.splat (local.get $c)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone
      (loop $vl
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
        (local.set $a (f32x4.add
          (f32x4.mul (local.get $M) (v128.load (i32.add (local.get $acc) (local.get $i))))
          (v128.load (i32.add (local.get $g) (local.get $i)))))
        (v128.store (i32.add (local.get $oacc) (local.get $i)) (local.get $a))
        (v128.store (i32.add (local.get $ox) (local.get $i))
          (f32x4.add (f32x4.mul (local.get $C) (local.get $a)) (v128.load (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vl)))
    (block $sdone
      (loop $sl
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $as (f32.add
          (f32.mul (local.get $m) (f32.load (i32.add (local.get $acc) (local.get $i))))
          (f32.load (i32.add (local.get $g) (local.get $i)))))
        (f32.store (i32.add (local.get $oacc) (local.get $i)) (local.get $as))
        (f32.store (i32.add (local.get $ox) (local.get $i))
          (f32.add (f32.mul (local.get $c) (local.get $as)) (f32.load (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sl))))

  ;; RMSprop, as tfjs's RMSPropOptimizer uncentred: ms' = ms·d + g²·(1−d); mom' = mom·μ + g·lr / √(ms' + ε); x' = x − mom'.
  (func (export "rmsprop") (param $x i32) (param $ms i32) (param $mom i32) (param $g i32) (param $ox i32) (param $oms i32) (param $omom i32) (param $n i32)
    (param $d f32) (param $od f32) (param $mu f32) (param $lr f32) (param $eps f32)
    (local $i i32) (local $end i32) (local $vend i32) (local $gg v128) (local $s v128) (local $p v128) (local $gs f32) (local $ss f32) (local $ps f32)
    (local $D v128) (local $OD v128) (local $MU v128) (local $LR v128) (local $E v128)
    (local.set $D (f32x4.splat (local.get $d)))
    (local.set $OD (f32x4.splat (local.get $od)))
    (local.set $MU (f32x4.splat (local.get $mu)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone
      (loop $vl
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
        (local.set $gg (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $s (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $ms) (local.get $i))) (local.get $D))
          (f32x4.mul (f32x4.mul (local.get $gg) (local.get $gg)) (local.get $OD))))
        (local.set $p (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $mom) (local.get $i))) (local.get $MU))
          (f32x4.div (f32x4.mul (local.get $gg) (local.get $LR)) (f32x4.sqrt (f32x4.add (local.get $s) (local.get $E))))))
        (v128.store (i32.add (local.get $oms) (local.get $i)) (local.get $s))
        (v128.store (i32.add (local.get $omom) (local.get $i)) (local.get $p))
        (v128.store (i32.add (local.get $ox) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $p)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vl)))
    (block $sdone
      (loop $sl
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ss (f32.add
          (f32.mul (f32.load (i32.add (local.get $ms) (local.get $i))) (local.get $d))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $od))))
        (local.set $ps (f32.add
          (f32.mul (f32.load (i32.add (local.get $mom) (local.get $i))) (local.get $mu))
          (f32.div (f32.mul (local.get $gs) (local.get $lr)) (f32.sqrt (f32.add (local.get $ss) (local.get $eps))))))
        (f32.store (i32.add (local.get $oms) (local.get $i)) (local.get $ss))
        (f32.store (i32.add (local.get $omom) (local.get $i)) (local.get $ps))
        (f32.store (i32.add (local.get $ox) (local.get $i))
          (f32.sub (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $ps)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sl))))

  ;; out[c] += Σ_r x[r·C + c] over `rows` rows of C floats (the caller zeroes out first).
  (func (export "colsum") (param $x i32) (param $rows i32) (param $c i32) (param $out i32)
    (local $r i32) (local $j i32) (local $row i32) (local $rowBytes i32) (local $vend i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $row (local.get $x))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.add
                (v128.load (i32.add (local.get $out) (local.get $j)))
                (v128.load (i32.add (local.get $row) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (local.get $j))
              (f32.add
                (f32.load (i32.add (local.get $out) (local.get $j)))
                (f32.load (i32.add (local.get $row) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; out[r·C + j] = x[r·C + j] + b[j]: the bias add of a dense or conv layer (a [C] vector broadcast over rows).
  (func (export "addrow") (param $x i32) (param $rows i32) (param $c i32) (param $b i32) (param $out i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32x4.add
                (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                (v128.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32.add
                (f32.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                (f32.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; out[r·C + j] = x[r·C + j] · b[j]: a per-channel scale (batch norm and its gradient).
  (func (export "mulrow") (param $x i32) (param $rows i32) (param $c i32) (param $b i32) (param $out i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32x4.mul
                (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                (v128.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32.mul
                (f32.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                (f32.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; out[r·C + j] = (x[r·C + j] − mean[j]) · a[j] + offset[j]: batch normalisation with a = scale / √(variance + ε).
  (func (export "bnrow") (param $x i32) (param $rows i32) (param $c i32) (param $mean i32) (param $a i32) (param $offset i32) (param $out i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32x4.add
                (f32x4.mul
                  (f32x4.sub
                    (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                    (v128.load (i32.add (local.get $mean) (local.get $j))))
                  (v128.load (i32.add (local.get $a) (local.get $j))))
                (v128.load (i32.add (local.get $offset) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32.add
                (f32.mul
                  (f32.sub
                    (f32.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                    (f32.load (i32.add (local.get $mean) (local.get $j))))
                  (f32.load (i32.add (local.get $a) (local.get $j))))
                (f32.load (i32.add (local.get $offset) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; Batch norm's backward pass over rows: dx = dy · a[j]; sdy[j] += dy; sdxm[j] += dy · (x − mean[j]) (the caller zeroes the sums).
  (func (export "bngrad") (param $x i32) (param $dy i32) (param $rows i32) (param $c i32) (param $mean i32) (param $a i32)
    (param $dx i32) (param $sdy i32) (param $sdxm i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32) (local $d v128) (local $ds f32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (local.set $d (v128.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $j)))))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $off) (local.get $j)))
              (f32x4.mul (local.get $d) (v128.load (i32.add (local.get $a) (local.get $j)))))
            (v128.store (i32.add (local.get $sdy) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $sdy) (local.get $j))) (local.get $d)))
            (v128.store (i32.add (local.get $sdxm) (local.get $j))
              (f32x4.add
                (v128.load (i32.add (local.get $sdxm) (local.get $j)))
                (f32x4.mul (local.get $d)
                  (f32x4.sub
                    (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                    (v128.load (i32.add (local.get $mean) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (local.set $ds (f32.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $j)))))
            (f32.store (i32.add (local.get $dx) (i32.add (local.get $off) (local.get $j)))
              (f32.mul (local.get $ds) (f32.load (i32.add (local.get $a) (local.get $j)))))
            (f32.store (i32.add (local.get $sdy) (local.get $j))
              (f32.add (f32.load (i32.add (local.get $sdy) (local.get $j))) (local.get $ds)))
            (f32.store (i32.add (local.get $sdxm) (local.get $j))
              (f32.add
                (f32.load (i32.add (local.get $sdxm) (local.get $j)))
                (f32.mul (local.get $ds)
                  (f32.sub
                    (f32.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $j))))
                    (f32.load (i32.add (local.get $mean) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; out[r·C + j] = b[j] · k: a [C] vector repeated over rows (the gradient of a mean over leading axes, k = 1/rows).
  (func (export "fillrow") (param $b i32) (param $rows i32) (param $c i32) (param $k f32) (param $out i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32) (local $K v128)
    (local.set $K (f32x4.splat (local.get $k)))
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $j))) (local.get $K)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j)))
              (f32.mul (f32.load (i32.add (local.get $b) (local.get $j))) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; ReLU's gradient: out = x > 0 ? dy : 0 (a NaN input gives 0).
  (func (export "relugrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $i i32) (local $end i32) (local $vend i32) (local $zero v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone
      (loop $vl
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (v128.and
            (v128.load (i32.add (local.get $dy) (local.get $i)))
            (f32x4.gt (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $zero))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vl)))
    (block $sdone
      (loop $sl
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $i))
          (select
            (f32.load (i32.add (local.get $dy) (local.get $i)))
            (f32.const 0)
            (f32.gt (f32.load (i32.add (local.get $x) (local.get $i))) (f32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sl))))

  ;; MaxPool, 2×2 window, stride 2, no padding, C a multiple of 4: out[b,i,j,c] = max of the window.
  (func (export "maxpool2x2")
    (param $x i32) (param $out i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (local $b i32) (local $i i32) (local $j i32) (local $k i32) (local $cb i32) (local $rowB i32)
    (local $p00 i32) (local $p10 i32) (local $o i32)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowB (i32.mul (local.get $w) (local.get $cb)))
    (local.set $o (local.get $out))
    (block $bdone (loop $bl
      (br_if $bdone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $ow)))
          (local.set $p00 (i32.add (local.get $x) (i32.mul
            (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.shl (local.get $i) (i32.const 1))) (local.get $w))
                     (i32.shl (local.get $j) (i32.const 1)))
            (local.get $cb))))
          (local.set $p10 (i32.add (local.get $p00) (local.get $rowB)))
          (local.set $k (i32.const 0))
          (block $kdone (loop $kl
            (br_if $kdone (i32.ge_u (local.get $k) (local.get $cb)))
            (v128.store (i32.add (local.get $o) (local.get $k))
              (f32x4.max
                (f32x4.max
                  (v128.load (i32.add (local.get $p00) (local.get $k)))
                  (v128.load (i32.add (i32.add (local.get $p00) (local.get $cb)) (local.get $k))))
                (f32x4.max
                  (v128.load (i32.add (local.get $p10) (local.get $k)))
                  (v128.load (i32.add (i32.add (local.get $p10) (local.get $cb)) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $kl)))
          (local.set $o (i32.add (local.get $o) (local.get $cb)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bl))))

  ;; MaxPoolGrad, 2×2 window, stride 2, no padding, C a multiple of 4: each covered input gets dy or 0, the first
  ;; maximum in row-major window order winning (strict >), as the cpu backend does.
  (func (export "maxpool2x2grad")
    (param $x i32) (param $dy i32) (param $out i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (local $b i32) (local $i i32) (local $j i32) (local $k i32) (local $cb i32) (local $rowB i32)
    (local $p00 i32) (local $p01 i32) (local $p10 i32) (local $p11 i32) (local $go i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $best v128) (local $g v128)
    (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowB (i32.mul (local.get $w) (local.get $cb)))
    (local.set $go (local.get $dy))
    (block $bdone (loop $bl
      (br_if $bdone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $ow)))
          ;; byte offset of window (i, j) of image b: ((b·H + 2i)·W + 2j)·C·4
          (local.set $p00 (i32.mul
            (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.shl (local.get $i) (i32.const 1))) (local.get $w))
                     (i32.shl (local.get $j) (i32.const 1)))
            (local.get $cb)))
          (local.set $p01 (i32.add (local.get $p00) (local.get $cb)))
          (local.set $p10 (i32.add (local.get $p00) (local.get $rowB)))
          (local.set $p11 (i32.add (local.get $p10) (local.get $cb)))
          (local.set $k (i32.const 0))
          (block $kdone (loop $kl
            (br_if $kdone (i32.ge_u (local.get $k) (local.get $cb)))
            (local.set $v0 (v128.load (i32.add (local.get $x) (i32.add (local.get $p00) (local.get $k)))))
            (local.set $v1 (v128.load (i32.add (local.get $x) (i32.add (local.get $p01) (local.get $k)))))
            (local.set $v2 (v128.load (i32.add (local.get $x) (i32.add (local.get $p10) (local.get $k)))))
            (local.set $v3 (v128.load (i32.add (local.get $x) (i32.add (local.get $p11) (local.get $k)))))
            (local.set $g (v128.load (i32.add (local.get $go) (local.get $k))))
            (local.set $s1 (f32x4.gt (local.get $v1) (local.get $v0)))
            (local.set $best (v128.bitselect (local.get $v1) (local.get $v0) (local.get $s1)))
            (local.set $s2 (f32x4.gt (local.get $v2) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $v2) (local.get $best) (local.get $s2)))
            (local.set $s3 (f32x4.gt (local.get $v3) (local.get $best)))
            ;; winner 3: s3; 2: s2 and not s3; 1: s1 and neither later; 0: none of them
            (v128.store (i32.add (local.get $out) (i32.add (local.get $p11) (local.get $k)))
              (v128.and (local.get $g) (local.get $s3)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $p10) (local.get $k)))
              (v128.andnot (v128.and (local.get $g) (local.get $s2)) (local.get $s3)))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $p01) (local.get $k)))
              (v128.andnot (v128.and (local.get $g) (local.get $s1)) (v128.or (local.get $s2) (local.get $s3))))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $p00) (local.get $k)))
              (v128.andnot (local.get $g) (v128.or (local.get $s1) (v128.or (local.get $s2) (local.get $s3)))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $kl)))
          (local.set $go (i32.add (local.get $go) (local.get $cb)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bl))))

  ;; im2col, NHWC: cols[m, (a,b,c)] = x[img, i·sh + a·dh − pt, j·sw + b·dw − pl, c], 0 outside the image; m runs
  ;; over (img, i, j) row-major. Each tap row is zeros, one copy of the taps inside the image (consecutive pixels
  ;; when dw = 1, else one copy per tap), zeros: bulk memory.copy/fill, so a 32-channel tap is a 128-byte move.
  (func (export "im2col")
    (param $x i32) (param $out i32) (param $n i32) (param $h i32) (param $w i32) (param $ci i32)
    (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $dh i32) (param $dw i32) (param $pt i32) (param $pl i32)
    (local $img i32) (local $i i32) (local $j i32) (local $a i32) (local $b i32) (local $ih i32) (local $iw0 i32)
    (local $lo i32) (local $hi i32) (local $cb i32) (local $rowB i32) (local $dst i32) (local $src i32)
    (local.set $cb (i32.shl (local.get $ci) (i32.const 2)))
    (local.set $rowB (i32.mul (local.get $kw) (local.get $cb)))
    (local.set $dst (local.get $out))
    (block $imgdone (loop $imgl
      (br_if $imgdone (i32.ge_u (local.get $img) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $ow)))
          ;; taps b in [lo, hi) fall inside the row: 0 ≤ iw0 + b·dw < w
          (local.set $iw0 (i32.sub (i32.mul (local.get $j) (local.get $sw)) (local.get $pl)))
          (local.set $lo (select (i32.const 0)
            (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $iw0)) (i32.sub (local.get $dw) (i32.const 1))) (local.get $dw))
            (i32.ge_s (local.get $iw0) (i32.const 0))))
          (local.set $hi (select
            (i32.div_u (i32.add (i32.sub (local.get $w) (local.get $iw0)) (i32.sub (local.get $dw) (i32.const 1))) (local.get $dw))
            (i32.const 0)
            (i32.gt_s (i32.sub (local.get $w) (local.get $iw0)) (i32.const 0))))
          (if (i32.gt_u (local.get $hi) (local.get $kw)) (then (local.set $hi (local.get $kw))))
          (if (i32.gt_u (local.get $lo) (local.get $hi)) (then (local.set $lo (local.get $hi))))
          (local.set $a (i32.const 0))
          (block $adone (loop $al
            (br_if $adone (i32.ge_u (local.get $a) (local.get $kh)))
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $i) (local.get $sh)) (i32.mul (local.get $a) (local.get $dh))) (local.get $pt)))
            (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $h)))
              (then (memory.fill (local.get $dst) (i32.const 0) (local.get $rowB)))
              (else
                (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $lo) (local.get $cb)))
                ;; the pixel (img, ih, iw0 + lo·dw)
                (local.set $src (i32.add (local.get $x) (i32.mul (local.get $cb)
                  (i32.add (i32.mul (i32.add (i32.mul (local.get $img) (local.get $h)) (local.get $ih)) (local.get $w))
                           (i32.add (local.get $iw0) (i32.mul (local.get $lo) (local.get $dw)))))))
                (if (i32.eq (local.get $dw) (i32.const 1))
                  (then (memory.copy (i32.add (local.get $dst) (i32.mul (local.get $lo) (local.get $cb))) (local.get $src)
                    (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $cb))))
                  (else
                    (local.set $b (local.get $lo))
                    (block $bdone (loop $bl
                      (br_if $bdone (i32.ge_u (local.get $b) (local.get $hi)))
                      (memory.copy (i32.add (local.get $dst) (i32.mul (local.get $b) (local.get $cb))) (local.get $src) (local.get $cb))
                      (local.set $src (i32.add (local.get $src) (i32.mul (local.get $dw) (local.get $cb))))
                      (local.set $b (i32.add (local.get $b) (i32.const 1)))
                      (br $bl)))))
                (memory.fill (i32.add (local.get $dst) (i32.mul (local.get $hi) (local.get $cb))) (i32.const 0)
                  (i32.mul (i32.sub (local.get $kw) (local.get $hi)) (local.get $cb)))))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowB)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $al)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $img (i32.add (local.get $img) (i32.const 1)))
      (br $imgl))))

  ;; ReLU's gradient and the bias gradient in one pass, for a conv with bias and ReLU: out = y > 0 ? dy : 0 (y the
  ;; layer's output) over [rows, C], and sum[j] += Σ_rows out[r, j] (sum zeroed by the caller).
  (func (export "relugradsum") (param $dy i32) (param $y i32) (param $out i32) (param $rows i32) (param $c i32) (param $sum i32)
    (local $r i32) (local $j i32) (local $off i32) (local $rowBytes i32) (local $vend i32) (local $v v128) (local $s f32)
    (local $zero v128)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vend (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $vl
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $vend)))
            (local.set $v (v128.and
              (v128.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $j))))
              (f32x4.gt (v128.load (i32.add (local.get $y) (i32.add (local.get $off) (local.get $j)))) (local.get $zero))))
            (v128.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j))) (local.get $v))
            (v128.store (i32.add (local.get $sum) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $sum) (local.get $j))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vl)))
        (block $sdone
          (loop $sl
            (br_if $sdone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (local.set $s (select
              (f32.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $j))))
              (f32.const 0)
              (f32.gt (f32.load (i32.add (local.get $y) (i32.add (local.get $off) (local.get $j)))) (f32.const 0))))
            (f32.store (i32.add (local.get $out) (i32.add (local.get $off) (local.get $j))) (local.get $s))
            (f32.store (i32.add (local.get $sum) (local.get $j))
              (f32.add (f32.load (i32.add (local.get $sum) (local.get $j))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $sl)))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))
)
