//! The type and term environment: every `type`, `decl`, `extern`,
//! `extractor`, `const` and `convert` form, resolved and checked.
//!
//! Checks made here: unknown and duplicate names, names that cannot be Rust
//! identifiers (they become enum, field, method and constant names), extern
//! implementations and macros attached to declared terms only and at most
//! once, conversion terms of the right signature, constant values of the
//! right type, commutative terms whose last two arguments share a type, and
//! extractor macros that do not expand into themselves.

use std::collections::HashMap;

use crate::ast::{self, ConstValue, Def, Pattern};
use crate::diagnostics::{Diagnostic, Span};
use crate::program::*;

use super::Sema;

/// Rust keywords, which cannot be used as generated identifiers.
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Why `name` cannot be a Rust identifier, if it cannot.
pub fn rust_ident_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("it is empty"),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Some("it must start with a letter or `_`");
        }
        _ => {}
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some("it may only contain letters, digits and `_`");
    }
    if name == "_" {
        return Some("`_` is not a name");
    }
    if RUST_KEYWORDS.contains(&name) {
        return Some("it is a Rust keyword");
    }
    None
}

/// The built-in Rust primitive types and their literals.
fn builtin_types() -> Vec<(&'static str, LiteralKind)> {
    let int = |min: i128, max: i128| LiteralKind::Int { min, max };
    vec![
        ("u8", int(0, u8::MAX as i128)),
        ("u16", int(0, u16::MAX as i128)),
        ("u32", int(0, u32::MAX as i128)),
        ("u64", int(0, u64::MAX as i128)),
        ("u128", int(0, i128::MAX)),
        ("usize", int(0, u64::MAX as i128)),
        ("i8", int(i8::MIN as i128, i8::MAX as i128)),
        ("i16", int(i16::MIN as i128, i16::MAX as i128)),
        ("i32", int(i32::MIN as i128, i32::MAX as i128)),
        ("i64", int(i64::MIN as i128, i64::MAX as i128)),
        ("i128", int(i128::MIN, i128::MAX)),
        ("isize", int(i64::MIN as i128, i64::MAX as i128)),
        ("bool", LiteralKind::Bool),
    ]
}

impl Sema<'_> {
    fn err(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Reports `name` if it cannot be a Rust identifier; `what` says what it names.
    fn check_rust_ident(&mut self, name: &str, span: Span, what: &str) -> bool {
        match rust_ident_problem(name) {
            None => true,
            Some(why) => {
                self.err(
                    Diagnostic::error(span, format!("`{name}` cannot be used as {what}"))
                        .with_label(format!("{why}; it becomes a Rust identifier")),
                );
                false
            }
        }
    }

    /// Looks up a type by name, reporting it if unknown.
    pub(super) fn resolve_type(&mut self, name: &ast::Ident) -> Option<TypeId> {
        if let Some(&id) = self.type_names.get(&name.name) {
            return Some(id);
        }
        let mut d = Diagnostic::error(name.span, format!("unknown type `{}`", name.name))
            .with_label("not defined");
        if let Some(close) = self.similar_name(&name.name, self.type_names.keys()) {
            d = d.with_help(format!("a type with a similar name exists: `{close}`"));
        } else {
            d = d.with_help(format!(
                "define it, e.g. `(type {} (primitive {}))`",
                name.name, name.name
            ));
        }
        self.err(d);
        None
    }

    /// A name from `candidates` that differs from `name` only in case or by
    /// one character, for `help:` lines.
    pub(super) fn similar_name<'n>(
        &self,
        name: &str,
        candidates: impl Iterator<Item = &'n String>,
    ) -> Option<String> {
        let mut best: Option<&String> = None;
        for candidate in candidates {
            if candidate.eq_ignore_ascii_case(name) || edit_distance_is_one(candidate, name) {
                // Deterministic: the smallest matching name wins.
                if best.is_none_or(|b| candidate < b) {
                    best = Some(candidate);
                }
            }
        }
        best.cloned()
    }

    /// Registers the built-in types.
    pub(super) fn add_builtin_types(&mut self) {
        for (name, literal) in builtin_types() {
            let id = TypeId(self.program.types.len() as u32);
            self.program.types.push(Type {
                name: name.to_string(),
                span: None,
                kind: TypeKind::Primitive {
                    rust: name.to_string(),
                    literal,
                },
            });
            self.type_names.insert(name.to_string(), id);
        }
    }

    /// Collects every `type` form: names first, so bodies may refer to any type.
    pub(super) fn collect_types(&mut self) {
        let ast = self.ast;
        let mut defined = Vec::new();
        for def in &ast.defs {
            let Def::Type(t) = def else { continue };
            if let Some(&existing) = self.type_names.get(&t.name.name) {
                let previous = self.program.ty(existing).span;
                let mut d = Diagnostic::error(
                    t.name.span,
                    format!("type `{}` is defined twice", t.name.name),
                );
                d = match previous {
                    Some(span) => d.with_secondary(span, "first defined here"),
                    None => d.with_label("this is a built-in type"),
                };
                self.err(d);
                continue;
            }
            let generated = matches!(t.body, ast::TypeBody::Enum(_) | ast::TypeBody::Struct(_));
            if generated && !self.check_rust_ident(&t.name.name, t.name.span, "a type name") {
                continue;
            }
            let id = TypeId(self.program.types.len() as u32);
            self.program.types.push(Type {
                name: t.name.name.clone(),
                span: Some(t.name.span),
                kind: TypeKind::Primitive {
                    rust: t.name.name.clone(),
                    literal: LiteralKind::Unchecked,
                },
            });
            self.type_names.insert(t.name.name.clone(), id);
            defined.push((id, t));
        }
        for (id, t) in defined {
            let kind = match &t.body {
                ast::TypeBody::Opaque => TypeKind::Primitive {
                    rust: t.name.name.clone(),
                    literal: LiteralKind::Unchecked,
                },
                ast::TypeBody::Primitive(rust) => {
                    let valid_path = rust
                        .name
                        .split("::")
                        .all(|seg| rust_ident_problem(seg).is_none())
                        || builtin_types().iter().any(|(n, _)| *n == rust.name);
                    if !valid_path {
                        self.err(
                            Diagnostic::error(
                                rust.span,
                                format!("`{}` is not a Rust type path", rust.name),
                            )
                            .with_help(
                                "write a Rust type name such as `u32` or `crate::ir::Value`",
                            ),
                        );
                        continue;
                    }
                    let literal = builtin_types()
                        .into_iter()
                        .find(|(n, _)| *n == rust.name)
                        .map_or(LiteralKind::Unchecked, |(_, l)| l);
                    TypeKind::Primitive {
                        rust: rust.name.clone(),
                        literal,
                    }
                }
                ast::TypeBody::Enum(variants) => self.enum_type(id, t, variants),
                ast::TypeBody::Struct(fields) => {
                    let fields = self.fields(fields, &t.name.name);
                    let term = self.add_term(Term {
                        name: t.name.name.clone(),
                        span: t.name.span,
                        args: fields.iter().map(|f| f.ty).collect(),
                        ret: id,
                        flags: ast::DeclFlags {
                            pure: true,
                            ..Default::default()
                        },
                        kind: TermKind::Struct { ty: id },
                    });
                    TypeKind::Struct {
                        fields,
                        term,
                        is_extern: t.is_extern,
                        nodebug: t.nodebug,
                    }
                }
            };
            self.program.types[id.0 as usize].kind = kind;
        }
    }

    fn enum_type(&mut self, id: TypeId, t: &ast::TypeDef, variants: &[ast::Variant]) -> TypeKind {
        let mut infos: Vec<VariantInfo> = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for v in variants {
            if let Some(&first) = seen.get(v.name.name.as_str()) {
                self.err(
                    Diagnostic::error(
                        v.name.span,
                        format!("variant `{}` is defined twice", v.name.name),
                    )
                    .with_secondary(first, "first defined here"),
                );
                continue;
            }
            seen.insert(&v.name.name, v.name.span);
            if !self.check_rust_ident(&v.name.name, v.name.span, "a variant name") {
                continue;
            }
            let fields = self.fields(&v.fields, &v.name.name);
            let term = self.add_term(Term {
                name: format!("{}.{}", t.name.name, v.name.name),
                span: v.name.span,
                args: fields.iter().map(|f| f.ty).collect(),
                ret: id,
                flags: ast::DeclFlags {
                    pure: true,
                    ..Default::default()
                },
                kind: TermKind::Variant {
                    ty: id,
                    index: infos.len() as u32,
                },
            });
            infos.push(VariantInfo {
                name: v.name.name.clone(),
                fields,
                term,
            });
        }
        TypeKind::Enum {
            variants: infos,
            is_extern: t.is_extern,
            nodebug: t.nodebug,
        }
    }

    fn fields(&mut self, fields: &[ast::Field], owner: &str) -> Vec<FieldInfo> {
        let named = fields.iter().filter(|f| f.name.is_some()).count();
        if named != 0 && named != fields.len() {
            if let Some(f) = fields.iter().find(|f| f.name.is_none()) {
                self.err(
                    Diagnostic::error(
                        f.ty.span,
                        format!("`{owner}` mixes named and unnamed fields"),
                    )
                    .with_help("name every field `(name Type)`, or none"),
                );
            }
        }
        let mut out = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for f in fields {
            if let Some(name) = &f.name {
                if let Some(&first) = seen.get(name.name.as_str()) {
                    self.err(
                        Diagnostic::error(
                            name.span,
                            format!("field `{}` is defined twice", name.name),
                        )
                        .with_secondary(first, "first defined here"),
                    );
                }
                seen.insert(&name.name, name.span);
                self.check_rust_ident(&name.name, name.span, "a field name");
            }
            // An unknown field type is reported; the field keeps a placeholder
            // type so the variant's arity stays right for later checks.
            let ty = self.resolve_type(&f.ty).unwrap_or(TypeId(0));
            out.push(FieldInfo {
                name: f.name.as_ref().map(|n| n.name.clone()),
                ty,
            });
        }
        out
    }

    fn add_term(&mut self, term: Term) -> TermId {
        let id = TermId(self.program.terms.len() as u32);
        self.term_names.insert(term.name.clone(), id);
        self.program.terms.push(term);
        id
    }

    /// Collects `decl` forms.
    pub(super) fn collect_decls(&mut self) {
        let ast = self.ast;
        for def in &ast.defs {
            let Def::Decl(d) = def else { continue };
            if let Some(&existing) = self.term_names.get(&d.name.name) {
                let first = self.program.term(existing).span;
                self.err(
                    Diagnostic::error(
                        d.name.span,
                        format!("term `{}` is declared twice", d.name.name),
                    )
                    .with_secondary(first, "first declared here"),
                );
                continue;
            }
            if let Some(why) = rust_ident_problem(&format!("constructor_{}", d.name.name)) {
                self.err(
                    Diagnostic::error(
                        d.name.span,
                        format!("`{}` cannot be used as a term name", d.name.name),
                    )
                    .with_label(format!("{why}; it becomes part of a Rust function name")),
                );
                continue;
            }
            let args: Vec<Option<TypeId>> = d.args.iter().map(|a| self.resolve_type(a)).collect();
            let ret = self.resolve_type(&d.ret);
            let (Some(args), Some(ret)) = (args.into_iter().collect::<Option<Vec<_>>>(), ret)
            else {
                continue;
            };
            if d.flags.multi && d.flags.partial {
                self.err(
                    Diagnostic::error(
                        d.name.span,
                        format!("term `{}` is both `multi` and `partial`", d.name.name),
                    )
                    .with_help("a `multi` term can already return no result; drop `partial`"),
                );
            }
            if d.flags.commutative {
                let n = args.len();
                if n < 2 || args[n - 1] != args[n - 2] {
                    self.err(
                        Diagnostic::error(d.name.span, format!("commutative term `{}` needs two last arguments of one type", d.name.name))
                            .with_help("`commutative` lets a pattern match the last two arguments in either order"),
                    );
                }
            }
            self.add_term(Term {
                name: d.name.name.clone(),
                span: d.name.span,
                args,
                ret,
                flags: d.flags,
                kind: TermKind::Decl {
                    constructor: None,
                    extractor: None,
                },
            });
        }
    }

    /// Looks up a declared term by name for an `extern`, `extractor` or
    /// `convert` form, reporting unknown names and non-declared terms.
    pub(super) fn resolve_decl(&mut self, name: &ast::Ident, form: &str) -> Option<TermId> {
        let Some(&id) = self.term_names.get(&name.name) else {
            self.err(
                Diagnostic::error(name.span, format!("unknown term `{}`", name.name))
                    .with_label("not declared")
                    .with_help(format!("declare it first with `(decl {} ...)`", name.name)),
            );
            return None;
        };
        if !matches!(self.program.term(id).kind, TermKind::Decl { .. }) {
            self.err(Diagnostic::error(
                name.span,
                format!(
                    "`{}` is an enum variant or struct; it cannot have {form}",
                    name.name
                ),
            ));
            return None;
        }
        Some(id)
    }

    /// Collects `extern`, `extractor`, `const` and `convert` forms, and marks
    /// terms defined by rules as internal constructors.
    pub(super) fn collect_implementations(&mut self) {
        let ast = self.ast;
        let mut method_names: HashMap<String, Span> = HashMap::new();
        for def in &ast.defs {
            match def {
                Def::ExternConstructor(e) => {
                    let Some(term) = self.resolve_decl(&e.term, "an extern constructor") else {
                        continue;
                    };
                    if !self.claim_method(&mut method_names, &e.rust_name) {
                        continue;
                    }
                    self.set_constructor(
                        term,
                        Constructor::Extern {
                            rust_name: e.rust_name.name.clone(),
                            span: e.span,
                        },
                        e.span,
                    );
                }
                Def::ExternExtractor(e) => {
                    let Some(term) = self.resolve_decl(&e.func.term, "an extern extractor") else {
                        continue;
                    };
                    if !self.claim_method(&mut method_names, &e.func.rust_name) {
                        continue;
                    }
                    if e.infallible && self.program.term(term).flags.multi {
                        self.err(Diagnostic::error(
                            e.func.span,
                            format!(
                                "multi term `{}` cannot have an infallible extractor",
                                e.func.term.name
                            ),
                        ));
                        continue;
                    }
                    self.set_extractor(
                        term,
                        Extractor::Extern {
                            rust_name: e.func.rust_name.name.clone(),
                            infallible: e.infallible,
                            span: e.func.span,
                        },
                        e.func.span,
                    );
                }
                Def::Extractor(m) => {
                    let Some(term) = self.resolve_decl(&m.name, "an extractor macro") else {
                        continue;
                    };
                    let arity = self.program.term(term).args.len();
                    if m.params.len() != arity {
                        self.err(
                            Diagnostic::error(
                                m.name.span,
                                format!(
                                    "extractor `{}` has {} but its term is declared with {}",
                                    m.name.name,
                                    super::rules::count(m.params.len(), "parameter"),
                                    super::rules::count(arity, "argument")
                                ),
                            )
                            .with_secondary(self.program.term(term).span, "declared here"),
                        );
                        continue;
                    }
                    if self.set_extractor(term, Extractor::Macro, m.span) {
                        self.macros.insert(term, m);
                    }
                }
                Def::ExternConst(c) => {
                    if let Some(ty) = self.resolve_type(&c.ty) {
                        self.add_const(&c.name, ty, None, c.span);
                    }
                }
                Def::Const(c) => {
                    if let Some(ty) = self.resolve_type(&c.ty) {
                        self.check_const_value(ty, c.value, c.span);
                        self.add_const(&c.name, ty, Some(c.value), c.span);
                    }
                }
                Def::Convert(c) => self.add_convert(c),
                Def::Type(_) | Def::Decl(_) | Def::Rule(_) => {}
            }
        }
        for def in &ast.defs {
            let Def::Rule(rule) = def else { continue };
            let Pattern::Term { heads, .. } = ast.pattern(rule.pattern) else {
                continue;
            };
            let [head] = &heads[..] else { continue };
            let Some(&term) = self.term_names.get(&head.name) else {
                continue;
            };
            if let TermKind::Decl {
                constructor: constructor @ None,
                ..
            } = &mut self.program.terms[term.0 as usize].kind
            {
                *constructor = Some(Constructor::Internal);
            }
        }
    }

    /// Records a `Context` method name; reports it if already used.
    fn claim_method(&mut self, used: &mut HashMap<String, Span>, name: &ast::Ident) -> bool {
        if !self.check_rust_ident(&name.name, name.span, "a `Context` method name") {
            return false;
        }
        if let Some(&first) = used.get(&name.name) {
            self.err(
                Diagnostic::error(
                    name.span,
                    format!(
                        "`Context` method `{}` is used by two extern terms",
                        name.name
                    ),
                )
                .with_secondary(first, "first used here")
                .with_help("give each extern constructor and extractor its own method name"),
            );
            return false;
        }
        used.insert(name.name.clone(), name.span);
        true
    }

    fn set_constructor(&mut self, term: TermId, imp: Constructor, span: Span) {
        let TermKind::Decl { constructor, .. } = &mut self.program.terms[term.0 as usize].kind
        else {
            return;
        };
        if let Some(Constructor::Extern { span: first, .. }) = constructor {
            let first = *first;
            let name = self.program.term(term).name.clone();
            self.err(
                Diagnostic::error(span, format!("term `{name}` has two constructors"))
                    .with_secondary(first, "first constructor here"),
            );
            return;
        }
        *constructor = Some(imp);
    }

    fn set_extractor(&mut self, term: TermId, imp: Extractor, span: Span) -> bool {
        let existing = match &self.program.term(term).kind {
            TermKind::Decl {
                extractor: Some(Extractor::Extern { span, .. }),
                ..
            } => Some(*span),
            TermKind::Decl {
                extractor: Some(Extractor::Macro),
                ..
            } => self.macros.get(&term).map(|m| m.span),
            _ => None,
        };
        if let Some(first) = existing {
            let name = self.program.term(term).name.clone();
            self.err(
                Diagnostic::error(span, format!("term `{name}` has two extractors"))
                    .with_secondary(first, "first extractor here"),
            );
            return false;
        }
        if let TermKind::Decl { extractor, .. } = &mut self.program.terms[term.0 as usize].kind {
            *extractor = Some(imp);
        }
        true
    }

    fn add_const(&mut self, name: &ast::Ident, ty: TypeId, value: Option<ConstValue>, span: Span) {
        let Some(rust_name) = name.name.strip_prefix('$') else {
            self.err(
                Diagnostic::error(
                    name.span,
                    format!("constant name `{}` must start with `$`", name.name),
                )
                .with_help(format!("write `${}`", name.name)),
            );
            return;
        };
        if !self.check_rust_ident(rust_name, name.span, "a constant name") {
            return;
        }
        if let Some(&first) = self.const_names.get(&name.name) {
            let first = self.program.consts[first.0 as usize].span;
            self.err(
                Diagnostic::error(
                    name.span,
                    format!("constant `{}` is defined twice", name.name),
                )
                .with_secondary(first, "first defined here"),
            );
            return;
        }
        let id = ConstId(self.program.consts.len() as u32);
        self.program.consts.push(Const {
            name: name.name.clone(),
            rust_name: rust_name.to_string(),
            ty,
            value,
            span,
        });
        self.const_names.insert(name.name.clone(), id);
    }

    fn check_const_value(&mut self, ty: TypeId, value: ConstValue, span: Span) {
        match value {
            ConstValue::Int(v) => {
                self.check_int_literal(ty, v, span);
            }
            ConstValue::Bool(_) => {
                self.check_bool_literal(ty, span);
            }
        }
    }

    /// Checks that integer `value` may be written for type `ty`.
    pub(super) fn check_int_literal(&mut self, ty: TypeId, value: i128, span: Span) -> bool {
        let t = self.program.ty(ty);
        let problem = match &t.kind {
            TypeKind::Primitive {
                literal: LiteralKind::Int { min, max },
                ..
            } => (value < *min || value > *max)
                .then(|| format!("`{value}` does not fit in `{}`", t.name)),
            TypeKind::Primitive {
                literal: LiteralKind::Unchecked,
                ..
            } => None,
            _ => Some(format!("an integer cannot have type `{}`", t.name)),
        };
        match problem {
            Some(message) => {
                self.err(Diagnostic::error(span, message));
                false
            }
            None => true,
        }
    }

    /// Checks that a boolean may be written for type `ty`.
    pub(super) fn check_bool_literal(&mut self, ty: TypeId, span: Span) -> bool {
        let t = self.program.ty(ty);
        let ok = matches!(
            t.kind,
            TypeKind::Primitive {
                literal: LiteralKind::Bool | LiteralKind::Unchecked,
                ..
            }
        );
        if !ok {
            let message = format!("a boolean cannot have type `{}`", t.name);
            self.err(Diagnostic::error(span, message));
        }
        ok
    }

    fn add_convert(&mut self, c: &ast::Convert) {
        let from = self.resolve_type(&c.from);
        let to = self.resolve_type(&c.to);
        let term = self.resolve_decl(&c.term, "a conversion");
        let (Some(from), Some(to), Some(term)) = (from, to, term) else {
            return;
        };
        let t = self.program.term(term);
        if t.args != [from] || t.ret != to {
            let d = Diagnostic::error(
                c.term.span,
                format!(
                    "conversion term `{}` must have signature `({}) {}`",
                    c.term.name,
                    self.program.ty(from).name,
                    self.program.ty(to).name
                ),
            )
            .with_secondary(t.span, "declared here");
            self.err(d);
            return;
        }
        if let Some(&(_, first)) = self.converts.get(&(from, to)) {
            self.err(
                Diagnostic::error(
                    c.span,
                    format!("two conversions from `{}` to `{}`", c.from.name, c.to.name),
                )
                .with_secondary(first, "first conversion here"),
            );
            return;
        }
        self.converts.insert((from, to), (term, c.span));
    }

    /// Reports extractor macros that expand into themselves, directly or
    /// through other macros (an iterative depth-first search).
    pub(super) fn check_macro_cycles(&mut self) {
        let ast = self.ast;
        // The macros each macro's body uses, in a deterministic order.
        let mut terms: Vec<TermId> = self.macros.keys().copied().collect();
        terms.sort();
        let mut uses: HashMap<TermId, Vec<(TermId, Span)>> = HashMap::new();
        for &term in &terms {
            let mut found = Vec::new();
            let mut work = vec![self.macros[&term].body];
            while let Some(p) = work.pop() {
                match ast.pattern(p) {
                    Pattern::Term { heads, args, .. } => {
                        for head in heads {
                            if let Some(&t) = self.term_names.get(&head.name) {
                                if self.macros.contains_key(&t) {
                                    found.push((t, head.span));
                                }
                            }
                        }
                        work.extend(args.iter().copied());
                    }
                    Pattern::And(args, _) => work.extend(args.iter().copied()),
                    Pattern::Bind { sub, .. } => work.push(*sub),
                    _ => {}
                }
            }
            uses.insert(term, found);
        }
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state: HashMap<TermId, u8> = HashMap::new();
        for &start in &terms {
            if state.get(&start).copied().unwrap_or(0) != 0 {
                continue;
            }
            let mut stack: Vec<(TermId, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some(&mut (term, ref mut next)) = stack.last_mut() {
                let edges = &uses[&term];
                if *next >= edges.len() {
                    state.insert(term, 2);
                    stack.pop();
                    continue;
                }
                let (target, span) = edges[*next];
                *next += 1;
                match state.get(&target).copied().unwrap_or(0) {
                    0 => {
                        state.insert(target, 1);
                        stack.push((target, 0));
                    }
                    1 => {
                        let cycle: Vec<String> = stack
                            .iter()
                            .skip_while(|(t, _)| *t != target)
                            .map(|(t, _)| format!("`{}`", self.program.term(*t).name))
                            .collect();
                        self.err(
                            Diagnostic::error(
                                span,
                                format!(
                                    "extractor `{}` expands into itself",
                                    self.program.term(target).name
                                ),
                            )
                            .with_label(format!(
                                "cycle: {} -> `{}`",
                                cycle.join(" -> "),
                                self.program.term(target).name
                            ))
                            .with_help("extractor macros are expanded in place and cannot recurse"),
                        );
                        self.cyclic_macros.insert(target);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// True if `a` becomes `b` by one insertion, deletion or substitution.
fn edit_distance_is_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || long.len() < 3 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        let transposed = prefix + 1 < short.len()
            && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
            && short[prefix + 2..] == long[prefix + 2..];
        transposed || (prefix < short.len() && short[prefix + 1..] == long[prefix + 1..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_identifiers() {
        assert_eq!(rust_ident_problem("iadd_imm12"), None);
        assert!(rust_ident_problem("type").is_some());
        assert!(rust_ident_problem("a-b").is_some());
        assert!(rust_ident_problem("9x").is_some());
        assert!(rust_ident_problem("_").is_some());
    }

    #[test]
    fn one_edit_apart() {
        assert!(edit_distance_is_one("iadd", "idd"));
        assert!(edit_distance_is_one("iadd", "iadx"));
        assert!(edit_distance_is_one("iadd", "iaddd"));
        assert!(edit_distance_is_one("Value", "Valeu"));
        assert!(!edit_distance_is_one("iadd", "isub"));
        assert!(!edit_distance_is_one("ab", "a"));
    }
}
