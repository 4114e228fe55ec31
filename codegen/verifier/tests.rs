//! Verifier tests: one bad function per kind of error, built through the
//! API, plus well-formed functions that must pass (including large ones).

use super::verify_function;
use crate::entity::EntityRef;
use crate::ir::immediates::Imm64;
use crate::ir::types::*;
use crate::ir::*;

/// A function `%f` with the given signature and `n` blocks in the layout.
fn func_with(params: &[Type], returns: &[Type], n: usize) -> (Function, Vec<Block>) {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.extend(params.iter().map(|&t| AbiParam::new(t)));
    sig.returns
        .extend(returns.iter().map(|&t| AbiParam::new(t)));
    let mut func = Function::with_name_signature(UserFuncName::testcase("f"), sig);
    let blocks: Vec<Block> = (0..n).map(|_| func.dfg.make_block()).collect();
    for &b in &blocks {
        func.layout.append_block(b);
    }
    if let Some(&entry) = blocks.first() {
        for &t in params {
            func.dfg.append_block_param(entry, t);
        }
    }
    (func, blocks)
}

/// Verifies `func` and returns the error messages (empty when valid).
fn errors(func: &Function) -> Vec<String> {
    match verify_function(func) {
        Ok(()) => Vec::new(),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

#[track_caller]
fn assert_error(func: &Function, needle: &str) {
    let errs = errors(func);
    assert!(
        errs.iter().any(|e| e.contains(needle)),
        "expected an error containing `{needle}`, got {errs:#?}"
    );
}

#[track_caller]
fn assert_valid(func: &Function) {
    let errs = errors(func);
    assert!(errs.is_empty(), "expected no errors, got {errs:#?}");
}

#[test]
fn valid_function_with_loop_passes() {
    let (mut func, b) = func_with(&[I32], &[I32], 3);
    let x = func.dfg.block_params(b[0])[0];
    let p = func.dfg.append_block_param(b[1], I32);
    func.ins(b[0]).jump(b[1], &[BlockArg::Value(x)]);
    let one = func.ins(b[1]).iconst(I32, 1);
    let next = func.ins(b[1]).iadd(p, one);
    let c = func.ins(b[1]).icmp(IntCC::SignedLessThan, next, x);
    func.ins(b[1])
        .brif(c, b[1], &[BlockArg::Value(next)], b[2], &[]);
    func.ins(b[2]).return_(&[p]);
    assert_valid(&func);
}

#[test]
fn empty_block() {
    let (mut func, b) = func_with(&[], &[], 2);
    func.ins(b[0]).jump(b[1], &[]);
    assert_error(&func, "block1: block is empty");
}

#[test]
fn missing_terminator() {
    let (mut func, b) = func_with(&[], &[], 1);
    func.ins(b[0]).iconst(I32, 1);
    assert_error(&func, "does not end with a terminator");
}

#[test]
fn terminator_in_the_middle() {
    let (mut func, b) = func_with(&[], &[], 1);
    func.ins(b[0]).return_(&[]);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "terminator `return` is not the last instruction");
}

#[test]
fn undefined_value() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    let ghost = func.dfg.make_placeholder_value();
    func.ins(b[0]).return_(&[ghost]);
    assert_error(&func, "uses v0, which is never defined");
}

#[test]
fn out_of_range_value() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    func.ins(b[0]).return_(&[Value::new(77)]);
    assert_error(&func, "uses v77, which is not a value of the function");
}

#[test]
fn definition_does_not_dominate_use() {
    // block0: brif -> block1 | block2; block1 defines v, block2 uses it.
    let (mut func, b) = func_with(&[I32], &[I32], 3);
    let x = func.dfg.block_params(b[0])[0];
    func.ins(b[0]).brif(x, b[1], &[], b[2], &[]);
    let v = func.ins(b[1]).iconst(I32, 5);
    func.ins(b[1]).return_(&[v]);
    func.ins(b[2]).return_(&[v]);
    assert_error(&func, "does not dominate this use");
}

#[test]
fn use_before_definition_in_the_same_block() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    let ret = func.ins(b[0]).return_(&[]);
    let v = func.ins_before(ret).iconst(I32, 1);
    let add = func.ins_before(ret).iadd(v, v);
    // Move the iconst after its use.
    func.layout
        .remove_inst(func.dfg.value_def(v).inst().expect("result"));
    func.layout.insert_inst_after(
        func.dfg.value_def(v).inst().expect("result"),
        func.dfg.value_def(add).inst().expect("result"),
    );
    assert_error(&func, "does not dominate this use");
}

#[test]
fn instruction_uses_its_own_result() {
    let (mut func, b) = func_with(&[], &[], 1);
    let v = func.dfg.make_placeholder_value();
    let inst = func.dfg.make_inst(InstructionData::Binary {
        opcode: Opcode::Iadd,
        args: [v, v],
    });
    func.dfg
        .attach_inst_result(inst, v, I32)
        .expect("placeholder");
    func.layout.append_inst(inst, b[0]);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "uses its own result v0");
}

#[test]
fn alias_cycle() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    let a = func.dfg.make_placeholder_value();
    let c = func.dfg.make_placeholder_value();
    func.dfg.make_alias(a, c).expect("placeholder");
    func.dfg.make_alias(c, a).expect("placeholder");
    func.ins(b[0]).return_(&[a]);
    assert_error(&func, "aliases form a cycle");
}

#[test]
fn value_from_instruction_not_in_layout() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    let inst = func.dfg.make_inst(InstructionData::UnaryImm {
        opcode: Opcode::Iconst,
        imm: 1.into(),
    });
    func.dfg.make_inst_results(inst, I32);
    let v = func.dfg.first_result(inst);
    func.ins(b[0]).return_(&[v]);
    assert_error(&func, "which is not in the layout");
}

#[test]
fn operand_type_mismatch() {
    let (mut func, b) = func_with(&[I32, I64], &[], 1);
    let (x, y) = (
        func.dfg.block_params(b[0])[0],
        func.dfg.block_params(b[0])[1],
    );
    func.ins(b[0]).iadd(x, y);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "operand 1 (v1) has type `i64`, expected `i32`");
}

#[test]
fn controlling_type_not_allowed() {
    let (mut func, b) = func_with(&[I32], &[], 1);
    let x = func.dfg.block_params(b[0])[0];
    func.ins(b[0]).fadd(x, x);
    func.ins(b[0]).iconst(I128, 1);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "`fadd` does not take type `i32`");
    assert_error(&func, "`iconst` does not take type `i128`");
}

#[test]
fn result_type_and_count_mismatch() {
    let (mut func, b) = func_with(&[I32], &[], 1);
    let x = func.dfg.block_params(b[0])[0];
    let cmp = func.dfg.make_inst(InstructionData::IntCompare {
        opcode: Opcode::Icmp,
        args: [x, x],
        cond: IntCC::Equal,
    });
    func.dfg.append_inst_result(cmp, I32);
    func.layout.append_inst(cmp, b[0]);
    let bad = func.dfg.make_inst(InstructionData::Binary {
        opcode: Opcode::Iadd,
        args: [x, x],
    });
    func.dfg.append_inst_result(bad, I32);
    func.dfg.append_inst_result(bad, I32);
    func.layout.append_inst(bad, b[0]);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "result 0 (v1) has type `i32`, expected `i8`");
    assert_error(&func, "has 2 results, `iadd` makes 1");
}

#[test]
fn block_call_argument_count_and_type() {
    let (mut func, b) = func_with(&[I32, I64], &[], 3);
    let (x, y) = (
        func.dfg.block_params(b[0])[0],
        func.dfg.block_params(b[0])[1],
    );
    func.dfg.append_block_param(b[1], I32);
    func.ins(b[0])
        .brif(x, b[1], &[], b[2], &[BlockArg::Value(x)]);
    func.ins(b[1]).jump(b[1], &[BlockArg::Value(y)]);
    func.ins(b[2]).return_(&[]);
    assert_error(
        &func,
        "passes 0 arguments to block1, which has 1 parameters",
    );
    assert_error(
        &func,
        "passes 1 arguments to block2, which has 0 parameters",
    );
    assert_error(
        &func,
        "argument 0 (v1) to block1 has type `i64`, the parameter has `i32`",
    );
}

#[test]
fn try_call_placeholders_outside_try_call() {
    let (mut func, b) = func_with(&[], &[], 2);
    func.dfg.append_block_param(b[1], I64);
    func.ins(b[0]).jump(b[1], &[BlockArg::TryCallRet(0)]);
    func.ins(b[1]).return_(&[]);
    assert_error(
        &func,
        "`retN` is only allowed on a try_call's normal return",
    );
}

#[test]
fn call_arguments_against_signature() {
    let (mut func, b) = func_with(&[I32], &[], 1);
    let x = func.dfg.block_params(b[0])[0];
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(I64));
    let sig = func.import_signature(sig);
    let callee = func.import_function(ExtFuncData {
        name: ExternalName::from_percent_name("g"),
        signature: sig,
        colocated: false,
        patchable: false,
    });
    func.ins(b[0]).call(callee, &[x]);
    func.ins(b[0]).call(callee, &[]);
    func.ins(b[0]).return_(&[]);
    assert_error(
        &func,
        "call arguments: value 0 (v0) has type `i32`, the signature says `i64`",
    );
    assert_error(&func, "call arguments: 0 values given, the signature has 1");
}

#[test]
fn return_values_against_signature() {
    let (mut func, b) = func_with(&[I64], &[I32], 1);
    let x = func.dfg.block_params(b[0])[0];
    func.ins(b[0]).return_(&[x]);
    assert_error(
        &func,
        "returned values: value 0 (v0) has type `i64`, the signature says `i32`",
    );
}

#[test]
fn tail_call_with_different_returns() {
    let (mut func, b) = func_with(&[], &[I32], 1);
    let sig = func.import_signature(Signature::new(CallConv::Tail));
    let callee = func.import_function(ExtFuncData {
        name: ExternalName::from_percent_name("g"),
        signature: sig,
        colocated: true,
        patchable: false,
    });
    func.ins(b[0]).return_call(callee, &[]);
    assert_error(&func, "callee's return types differ");
}

#[test]
fn undeclared_entities() {
    let (mut func, b) = func_with(&[I64], &[], 2);
    let x = func.dfg.block_params(b[0])[0];
    func.ins(b[0]).call(FuncRef::new(3), &[]);
    func.ins(b[0]).stack_addr(I64, StackSlot::new(0), 0);
    func.ins(b[0]).symbol_value(I64, GlobalValue::new(1));
    func.ins(b[0]).vconst(I8X16, Constant::new(2));
    func.ins(b[0]).call_indirect(SigRef::new(4), x, &[]);
    func.ins(b[0]).br_table(x, JumpTable::new(5));
    func.ins(b[1]).return_(&[]);
    for needle in [
        "calls undeclared function fn3",
        "uses undeclared stack slot ss0",
        "uses undeclared global value gv1",
        "uses undeclared constant const2",
        "uses undeclared signature sig4",
        "uses undeclared jump table jt5",
    ] {
        assert_error(&func, needle);
    }
}

#[test]
fn branch_to_block_outside_layout() {
    let (mut func, b) = func_with(&[], &[], 1);
    let outside = func.dfg.make_block();
    func.ins(b[0]).jump(outside, &[]);
    assert_error(&func, "refers to block1, which is not in the layout");
    let (mut func2, b2) = func_with(&[], &[], 1);
    func2.ins(b2[0]).jump(Block::new(9), &[]);
    assert_error(
        &func2,
        "refers to block9, which is not a block of the function",
    );
}

#[test]
fn entry_block_parameters_against_signature() {
    let (mut func, b) = func_with(&[I32], &[], 1);
    func.dfg.append_block_param(b[0], I64);
    func.ins(b[0]).return_(&[]);
    assert_error(
        &func,
        "entry block has 2 parameters but the signature has 1",
    );
    let (mut func2, b2) = func_with(&[], &[], 1);
    func2.signature.params.push(AbiParam::new(F32));
    func2.dfg.append_block_param(b2[0], F64);
    func2.ins(b2[0]).return_(&[]);
    assert_error(
        &func2,
        "entry block parameter 0 (v0) has type `f64`, the signature says `f32`",
    );
}

#[test]
fn conflicting_endianness_flags() {
    let (mut func, b) = func_with(&[I64], &[], 1);
    let p = func.dfg.block_params(b[0])[0];
    let mut flags = MemFlags::new();
    flags.set_by_name("little");
    flags.set_by_name("big");
    func.ins(b[0]).load(I32, flags, p, 0);
    // Vector loads are fine.
    func.ins(b[0]).load(I8X16, MemFlags::trusted(), p, 16);
    func.ins(b[0]).return_(&[]);
    let errs = errors(&func);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("`little` and `big` are both set"));
}

#[test]
fn undeclared_alias_region_and_stack_limit() {
    let (mut func, b) = func_with(&[I64], &[], 1);
    let p = func.dfg.block_params(b[0])[0];
    let declared = func.create_alias_region(AliasRegionData {
        user_id: 1,
        description: "heap".into(),
    });
    let mut ok = MemFlags::trusted();
    ok.set_region(Some(MemRegion::Declared(declared)));
    func.ins(b[0]).load(I32, ok, p, 0);
    let mut bad = MemFlags::new();
    assert!(bad.set_by_name("region3"));
    func.ins(b[0]).store(bad, p, p, 0);
    func.ins(b[0]).return_(&[]);
    func.stack_limit = Some(GlobalValue::new(0));
    let errs = errors(&func);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_error(&func, "memory flags name undeclared alias region region3");
    assert_error(
        &func,
        "function %f: function: stack limit gv0 is not a declared global value",
    );
}

#[test]
fn immediates_out_of_range() {
    let (mut func, b) = func_with(&[I32X4], &[], 1);
    let v = func.dfg.block_params(b[0])[0];
    // The builder masks constants: -128 is stored as 128.
    let masked = func.ins(b[0]).iconst(I8, -128);
    let inst = func.dfg.value_def(masked).inst().expect("result");
    assert_eq!(
        func.dfg.insts[inst],
        InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm: Imm64::new(128)
        }
    );
    func.ins(b[0]).iconst(I8, 255);
    // Built by hand, unmasked.
    let raw = func.dfg.make_inst(InstructionData::UnaryImm {
        opcode: Opcode::Iconst,
        imm: Imm64::new(-1),
    });
    func.dfg.make_inst_results(raw, I8);
    func.layout.append_inst(raw, b[0]);
    func.ins(b[0]).extractlane(v, 4);
    func.ins(b[0]).return_(&[]);
    let errs = errors(&func);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_error(&func, "immediate -1 is out of range for `i8`");
    assert_error(&func, "lane 4 is out of range for `i32x4`");
}

#[test]
fn global_value_cycles_and_kinds() {
    let (mut func, b) = func_with(&[], &[], 1);
    let gv0 = func.create_global_value(GlobalValueData::IAddImm {
        base: GlobalValue::new(1),
        offset: Imm64::new(8),
        global_type: I64,
    });
    func.create_global_value(GlobalValueData::IAddImm {
        base: gv0,
        offset: Imm64::new(8),
        global_type: I64,
    });
    let vmctx = func.create_global_value(GlobalValueData::VMContext);
    func.ins(b[0]).symbol_value(I64, vmctx);
    func.ins(b[0]).symbol_value(I32, gv0);
    func.ins(b[0]).return_(&[]);
    assert_error(&func, "gv0: global value is defined in terms of itself");
    assert_error(&func, "gv0 has type `i64`, not `i32`");
}

#[test]
fn errors_name_function_instruction_and_problem() {
    let (mut func, b) = func_with(&[I32, I64], &[], 1);
    let (x, y) = (
        func.dfg.block_params(b[0])[0],
        func.dfg.block_params(b[0])[1],
    );
    func.ins(b[0]).isub(x, y);
    func.ins(b[0]).return_(&[]);
    let err = verify_function(&func).expect_err("invalid");
    assert_eq!(err.len(), 1);
    assert_eq!(
        err.to_string(),
        "function %f: inst0 (`v2 = isub v0, v1`): operand 1 (v1) has type `i64`, expected `i32`"
    );
    assert_eq!(err.0[0].location, AnyEntity::Inst(Inst::new(0)));
}

#[test]
fn long_chain_of_blocks_verifies() {
    let n = 100;
    let (mut func, b) = func_with(&[I64], &[I64], n);
    let mut acc = func.dfg.block_params(b[0])[0];
    for i in 0..n - 1 {
        let one = func.ins(b[i]).iconst(I64, 1);
        let next = func.ins(b[i]).iadd(acc, one);
        let p = func.dfg.append_block_param(b[i + 1], I64);
        func.ins(b[i]).jump(b[i + 1], &[BlockArg::Value(next)]);
        acc = p;
    }
    func.ins(b[n - 1]).return_(&[acc]);
    assert_valid(&func);
}

#[test]
fn deep_dominator_tree_verifies_without_overflow() {
    // 50,000 nested diamonds' spine: block i branches to i+1 or to the exit;
    // every block uses the entry parameter, so dominance is checked across
    // the whole depth.
    let n = 50_000;
    let (mut func, b) = func_with(&[I32], &[I32], n + 1);
    let x = func.dfg.block_params(b[0])[0];
    let exit = b[n];
    for i in 0..n {
        if i + 1 < n {
            func.ins(b[i]).brif(x, b[i + 1], &[], exit, &[]);
        } else {
            func.ins(b[i]).jump(exit, &[]);
        }
    }
    func.ins(exit).return_(&[x]);
    assert_valid(&func);
}

#[test]
fn branch_to_entry_block_and_cold_entry() {
    let (mut func, b) = func_with(&[], &[], 1);
    func.ins(b[0]).jump(b[0], &[]);
    func.layout.set_cold(b[0]);
    assert_error(
        &func,
        "refers to the entry block block0, which cannot be a branch target",
    );
    assert_error(&func, "block0: the entry block cannot be cold");
}

#[test]
fn memory_flag_rules() {
    let (mut func, b) = func_with(&[I64, I32X4], &[], 1);
    let (p, v) = (
        func.dfg.block_params(b[0])[0],
        func.dfg.block_params(b[0])[1],
    );
    let mut readonly = MemFlags::trusted();
    readonly.set_readonly();
    func.ins(b[0]).store(readonly, p, p, 0);
    func.ins(b[0]).bitcast(I64X2, MemFlags::trusted(), v);
    let mut little = MemFlags::new();
    little.set_endianness(Endianness::Little);
    func.ins(b[0]).bitcast(I64X2, little, v);
    func.ins(b[0]).bitcast(I128, MemFlags::new(), v);
    func.ins(b[0]).return_(&[]);
    let errs = errors(&func);
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert_error(&func, "a store cannot be `readonly`");
    assert_error(&func, "bitcast takes no memory flags but `little` or `big`");
    assert_error(
        &func,
        "bitcast from `i32x4` to `i64x2` changes the lane count",
    );
    assert_error(
        &func,
        "bitcast from `i32x4` to `i128` changes the lane count",
    );
}

#[test]
fn signature_rules() {
    let (mut func, b) = func_with(&[], &[], 1);
    func.ins(b[0]).return_(&[]);
    let mut bad = Signature::new(CallConv::PreserveAll);
    bad.params.push(AbiParam::new(F32).sext());
    bad.returns
        .push(AbiParam::special(I64, ArgumentPurpose::StructArgument(8)));
    func.import_signature(bad);
    assert_error(
        &func,
        "sig0: parameter 0 (`f32 sext`) extends a non-integer type",
    );
    assert_error(&func, "sig0: return value 0 cannot be a struct argument");
    assert_error(
        &func,
        "sig0: a `preserve_all` signature cannot have return values",
    );
}

#[test]
fn call_kind_rules() {
    let (mut func, b) = func_with(&[], &[], 1);
    let mut sig = Signature::new(CallConv::Fast);
    sig.returns.push(AbiParam::new(I64));
    let sig = func.import_signature(sig);
    let callee = func.import_function(ExtFuncData {
        name: ExternalName::from_percent_name("g"),
        signature: sig,
        colocated: false,
        patchable: true,
    });
    func.ins(b[0]).call(callee, &[]);
    func.ins(b[0]).return_call(callee, &[]);
    assert_error(&func, "patchable function fn0 must be colocated");
    assert_error(&func, "patchable function fn0 cannot return values");
    assert_error(&func, "patchable function fn0 cannot be tail-called");
    assert_error(
        &func,
        "tail calls need the `tail` calling convention, not `fast`",
    );
    assert_error(
        &func,
        "a tail call's calling convention must match the caller's",
    );
}

#[test]
fn try_call_successors_and_handler_addresses() {
    let (mut func, b) = func_with(&[], &[I64], 4);
    let mut sig = Signature::new(CallConv::Fast);
    sig.returns.push(AbiParam::new(I64));
    let sig = func.import_signature(sig);
    let callee = func.import_function(ExtFuncData {
        name: ExternalName::from_percent_name("g"),
        signature: sig,
        colocated: true,
        patchable: false,
    });
    let r = func.dfg.append_block_param(b[1], I64);
    func.dfg.append_block_param(b[2], I64);
    let normal = func.dfg.block_call(b[1], &[BlockArg::TryCallRet(0)]);
    let handler = func.dfg.block_call(b[2], &[BlockArg::TryCallExn(0)]);
    let et = func.create_exception_table(ExceptionTableData::new(
        sig,
        normal,
        vec![ExceptionTableItem::Default(handler)],
    ));
    func.ins(b[0]).try_call(callee, &[], et);
    func.ins(b[1]).return_(&[r]);
    let addr = func.ins(b[2]).get_exception_handler_address(I64, b[0], 1);
    func.ins(b[2]).return_(&[addr]);
    func.ins(b[3]).get_exception_handler_address(I64, b[1], 0);
    func.ins(b[3]).return_(&[addr]);
    let errs = errors(&func);
    assert_error(
        &func,
        "calling convention `fast` does not support exceptions",
    );
    assert_error(
        &func,
        "exception handler index 1 is out of range (block0 has 1)",
    );
    assert_error(&func, "block1 does not end in a try_call");
    assert_eq!(errs.len(), 3, "{errs:#?}");
}
