//! Generating one `constructor_<term>` function from the term's trie.
//!
//! Shape of the generated code: every trie node becomes a sequence of
//! statements inside a labeled block; a failing test `break`s out of the
//! innermost block whose remaining content belongs to the failed subtree, so
//! execution continues with the next item. A node with one item is emitted
//! inline (a chain of tests stays flat: `let ... else { break 'm3; };`); a
//! node with several items gets one block per item, and consecutive items
//! testing one value against different variants or literals become a single
//! `match`. Multi calls become `for` loops.
//!
//! Bindings are computed lazily, where a test or right-hand side first needs
//! them, and stay in scope for the rest of their block. The walk over the
//! trie uses an explicit action stack; blocks under construction are frames
//! on a second stack, so neither the trie depth nor the chain length uses
//! call stack.
//!
//! Values are passed by value (`.clone()` on every use of a binding), so DSL
//! types must be `Clone`; tests on literals, constants and repeated variables
//! need `PartialEq`.

use proc_macro2::{Ident, Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};
use syn::Lifetime;

use super::{Generator, MAX_NESTING, ident, int_literal};
use crate::diagnostics::{Diagnostic, SourceMap};
use crate::program::*;
use crate::trie::{Item, NodeId, Trie};

/// A block being built.
struct Frame {
    stmts: TokenStream,
    kind: FrameKind,
    /// Length of the binding log when the frame was opened.
    log_mark: usize,
}

enum FrameKind {
    /// The function body's outermost block.
    Root,
    /// `'label: { ... }`
    Block(Lifetime),
    /// `for payload in buffer { 'label: { ... } }`
    Loop {
        payload: Ident,
        buffer: Ident,
        label: Lifetime,
    },
    /// `match scrutinee { arms..., _ => {} }`; `stmts` are unused.
    Match {
        scrutinee: TokenStream,
        arms: Vec<TokenStream>,
    },
    /// One arm: `pattern => { 'label: { ... } }`.
    Arm {
        pattern: TokenStream,
        label: Lifetime,
    },
}

/// Something left to do in the walk over the trie.
enum Action {
    /// Emit the items of `node`; a failure breaks out of `fail`.
    Node { node: NodeId, fail: Lifetime },
    /// Emit item `index` of `node` on its own.
    Item {
        node: NodeId,
        index: usize,
        fail: Lifetime,
    },
    /// Emit items `start..end` of `node` (all testing one value) as a `match`.
    Match {
        node: NodeId,
        start: usize,
        end: usize,
    },
    /// Open the arm for item `index` of `node` and emit its subtree.
    Arm { node: NodeId, index: usize },
    /// Close the innermost frame into its parent.
    Close,
}

/// State for one function.
struct Matcher<'g, 'p, 't> {
    generator: &'g mut Generator<'p>,
    term: &'p Term,
    rules: &'p TermRules,
    trie: &'t Trie,
    frames: Vec<Frame>,
    available: Vec<bool>,
    log: Vec<BindingId>,
    next_label: u32,
    next_temp: u32,
    error: Option<String>,
}

impl<'p> Generator<'p> {
    /// The `constructor_<term>` function of a term defined by rules.
    pub(super) fn constructor(
        &mut self,
        term_id: TermId,
        rules: &'p TermRules,
        trie: &Trie,
        sources: &SourceMap,
    ) -> Result<TokenStream, Diagnostic> {
        let program = self.program;
        let term = program.term(term_id);
        let mut matcher = Matcher {
            generator: self,
            term,
            rules,
            trie,
            frames: vec![Frame {
                stmts: TokenStream::new(),
                kind: FrameKind::Root,
                log_mark: 0,
            }],
            available: vec![false; rules.bindings.len()],
            log: Vec::new(),
            next_label: 1,
            next_temp: 0,
            error: None,
        };
        let root_label = Lifetime::new("'m0", proc_macro2::Span::call_site());
        let body = matcher.run(root_label.clone()).map_err(|message| {
            Diagnostic::error(term.span, message)
                .with_label("declared here")
                .with_help("split the term's rules over helper terms")
        })?;
        let name = format_ident!("constructor_{}", term.name);
        let context = ident(&matcher.generator.options.context_trait);
        let params = term.args.iter().enumerate().map(|(i, &t)| {
            let p = format_ident!("arg{}", i);
            let ty = matcher.generator.type_tokens(t);
            quote!(#p: #ty)
        });
        let ret = matcher.generator.type_tokens(term.ret);
        let (extra, ret, fallback) = match term.constructor_outcome() {
            Outcome::Many => (Some(quote!(, out: &mut Vec<#ret>)), quote!(), quote!()),
            Outcome::Maybe => (None, quote!(-> Option<#ret>), quote!(None)),
            Outcome::Value => {
                let message = format!(
                    "no rule of term `{}` matched; declare it `partial` if it may fail",
                    term.name
                );
                (None, quote!(-> #ret), quote!(unreachable!(#message)))
            }
        };
        let doc = format!(
            " Constructor of term `{}`: `{}`, declared at {}; defined by {}.",
            term.name,
            matcher.generator.signature_text(term),
            sources.file_line(term.span),
            crate::sema::count(
                program.rules.iter().filter(|r| r.term == term_id).count(),
                "rule"
            )
        );
        Ok(quote! {
            #[doc = #doc]
            #[allow(
                unused_variables, unused_mut, unused_labels, unreachable_code,
                irrefutable_let_patterns, non_snake_case, clippy::all
            )]
            pub fn #name<C: #context + ?Sized>(ctx: &mut C, #(#params),* #extra) #ret {
                #root_label: { #body }
                #fallback
            }
        })
    }
}

impl Matcher<'_, '_, '_> {
    fn label(&mut self) -> Lifetime {
        let label = Lifetime::new(
            &format!("'m{}", self.next_label),
            proc_macro2::Span::call_site(),
        );
        self.next_label += 1;
        label
    }

    fn temp(&mut self, prefix: &str) -> Ident {
        let t = format_ident!("{}{}", prefix, self.next_temp);
        self.next_temp += 1;
        t
    }

    fn emit(&mut self, stmts: TokenStream) {
        if let Some(frame) = self.frames.last_mut() {
            frame.stmts.extend(stmts);
        }
    }

    fn open(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            stmts: TokenStream::new(),
            kind,
            log_mark: self.log.len(),
        });
        if self.frames.len() > MAX_NESTING && self.error.is_none() {
            self.error = Some(format!(
                "unsupported: the matcher of term `{}` would nest more than {MAX_NESTING} blocks deep",
                self.term.name
            ));
        }
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        for b in self.log.drain(frame.log_mark..) {
            self.available[b.0 as usize] = false;
        }
        let stmts = frame.stmts;
        let (wrapped, into_match) = match frame.kind {
            FrameKind::Root => (stmts, false),
            FrameKind::Block(label) => (quote!(#label: { #stmts }), false),
            FrameKind::Loop {
                payload,
                buffer,
                label,
            } => (
                quote!(for #payload in #buffer { #label: { #stmts } }),
                false,
            ),
            FrameKind::Match { scrutinee, arms } => {
                (quote!(match #scrutinee { #(#arms)* _ => {} }), false)
            }
            FrameKind::Arm { pattern, label } => (quote!(#pattern => { #label: { #stmts } }), true),
        };
        match self.frames.last_mut() {
            Some(Frame {
                kind: FrameKind::Match { arms, .. },
                ..
            }) if into_match => arms.push(wrapped),
            Some(parent) => parent.stmts.extend(wrapped),
            None => self.frames.push(Frame {
                stmts: wrapped,
                kind: FrameKind::Root,
                log_mark: 0,
            }),
        }
    }

    /// Walks the trie; returns the statements of the root block.
    fn run(&mut self, root_label: Lifetime) -> Result<TokenStream, String> {
        let mut actions = vec![Action::Node {
            node: Trie::ROOT,
            fail: root_label,
        }];
        while let Some(action) = actions.pop() {
            if self.error.is_some() {
                break;
            }
            match action {
                Action::Node { node, fail } => self.node(node, fail, &mut actions),
                Action::Item { node, index, fail } => self.item(node, index, fail, &mut actions),
                Action::Match { node, start, end } => {
                    self.match_group(node, start, end, &mut actions)
                }
                Action::Arm { node, index } => self.arm(node, index, &mut actions),
                Action::Close => self.close(),
            }
        }
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        while self.frames.len() > 1 {
            self.close();
        }
        Ok(self.frames.pop().map(|f| f.stmts).unwrap_or_default())
    }

    /// Schedules the items of `node`.
    fn node(&mut self, node: NodeId, fail: Lifetime, actions: &mut Vec<Action>) {
        let items = &self.trie.node(node).items;
        if items.len() == 1 {
            // Inline: the enclosing block ends with this node.
            match &items[0] {
                Item::Leaf(v) => self.leaf(*v, &fail),
                Item::Branch { step, child } => {
                    let fail = match step {
                        Step::Iterate { call } => {
                            let label = self.iterate(*call);
                            actions.push(Action::Close);
                            label
                        }
                        _ => {
                            self.test(step, &fail);
                            fail
                        }
                    };
                    actions.push(Action::Node { node: *child, fail });
                }
            }
            return;
        }
        // Split into segments: runs of exclusive tests on one value become a
        // `match`; everything else is one item.
        let mut segments = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let mut end = i + 1;
            if let Some((input, kind)) = switch_key(&items[i]) {
                while end < items.len() && switch_key(&items[end]) == Some((input, kind)) {
                    end += 1;
                }
            }
            if end - i >= 2 {
                segments.push(Action::Match {
                    node,
                    start: i,
                    end,
                });
            } else {
                segments.push(Action::Item {
                    node,
                    index: i,
                    fail: fail.clone(),
                });
            }
            i = end;
        }
        actions.extend(segments.into_iter().rev());
    }

    /// Emits one item of a multi-item node.
    fn item(&mut self, node: NodeId, index: usize, fail: Lifetime, actions: &mut Vec<Action>) {
        match &self.trie.node(node).items[index] {
            Item::Leaf(v) => {
                let can_fail = self.rules.variants[*v].rhs_fallible;
                if can_fail {
                    let label = self.label();
                    self.open(FrameKind::Block(label.clone()));
                    self.leaf(*v, &label);
                    self.close();
                } else {
                    self.leaf(*v, &fail);
                }
            }
            Item::Branch {
                step: Step::Iterate { call },
                child,
            } => {
                let label = self.iterate(*call);
                actions.push(Action::Close);
                actions.push(Action::Node {
                    node: *child,
                    fail: label,
                });
            }
            Item::Branch { step, child } => {
                let label = self.label();
                self.open(FrameKind::Block(label.clone()));
                self.test(step, &label);
                actions.push(Action::Close);
                actions.push(Action::Node {
                    node: *child,
                    fail: label,
                });
            }
        }
    }

    /// Opens a `match` over items `start..end` and schedules its arms.
    fn match_group(&mut self, node: NodeId, start: usize, end: usize, actions: &mut Vec<Action>) {
        let Some((input, _)) = switch_key(&self.trie.node(node).items[start]) else {
            return;
        };
        self.ensure(input);
        let place = self.place(input);
        let scrutinee = match &self.trie.node(node).items[start] {
            Item::Branch {
                step: Step::MatchVariant { .. },
                ..
            } => quote!(&#place),
            _ => place,
        };
        self.open(FrameKind::Match {
            scrutinee,
            arms: Vec::new(),
        });
        actions.push(Action::Close);
        for index in (start..end).rev() {
            actions.push(Action::Arm { node, index });
        }
    }

    /// Opens one arm of a `match` and schedules its subtree.
    fn arm(&mut self, node: NodeId, index: usize, actions: &mut Vec<Action>) {
        let Item::Branch { step, child } = &self.trie.node(node).items[index] else {
            return;
        };
        let label = self.label();
        let (pattern, defined) = match step {
            Step::MatchVariant { input, ty, variant } => {
                self.variant_pattern(*input, *ty, *variant)
            }
            Step::MatchLiteral { literal, .. } => (literal_tokens(*literal), Vec::new()),
            _ => return,
        };
        self.open(FrameKind::Arm {
            pattern,
            label: label.clone(),
        });
        for b in defined {
            let name = binding_ident(b);
            self.emit(quote!(let #name = #name.clone();));
            self.mark(b);
        }
        actions.push(Action::Close);
        actions.push(Action::Node {
            node: *child,
            fail: label,
        });
    }

    fn mark(&mut self, b: BindingId) {
        self.available[b.0 as usize] = true;
        self.log.push(b);
    }

    /// The pattern matching `variant` of enum `ty`, binding the fields that
    /// rules use; returns it with the bindings it defines.
    fn variant_pattern(
        &self,
        input: BindingId,
        ty: TypeId,
        variant: u32,
    ) -> (TokenStream, Vec<BindingId>) {
        let program = self.generator.program;
        let enum_tokens = self.generator.type_tokens(ty);
        let TypeKind::Enum { variants, .. } = &program.ty(ty).kind else {
            return (quote!(_), Vec::new());
        };
        let Some(info) = variants.get(variant as usize) else {
            return (quote!(_), Vec::new());
        };
        let vname = ident(&info.name);
        let mut defined = Vec::new();
        let fields: Vec<Option<Ident>> = (0..info.fields.len())
            .map(|field| {
                let b = self.rules.bindings.lookup(&Binding::VariantField {
                    input,
                    ty,
                    variant,
                    field: field as u32,
                })?;
                defined.push(b);
                Some(binding_ident(b))
            })
            .collect();
        let pattern = if info.fields.is_empty() {
            quote!(#enum_tokens::#vname)
        } else if info.fields[0].name.is_none() {
            let parts = fields.iter().map(|f| match f {
                Some(name) => quote!(#name),
                None => quote!(_),
            });
            quote!(#enum_tokens::#vname(#(#parts),*))
        } else {
            let parts = info.fields.iter().zip(&fields).filter_map(|(info, f)| {
                let fname = ident(info.name.as_deref()?);
                f.as_ref().map(|name| quote!(#fname: #name))
            });
            quote!(#enum_tokens::#vname { #(#parts,)* .. })
        };
        (pattern, defined)
    }

    /// Emits the test `step`, breaking out of `fail` if it does not pass.
    fn test(&mut self, step: &Step, fail: &Lifetime) {
        match step {
            Step::MatchVariant { input, ty, variant } => {
                self.ensure(*input);
                let place = self.place(*input);
                let (pattern, defined) = self.variant_pattern(*input, *ty, *variant);
                self.emit(quote!(let #pattern = &#place else { break #fail; };));
                for b in defined {
                    let name = binding_ident(b);
                    self.emit(quote!(let #name = #name.clone();));
                    self.mark(b);
                }
            }
            Step::MatchLiteral { input, literal } => {
                self.ensure(*input);
                let place = self.place(*input);
                let literal = literal_tokens(*literal);
                self.emit(quote!(if #place != #literal { break #fail; }));
            }
            Step::MatchConst { input, constant } => {
                self.ensure(*input);
                let place = self.place(*input);
                let name = ident(&self.generator.program.consts[constant.0 as usize].rust_name);
                self.emit(quote!(if #place != #name { break #fail; }));
            }
            Step::Equal { a, b } => {
                self.ensure(*a);
                self.ensure(*b);
                let (a, b) = (self.place(*a), self.place(*b));
                self.emit(quote!(if #a != #b { break #fail; }));
            }
            Step::MatchSome { call } => {
                self.ensure_inputs(*call);
                let call_tokens = self.call(*call, None);
                let Some(payload) = self.rules.bindings.lookup(&Binding::Payload(*call)) else {
                    self.internal("a fallible call without its payload");
                    return;
                };
                let name = binding_ident(payload);
                self.emit(quote!(let Some(#name) = #call_tokens else { break #fail; };));
                self.mark(payload);
            }
            Step::Iterate { .. } => self.internal("a loop emitted as a test"),
        }
    }

    /// Emits the buffer of a multi call and opens its loop; returns the
    /// label of the loop body's block.
    fn iterate(&mut self, call: BindingId) -> Lifetime {
        self.ensure_inputs(call);
        let buffer = self.temp("buf");
        let call_tokens = self.call(call, Some(&buffer));
        self.emit(quote!(let mut #buffer = Vec::new(); #call_tokens;));
        let label = self.label();
        let Some(payload) = self.rules.bindings.lookup(&Binding::Payload(call)) else {
            self.internal("a multi call without its payload");
            return label;
        };
        self.open(FrameKind::Loop {
            payload: binding_ident(payload),
            buffer,
            label: label.clone(),
        });
        self.mark(payload);
        label
    }

    fn internal(&mut self, what: &str) {
        if self.error.is_none() {
            self.error = Some(format!(
                "internal error while generating the matcher of `{}`: {what}",
                self.term.name
            ));
        }
    }

    /// The inputs a binding is computed from.
    fn inputs(&self, b: BindingId) -> Vec<BindingId> {
        match self.rules.bindings.get(b) {
            Binding::StructField { input, .. }
            | Binding::Extract { input, .. }
            | Binding::TupleElem { input, .. } => vec![*input],
            Binding::Construct { args, .. } => args.clone(),
            _ => Vec::new(),
        }
    }

    /// True if the binding is written inline rather than as a variable.
    fn is_inline(&self, b: BindingId) -> bool {
        matches!(
            self.rules.bindings.get(b),
            Binding::Arg(_) | Binding::Literal(_) | Binding::Const(_)
        )
    }

    fn ensure_inputs(&mut self, b: BindingId) {
        for input in self.inputs(b) {
            self.ensure(input);
        }
    }

    /// Makes binding `b` available, defining it and its missing inputs
    /// (depth-first with an explicit stack).
    fn ensure(&mut self, b: BindingId) {
        let mut stack = vec![b];
        while let Some(&top) = stack.last() {
            if self.is_inline(top) || self.available[top.0 as usize] {
                stack.pop();
                continue;
            }
            let missing: Vec<BindingId> = self
                .inputs(top)
                .into_iter()
                .filter(|&i| !self.is_inline(i) && !self.available[i.0 as usize])
                .collect();
            if !missing.is_empty() {
                stack.extend(missing);
                continue;
            }
            stack.pop();
            self.define(top);
        }
    }

    /// Emits `let vN = ...;` for a binding computed without a test.
    fn define(&mut self, b: BindingId) {
        let program = self.generator.program;
        let name = binding_ident(b);
        let value = match self.rules.bindings.get(b) {
            Binding::StructField { input, ty, field } => {
                let place = self.place(*input);
                let member = match &program.ty(*ty).kind {
                    TypeKind::Struct { fields, .. } => {
                        match fields.get(*field as usize).and_then(|f| f.name.as_deref()) {
                            Some(fname) => {
                                let f = ident(fname);
                                quote!(#f)
                            }
                            None => {
                                let index = syn::Index::from(*field as usize);
                                quote!(#index)
                            }
                        }
                    }
                    _ => {
                        self.internal("a struct field of a non-struct");
                        return;
                    }
                };
                quote!(#place.#member.clone())
            }
            Binding::TupleElem { input, index } => {
                let place = self.place(*input);
                let index = syn::Index::from(*index as usize);
                quote!(#place.#index.clone())
            }
            Binding::Extract { term, .. } | Binding::Construct { term, .. }
                if self.outcome_of(b, *term) == Outcome::Value =>
            {
                self.call(b, None)
            }
            _ => {
                self.internal("a binding used before the test that defines it");
                return;
            }
        };
        self.emit(quote!(let #name = #value;));
        self.mark(b);
    }

    fn outcome_of(&self, b: BindingId, term: TermId) -> Outcome {
        let t = self.generator.program.term(term);
        match self.rules.bindings.get(b) {
            Binding::Extract { .. } => t.extractor_outcome(),
            _ => t.constructor_outcome(),
        }
    }

    /// The expression calling an `Extract` or `Construct` binding, passing
    /// `buffer` for multi calls.
    fn call(&mut self, b: BindingId, buffer: Option<&Ident>) -> TokenStream {
        let program = self.generator.program;
        let sink = buffer.map(|buf| quote!(&mut #buf));
        match self.rules.bindings.get(b) {
            Binding::Extract { term, input } => {
                let t = program.term(*term);
                let TermKind::Decl {
                    extractor: Some(Extractor::Extern { rust_name, .. }),
                    ..
                } = &t.kind
                else {
                    self.internal("an extractor call without an extern extractor");
                    return quote!(());
                };
                let method = ident(rust_name);
                let arg = self.value(*input);
                let args = std::iter::once(arg).chain(sink);
                quote!(ctx.#method(#(#args),*))
            }
            Binding::Construct { term, args } => {
                let values: Vec<TokenStream> = args.iter().map(|&a| self.value(a)).collect();
                self.construct(*term, values, sink)
            }
            _ => {
                self.internal("a call of a binding that is not a call");
                quote!(())
            }
        }
    }

    /// The expression constructing `term` from argument expressions.
    fn construct(
        &mut self,
        term: TermId,
        args: Vec<TokenStream>,
        sink: Option<TokenStream>,
    ) -> TokenStream {
        let program = self.generator.program;
        let t = program.term(term);
        match &t.kind {
            TermKind::Variant { ty, index } => {
                let TypeKind::Enum { variants, .. } = &program.ty(*ty).kind else {
                    self.internal("a variant of a non-enum");
                    return quote!(());
                };
                let info = &variants[*index as usize];
                let enum_tokens = self.generator.type_tokens(*ty);
                let vname = ident(&info.name);
                self.fields_value(quote!(#enum_tokens::#vname), &info.fields, args)
            }
            TermKind::Struct { ty } => {
                let TypeKind::Struct { fields, .. } = &program.ty(*ty).kind else {
                    self.internal("a struct term of a non-struct");
                    return quote!(());
                };
                let tokens = self.generator.type_tokens(*ty);
                self.fields_value(tokens, fields, args)
            }
            TermKind::Decl {
                constructor: Some(Constructor::Extern { rust_name, .. }),
                ..
            } => {
                let method = ident(rust_name);
                let all = args.into_iter().chain(sink);
                quote!(ctx.#method(#(#all),*))
            }
            TermKind::Decl {
                constructor: Some(Constructor::Internal),
                ..
            } => {
                let function = format_ident!("constructor_{}", t.name);
                let all = args.into_iter().chain(sink);
                quote!(#function(ctx, #(#all),*))
            }
            TermKind::Decl {
                constructor: None, ..
            } => {
                self.internal("a call of a term without constructor");
                quote!(())
            }
        }
    }

    /// `Path { a: x, b: y }`, `Path(x, y)` or `Path`.
    fn fields_value(
        &self,
        path: TokenStream,
        fields: &[FieldInfo],
        args: Vec<TokenStream>,
    ) -> TokenStream {
        if fields.is_empty() {
            return path;
        }
        if fields[0].name.is_none() {
            return quote!(#path(#(#args),*));
        }
        let parts = fields.iter().zip(args).map(|(f, a)| {
            let name = ident(f.name.as_deref().unwrap_or("_"));
            quote!(#name: #a)
        });
        quote!(#path { #(#parts),* })
    }

    /// The binding as a place (no clone): for scrutinees and comparisons.
    fn place(&self, b: BindingId) -> TokenStream {
        match self.rules.bindings.get(b) {
            Binding::Arg(i) => {
                let name = format_ident!("arg{}", i);
                quote!(#name)
            }
            Binding::Literal(l) => literal_tokens(*l),
            Binding::Const(c) => {
                let name = ident(&self.generator.program.consts[c.0 as usize].rust_name);
                quote!(#name)
            }
            _ => {
                let name = binding_ident(b);
                quote!(#name)
            }
        }
    }

    /// The binding as an owned value.
    fn value(&self, b: BindingId) -> TokenStream {
        let place = self.place(b);
        match self.rules.bindings.get(b) {
            Binding::Literal(_) | Binding::Const(_) => place,
            _ => quote!(#place.clone()),
        }
    }

    /// Emits the right-hand side of variant `v`: a provenance comment, the
    /// evaluation, the coverage counter and the return (or push, for multi).
    fn leaf(&mut self, v: usize, fail: &Lifetime) {
        let program = self.generator.program;
        let variant = &self.rules.variants[v];
        let rule = program.rule(variant.rule);
        let label = rule.label(&self.term.name);
        let text = match &rule.name {
            Some(_) => format!("rule {label} @ {}", rule.location),
            None => format!("rule {label}"),
        };
        let marker = self.generator.provenance_marker(text);
        self.emit(marker);
        // Define every binding the right-hand side uses up front, outside
        // any loop the right-hand side may open.
        let mut vars: Vec<BindingId> = rule
            .exprs
            .iter()
            .filter_map(|e| match e {
                TExpr::Var(var) => variant.vars.get(var.0 as usize).copied(),
                _ => None,
            })
            .collect();
        vars.sort();
        vars.dedup();
        for b in vars {
            self.ensure(b);
        }
        let body = self.rhs(rule, variant, fail);
        self.emit(body);
    }

    /// The statements evaluating a rule's right-hand side.
    fn rhs(&mut self, rule: &RuleInfo, variant: &RuleVariant, fail: &Lifetime) -> TokenStream {
        enum Work {
            Enter(TExprId),
            Call(TExprId),
            LetNext(TExprId, usize),
            LetDone(TExprId),
        }
        let mut values: Vec<Option<TokenStream>> = vec![None; rule.exprs.len()];
        // Which values are enum or struct constructions written inline.
        let mut inline_data = vec![false; rule.exprs.len()];
        // Nested loops of multi calls: (payload, buffer) and statements.
        let mut levels: Vec<(Option<(Ident, Ident)>, TokenStream)> =
            vec![(None, TokenStream::new())];
        let mut work = vec![Work::Enter(rule.rhs)];
        let take = |values: &mut Vec<Option<TokenStream>>, e: TExprId| {
            values[e.0 as usize].take().unwrap_or_default()
        };
        while let Some(item) = work.pop() {
            match item {
                Work::Enter(e) => match rule.expr(e) {
                    TExpr::Var(var) => {
                        values[e.0 as usize] =
                            variant.vars.get(var.0 as usize).map(|&b| self.value(b));
                    }
                    TExpr::Local(local) => {
                        let name = format_ident!("l{}", local.0);
                        values[e.0 as usize] = Some(quote!(#name.clone()));
                    }
                    TExpr::Int(v) => values[e.0 as usize] = Some(int_literal(*v)),
                    TExpr::Bool(b) => values[e.0 as usize] = Some(quote!(#b)),
                    TExpr::Const(c) => {
                        let name = ident(&self.generator.program.consts[c.0 as usize].rust_name);
                        values[e.0 as usize] = Some(quote!(#name));
                    }
                    TExpr::Call { args, .. } => {
                        work.push(Work::Call(e));
                        work.extend(args.iter().rev().map(|&a| Work::Enter(a)));
                    }
                    TExpr::Let { .. } => work.push(Work::LetNext(e, 0)),
                },
                Work::LetNext(e, i) => {
                    let TExpr::Let { binds, body } = rule.expr(e) else {
                        continue;
                    };
                    if i > 0 {
                        let (local, value) = binds[i - 1];
                        let name = format_ident!("l{}", local.0);
                        let value = take(&mut values, value);
                        if let Some(level) = levels.last_mut() {
                            level.1.extend(quote!(let #name = #value;));
                        }
                    }
                    if i < binds.len() {
                        work.push(Work::LetNext(e, i + 1));
                        work.push(Work::Enter(binds[i].1));
                    } else {
                        work.push(Work::LetDone(e));
                        work.push(Work::Enter(*body));
                    }
                }
                Work::LetDone(e) => {
                    let TExpr::Let { body, .. } = rule.expr(e) else {
                        continue;
                    };
                    values[e.0 as usize] = values[body.0 as usize].take();
                }
                Work::Call(e) => {
                    let TExpr::Call { term, args } = rule.expr(e) else {
                        continue;
                    };
                    let arg_values: Vec<TokenStream> =
                        args.iter().map(|&a| take(&mut values, a)).collect();
                    let outcome = self.generator.program.term(*term).constructor_outcome();
                    let in_loop = levels.len() > 1;
                    let give_up = if in_loop {
                        quote!(continue;)
                    } else {
                        quote!(break #fail;)
                    };
                    let temp = self.temp("t");
                    let stmt = match outcome {
                        Outcome::Value => {
                            let is_plain = matches!(
                                self.generator.program.term(*term).kind,
                                TermKind::Variant { .. } | TermKind::Struct { .. }
                            );
                            // Pure data is built where it is used, unless an
                            // argument is itself built inline: nesting stays
                            // shallow however deep the expression is.
                            let nested = args.iter().any(|a| inline_data[a.0 as usize]);
                            let call = self.construct(*term, arg_values, None);
                            if is_plain && !nested {
                                values[e.0 as usize] = Some(call);
                                inline_data[e.0 as usize] = true;
                                continue;
                            }
                            quote!(let #temp = #call;)
                        }
                        Outcome::Maybe => {
                            let call = self.construct(*term, arg_values, None);
                            quote!(let Some(#temp) = #call else { #give_up };)
                        }
                        Outcome::Many => {
                            let buffer = self.temp("buf");
                            let call =
                                self.construct(*term, arg_values, Some(quote!(&mut #buffer)));
                            if let Some(level) = levels.last_mut() {
                                level.1.extend(quote!(let mut #buffer = Vec::new(); #call;));
                            }
                            levels.push((Some((temp.clone(), buffer)), TokenStream::new()));
                            values[e.0 as usize] = Some(quote!(#temp));
                            continue;
                        }
                    };
                    if let Some(level) = levels.last_mut() {
                        level.1.extend(stmt);
                    }
                    values[e.0 as usize] = Some(quote!(#temp));
                }
            }
        }
        let result = take(&mut values, rule.rhs);
        let coverage = self.generator.options.instrument_coverage.then(|| {
            let index = TokenLiteral::usize_unsuffixed(variant.rule.0 as usize);
            quote!(RULE_FIRINGS[#index].fetch_add(1, ::core::sync::atomic::Ordering::Relaxed);)
        });
        let finish = match self.term.constructor_outcome() {
            Outcome::Many => quote!(#coverage out.push(#result);),
            Outcome::Maybe => quote!(#coverage return Some(#result);),
            Outcome::Value => quote!(#coverage return #result;),
        };
        if let Some(level) = levels.last_mut() {
            level.1.extend(finish);
        }
        if levels.len() + self.frames.len() > MAX_NESTING {
            self.error.get_or_insert_with(|| {
                format!(
                    "unsupported: the matcher of term `{}` would nest more than {MAX_NESTING} blocks deep",
                    self.term.name
                )
            });
        }
        while levels.len() > 1 {
            let Some((Some((payload, buffer)), body)) = levels.pop() else {
                break;
            };
            if let Some(parent) = levels.last_mut() {
                parent.1.extend(quote!(for #payload in #buffer { #body }));
            }
        }
        levels.pop().map(|(_, stmts)| stmts).unwrap_or_default()
    }
}

/// The variable holding binding `b`.
fn binding_ident(b: BindingId) -> Ident {
    format_ident!("v{}", b.0)
}

fn literal_tokens(literal: Literal) -> TokenStream {
    match literal {
        Literal::Int(v) => int_literal(v),
        Literal::Bool(b) => quote!(#b),
    }
}

/// The value and kind of test an item switches on, for grouping into a
/// `match`: variant tests and integer-literal tests on one binding.
fn switch_key(item: &Item) -> Option<(BindingId, u8)> {
    match item {
        Item::Branch {
            step: Step::MatchVariant { input, .. },
            ..
        } => Some((*input, 0)),
        Item::Branch {
            step:
                Step::MatchLiteral {
                    input,
                    literal: Literal::Int(_),
                },
            ..
        } => Some((*input, 1)),
        _ => None,
    }
}
