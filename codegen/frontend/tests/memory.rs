//! Memory helpers: small copies and fills inline, larger ones as calls;
//! checked by running them with the interpreter on a byte array in a host
//! region (the interpreter runs the `%Memcpy`/`%Memmove`/`%Memset` calls).

use super::{build, signature, snapshot};
use crate::data_value::DataValue;
use crate::frontend::{FrontendError, FunctionBuilder, TargetFrontendConfig};
use crate::interp::{FunctionStore, Interpreter};
use crate::ir::types::{I8, I16, I32, I64};
use crate::ir::{CallConv, Function, InstBuilder, MemFlags, Opcode};

const CONFIG: TargetFrontendConfig = TargetFrontendConfig {
    default_call_conv: CallConv::SystemV,
    pointer_type: I64,
};

/// A function `(dest, src) -> ()` whose body is `body(builder, dest, src)`.
fn memory_function(
    name: &str,
    body: impl FnOnce(&mut FunctionBuilder<'_>, crate::ir::Value, crate::ir::Value),
) -> Function {
    build(name, signature(&[I64, I64], &[]), |b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let (dest, src) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        body(b, dest, src);
        b.ins().return_(&[]);
    })
}

fn count(func: &Function, opcode: Opcode) -> usize {
    func.layout
        .blocks()
        .flat_map(|b| func.layout.block_insts(b))
        .filter(|&i| func.dfg.insts[i].opcode() == opcode)
        .count()
}

/// Runs `func(dest, src)` with the interpreter, `dest` and `src` being
/// offsets into `memory` (put in a host region), for at most `max_steps`
/// instructions, and returns the final memory.
fn run_in_region(func: &Function, dest: i64, src: i64, memory: Vec<u8>, max_steps: u64) -> Vec<u8> {
    let mut store = FunctionStore::new();
    store.add(func);
    let mut interp = Interpreter::new(&store).with_step_limit(max_steps);
    let base = match interp.add_region(memory) {
        Some(DataValue::I64(base)) => base,
        other => panic!("a region's address is an i64, got {other:?}"),
    };
    let args = [DataValue::I64(base + dest), DataValue::I64(base + src)];
    if let Err(e) = interp.call_by_name(&func.name.to_string(), &args) {
        panic!("{e}\n{}", func.display());
    }
    match interp.region(DataValue::I64(base)) {
        Some(bytes) => bytes.to_vec(),
        None => panic!("the region is gone"),
    }
}

/// Runs `func(dest, src)` on a 96-byte memory holding 0, 1, 2, …
fn run_on_memory(func: &Function, dest: i64, src: i64) -> Vec<u8> {
    run_in_region(func, dest, src, (0..96).collect(), 10_000)
}

/// What copying `size` bytes from `src` to `dest` gives, by the book.
fn copied(dest: usize, src: usize, size: usize) -> Vec<u8> {
    let mut memory: Vec<u8> = (0..96).collect();
    memory.copy_within(src..src + size, dest);
    memory
}

#[test]
fn small_copies_are_inline_loads_then_stores() {
    for (size, align, loads) in [
        (16, 8, 2),
        (15, 8, 4),
        (7, 4, 3),
        (8, 2, 4),
        (3, 1, 3),
        (0, 8, 0),
    ] {
        let func = memory_function("copy", |b, dest, src| {
            b.emit_small_memory_copy(CONFIG, dest, src, size, align, align, true, MemFlags::new())
                .expect("valid copy");
        });
        assert_eq!(
            count(&func, Opcode::Load),
            loads,
            "size {size} align {align}"
        );
        assert_eq!(count(&func, Opcode::Store), loads);
        assert_eq!(count(&func, Opcode::Call), 0);
        assert_eq!(run_on_memory(&func, 40, 0), copied(40, 0, size as usize));
        if size == 15 {
            snapshot("memcpy_inline_15", &func);
        }
    }
}

#[test]
fn inline_copy_is_correct_for_overlapping_buffers() {
    let func = memory_function("overlap", |b, dest, src| {
        b.emit_small_memory_copy(CONFIG, dest, src, 16, 8, 8, false, MemFlags::new())
            .expect("valid copy");
    });
    assert_eq!(run_on_memory(&func, 8, 0), copied(8, 0, 16));
    assert_eq!(run_on_memory(&func, 0, 8), copied(0, 8, 16));
}

#[test]
fn large_or_unaligned_copies_call_the_library() {
    for (size, align, non_overlapping, routine) in [
        (64, 8, true, "%Memcpy"),
        (33, 8, true, "%Memcpy"),
        (5, 1, false, "%Memmove"),
    ] {
        let func = memory_function("copy_call", |b, dest, src| {
            b.emit_small_memory_copy(
                CONFIG,
                dest,
                src,
                size,
                align,
                align,
                non_overlapping,
                MemFlags::new(),
            )
            .expect("valid copy");
        });
        assert_eq!(
            (count(&func, Opcode::Load), count(&func, Opcode::Call)),
            (0, 1)
        );
        let text = func.display().to_string();
        assert!(text.contains(routine), "{routine}:\n{text}");
        assert_eq!(run_on_memory(&func, 20, 1), copied(20, 1, size as usize));
    }
}

#[test]
fn memset_inline_and_call() {
    for (size, align, stores) in [
        (8, 8, 1),
        (13, 4, 4),
        (12, 4, 3),
        (24, 8, 3),
        (100, 8, 0),
        (5, 1, 0),
    ] {
        let func = memory_function("fill", |b, dest, _| {
            b.emit_small_memset(CONFIG, dest, 0xa5, size, align, MemFlags::new())
                .expect("valid fill");
        });
        assert_eq!(count(&func, Opcode::Store), stores, "size {size}");
        assert_eq!(count(&func, Opcode::Call), usize::from(stores == 0));
        let size = size as usize;
        let mut memory = vec![0u8; 128];
        memory[..size].fill(0xa5);
        assert_eq!(run_in_region(&func, 0, 0, vec![0u8; 128], 1000), memory);
        if size == 13 {
            snapshot("memset_inline_13", &func);
        }
    }
}

#[test]
fn library_calls_are_imported_once_and_convert_operands() {
    let func = memory_function("calls", |b, dest, src| {
        let size = b.ins().iconst(I32, 4);
        b.call_memcpy(CONFIG, dest, src, size).expect("memcpy");
        let size64 = b.ins().iconst(I64, 2);
        b.call_memcpy(CONFIG, dest, src, size64)
            .expect("memcpy again");
        let byte = b.ins().iconst(I8, 7);
        let size16 = b.ins().iconst(I16, 3);
        b.call_memset(CONFIG, src, byte, size16).expect("memset");
        b.call_memmove(CONFIG, src, dest, size64).expect("memmove");
    });
    assert_eq!(func.dfg.ext_funcs.len(), 3, "memcpy, memset, memmove");
    snapshot("memory_calls", &func);
    let memory = run_in_region(&func, 10, 20, (0..32).collect(), 100);
    let mut expected: Vec<u8> = (0..32).collect();
    expected.copy_within(20..24, 10);
    expected.copy_within(20..22, 10);
    expected[20..23].fill(7);
    expected.copy_within(10..12, 20);
    assert_eq!(memory, expected);
}

#[test]
fn operand_errors_name_the_operand() {
    memory_function("errors", |b, dest, src| {
        let narrow = b.ins().iconst(I32, 0);
        let err = b
            .emit_small_memory_copy(CONFIG, narrow, src, 8, 8, 8, true, MemFlags::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "copy destination `v2` has type `i32`, expected the pointer type"
        );
        let wide = b.ins().iconst(I64, 0);
        let small = TargetFrontendConfig {
            pointer_type: I32,
            ..CONFIG
        };
        assert!(matches!(
            b.call_memcpy(small, narrow, narrow, wide),
            Err(FrontendError::OperandType {
                what: "copy size",
                ..
            })
        ));
        let odd = TargetFrontendConfig {
            pointer_type: I16,
            ..CONFIG
        };
        assert!(matches!(
            b.emit_small_memset(odd, dest, 0, 4, 1, MemFlags::new()),
            Err(FrontendError::Unsupported(_))
        ));
        assert!(matches!(
            b.emit_small_memset(small, narrow, 0, 1 << 40, 1, MemFlags::new()),
            Err(FrontendError::Unsupported(_))
        ));
    });
}
