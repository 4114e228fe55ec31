//! Parser: tokens to [`Ast`] definitions.
//!
//! Two steps. First the tokens are read into S-expressions (atoms and lists)
//! with an explicit stack, so nesting depth costs heap, not call stack;
//! unbalanced parentheses are reported with the location of the culprit.
//! Then each top-level list is turned into a [`Def`]; patterns and
//! expressions are converted with worklists into the [`Ast`] arenas.
//!
//! Recovery: an error inside a top-level form skips that form (after
//! reporting), and parsing goes on with the next one, so a run reports the
//! errors of every form.

use crate::ast::*;
use crate::diagnostics::{Diagnostic, FileId, Span};
use crate::lexer::{Token, TokenKind};

/// Forms of ISLE's verification annotations, accepted and ignored so that
/// ISLE files written for Cranelift parse unchanged.
const IGNORED_FORMS: &[&str] = &["spec", "model", "form", "instantiate"];

/// Index of an S-expression node.
type SId = usize;

/// An S-expression node.
enum SExpr {
    Atom(Token),
    List { items: Vec<SId>, span: Span },
}

/// The S-expressions of one file.
struct SForest {
    nodes: Vec<SExpr>,
    top: Vec<SId>,
}

/// Parses the tokens of one file, appending its definitions to `ast` and
/// its syntax errors to `errors`.
pub fn parse(file: FileId, tokens: Vec<Token>, ast: &mut Ast, errors: &mut Vec<Diagnostic>) {
    let forest = read_sexprs(file, tokens, errors);
    let mut parser = Parser {
        forest: &forest,
        ast,
        errors,
    };
    for &top in &forest.top {
        // `None` means the form had an error that was already reported.
        if let Some(def) = parser.top_level(top) {
            parser.ast.defs.push(def);
        }
    }
}

/// Reads tokens into S-expressions with an explicit stack of open lists.
fn read_sexprs(file: FileId, tokens: Vec<Token>, errors: &mut Vec<Diagnostic>) -> SForest {
    let mut nodes = Vec::with_capacity(tokens.len());
    let mut top = Vec::new();
    // Open lists: the span of their `(` and the items read so far.
    let mut open: Vec<(Span, Vec<SId>)> = Vec::new();
    for token in tokens {
        match token.kind {
            TokenKind::LParen => open.push((token.span, Vec::new())),
            TokenKind::RParen => match open.pop() {
                Some((start, items)) => {
                    nodes.push(SExpr::List {
                        items,
                        span: start.to(token.span),
                    });
                    let id = nodes.len() - 1;
                    match open.last_mut() {
                        Some((_, parent)) => parent.push(id),
                        None => top.push(id),
                    }
                }
                None => errors.push(
                    Diagnostic::error(token.span, "unexpected `)`")
                        .with_label("no `(` to close")
                        .with_help("remove it, or add the missing `(`"),
                ),
            },
            _ => {
                nodes.push(SExpr::Atom(token));
                let id = nodes.len() - 1;
                match open.last_mut() {
                    Some((_, parent)) => parent.push(id),
                    None => top.push(id),
                }
            }
        }
    }
    // Report the outermost unclosed list: the inner ones follow from it.
    if let Some((start, _)) = open.first() {
        let end = nodes.last().map_or(start.end, |n| match n {
            SExpr::Atom(t) => t.span.end,
            SExpr::List { span, .. } => span.end,
        });
        errors.push(
            Diagnostic::error(*start, "unclosed `(`")
                .with_label("this list is never closed")
                .with_secondary(Span::new(file, end, end), "end of file reached here")
                .with_help("add the missing `)`"),
        );
    }
    SForest { nodes, top }
}

/// A pattern as written: zero or more `name @` prefixes, then a base form.
struct PatSource {
    binds: Vec<Ident>,
    base: SId,
}

struct Parser<'a> {
    forest: &'a SForest,
    ast: &'a mut Ast,
    errors: &'a mut Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn node(&self, id: SId) -> &'a SExpr {
        &self.forest.nodes[id]
    }

    fn span(&self, id: SId) -> Span {
        match self.node(id) {
            SExpr::Atom(t) => t.span,
            SExpr::List { span, .. } => *span,
        }
    }

    /// Records an error and gives up on the current form.
    fn fail<T>(&mut self, d: Diagnostic) -> Option<T> {
        self.errors.push(d);
        None
    }

    /// The symbol text of an atom, if it is one.
    fn symbol(&self, id: SId) -> Option<Ident> {
        match self.node(id) {
            SExpr::Atom(Token {
                kind: TokenKind::Symbol(s),
                span,
            }) => Some(Ident {
                name: s.clone(),
                span: *span,
            }),
            _ => None,
        }
    }

    /// The items of a list, if it is one.
    fn list(&self, id: SId) -> Option<&'a [SId]> {
        match self.node(id) {
            SExpr::List { items, .. } => Some(items),
            SExpr::Atom(_) => None,
        }
    }

    fn expect_symbol(&mut self, id: SId, what: &str) -> Option<Ident> {
        if let Some(s) = self.symbol(id) {
            return Some(s);
        }
        let span = self.span(id);
        self.fail(Diagnostic::error(span, format!("expected {what}")).with_label("not a name"))
    }

    fn expect_list(&mut self, id: SId, what: &str) -> Option<&[SId]> {
        if self.list(id).is_none() {
            let span = self.span(id);
            return self.fail(
                Diagnostic::error(span, format!("expected {what}"))
                    .with_label("expected a parenthesized list"),
            );
        }
        self.list(id)
    }

    /// Reports a form with the wrong number of items.
    fn arity_error(&mut self, span: Span, form: &str, usage: &str) -> Option<Def> {
        self.fail(
            Diagnostic::error(span, format!("malformed `{form}`"))
                .with_help(format!("write it as `{usage}`")),
        )
    }

    fn top_level(&mut self, id: SId) -> Option<Def> {
        let span = self.span(id);
        let Some(items) = self.list(id) else {
            return self.fail(
                Diagnostic::error(
                    span,
                    "expected a top-level form such as `(decl ...)` or `(rule ...)`",
                )
                .with_label("stray atom"),
            );
        };
        let items = items.to_vec();
        let Some(head) = items.first().and_then(|&h| self.symbol(h)) else {
            return self.fail(
                Diagnostic::error(
                    span,
                    "expected a top-level form such as `(decl ...)` or `(rule ...)`",
                )
                .with_label("a form starts with its keyword"),
            );
        };
        let rest = &items[1..];
        match head.name.as_str() {
            "type" => self.type_def(span, rest),
            "decl" => self.decl(span, rest),
            "rule" => self.rule(span, rest),
            "extractor" => self.extractor(span, rest),
            "extern" => self.extern_def(span, rest),
            "const" => self.const_def(span, rest),
            "convert" => self.convert(span, rest),
            "pragma" => {
                let name = rest.first().and_then(|&p| self.symbol(p));
                let what = name.map_or(String::new(), |n| format!(" `{}`", n.name));
                self.fail(
                    Diagnostic::error(span, format!("unknown pragma{what}"))
                        .with_help("no pragmas are defined; commutativity is a `decl` flag: `(decl commutative name ...)`"),
                )
            }
            name if IGNORED_FORMS.contains(&name) => None,
            other => {
                self.fail(
                    Diagnostic::error(head.span, format!("unknown top-level form `{other}`"))
                        .with_help("expected one of `type`, `decl`, `rule`, `extractor`, `extern`, `const`, `convert`"),
                )
            }
        }
    }

    fn type_def(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let usage = "(type Name [extern] [nodebug] (primitive|enum|struct ...))";
        let Some((&name_id, mut rest)) = rest.split_first() else {
            return self.arity_error(span, "type", usage);
        };
        let name = self.expect_symbol(name_id, "a type name")?;
        let mut is_extern = false;
        let mut nodebug = false;
        while let Some((&first, tail)) = rest.split_first() {
            match self.symbol(first).as_ref().map(|s| s.name.as_str()) {
                Some("extern") => is_extern = true,
                Some("nodebug") => nodebug = true,
                _ => break,
            }
            rest = tail;
        }
        let body = match rest {
            [] if is_extern => TypeBody::Opaque,
            [body] => self.type_body(*body)?,
            _ => return self.arity_error(span, "type", usage),
        };
        Some(Def::Type(TypeDef {
            name,
            is_extern,
            nodebug,
            body,
            span,
        }))
    }

    fn type_body(&mut self, id: SId) -> Option<TypeBody> {
        let items = self
            .expect_list(
                id,
                "a type body: `(primitive ...)`, `(enum ...)` or `(struct ...)`",
            )?
            .to_vec();
        let span = self.span(id);
        let kind = items.first().and_then(|&k| self.symbol(k));
        match kind.as_ref().map(|k| k.name.as_str()) {
            Some("primitive") => {
                let [_, rust] = items[..] else {
                    return self.fail(
                        Diagnostic::error(span, "malformed `primitive`")
                            .with_help("write it as `(primitive RustTypeName)`"),
                    );
                };
                Some(TypeBody::Primitive(
                    self.expect_symbol(rust, "a Rust type name")?,
                ))
            }
            Some("enum") => {
                let mut variants = Vec::new();
                for &v in &items[1..] {
                    variants.push(self.variant(v)?);
                }
                Some(TypeBody::Enum(variants))
            }
            Some("struct") => {
                let mut fields = Vec::new();
                for &f in &items[1..] {
                    fields.push(self.field(f)?);
                }
                Some(TypeBody::Struct(fields))
            }
            _ => self.fail(
                Diagnostic::error(span, "unknown type body")
                    .with_help("expected `(primitive ...)`, `(enum ...)` or `(struct ...)`"),
            ),
        }
    }

    fn variant(&mut self, id: SId) -> Option<Variant> {
        if let Some(name) = self.symbol(id) {
            return Some(Variant {
                name,
                fields: Vec::new(),
            });
        }
        let items = self.expect_list(id, "an enum variant")?.to_vec();
        let Some((&name_id, fields)) = items.split_first() else {
            let span = self.span(id);
            return self.fail(
                Diagnostic::error(span, "empty enum variant")
                    .with_help("write a variant as `Name` or `(Name (field Type)...)`"),
            );
        };
        let name = self.expect_symbol(name_id, "a variant name")?;
        let mut out = Vec::new();
        for &f in fields {
            out.push(self.field(f)?);
        }
        Some(Variant { name, fields: out })
    }

    fn field(&mut self, id: SId) -> Option<Field> {
        if let Some(ty) = self.symbol(id) {
            return Some(Field { name: None, ty });
        }
        let items = self.expect_list(id, "a field `(name Type)`")?.to_vec();
        let [name, ty] = items[..] else {
            let span = self.span(id);
            return self.fail(
                Diagnostic::error(span, "malformed field")
                    .with_help("write a field as `(name Type)`"),
            );
        };
        Some(Field {
            name: Some(self.expect_symbol(name, "a field name")?),
            ty: self.expect_symbol(ty, "a field type")?,
        })
    }

    fn decl(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let usage = "(decl [pure] [multi] [partial] [rec] [commutative] name (ArgType...) RetType)";
        let mut flags = DeclFlags::default();
        let mut i = 0;
        while let Some(sym) = rest.get(i).and_then(|&s| self.symbol(s)) {
            let flag = match sym.name.as_str() {
                "pure" => &mut flags.pure,
                "multi" => &mut flags.multi,
                "partial" => &mut flags.partial,
                "rec" => &mut flags.rec,
                "commutative" => &mut flags.commutative,
                _ => break,
            };
            if *flag {
                self.errors.push(Diagnostic::error(
                    sym.span,
                    format!("flag `{}` given twice", sym.name),
                ));
            }
            *flag = true;
            i += 1;
        }
        let [name, args, ret] = rest[i..] else {
            return self.arity_error(span, "decl", usage);
        };
        let name = self.expect_symbol(name, "the term name")?;
        let arg_items = self
            .expect_list(args, "the argument types `(Type...)`")?
            .to_vec();
        let mut arg_types = Vec::new();
        for a in arg_items {
            arg_types.push(self.expect_symbol(a, "an argument type")?);
        }
        let ret = self.expect_symbol(ret, "the return type")?;
        Some(Def::Decl(Decl {
            name,
            flags,
            args: arg_types,
            ret,
            span,
        }))
    }

    fn rule(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let usage = "(rule [name] [priority] (term pattern...) clause... expr)";
        let mut name = None;
        let mut priority = None;
        let mut i = 0;
        while let Some(&item) = rest.get(i) {
            match self.node(item) {
                SExpr::Atom(Token {
                    kind: TokenKind::Int(value),
                    span: int_span,
                }) if priority.is_none() => {
                    let Ok(value) = i64::try_from(*value) else {
                        let int_span = *int_span;
                        return self.fail(
                            Diagnostic::error(int_span, "rule priority out of range")
                                .with_label("must fit in an i64"),
                        );
                    };
                    priority = Some(value);
                }
                SExpr::Atom(Token {
                    kind: TokenKind::Symbol(s),
                    span: sym_span,
                }) if name.is_none() => {
                    name = Some(Ident {
                        name: s.clone(),
                        span: *sym_span,
                    });
                }
                _ => break,
            }
            i += 1;
        }
        let rest = &rest[i..];
        if rest.len() < 2 {
            return self.arity_error(span, "rule", usage);
        }
        if self.list(rest[0]).is_none() {
            let s = self.span(rest[0]);
            return self.fail(
                Diagnostic::error(s, "a rule's left-hand side must be a term application")
                    .with_help("write it as `(term pattern...)`"),
            );
        }
        let pattern = self.pattern(PatSource {
            binds: Vec::new(),
            base: rest[0],
        })?;
        let mut clauses = Vec::new();
        for &clause in &rest[1..rest.len() - 1] {
            clauses.push(self.clause(clause)?);
        }
        let rhs = self.expr(rest[rest.len() - 1])?;
        Some(Def::Rule(Rule {
            name,
            priority: priority.unwrap_or(0),
            pattern,
            clauses,
            rhs,
            span,
        }))
    }

    fn clause(&mut self, id: SId) -> Option<Clause> {
        let span = self.span(id);
        let bad = |this: &mut Self| {
            this.fail::<()>(
                Diagnostic::error(
                    span,
                    "expected an `(if-let pattern expr)` or `(if expr)` clause",
                )
                .with_help("only the last item of a rule is its right-hand side"),
            );
            None
        };
        let Some(items) = self.list(id) else {
            return bad(self);
        };
        let items = items.to_vec();
        let keyword = items.first().and_then(|&k| self.symbol(k));
        match keyword.as_ref().map(|k| k.name.as_str()) {
            Some("if-let") => {
                let patterns = self
                    .group_patterns(items.get(1..items.len().saturating_sub(1)).unwrap_or(&[]))?;
                let (Ok([pattern]), Some(&expr)) = (
                    <[PatSource; 1]>::try_from(patterns),
                    items.get(2..).and_then(|r| r.last()),
                ) else {
                    return self.fail(
                        Diagnostic::error(span, "malformed `if-let`")
                            .with_help("write it as `(if-let pattern expr)`"),
                    );
                };
                let pattern = self.pattern(pattern)?;
                let expr = self.expr(expr)?;
                Some(Clause::IfLet {
                    pattern,
                    expr,
                    span,
                })
            }
            Some("if") => {
                let [_, expr] = items[..] else {
                    return self.fail(
                        Diagnostic::error(span, "malformed `if`")
                            .with_help("write it as `(if expr)`"),
                    );
                };
                let expr = self.expr(expr)?;
                Some(Clause::If { expr, span })
            }
            _ => bad(self),
        }
    }

    fn extractor(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let usage = "(extractor (name param...) pattern)";
        let [head, body] = rest[..] else {
            return self.arity_error(span, "extractor", usage);
        };
        let head_items = self.expect_list(head, "`(name param...)`")?.to_vec();
        let Some((&name, params)) = head_items.split_first() else {
            return self.arity_error(span, "extractor", usage);
        };
        let name = self.expect_symbol(name, "the extractor's term name")?;
        let mut param_names = Vec::new();
        for &p in params {
            param_names.push(self.expect_symbol(p, "a parameter name")?);
        }
        let body = self.pattern(PatSource {
            binds: Vec::new(),
            base: body,
        })?;
        Some(Def::Extractor(ExtractorMacro {
            name,
            params: param_names,
            body,
            span,
        }))
    }

    fn extern_def(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let kind = rest.first().and_then(|&k| self.symbol(k));
        let symbols: Vec<Option<Ident>> = rest.iter().skip(1).map(|&s| self.symbol(s)).collect();
        match kind.as_ref().map(|k| k.name.as_str()) {
            Some("constructor") => match &symbols[..] {
                [Some(term), Some(rust_name)] => Some(Def::ExternConstructor(ExternFn {
                    term: term.clone(),
                    rust_name: rust_name.clone(),
                    span,
                })),
                _ => self.arity_error(
                    span,
                    "extern constructor",
                    "(extern constructor term rust_method)",
                ),
            },
            Some("extractor") => {
                let (infallible, names) = match &symbols[..] {
                    [Some(flag), rest @ ..] if flag.name == "infallible" => (true, rest),
                    all => (false, all),
                };
                match names {
                    [Some(term), Some(rust_name)] => Some(Def::ExternExtractor(ExternExtractor {
                        func: ExternFn {
                            term: term.clone(),
                            rust_name: rust_name.clone(),
                            span,
                        },
                        infallible,
                    })),
                    _ => self.arity_error(
                        span,
                        "extern extractor",
                        "(extern extractor [infallible] term rust_method)",
                    ),
                }
            }
            Some("const") => match &symbols[..] {
                [Some(name), Some(ty)] => Some(Def::ExternConst(ExternConst {
                    name: name.clone(),
                    ty: ty.clone(),
                    span,
                })),
                _ => self.arity_error(span, "extern const", "(extern const $Name Type)"),
            },
            _ => self.arity_error(span, "extern", "(extern constructor|extractor|const ...)"),
        }
    }

    fn const_def(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let usage = "(const $Name Type value)";
        let [name, ty, value] = rest[..] else {
            return self.arity_error(span, "const", usage);
        };
        let name = self.expect_symbol(name, "the constant's `$Name`")?;
        let ty = self.expect_symbol(ty, "the constant's type")?;
        let value = match self.node(value) {
            SExpr::Atom(Token {
                kind: TokenKind::Int(v),
                ..
            }) => ConstValue::Int(*v),
            SExpr::Atom(Token {
                kind: TokenKind::Symbol(s),
                ..
            }) if s == "true" || s == "false" => ConstValue::Bool(s == "true"),
            _ => {
                let s = self.span(value);
                return self.fail(Diagnostic::error(
                    s,
                    "a constant's value must be an integer or boolean literal",
                ));
            }
        };
        Some(Def::Const(ConstDef {
            name,
            ty,
            value,
            span,
        }))
    }

    fn convert(&mut self, span: Span, rest: &[SId]) -> Option<Def> {
        let [from, to, term] = rest[..] else {
            return self.arity_error(span, "convert", "(convert FromType ToType term)");
        };
        Some(Def::Convert(Convert {
            from: self.expect_symbol(from, "the source type")?,
            to: self.expect_symbol(to, "the target type")?,
            term: self.expect_symbol(term, "the conversion term")?,
            span,
        }))
    }

    /// Groups the items of a list into patterns, folding `name @ pattern`.
    fn group_patterns(&mut self, items: &[SId]) -> Option<Vec<PatSource>> {
        let mut out = Vec::new();
        let mut binds = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let item = items[i];
            let next_is_at = matches!(
                items.get(i + 1).map(|&n| self.node(n)),
                Some(SExpr::Atom(Token {
                    kind: TokenKind::At,
                    ..
                }))
            );
            if next_is_at {
                let name = self.expect_symbol(item, "a variable name before `@`")?;
                binds.push(name);
                if i + 2 >= items.len() {
                    let span = self.span(items[i + 1]);
                    return self.fail(Diagnostic::error(span, "`@` must be followed by a pattern"));
                }
                i += 2;
                continue;
            }
            if let SExpr::Atom(Token {
                kind: TokenKind::At,
                span,
            }) = self.node(item)
            {
                let span = *span;
                return self.fail(
                    Diagnostic::error(span, "`@` must follow a variable name")
                        .with_help("write `name @ pattern`"),
                );
            }
            out.push(PatSource {
                binds: std::mem::take(&mut binds),
                base: item,
            });
            i += 1;
        }
        Some(out)
    }

    /// Converts a pattern with a worklist; returns the id of its root.
    fn pattern(&mut self, root: PatSource) -> Option<PatId> {
        let root_span = self.span(root.base);
        let root_id = self.ast.add_pattern(Pattern::Wildcard(root_span));
        let mut work = vec![(root, root_id)];
        while let Some((source, slot)) = work.pop() {
            // Fill `slot` with the outermost `@` binding, then chain inwards.
            let mut slot = slot;
            for name in source.binds {
                let sub = self.ast.add_pattern(Pattern::Wildcard(name.span));
                self.ast.patterns[slot.0 as usize] = Pattern::Bind { name, sub };
                slot = sub;
            }
            let base = source.base;
            let span = self.span(base);
            let node = match self.node(base) {
                SExpr::Atom(Token {
                    kind: TokenKind::Int(v),
                    ..
                }) => Pattern::Int(*v, span),
                SExpr::Atom(Token {
                    kind: TokenKind::At | TokenKind::LParen | TokenKind::RParen,
                    ..
                }) => {
                    return self.fail(Diagnostic::error(span, "`@` must follow a variable name"));
                }
                SExpr::Atom(Token {
                    kind: TokenKind::Symbol(s),
                    ..
                }) => match s.as_str() {
                    "_" => Pattern::Wildcard(span),
                    "true" => Pattern::Bool(true, span),
                    "false" => Pattern::Bool(false, span),
                    s if s.starts_with('$') => Pattern::Const(Ident {
                        name: s.to_string(),
                        span,
                    }),
                    s => Pattern::Var(Ident {
                        name: s.to_string(),
                        span,
                    }),
                },
                SExpr::List { items, .. } => {
                    let items = items.clone();
                    let Some((&head, args)) = items.split_first() else {
                        return self.fail(
                            Diagnostic::error(span, "empty pattern `()`")
                                .with_help("write a term application `(term pattern...)`"),
                        );
                    };
                    let Some(head) = self.symbol(head) else {
                        let s = self.span(head);
                        return self.fail(Diagnostic::error(
                            s,
                            "expected a term name at the head of a pattern",
                        ));
                    };
                    let sources = self.group_patterns(args)?;
                    let mut arg_ids = Vec::with_capacity(sources.len());
                    for source in sources {
                        let s = self.span(source.base);
                        let id = self.ast.add_pattern(Pattern::Wildcard(s));
                        arg_ids.push(id);
                        work.push((source, id));
                    }
                    if head.name == "and" {
                        Pattern::And(arg_ids, span)
                    } else {
                        Pattern::Term {
                            heads: self.split_alternatives(&head)?,
                            args: arg_ids,
                            span,
                        }
                    }
                }
            };
            self.ast.patterns[slot.0 as usize] = node;
        }
        Some(root_id)
    }

    /// Splits `a|b|c` into its alternatives.
    fn split_alternatives(&mut self, head: &Ident) -> Option<Vec<Ident>> {
        if !head.name.contains('|') {
            return Some(vec![head.clone()]);
        }
        let mut out = Vec::new();
        let mut offset = head.span.start;
        for part in head.name.split('|') {
            let span = Span::new(head.span.file, offset, offset + part.len() as u32);
            if part.is_empty() {
                return self.fail(
                    Diagnostic::error(head.span, format!("empty alternative in `{}`", head.name))
                        .with_help("write alternatives as `(a|b pattern...)`"),
                );
            }
            out.push(Ident {
                name: part.to_string(),
                span,
            });
            offset += part.len() as u32 + 1;
        }
        Some(out)
    }

    /// Converts an expression with a worklist; returns the id of its root.
    fn expr(&mut self, root: SId) -> Option<ExprId> {
        let root_id = self.ast.add_expr(Expr::Int(0, self.span(root)));
        let mut work = vec![(root, root_id)];
        while let Some((source, slot)) = work.pop() {
            let span = self.span(source);
            let node = match self.node(source) {
                SExpr::Atom(Token {
                    kind: TokenKind::Int(v),
                    ..
                }) => Expr::Int(*v, span),
                SExpr::Atom(Token {
                    kind: TokenKind::At | TokenKind::LParen | TokenKind::RParen,
                    ..
                }) => {
                    return self.fail(Diagnostic::error(span, "`@` is only allowed in patterns"));
                }
                SExpr::Atom(Token {
                    kind: TokenKind::Symbol(s),
                    ..
                }) => match s.as_str() {
                    "true" => Expr::Bool(true, span),
                    "false" => Expr::Bool(false, span),
                    s if s.starts_with('$') => Expr::Const(Ident {
                        name: s.to_string(),
                        span,
                    }),
                    s => Expr::Var(Ident {
                        name: s.to_string(),
                        span,
                    }),
                },
                SExpr::List { items, .. } => {
                    let items = items.clone();
                    let Some((&head, args)) = items.split_first() else {
                        return self.fail(
                            Diagnostic::error(span, "empty expression `()`")
                                .with_help("write a term application `(term expr...)`"),
                        );
                    };
                    let Some(head) = self.symbol(head) else {
                        let s = self.span(head);
                        return self.fail(Diagnostic::error(
                            s,
                            "expected a term name at the head of an expression",
                        ));
                    };
                    if head.name == "let" {
                        self.let_expr(span, args, &mut work)?
                    } else {
                        let mut arg_ids = Vec::with_capacity(args.len());
                        for &a in args {
                            let id = self.ast.add_expr(Expr::Int(0, self.span(a)));
                            arg_ids.push(id);
                            work.push((a, id));
                        }
                        Expr::Call {
                            head,
                            args: arg_ids,
                            span,
                        }
                    }
                }
            };
            self.ast.exprs[slot.0 as usize] = node;
        }
        Some(root_id)
    }

    /// `(let ((name Type expr)...) body)`: queues the sub-expressions.
    fn let_expr(
        &mut self,
        span: Span,
        args: &[SId],
        work: &mut Vec<(SId, ExprId)>,
    ) -> Option<Expr> {
        let usage = "(let ((name Type expr)...) body)";
        let malformed = |this: &mut Self| {
            this.fail::<()>(
                Diagnostic::error(span, "malformed `let`")
                    .with_help(format!("write it as `{usage}`")),
            );
            None
        };
        let [binds, body] = args[..] else {
            return malformed(self);
        };
        let Some(bind_items) = self.list(binds) else {
            return malformed(self);
        };
        let mut out = Vec::new();
        for &bind in bind_items {
            let Some(parts) = self.list(bind) else {
                return malformed(self);
            };
            let [name, ty, value] = parts[..] else {
                return malformed(self);
            };
            let name = self.expect_symbol(name, "a variable name")?;
            let ty = self.expect_symbol(ty, "the variable's type")?;
            let value_id = self.ast.add_expr(Expr::Int(0, self.span(value)));
            work.push((value, value_id));
            out.push(LetBind {
                name,
                ty,
                value: value_id,
            });
        }
        let body_id = self.ast.add_expr(Expr::Int(0, self.span(body)));
        work.push((body, body_id));
        Some(Expr::Let {
            binds: out,
            body: body_id,
            span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex;

    fn parse_text(text: &str) -> (Ast, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let tokens = lex(FileId(0), text, &mut errors);
        let mut ast = Ast::default();
        parse(FileId(0), tokens, &mut ast, &mut errors);
        (ast, errors)
    }

    #[test]
    fn parses_every_form() {
        let (ast, errors) = parse_text(
            "(type T (enum A (B (x u8)) (C u8 u16)))
             (type P (primitive u32)) (type O extern) (type S (struct (a u8)))
             (decl pure partial commutative f (u8 u8) u8)
             (rule name 3 (f x @ 1 y) (if-let z (g y)) (if (h z)) (let ((w u8 x)) w))
             (extractor (e a) (and a 1))
             (extern constructor g g_impl) (extern extractor infallible h h_impl)
             (extern const $K u8) (const $L u8 0x10) (convert u8 u16 widen)
             (spec (f x y) (provide true))",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(ast.defs.len(), 12);
        let Def::Rule(rule) = &ast.defs[5] else {
            panic!("not a rule")
        };
        assert_eq!(rule.name.as_ref().map(|n| n.name.as_str()), Some("name"));
        assert_eq!(rule.priority, 3);
        assert_eq!(rule.clauses.len(), 2);
        let Pattern::Term { args, .. } = ast.pattern(rule.pattern) else {
            panic!("not a term")
        };
        assert!(matches!(ast.pattern(args[0]), Pattern::Bind { .. }));
        assert!(matches!(ast.expr(rule.rhs), Expr::Let { .. }));
    }

    #[test]
    fn alternatives_split_with_spans() {
        let (ast, errors) = parse_text("(rule (f (a|bc x)) x)");
        assert!(errors.is_empty());
        let found = ast.patterns.iter().find_map(|p| match p {
            Pattern::Term { heads, .. } if heads.len() == 2 => Some(heads.clone()),
            _ => None,
        });
        let heads = found.expect("alternation parsed");
        assert_eq!(heads[1].name, "bc");
        assert_eq!(heads[1].span.start - heads[0].span.start, 2);
    }

    #[test]
    fn unbalanced_parentheses_are_reported() {
        let (_, errors) = parse_text("(decl f () u8))\n(rule (f) 1");
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, vec!["unexpected `)`", "unclosed `(`"]);
    }

    #[test]
    fn one_bad_form_does_not_hide_the_next() {
        let (ast, errors) = parse_text("(decl) (rule) (bogus) (decl ok () u8)");
        assert_eq!(errors.len(), 3);
        assert_eq!(ast.defs.len(), 1);
    }

    #[test]
    fn deep_nesting_does_not_use_the_call_stack() {
        let depth = 200_000;
        let text = format!("(rule (f {}x{}) x)", "(g ".repeat(depth), ")".repeat(depth));
        let (ast, errors) = parse_text(&text);
        assert!(errors.is_empty());
        assert!(ast.patterns.len() > depth);
    }
}
