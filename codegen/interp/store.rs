//! The functions an interpreter run can call, by name.
//!
//! A [`FunctionStore`] holds borrowed functions (usually all functions of one
//! filetest) and finds them by the name CLIF text gives them: `f` for
//! `%f` (a leading `%` in a query is accepted too) and `u0:1` for a user
//! name. Each function also gets a dense index, which is what function
//! addresses (`func_addr`) encode. A later function with the same name as an
//! earlier one shadows it for lookups by name.

use crate::ir::{ExternalName, Function, UserFuncName};
use std::collections::BTreeMap;

/// The functions of one file, by name.
#[derive(Default)]
pub struct FunctionStore<'a> {
    functions: Vec<&'a Function>,
    by_name: BTreeMap<String, u32>,
}

impl<'a> FunctionStore<'a> {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `func`, keyed by its name (`%name` → `name`, `u0:1` → `u0:1`).
    pub fn add(&mut self, func: &'a Function) {
        let index = self.functions.len() as u32;
        self.functions.push(func);
        self.by_name.insert(name_key(&func.name), index);
    }

    /// The function named `name` (`f` or `%f`; `u0:1`).
    pub fn get_by_name(&self, name: &str) -> Option<&'a Function> {
        self.index_of(name).and_then(|i| self.get_by_index(i))
    }

    /// The number of functions added.
    pub fn len(&self) -> usize {
        self.functions.len()
    }

    /// Has nothing been added?
    pub fn is_empty(&self) -> bool {
        self.functions.is_empty()
    }

    /// The dense index of the function named `name`.
    pub(super) fn index_of(&self, name: &str) -> Option<u32> {
        let name = name.strip_prefix('%').unwrap_or(name);
        self.by_name.get(name).copied()
    }

    /// The function with dense index `index`.
    pub(super) fn get_by_index(&self, index: u32) -> Option<&'a Function> {
        self.functions.get(index as usize).copied()
    }

    /// The index of the function an external name of `caller` refers to,
    /// or the printable name for an error. A user name is looked up through
    /// the caller's table of user names.
    pub(super) fn resolve(&self, caller: &Function, name: &ExternalName) -> Result<u32, String> {
        match name {
            ExternalName::TestCase(t) => self
                .by_name
                .get(t.as_str())
                .copied()
                .ok_or_else(|| format!("%{}", t.as_str())),
            ExternalName::User(r) => {
                let Some(user) = caller.params.user_named_funcs.get(*r) else {
                    return Err(format!("{r}"));
                };
                let key = user.to_string();
                self.by_name.get(&key).copied().ok_or(key)
            }
            other => Err(other.to_string()),
        }
    }
}

/// The lookup key of a function name.
fn name_key(name: &UserFuncName) -> String {
    match name {
        UserFuncName::Testcase(t) => t.as_str().to_string(),
        UserFuncName::User(u) => u.to_string(),
    }
}
