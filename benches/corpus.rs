//! A deterministic corpus of integer-only CLIF functions for compile-time
//! benchmarks: [`corpus`] returns about 100,000 CLIF instructions in about
//! 170 functions (median about 240 instructions, the largest a few
//! thousand) of realistic shapes: straight-line arithmetic, counted loops
//! carrying several block parameters, if/else diamonds, switch-like `brif`
//! chains, loads and stores on stack slots, and calls to functions
//! generated earlier. Little code is dead: operands prefer values without a
//! use yet, and each region folds its leftovers into what it passes on.
//!
//! A bench includes it with `#[path = "corpus.rs"] mod corpus;`. It is also
//! the `corpus` test target, whose tests check that every function parses,
//! verifies and runs on the interpreter without trapping.
//!
//! Invariants, upheld by construction:
//! - only the opcodes `iconst iadd isub imul band bor bxor ishl ushr sshr
//!   icmp select brif jump return load store stack_addr call udiv sdiv urem
//!   srem uextend sextend ireduce`, and only the types `i8`..`i64`;
//! - every use is dominated by its definition: a value defined inside an
//!   arm, case or loop body is used only there (results leave through the
//!   join or exit block's parameters);
//! - nothing traps: divisors are forced into `1..=63`, memory accesses stay
//!   inside their (zero-initialized) stack slot, loops count down from
//!   `1..=8`; stack addresses never feed arithmetic, so results do not
//!   depend on where slots live;
//! - calls go only to functions generated earlier (no recursion), and each
//!   function's estimated dynamic instruction count stays bounded, so
//!   interpreting the whole corpus is quick;
//! - the same text every time: a seeded xorshift, no other randomness.

use std::fmt::Write;

/// The corpus: `(name, CLIF text of one function)`, callees before callers.
pub fn corpus() -> Vec<(String, String)> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut generated: Vec<Callee> = Vec::new();
    let mut out = Vec::new();
    let mut total = 0usize;
    while total < TARGET_INSTRUCTIONS {
        let index = out.len();
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        // Mostly small functions, some large ones.
        let size = match rng.below(10) {
            0..=5 => 20 + rng.below(120) as usize,
            6..=8 => 150 + rng.below(350) as usize,
            _ => 600 + rng.below(1400) as usize,
        };
        let name = format!("f{index:03}_{}", kind.name());
        let (text, callee) = FuncGen::new(&mut rng, &generated, &name, kind, size).finish();
        total += callee.insts;
        generated.push(callee);
        out.push((name, text));
    }
    out
}

/// Stop once the corpus holds at least this many instructions.
const TARGET_INSTRUCTIONS: usize = 100_000;
/// Estimated dynamic instructions a function may execute (callees included).
const COST_BUDGET: u64 = 20_000;
/// Deepest nesting of loops, diamonds and switches.
const MAX_DEPTH: u32 = 3;

/// A seeded xorshift64 generator.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The integer types of the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    I8,
    I16,
    I32,
    I64,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::I8 => "i8",
            Ty::I16 => "i16",
            Ty::I32 => "i32",
            Ty::I64 => "i64",
        }
    }

    fn bytes(self) -> u32 {
        match self {
            Ty::I8 => 1,
            Ty::I16 => 2,
            Ty::I32 => 4,
            Ty::I64 => 8,
        }
    }

    fn random(rng: &mut XorShift) -> Ty {
        // Wider types are more common, as in real code.
        match rng.below(10) {
            0 => Ty::I8,
            1 => Ty::I16,
            2..=5 => Ty::I32,
            _ => Ty::I64,
        }
    }
}

/// What a function mostly consists of.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Straight,
    Loops,
    Diamonds,
    Switch,
    Memory,
    Calls,
    Mixed,
}

const KINDS: [Kind; 7] = [
    Kind::Straight,
    Kind::Loops,
    Kind::Diamonds,
    Kind::Switch,
    Kind::Memory,
    Kind::Calls,
    Kind::Mixed,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Straight => "straight",
            Kind::Loops => "loops",
            Kind::Diamonds => "diamonds",
            Kind::Switch => "switch",
            Kind::Memory => "memory",
            Kind::Calls => "calls",
            Kind::Mixed => "mixed",
        }
    }

    /// Weights of the segments [arith, loop, diamond, switch, memory, call].
    fn weights(self) -> [u64; 6] {
        match self {
            Kind::Straight => [1, 0, 0, 0, 0, 0],
            Kind::Loops => [3, 4, 1, 0, 1, 0],
            Kind::Diamonds => [3, 0, 4, 1, 0, 0],
            Kind::Switch => [3, 0, 1, 4, 0, 0],
            Kind::Memory => [3, 1, 0, 0, 4, 0],
            Kind::Calls => [3, 0, 1, 0, 0, 4],
            Kind::Mixed => [4, 2, 2, 1, 2, 2],
        }
    }
}

/// A structural piece of a function body.
#[derive(Clone, Copy)]
enum Segment {
    Arith,
    Loop,
    Diamond,
    Switch,
    Memory,
    Call,
}

const SEGMENTS: [Segment; 6] = [
    Segment::Arith,
    Segment::Loop,
    Segment::Diamond,
    Segment::Switch,
    Segment::Memory,
    Segment::Call,
];

/// A function generated earlier, which later functions may call.
struct Callee {
    name: String,
    params: Vec<Ty>,
    returns: Vec<Ty>,
    /// Estimated dynamic instruction count of one call.
    cost: u64,
    /// Static instruction count.
    insts: usize,
}

/// A block under construction.
struct BlockText {
    params: Vec<(u32, Ty)>,
    lines: Vec<String>,
}

/// Builds one function.
struct FuncGen<'a> {
    rng: &'a mut XorShift,
    callees: &'a [Callee],
    name: String,
    kind: Kind,
    params: Vec<Ty>,
    returns: Vec<Ty>,
    blocks: Vec<BlockText>,
    current: usize,
    next_value: u32,
    /// Values usable at the current point (defined in dominating code).
    scope: Vec<(u32, Ty)>,
    /// Whether each value (by number) has a use yet.
    used: Vec<bool>,
    /// Preamble lines (`ssN = ...`, `fnN = ...`).
    preamble: Vec<String>,
    slot_sizes: Vec<u32>,
    /// Callee index to function reference number.
    fn_refs: Vec<(usize, u32)>,
    insts: usize,
    /// Instructions left to generate.
    budget: usize,
    /// Estimated dynamic instruction count so far.
    cost: u64,
    /// How many times the current code runs per call (loop trip bounds).
    multiplier: u64,
    depth: u32,
}

impl<'a> FuncGen<'a> {
    fn new(
        rng: &'a mut XorShift,
        callees: &'a [Callee],
        name: &str,
        kind: Kind,
        size: usize,
    ) -> Self {
        let params: Vec<Ty> = (0..1 + rng.below(4)).map(|_| Ty::random(rng)).collect();
        let returns: Vec<Ty> = (0..1 + rng.below(2)).map(|_| Ty::random(rng)).collect();
        let mut g = FuncGen {
            rng,
            callees,
            name: name.to_string(),
            kind,
            params: params.clone(),
            returns,
            blocks: Vec::new(),
            current: 0,
            next_value: 0,
            scope: Vec::new(),
            used: Vec::new(),
            preamble: Vec::new(),
            slot_sizes: Vec::new(),
            fn_refs: Vec::new(),
            insts: 0,
            budget: size,
            cost: 0,
            multiplier: 1,
            depth: 0,
        };
        let entry_params: Vec<(u32, Ty)> = params.iter().map(|&t| (g.fresh(), t)).collect();
        g.scope.extend(&entry_params);
        g.blocks.push(BlockText {
            params: entry_params,
            lines: Vec::new(),
        });
        g
    }

    /// Generates the body and returns the text and the callee record.
    fn finish(mut self) -> (String, Callee) {
        self.body();
        let rets: Vec<u32> = self
            .returns
            .clone()
            .into_iter()
            .map(|t| self.value(t))
            .collect();
        let list = join_values(&rets);
        self.emit(format!("return {list}"));

        let mut text = String::new();
        let sig = |tys: &[Ty]| tys.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            text,
            "function %{}({}) -> {} {{",
            self.name,
            sig(&self.params),
            sig(&self.returns)
        );
        for line in &self.preamble {
            let _ = writeln!(text, "    {line}");
        }
        for (b, block) in self.blocks.iter().enumerate() {
            let params: Vec<String> = block
                .params
                .iter()
                .map(|(v, t)| format!("v{v}: {}", t.name()))
                .collect();
            if params.is_empty() {
                let _ = writeln!(text, "block{b}:");
            } else {
                let _ = writeln!(text, "block{b}({}):", params.join(", "));
            }
            for line in &block.lines {
                let _ = writeln!(text, "    {line}");
            }
        }
        text.push_str("}\n");
        let callee = Callee {
            name: self.name,
            params: self.params,
            returns: self.returns,
            cost: self.cost + 1,
            insts: self.insts,
        };
        (text, callee)
    }

    // ---- building blocks ----

    fn fresh(&mut self) -> u32 {
        self.next_value += 1;
        self.used.push(false);
        self.next_value - 1
    }

    /// Records a use of `v` and returns it.
    fn use_value(&mut self, v: u32) -> u32 {
        self.used[v as usize] = true;
        v
    }

    fn emit(&mut self, line: String) {
        self.blocks[self.current].lines.push(line);
        self.insts += 1;
        self.budget = self.budget.saturating_sub(1);
        self.cost += self.multiplier;
    }

    /// Emits `vN = <rhs>` of type `ty` and adds it to the scope.
    fn def(&mut self, ty: Ty, rhs: String) -> u32 {
        let v = self.fresh();
        self.emit(format!("v{v} = {rhs}"));
        self.scope.push((v, ty));
        v
    }

    fn new_block(&mut self, params: Vec<(u32, Ty)>) -> usize {
        self.blocks.push(BlockText {
            params,
            lines: Vec::new(),
        });
        self.blocks.len() - 1
    }

    fn iconst(&mut self, ty: Ty, imm: i64) -> u32 {
        self.def(ty, format!("iconst.{} {imm}", ty.name()))
    }

    /// A value of type `ty` from the scope — mostly the latest one without
    /// a use yet, so that little code is dead, else a recent one — or one
    /// made from another value or a constant.
    fn value(&mut self, ty: Ty) -> u32 {
        if self.rng.chance(75)
            && let Some(&(v, _)) = self
                .scope
                .iter()
                .rev()
                .take(24)
                .find(|&&(v, t)| t == ty && !self.used[v as usize])
        {
            return self.use_value(v);
        }
        let candidates: Vec<u32> = self
            .scope
            .iter()
            .rev()
            .filter(|&&(_, t)| t == ty)
            .take(12)
            .map(|&(v, _)| v)
            .collect();
        if !candidates.is_empty() && !self.rng.chance(5) {
            let v = candidates[self.rng.below(candidates.len() as u64) as usize];
            return self.use_value(v);
        }
        let others: Vec<(u32, Ty)> = self
            .scope
            .iter()
            .rev()
            .filter(|&&(_, t)| t != ty)
            .take(8)
            .copied()
            .collect();
        if others.is_empty() || self.rng.chance(30) {
            let imm = self.rng.below(200) as i64 - 50;
            let v = self.iconst(ty, imm);
            return self.use_value(v);
        }
        let (v, from) = others[self.rng.below(others.len() as u64) as usize];
        let converted = self.convert(v, from, ty);
        self.use_value(converted)
    }

    /// A value of type `ty` that combines (`bxor`, `iadd`) up to eight
    /// values of `scope[from..]` that have no use yet, converted to `ty`:
    /// what a region passes on, so its computations are not dead.
    fn fold_unused(&mut self, ty: Ty, from: usize) -> u32 {
        let mut acc = self.value(ty);
        let unused: Vec<(u32, Ty)> = self.scope[from.min(self.scope.len())..]
            .iter()
            .filter(|&&(v, _)| !self.used[v as usize])
            .rev()
            .take(8)
            .copied()
            .collect();
        for (v, t) in unused {
            if self.used[v as usize] {
                continue;
            }
            let x = if t == ty {
                self.use_value(v)
            } else {
                let converted = self.convert(v, t, ty);
                self.use_value(converted)
            };
            let op = if self.rng.chance(50) { "bxor" } else { "iadd" };
            acc = self.def(ty, format!("{op} v{acc}, v{x}"));
            self.use_value(acc);
        }
        acc
    }

    /// `v` of type `from` as type `to` (extended or reduced).
    fn convert(&mut self, v: u32, from: Ty, to: Ty) -> u32 {
        let op = if from.bytes() > to.bytes() {
            "ireduce"
        } else if self.rng.chance(50) {
            "uextend"
        } else {
            "sextend"
        };
        self.use_value(v);
        self.def(to, format!("{op}.{} v{v}", to.name()))
    }

    /// A divisor in `1..=63` made from a value of type `ty`.
    fn divisor(&mut self, ty: Ty) -> u32 {
        let x = self.value(ty);
        let mask = self.iconst(ty, 62);
        let masked = self.def(ty, format!("band v{x}, v{mask}"));
        let one = self.iconst(ty, 1);
        for v in [mask, masked, one] {
            self.use_value(v);
        }
        let d = self.def(ty, format!("bor v{masked}, v{one}"));
        self.use_value(d)
    }

    /// One arithmetic instruction (or a few, for a division).
    fn arith_one(&mut self) {
        let ty = Ty::random(self.rng);
        match self.rng.below(20) {
            0..=3 => {
                let (a, b) = (self.value(ty), self.value(ty));
                self.def(ty, format!("iadd v{a}, v{b}"));
            }
            4..=5 => {
                let (a, b) = (self.value(ty), self.value(ty));
                self.def(ty, format!("isub v{a}, v{b}"));
            }
            6..=7 => {
                let (a, b) = (self.value(ty), self.value(ty));
                self.def(ty, format!("imul v{a}, v{b}"));
            }
            8..=10 => {
                let op = ["band", "bor", "bxor"][self.rng.below(3) as usize];
                let (a, b) = (self.value(ty), self.value(ty));
                self.def(ty, format!("{op} v{a}, v{b}"));
            }
            11..=12 => {
                let op = ["ishl", "ushr", "sshr"][self.rng.below(3) as usize];
                let a = self.value(ty);
                let amount_ty = Ty::random(self.rng);
                let b = self.value(amount_ty);
                self.def(ty, format!("{op} v{a}, v{b}"));
            }
            13..=14 => {
                let cc = ["eq", "ne", "slt", "sge", "ult", "ugt", "sle", "uge"]
                    [self.rng.below(8) as usize];
                let (a, b) = (self.value(ty), self.value(ty));
                let c = self.def(Ty::I8, format!("icmp {cc} v{a}, v{b}"));
                if self.rng.chance(60) {
                    self.use_value(c);
                    let (x, y) = (self.value(ty), self.value(ty));
                    self.def(ty, format!("select v{c}, v{x}, v{y}"));
                }
            }
            15 => {
                let op = ["udiv", "sdiv", "urem", "srem"][self.rng.below(4) as usize];
                let a = self.value(ty);
                let d = self.divisor(ty);
                self.def(ty, format!("{op} v{a}, v{d}"));
            }
            16..=17 => {
                let from = Ty::random(self.rng);
                if from != ty {
                    let v = self.value(from);
                    self.convert(v, from, ty);
                } else {
                    let imm = self.rng.below(1 << 16) as i64 - (1 << 15);
                    let imm = match ty {
                        Ty::I8 => imm % 128,
                        _ => imm,
                    };
                    self.iconst(ty, imm);
                }
            }
            _ => {
                let imm = self.rng.below(64) as i64;
                self.iconst(ty, imm);
            }
        }
    }

    fn arith(&mut self, n: usize) {
        for _ in 0..n {
            self.arith_one();
        }
    }

    // ---- segments ----

    /// The body: segments until the instruction budget is spent.
    fn body(&mut self) {
        while self.budget > 0 {
            let segment = self.pick_segment();
            self.segment(segment);
        }
    }

    fn pick_segment(&mut self) -> Segment {
        let mut weights = self.kind.weights();
        if self.depth >= MAX_DEPTH {
            // Only straight-line pieces this deep.
            weights[1] = 0;
            weights[2] = 0;
            weights[3] = 0;
        }
        let total: u64 = weights.iter().sum();
        let mut pick = self.rng.below(total);
        for (s, w) in SEGMENTS.iter().zip(weights) {
            if pick < w {
                return *s;
            }
            pick -= w;
        }
        Segment::Arith
    }

    fn segment(&mut self, segment: Segment) {
        match segment {
            Segment::Arith => {
                let n = 3 + self.rng.below(12) as usize;
                self.arith(n);
            }
            Segment::Loop => self.counted_loop(),
            Segment::Diamond => self.diamond(),
            Segment::Switch => self.switch(),
            Segment::Memory => self.memory(),
            Segment::Call => self.call(),
        }
    }

    /// A nested body of about `n` instructions (arithmetic plus, below the
    /// depth limit, nested segments).
    fn nested_body(&mut self, n: usize) {
        self.depth += 1;
        let saved_budget = self.budget;
        self.budget = n;
        while self.budget > 0 {
            let segment = if self.rng.chance(70) {
                Segment::Arith
            } else {
                self.pick_segment()
            };
            self.segment(segment);
        }
        self.budget = saved_budget.saturating_sub(n);
        self.depth -= 1;
    }

    /// Random types for the values a construct passes to its join block.
    fn join_types(&mut self) -> Vec<Ty> {
        (0..1 + self.rng.below(3))
            .map(|_| Ty::random(self.rng))
            .collect()
    }

    /// Jumps from the current block to `target` passing values of `types`,
    /// the first folding in the unused values of `scope[region..]`.
    fn jump_with(&mut self, target: usize, types: &[Ty], region: usize) {
        let args = self.region_results(types, region);
        self.emit(format!("jump block{target}({})", join_values(&args)));
    }

    /// Values of `types` leaving a region that starts at `scope[region]`.
    fn region_results(&mut self, types: &[Ty], region: usize) -> Vec<u32> {
        let mut values = Vec::with_capacity(types.len());
        for (k, &t) in types.iter().enumerate() {
            values.push(if k == 0 {
                self.fold_unused(t, region)
            } else {
                self.value(t)
            });
        }
        values
    }

    /// Makes `block` current with the scope `scope` plus its parameters.
    fn enter(&mut self, block: usize, scope: &[(u32, Ty)]) {
        self.current = block;
        self.scope.truncate(0);
        self.scope.extend_from_slice(scope);
        let params = self.blocks[block].params.clone();
        self.scope.extend(params);
    }

    fn block_params(&mut self, types: &[Ty]) -> Vec<(u32, Ty)> {
        types.iter().map(|&t| (self.fresh(), t)).collect()
    }

    /// `if cond { ... } else { ... }` joining with block parameters.
    fn diamond(&mut self) {
        let ty = Ty::random(self.rng);
        let (a, b) = (self.value(ty), self.value(ty));
        let cc = ["eq", "ne", "slt", "ult", "sgt"][self.rng.below(5) as usize];
        let cond = self.def(Ty::I8, format!("icmp {cc} v{a}, v{b}"));
        self.use_value(cond);
        let outer: Vec<(u32, Ty)> = self.scope.clone();
        let types = self.join_types();
        let then_block = self.new_block(Vec::new());
        let else_block = self.new_block(Vec::new());
        let join_params = self.block_params(&types);
        let join = self.new_block(join_params);
        self.emit(format!(
            "brif v{cond}, block{then_block}, block{else_block}"
        ));
        for arm in [then_block, else_block] {
            self.enter(arm, &outer);
            let n = 2 + self.rng.below(10) as usize;
            self.nested_body(n);
            self.jump_with(join, &types, outer.len());
        }
        self.enter(join, &outer);
    }

    /// A chain of `brif (icmp eq x, k)` tests, one case block each, and a
    /// default, all joining with block parameters.
    fn switch(&mut self) {
        let ty = Ty::random(self.rng);
        let x = self.value(ty);
        let outer: Vec<(u32, Ty)> = self.scope.clone();
        let types = self.join_types();
        let join_params = self.block_params(&types);
        let join = self.new_block(join_params);
        let cases = 2 + self.rng.below(6);
        for k in 0..cases {
            let key = self.iconst(ty, k as i64 * 3 - 2);
            let hit = self.def(Ty::I8, format!("icmp eq v{x}, v{key}"));
            self.use_value(key);
            self.use_value(hit);
            let case = self.new_block(Vec::new());
            let next = self.new_block(Vec::new());
            self.emit(format!("brif v{hit}, block{case}, block{next}"));
            // Values defined by the tests dominate the later tests only.
            let tests_scope: Vec<(u32, Ty)> = self.scope.clone();
            self.enter(case, &tests_scope);
            let n = 1 + self.rng.below(6) as usize;
            self.nested_body(n);
            self.jump_with(join, &types, tests_scope.len());
            self.enter(next, &tests_scope);
        }
        // The default.
        let n = 1 + self.rng.below(4) as usize;
        let region = self.scope.len();
        self.nested_body(n);
        self.jump_with(join, &types, region);
        self.enter(join, &outer);
    }

    /// A loop counting down from `1..=8`, carrying the counter and one to
    /// four more values in block parameters, leaving through an exit block
    /// with parameters.
    fn counted_loop(&mut self) {
        const MAX_TRIPS: u64 = 8;
        if self.cost + self.multiplier * MAX_TRIPS * 40 > COST_BUDGET {
            self.arith(4);
            return;
        }
        let counter_ty = if self.rng.chance(50) {
            Ty::I32
        } else {
            Ty::I64
        };
        let seed = self.value(counter_ty);
        let mask = self.iconst(counter_ty, MAX_TRIPS as i64 - 1);
        let masked = self.def(counter_ty, format!("band v{seed}, v{mask}"));
        let one = self.iconst(counter_ty, 1);
        let start = self.def(counter_ty, format!("iadd v{masked}, v{one}"));
        for v in [mask, masked, one, start] {
            self.use_value(v);
        }
        let carried = self.join_types();
        let inits: Vec<u32> = carried.iter().map(|&t| self.value(t)).collect();
        let outer: Vec<(u32, Ty)> = self.scope.clone();

        let mut header_types = vec![counter_ty];
        header_types.extend(&carried);
        let header_params = self.block_params(&header_types);
        let counter = header_params[0].0;
        let header = self.new_block(header_params);
        let exit_params = self.block_params(&carried);
        let exit = self.new_block(exit_params);
        self.emit(format!(
            "jump block{header}(v{start}{})",
            prefixed_values(&inits)
        ));

        self.enter(header, &outer);
        self.multiplier *= MAX_TRIPS;
        let n = 4 + self.rng.below(20) as usize;
        self.nested_body(n);
        let step = self.iconst(counter_ty, 1);
        self.use_value(step);
        self.use_value(counter);
        let next = self.def(counter_ty, format!("isub v{counter}, v{step}"));
        self.use_value(next);
        let updated = self.region_results(&carried, outer.len());
        self.emit(format!(
            "brif v{next}, block{header}(v{next}{}), block{exit}({})",
            prefixed_values(&updated),
            join_values(&updated)
        ));
        self.multiplier /= MAX_TRIPS;
        self.enter(exit, &outer);
    }

    /// Stores to and loads from a stack slot of this function.
    fn memory(&mut self) {
        let slot = if self.slot_sizes.is_empty() || self.rng.chance(30) {
            let size = [8, 16, 32, 64][self.rng.below(4) as usize];
            let n = self.slot_sizes.len();
            self.preamble.push(format!("ss{n} = explicit_slot {size}"));
            self.slot_sizes.push(size);
            n
        } else {
            self.rng.below(self.slot_sizes.len() as u64) as usize
        };
        let size = self.slot_sizes[slot];
        // The address is not put in the scope: no arithmetic on addresses.
        let addr = self.fresh();
        self.emit(format!("v{addr} = stack_addr.i64 ss{slot}"));
        for _ in 0..2 + self.rng.below(6) {
            let ty = Ty::random(self.rng);
            let offset = self.rng.below(u64::from(size / ty.bytes())) as u32 * ty.bytes();
            let at = match offset {
                0 => format!("v{addr}"),
                _ => format!("v{addr}+{offset}"),
            };
            if self.rng.chance(50) {
                let v = self.value(ty);
                self.emit(format!("store notrap aligned v{v}, {at}"));
            } else {
                self.def(ty, format!("load.{} notrap aligned {at}", ty.name()));
            }
        }
    }

    /// A call to a function generated earlier that fits the cost budget.
    fn call(&mut self) {
        let affordable: Vec<usize> = (0..self.callees.len())
            .filter(|&i| self.cost + self.callees[i].cost * self.multiplier <= COST_BUDGET)
            .collect();
        if affordable.is_empty() {
            self.arith(3);
            return;
        }
        let index = affordable[self.rng.below(affordable.len() as u64) as usize];
        let callee = &self.callees[index];
        let fn_ref = match self.fn_refs.iter().find(|&&(i, _)| i == index) {
            Some(&(_, r)) => r,
            None => {
                let r = self.fn_refs.len() as u32;
                let sig = |tys: &[Ty]| tys.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ");
                self.preamble.push(format!(
                    "fn{r} = %{}({}) -> {}",
                    callee.name,
                    sig(&callee.params),
                    sig(&callee.returns)
                ));
                self.fn_refs.push((index, r));
                r
            }
        };
        let (params, returns, cost) = (callee.params.clone(), callee.returns.clone(), callee.cost);
        let args: Vec<u32> = params.iter().map(|&t| self.value(t)).collect();
        let results: Vec<(u32, Ty)> = returns.iter().map(|&t| (self.fresh(), t)).collect();
        let lhs: Vec<u32> = results.iter().map(|&(v, _)| v).collect();
        self.emit(format!(
            "{} = call fn{fn_ref}({})",
            join_values(&lhs),
            join_values(&args)
        ));
        self.scope.extend(results);
        self.cost += cost * self.multiplier;
    }
}

/// `v1, v2, v3`.
fn join_values(values: &[u32]) -> String {
    values
        .iter()
        .map(|v| format!("v{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `, v1, v2` (empty for no values), to follow a first argument.
fn prefixed_values(values: &[u32]) -> String {
    values.iter().map(|v| format!(", v{v}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lathe::data_value::DataValue;
    use lathe::interp::{FunctionStore, Interpreter};
    use lathe::ir::{Function, Opcode, types};
    use lathe::reader::parse_functions;
    use lathe::verifier::verify_function;
    use std::collections::BTreeMap;

    fn parse_all(corpus: &[(String, String)]) -> Vec<Function> {
        corpus
            .iter()
            .map(|(name, text)| {
                let mut funcs = parse_functions(text)
                    .unwrap_or_else(|e| panic!("{name} does not parse: {e}\n{text}"));
                assert_eq!(funcs.len(), 1, "{name}: one function per entry");
                let func = funcs.remove(0);
                assert_eq!(func.name.to_string(), format!("%{name}"));
                func
            })
            .collect()
    }

    #[test]
    fn corpus_is_deterministic_and_about_100k_instructions() {
        let first = corpus();
        assert_eq!(first, corpus());
        let funcs = parse_all(&first);
        let total: usize = funcs
            .iter()
            .map(|f| {
                f.layout
                    .blocks()
                    .map(|b| f.layout.block_insts(b).count())
                    .sum::<usize>()
            })
            .sum();
        assert!(
            (100_000..105_000).contains(&total),
            "{total} instructions in {} functions",
            funcs.len()
        );
    }

    #[test]
    fn little_code_is_dead() {
        // Results without any use would not even be lowered: a compile
        // benchmark wants live code.
        let funcs = parse_all(&corpus());
        let (mut defining, mut dead) = (0usize, 0usize);
        for f in &funcs {
            let mut used = std::collections::BTreeSet::new();
            for block in f.layout.blocks() {
                for inst in f.layout.block_insts(block) {
                    used.extend(f.dfg.inst_values(inst));
                }
            }
            for block in f.layout.blocks() {
                for inst in f.layout.block_insts(block) {
                    let results = f.dfg.inst_results(inst);
                    if !results.is_empty() {
                        defining += 1;
                        dead += usize::from(results.iter().all(|r| !used.contains(r)));
                    }
                }
            }
        }
        assert!(dead * 50 < defining, "{dead} of {defining} results unused");
    }

    #[test]
    fn every_function_verifies_and_uses_only_the_allowed_opcodes_and_types() {
        use Opcode::*;
        let allowed = [
            Iconst, Iadd, Isub, Imul, Band, Bor, Bxor, Ishl, Ushr, Sshr, Icmp, Select, Brif, Jump,
            Return, Load, Store, StackAddr, Call, Udiv, Sdiv, Urem, Srem, Uextend, Sextend,
            Ireduce,
        ];
        let corpus = corpus();
        let funcs = parse_all(&corpus);
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut block_params = 0;
        for ((name, text), func) in corpus.iter().zip(&funcs) {
            if let Err(e) = verify_function(func) {
                panic!("{name} does not verify: {e}\n{text}");
            }
            for block in func.layout.blocks() {
                block_params += func.dfg.block_params(block).len();
                for inst in func.layout.block_insts(block) {
                    let op = func.dfg.insts[inst].opcode();
                    assert!(allowed.contains(&op), "{name}: `{op}` is not allowed");
                    *seen.entry(op.to_string()).or_default() += 1;
                    for &v in func.dfg.inst_results(inst) {
                        let ty = func.dfg.value_type(v);
                        assert!(
                            [types::I8, types::I16, types::I32, types::I64].contains(&ty),
                            "{name}: a result of type {ty}"
                        );
                    }
                }
            }
        }
        // Every allowed opcode occurs, and so do block parameters.
        for op in allowed {
            assert!(
                seen.contains_key(&op.to_string()),
                "`{op}` never occurs: {seen:?}"
            );
        }
        assert!(block_params > 1_000, "{block_params} block parameters");
    }

    #[test]
    fn every_function_runs_on_the_interpreter_without_trapping() {
        let corpus = corpus();
        let funcs = parse_all(&corpus);
        let mut store = FunctionStore::new();
        for f in &funcs {
            store.add(f);
        }
        let mut rng = XorShift(0x5eed);
        for ((name, _), func) in corpus.iter().zip(&funcs) {
            for _ in 0..2 {
                let args: Vec<DataValue> = func
                    .signature
                    .params
                    .iter()
                    .map(|p| {
                        let bits = u128::from(rng.next()) & ((1u128 << p.value_type.bits()) - 1);
                        DataValue::from_int_bits(p.value_type, bits).expect("an integer type")
                    })
                    .collect();
                let results = Interpreter::new(&store)
                    .call_by_name(name, &args)
                    .unwrap_or_else(|e| panic!("{name}{args:?}: {e}"));
                assert_eq!(results.len(), func.signature.returns.len(), "{name}");
            }
        }
    }
}
