//! `test interpret` and `test run`: the `; run:` and `; print:` directives.
//!
//! Each directive is parsed against the signature of the function it
//! names (any function of the file), executed, and compared. `test
//! interpret` runs on the CLIF interpreter; `test run` runs native code on
//! each `target` of the file (the host when there is none) and is skipped,
//! with the reason, for targets lathe cannot compile or execute.

use super::FileRun;
#[cfg(feature = "interpreter")]
use crate::data_value::DataValue;
#[cfg(feature = "interpreter")]
use crate::reader::Comparison;
use crate::reader::{RunCommand, TestFile, parse_run_command};
#[cfg(feature = "interpreter")]
use std::fmt;
use std::io;

/// The directives of `file`, each with its source line; malformed ones are
/// reported as failures.
fn directives(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<Vec<(u32, RunCommand)>> {
    let mut out = Vec::new();
    for (func, details) in &file.functions {
        let name = func.name.to_string();
        let attached_to = name.strip_prefix('%').unwrap_or(&name);
        for comment in &details.comments {
            let lookup = |name: &str| {
                file.functions
                    .iter()
                    .find(|(f, _)| f.name.to_string().strip_prefix('%') == Some(name))
                    .map(|(f, _)| &f.signature)
            };
            match parse_run_command(&comment.text, comment.loc, attached_to, lookup) {
                Ok(Some(cmd)) => out.push((comment.loc.line, cmd)),
                Ok(None) => {}
                Err(e) => run.fail(
                    comment.loc.line,
                    &format_args!("malformed run line: {}", e.message),
                )?,
            }
        }
    }
    Ok(out)
}

/// `%f(1, 2)` for messages.
#[cfg(feature = "interpreter")]
struct ShowCall<'a>(&'a RunCommand);

#[cfg(feature = "interpreter")]
impl fmt::Display for ShowCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inv = self.0.invocation();
        write!(f, "%{}(", inv.func)?;
        for (i, a) in inv.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        f.write_str(")")
    }
}

/// One value, or `[a, b]` for several.
#[cfg(feature = "interpreter")]
struct ShowValues<'a>(&'a [DataValue]);

#[cfg(feature = "interpreter")]
impl fmt::Display for ShowValues<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            many => {
                f.write_str("[")?;
                for (i, v) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Checks one directive's outcome; `outcome` is the results or the error
/// (a trap, an unsupported opcode, ...) as text.
#[cfg(feature = "interpreter")]
fn judge(
    run: &mut FileRun<'_>,
    line: u32,
    cmd: &RunCommand,
    outcome: Result<Vec<DataValue>, String>,
) -> io::Result<()> {
    let call = ShowCall(cmd);
    let results = match outcome {
        Ok(r) => r,
        Err(e) => {
            let expected = match cmd {
                RunCommand::Compare(_, Comparison::Equal, want) => {
                    format!("expected {}", ShowValues(want))
                }
                RunCommand::Compare(_, Comparison::NotEqual, want) => {
                    format!("expected not {}", ShowValues(want))
                }
                RunCommand::NonZero(_) => "expected a non-zero result".to_string(),
                RunCommand::Print(_) => "expected results".to_string(),
            };
            return run.fail(line, &format_args!("{call}: {expected}, got {e}"));
        }
    };
    match cmd {
        RunCommand::Print(_) => {
            writeln!(
                run.out,
                "{}:{line}: {call} -> {}",
                run.path,
                ShowValues(&results)
            )?;
            run.summary.passed += 1;
            Ok(())
        }
        RunCommand::NonZero(_) => {
            if results.len() == 1 && results[0].is_nonzero() {
                run.pass(line, &call)
            } else {
                run.fail(
                    line,
                    &format_args!(
                        "{call}: expected a non-zero result, got {}",
                        ShowValues(&results)
                    ),
                )
            }
        }
        RunCommand::Compare(_, comparison, want) => {
            let equal = &results == want;
            match (comparison, equal) {
                (Comparison::Equal, true) | (Comparison::NotEqual, false) => run.pass(line, &call),
                (Comparison::Equal, false) => run.fail(
                    line,
                    &format_args!(
                        "{call}: expected {}, got {}",
                        ShowValues(want),
                        ShowValues(&results)
                    ),
                ),
                (Comparison::NotEqual, true) => run.fail(
                    line,
                    &format_args!(
                        "{call}: expected not {}, got {}",
                        ShowValues(want),
                        ShowValues(&results)
                    ),
                ),
            }
        }
    }
}

/// `test interpret`.
#[cfg(feature = "interpreter")]
pub(super) fn run_interpret(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    use crate::interp::{FunctionStore, Interpreter};
    let directives = directives(run, file)?;
    if !run.verify_file(file)? {
        return Ok(());
    }
    let mut store = FunctionStore::new();
    for (func, _) in &file.functions {
        store.add(func);
    }
    for (line, cmd) in &directives {
        let inv = cmd.invocation();
        let outcome = Interpreter::new(&store)
            .call_by_name(&inv.func, &inv.args)
            .map_err(|e| e.to_string());
        judge(run, *line, cmd, outcome)?;
    }
    Ok(())
}

/// `test interpret` without the interpreter compiled in.
#[cfg(not(feature = "interpreter"))]
pub(super) fn run_interpret(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    let directives = directives(run, file)?;
    run.skip(
        directives.len(),
        "`test interpret` needs lathe's `interpreter` feature".to_string(),
    );
    Ok(())
}

/// `test run`: native execution on each target of the file.
pub(super) fn run_native(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    let directives = directives(run, file)?;
    let mut isas: Vec<String> = file.targets.iter().map(|t| t.isa.clone()).collect();
    if isas.is_empty() {
        isas.push(host_isa().to_string());
    }
    if !run.options.targets.is_empty() {
        isas.retain(|isa| run.options.targets.iter().any(|t| t == isa));
    }
    if directives.is_empty() || isas.is_empty() {
        return Ok(());
    }
    if !run.verify_file(file)? {
        return Ok(());
    }
    for isa in isas {
        if isa == host_isa() && native::available(&isa) {
            native::run_on_host(run, file, &directives)?;
            continue;
        }
        let reason = match isa.as_str() {
            "x86_64" | "aarch64" | "s390x" if isa != host_isa() => {
                format!(
                    "`test run` on `{isa}` needs a `{isa}` host (this is `{}`)",
                    host_isa()
                )
            }
            "x86_64" | "aarch64" | "s390x" => {
                format!("`test run` on `{isa}` needs lathe's {isa} backend and its `jit` feature")
            }
            other => format!("lathe has no `{other}` backend"),
        };
        run.skip(directives.len(), reason);
    }
    Ok(())
}

/// Running on the host through the JIT.
#[cfg(all(
    feature = "jit",
    feature = "x86",
    feature = "interpreter",
    target_arch = "x86_64"
))]
mod native {
    use super::{FileRun, judge};
    use crate::data_value::DataValue;
    use crate::ir::{Function, Type};
    use crate::isa::x64::lower::function_call_layout;
    use crate::isa::{CompileOptions, Isa, compile_function};
    use crate::jit::{JitCode, JitModule, Linkage, Module};
    use crate::machinst::abi::{AbiReg, ArgLoc};
    use crate::reader::{RunCommand, TestFile};
    use std::io;

    /// Whether `isa` can run here.
    pub(super) fn available(isa: &str) -> bool {
        isa == "x86_64"
    }

    /// Two integer return registers (`rax`, `rdx`), as the System V
    /// convention returns a 16-byte struct of two integers.
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Pair(u64, u64);

    /// The most 8-byte stack argument words a run line can pass.
    const STACK_WORDS: usize = 16;

    /// Every function called through this signature: the six integer
    /// argument registers, then [`STACK_WORDS`] words that land at the
    /// callee's stack argument area in order (System V pushes extra
    /// arguments right to left, so word `i` is at `rsp + 8 * i` at the
    /// call). A callee ignores registers and words it does not take.
    type Entry = extern "C" fn(
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
    ) -> Pair;

    /// The System V integer argument registers by hardware number, in
    /// argument order: rdi, rsi, rdx, rcx, r8, r9.
    const INT_ARG_REGS: [u8; 6] = [7, 6, 2, 1, 8, 9];

    fn name_of(func: &Function) -> String {
        func.name.to_string().trim_start_matches('%').to_string()
    }

    /// Compiles every function that compiles into one module; the others
    /// are returned with their errors (a run line calling one fails).
    fn compile_all(file: &TestFile) -> (Result<JitCode, String>, Vec<(String, String)>) {
        let mut module = match JitModule::new() {
            Ok(m) => m,
            Err(e) => return (Err(e.to_string()), Vec::new()),
        };
        if let Err(e) = module.define_runtime_symbols() {
            return (Err(e.to_string()), Vec::new());
        }
        let options = CompileOptions::default();
        let mut failed = Vec::new();
        for (func, _) in &file.functions {
            let name = name_of(func);
            let defined = compile_function(func, Isa::X86_64, &options)
                .map_err(|e| e.to_string())
                .and_then(|code| {
                    let id = module
                        .declare_function(&name, Linkage::Export)
                        .map_err(|e| e.to_string())?;
                    code.define_in(&mut module, id).map_err(|e| e.to_string())
                });
            if let Err(e) = defined {
                failed.push((name, e));
            }
        }
        (module.finish().map_err(|e| e.to_string()), failed)
    }

    /// The scalar integer types the caller passes (vectors excluded).
    fn is_int(ty: Type) -> bool {
        use crate::ir::types::{I8, I16, I32, I64, I128};
        matches!(ty, I8 | I16 | I32 | I64 | I128)
    }

    /// The argument words of a run line: registers by argument order, then
    /// stack words.
    struct ArgWords {
        regs: [u64; 6],
        stack: [u64; STACK_WORDS],
    }

    impl ArgWords {
        fn set_reg(&mut self, reg: AbiReg, bits: u64) -> Result<(), String> {
            let slot = INT_ARG_REGS
                .iter()
                .position(|&hw| hw == reg.hw && reg.class == crate::machinst::reg::RegClass::Int)
                .ok_or_else(|| format!("an argument in register {reg:?}"))?;
            self.regs[slot] = bits;
            Ok(())
        }

        fn set_stack(&mut self, offset: u32, bits: u64) -> Result<(), String> {
            let word = (offset / 8) as usize;
            let slot = self.stack.get_mut(word).ok_or_else(|| {
                format!("the run-line caller passes at most {STACK_WORDS} stack words")
            })?;
            *slot = bits;
            Ok(())
        }
    }

    /// An integer argument's bits, extended to 128 as its `uext`/`sext`
    /// attribute says (sign-extended otherwise too: the callee ignores the
    /// upper bits).
    fn arg_bits(a: &DataValue, ty: Type) -> Result<u128, String> {
        let bits = a.to_bits().ok_or("a non-integer argument")?;
        let w = ty.bits();
        Ok(if w >= 128 {
            bits
        } else {
            let shift = 128 - w;
            (((bits << shift) as i128) >> shift) as u128
        })
    }

    fn result_value(ty: Type, bits: u128) -> Result<DataValue, String> {
        let mask = if ty.bits() >= 128 {
            u128::MAX
        } else {
            (1u128 << ty.bits()) - 1
        };
        DataValue::from_int_bits(ty, bits & mask).ok_or_else(|| format!("a result of type `{ty}`"))
    }

    fn call(code: &JitCode, func: &Function, args: &[DataValue]) -> Result<Vec<DataValue>, String> {
        let sig = &func.signature;
        if float_call::has_floats(sig) {
            return float_call::call(code, &name_of(func), sig, args);
        }
        if sig.params.iter().any(|p| !is_int(p.value_type)) {
            return Err("the run-line caller passes integer arguments only".into());
        }
        if sig.returns.iter().any(|r| !is_int(r.value_type)) {
            return Err("the run-line caller reads integer results only".into());
        }
        let layout = function_call_layout(sig).map_err(|e| e.to_string())?;
        let mut words = ArgWords {
            regs: [0; 6],
            stack: [0; STACK_WORDS],
        };
        // The return area: 16-byte aligned words the callee stores into.
        let mut area = vec![0u128; (layout.ret_area_size as usize).div_ceil(16)];
        if layout.has_ret_area() {
            match layout.call.params.first().map(|a| a.loc) {
                Some(ArgLoc::Reg(r)) => words.set_reg(r, area.as_mut_ptr() as u64)?,
                other => return Err(format!("a return-area pointer at {other:?}")),
            }
        }
        for (a, assignment) in args.iter().zip(layout.params()) {
            let bits = arg_bits(a, assignment.ty)?;
            match assignment.loc {
                ArgLoc::Reg(r) => words.set_reg(r, bits as u64)?,
                ArgLoc::RegPair { lo, hi } => {
                    words.set_reg(lo, bits as u64)?;
                    words.set_reg(hi, (bits >> 64) as u64)?;
                }
                ArgLoc::Stack { offset, size } => {
                    words.set_stack(offset, bits as u64)?;
                    if size > 8 {
                        words.set_stack(offset + 8, (bits >> 64) as u64)?;
                    }
                }
                ArgLoc::Indirect { .. } => return Err("an argument passed by reference".into()),
            }
        }
        // SAFETY: the function was compiled from this signature under System
        // V with integer parameters and results only; every argument is in
        // the register or stack word its layout names, the return area (if
        // any) is large enough and outlives the call, and the callee ignores
        // registers and stack words it does not take.
        let entry: Entry =
            unsafe { code.get_function(&name_of(func)) }.map_err(|e| e.to_string())?;
        let (r, st) = (&words.regs, &words.stack);
        let Pair(rax, rdx) = entry(
            r[0], r[1], r[2], r[3], r[4], r[5], st[0], st[1], st[2], st[3], st[4], st[5], st[6],
            st[7], st[8], st[9], st[10], st[11], st[12], st[13], st[14], st[15],
        );
        let reg_bits = |reg: AbiReg| -> Result<u64, String> {
            match reg.hw {
                0 => Ok(rax),
                2 => Ok(rdx),
                _ => Err(format!("a result in register {reg:?}")),
            }
        };
        let mut results = Vec::with_capacity(sig.returns.len());
        for a in &layout.call.returns {
            let bits = match a.loc {
                ArgLoc::Reg(r) => u128::from(reg_bits(r)?),
                ArgLoc::RegPair { lo, hi } => {
                    u128::from(reg_bits(lo)?) | (u128::from(reg_bits(hi)?) << 64)
                }
                other => return Err(format!("a result at {other:?}")),
            };
            results.push(result_value(a.ty, bits)?);
        }
        let bytes: Vec<u8> = area.iter().flat_map(|w| w.to_le_bytes()).collect();
        for slot in &layout.ret_area {
            let start = slot.offset as usize;
            let mut raw = [0u8; 16];
            let len = slot.ty.bytes() as usize;
            let src = bytes
                .get(start..start + len)
                .ok_or("a return-area result out of bounds")?;
            raw[..len].copy_from_slice(src);
            results.push(result_value(slot.ty, u128::from_le_bytes(raw))?);
        }
        Ok(results)
    }

    /// Calling functions with `f16`/`f32`/`f64`/`f128` or 128-bit vector
    /// arguments or results: integers go in the six System V integer
    /// argument registers, floats and vectors in `xmm0`-`xmm7` (each
    /// argument register is a whole `__m128i`: an `f16`, `f32` or `f64` in
    /// its low bits, an `f128` or a vector in all of it, lane 0 lowest); a
    /// single `f128` or vector result comes back in `xmm0`; other
    /// results come back as the System V convention returns a 16-byte
    /// struct of the same classes in the same order (`rax`/`rdx` for
    /// integers, `xmm0`/`xmm1` for floats), which is how lathe returns
    /// two values.
    mod float_call {
        use super::{JitCode, is_int};
        use crate::data_value::DataValue;
        use crate::ir::{Signature, Type, types};
        use core::arch::x86_64::__m128i;

        /// Whether `ty` travels in an XMM register.
        fn is_float(ty: Type) -> bool {
            matches!(ty, types::F16 | types::F32 | types::F64 | types::F128) || is_wide(ty)
        }

        /// Whether `ty` fills a whole XMM register (`f128`, 128-bit vectors).
        fn is_wide(ty: Type) -> bool {
            ty == types::F128 || (ty.is_vector() && ty.bits() == 128)
        }

        /// An argument's bits (a vector's lanes, lane 0 in the low bits).
        fn arg_bits(a: &DataValue) -> Option<u128> {
            match a {
                DataValue::Vector(_, bytes) => Some(u128::from_le_bytes(*bytes)),
                other => other.to_bits(),
            }
        }

        /// A whole-register result of type `ty`.
        fn wide_result(ty: Type, bits: u128) -> Option<DataValue> {
            if ty.is_vector() {
                Some(DataValue::Vector(ty, bits.to_le_bytes()))
            } else {
                DataValue::from_bits(ty, bits)
            }
        }

        /// An XMM register's 128 bits.
        fn xmm(bits: u128) -> __m128i {
            // SAFETY: both types are 16 bytes of plain data.
            unsafe { core::mem::transmute::<u128, __m128i>(bits) }
        }

        fn xmm_bits(x: __m128i) -> u128 {
            // SAFETY: as in `xmm`.
            unsafe { core::mem::transmute::<__m128i, u128>(x) }
        }

        /// Whether the signature passes or returns a float.
        pub(super) fn has_floats(sig: &Signature) -> bool {
            sig.params
                .iter()
                .chain(&sig.returns)
                .any(|p| is_float(p.value_type))
        }

        #[repr(C)]
        #[derive(Clone, Copy)]
        struct IntInt(u64, u64);
        #[repr(C)]
        #[derive(Clone, Copy)]
        struct FloatFloat(f64, f64);
        #[repr(C)]
        #[derive(Clone, Copy)]
        struct IntFloat(u64, f64);
        #[repr(C)]
        #[derive(Clone, Copy)]
        struct FloatInt(f64, u64);

        /// Six integer and eight float argument registers; unused ones are
        /// ignored by the callee.
        // `__m128i` is passed in one XMM register on x86-64 (SSE2 is
        // baseline), as C passes `__m128i` and `__float128`.
        #[allow(improper_ctypes_definitions)]
        type Entry<R> = extern "C" fn(
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            __m128i,
            __m128i,
            __m128i,
            __m128i,
            __m128i,
            __m128i,
            __m128i,
            __m128i,
        ) -> R;

        fn invoke<R: Copy>(
            code: &JitCode,
            name: &str,
            i: [u64; 6],
            f: [u128; 8],
        ) -> Result<R, String> {
            // SAFETY: the caller checked that the function was compiled from
            // a System V signature of at most six integer and eight float
            // parameters and results of the classes (in order) that `R`
            // returns in registers; the callee ignores argument registers
            // it does not take.
            let entry: Entry<R> = unsafe { code.get_function(name) }.map_err(|e| e.to_string())?;
            let f = f.map(xmm);
            Ok(entry(
                i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
            ))
        }

        pub(super) fn call(
            code: &JitCode,
            name: &str,
            sig: &Signature,
            args: &[DataValue],
        ) -> Result<Vec<DataValue>, String> {
            let supported = |ty: Type| is_int(ty) || is_float(ty);
            if sig
                .params
                .iter()
                .chain(&sig.returns)
                .any(|p| !supported(p.value_type))
            {
                return Err("the run-line caller passes and returns integers of at most 64 bits, scalar floats and 128-bit vectors".into());
            }
            let mut ints = [0u64; 6];
            let mut floats = [0u128; 8];
            let (mut ni, mut nf) = (0, 0);
            for (p, a) in sig.params.iter().zip(args) {
                let bits =
                    arg_bits(a).ok_or("an argument that is not a scalar or a 128-bit vector")?;
                if is_float(p.value_type) {
                    *floats
                        .get_mut(nf)
                        .ok_or("the run-line caller passes at most 8 float arguments")? = bits;
                    nf += 1;
                } else {
                    // An `i128` takes two integer registers, low half first.
                    let words = if p.value_type == types::I128 { 2 } else { 1 };
                    for w in 0..words {
                        *ints
                            .get_mut(ni)
                            .ok_or("the run-line caller passes at most 6 integer arguments")? =
                            (bits >> (64 * w)) as u64;
                        ni += 1;
                    }
                }
            }
            if let [r] = sig.returns.as_slice()
                && is_wide(r.value_type)
            {
                let ty = r.value_type;
                let x: __m128i = invoke(code, name, ints, floats)?;
                return wide_result(ty, xmm_bits(x))
                    .map(|v| vec![v])
                    .ok_or_else(|| format!("a result of type `{ty}`"));
            }
            if sig.returns.iter().any(|r| is_wide(r.value_type)) {
                return Err(
                    "the run-line caller reads an f128 or a vector only as the single result"
                        .into(),
                );
            }
            let classes: Vec<bool> = sig.returns.iter().map(|r| is_float(r.value_type)).collect();
            let bits: [u64; 2] = match classes.as_slice() {
                [] | [false] | [false, false] => {
                    let IntInt(a, b) = invoke(code, name, ints, floats)?;
                    [a, b]
                }
                [true] | [true, true] => {
                    let FloatFloat(a, b) = invoke(code, name, ints, floats)?;
                    [a.to_bits(), b.to_bits()]
                }
                [false, true] => {
                    let IntFloat(a, b) = invoke(code, name, ints, floats)?;
                    [a, b.to_bits()]
                }
                [true, false] => {
                    let FloatInt(a, b) = invoke(code, name, ints, floats)?;
                    [a.to_bits(), b]
                }
                _ => return Err("the run-line caller reads at most 2 results".into()),
            };
            sig.returns
                .iter()
                .zip(bits)
                .map(|(r, bits)| {
                    let ty = r.value_type;
                    let mask = if ty.bits() >= 64 {
                        u64::MAX
                    } else {
                        (1u64 << ty.bits()) - 1
                    };
                    DataValue::from_bits(ty, u128::from(bits & mask))
                        .ok_or_else(|| format!("a result of type `{ty}`"))
                })
                .collect()
        }
    }

    /// Compiles every function of `file` into one JIT module and runs the
    /// directives.
    pub(super) fn run_on_host(
        run: &mut FileRun<'_>,
        file: &TestFile,
        directives: &[(u32, RunCommand)],
    ) -> io::Result<()> {
        let (code, failed) = compile_all(file);
        let code = match code {
            Ok(c) => c,
            Err(e) => {
                for (line, cmd) in directives {
                    judge(run, *line, cmd, Err(format!("linking failed: {e}")))?;
                }
                return Ok(());
            }
        };
        for (line, cmd) in directives {
            let inv = cmd.invocation();
            if let Some((_, e)) = failed.iter().find(|(n, _)| *n == inv.func) {
                judge(run, *line, cmd, Err(format!("compilation failed: {e}")))?;
                continue;
            }
            let Some((func, _)) = file.functions.iter().find(|(f, _)| name_of(f) == inv.func)
            else {
                judge(run, *line, cmd, Err(format!("no function `%{}`", inv.func)))?;
                continue;
            };
            let outcome = call(&code, func, &inv.args);
            judge(run, *line, cmd, outcome)?;
        }
        Ok(())
    }
}

/// No native execution in this build.
#[cfg(not(all(
    feature = "jit",
    feature = "x86",
    feature = "interpreter",
    target_arch = "x86_64"
)))]
mod native {
    use super::FileRun;
    use crate::reader::{RunCommand, TestFile};
    use std::io;

    pub(super) fn available(_isa: &str) -> bool {
        false
    }

    pub(super) fn run_on_host(
        _run: &mut FileRun<'_>,
        _file: &TestFile,
        _directives: &[(u32, RunCommand)],
    ) -> io::Result<()> {
        Ok(())
    }
}

/// The ISA name of the machine running the tests.
fn host_isa() -> &'static str {
    if cfg!(target_arch = "x86_64") {
        "x86_64"
    } else if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else if cfg!(target_arch = "s390x") {
        "s390x"
    } else {
        "unknown"
    }
}
