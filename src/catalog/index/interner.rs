//! Values numbered once per snapshot, and their Russian forms by the same
//! numbers.

use std::collections::HashMap;

/// The Russian forms of an interner's values, by the same ids, and the ids
/// by Russian form (a filter chosen on a Russian page names those).
#[derive(Debug)]
pub(super) struct Translations<T> {
    pub(super) values: Vec<T>,
    pub(super) ids: HashMap<T, u32>,
}

impl<T> Default for Translations<T> {
    fn default() -> Self {
        Translations {
            values: Vec::new(),
            ids: HashMap::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Translations<T> {
    /// Records `ru` as the Russian form of `id` unless it has one.
    pub(super) fn note(&mut self, id: u32, ru: T) {
        if id as usize == self.values.len() {
            self.ids.entry(ru.clone()).or_insert(id);
            self.values.push(ru);
        }
    }
}

/// Values numbered in the order first seen.
#[derive(Debug)]
pub(super) struct Interner<T> {
    pub(super) values: Vec<T>,
    pub(super) ids: HashMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            ids: HashMap::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    pub(super) fn intern(&mut self, value: T) -> u32 {
        if let Some(id) = self.ids.get(&value) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.clone(), id);
        self.values.push(value);
        id
    }

    pub(super) fn get<Q>(&self, value: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.ids.get(value).copied()
    }
}
