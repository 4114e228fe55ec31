//! Code generation: one CLIF [`Function`] per toy function, built with
//! lathe's [`FunctionBuilder`], plus the name checks of the language
//! (undefined variables and functions, arity, redefinitions, `main`).
//!
//! # Names and signatures
//! Toy function `i` (in source order) is the CLIF function `u0:i`
//! ([`TOY_NAMESPACE`]); `print` calls the host function `u1:0`
//! ([`TOY_PRINT`], symbol [`TOY_PRINT_SYMBOL`]), imported with signature
//! `(i64) system_v`. A toy function of `n` parameters has signature
//! `(i64 × n) -> i64 system_v`, so the host can call `main` directly.
//! Calls go through `FuncRef`s of user external names, `colocated` for
//! toy functions (same module), not for the host function.
//!
//! # Variables and control flow
//! Each `let` and parameter is one frontend [`Variable`] of type `i64`;
//! reads and writes are `use_var`/`def_var`, so the builder constructs
//! SSA form. Blocks are sealed as soon as all their predecessors exist:
//! branch targets at once, a loop header after its back edge, a join
//! after both branches. Code after a `return` goes to a fresh unreachable
//! block, so every statement has an open block to append to.
//!
//! Statements are compiled from an explicit stack of [`Task`]s and
//! expressions by [`lower_expr`](super::lower_expr), so deep nesting
//! never recurses on the host stack.
//!
//! # Errors
//! Every error of the program is collected (a bad expression compiles as
//! `0` so compilation continues) and reported sorted by position. A
//! problem of the generated code itself (builder misuse, a verifier
//! error) is reported as an internal error at the function's name.

use std::collections::BTreeMap;

use lathe::frontend::{FrontendError, FunctionBuilder, FunctionBuilderContext, Variable};
use lathe::ir::types::I64;
use lathe::ir::{
    AbiParam, Block, CallConv, ExtFuncData, ExternalName, FuncRef, Function, InstBuilder, SigRef,
    Signature, UserExternalName, UserFuncName, Value,
};

use super::ast::{Ast, FunctionDef, Stmt, StmtId};
use super::diagnostic::{Diagnostic, Span};
use super::lower_expr::ExprScratch;

/// The namespace of the user names of toy functions (`u0:i`).
pub const TOY_NAMESPACE: u32 = 0;

/// The namespace of the user names of host functions (`u1:i`).
pub const HOST_NAMESPACE: u32 = 1;

/// The host function `print` calls: `u1:0`, signature `(i64) system_v`.
pub const TOY_PRINT: UserExternalName = UserExternalName {
    namespace: HOST_NAMESPACE,
    index: 0,
};

/// The symbol name of [`TOY_PRINT`] for a linker or JIT.
pub const TOY_PRINT_SYMBOL: &str = "toy_print";

/// The name of the function the program starts at.
pub const ENTRY: &str = "main";

/// The calling convention of every toy function and of `toy_print`: the
/// host's C convention, so that the host can call and be called directly.
const CALL_CONV: CallConv = CallConv::SystemV;

/// A compiled toy program.
pub struct Program {
    /// The functions in source order; function `i` is named `u0:i`.
    pub functions: Vec<CompiledFunction>,
    /// The index of `main` in `functions`.
    pub main: usize,
}

/// One compiled toy function.
pub struct CompiledFunction {
    /// Its toy name.
    pub name: String,
    /// Its CLIF (verified).
    pub clif: Function,
}

impl Program {
    /// The symbol a user name of the program's CLIF stands for: a toy
    /// function's own name, or [`TOY_PRINT_SYMBOL`].
    pub fn symbol_name(&self, name: UserExternalName) -> Option<&str> {
        match name.namespace {
            TOY_NAMESPACE => self
                .functions
                .get(name.index as usize)
                .map(|f| f.name.as_str()),
            _ if name == TOY_PRINT => Some(TOY_PRINT_SYMBOL),
            _ => None,
        }
    }
}

/// The signature of a toy function of `arity` parameters.
pub fn toy_signature(arity: usize) -> Signature {
    let mut sig = Signature::new(CALL_CONV);
    sig.params = vec![AbiParam::new(I64); arity];
    sig.returns = vec![AbiParam::new(I64)];
    sig
}

/// The signature of [`TOY_PRINT`].
pub fn print_signature() -> Signature {
    let mut sig = Signature::new(CALL_CONV);
    sig.params.push(AbiParam::new(I64));
    sig
}

/// What is known about each function before bodies are compiled.
pub(super) struct FunctionTable<'src> {
    by_name: BTreeMap<&'src str, usize>,
}

impl<'src> FunctionTable<'src> {
    /// The index of the function named `name`.
    pub(super) fn get(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }
}

/// Compiles `ast` to CLIF; or every error of the program.
pub fn generate(ast: &Ast<'_>) -> Result<Program, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let table = function_table(ast, &mut errors);
    let mut ctx = FunctionBuilderContext::new();
    let mut functions = Vec::with_capacity(ast.functions.len());
    for (index, def) in ast.functions.iter().enumerate() {
        let clif = compile_function(ast, &table, def, index, &mut ctx, &mut errors);
        functions.push(CompiledFunction {
            name: ast.text(def.name).to_string(),
            clif,
        });
    }
    let main = table.get(ENTRY);
    if let Some(main) = main {
        let def = &ast.functions[main];
        if let Some(&first) = def.params.first() {
            errors.push(
                Diagnostic::error(first, format!("`{ENTRY}` takes no parameters"))
                    .with_note(def.name, format!("`{ENTRY}` is defined here")),
            );
        }
    } else {
        let end = Span::new(ast.source.len(), ast.source.len());
        errors.push(
            Diagnostic::error(end, format!("no `{ENTRY}` function"))
                .with_help(format!("the program starts at `fn {ENTRY}() {{ ... }}`")),
        );
    }
    match main {
        Some(main) if errors.is_empty() => Ok(Program { functions, main }),
        _ => {
            errors.sort_by_key(|d| d.span.start);
            Err(errors)
        }
    }
}

/// Indexes the functions by name; reports redefinitions and repeated
/// parameter names.
fn function_table<'src>(ast: &Ast<'src>, errors: &mut Vec<Diagnostic>) -> FunctionTable<'src> {
    let mut by_name = BTreeMap::new();
    for (index, def) in ast.functions.iter().enumerate() {
        let name = ast.text(def.name);
        if let Some(&first) = by_name.get(name) {
            let first: &FunctionDef = &ast.functions[first];
            errors.push(
                Diagnostic::error(def.name, format!("function `{name}` is defined twice"))
                    .with_note(first.name, "first defined here"),
            );
        } else {
            by_name.insert(name, index);
        }
        let mut params: BTreeMap<&str, Span> = BTreeMap::new();
        for &p in &def.params {
            let text = ast.text(p);
            if let Some(&first) = params.get(text) {
                errors.push(
                    Diagnostic::error(p, format!("parameter `{text}` is declared twice"))
                        .with_note(first, "first declared here"),
                );
            } else {
                params.insert(text, p);
            }
        }
    }
    FunctionTable { by_name }
}

/// A bug of the code generator: misuse of the builder, or a tree the
/// parser should not have built. Reported as an internal error.
pub(super) struct Bug(pub String);

impl Bug {
    /// A bug described by `what`.
    pub(super) fn new(what: &str) -> Self {
        Bug(what.to_string())
    }
}

impl From<FrontendError> for Bug {
    fn from(e: FrontendError) -> Self {
        Bug(e.to_string())
    }
}

/// What remains to do for the statements of one function.
enum Task<'a> {
    /// Compile this statement.
    Stmt(StmtId),
    /// Leave a block: forget the variables declared since the scope had
    /// this many.
    EndScope(usize),
    /// The `then` branch is done: compile the `else` branch.
    Else {
        else_block: Block,
        merge: Block,
        body: &'a [StmtId],
    },
    /// The last branch of an `if` is done: continue at `merge`.
    EndIf { merge: Block },
    /// A loop body is done: jump back to `header`, continue at `exit`.
    EndWhile { header: Block, exit: Block },
}

/// The state of compiling one function.
pub(super) struct FunctionCompiler<'a, 'src, 'f> {
    pub(super) ast: &'a Ast<'src>,
    pub(super) table: &'a FunctionTable<'src>,
    pub(super) builder: FunctionBuilder<'f>,
    pub(super) errors: &'a mut Vec<Diagnostic>,
    /// Visible variables by name, with where they were declared.
    visible: BTreeMap<&'src str, (Variable, Span)>,
    /// Names declared, innermost last (for [`Task::EndScope`]).
    declared: Vec<&'src str>,
    /// Imported callees by function index, and signatures by arity.
    callees: BTreeMap<usize, FuncRef>,
    signatures: BTreeMap<usize, SigRef>,
    print: Option<FuncRef>,
    /// Buffers of expression lowering.
    pub(super) scratch: ExprScratch,
}

/// Compiles toy function `index`, defined by `def`, to a verified CLIF
/// function. Errors go to `errors`; the function is then unusable.
fn compile_function(
    ast: &Ast<'_>,
    table: &FunctionTable<'_>,
    def: &FunctionDef,
    index: usize,
    ctx: &mut FunctionBuilderContext,
    errors: &mut Vec<Diagnostic>,
) -> Function {
    let name = UserFuncName::user(TOY_NAMESPACE, index as u32);
    let mut func = Function::with_name_signature(name, toy_signature(def.params.len()));
    let internal = |message: String| {
        Diagnostic::error(
            def.name,
            format!(
                "internal error: the code generated for `{}` is wrong: {message}",
                ast.text(def.name)
            ),
        )
    };
    let built = FunctionCompiler {
        ast,
        table,
        builder: FunctionBuilder::new(&mut func, ctx),
        errors: &mut *errors,
        visible: BTreeMap::new(),
        declared: Vec::new(),
        callees: BTreeMap::new(),
        signatures: BTreeMap::new(),
        print: None,
        scratch: ExprScratch::default(),
    }
    .run(def);
    if let Err(e) = built {
        errors.push(internal(e));
        return func;
    }
    if let Err(e) = lathe::verifier::verify_function(&func) {
        errors.push(internal(e.to_string()));
    }
    func
}

impl<'a, 'src, 'f> FunctionCompiler<'a, 'src, 'f> {
    /// Compiles the parameters and body of `def` and finishes the
    /// function; a failure is a message saying how the builder was misused.
    fn run(mut self, def: &'a FunctionDef) -> Result<(), String> {
        self.statements(def).map_err(|Bug(e)| e)?;
        self.builder.try_finalize().map_err(|e| e.to_string())
    }

    fn statements(&mut self, def: &'a FunctionDef) -> Result<(), Bug> {
        let b = &mut self.builder;
        let entry = b.create_block();
        b.try_append_block_params_for_function_params(entry)?;
        b.try_switch_to_block(entry)?;
        b.try_seal_block(entry)?;
        for (i, &param) in def.params.iter().enumerate() {
            let value = self.builder.block_params(entry)[i];
            self.declare(param, value)?;
        }
        let mut tasks = Vec::new();
        push_block(&mut tasks, &def.body, self.declared.len());
        while let Some(task) = tasks.pop() {
            match task {
                Task::Stmt(id) => self.statement(id, &mut tasks)?,
                Task::EndScope(mark) => {
                    for name in self.declared.drain(mark..) {
                        self.visible.remove(name);
                    }
                }
                Task::Else {
                    else_block,
                    merge,
                    body,
                } => {
                    self.jump_if_open(merge)?;
                    self.builder.try_switch_to_block(else_block)?;
                    tasks.push(Task::EndIf { merge });
                    push_block(&mut tasks, body, self.declared.len());
                }
                Task::EndIf { merge } => {
                    self.jump_if_open(merge)?;
                    self.builder.try_seal_block(merge)?;
                    self.builder.try_switch_to_block(merge)?;
                }
                Task::EndWhile { header, exit } => {
                    self.jump_if_open(header)?;
                    self.builder.try_seal_block(header)?;
                    self.builder.try_switch_to_block(exit)?;
                }
            }
        }
        // Falling off the end returns 0.
        if !self.builder.is_filled() {
            let zero = self.builder.try_ins()?.iconst(I64, 0);
            self.builder.try_ins()?.return_(&[zero]);
        }
        Ok(())
    }

    /// Compiles statement `id`; blocks it owns become tasks.
    fn statement(&mut self, id: StmtId, tasks: &mut Vec<Task<'a>>) -> Result<(), Bug> {
        self.ensure_open_block()?;
        let ast = self.ast;
        match ast.stmt(id) {
            Stmt::Let { name, value } => {
                let value = self.expression(*value)?;
                let text = ast.text(*name);
                if let Some(&(_, first)) = self.visible.get(text) {
                    self.errors.push(
                        Diagnostic::error(*name, format!("`{text}` is already defined"))
                            .with_note(first, "defined here")
                            .with_help(format!("assign it with `{text} = ...;`")),
                    );
                } else {
                    self.declare(*name, value)?;
                }
            }
            Stmt::Assign { name, value } => {
                let value = self.expression(*value)?;
                if let Some(var) = self.variable(*name) {
                    self.builder.try_def_var(var, value)?;
                }
            }
            Stmt::Return(value) => {
                let value = match value {
                    Some(v) => self.expression(*v)?,
                    None => self.builder.try_ins()?.iconst(I64, 0),
                };
                self.builder.try_ins()?.return_(&[value]);
            }
            Stmt::Print(value) => {
                let value = self.expression(*value)?;
                let print = self.print_ref();
                self.builder.try_ins()?.call(print, &[value]);
            }
            Stmt::Expr(value) => {
                self.expression(*value)?;
            }
            Stmt::If {
                cond,
                then_body,
                else_body,
            } => {
                let cond = self.condition(*cond)?;
                let then_block = self.builder.create_block();
                let merge = self.builder.create_block();
                let else_block = if else_body.is_empty() {
                    merge
                } else {
                    self.builder.create_block()
                };
                self.builder
                    .try_ins()?
                    .brif(cond, then_block, &[], else_block, &[]);
                self.builder.try_seal_block(then_block)?;
                if else_block != merge {
                    self.builder.try_seal_block(else_block)?;
                    tasks.push(Task::Else {
                        else_block,
                        merge,
                        body: else_body,
                    });
                } else {
                    tasks.push(Task::EndIf { merge });
                }
                self.builder.try_switch_to_block(then_block)?;
                push_block(tasks, then_body, self.declared.len());
            }
            Stmt::While { cond, body } => {
                let header = self.builder.create_block();
                let body_block = self.builder.create_block();
                let exit = self.builder.create_block();
                self.builder.try_ins()?.jump(header, &[]);
                self.builder.try_switch_to_block(header)?;
                let cond = self.condition(*cond)?;
                self.builder
                    .try_ins()?
                    .brif(cond, body_block, &[], exit, &[]);
                self.builder.try_seal_block(body_block)?;
                self.builder.try_seal_block(exit)?;
                self.builder.try_switch_to_block(body_block)?;
                tasks.push(Task::EndWhile { header, exit });
                push_block(tasks, body, self.declared.len());
            }
        }
        Ok(())
    }

    /// Declares a variable `name` holding `value`.
    fn declare(&mut self, name: Span, value: Value) -> Result<(), Bug> {
        let var = self.builder.try_declare_var(I64)?;
        self.builder.try_def_var(var, value)?;
        let text = self.ast.text(name);
        self.visible.insert(text, (var, name));
        self.declared.push(text);
        Ok(())
    }

    /// The variable `name` refers to; reports it if undefined.
    pub(super) fn variable(&mut self, name: Span) -> Option<Variable> {
        let text = self.ast.text(name);
        let found = self.visible.get(text).map(|&(var, _)| var);
        if found.is_none() {
            self.errors.push(
                Diagnostic::error(name, format!("undefined variable `{text}`"))
                    .with_help(format!("declare it first with `let {text} = ...;`")),
            );
        }
        found
    }

    /// Makes sure the current block can take instructions: after a
    /// `return`, a new (unreachable) block.
    fn ensure_open_block(&mut self) -> Result<(), Bug> {
        if self.builder.is_filled() {
            let block = self.builder.create_block();
            self.builder.try_switch_to_block(block)?;
            self.builder.try_seal_block(block)?;
        }
        Ok(())
    }

    /// Jumps to `target` unless the current block already ended.
    fn jump_if_open(&mut self, target: Block) -> Result<(), Bug> {
        if !self.builder.is_filled() {
            self.builder.try_ins()?.jump(target, &[]);
        }
        Ok(())
    }

    /// The `FuncRef` of toy function `index`, imported on first use.
    pub(super) fn callee_ref(&mut self, index: usize, arity: usize) -> FuncRef {
        if let Some(&r) = self.callees.get(&index) {
            return r;
        }
        let signature = self.signature_ref(arity);
        let func = &mut *self.builder.func;
        let name =
            func.declare_imported_user_function(UserExternalName::new(TOY_NAMESPACE, index as u32));
        let r = func.import_function(ExtFuncData {
            name: ExternalName::User(name),
            signature,
            colocated: true,
            patchable: false,
        });
        self.callees.insert(index, r);
        r
    }

    /// The `SigRef` of toy functions of `arity` parameters.
    fn signature_ref(&mut self, arity: usize) -> SigRef {
        if let Some(&r) = self.signatures.get(&arity) {
            return r;
        }
        let r = self.builder.import_signature(toy_signature(arity));
        self.signatures.insert(arity, r);
        r
    }

    /// The `FuncRef` of [`TOY_PRINT`], imported on first use.
    fn print_ref(&mut self) -> FuncRef {
        if let Some(r) = self.print {
            return r;
        }
        let signature = self.builder.import_signature(print_signature());
        let func = &mut *self.builder.func;
        let name = func.declare_imported_user_function(TOY_PRINT);
        let r = func.import_function(ExtFuncData {
            name: ExternalName::User(name),
            signature,
            colocated: false,
            patchable: false,
        });
        self.print = Some(r);
        r
    }
}

/// Pushes the tasks of a block of statements: each statement, then the
/// end of its scope (which has `scope_len` names at the start).
fn push_block<'a>(tasks: &mut Vec<Task<'a>>, body: &'a [StmtId], scope_len: usize) {
    tasks.push(Task::EndScope(scope_len));
    tasks.extend(body.iter().rev().map(|&s| Task::Stmt(s)));
}
