//! The CLIF parser: test file header, functions, preambles, blocks.
//!
//! Source numbering is kept for values and blocks (`v7` in the text is
//! `Value(7)` in the function), so printed functions, verifier messages and
//! test output name what the author wrote. Preamble entities (`ss`, `dss`,
//! `dt`, `gv`, `sig`, `fn`, `const`) are renumbered in order of definition:
//! a function may use `fn3` without `fn0..fn2`, and an inline signature in an
//! `fn` line takes a signature number of its own.
//!
//! Every problem is a [`ParseError`] at the offending token; uses of values
//! and blocks that are never defined are reported at their first use. The
//! parser never recurses on the input's nesting.

use crate::ir::immediates::{Imm64, Offset32};
use crate::ir::types::{self, Type};
use crate::ir::{
    AbiParam, AliasRegion, AliasRegionData, ArgumentExtension, ArgumentPurpose, Block, CallConv,
    Constant, DynamicStackSlot, DynamicStackSlotData, DynamicType, DynamicTypeData, ExtFuncData,
    ExternalName, FuncRef, Function, GlobalValue, GlobalValueData, Inst, MemFlags, SigRef,
    Signature, StackSlot, StackSlotData, StackSlotKind, UserExternalName, UserFuncName, Value,
};
use crate::reader::cursor::Cursor;
use crate::reader::error::{ParseError, ParseResult};
use crate::reader::header::{HEADER_KEYWORDS, parse_header_line};
use crate::reader::lexer::{Location, Token, split_entity};
use crate::reader::testfile::{FunctionDetails, TestFile};
use std::collections::HashMap;

/// Parses a whole filetest: header lines and every function.
pub fn parse_test(text: &str) -> ParseResult<TestFile> {
    Parser::new(text).parse_file()
}

/// Parses the functions of a text (a header, if present, is ignored).
pub fn parse_functions(text: &str) -> ParseResult<Vec<Function>> {
    Ok(parse_test(text)?
        .functions
        .into_iter()
        .map(|(f, _)| f)
        .collect())
}

pub(crate) struct Parser<'a> {
    pub(crate) cur: Cursor<'a>,
    lines: Vec<&'a str>,
}

/// Source entity numbers mapped to the entities created for them.
#[derive(Default)]
struct EntityMap {
    stack_slots: HashMap<u32, StackSlot>,
    dynamic_stack_slots: HashMap<u32, DynamicStackSlot>,
    dynamic_types: HashMap<u32, DynamicType>,
    global_values: HashMap<u32, GlobalValue>,
    signatures: HashMap<u32, SigRef>,
    functions: HashMap<u32, FuncRef>,
    constants: HashMap<u32, Constant>,
    /// Region numbers defined so far (regions are not renumbered).
    regions: Vec<u32>,
}

/// The state of the function being parsed.
pub(crate) struct FunctionContext {
    pub(crate) func: Function,
    pub(crate) details: FunctionDetails,
    map: EntityMap,
    /// The first use of each value, for "undefined value" errors.
    value_uses: Vec<(Value, Location)>,
    /// Each reference to a block, for "undefined block" errors.
    block_refs: Vec<(Block, Location)>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            cur: Cursor::new(text),
            lines: text.lines().collect(),
        }
    }

    /// The rest of line `loc.line` from column `loc.col`, comment removed.
    fn raw_line_from(&self, loc: Location) -> &'a str {
        let line = self.lines.get(loc.line as usize - 1).copied().unwrap_or("");
        let start = line
            .char_indices()
            .nth(loc.col as usize - 1)
            .map_or(line.len(), |(i, _)| i);
        let rest = &line[start..];
        rest.split(';').next().unwrap_or("")
    }

    fn parse_file(&mut self) -> ParseResult<TestFile> {
        let mut file = TestFile::default();
        while let Some(Token::Ident(word)) = self.cur.peek() {
            if !HEADER_KEYWORDS.contains(&word) {
                break;
            }
            let loc = self.cur.loc();
            let line = self.raw_line_from(loc);
            parse_header_line(&mut file, line, loc)?;
            self.cur.skip_line(loc.line);
        }
        let mut starts = Vec::new();
        while !self.cur.at_end() {
            if self.cur.peek() != Some(Token::Ident("function")) {
                return Err(self
                    .cur
                    .expected("`function` or a header line (`test`, `set`, `target`, `feature`)"));
            }
            starts.push(self.cur.position());
            let (func, details) = self.parse_function()?;
            file.functions.push((func, details));
        }
        // A comment is keyed by the token that follows it. Comments before
        // the first `function` belong to the file; those inside a function
        // and after it, up to and including the ones right before the next
        // `function`, belong to it (run lines follow their function).
        file.preamble_comments = match starts.first() {
            Some(&first) => self.cur.comments_between(0, first + 1),
            None => self.cur.comments_from(0),
        };
        starts.push(usize::MAX - 1);
        for (i, (_, details)) in file.functions.iter_mut().enumerate() {
            details.comments = self.cur.comments_between(starts[i] + 1, starts[i + 1] + 1);
        }
        Ok(file)
    }

    fn parse_function(&mut self) -> ParseResult<(Function, FunctionDetails)> {
        let loc = self.cur.loc();
        self.cur.expect(Token::Ident("function"), "`function`")?;
        let name = self.parse_function_name()?;
        let mut ctx = FunctionContext {
            func: Function::new(),
            details: FunctionDetails {
                loc,
                ..FunctionDetails::default()
            },
            map: EntityMap::default(),
            value_uses: Vec::new(),
            block_refs: Vec::new(),
        };
        ctx.func.name = name;
        ctx.func.signature = self.parse_signature()?;
        self.cur
            .expect(Token::LBrace, "`{` starting the function body")?;
        self.parse_preamble(&mut ctx)?;
        while self.cur.peek() != Some(Token::RBrace) {
            if self.cur.at_end() {
                return Err(self.cur.expected("`}` closing the function"));
            }
            self.parse_block(&mut ctx)?;
        }
        self.cur.bump();
        ctx.check_definitions()?;
        Ok((ctx.func, ctx.details))
    }

    fn parse_function_name(&mut self) -> ParseResult<UserFuncName> {
        match self.cur.peek() {
            Some(Token::Name(name)) => {
                self.cur.bump();
                Ok(UserFuncName::testcase(name))
            }
            Some(Token::Ident(_)) => Ok(UserFuncName::User(self.parse_user_name()?)),
            _ => Err(self.cur.expected("a function name (`%name` or `u0:1`)")),
        }
    }

    /// `uN:M`, lexed as the identifier `uN`, a colon and a number.
    fn parse_user_name(&mut self) -> ParseResult<UserExternalName> {
        let loc = self.cur.loc();
        let word = self.cur.expect_ident("a user name such as `u0:1`")?;
        let namespace = split_entity(word, "u").ok_or_else(|| {
            ParseError::new(
                loc,
                format!("expected a user name such as `u0:1`, found `{word}`"),
            )
        })?;
        self.cur.expect(Token::Colon, "`:` in a user name")?;
        let index_loc = self.cur.loc();
        let index_text = self.cur.expect_number("the index of a user name")?;
        let index = index_text.parse::<u32>().map_err(|_| {
            ParseError::new(index_loc, format!("invalid user name index `{index_text}`"))
        })?;
        Ok(UserExternalName::new(namespace, index))
    }

    /// `(params) [-> returns] [callconv]`.
    fn parse_signature(&mut self) -> ParseResult<Signature> {
        let mut sig = Signature::new(CallConv::Fast);
        self.cur
            .expect(Token::LParen, "`(` starting the parameter list")?;
        if !self.cur.eat(Token::RParen) {
            loop {
                sig.params.push(self.parse_abi_param()?);
                if self.cur.eat(Token::RParen) {
                    break;
                }
                self.cur
                    .expect(Token::Comma, "`,` or `)` in the parameter list")?;
            }
        }
        if self.cur.eat(Token::Arrow) {
            let parenthesized = self.cur.eat(Token::LParen);
            loop {
                if parenthesized && self.cur.peek() == Some(Token::RParen) {
                    break;
                }
                sig.returns.push(self.parse_abi_param()?);
                if !self.cur.eat(Token::Comma) {
                    break;
                }
            }
            if parenthesized {
                self.cur
                    .expect(Token::RParen, "`)` closing the return list")?;
            }
        }
        if let Some(Token::Ident(word)) = self.cur.peek()
            && let Ok(cc) = word.parse::<CallConv>()
        {
            self.cur.bump();
            sig.call_conv = cc;
        }
        Ok(sig)
    }

    /// `type [uext|sext] [purpose]`.
    fn parse_abi_param(&mut self) -> ParseResult<AbiParam> {
        let ty = self.parse_type("a parameter type")?;
        let mut param = AbiParam::new(ty);
        while let Some(Token::Ident(word)) = self.cur.peek() {
            match word {
                "uext" => param.extension = ArgumentExtension::Uext,
                "sext" => param.extension = ArgumentExtension::Sext,
                _ => match word.parse::<ArgumentPurpose>() {
                    Ok(purpose) => param.purpose = purpose,
                    Err(_) => break,
                },
            }
            self.cur.bump();
        }
        Ok(param)
    }

    pub(crate) fn parse_type(&mut self, what: &str) -> ParseResult<Type> {
        let loc = self.cur.loc();
        match self.cur.peek() {
            Some(Token::Ident(word)) => {
                let ty = word.parse::<Type>().map_err(|_| {
                    ParseError::new(loc, format!("expected {what}, found `{word}`"))
                })?;
                self.cur.bump();
                Ok(ty)
            }
            _ => Err(self.cur.expected(what)),
        }
    }

    /// Preamble declarations, up to the first block header.
    fn parse_preamble(&mut self, ctx: &mut FunctionContext) -> ParseResult<()> {
        loop {
            let loc = self.cur.loc();
            let Some(Token::Ident(word)) = self.cur.peek() else {
                return Ok(());
            };
            if self.cur.peek2() != Some(Token::Equal) {
                return Ok(());
            }
            let entity = |prefix: &str| split_entity(word, prefix);
            if let Some(n) = entity("ss") {
                self.cur.bump();
                self.cur.bump();
                let data = self.parse_stack_slot()?;
                let slot = ctx.func.sized_stack_slots.push(data);
                define(&mut ctx.map.stack_slots, n, slot, loc, word)?;
            } else if let Some(n) = entity("dss") {
                self.cur.bump();
                self.cur.bump();
                let kind_loc = self.cur.loc();
                let kind = self.cur.expect_ident("`explicit_dynamic_slot`")?;
                let kind = kind
                    .parse::<StackSlotKind>()
                    .ok()
                    .filter(|k| *k == StackSlotKind::ExplicitDynamicSlot)
                    .ok_or_else(|| {
                        ParseError::new(
                            kind_loc,
                            format!("expected `explicit_dynamic_slot`, found `{kind}`"),
                        )
                    })?;
                let dyn_ty = self.parse_mapped(&ctx.map.dynamic_types, "dt", "a dynamic type")?;
                let slot = ctx
                    .func
                    .dynamic_stack_slots
                    .push(DynamicStackSlotData { kind, dyn_ty });
                define(&mut ctx.map.dynamic_stack_slots, n, slot, loc, word)?;
            } else if let Some(n) = entity("dt") {
                self.cur.bump();
                self.cur.bump();
                // `dt0 = i32x4*gv0`
                let base_vector_ty = self.parse_type("a vector type")?;
                let star_loc = self.cur.loc();
                match self.cur.bump() {
                    Some(Token::Unknown('*')) => {}
                    _ => return Err(ParseError::new(star_loc, "expected `*` in a dynamic type")),
                }
                let dynamic_scale =
                    self.parse_mapped(&ctx.map.global_values, "gv", "a global value")?;
                let dt = ctx.func.dfg.dynamic_types.push(DynamicTypeData {
                    base_vector_ty,
                    dynamic_scale,
                });
                define(&mut ctx.map.dynamic_types, n, dt, loc, word)?;
            } else if let Some(n) = entity("gv") {
                self.cur.bump();
                self.cur.bump();
                let data = self.parse_global_value(ctx)?;
                let gv = ctx.func.global_values.push(data);
                define(&mut ctx.map.global_values, n, gv, loc, word)?;
            } else if let Some(n) = entity("sig") {
                self.cur.bump();
                self.cur.bump();
                let sig = self.parse_signature()?;
                let sig_ref = ctx.func.dfg.signatures.push(sig);
                define(&mut ctx.map.signatures, n, sig_ref, loc, word)?;
            } else if let Some(n) = entity("fn") {
                self.cur.bump();
                self.cur.bump();
                let data = self.parse_ext_func(ctx)?;
                let func_ref = ctx.func.dfg.ext_funcs.push(data);
                define(&mut ctx.map.functions, n, func_ref, loc, word)?;
            } else if word == "stack_limit" {
                self.cur.bump();
                self.cur.bump();
                if ctx.func.stack_limit.is_some() {
                    return Err(ParseError::new(loc, "`stack_limit` is defined twice"));
                }
                ctx.func.stack_limit = Some(self.parse_global_value_ref(ctx)?);
            } else if let Some(n) = entity("region") {
                // Regions keep their source numbers: memory flags name them
                // directly (`load.i64 region1 v0`).
                self.cur.bump();
                self.cur.bump();
                let user_id = self.parse_u32("the region's id")?;
                let description = match self.cur.peek() {
                    Some(Token::Str(text)) => text.to_string(),
                    _ => return Err(self.cur.expected("a quoted region description")),
                };
                self.cur.bump();
                if ctx.map.regions.contains(&n) {
                    return Err(ParseError::new(loc, format!("`{word}` is defined twice")));
                }
                if n as usize > crate::ir::dfg::MAX_READER_ENTITY_INDEX {
                    return Err(ParseError::new(loc, format!("`{word}` is too large")));
                }
                let regions = &mut ctx.func.dfg.alias_regions;
                while regions.len() <= n as usize {
                    regions.push(AliasRegionData {
                        user_id: 0,
                        description: String::new(),
                    });
                }
                regions[AliasRegion::from_u32(n)] = AliasRegionData {
                    user_id,
                    description,
                };
                ctx.map.regions.push(n);
            } else if let Some(n) = entity("const") {
                // `const0 = 0x0102...` or `const0 = i32x4 [1 2 3 4]`.
                self.cur.bump();
                self.cur.bump();
                let ty = match self.cur.peek() {
                    Some(Token::Ident(_)) => Some(self.parse_type("a constant's type")?),
                    _ => None,
                };
                let data = self.constant_data(ty)?;
                let c = ctx.func.dfg.constants.insert(data);
                define(&mut ctx.map.constants, n, c, loc, word)?;
            } else {
                return Err(ParseError::new(
                    loc,
                    format!("`{word}` is not a preamble entity (ss, dss, dt, gv, sig, fn, const)"),
                ));
            }
        }
    }

    /// `explicit_slot SIZE [, align = N]`.
    fn parse_stack_slot(&mut self) -> ParseResult<StackSlotData> {
        let kind_loc = self.cur.loc();
        let kind = self.cur.expect_ident("`explicit_slot`")?;
        let kind = kind
            .parse::<StackSlotKind>()
            .ok()
            .filter(|k| *k == StackSlotKind::ExplicitSlot)
            .ok_or_else(|| {
                ParseError::new(
                    kind_loc,
                    format!("expected `explicit_slot`, found `{kind}`"),
                )
            })?;
        let size = self.parse_u32("the stack slot size")?;
        let mut align_shift = 0;
        let mut slot_key = None;
        while self.cur.eat(Token::Comma) {
            let key_loc = self.cur.loc();
            let key = self.cur.expect_ident("`align` or `key`")?;
            self.cur.expect(Token::Equal, "`=`")?;
            let value_loc = self.cur.loc();
            match key {
                "align" => {
                    let value = self.parse_u32("an alignment")?;
                    align_shift = StackSlotData::align_shift_of(u64::from(value))
                        .map_err(|e| ParseError::new(value_loc, e))?
                }
                "key" => slot_key = Some(self.parse_imm64()?.bits() as u64),
                other => {
                    return Err(ParseError::new(
                        key_loc,
                        format!("unknown stack slot attribute `{other}`"),
                    ));
                }
            }
        }
        let data = StackSlotData::new(kind, size, align_shift);
        Ok(match slot_key {
            Some(k) => data.with_key(k),
            None => data,
        })
    }

    /// A global value definition after `gvN =`.
    fn parse_global_value(&mut self, ctx: &mut FunctionContext) -> ParseResult<GlobalValueData> {
        let loc = self.cur.loc();
        let word = self
            .cur
            .expect_ident("a global value kind (`vmctx`, `load`, `iadd_imm`, `symbol`)")?;
        Ok(match word {
            "vmctx" => GlobalValueData::VMContext,
            "load" => {
                self.cur.expect(Token::Dot, "`.` and the loaded type")?;
                let global_type = self.parse_type("the loaded type")?;
                let flags = self.parse_memflags();
                let base =
                    self.parse_mapped(&ctx.map.global_values, "gv", "the base global value")?;
                let offset = self.parse_optional_offset()?;
                GlobalValueData::Load {
                    base,
                    offset,
                    global_type,
                    flags,
                }
            }
            "iadd_imm" => {
                self.cur.expect(Token::Dot, "`.` and the result type")?;
                let global_type = self.parse_type("the result type")?;
                let base =
                    self.parse_mapped(&ctx.map.global_values, "gv", "the base global value")?;
                self.cur.expect(Token::Comma, "`,`")?;
                let offset = self.parse_imm64()?;
                GlobalValueData::IAddImm {
                    base,
                    offset,
                    global_type,
                }
            }
            "symbol" => {
                let colocated = self.cur.eat_ident("colocated");
                let tls = self.cur.eat_ident("tls");
                let name = self.parse_external_name(ctx)?;
                let offset = match self.cur.peek() {
                    Some(Token::Number(t)) if t.starts_with(['+', '-']) => self.parse_imm64()?,
                    _ => Imm64::new(0),
                };
                GlobalValueData::Symbol {
                    name,
                    offset,
                    colocated,
                    tls,
                }
            }
            "dyn_scale_target_const" => {
                self.cur.expect(Token::Dot, "`.` and the vector type")?;
                let vector_type = self.parse_type("a vector type")?;
                GlobalValueData::DynScaleTargetConst { vector_type }
            }
            other => {
                return Err(ParseError::new(
                    loc,
                    format!("unknown global value kind `{other}`"),
                ));
            }
        })
    }

    /// `%name` or `uN:M`.
    fn parse_external_name(&mut self, ctx: &mut FunctionContext) -> ParseResult<ExternalName> {
        match self.cur.peek() {
            Some(Token::Name(name)) => {
                self.cur.bump();
                Ok(ExternalName::from_percent_name(name))
            }
            Some(Token::Ident(_)) => {
                let name = self.parse_user_name()?;
                Ok(ExternalName::User(
                    ctx.func.params.ensure_user_func_name(name),
                ))
            }
            _ => Err(self.cur.expected("an external name (`%name` or `u0:1`)")),
        }
    }

    /// `[colocated] NAME sigN` or `[colocated] NAME(signature)`.
    fn parse_ext_func(&mut self, ctx: &mut FunctionContext) -> ParseResult<ExtFuncData> {
        let (mut colocated, mut patchable) = (false, false);
        loop {
            if self.cur.eat_ident("colocated") {
                colocated = true;
            } else if self.cur.eat_ident("patchable") {
                patchable = true;
            } else {
                break;
            }
        }
        let name = self.parse_external_name(ctx)?;
        let signature = if self.cur.peek() == Some(Token::LParen) {
            let sig = self.parse_signature()?;
            ctx.func.dfg.signatures.push(sig)
        } else {
            self.parse_mapped(
                &ctx.map.signatures,
                "sig",
                "a signature reference or `(` starting a signature",
            )?
        };
        Ok(ExtFuncData {
            name,
            signature,
            colocated,
            patchable,
        })
    }

    /// A reference `prefixN` to a preamble entity defined earlier.
    fn parse_mapped<E: Copy>(
        &mut self,
        map: &HashMap<u32, E>,
        prefix: &str,
        what: &str,
    ) -> ParseResult<E> {
        let loc = self.cur.loc();
        let Some(Token::Ident(word)) = self.cur.peek() else {
            return Err(self.cur.expected(what));
        };
        let n = split_entity(word, prefix)
            .ok_or_else(|| ParseError::new(loc, format!("expected {what}, found `{word}`")))?;
        self.cur.bump();
        map.get(&n)
            .copied()
            .ok_or_else(|| ParseError::new(loc, format!("`{word}` is not defined in the preamble")))
    }

    pub(crate) fn parse_u32(&mut self, what: &str) -> ParseResult<u32> {
        let loc = self.cur.loc();
        let text = self.cur.expect_number(what)?;
        let v = text.parse::<Imm64>().map_err(|e| ParseError::new(loc, e))?;
        u32::try_from(v.bits())
            .map_err(|_| ParseError::new(loc, format!("{what} `{text}` does not fit in 32 bits")))
    }

    pub(crate) fn parse_imm64(&mut self) -> ParseResult<Imm64> {
        let loc = self.cur.loc();
        let text = self.cur.expect_number("an integer")?;
        text.parse::<Imm64>().map_err(|e| ParseError::new(loc, e))
    }

    /// An optional `+N` / `-N` offset right after an address operand.
    pub(crate) fn parse_optional_offset(&mut self) -> ParseResult<Offset32> {
        match self.cur.peek() {
            Some(Token::Number(text)) if text.starts_with(['+', '-']) => {
                let loc = self.cur.loc();
                self.cur.bump();
                text.parse::<Offset32>()
                    .map_err(|e| ParseError::new(loc, e))
            }
            _ => Ok(Offset32::new(0)),
        }
    }

    /// Memory flag words, as many as there are.
    pub(crate) fn parse_memflags(&mut self) -> MemFlags {
        let mut flags = MemFlags::new();
        while let Some(Token::Ident(word)) = self.cur.peek() {
            // A value or an entity reference ends the flags.
            if !flags.set_by_name(word) {
                break;
            }
            self.cur.bump();
        }
        flags
    }

    /// `blockN[(params)] [cold]:` and the instructions up to the next block.
    fn parse_block(&mut self, ctx: &mut FunctionContext) -> ParseResult<()> {
        let loc = self.cur.loc();
        let block = self.parse_block_ref_raw(ctx, "a block header such as `block0:`")?;
        if ctx.func.layout.is_block_inserted(block) {
            return Err(ParseError::new(loc, format!("`{block}` is defined twice")));
        }
        ctx.func.layout.append_block(block);
        if self.cur.eat(Token::LParen) {
            loop {
                let vloc = self.cur.loc();
                let value = self.parse_value_def(ctx)?;
                self.cur
                    .expect(Token::Colon, "`:` and the parameter type")?;
                let ty = self.parse_type("a parameter type")?;
                ctx.func
                    .dfg
                    .attach_block_param(block, value, ty)
                    .map_err(|e| ParseError::new(vloc, e))?;
                if self.cur.eat(Token::RParen) {
                    break;
                }
                self.cur
                    .expect(Token::Comma, "`,` or `)` in the block parameters")?;
            }
        }
        if self.cur.eat_ident("cold") {
            ctx.func.layout.set_cold(block);
        }
        self.cur
            .expect(Token::Colon, "`:` ending the block header")?;
        loop {
            match self.cur.peek() {
                Some(Token::RBrace) | None => return Ok(()),
                Some(Token::Ident(word)) if split_entity(word, "block").is_some() => return Ok(()),
                _ => self.parse_instruction(ctx, block)?,
            }
        }
    }

    /// A block number, created if new; not recorded as a reference.
    fn parse_block_ref_raw(&mut self, ctx: &mut FunctionContext, what: &str) -> ParseResult<Block> {
        let loc = self.cur.loc();
        let Some(Token::Ident(word)) = self.cur.peek() else {
            return Err(self.cur.expected(what));
        };
        let n = split_entity(word, "block")
            .ok_or_else(|| ParseError::new(loc, format!("expected {what}, found `{word}`")))?;
        self.cur.bump();
        ctx.func
            .dfg
            .block_at(n as usize)
            .map_err(|e| ParseError::new(loc, e))
    }

    /// A reference to a block from an instruction.
    pub(crate) fn parse_block_ref(&mut self, ctx: &mut FunctionContext) -> ParseResult<Block> {
        let loc = self.cur.loc();
        let block = self.parse_block_ref_raw(ctx, "a block")?;
        ctx.block_refs.push((block, loc));
        Ok(block)
    }

    /// A value being defined (a result or a block parameter).
    pub(crate) fn parse_value_def(&mut self, ctx: &mut FunctionContext) -> ParseResult<Value> {
        let loc = self.cur.loc();
        let Some(Token::Ident(word)) = self.cur.peek() else {
            return Err(self.cur.expected("a value such as `v0`"));
        };
        let n = split_entity(word, "v").ok_or_else(|| {
            ParseError::new(
                loc,
                format!("expected a value such as `v0`, found `{word}`"),
            )
        })?;
        self.cur.bump();
        ctx.func
            .dfg
            .placeholder_at(n as usize)
            .map_err(|e| ParseError::new(loc, e))
    }

    /// A value being used.
    pub(crate) fn parse_value_use(&mut self, ctx: &mut FunctionContext) -> ParseResult<Value> {
        let loc = self.cur.loc();
        let value = self.parse_value_def(ctx)?;
        ctx.value_uses.push((value, loc));
        Ok(value)
    }

    /// An entity reference to something defined in the preamble.
    pub(crate) fn parse_sig_ref(&mut self, ctx: &FunctionContext) -> ParseResult<SigRef> {
        self.parse_mapped(
            &ctx.map.signatures,
            "sig",
            "a signature reference such as `sig0`",
        )
    }

    pub(crate) fn parse_func_ref(&mut self, ctx: &FunctionContext) -> ParseResult<FuncRef> {
        self.parse_mapped(
            &ctx.map.functions,
            "fn",
            "a function reference such as `fn0`",
        )
    }

    pub(crate) fn parse_global_value_ref(
        &mut self,
        ctx: &FunctionContext,
    ) -> ParseResult<GlobalValue> {
        self.parse_mapped(&ctx.map.global_values, "gv", "a global value such as `gv0`")
    }

    pub(crate) fn parse_stack_slot_ref(&mut self, ctx: &FunctionContext) -> ParseResult<StackSlot> {
        self.parse_mapped(&ctx.map.stack_slots, "ss", "a stack slot such as `ss0`")
    }

    pub(crate) fn parse_dynamic_stack_slot_ref(
        &mut self,
        ctx: &FunctionContext,
    ) -> ParseResult<DynamicStackSlot> {
        self.parse_mapped(
            &ctx.map.dynamic_stack_slots,
            "dss",
            "a dynamic stack slot such as `dss0`",
        )
    }

    pub(crate) fn parse_constant_ref(&mut self, ctx: &FunctionContext) -> ParseResult<Constant> {
        self.parse_mapped(&ctx.map.constants, "const", "a constant such as `const0`")
    }
}

impl FunctionContext {
    /// Records where `inst` was written.
    pub(crate) fn record_inst(&mut self, inst: Inst, loc: Location) {
        self.details.inst_locs.push((inst, loc));
    }

    /// Every used value and referenced block must be defined.
    fn check_definitions(&self) -> ParseResult<()> {
        for &(value, loc) in &self.value_uses {
            if self
                .func
                .dfg
                .try_resolve_aliases(value)
                .is_none_or(|v| self.func.dfg.is_placeholder(v))
            {
                return Err(ParseError::new(
                    loc,
                    format!("`{value}` is used but never defined"),
                ));
            }
        }
        for &(block, loc) in &self.block_refs {
            if !self.func.layout.is_block_inserted(block) {
                return Err(ParseError::new(
                    loc,
                    format!("`{block}` is used but never defined"),
                ));
            }
        }
        Ok(())
    }
}

/// Records that source entity `n` is `entity`; a second definition is an error.
fn define<E: Copy>(
    map: &mut HashMap<u32, E>,
    n: u32,
    entity: E,
    loc: Location,
    word: &str,
) -> ParseResult<()> {
    if map.insert(n, entity).is_some() {
        return Err(ParseError::new(loc, format!("`{word}` is defined twice")));
    }
    Ok(())
}

/// The type of `value` if it is already defined.
pub(crate) fn known_type(func: &Function, value: Value) -> Option<Type> {
    let v = func.dfg.try_resolve_aliases(value)?;
    if func.dfg.is_placeholder(v) {
        return None;
    }
    let ty = func.dfg.value_type(v);
    (ty != types::INVALID).then_some(ty)
}
