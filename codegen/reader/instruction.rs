//! Parsing one instruction: results, opcode, type suffix and the operands of
//! its format; then the controlling type, as CLIF infers it, and the results.
//!
//! ```text
//! [@0012] [v1, v2 =] opcode[.type] operands
//! v5 -> v3                      an alias line
//! ```

use crate::entity::{EntityRef, ReservedValue};
use crate::ir::immediates::{Ieee16, Ieee32, Ieee64, Uimm8};
use crate::ir::types::{self, Type};
use crate::ir::{
    AtomicRmwOp, Block, BlockArg, BlockCall, ConstantData, ExceptionTableData, ExceptionTableItem,
    ExceptionTag, FloatCC, Inst, InstructionData, InstructionFormat, IntCC, JumpTableData, Opcode,
    TrapCode, Value, ValueList,
};
use crate::reader::error::{ParseError, ParseResult};
use crate::reader::lexer::{Location, Token, split_entity};
use crate::reader::parser::{FunctionContext, Parser, known_type};

/// Upper bound on a `[...]` lane list, far above any CLIF vector.
const MAX_LANES: usize = 256;

impl Parser<'_> {
    /// One instruction or alias line, appended to `block`.
    pub(crate) fn parse_instruction(
        &mut self,
        ctx: &mut FunctionContext,
        block: Block,
    ) -> ParseResult<()> {
        let loc = self.cur.loc();
        if let Some(Token::SourceLoc(_)) = self.cur.peek() {
            self.cur.bump();
        }
        // Results, or an alias `vA -> vB`.
        let mut results: Vec<(Value, Location)> = Vec::new();
        if let Some(Token::Ident(word)) = self.cur.peek()
            && split_entity(word, "v").is_some()
        {
            let vloc = self.cur.loc();
            let value = self.parse_value_def(ctx)?;
            if self.cur.eat(Token::Arrow) {
                let dest = self.parse_value_use(ctx)?;
                return ctx
                    .func
                    .dfg
                    .make_alias(value, dest)
                    .map_err(|e| ParseError::new(vloc, e));
            }
            results.push((value, vloc));
            while self.cur.eat(Token::Comma) {
                let vloc = self.cur.loc();
                results.push((self.parse_value_def(ctx)?, vloc));
            }
            self.cur.expect(Token::Equal, "`=` after the results")?;
        }
        let opcode_loc = self.cur.loc();
        let word = self.cur.expect_ident("an instruction")?;
        let opcode: Opcode = word
            .parse()
            .map_err(|_| ParseError::new(opcode_loc, format!("unknown opcode `{word}`")))?;
        let explicit_type = if self.cur.eat(Token::Dot) {
            Some((self.parse_type("a type after `.`")?, opcode_loc))
        } else {
            None
        };
        let data =
            self.parse_operands(ctx, opcode, explicit_type.map(|(t, _)| t), opcode_loc.line)?;
        let mut data = data;
        let ctrl = self.controlling_type(ctx, opcode, &data, explicit_type, opcode_loc)?;
        data.mask_immediates(ctrl)
            .map_err(|e| ParseError::new(opcode_loc, e))?;
        let inst = ctx.func.dfg.make_inst(data);
        ctx.func.layout.append_inst(inst, block);
        ctx.record_inst(inst, loc);
        self.attach_results(ctx, inst, opcode, ctrl, &results, opcode_loc)
    }

    /// The controlling type: the suffix, or the type of the designated operand.
    fn controlling_type(
        &self,
        ctx: &FunctionContext,
        opcode: Opcode,
        data: &InstructionData,
        explicit: Option<(Type, Location)>,
        loc: Location,
    ) -> ParseResult<Type> {
        let constraints = opcode.constraints();
        if !constraints.has_ctrl_typevar() {
            // Opcodes with a single possible type (`uload32`, `istore32`) are
            // polymorphic over a one-type set in Cranelift, which writes
            // their suffix; accept it when it names that type.
            if let Some((ty, tloc)) = explicit {
                let names_fixed_type = (constraints.num_fixed_results() > 0
                    && constraints.result_type(0, types::INVALID) == ty)
                    || (0..constraints.num_fixed_value_args()).any(|i| {
                        constraints
                            .value_arg_constraint(i)
                            .and_then(|c| c.resolve(types::INVALID))
                            == Some(ty)
                    });
                if !names_fixed_type {
                    return Err(ParseError::new(
                        tloc,
                        format!("`{opcode}` takes no type suffix, found `.{ty}`"),
                    ));
                }
            }
            return Ok(types::INVALID);
        }
        if let Some((ty, _)) = explicit {
            return Ok(ty);
        }
        let Some(index) = constraints.typevar_operand() else {
            let example = constraints
                .ctrl_typeset()
                .and_then(|set| set.types().find(|t| !t.is_dynamic_vector()))
                .unwrap_or(types::I32);
            return Err(ParseError::new(
                loc,
                format!("`{opcode}` needs a type suffix, such as `{opcode}.{example}`"),
            ));
        };
        let operand = data
            .arguments(&ctx.func.dfg.value_lists)
            .get(index)
            .copied();
        match operand.and_then(|v| known_type(&ctx.func, v)) {
            Some(ty) => Ok(ty),
            None => Err(ParseError::new(
                loc,
                format!(
                    "the type of `{opcode}` comes from an operand that is not defined yet; write it explicitly, as in `{opcode}.i32`"
                ),
            )),
        }
    }

    /// Attaches the written result values with the types the opcode (and a
    /// call's signature) gives them.
    fn attach_results(
        &self,
        ctx: &mut FunctionContext,
        inst: Inst,
        opcode: Opcode,
        ctrl: Type,
        results: &[(Value, Location)],
        loc: Location,
    ) -> ParseResult<()> {
        let constraints = opcode.constraints();
        let mut tys: Vec<Type> = (0..constraints.num_fixed_results())
            .map(|i| constraints.result_type(i, ctrl))
            .collect();
        let data = &ctx.func.dfg.insts[inst];
        if matches!(
            data,
            InstructionData::Call { .. } | InstructionData::CallIndirect { .. }
        ) && !opcode.is_terminator()
            && let Some(sig) = ctx.func.dfg.call_signature(inst)
            && let Some(sig) = ctx.func.dfg.signatures.get(sig)
        {
            tys.extend(sig.returns.iter().map(|r| r.value_type));
        }
        if tys.len() != results.len() {
            return Err(ParseError::new(
                results.first().map_or(loc, |r| r.1),
                format!(
                    "`{opcode}` defines {} result{}, {} written",
                    tys.len(),
                    if tys.len() == 1 { "" } else { "s" },
                    results.len()
                ),
            ));
        }
        for (&(value, vloc), ty) in results.iter().zip(tys) {
            if ty == types::INVALID {
                return Err(ParseError::new(
                    loc,
                    format!("`{opcode}` cannot produce a result of type `{ctrl}`"),
                ));
            }
            ctx.func
                .dfg
                .attach_inst_result(inst, value, ty)
                .map_err(|e| ParseError::new(vloc, e))?;
        }
        Ok(())
    }

    fn comma(&mut self) -> ParseResult<()> {
        self.cur.expect(Token::Comma, "`,` between operands")
    }

    fn values<const N: usize>(&mut self, ctx: &mut FunctionContext) -> ParseResult<[Value; N]> {
        let mut out = [Value::reserved_value(); N];
        for (i, slot) in out.iter_mut().enumerate() {
            if i > 0 {
                self.comma()?;
            }
            *slot = self.parse_value_use(ctx)?;
        }
        Ok(out)
    }

    /// `(v1, v2, ...)` appended to `list`.
    fn call_args(&mut self, ctx: &mut FunctionContext, list: &mut ValueList) -> ParseResult<()> {
        self.cur
            .expect(Token::LParen, "`(` starting the arguments")?;
        if self.cur.eat(Token::RParen) {
            return Ok(());
        }
        loop {
            let v = self.parse_value_use(ctx)?;
            list.push(v, &mut ctx.func.dfg.value_lists);
            if self.cur.eat(Token::RParen) {
                return Ok(());
            }
            self.cur
                .expect(Token::Comma, "`,` or `)` in the arguments")?;
        }
    }

    /// `blockN` or `blockN(args)`; arguments are values, `retN` or `exnN`.
    fn block_call(&mut self, ctx: &mut FunctionContext) -> ParseResult<BlockCall> {
        let block = self.parse_block_ref(ctx)?;
        let mut args: Vec<BlockArg> = Vec::new();
        if self.cur.eat(Token::LParen) && !self.cur.eat(Token::RParen) {
            loop {
                let loc = self.cur.loc();
                let word = self.cur.peek();
                let arg = match word {
                    Some(Token::Ident(w))
                        if split_entity(w, "ret").is_some() || split_entity(w, "exn").is_some() =>
                    {
                        self.cur.bump();
                        let (n, is_ret) = match split_entity(w, "ret") {
                            Some(n) => (n, true),
                            None => (split_entity(w, "exn").unwrap_or(0), false),
                        };
                        if n > BlockArg::MAX_VALUE_INDEX {
                            return Err(ParseError::new(loc, format!("`{w}` is out of range")));
                        }
                        if is_ret {
                            BlockArg::TryCallRet(n)
                        } else {
                            BlockArg::TryCallExn(n)
                        }
                    }
                    _ => {
                        let v = self.parse_value_use(ctx)?;
                        if v.as_u32() > BlockArg::MAX_VALUE_INDEX {
                            return Err(ParseError::new(loc, format!("`{v}` is out of range")));
                        }
                        BlockArg::Value(v)
                    }
                };
                args.push(arg);
                if self.cur.eat(Token::RParen) {
                    break;
                }
                self.cur
                    .expect(Token::Comma, "`,` or `)` in the block arguments")?;
            }
        }
        Ok(ctx.func.dfg.block_call(block, &args))
    }

    fn trap_code(&mut self) -> ParseResult<TrapCode> {
        let loc = self.cur.loc();
        let word = self
            .cur
            .expect_ident("a trap code such as `heap_oob` or `user1`")?;
        word.parse::<TrapCode>()
            .map_err(|_| ParseError::new(loc, format!("unknown trap code `{word}`")))
    }

    fn uimm8(&mut self) -> ParseResult<Uimm8> {
        let loc = self.cur.loc();
        let text = self.cur.expect_number("a lane index")?;
        text.parse::<Uimm8>().map_err(|e| ParseError::new(loc, e))
    }

    fn float<T: std::str::FromStr<Err = String>>(&mut self) -> ParseResult<T> {
        let loc = self.cur.loc();
        let text = self.cur.expect_number("a floating-point constant")?;
        text.parse::<T>().map_err(|e| ParseError::new(loc, e))
    }

    /// Constant bytes: `0x...` hex (last byte first) or `[lane lane ...]`
    /// typed by `ty`'s lanes.
    pub(crate) fn constant_data(&mut self, ty: Option<Type>) -> ParseResult<ConstantData> {
        let loc = self.cur.loc();
        match self.cur.peek() {
            Some(Token::Number(text)) if text.starts_with("0x") => {
                self.cur.bump();
                let data = text
                    .parse::<ConstantData>()
                    .map_err(|e| ParseError::new(loc, e))?;
                match ty {
                    Some(ty) if data.len() > ty.bytes() as usize => Err(ParseError::new(
                        loc,
                        format!("constant `{text}` has more bytes than `{ty}` holds"),
                    )),
                    Some(ty) => Ok(data.expand_to(ty.bytes() as usize)),
                    None => Ok(data),
                }
            }
            Some(Token::LBracket) => {
                let Some(ty) = ty else {
                    return Err(ParseError::new(
                        loc,
                        "a `[...]` constant needs a vector type suffix",
                    ));
                };
                self.cur.bump();
                let lane = ty.lane_type();
                let mut bytes = Vec::new();
                let mut lanes = 0usize;
                while !self.cur.eat(Token::RBracket) {
                    if lanes > 0 {
                        self.cur.eat(Token::Comma);
                    }
                    if lanes >= MAX_LANES {
                        return Err(self.cur.error("too many lanes"));
                    }
                    let lloc = self.cur.loc();
                    let text = self.cur.expect_number(&format!("a `{lane}` lane"))?;
                    let value = crate::data_value::parse_scalar(lane, text)
                        .map_err(|e| ParseError::new(lloc, e))?;
                    let bits = value.to_bits().unwrap_or(0);
                    bytes.extend((0..lane.bytes()).map(|i| (bits >> (8 * i)) as u8));
                    lanes += 1;
                }
                if lanes != ty.lane_count() as usize {
                    return Err(ParseError::new(
                        loc,
                        format!("`{ty}` has {} lanes, {lanes} given", ty.lane_count()),
                    ));
                }
                Ok(ConstantData::from(bytes))
            }
            _ => Err(self
                .cur
                .expected("a constant (`const0`, `0x...` or `[...]`)")),
        }
    }

    /// The operands of `opcode` in its format's syntax.
    fn parse_operands(
        &mut self,
        ctx: &mut FunctionContext,
        opcode: Opcode,
        explicit_type: Option<Type>,
        opcode_line: u32,
    ) -> ParseResult<InstructionData> {
        Ok(match opcode.format() {
            InstructionFormat::NullAry => InstructionData::NullAry { opcode },
            InstructionFormat::Unary => InstructionData::Unary {
                opcode,
                arg: self.parse_value_use(ctx)?,
            },
            InstructionFormat::UnaryImm => InstructionData::UnaryImm {
                opcode,
                imm: self.parse_imm64()?,
            },
            InstructionFormat::UnaryIeee16 => InstructionData::UnaryIeee16 {
                opcode,
                imm: self.float::<Ieee16>()?,
            },
            InstructionFormat::UnaryIeee32 => InstructionData::UnaryIeee32 {
                opcode,
                imm: self.float::<Ieee32>()?,
            },
            InstructionFormat::UnaryIeee64 => InstructionData::UnaryIeee64 {
                opcode,
                imm: self.float::<Ieee64>()?,
            },
            InstructionFormat::UnaryConst => {
                let constant_handle = match self.cur.peek() {
                    Some(Token::Ident(_)) => self.parse_constant_ref(ctx)?,
                    Some(Token::Number(_)) if opcode == Opcode::F128const => {
                        let f: crate::ir::immediates::Ieee128 = self.float()?;
                        ctx.func
                            .dfg
                            .constants
                            .insert(ConstantData::from(f.bits().to_le_bytes().to_vec()))
                    }
                    _ => {
                        let data = self.constant_data(explicit_type)?;
                        ctx.func.dfg.constants.insert(data)
                    }
                };
                InstructionData::UnaryConst {
                    opcode,
                    constant_handle,
                }
            }
            InstructionFormat::UnaryGlobalValue => InstructionData::UnaryGlobalValue {
                opcode,
                global_value: self.parse_global_value_ref(ctx)?,
            },
            InstructionFormat::Binary => InstructionData::Binary {
                opcode,
                args: self.values::<2>(ctx)?,
            },
            InstructionFormat::BinaryImm8 => {
                let arg = self.parse_value_use(ctx)?;
                self.comma()?;
                InstructionData::BinaryImm8 {
                    opcode,
                    arg,
                    imm: self.uimm8()?,
                }
            }
            InstructionFormat::Ternary => InstructionData::Ternary {
                opcode,
                args: self.values::<3>(ctx)?,
            },
            InstructionFormat::TernaryImm8 => {
                let args = self.values::<2>(ctx)?;
                self.comma()?;
                InstructionData::TernaryImm8 {
                    opcode,
                    args,
                    imm: self.uimm8()?,
                }
            }
            InstructionFormat::Shuffle => {
                let args = self.values::<2>(ctx)?;
                self.comma()?;
                let loc = self.cur.loc();
                let mask = self.constant_data(Some(types::I8X16))?;
                if mask.len() != 16 {
                    return Err(ParseError::new(loc, "a shuffle mask has 16 bytes"));
                }
                let imm = ctx.func.dfg.immediates.push(mask);
                InstructionData::Shuffle { opcode, args, imm }
            }
            InstructionFormat::IntCompare => {
                let loc = self.cur.loc();
                let word = self
                    .cur
                    .expect_ident("an integer condition code such as `eq` or `slt`")?;
                let cond: IntCC = word.parse().map_err(|_| {
                    ParseError::new(loc, format!("unknown integer condition code `{word}`"))
                })?;
                InstructionData::IntCompare {
                    opcode,
                    args: self.values::<2>(ctx)?,
                    cond,
                }
            }
            InstructionFormat::FloatCompare => {
                let loc = self.cur.loc();
                let word = self
                    .cur
                    .expect_ident("a float condition code such as `eq` or `uno`")?;
                let cond: FloatCC = word.parse().map_err(|_| {
                    ParseError::new(loc, format!("unknown float condition code `{word}`"))
                })?;
                InstructionData::FloatCompare {
                    opcode,
                    args: self.values::<2>(ctx)?,
                    cond,
                }
            }
            InstructionFormat::Jump => InstructionData::Jump {
                opcode,
                destination: self.block_call(ctx)?,
            },
            InstructionFormat::Brif => {
                let arg = self.parse_value_use(ctx)?;
                self.comma()?;
                let then = self.block_call(ctx)?;
                self.comma()?;
                let otherwise = self.block_call(ctx)?;
                InstructionData::Brif {
                    opcode,
                    arg,
                    blocks: [then, otherwise],
                }
            }
            InstructionFormat::BranchTable => {
                let arg = self.parse_value_use(ctx)?;
                self.comma()?;
                let default = self.block_call(ctx)?;
                self.comma()?;
                self.cur
                    .expect(Token::LBracket, "`[` starting the jump table")?;
                let mut entries = Vec::new();
                if !self.cur.eat(Token::RBracket) {
                    loop {
                        entries.push(self.block_call(ctx)?);
                        if self.cur.eat(Token::RBracket) {
                            break;
                        }
                        self.cur
                            .expect(Token::Comma, "`,` or `]` in the jump table")?;
                    }
                }
                let table = ctx
                    .func
                    .dfg
                    .jump_tables
                    .push(JumpTableData::new(default, &entries));
                InstructionData::BranchTable { opcode, arg, table }
            }
            InstructionFormat::Call => {
                let func_ref = self.parse_func_ref(ctx)?;
                let mut args = ValueList::new();
                self.call_args(ctx, &mut args)?;
                InstructionData::Call {
                    opcode,
                    args,
                    func_ref,
                }
            }
            InstructionFormat::CallIndirect => {
                let sig_ref = self.parse_sig_ref(ctx)?;
                self.comma()?;
                let callee = self.parse_value_use(ctx)?;
                let mut args = ValueList::new();
                args.push(callee, &mut ctx.func.dfg.value_lists);
                self.call_args(ctx, &mut args)?;
                InstructionData::CallIndirect {
                    opcode,
                    args,
                    sig_ref,
                }
            }
            InstructionFormat::TryCall => {
                let func_ref = self.parse_func_ref(ctx)?;
                let mut args = ValueList::new();
                self.call_args(ctx, &mut args)?;
                self.comma()?;
                let exception = self.exception_table(ctx)?;
                InstructionData::TryCall {
                    opcode,
                    args,
                    func_ref,
                    exception,
                }
            }
            InstructionFormat::TryCallIndirect => {
                let callee = self.parse_value_use(ctx)?;
                let mut args = ValueList::new();
                args.push(callee, &mut ctx.func.dfg.value_lists);
                self.call_args(ctx, &mut args)?;
                self.comma()?;
                let exception = self.exception_table(ctx)?;
                InstructionData::TryCallIndirect {
                    opcode,
                    args,
                    exception,
                }
            }
            InstructionFormat::FuncAddr => InstructionData::FuncAddr {
                opcode,
                func_ref: self.parse_func_ref(ctx)?,
            },
            InstructionFormat::Load => {
                let flags = self.parse_memflags();
                let arg = self.parse_value_use(ctx)?;
                let offset = self.parse_optional_offset()?;
                InstructionData::Load {
                    opcode,
                    arg,
                    flags,
                    offset,
                }
            }
            InstructionFormat::LoadNoOffset => {
                let flags = self.parse_memflags();
                InstructionData::LoadNoOffset {
                    opcode,
                    arg: self.parse_value_use(ctx)?,
                    flags,
                }
            }
            InstructionFormat::Store => {
                let flags = self.parse_memflags();
                let args = self.values::<2>(ctx)?;
                let offset = self.parse_optional_offset()?;
                InstructionData::Store {
                    opcode,
                    args,
                    flags,
                    offset,
                }
            }
            InstructionFormat::StoreNoOffset => {
                let flags = self.parse_memflags();
                InstructionData::StoreNoOffset {
                    opcode,
                    args: self.values::<2>(ctx)?,
                    flags,
                }
            }
            InstructionFormat::StackLoad => {
                let stack_slot = self.parse_stack_slot_ref(ctx)?;
                let offset = self.parse_optional_offset()?;
                InstructionData::StackLoad {
                    opcode,
                    stack_slot,
                    offset,
                }
            }
            InstructionFormat::DynamicStackLoad => InstructionData::DynamicStackLoad {
                opcode,
                dynamic_stack_slot: self.parse_dynamic_stack_slot_ref(ctx)?,
            },
            InstructionFormat::DynamicStackStore => {
                let arg = self.parse_value_use(ctx)?;
                self.comma()?;
                InstructionData::DynamicStackStore {
                    opcode,
                    arg,
                    dynamic_stack_slot: self.parse_dynamic_stack_slot_ref(ctx)?,
                }
            }
            InstructionFormat::Trap => InstructionData::Trap {
                opcode,
                code: self.trap_code()?,
            },
            InstructionFormat::CondTrap => {
                let arg = self.parse_value_use(ctx)?;
                self.comma()?;
                InstructionData::CondTrap {
                    opcode,
                    arg,
                    code: self.trap_code()?,
                }
            }
            InstructionFormat::IntAddTrap => {
                let args = self.values::<2>(ctx)?;
                self.comma()?;
                InstructionData::IntAddTrap {
                    opcode,
                    args,
                    code: self.trap_code()?,
                }
            }
            InstructionFormat::MultiAry => {
                // `return` may have no operands; the next line's `v1 = ...`
                // must not be taken for one.
                let mut args = ValueList::new();
                if let Some(Token::Ident(w)) = self.cur.peek()
                    && split_entity(w, "v").is_some()
                    && self.cur.line() == opcode_line
                {
                    loop {
                        let v = self.parse_value_use(ctx)?;
                        args.push(v, &mut ctx.func.dfg.value_lists);
                        if !self.cur.eat(Token::Comma) {
                            break;
                        }
                    }
                }
                InstructionData::MultiAry { opcode, args }
            }
            InstructionFormat::AtomicRmw => {
                let flags = self.parse_memflags();
                let loc = self.cur.loc();
                let word = self
                    .cur
                    .expect_ident("an atomic operation such as `add` or `xchg`")?;
                let op: AtomicRmwOp = word.parse().map_err(|_| {
                    ParseError::new(loc, format!("unknown atomic operation `{word}`"))
                })?;
                InstructionData::AtomicRmw {
                    opcode,
                    args: self.values::<2>(ctx)?,
                    flags,
                    op,
                }
            }
            InstructionFormat::AtomicCas => {
                let flags = self.parse_memflags();
                InstructionData::AtomicCas {
                    opcode,
                    args: self.values::<3>(ctx)?,
                    flags,
                }
            }
            InstructionFormat::ExceptionHandlerAddress => {
                let block = self.parse_block_ref(ctx)?;
                self.comma()?;
                InstructionData::ExceptionHandlerAddress {
                    opcode,
                    block,
                    imm: self.parse_imm64()?,
                }
            }
        })
    }

    /// `sigN, block(args), [ tagN: block(args), default: block(args), context vN ]`.
    fn exception_table(
        &mut self,
        ctx: &mut FunctionContext,
    ) -> ParseResult<crate::ir::ExceptionTable> {
        let sig = self.parse_sig_ref(ctx)?;
        self.comma()?;
        let normal_return = self.block_call(ctx)?;
        self.comma()?;
        self.cur
            .expect(Token::LBracket, "`[` starting the exception handlers")?;
        let mut items = Vec::new();
        if !self.cur.eat(Token::RBracket) {
            loop {
                let loc = self.cur.loc();
                let word = self.cur.expect_ident("`tagN:`, `default:` or `context`")?;
                let item = if word == "default" {
                    self.cur.expect(Token::Colon, "`:`")?;
                    ExceptionTableItem::Default(self.block_call(ctx)?)
                } else if word == "context" {
                    ExceptionTableItem::Context(self.parse_value_use(ctx)?)
                } else if let Some(n) = split_entity(word, "tag") {
                    self.cur.expect(Token::Colon, "`:`")?;
                    ExceptionTableItem::Tag(ExceptionTag::new(n as usize), self.block_call(ctx)?)
                } else {
                    return Err(ParseError::new(
                        loc,
                        format!("expected `tagN:`, `default:` or `context`, found `{word}`"),
                    ));
                };
                items.push(item);
                if self.cur.eat(Token::RBracket) {
                    break;
                }
                self.cur
                    .expect(Token::Comma, "`,` or `]` in the exception handlers")?;
            }
        }
        Ok(ctx
            .func
            .dfg
            .exception_tables
            .push(ExceptionTableData::new(sig, normal_return, items)))
    }
}
