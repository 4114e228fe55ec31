//! The JIT on an x86-64 host: small functions assembled with the generated
//! x64 constructors, linked in one module (calls between functions, calls
//! to host functions through veneers, RIP-relative and absolute data
//! references), built through the `Module` trait, mapped W^X and called. Also the errors: unresolved
//! symbols and out-of-range pc-relative references.

#![cfg(all(feature = "jit", feature = "x86", target_arch = "x86_64"))]

use lathe::isa::x64::regs::*;
use lathe::isa::x64::{Amode, Inst, LabelUse, RegMem, RegMemRw};
use lathe::jit::{DataDecl, JitCode, JitError, JitModule, Linkage, Module, RelocatedBytes};
use lathe::machinst::asm_sink::{FinishedCode, Reloc, RelocKind, SymbolRef, Target, VecAsmSink};
use lathe::machinst::forms::AsmError;
use lathe::machinst::reg::Rw;

/// Encodes `insts` into finished code (bytes + relocations).
fn assemble(insts: Vec<Result<Inst, AsmError>>) -> FinishedCode {
    let mut sink = VecAsmSink::<LabelUse>::new();
    for inst in insts {
        inst.and_then(|i| i.encode(&mut sink)).expect("encodes");
    }
    sink.finish().expect("resolves")
}

fn symbol(index: u32) -> Target {
    Target::Symbol {
        symbol: SymbolRef(index),
        addend: 0,
    }
}

/// Declares `name` as an exported function and defines it from `code`.
fn define(module: &mut JitModule, name: &str, code: &FinishedCode, symbols: &[&str]) {
    let id = module
        .declare_function(name, Linkage::Export)
        .expect("declares");
    let code = RelocatedBytes {
        bytes: &code.bytes,
        relocs: &code.relocs,
        symbol_names: symbols,
    };
    module.define_function(id, &code, 1).expect("defines");
}

/// `mov eax, value; ret`
fn return_constant(value: i64) -> FinishedCode {
    assemble(vec![Inst::mov_r32_imm32(RAX, value), Inst::ret()])
}

/// `push rbp` (16-byte stack alignment at the call); `call sym0`;
/// `pop rbp`; `add rax, rax`; `ret`: twice what `sym0` returns for the
/// caller's own arguments.
fn call_and_double() -> FinishedCode {
    assemble(vec![
        Inst::push_r64(RBP),
        Inst::call_rel32(symbol(0)),
        Inst::pop_r64(RBP),
        Inst::add_rm64_r64(RegMemRw::Reg(Rw::same(RAX)), RAX),
        Inst::ret(),
    ])
}

extern "C" fn host_triple(x: i64) -> i64 {
    x * 3
}

static HOST_WORD: i64 = -77;

fn finish(module: JitModule) -> JitCode {
    module
        .finish()
        .unwrap_or_else(|error| panic!("links: {error}"))
}

#[test]
fn returns_a_constant() {
    let mut module = JitModule::new().expect("x86-64 host");
    define(&mut module, "answer", &return_constant(42), &[]);
    let code = finish(module);
    // SAFETY: `answer` is `extern "C" fn() -> i64` (it sets eax, which
    // zero-extends into rax).
    let answer = unsafe { code.get_function::<extern "C" fn() -> i64>("answer") }.expect("found");
    assert_eq!(answer(), 42);
    assert_eq!(unsafe { code.call_i64("answer", &[]) }, Ok(42));
}

#[test]
fn adds_two_sysv_arguments() {
    let add = assemble(vec![
        Inst::mov_r64_rm64(RAX, RegMem::Reg(RDI)),
        Inst::add_r64_rm64(Rw::same(RAX), RegMem::Reg(RSI)),
        Inst::ret(),
    ]);
    let mut module = JitModule::new().expect("x86-64 host");
    define(&mut module, "add", &add, &[]);
    let code = finish(module);
    // SAFETY: `add` is `extern "C" fn(i64, i64) -> i64`.
    unsafe {
        assert_eq!(code.call_i64("add", &[40, 2]), Ok(42));
        assert_eq!(code.call_i64("add", &[i64::MAX, 1]), Ok(i64::MIN));
        let f = code
            .get_function::<extern "C" fn(i64, i64) -> i64>("add")
            .expect("found");
        assert_eq!(f(-5, 3), -2);
        assert_eq!(
            code.call_i64("add", &[0; 9]),
            Err(JitError::TooManyArguments(9))
        );
        assert_eq!(
            code.get_function::<u32>("add"),
            Err(JitError::NotPointerSized { size: 4 })
        );
    }
}

#[test]
fn calls_another_function_of_the_module() {
    let caller = call_and_double();
    assert_eq!(caller.relocs.len(), 1);
    assert_eq!(caller.relocs[0].kind, RelocKind::X86CallPlt4);
    let mut module = JitModule::new().expect("x86-64 host");
    // The caller is defined before its callee: names resolve at finish.
    define(&mut module, "caller", &caller, &["callee"]);
    define(&mut module, "callee", &return_constant(21), &[]);
    let code = finish(module);
    // SAFETY: both are `extern "C" fn() -> i64`.
    assert_eq!(unsafe { code.call_i64("caller", &[]) }, Ok(42));
    // Module functions are in reach: no veneer was needed or reserved.
    let callee = code.address("callee").expect("defined") as usize;
    let end = callee - code.memory().as_ptr() as usize + return_constant(21).bytes.len();
    assert_eq!(code.memory().len(), end.next_multiple_of(16));
}

#[test]
fn calls_a_host_function() {
    let mut module = JitModule::new().expect("x86-64 host");
    module
        .define_host_symbol("host_triple", host_triple as *const u8)
        .expect("defines");
    define(&mut module, "six_x", &call_and_double(), &["host_triple"]);
    let code = finish(module);
    // SAFETY: `six_x` is `extern "C" fn(i64) -> i64` (rdi passes through).
    assert_eq!(unsafe { code.call_i64("six_x", &[7]) }, Ok(42));
}

#[test]
fn far_host_calls_go_through_a_veneer() {
    // A host address certainly more than 2 GiB from any mmap area: the
    // call cannot reach it directly (never called; only linked).
    let far = 0x1000usize as *const u8;
    let mut module = JitModule::new().expect("x86-64 host");
    module.define_host_symbol("far", far).expect("defines");
    define(&mut module, "f", &call_and_double(), &["far"]);
    let code = finish(module);
    let bytes = code.memory().bytes();
    let reloc = call_and_double().relocs[0];
    let field = reloc.offset as usize;
    let rel = i32::from_le_bytes(bytes[field..field + 4].try_into().expect("4 bytes"));
    let veneer = (field as i64 + 4 + i64::from(rel)) as usize;
    // The veneer (16 bytes after the function) holds the absolute address.
    assert_eq!(veneer % 16, 0);
    assert_eq!(veneer + 16, bytes.len());
    assert_eq!(&bytes[veneer + 8..veneer + 16], &0x1000u64.to_le_bytes());
}

#[test]
fn loads_a_constant_rip_relative_and_a_host_word_absolutely() {
    let load = assemble(vec![
        Inst::mov_r64_rm64(RAX, RegMem::Mem(Amode::rip(symbol(0)))),
        Inst::ret(),
    ]);
    assert_eq!(load.relocs[0].kind, RelocKind::X86PcRel4);
    // movabs rax, <host word address>; mov rax, [rax]; ret
    let mut absolute = assemble(vec![
        Inst::movabs_r64_imm64(RAX, 0),
        Inst::mov_r64_rm64(RAX, RegMem::Mem(Amode::base(RAX, 0))),
        Inst::ret(),
    ]);
    absolute.relocs.push(Reloc {
        offset: 2,
        kind: RelocKind::Abs8,
        symbol: SymbolRef(0),
        addend: 0,
    });
    let mut module = JitModule::new().expect("x86-64 host");
    let k = module
        .declare_data("k", Linkage::Local, DataDecl::read_only(8))
        .expect("declares");
    module
        .define_data(
            k,
            &RelocatedBytes::plain(&0x1234_5678_9abc_def0u64.to_le_bytes()),
        )
        .expect("defines");
    module
        .define_host_symbol("host_word", (&raw const HOST_WORD).cast())
        .expect("defines");
    define(&mut module, "load_k", &load, &["k"]);
    define(&mut module, "load_host", &absolute, &["host_word"]);
    let code = finish(module);
    // SAFETY: both are `extern "C" fn() -> i64`.
    unsafe {
        assert_eq!(code.call_i64("load_k", &[]), Ok(0x1234_5678_9abc_def0));
        assert_eq!(code.call_i64("load_host", &[]), Ok(-77));
    }
}

/// The permissions field (`r-xp`, ...) of the /proc/self/maps line that
/// contains `address`.
fn permissions_of(address: usize) -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("procfs");
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let start = usize::from_str_radix(start, 16).expect("hex");
        let end = usize::from_str_radix(end, 16).expect("hex");
        if (start..end).contains(&address) {
            return perms.to_string();
        }
    }
    panic!("{address:#x} is not mapped");
}

#[test]
fn finished_code_is_executable_and_not_writable() {
    let mut module = JitModule::new().expect("x86-64 host");
    define(&mut module, "answer", &return_constant(42), &[]);
    let code = finish(module);
    let address = code.address("answer").expect("defined") as usize;
    let perms = permissions_of(address);
    assert_eq!(&perms[..3], "r-x", "{perms}");
    // Before finishing, the memory is writable and not executable.
    let mut memory = lathe::jit::JitMemory::new(64).expect("maps");
    memory.bytes_mut()[0] = 0xC3;
    let perms = permissions_of(memory.base() as usize);
    assert_eq!(&perms[..3], "rw-", "{perms}");
}

#[test]
fn unresolved_symbols_are_errors() {
    let mut module = JitModule::new().expect("x86-64 host");
    define(&mut module, "caller", &call_and_double(), &["nowhere"]);
    let error = module.finish().expect_err("unresolved");
    assert_eq!(error.errors().len(), 1);
    assert_eq!(
        error.to_string(),
        "relocation at `caller`+0x2 (X86CallPlt4): unresolved symbol `nowhere` \
         (define it in the module or with `define_host_symbol`)"
    );
}

#[test]
fn out_of_range_data_references_are_errors() {
    let load = assemble(vec![
        Inst::lea_r64_m(RAX, Amode::rip(symbol(0))),
        Inst::ret(),
    ]);
    let mut module = JitModule::new().expect("x86-64 host");
    module
        .define_host_symbol("far_data", 0x1000usize as *const u8)
        .expect("defines");
    define(&mut module, "f", &load, &["far_data"]);
    let error = module.finish().expect_err("out of range");
    assert!(matches!(&error, JitError::RelocOutOfRange { name, .. } if name == "far_data"));
    assert!(error.to_string().contains("out of range"), "{error}");
}
