//! One front end, two outputs: the same client code, generic over
//! `impl Module`, builds a small module (a read-only data object, a local
//! function loading it pc-relative, exported functions calling that local
//! function and an imported one), and the result runs both in the JIT
//! (the import bound with `define_host_symbol`) and as an ELF object
//! linked with `cc` against a C driver that defines the import.

#![cfg(all(
    feature = "jit",
    feature = "object",
    feature = "x86",
    target_arch = "x86_64"
))]

use std::path::Path;
use std::process::Command;

use lathe::isa::x64::regs::*;
use lathe::isa::x64::{Amode, Inst, LabelUse, RegMem, RegMemRw};
use lathe::jit::JitModule;
use lathe::machinst::asm_sink::{FinishedCode, SymbolRef, Target, VecAsmSink};
use lathe::machinst::forms::AsmError;
use lathe::machinst::reg::Rw;
use lathe::module::{DataDecl, Linkage, Module, RelocatedBytes};
use lathe::object::{ObjectModule, ObjectTarget};

/// Encodes `insts`; `SymbolRef(i)` names the i-th entry of the names given
/// with the definition.
fn assemble(insts: Vec<Result<Inst, AsmError>>) -> FinishedCode {
    let mut sink = VecAsmSink::<LabelUse>::new();
    for inst in insts {
        inst.and_then(|i| i.encode(&mut sink)).expect("encodes");
    }
    sink.finish().expect("labels resolve")
}

fn symbol(index: u32) -> Target {
    Target::Symbol {
        symbol: SymbolRef(index),
        addend: 0,
    }
}

/// `push rbp` (keeps the stack 16-byte aligned at the call); `call sym0`
/// (the caller's arguments pass through); `pop rbp`; `add rax, rax`; `ret`.
fn call_and_double() -> FinishedCode {
    assemble(vec![
        Inst::push_r64(RBP),
        Inst::call_rel32(symbol(0)),
        Inst::pop_r64(RBP),
        Inst::add_rm64_r64(RegMemRw::Reg(Rw::same(RAX)), RAX),
        Inst::ret(),
    ])
}

/// The value of the data object `k`.
const K: i64 = 20;

/// The client code, written once for every output:
///
/// - `k`: read-only, local, `K` as 8 bytes;
/// - `load_k`: local, returns `k` (a pc-relative load);
/// - `twice_k`: exported, `2 * load_k()` (a call inside the module);
/// - `biased(x)`: exported, `2 * bias(x)` where `bias` is imported.
///
/// `twice_k` is defined before `load_k` and `k`, which it reaches only
/// through names: definitions may come in any order.
fn build_sample<M: Module>(m: &mut M) -> Result<(), M::Error> {
    let twice_k = m.declare_function("twice_k", Linkage::Export)?;
    let biased = m.declare_function("biased", Linkage::Export)?;
    let load_k = m.declare_function("load_k", Linkage::Local)?;
    let k = m.declare_data("k", Linkage::Local, DataDecl::read_only(8))?;
    m.declare_function("bias", Linkage::Import)?;

    let caller = call_and_double();
    m.define_function(
        twice_k,
        &RelocatedBytes {
            bytes: &caller.bytes,
            relocs: &caller.relocs,
            symbol_names: &["load_k"],
        },
        1,
    )?;
    m.define_function(
        biased,
        &RelocatedBytes {
            bytes: &caller.bytes,
            relocs: &caller.relocs,
            symbol_names: &["bias"],
        },
        1,
    )?;
    let load = assemble(vec![
        Inst::mov_r64_rm64(RAX, RegMem::Mem(Amode::rip(symbol(0)))),
        Inst::ret(),
    ]);
    m.define_function(
        load_k,
        &RelocatedBytes {
            bytes: &load.bytes,
            relocs: &load.relocs,
            symbol_names: &["k"],
        },
        1,
    )?;
    m.define_data(k, &RelocatedBytes::plain(&K.to_le_bytes()))?;
    Ok(())
}

extern "C" fn bias(x: i64) -> i64 {
    x + 1
}

#[test]
fn the_sample_runs_in_the_jit() {
    let mut m = JitModule::new().expect("x86-64 host");
    m.define_host_symbol("bias", bias as *const u8)
        .expect("binds the import");
    build_sample(&mut m).unwrap_or_else(|e| panic!("builds: {e}"));
    let code = m.finish().unwrap_or_else(|e| panic!("links: {e}"));
    // SAFETY: `twice_k` is `extern "C" fn() -> i64`, `biased` is
    // `extern "C" fn(i64) -> i64`.
    unsafe {
        assert_eq!(code.call_i64("twice_k", &[]), Ok(2 * K));
        assert_eq!(code.call_i64("biased", &[20]), Ok(42));
    }
}

const DRIVER: &str = r#"
#include <stdio.h>
long twice_k(void);
long biased(long);
long bias(long x) { return x + 1; }
int main(void) {
    printf("%ld %ld\n", twice_k(), biased(20));
    return 0;
}
"#;

#[test]
fn the_same_sample_links_with_cc_and_runs() {
    let mut m = ObjectModule::new(ObjectTarget::X86_64);
    build_sample(&mut m).unwrap_or_else(|e| panic!("builds: {e}"));
    let object = m.finish().unwrap_or_else(|e| panic!("writes: {e}"));

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("module-sample");
    std::fs::create_dir_all(&dir).expect("creates the work directory");
    let (obj, c, exe) = (
        dir.join("sample.o"),
        dir.join("driver.c"),
        dir.join("driver"),
    );
    std::fs::write(&obj, object).expect("writes the object");
    std::fs::write(&c, DRIVER).expect("writes the driver");
    let status = Command::new("cc")
        .arg("-Wall")
        .arg("-o")
        .arg(&exe)
        .arg(&c)
        .arg(&obj)
        .status()
        .expect("runs cc");
    assert!(status.success(), "cc failed: {status}");
    let out = Command::new(&exe).output().expect("runs the program");
    assert!(out.status.success(), "{}", out.status);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{} 42\n", 2 * K)
    );
}
